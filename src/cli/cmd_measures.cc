// `barometer ingest`, `history` and `evaluate`: the measure store commands.
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "core/progress.h"
#include "core/text.h"
#include "measures/evaluate.h"
#include "measures/ingest.h"
#include "measures/record.h"
#include "measures/render.h"
#include "measures/store.h"
#include "strategy/load.h"

namespace barometer::cli {
namespace {

using measures::IngestReport;
using measures::Store;

// ---- ingest ----

struct IngestArgs {
  std::string db = measures::kDefaultStorePath;
  std::string strategy;
  std::vector<std::string> values;
  std::vector<std::string> benchmarks;
  std::vector<std::string> commentary;
  std::vector<std::string> updates;
  bool dry_run = false;
  bool no_progress = false;
  std::string format = "text";
  bool forecasts = false;
  std::string today;  // YYYY-MM-DD; default the clock
};

std::string Summary(const IngestReport& r, const std::string& db) {
  std::string counts =
      fmt::format("{} new, {} revised, {} unchanged", r.inserted, r.revised, r.unchanged);
  if (r.written) {
    return fmt::format("{}: {} rows read: {}; written to {} (load {})\n", r.file, r.rows, counts,
                       db, r.load_id);
  }
  return fmt::format("{}: {} rows read, all good: {} (dry run: nothing written)\n", r.file, r.rows,
                     counts);
}

void PrintProblems(const IngestReport& r) {
  for (const measures::RowProblem& p : r.problems) {
    std::fprintf(stderr, "%s\n", p.ToString().c_str());
  }
  int64_t more = r.problem_count - static_cast<int64_t>(r.problems.size());
  if (more > 0) std::fprintf(stderr, "... and %lld more\n", static_cast<long long>(more));
  const char* what = r.kind == measures::LoadKind::kUpdates ? "problem" : "bad row";
  std::fprintf(stderr, "%s: rejected: %lld %s%s; nothing was written\n", r.file.c_str(),
               static_cast<long long>(r.problem_count), what, r.problem_count == 1 ? "" : "s");
}

nlohmann::ordered_json ReportJson(const IngestReport& r) {
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  for (const measures::RowProblem& p : r.problems) {
    problems.push_back({{"file", p.file}, {"line", p.line}, {"reason", p.reason}});
  }
  return {{"file", r.file},
          {"kind", measures::LoadKindName(r.kind)},
          {"rows", r.rows},
          {"inserted", r.inserted},
          {"revised", r.revised},
          {"unchanged", r.unchanged},
          {"written", r.written},
          {"load_id", r.load_id},
          {"problem_count", r.problem_count},
          {"problems", problems}};
}

// Opens the store to write to; a dry run on a store that does not exist yet
// checks against an empty one in memory instead of creating the file.
Result<Store> OpenForIngest(const IngestArgs& a) {
  if (a.dry_run && access(a.db.c_str(), F_OK) != 0) return Store::OpenInMemory();
  return Store::Open(a.db, Store::kCreate);
}

Result<IngestReport> IngestOne(Store& store, const strategy::Strategy* s, measures::LoadKind kind,
                               const std::string& path, const measures::IngestOptions& options) {
  if (kind == measures::LoadKind::kUpdates) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(fmt::format("cannot open `{}`", path));
    std::stringstream text;
    text << in.rdbuf();
    return measures::IngestUpdatesMarkdown(store, *s, text.str(), path, options);
  }
  if (kind == measures::LoadKind::kCommentary && !path.ends_with(".csv")) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(fmt::format("cannot open `{}`", path));
    std::stringstream text;
    text << in.rdbuf();
    return measures::IngestCommentaryMarkdown(store, s, text.str(), path, options);
  }
  auto csv = CsvReader::Open(path);
  if (!csv.ok()) return csv.status();
  if (kind == measures::LoadKind::kValues) return measures::IngestValues(store, *s, *csv, options);
  if (kind == measures::LoadKind::kBenchmark)
    return measures::IngestBenchmarks(store, *csv, options);
  return measures::IngestCommentaryCsv(store, s, *csv, options);
}

int RunIngest(const IngestArgs& a) {
  if (a.values.empty() && a.benchmarks.empty() && a.commentary.empty() && a.updates.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: give a values file (with --strategy), --benchmark FILE, "
                 "--commentary FILE or --updates FILE (with --strategy)\n");
    return kExitUsage;
  }
  if (!a.updates.empty() && a.strategy.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: updates are checked against a strategy; give "
                 "--strategy FILE\n");
    return kExitUsage;
  }
  if (!a.values.empty() && a.strategy.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: values are checked against a strategy; give "
                 "--strategy FILE\n");
    return kExitUsage;
  }
  int rc = kExitOk;
  std::optional<strategy::Strategy> s;
  if (!a.strategy.empty() && !(s = LoadStrategy("ingest", a.strategy, &rc))) return rc;
  auto store = OpenForIngest(a);
  if (!store.ok()) {
    PrintError("ingest", store.status());
    return ExitCodeFor(store.status());
  }
  measures::IngestOptions options;
  options.dry_run = a.dry_run;
  options.forecasts = a.forecasts;
  options.today = Today();
  if (!a.today.empty()) {
    options.today = Date::Parse(a.today);
    if (!options.today) {
      std::fprintf(stderr, "barometer ingest: --today `%s` is not a date (YYYY-MM-DD)\n",
                   a.today.c_str());
      return kExitUsage;
    }
  }
  options.loaded_by = UserName();
  options.loaded_at = NowUtc();
  options.strategy_file = a.strategy;
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  // `write`: false checks a file (a dry run) without printing its summary.
  auto run = [&](measures::LoadKind kind, const std::string& path, bool write) {
    Progress progress("Loading " + path, 0);
    if (a.no_progress) progress.set_enabled(false);
    options.progress = [&progress](uint64_t done, uint64_t) { progress.Update(done); };
    measures::IngestOptions o = options;
    o.dry_run = options.dry_run || !write;
    auto r = IngestOne(*store, s ? &*s : nullptr, kind, path, o);
    progress.Finish();
    if (!r.ok()) {
      PrintError("ingest", r.status());
      rc = std::max(rc, ExitCodeFor(r.status()));
      return;
    }
    if (a.format == "json" && (write || !r->ok())) reports.push_back(ReportJson(*r));
    if (!r->ok()) {
      PrintProblems(*r);
      rc = std::max(rc, kExitFindings);
    } else if (a.format != "json" && write) {
      Print(Summary(*r, a.db));
    }
  };
  auto all = [&](bool write) {
    for (const std::string& f : a.values) run(measures::LoadKind::kValues, f, write);
    for (const std::string& f : a.benchmarks) run(measures::LoadKind::kBenchmark, f, write);
    for (const std::string& f : a.commentary) run(measures::LoadKind::kCommentary, f, write);
    for (const std::string& f : a.updates) run(measures::LoadKind::kUpdates, f, write);
  };
  // Several files load all or nothing: every file is checked first, and
  // none is written unless all of them are clean.
  size_t files = a.values.size() + a.benchmarks.size() + a.commentary.size() + a.updates.size();
  if (files > 1 && !a.dry_run) {
    all(false);
    if (rc != kExitOk) {
      std::fprintf(stderr,
                   "barometer ingest: nothing was loaded; fix the files above and run "
                   "the command again\n");
      if (a.format == "json") Print(nlohmann::ordered_json{{"loads", reports}}.dump(2) + "\n");
      return rc;
    }
  }
  all(true);
  if (a.format == "json") Print(nlohmann::ordered_json{{"loads", reports}}.dump(2) + "\n");
  return rc;
}

// ---- history ----

struct HistoryArgs {
  std::string db = measures::kDefaultStorePath;
  std::string measure;
  std::string format = "table";
};

int RunHistory(const HistoryArgs& a) {
  auto store = Store::Open(a.db, Store::kMustExist);
  if (!store.ok()) {
    PrintError("history", store.status());
    return ExitCodeFor(store.status());
  }
  auto rows = store->History(a.measure);
  if (!rows.ok()) {
    PrintError("history", rows.status());
    return ExitCodeFor(rows.status());
  }
  if (rows->empty()) {
    std::vector<std::string> ids;
    if (auto all = store->CurrentObservations(); all.ok()) {
      std::set<std::string> seen;
      for (const auto& o : *all) seen.insert(o.observation.measure_id);
      ids.assign(seen.begin(), seen.end());
    }
    std::string hint = DidYouMean(a.measure, ids);
    std::fprintf(stderr, "barometer history: no values for `%s` in %s%s\n", a.measure.c_str(),
                 a.db.c_str(), hint.empty() ? "" : ("; " + hint).c_str());
    return kExitFindings;
  }
  if (a.format == "json") {
    Print(measures::HistoryJson(*rows));
  } else if (a.format == "csv") {
    Print(measures::HistoryCsv(*rows));
  } else {
    Print(measures::HistoryTable(*rows, StdoutIsTerminal()));
  }
  return kExitOk;
}

// ---- evaluate ----

struct EvaluateArgs {
  std::string db = measures::kDefaultStorePath;
  std::string strategy;
  std::string period;
  std::string org;
  std::string format = "table";
  bool no_reasons = false;
};

int RunEvaluate(const EvaluateArgs& a) {
  measures::EvaluateOptions options;
  if (!a.period.empty()) {
    options.period = Period::Parse(a.period);
    if (!options.period) {
      std::fprintf(stderr,
                   "barometer evaluate: `%s` is not a period; expected e.g. \"2022-23 Q3\", "
                   "2022-23, 2023-07 or 2023\n",
                   a.period.c_str());
      return kExitUsage;
    }
  }
  int rc = kExitOk;
  std::optional<strategy::Strategy> s = LoadStrategy("evaluate", a.strategy, &rc);
  if (!s) return rc;
  auto store = Store::Open(a.db, Store::kMustExist);
  if (!store.ok()) {
    PrintError("evaluate", store.status());
    return ExitCodeFor(store.status());
  }
  options.today = Today();
  options.org_code = a.org;
  // One record of the period (a locked period read back as the Board saw it);
  // every format renders it.
  auto r = measures::BuildRecord(*store, *s, options);
  if (!r.ok()) {
    PrintError("evaluate", r.status());
    return ExitCodeFor(r.status());
  }
  if (a.format == "json") {
    Print(measures::RecordJson(*r, *s));
  } else if (a.format == "csv") {
    Print(measures::RecordCsv(*r));
  } else {
    measures::TableStyle style;
    style.colour = StdoutIsTerminal();
    style.reasons = !a.no_reasons;
    Print(measures::RecordTable(*r, *s, style));
  }
  return kExitOk;
}

void AddDbOption(CLI::App* sub, std::string* db) {
  sub->add_option("--db", *db, "The measure store (SQLite); created by ingest if missing")
      ->capture_default_str();
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  auto* sub = app.add_subcommand(
      "ingest",
      "Load measure values, peer benchmarks or commentary into the store. A file with any bad "
      "row is rejected whole (every bad row listed as file:line: reason) and nothing is written; "
      "a good file is written in one transaction. Formats: docs/measures-data.md");
  sub->add_option("values", args->values,
                  "Measure values CSV: measure_id, period, value[, numerator, denominator, lower, "
                  "upper, note, provisional]");
  sub->add_option("--strategy", args->strategy,
                  "The strategy file the values are checked against (measure ids, periods, "
                  "ranges)");
  sub->add_option("--benchmark", args->benchmarks,
                  "Peer benchmark CSV: indicator, period, org_code, org_name, peer_group, value "
                  "[, numerator, denominator] (streamed; any size)");
  sub->add_option("--commentary", args->commentary,
                  "Commentary: CSV (measure_id, period, commentary[, author]) or Markdown "
                  "(`## <measure_id> <period>` headings)");
  sub->add_option("--updates", args->updates,
                  "Owners' updates, committees' assurance, delivery targets and process changes "
                  "(Markdown; needs --strategy). A locked period's updates are refused");
  AddDbOption(sub, &args->db);
  sub->add_flag("--dry-run", args->dry_run, "Check everything and report; write nothing");
  sub->add_flag("--forecasts", args->forecasts,
                "The values file holds forecasts: periods after today are allowed (else they "
                "are an error)");
  sub->add_option("--today", args->today,
                  "The date taken as today (YYYY-MM-DD; default the clock), for reproducible "
                  "runs");
  sub->add_flag("--no-progress", args->no_progress, "No progress bar on the terminal");
  sub->add_option("--format", args->format, "Report as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->footer(kExitCodeHelp);
  auto sources = AddIngestSourceOptions(sub);  // cmd_ingest_sources.cc
  sub->callback([args, sources, exit_code] {
    *exit_code = IngestSourceRequested(*sources)
                     ? RunIngestSource(*sources, {args->values, args->strategy, args->db,
                                                  args->dry_run, args->format})
                     : RunIngest(*args);
  });
}

void RegisterHistoryCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<HistoryArgs>();
  auto* sub = app.add_subcommand(
      "history", "Every value loaded for a measure, with its revisions and where each came from");
  sub->add_option("measure", args->measure, "The measure id")->required();
  AddDbOption(sub, &args->db);
  sub->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  sub->footer(kExitCodeHelp);
  sub->callback([args, exit_code] { *exit_code = RunHistory(*args); });
}

void RegisterEvaluateCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<EvaluateArgs>();
  auto* sub = app.add_subcommand(
      "evaluate",
      "Evaluate every measure of a strategy at a period: latest value, target, baseline, status "
      "with its reason, SPC icons, rank among peers, forecast, and roll-ups to objective, "
      "priority, committee and organisation. Rules: docs/evaluation.md");
  sub->add_option("--strategy", args->strategy, "The strategy file")->required();
  sub->add_option("--period", args->period,
                  "The period to evaluate at, e.g. \"2022-23 Q3\" (default: the latest quarter "
                  "with data)");
  sub->add_option("--org", args->org,
                  "This organisation's code in the benchmarks (default: the strategy's ods_code)");
  AddDbOption(sub, &args->db);
  sub->add_option("--format", args->format,
                  "table (for a terminal), csv (one row per measure) or json (everything)")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  sub->add_flag("--no-reasons", args->no_reasons, "Table without each measure's reason");
  sub->footer(kExitCodeHelp);
  sub->callback([args, exit_code] { *exit_code = RunEvaluate(*args); });
}

}  // namespace barometer::cli
