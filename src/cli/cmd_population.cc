// `barometer population ...`: outcome indicators, trends, segments,
// concentration and case-finding from a pseudonymised patient-level extract.
// The engine is src/population; this file parses options, reads and writes
// files, and maps errors to exit codes.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/population_shards.h"
#include "core/date.h"
#include "core/file.h"
#include "core/number.h"
#include "core/table.h"
#include "core/text.h"
#include "population/codes.h"
#include "population/extract.h"
#include "population/indicators.h"
#include "population/output.h"
#include "population/phm.h"

namespace barometer::cli {
namespace {

namespace pop = barometer::population;
namespace fs = std::filesystem;

// Options every population subcommand takes.
struct Common {
  std::string extract;
  int threads = 0;
  bool skip_bad_rows = false;
  std::string rejects;  // none unless asked
  bool person_level = false;
  bool forecasts = false;
  bool no_cache = false;
  std::string format = "csv";
  std::string output;
  int64_t suppress_at = 7;
  int64_t round_to = 5;
  bool no_disclosure = false;
  std::string rules;   // segmentation rules file; empty = built in
  std::string shards;  // a sharded extract (cmd_population_shards.cc), instead of extract
};

void AddCommon(CLI::App* sub, Common* o, bool with_output = true) {
  sub->add_option("--extract", o->extract,
                  "Folder of the extract (persons.csv, conditions.csv, activity.csv, areas.csv, "
                  "optional population.csv; see docs/population-data.md)")
      ->required();
  sub->add_option("--threads", o->threads, "Threads for loading and scans (default: all cores)")
      ->check(CLI::Range(0, 1024));
  sub->add_flag("--skip-bad-rows", o->skip_bad_rows,
                "Leave bad rows out (each is listed on stderr as file:line: reason) instead of "
                "stopping");
  sub->add_option("--rejects", o->rejects,
                  "With --skip-bad-rows, also list every left-out row's file, line and reason in "
                  "this CSV (mode 0600); the rows themselves only with --person-level");
  sub->add_flag("--forecasts", o->forecasts,
                "The files hold forecasts: accept dates after today (otherwise they are bad "
                "rows)");
  sub->add_flag("--no-cache", o->no_cache,
                "Neither read nor write the binary cache (EXTRACT/.barometer-cache)");
  if (!with_output) return;
  sub->add_flag("--person-level", o->person_level,
                "Allow person-level output (secure environment only): the case-finding list, "
                "and the patient rows in --rejects. Written with mode 0600");
  sub->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"csv", "json", "table"}))
      ->capture_default_str();
  sub->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  sub->add_option("--suppress-at", o->suppress_at,
                  "Disclosure control: suppress counts of this many or fewer")
      ->check(CLI::Range(int64_t{0}, int64_t{1000}))
      ->capture_default_str();
  sub->add_option("--round-to", o->round_to,
                  "Disclosure control: round other counts to the nearest multiple of this")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}))
      ->capture_default_str();
  sub->add_flag("--no-disclosure-control", o->no_disclosure,
                "Show exact small counts. Only inside a secure environment: the output says it "
                "is unsafe to publish");
}

// --shards instead of --extract: a sharded extract, one shard per process
// under mpirun (cmd_population_shards.cc).
void AddShards(CLI::App* sub, Common* o) {
  sub->get_option("--extract")->required(false);
  sub->add_option("--shards", o->shards,
                  "A sharded extract (`population partition`), one shard per process under "
                  "mpirun, instead of --extract; the output is the whole extract's "
                  "(docs/scale-out.md)")
      ->excludes("--extract");
}

pop::DisclosureOptions Disclosure(const Common& o) {
  return {!o.no_disclosure, o.suppress_at, o.round_to};
}

int ExitFor(const Status& s) { return ExitCodeFor(s); }

int Fail(const std::string& command, const Status& s) {
  std::fprintf(stderr, "barometer population %s: %s\n", command.c_str(), s.ToString().c_str());
  return ExitFor(s);
}

int Usage(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "barometer population %s: %s\n", command.c_str(), message.c_str());
  return kExitUsage;
}

// Loads the extract, printing every problem with it to stderr.
Result<pop::Extract> Load(const Common& o) {
  pop::LoadOptions opt;
  opt.skip_bad_rows = o.skip_bad_rows;
  opt.rejects_path = o.rejects;
  opt.rejects_with_rows = o.person_level;
  opt.forecasts = o.forecasts;
  opt.use_cache = !o.no_cache;
  opt.threads = o.threads;
  Diagnostics problems;
  if (o.extract.empty() && o.shards.empty()) {
    return Status::InvalidInput("give --extract DIR, or --shards DIR under mpirun");
  }
  auto x = o.shards.empty() ? pop::LoadExtract(o.extract, opt, &problems)
                            : LoadShard(o.shards, opt, &problems);
  for (const Diagnostic& d : problems.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (x.ok() && x->rejected_rows > 0) {
    std::fprintf(stderr, "barometer population: skipped %lld bad row(s); %s\n",
                 static_cast<long long>(x->rejected_rows),
                 o.rejects.empty() ? "--rejects FILE lists them all (file, line, reason)"
                                   : ("they are listed in " + o.rejects).c_str());
  }
  return x;
}

// The output never replaces a file the command reads: the extract's (or the
// shards') files and the rejects list.
Status WriteText(const std::string& path, const std::string& text, const Common& o) {
  if (path.empty()) return WriteStdout(text);
  OutputOptions out{.inputs = {o.rejects}, .mode = 0644};
  for (const std::string& dir : {o.extract, o.shards}) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) continue;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      out.inputs.push_back(it->path().string());
  }
  return WriteFileAtomic(path, text, out);
}

// Files created while it lives are readable by their owner only (0600):
// person-level output, whatever the user's umask.
class OwnerOnlyFiles {
 public:
  OwnerOnlyFiles() : old_(::umask(077)) {}
  ~OwnerOnlyFiles() { ::umask(old_); }
  OwnerOnlyFiles(const OwnerOnlyFiles&) = delete;
  OwnerOnlyFiles& operator=(const OwnerOnlyFiles&) = delete;

 private:
  mode_t old_;
};

int Emit(const std::string& command, pop::OutputTable table, const Common& o) {
  if (!IsOutputRank()) return kExitOk;  // MPI ranks > 0 compute; rank 0 writes
  if (std::string unsafe = pop::UnsafeToPublish(Disclosure(o)); !unsafe.empty()) {
    table.banner = unsafe;
    std::fprintf(stderr, "barometer population %s: warning: %s\n", command.c_str(),
                 table.banner.c_str());
  }
  pop::OutputFormat f = o.format == "json"    ? pop::OutputFormat::kJson
                        : o.format == "table" ? pop::OutputFormat::kTable
                                              : pop::OutputFormat::kCsv;
  std::optional<OwnerOnlyFiles> owner_only;
  if (o.person_level) owner_only.emplace();
  Status s = WriteText(o.output, pop::Render(table, f), o);
  return s.ok() ? kExitOk : Fail(command, s);
}

// The last calendar year complete both in the extract and before today: the
// default period never moves past today.
Result<int> LastYear(const pop::Extract& x) {
  auto today = pop::PopulationToday();
  if (!today.ok()) return today.status();
  pop::YearMonthDay t = pop::CivilFromDays(*today);
  int complete_before_today = t.month == 12 && t.day == 31 ? t.year : t.year - 1;
  return std::min(pop::LastCompleteYear(x), complete_before_today);
}

Result<pop::SegmentationRules> Rules(const Common& o) {
  if (o.rules.empty()) return pop::DefaultSegmentationRules();
  std::ifstream f(o.rules, std::ios::binary);
  if (!f) return Status::NotFound(fmt::format("{}: cannot read the rules file", o.rules));
  std::stringstream text;
  text << f.rdbuf();
  return pop::ParseSegmentationRules(text.str(), o.rules);
}

// --at: a date, or the latest date in the extract.
Result<int32_t> ReferenceDate(const std::string& at, const pop::Extract& x) {
  if (at.empty()) return x.latest_date;
  auto d = Date::Parse(at);
  if (!d || d->year < 1880 || d->year > 2099) {
    return Status::InvalidInput(fmt::format("--at '{}' is not a date (YYYY-MM-DD)", at));
  }
  return static_cast<int32_t>(d->ToDays());
}

// A pseudonymisation key: the file's bytes without a final line end.
Result<std::string> ReadKey(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::NotFound(fmt::format("{}: cannot read the key file", path));
  std::stringstream text;
  text << f.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < 16) {
    return Status::InvalidInput(
        fmt::format("{}: the key is {} bytes; a pseudonymisation key needs 16 or more (e.g. "
                    "`head -c 32 /dev/urandom | base64 > key`)",
                    path, key.size()));
  }
  return key;
}

Result<std::vector<double>> Percents(const std::string& list, const std::string& option) {
  std::vector<double> out;
  for (std::string_view item : Split(list, ',')) {
    auto v = ParseDouble(item);
    if (!v || *v <= 0 || *v > 100) {
      return Status::InvalidInput(
          fmt::format("{} '{}' is not a list of percentages (0 < x <= 100)", option, list));
    }
    out.push_back(*v);
  }
  return out;
}

Result<pop::Comparator> ReadComparator(const std::string& path) {
  auto t = ReadCsvTable(path);
  if (!t.ok()) return t.status();
  return pop::Comparator::FromTable(*t);
}

// ---- indicators ---------------------------------------------------------------

struct IndicatorsOptions {
  Common common;
  std::string period, by = "sex,imd_decile", indicators, comparator, area, gap = "comparator";
  uint64_t seed = 1;
};

// Fills the parts of a request shared by `indicators` and `trend`.
Status FillRequest(const IndicatorsOptions& o, const pop::Extract& x, int first_year,
                   pop::IndicatorRequest* req, pop::SegmentationRules* rules,
                   pop::SegmentAssignment* segments) {
  req->area = o.area.empty() ? std::string(x.areas.local_authority_names.size() == 1
                                               ? x.areas.local_authority_names[0]
                                               : "extract")
                             : o.area;
  req->gap_between_deciles = o.gap == "deciles";
  req->disclosure = Disclosure(o.common);
  req->threads = o.common.threads;
  req->sii_seed = o.seed;
  if (!o.comparator.empty()) {
    auto c = ReadComparator(o.comparator);
    if (!c.ok()) return c.status();
    req->comparator = std::move(*c);
  }
  bool wants_segments =
      std::any_of(req->breakdowns.begin(), req->breakdowns.end(),
                  [](const pop::Breakdown& b) { return b.dimension == pop::Dimension::kSegment; });
  if (wants_segments) {
    auto r = Rules(o.common);
    if (!r.ok()) return r.status();
    *rules = std::move(*r);
    // Segments as they were at the start of the (first) period.
    *segments =
        pop::AssignSegments(x, *rules, pop::DaysFromCivil(first_year, 1, 1) - 1, o.common.threads);
    req->rules = rules;
    req->segments = segments;
  }
  return Status::Ok();
}

int RunIndicators(const IndicatorsOptions& o) {
  const std::string cmd = "indicators";
  auto breakdowns = pop::ParseBreakdowns(o.by);
  if (!breakdowns.ok()) return Usage(cmd, breakdowns.status().message());
  pop::IndicatorRequest req;
  req.breakdowns = *breakdowns;
  if (!o.indicators.empty()) {
    auto ids = pop::ParseIndicators(o.indicators);
    if (!ids.ok()) return Usage(cmd, ids.status().message());
    req.indicators = *ids;
  }
  std::optional<pop::YearRange> period;
  if (!o.period.empty()) {
    auto p = pop::ParseYearRange(o.period);
    if (!p.ok()) return Usage(cmd, "--period: " + p.status().message());
    period = *p;
  }
  auto x = Load(o.common);
  if (!x.ok()) return Fail(cmd, x.status());
  if (!period) {
    auto last = LastYear(*x);
    if (!last.ok()) return Fail(cmd, last.status());
    period = pop::YearRange{*last - 2, *last};
  }
  req.periods = {*period};
  pop::SegmentationRules rules;
  pop::SegmentAssignment segments;
  Status s = FillRequest(o, *x, period->first, &req, &rules, &segments);
  if (!s.ok()) return Fail(cmd, s);
  auto rows = pop::ComputeIndicators(*x, req);
  if (!rows.ok()) return Fail(cmd, rows.status());
  return Emit(cmd, pop::IndicatorTable(*rows), o.common);
}

void AddIndicators(CLI::App& parent, int* exit_code) {
  auto o = std::make_shared<IndicatorsOptions>();
  CLI::App* sub = parent.add_subcommand(
      "indicators",
      "Outcome indicators (u75 mortality, infant mortality, life expectancy, gap, SII, "
      "admissions) with 95% and 99.8% limits, by breakdown, as Fingertips-style rows");
  AddCommon(sub, &o->common);
  AddShards(sub, &o->common);
  sub->add_option("--period", o->period,
                  "Calendar years: 2023, or pooled 2021-2023 (default: the last three complete "
                  "years in the extract)");
  sub->add_option("--by", o->by,
                  "Breakdowns, comma-separated: sex, age_band, imd_decile, imd_quintile, core20, "
                  "ethnic_group, neighbourhood, local_authority, segment; sex*X crosses with sex")
      ->capture_default_str();
  sub->add_option("--indicators", o->indicators, "Indicator ids, comma-separated (default: all)");
  sub->add_option("--comparator", o->comparator,
                  "CSV of values to compare with (e.g. England's): indicator, period, breakdown, "
                  "breakdown_value, value, lower95_0cl, upper95_0cl");
  sub->add_option("--area", o->area,
                  "Name for the area column (default: the local authority, if only one)");
  sub->add_option("--gap", o->gap,
                  "le_gap: comparator minus area, or deciles (decile 10 minus decile 1)")
      ->check(CLI::IsMember({"comparator", "deciles"}))
      ->capture_default_str();
  sub->add_option("--rules", o->common.rules,
                  "Segmentation rules (TOML) for the segment breakdown");
  sub->add_option("--seed", o->seed, "Seed of the SII simulation")->capture_default_str();
  sub->callback([o, exit_code] { *exit_code = RunIndicators(*o); });
}

// ---- trend --------------------------------------------------------------------

struct TrendOptions {
  IndicatorsOptions base;
  std::string indicator = "le_gap", sex = "all";
  int from = 0, to = 0, window = 1, target_year = 2024;
  std::optional<double> target;
};

int RunTrend(const TrendOptions& o) {
  const std::string cmd = "trend";
  auto ids = pop::ParseIndicators(o.indicator);
  if (!ids.ok() || ids->size() != 1) {
    return Usage(cmd, ids.ok() ? "--indicator takes one indicator" : ids.status().message());
  }
  auto x = Load(o.base.common);
  if (!x.ok()) return Fail(cmd, x.status());
  int from = o.from > 0 ? o.from : pop::FirstYear(*x);
  auto last = LastYear(*x);
  if (!last.ok()) return Fail(cmd, last.status());
  int to = o.to > 0 ? o.to : *last;
  if (to - from + 1 < o.window + 1) {
    return Usage(cmd, fmt::format("{}-{} holds fewer than two {}-year periods; widen --from/--to "
                                  "or shorten --window",
                                  from, to, o.window));
  }
  pop::TrendRequest req;
  req.indicator = ids->front();
  req.sex = o.sex == "male" ? 0 : o.sex == "female" ? 1 : -1;
  req.target_year = o.target_year;
  req.target = o.target;
  for (int end = from + o.window - 1; end <= to; ++end)
    req.periods.push_back({end - o.window + 1, end});
  pop::SegmentationRules rules;
  pop::SegmentAssignment segments;
  Status s = FillRequest(o.base, *x, from, &req.base, &rules, &segments);
  if (!s.ok()) return Fail(cmd, s);
  auto t = pop::ComputeTrend(*x, req);
  if (!t.ok()) return Fail(cmd, t.status());
  return Emit(cmd, pop::TrendTable(*t, o.indicator, req.base.area, o.sex, o.target_year, o.target),
              o.base.common);
}

void AddTrend(CLI::App& parent, int* exit_code) {
  auto o = std::make_shared<TrendOptions>();
  CLI::App* sub = parent.add_subcommand(
      "trend",
      "An indicator over rolling periods, a weighted linear projection to a target year, and "
      "whether it meets an ambition (e.g. le_gap <= 1.7 years by 2024)");
  AddCommon(sub, &o->base.common);
  AddShards(sub, &o->base.common);
  sub->add_option("--indicator", o->indicator, "The indicator")->capture_default_str();
  sub->add_option("--sex", o->sex, "all, male or female")
      ->check(CLI::IsMember({"all", "male", "female"}))
      ->capture_default_str();
  sub->add_option("--from", o->from, "First year (default: the first in the extract)");
  sub->add_option("--to", o->to, "Last year (default: the last complete year)");
  sub->add_option("--window", o->window,
                  "Years pooled in each period (1: single years; 3 pools as Fingertips does)")
      ->check(CLI::Range(1, 10))
      ->capture_default_str();
  sub->add_option("--target-year", o->target_year, "Year to project to")->capture_default_str();
  sub->add_option("--target", o->target, "The ambition's value, e.g. 1.7");
  sub->add_option("--comparator", o->base.comparator, "Comparator CSV (as for indicators)");
  sub->add_option("--gap", o->base.gap, "le_gap: comparator or deciles")
      ->check(CLI::IsMember({"comparator", "deciles"}))
      ->capture_default_str();
  sub->add_option("--area", o->base.area, "Name for the area column");
  sub->callback([o, exit_code] { *exit_code = RunTrend(*o); });
}

// ---- segments, concentration, case-finding -------------------------------------

struct PhmOptions {
  Common common;
  std::string at;
  int window_months = 12;
  // concentration
  std::string top = "1,5,10,11,20,50", usage = "50,74,80";
  double lorenz_step = 5;
  bool overall_only = false;
  // case-finding
  std::string key_file;
  size_t limit = 0;
  int min_emergency = 0, min_ltc = 0;
};

// Loads extract and rules and assigns segments at --at.
struct PhmInputs {
  pop::Extract extract;
  pop::SegmentationRules rules;
  pop::SegmentAssignment segments;
};

Result<PhmInputs> LoadPhm(const PhmOptions& o) {
  auto rules = Rules(o.common);
  if (!rules.ok()) return rules.status();
  auto x = Load(o.common);
  if (!x.ok()) return x.status();
  auto at = ReferenceDate(o.at, *x);
  if (!at.ok()) return at.status();
  PhmInputs in{std::move(*x), std::move(*rules), {}};
  in.segments = pop::AssignSegments(in.extract, in.rules, *at, o.common.threads);
  return in;
}

int RunSegments(const PhmOptions& o) {
  auto in = LoadPhm(o);
  if (!in.ok()) return Fail("segments", in.status());
  auto rows = pop::SummariseSegments(in->extract, in->rules, in->segments, o.window_months,
                                     Disclosure(o.common), o.common.threads);
  return Emit("segments", pop::SegmentTable(rows), o.common);
}

int RunConcentration(const PhmOptions& o) {
  pop::ConcentrationOptions c;
  c.window_months = o.window_months;
  c.lorenz_step = o.lorenz_step;
  c.threads = o.common.threads;
  auto top = Percents(o.top, "--top");
  auto usage = Percents(o.usage, "--usage-shares");
  if (!top.ok()) return Usage("concentration", top.status().message());
  if (!usage.ok()) return Usage("concentration", usage.status().message());
  c.top_percents = *top;
  c.usage_percents = *usage;
  auto in = LoadPhm(o);
  if (!in.ok()) return Fail("concentration", in.status());
  auto rows = pop::Concentration(in->extract, in->segments.at, &in->rules,
                                 o.overall_only ? nullptr : &in->segments, c, Disclosure(o.common));
  return Emit("concentration", pop::ConcentrationTable(rows), o.common);
}

// Under mpirun (a sharded extract), whether `local` is OK on every process:
// a process that failed keeps its own message; the others stop naming none.
// Every process must call it at the same point.
Status AgreeAcrossShards(const pop::Extract& x, const Status& local) {
  if (x.group == nullptr) return local;
  std::vector<int64_t> failed = {local.ok() ? 0 : 1};
  x.group->MaxAll(failed);
  if (!local.ok() || failed[0] == 0) return local;
  return Status::Io("stopped: another process failed (it says why)");
}

// Ids that are NHS numbers are not pseudonymised: a case-finding list
// refuses them (across every shard when sharded) unless they are replaced by
// keyed hashes.
Status RefuseNhsNumbers(const Common& o, const pop::Extract& x) {
  pop::NhsNumberScan nhs = pop::FindNhsNumbers(x);
  std::string where = fmt::format("{}/persons.csv", o.extract);
  std::string first = fmt::format("; the first is person {} of the extract", nhs.first_row + 1);
  if (x.group != nullptr) {
    std::vector<int64_t> count = {static_cast<int64_t>(nhs.count)};
    x.group->SumAll(count);
    nhs.count = static_cast<size_t>(count[0]);
    where = fmt::format("{} (the shards' persons.csv)", o.shards);
    first.clear();
  }
  if (nhs.count == 0) return Status::Ok();
  return Status::InvalidInput(fmt::format(
      "{}: {} person_id value{} look{} like NHS numbers (10 digits with a valid check "
      "digit{}): a case-finding list holds pseudonymised ids only. Pseudonymise the extract, "
      "or give --pseudonymise-key-file FILE to list each id as its HMAC-SHA256 under your key",
      where, nhs.count, nhs.count == 1 ? "" : "s", nhs.count == 1 ? "s" : "", first));
}

int RunCaseFinding(const PhmOptions& o) {
  const std::string cmd = "case-finding";
  if (!o.common.person_level) {
    return Usage(cmd,
                 "refusing to write a person-level list without --person-level. The list "
                 "identifies individuals (by pseudonymised id): ask for it with --person-level "
                 "only inside the secure environment, and keep the file there");
  }
  auto in = LoadPhm(o);
  if (!in.ok()) return Fail(cmd, in.status());
  if (o.min_emergency > 0 || o.min_ltc > 0) {
    pop::Rule r;
    r.name = fmt::format("{}+ emergency admissions in {} months with {}+ long-term conditions",
                         o.min_emergency, o.window_months, o.min_ltc);
    if (o.min_emergency > 0) {
      r.setting = static_cast<int>(pop::Setting::kEmergencyAdmission);
      r.min_events = o.min_emergency;
      r.events_within_months = o.window_months;
    }
    if (o.min_ltc > 0) {
      r.codelists = in->rules.score.long_term_conditions;
      r.min_codelists = o.min_ltc;
    }
    in->rules.case_finding = {r};
  }
  if (in->rules.case_finding.empty()) {
    return Fail(cmd, Status::InvalidInput("the rules have no [[case_finding.rule]]"));
  }
  // Ids that are NHS numbers are not pseudonymised: refuse them unless they
  // are to be replaced by keyed hashes under the user's key.
  std::optional<std::string> key;
  if (!o.key_file.empty()) {
    auto k = ReadKey(o.key_file);
    // Under mpirun every process reads the key; all stop if any cannot.
    Status agreed = AgreeAcrossShards(in->extract, k.status());
    if (!agreed.ok()) return Fail(cmd, agreed);
    key = std::move(*k);
  } else if (Status nhs = RefuseNhsNumbers(o.common, in->extract); !nhs.ok()) {
    return IsOutputRank() ? Fail(cmd, nhs) : ExitFor(nhs);
  }
  auto found = pop::FindCases(in->extract, in->rules, in->segments, o.limit, o.common.threads,
                              key ? &*key : nullptr);
  if (!found.ok()) return Fail(cmd, found.status());
  if (!IsOutputRank()) return kExitOk;  // the first process lists the whole extract's cases
  const std::vector<pop::CaseFindingRow>& rows = *found;
  pop::OutputTable t = pop::CaseFindingTable(rows);
  Common c = o.common;
  c.no_disclosure = false;  // a person-level list is not an aggregate
  c.suppress_at = pop::kDefaultSuppressAt, c.round_to = pop::kDefaultRoundTo;
  t.banner = key ? "PERSON-LEVEL LIST (ids are HMAC-SHA256 pseudonyms under your key): keep "
                   "inside the secure environment"
                 : "PERSON-LEVEL LIST (the extract's own ids): keep inside the secure "
                   "environment";
  std::fprintf(stderr, "barometer population case-finding: %zu people listed\n", rows.size());
  return Emit(cmd, std::move(t), c);
}

void AddPhm(CLI::App& parent, int* exit_code) {
  auto o = std::make_shared<PhmOptions>();
  auto add_at = [&](CLI::App* sub) {
    sub->add_option("--at", o->at,
                    "Reference date YYYY-MM-DD (default: the latest in the extract)");
    sub->add_option("--rules", o->common.rules,
                    "Segmentation rules (TOML; default: config/segmentation.toml, built in)");
    sub->add_option("--window-months", o->window_months, "Months of activity before --at")
        ->check(CLI::Range(1, 120))
        ->capture_default_str();
  };
  CLI::App* seg = parent.add_subcommand(
      "segments", "People by primary segment (highest need first) with demographics and activity");
  AddCommon(seg, &o->common);
  AddShards(seg, &o->common);
  add_at(seg);
  seg->callback([o, exit_code] { *exit_code = RunSegments(*o); });

  CLI::App* conc = parent.add_subcommand(
      "concentration",
      "Share of bed-days, emergency admissions and A&E attendances used by the top x% of "
      "people, Lorenz points and Gini, overall and by segment");
  AddCommon(conc, &o->common);
  AddShards(conc, &o->common);
  add_at(conc);
  conc->add_option("--top", o->top, "Top x% of people")->capture_default_str();
  conc->add_option("--usage-shares", o->usage, "Fewest people holding y% of use")
      ->capture_default_str();
  conc->add_option("--lorenz-step", o->lorenz_step, "Lorenz points every x% of people")
      ->check(CLI::Range(0.1, 50.0))
      ->capture_default_str();
  conc->add_flag("--overall-only", o->overall_only, "No breakdown by segment");
  conc->callback([o, exit_code] { *exit_code = RunConcentration(*o); });

  CLI::App* cf = parent.add_subcommand(
      "case-finding",
      "A ranked list of at-risk people (pseudonymised ids only); needs --person-level");
  AddCommon(cf, &o->common);
  AddShards(cf, &o->common);
  add_at(cf);
  cf->add_option("--pseudonymise-key-file", o->key_file,
                 "A file holding a secret key (16 bytes or more): each person_id is listed as "
                 "its HMAC-SHA256 under the key (needed when ids look like NHS numbers)");
  cf->add_option("--limit", o->limit, "At most this many people (0 = all)");
  cf->add_option("--min-emergency", o->min_emergency,
                 "Rule override: at least N emergency admissions in --window-months");
  cf->add_option("--min-ltc", o->min_ltc, "Rule override: at least N long-term conditions");
  cf->callback([o, exit_code] { *exit_code = RunCaseFinding(*o); });
}

// ---- check ----------------------------------------------------------------------

void AddCheck(CLI::App& parent, int* exit_code) {
  auto o = std::make_shared<Common>();
  CLI::App* sub = parent.add_subcommand(
      "check", "Validate an extract: every bad row as file:line: reason, and a summary");
  AddCommon(sub, o.get(), false);
  sub->callback([o, exit_code] {
    auto start = std::chrono::steady_clock::now();
    auto x = Load(*o);
    if (!x.ok()) {
      *exit_code = Fail("check", x.status());
      return;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %zu people, %zu conditions, %zu activity rows, %zu areas%s; latest date %s\n",
                o->extract.c_str(), x->persons.size(), x->conditions.size(), x->activity.size(),
                x->areas.size(), x->has_population ? ", population.csv" : "",
                Date::FromDays(x->latest_date).ToString().c_str());
    std::printf("loaded from %s in %.2f s (%.1f MB of CSV)\n", x->from_cache ? "the cache" : "CSV",
                secs, static_cast<double>(x->csv_bytes) / 1e6);
    *exit_code = kExitOk;
  });
}

}  // namespace

void RegisterPopulationCommand(CLI::App& app, int* exit_code) {
  CLI::App* sub = app.add_subcommand(
      "population",
      "Population health from a pseudonymised patient-level extract: indicators, trends, "
      "segments, concentration, case-finding (docs/population-data.md)");
  sub->require_subcommand(1);
  AddIndicators(*sub, exit_code);
  AddTrend(*sub, exit_code);
  AddPhm(*sub, exit_code);
  AddCheck(*sub, exit_code);
  AddPopulationFeedCommand(*sub, exit_code);
  AddPopulationShardsCommands(*sub, exit_code);
}

}  // namespace barometer::cli
