// barometer report KIND — the Board strategy report, committee packs, the
// Integrated Performance Report, the Board Assurance Framework and the
// population outcomes report, as HTML, PDF, XLSX, CSV or JSON.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/diagnostics.h"
#include "core/file.h"
#include "core/table.h"
#include "measures/evaluate.h"
#include "measures/record.h"
#include "measures/store.h"
#include "population/extract.h"
#include "report/from_population.h"
#include "report/report.h"
#include "strategy/load.h"

namespace barometer::cli {
namespace {

struct ReportArgs {
  std::string kind;
  std::string strategy;
  std::string db = measures::kDefaultStorePath;
  std::string period;
  std::string out;
  std::string format;
  std::string committee;
  std::string risks;
  std::string risk_note;
  std::string data_note;
  std::string extract;
  std::string comparator;
  std::string area;
  int from = 0;
  int to = 0;
  // The cover sheet (report/paper.h): a meeting file, and options over it.
  std::string meeting_file;
  report::PaperDetails paper;
  std::string meeting_date;
  std::string purpose;
};

// The cover sheet's details: the options given, over the meeting file's
// [[papers]] entry for this report, over its [meeting]. Every problem of the
// meeting file is printed (file:line:column); exit 1 then, 3 when unreadable.
std::optional<report::PaperDetails> PaperDetailsFor(const ReportArgs& a, int* rc) {
  report::PaperDetails p = a.paper;
  if (!a.meeting_date.empty()) {
    p.date = Date::Parse(a.meeting_date);
    if (!p.date) {
      std::fprintf(stderr, "barometer report: --meeting-date `%s` is not a date (YYYY-MM-DD)\n",
                   a.meeting_date.c_str());
      *rc = kExitUsage;
      return std::nullopt;
    }
  }
  if (!a.purpose.empty()) p.purpose = report::ParsePurpose(a.purpose);
  if (a.meeting_file.empty()) return p;
  auto text = ReadFile(a.meeting_file);
  if (!text.ok()) {
    std::fprintf(stderr, "barometer report: %s\n", text.status().message().c_str());
    *rc = ExitCodeFor(text.status());
    return std::nullopt;
  }
  Diagnostics d;
  auto m = report::ParseMeetingFile(*text, a.meeting_file, d);
  if (!d.items().empty()) std::fputs(d.Format(*text, true).c_str(), stderr);
  if (!m || d.has_errors()) {
    std::fprintf(stderr, "barometer report: %s has %d error(s); nothing was written\n",
                 a.meeting_file.c_str(), d.error_count());
    *rc = kExitFindings;
    return std::nullopt;
  }
  p.FillFrom(report::PaperFor(*m, a.kind, a.committee));
  return p;
}

void PrintError(const Status& s) {
  std::string where = s.where().file.empty() ? "" : s.where().ToString() + ": ";
  std::fprintf(stderr, "barometer report: %s%s\n", where.c_str(), s.message().c_str());
}

// The strategy, with the [[risks]] of a separate file appended when given
// (a demo or draft register kept apart from the published strategy).
std::optional<strategy::Strategy> LoadStrategy(const ReportArgs& a, int* rc) {
  auto loaded = strategy::LoadStrategyFile(a.strategy, a.risks);
  if (!loaded.ok()) {
    PrintError(loaded.status());
    *rc = ExitCodeFor(loaded.status());
    return std::nullopt;
  }
  if (!loaded->ok()) {
    std::fputs(strategy::FormatValidation(*loaded, true).c_str(), stderr);
    std::fprintf(stderr, "barometer report: %s has errors; fix them first (`barometer validate`)\n",
                 a.risks.empty() ? a.strategy.c_str() : (a.strategy + " or " + a.risks).c_str());
    *rc = kExitFindings;
    return std::nullopt;
  }
  return std::move(loaded->strategy);
}

// The period record at --period (default: the latest quarter with data),
// built once by the measures part exactly as `evaluate` builds it (the same
// options, the clock as today: today only chooses the default period, which
// never passes it); every report lays it out. A store that cannot be opened or
// read exits as `evaluate` does (kExitIo).
Result<measures::PeriodRecord> RecordForReport(const ReportArgs& a, const strategy::Strategy& s,
                                               int* rc) {
  *rc = kExitIo;
  measures::EvaluateOptions options;
  if (!a.period.empty()) {
    options.period = Period::Parse(a.period);
    if (!options.period) {
      *rc = kExitUsage;
      return Status::InvalidInput("`" + a.period +
                                  "` is not a period; expected e.g. \"2022-23 Q3\", 2022-23, "
                                  "2023-07 or 2023");
    }
  }
  options.today = TodayFromClock();
  auto store = measures::Store::Open(a.db, measures::Store::kMustExist);
  if (!store.ok()) return store.status();
  auto r = measures::BuildRecord(*store, s, options);
  if (!r.ok() && r.status().code() == StatusCode::kInvalidInput) *rc = kExitFindings;
  if (!r.ok() && r.status().code() == StatusCode::kInternal) *rc = kExitInternal;
  return r;
}

Result<report::Document> Build(const ReportArgs& a, const strategy::Strategy& s,
                               const measures::PeriodRecord& e, const report::PaperDetails& paper) {
  report::ReportOptions o;
  o.paper = paper;
  o.committee = a.committee;
  o.risk_note = a.risk_note;
  o.data_note = a.data_note;
  if (a.kind == "board") return report::BoardReport(s, e, o);
  if (a.kind == "committee") return report::CommitteePack(s, e, o);
  if (a.kind == "ipr") return report::IntegratedPerformanceReport(s, e, o);
  return report::BoardAssuranceFramework(s, e, o);
}

int Write(const report::Document& d, const ReportArgs& a) {
  report::OutputFormat f = report::FormatForPath(a.out);
  if (!a.format.empty()) f = *report::ParseOutputFormat(a.format);
  report::PdfOptions pdf;
  if (f == report::OutputFormat::kPdf) {
    auto chromium = report::FindChromium();
    if (!chromium) {
      std::fprintf(stderr,
                   "barometer report: PDF needs Debian's chromium (scripts/install-deps.sh), or "
                   "BAROMETER_CHROMIUM=/path/to/chromium\n");
      return kExitIo;
    }
    pdf.chromium = *chromium;
  }
  OutputOptions out{.inputs = {a.strategy, a.risks, a.db, a.comparator, a.meeting_file},
                    .mode = 0644};
  if (Status s = report::WriteDocument(d, f, a.out, pdf, out); !s.ok()) {
    PrintError(s);
    return ExitCodeFor(s);
  }
  std::printf("wrote %s (%s, %d charts, %zu tables)\n", a.out.c_str(), d.title.c_str(), d.charts,
              d.tables.size());
  return kExitOk;
}

// The period record of a strategy whose outcome measures are fed from the
// population engine ([measures.population]), built as the Board report builds
// it (RecordForReport), so both show the same figures; nullopt when the
// strategy feeds none or the store does not exist.
Result<std::optional<measures::PeriodRecord>> PopulationRecord(const ReportArgs& a,
                                                               const strategy::Strategy& s,
                                                               int* rc) {
  bool fed = std::any_of(s.measures.begin(), s.measures.end(),
                         [](const strategy::Measure& m) { return m.population.has_value(); });
  if (!fed || !std::filesystem::exists(a.db)) return std::optional<measures::PeriodRecord>();
  auto r = RecordForReport(a, s, rc);
  if (!r.ok()) return r.status();
  return std::optional<measures::PeriodRecord>(std::move(*r));
}

// The population outcomes report from an extract (and the strategy's
// outcome ambitions, when --strategy is given).
int RunPopulation(const ReportArgs& a) {
  if (a.extract.empty()) {
    std::fprintf(stderr, "barometer report population: --extract DIR is required\n");
    return kExitUsage;
  }
  std::optional<strategy::Strategy> s;
  int rc = kExitOk;
  if (!a.strategy.empty()) {
    s = LoadStrategy(a, &rc);
    if (!s) return rc;
  }
  std::optional<population::Comparator> comparator;
  if (!a.comparator.empty()) {
    auto t = ReadCsvTable(a.comparator);
    if (!t.ok()) {
      PrintError(t.status());
      return ExitCodeFor(t.status());
    }
    auto c = population::Comparator::FromTable(*t);
    if (!c.ok()) {
      PrintError(c.status());
      return ExitCodeFor(c.status());
    }
    comparator = std::move(*c);
  }
  Diagnostics problems;
  auto x = population::LoadExtract(a.extract, population::LoadOptions{}, &problems);
  for (const Diagnostic& d : problems.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!x.ok()) {
    PrintError(x.status());
    return ExitCodeFor(x.status());
  }
  report::PopulationViewOptions o;
  std::optional<measures::PeriodRecord> record;
  if (s) {
    int record_rc = kExitOk;
    auto r = PopulationRecord(a, *s, &record_rc);
    if (!r.ok()) {
      PrintError(r.status());
      return record_rc;
    }
    record = std::move(*r);
    o.record = record ? &*record : nullptr;
  }
  o.area = a.area.empty() ? (s ? s->organisation.name : "Area") : a.area;
  o.data_note = a.data_note;
  o.comparator = comparator ? &*comparator : nullptr;
  o.first_year = a.from;
  o.last_year = a.to;
  auto view = report::BuildPopulationView(*x, s ? &*s : nullptr, o);
  if (!view.ok()) {
    PrintError(view.status());
    return ExitCodeFor(view.status());
  }
  report::ReportOptions ro;
  ro.data_note = a.data_note;
  int paper_rc = kExitOk;
  auto paper = PaperDetailsFor(a, &paper_rc);
  if (!paper) return paper_rc;
  ro.paper = *paper;
  auto d = report::PopulationReport(*view, ro);
  if (!d.ok()) {
    PrintError(d.status());
    return ExitCodeFor(d.status());
  }
  return Write(*d, a);
}

int Run(const ReportArgs& a) {
  if (!a.format.empty() && !report::ParseOutputFormat(a.format)) {
    std::fprintf(stderr,
                 "barometer report: unknown --format `%s`; expected html, pdf, xlsx, csv or json\n",
                 a.format.c_str());
    return kExitUsage;
  }
  if (a.kind == "population") return RunPopulation(a);
  if (a.strategy.empty()) {
    std::fprintf(stderr, "barometer report %s: --strategy FILE is required\n", a.kind.c_str());
    return kExitUsage;
  }
  if (a.kind == "committee" && a.committee.empty()) {
    std::fprintf(stderr, "barometer report committee: --committee ID is required\n");
    return kExitUsage;
  }
  int rc = kExitOk;
  auto paper = PaperDetailsFor(a, &rc);
  if (!paper) return rc;
  std::optional<strategy::Strategy> s = LoadStrategy(a, &rc);
  if (!s) return rc;
  auto e = RecordForReport(a, *s, &rc);
  if (!e.ok()) {
    PrintError(e.status());
    return rc;
  }
  auto d = Build(a, *s, *e, *paper);
  if (!d.ok()) {
    PrintError(d.status());
    return ExitCodeFor(d.status());
  }
  return Write(*d, a);
}

}  // namespace

void RegisterReportCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand(
      "report",
      "Write a Board document: the Board strategy report, a committee pack, the Integrated "
      "Performance Report (IPR), the Board Assurance Framework (BAF) or the population outcomes "
      "report, as self-contained HTML, PDF (headless Chromium), XLSX, CSV or JSON.");
  sub->add_option("kind", args->kind, "board, committee, ipr, baf or population")
      ->required()
      ->check(CLI::IsMember({"board", "committee", "ipr", "baf", "population"}));
  sub->add_option("--strategy", args->strategy, "The strategy file (all kinds but population)");
  sub->add_option("--db", args->db,
                  "The measure store (default ./barometer.db); population: the store the "
                  "strategy's outcome measures were fed to (`barometer population feed`)");
  sub->add_option("--period", args->period,
                  "The reporting period, e.g. \"2023-24 Q2\" (default: the latest quarter with "
                  "data)");
  sub->add_option("--out", args->out,
                  "Where to write: a file (html, pdf, xlsx, json) or a directory (csv)")
      ->required();
  sub->add_option("--format", args->format,
                  "html, pdf, xlsx, csv or json (default: from --out's extension, else html)");
  sub->add_option("--committee", args->committee, "committee: the committee's id");
  sub->add_option("--risks", args->risks,
                  "baf: a TOML file of [[risks]] to use with the strategy (e.g. a draft register)");
  sub->add_option("--risk-note", args->risk_note,
                  "baf: a banner about the register, e.g. \"Illustrative risk register\"");
  sub->add_option("--data-note", args->data_note,
                  "A line on the cover, e.g. \"Synthetic data for demonstration\"");
  sub->add_option("--extract", args->extract, "population: the extract directory");
  sub->add_option(
      "--comparator", args->comparator,
      "population: comparator values (e.g. England) as in docs/population-indicators.md");
  sub->add_option("--area", args->area, "population: the area's name for the cover");
  sub->add_option("--from", args->from,
                  "population: first year of the trends (default: the extract's first year)");
  sub->add_option("--to", args->to,
                  "population: last year (default: the extract's last complete year)");
  sub->add_option("--meeting-file", args->meeting_file,
                  "A meeting file (TOML) giving each paper's cover sheet: meeting, date, item, "
                  "lead executive, author, purpose, ... (docs/reports.md, \"The meeting file\")");
  sub->add_option("--meeting", args->paper.meeting,
                  "Cover sheet: the meeting, e.g. \"Board of Directors (in public)\"");
  sub->add_option("--meeting-date", args->meeting_date,
                  "Cover sheet: the meeting's date (YYYY-MM-DD)");
  sub->add_option("--item", args->paper.item, "Cover sheet: the agenda item, e.g. 3.1");
  sub->add_option("--title", args->paper.title, "Cover sheet: the paper's title");
  sub->add_option("--lead-executive", args->paper.lead_executive,
                  "Cover sheet: the executive presenting the paper");
  sub->add_option("--author", args->paper.author, "Cover sheet: the paper's author");
  sub->add_option("--purpose", args->purpose, "Cover sheet: approve, assure, discuss or note")
      ->check(CLI::IsMember({"approve", "assure", "discuss", "note"}));
  sub->add_option("--asked-to", args->paper.asked_to,
                  "Cover sheet: what \"The Board is asked to …\" (default from the purpose)");
  sub->add_option("--baf-risks", args->paper.baf_risks,
                  "Cover sheet: the BAF risk ids the paper relates to (default: from the "
                  "strategy's risks for the paper's objectives)")
      ->delimiter(',');
  sub->add_option("--previously-considered", args->paper.previously_considered,
                  "Cover sheet: where the paper was considered before (repeatable; default: the "
                  "committees' assurance reports for the period)");
  sub->footer(
      "Examples:\n"
      "  barometer report board --strategy examples/our-future-together/strategy.toml --out "
      "board.pdf\n"
      "  barometer report committee --committee quality --strategy FILE --out quality.html\n"
      "  barometer report ipr --strategy FILE --period \"2023-24 Q2\" --out ipr.xlsx\n"
      "  barometer report baf --strategy FILE --risks risks.toml --out baf.pdf\n"
      "  barometer report population --extract extract/ --strategy FILE --out outcomes.pdf\n"
      "Formats and every table's columns: docs/reports.md\n\n" +
      std::string(kExitCodeHelp));
  sub->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace barometer::cli
