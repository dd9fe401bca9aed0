// `barometer ingest --source PUBLICATION FILE`: national published statistics
// (docs/published-data.md) as bound measures' values and peer benchmarks.
// Hooked into `barometer ingest` (cmd_measures.cc) by AddIngestSourceOptions.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "core/date.h"
#include "measures/ingest.h"
#include "measures/odbc_source.h"
#include "measures/published.h"
#include "measures/store.h"
#include "strategy/load.h"

namespace barometer::cli {

struct IngestSourceArgs {
  std::string source;           // a publication name
  std::string odbc;             // an ODBC DSN or connection string
  std::string query;            // the file holding the SQL query
  std::string as;               // values, benchmarks or commentary
  std::string layout = "auto";  // the file's layout (measures::LayoutNames)
  std::string period;           // the month of an "A&E by provider" sheet
};

namespace {

int Fail(const Status& s) {
  PrintError("ingest", s);
  return ExitCodeFor(s);
}

}  // namespace

std::shared_ptr<IngestSourceArgs> AddIngestSourceOptions(CLI::App* ingest) {
  auto a = std::make_shared<IngestSourceArgs>();
  ingest
      ->add_option("--source", a->source,
                   "Read the files as a national publication and store the values of the "
                   "measures the strategy binds to it ([measures.source]) with every other "
                   "organisation as a peer benchmark: nhse-ae, nhse-rtt, nhse-cancer, shmi, "
                   "staff-survey, fingertips (docs/published-data.md)")
      ->check(CLI::IsMember(strategy::EnumNames<strategy::Publication>()));
  ingest->add_option("--odbc", a->odbc,
                     "Read a SQL query's result through ODBC instead of a file: a DSN name or "
                     "an ODBC connection string (\"DSN=warehouse;UID=me\"); with --query and "
                     "--as (or --source)");
  ingest->add_option("--query", a->query, "With --odbc: the file holding the SQL query");
  ingest
      ->add_option("--as", a->as,
                   "With --odbc: read the result's columns as values (with --strategy), "
                   "benchmarks or commentary, exactly like those CSV files")
      ->check(CLI::IsMember({"values", "benchmarks", "commentary"}));
  ingest
      ->add_option("--layout", a->layout,
                   "With --source nhse-ae: the file's layout: auto (from the header), tidy "
                   "(data/nhs-published), nhse-ae-monthly (NHS England's monthly provider CSV, "
                   "\"Period,Org Code,...\") or nhse-ae-by-provider (the \"A&E by provider\" "
                   "sheet saved as CSV)")
      ->check(CLI::IsMember(measures::LayoutNames()))
      ->capture_default_str();
  ingest->add_option("--period", a->period,
                     "With --layout nhse-ae-by-provider: the sheet's month (YYYY-MM; default "
                     "from the file name, e.g. March-2026-AE.csv)");
  return a;
}

bool IngestSourceRequested(const IngestSourceArgs& a) {
  return !a.source.empty() || !a.odbc.empty();
}

namespace {

void PrintProblems(const measures::IngestReport& r, const std::string& what) {
  for (const auto& p : r.problems) std::fprintf(stderr, "%s\n", p.ToString().c_str());
  int64_t more = r.problem_count - static_cast<int64_t>(r.problems.size());
  if (more > 0) std::fprintf(stderr, "... and %lld more\n", static_cast<long long>(more));
  std::fprintf(stderr, "%s: rejected: %lld problem%s; nothing was written\n", what.c_str(),
               static_cast<long long>(r.problem_count), r.problem_count == 1 ? "" : "s");
}

// `--odbc DSN --query FILE --as KIND`: the result set through the CSV path.
int RunOdbc(const IngestSourceArgs& a, const IngestCommon& c) {
  if (a.query.empty() || (a.as.empty() && a.source.empty())) {
    std::fprintf(stderr,
                 "barometer ingest: --odbc needs --query FILE and --as "
                 "values|benchmarks|commentary (or --source PUBLICATION)\n");
    return kExitUsage;
  }
  if ((a.as == "values" || !a.source.empty()) && c.strategy.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: values are checked against a strategy; give "
                 "--strategy FILE\n");
    return kExitUsage;
  }
  std::ifstream in(a.query, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "barometer ingest: cannot open `%s`\n", a.query.c_str());
    return kExitIo;
  }
  std::stringstream sql;
  sql << in.rdbuf();
  std::optional<strategy::Strategy> s;
  if (!c.strategy.empty()) {
    auto loaded = strategy::LoadStrategyFile(c.strategy);
    if (!loaded.ok()) return Fail(loaded.status());
    if (!loaded->ok()) {
      std::fputs(loaded->diagnostics.Format(loaded->source, true).c_str(), stderr);
      std::fprintf(stderr, "barometer ingest: %s has errors; fix them first\n", c.strategy.c_str());
      return kExitFindings;
    }
    s = std::move(loaded->strategy);
  }
  const std::string name = a.query;
  auto table = measures::QueryOdbc(a.odbc, sql.str(), name);
  if (!table.ok()) {
    std::fprintf(stderr, "barometer ingest: %s\n%s: rejected; nothing was written\n",
                 table.status().message().c_str(), name.c_str());
    return table.status().code() == StatusCode::kInvalidInput ? kExitFindings : kExitIo;
  }
  auto store = c.dry_run && access(c.db.c_str(), F_OK) != 0
                   ? measures::Store::OpenInMemory()
                   : measures::Store::Open(c.db, measures::Store::kCreate);
  if (!store.ok()) return Fail(store.status());
  measures::IngestOptions options;
  options.dry_run = c.dry_run;
  options.loaded_by = UserName();
  options.loaded_at = NowUtc();
  options.strategy_file = c.strategy;
  Result<measures::IngestReport> r = Status::Internal("unreached");
  if (!a.source.empty()) {
    measures::PublishedOptions published;
    auto members = measures::ReadPeerGroupFiles(*s, c.strategy);
    if (!members.ok()) return Fail(members.status());
    published.member_files = std::move(members).value();
    auto p =
        measures::IngestPublished(*store, *s, *strategy::ParseEnum<strategy::Publication>(a.source),
                                  *table, options, published);
    if (p.ok()) {
      r = static_cast<measures::IngestReport>(*p);
    } else {
      r = p.status();
    }
  } else {
    CsvReader csv = CsvReader::FromString(measures::TableToCsv(*table), name);
    if (a.as == "values") {
      r = measures::IngestValues(*store, *s, csv, options);
    } else if (a.as == "benchmarks") {
      r = measures::IngestBenchmarks(*store, csv, options);
    } else {
      r = measures::IngestCommentaryCsv(*store, s ? &*s : nullptr, csv, options);
    }
  }
  if (!r.ok()) return Fail(r.status());
  if (!r->ok()) {
    PrintProblems(*r, name);
    return kExitFindings;
  }
  std::printf("%s (ODBC %s): %lld rows read: %lld new, %lld revised, %lld unchanged; %s\n",
              name.c_str(), a.odbc.c_str(), static_cast<long long>(r->rows),
              static_cast<long long>(r->inserted), static_cast<long long>(r->revised),
              static_cast<long long>(r->unchanged),
              r->written ? fmt::format("written to {} (load {})", c.db, r->load_id).c_str()
                         : "dry run: nothing written");
  return kExitOk;
}

}  // namespace

int RunIngestSource(const IngestSourceArgs& a, const IngestCommon& c) {
  if (!a.odbc.empty()) return RunOdbc(a, c);
  if (c.files.empty() || c.strategy.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: --source %s needs the publication's file and --strategy "
                 "FILE (whose measures bind to it)\n",
                 a.source.c_str());
    return kExitUsage;
  }
  auto loaded = strategy::LoadStrategyFile(c.strategy);
  if (!loaded.ok()) return Fail(loaded.status());
  if (!loaded->ok()) {
    std::fputs(loaded->diagnostics.Format(loaded->source, true).c_str(), stderr);
    std::fprintf(stderr, "barometer ingest: %s has errors; fix them first\n", c.strategy.c_str());
    return kExitFindings;
  }
  const strategy::Strategy& s = loaded->strategy;
  auto publication = strategy::ParseEnum<strategy::Publication>(a.source);
  auto store = c.dry_run && access(c.db.c_str(), F_OK) != 0
                   ? measures::Store::OpenInMemory()
                   : measures::Store::Open(c.db, measures::Store::kCreate);
  if (!store.ok()) return Fail(store.status());
  measures::IngestOptions options;
  options.dry_run = c.dry_run;
  options.loaded_by = UserName();
  options.loaded_at = NowUtc();
  options.strategy_file = c.strategy;
  measures::PublishedOptions layout;
  layout.layout = *measures::ParseLayout(a.layout);
  if (!a.period.empty()) {
    layout.period = Period::Parse(a.period, PeriodKind::kMonth);
    if (!layout.period || layout.period->kind != PeriodKind::kMonth) {
      std::fprintf(stderr, "barometer ingest: --period `%s` is not a month; expected YYYY-MM\n",
                   a.period.c_str());
      return kExitUsage;
    }
  }
  auto member_files = measures::ReadPeerGroupFiles(s, c.strategy);
  if (!member_files.ok()) {
    std::fprintf(stderr,
                 "%s\nbarometer ingest: a peer group's members_file has errors; nothing "
                 "was written\n",
                 member_files.status().message().c_str());
    return member_files.status().code() == StatusCode::kInvalidInput ? kExitFindings : kExitIo;
  }
  layout.member_files = std::move(member_files).value();
  int rc = kExitOk;
  nlohmann::ordered_json loads = nlohmann::ordered_json::array();
  for (const std::string& file : c.files) {
    auto csv = CsvReader::Open(file);
    if (!csv.ok()) {
      rc = std::max(rc, Fail(csv.status()));
      continue;
    }
    auto table = measures::ReadPublishedTable(*csv);
    if (!table.ok()) {
      std::fprintf(stderr, "%s\n%s: rejected; nothing was written\n",
                   table.status().message().c_str(), file.c_str());
      rc = std::max(rc, kExitFindings);
      continue;
    }
    auto r = measures::IngestPublished(*store, s, *publication, *table, options, layout);
    if (!r.ok()) {
      rc = std::max(rc, Fail(r.status()));
      continue;
    }
    if (c.format == "json") {
      loads.push_back({{"file", r->file},
                       {"source", a.source},
                       {"layout", r->layout},
                       {"total_checked", r->total_checked},
                       {"rows", r->rows},
                       {"measures", r->measures},
                       {"values", r->values},
                       {"benchmarks", r->benchmarks},
                       {"blank", r->blank},
                       {"first_period", r->first_period},
                       {"last_period", r->last_period},
                       {"annotations", r->annotations},
                       {"warnings", r->warnings},
                       {"written", r->written},
                       {"load_id", r->load_id},
                       {"problem_count", r->problem_count}});
    }
    if (!r->ok()) {
      for (const auto& p : r->problems) std::fprintf(stderr, "%s\n", p.ToString().c_str());
      int64_t more = r->problem_count - static_cast<int64_t>(r->problems.size());
      if (more > 0) std::fprintf(stderr, "... and %lld more\n", static_cast<long long>(more));
      std::fprintf(stderr, "%s: rejected: %lld problem%s; nothing was written\n", file.c_str(),
                   static_cast<long long>(r->problem_count), r->problem_count == 1 ? "" : "s");
      rc = std::max(rc, kExitFindings);
      continue;
    }
    for (const std::string& w : r->warnings)
      std::fprintf(stderr, "%s: warning: %s\n", file.c_str(), w.c_str());
    if (c.format == "json") continue;
    std::string out = fmt::format(
        "{}: {} rows of {} ({} layout; published NHS statistics): {} measure(s), {} values for "
        "{} to {} ({} blank), {} peer values; {}\n",
        file, r->rows, a.source, r->layout, r->measures, r->values, r->first_period, r->last_period,
        r->blank, r->benchmarks,
        r->written ? fmt::format("written to {} (load {})", c.db, r->load_id)
                   : std::string("dry run: nothing written"));
    for (const std::string& n : r->annotations) out += "  process change: " + n + "\n";
    if (r->total_checked) out += "  NHS England's TOTAL row equals the sum of the providers\n";
    std::fputs(out.c_str(), stdout);
  }
  if (c.format == "json") {
    std::fputs((nlohmann::ordered_json{{"loads", loads}}.dump(2) + "\n").c_str(), stdout);
  }
  return rc;
}

}  // namespace barometer::cli
