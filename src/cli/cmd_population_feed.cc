// `barometer population feed`: the strategy's outcome measures that name a
// population source ([measures.population]) get their values from the
// population engine, after disclosure control, written to the measure store
// in one transaction with their confidence limits and provenance
// (docs/population-indicators.md, docs/measures-data.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "core/number.h"
#include "core/table.h"
#include "measures/store.h"
#include "population/extract.h"
#include "population/indicators.h"
#include "population/outcomes.h"
#include "strategy/load.h"

namespace barometer::cli {
namespace {

namespace pop = barometer::population;

struct FeedArgs {
  std::string extract;
  std::string strategy;
  std::string db = measures::kDefaultStorePath;
  std::string comparator;
  std::string area;
  int from = 0;
  int to = 0;
  int64_t suppress_at = 7;
  int64_t round_to = 5;
  bool synthetic = false;
  bool dry_run = false;
  int threads = 0;
  std::string format = "text";
};

int Fail(const Status& s) {
  PrintError("population feed", s);
  return ExitCodeFor(s);
}

// A measure bound to a population source, as the engine reads it.
struct Bound {
  const strategy::Measure* measure = nullptr;
  pop::FeedSource source;
};

// The bound measures; every problem with a binding (an indicator or a
// breakdown the engine does not know) printed as file:line:column.
std::optional<std::vector<Bound>> Bindings(const strategy::Strategy& s, int* problems) {
  std::vector<Bound> out;
  for (const strategy::Measure& m : s.measures) {
    if (!m.population) continue;
    const strategy::PopulationSource& p = *m.population;
    Bound b{&m, {}};
    b.source.key = m.id;
    b.source.group = p.group;
    b.source.pooled_years = strategy::PooledYears(p);
    auto id = pop::ParseIndicators(p.indicator);
    if (!id.ok() || id->size() != 1) {
      std::fprintf(stderr, "%s: error: measure `%s`: %s\n", p.At("indicator").ToString().c_str(),
                   m.id.c_str(),
                   id.ok() ? "name one indicator" : std::string(id.status().message()).c_str());
      ++*problems;
    } else {
      b.source.indicator = id->front();
    }
    if (!p.breakdown.empty() && p.breakdown != "all") {
      auto by = pop::ParseBreakdowns(p.breakdown);
      if (!by.ok() || by->size() != 1) {
        std::fprintf(stderr, "%s: error: measure `%s`: %s\n", p.At("breakdown").ToString().c_str(),
                     m.id.c_str(),
                     by.ok() ? "name one breakdown" : std::string(by.status().message()).c_str());
        ++*problems;
      } else {
        b.source.by = by->front();
      }
    }
    out.push_back(std::move(b));
  }
  if (*problems > 0) return std::nullopt;
  return out;
}

// The note stored with each value: where it came from and how it was protected.
std::string Note(const Bound& b, const pop::FeedValue& v, const FeedArgs& a,
                 const std::string& area) {
  const strategy::PopulationSource& p = *b.measure->population;
  std::string what = fmt::format("{} {}", p.indicator, v.years.ToString());
  if (v.years.first != v.years.last) what += " (pooled)";
  if (b.source.by.dimension != pop::Dimension::kAll)
    what += fmt::format(", {} = {}", b.source.by.Name(), p.group);
  std::string note = fmt::format("population feed: {}, {}", what, area);
  if (!p.comparator.empty()) note += ", compared with " + p.comparator;
  // The extract by its folder's name only: a value note reaches Board papers
  // and the web application, where a path on the analyst's machine means
  // nothing to the reader and tells a stranger where the data live.
  std::filesystem::path extract = std::filesystem::path(a.extract).lexically_normal();
  if (extract.filename().empty()) extract = extract.parent_path();
  note += fmt::format("; extract `{}`", extract.filename().string());
  note +=
      fmt::format("; disclosure control: counts of {} or fewer suppressed, others rounded to {}",
                  a.suppress_at, a.round_to);
  if (a.synthetic) note += "; SYNTHETIC extract, not real patients";
  return note;
}

std::optional<double> Count(const std::optional<int64_t>& c) {
  return c ? std::optional<double>(static_cast<double>(*c)) : std::nullopt;
}

int Run(const FeedArgs& a) {
  auto loaded = strategy::LoadStrategyFile(a.strategy);
  if (!loaded.ok()) return Fail(loaded.status());
  if (!loaded->ok()) {
    std::fputs(strategy::FormatValidation(*loaded, true).c_str(), stderr);
    std::fprintf(stderr, "barometer population feed: %s has errors; fix them first\n",
                 a.strategy.c_str());
    return kExitFindings;
  }
  const strategy::Strategy& s = loaded->strategy;
  int problems = 0;
  auto bound = Bindings(s, &problems);
  if (!bound) {
    std::fprintf(stderr, "barometer population feed: %d problem(s) in %s; nothing was written\n",
                 problems, a.strategy.c_str());
    return kExitFindings;
  }
  if (bound->empty()) {
    std::fprintf(stderr,
                 "barometer population feed: no measure of %s names a population source; add "
                 "[measures.population] to the measures to feed (docs/strategy-format.md)\n",
                 a.strategy.c_str());
    return kExitFindings;
  }
  std::string area = !a.area.empty()                      ? a.area
                     : !s.organisation.short_name.empty() ? s.organisation.short_name
                                                          : s.organisation.name;
  pop::FeedOptions fo;
  fo.first_year = a.from;
  fo.last_year = a.to;
  fo.area = area;
  fo.disclosure = {true, a.suppress_at, a.round_to};
  fo.threads = a.threads;
  if (!a.comparator.empty()) {
    auto t = ReadCsvTable(a.comparator);
    if (!t.ok()) return Fail(t.status());
    auto c = pop::Comparator::FromTable(*t);
    if (!c.ok()) return Fail(c.status());
    fo.comparator = std::move(*c);
  }
  Diagnostics load_problems;
  pop::LoadOptions lo;
  lo.threads = a.threads;
  auto x = pop::LoadExtract(a.extract, lo, &load_problems);
  for (const Diagnostic& d : load_problems.items())
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!x.ok()) return Fail(x.status());
  std::vector<pop::FeedSource> sources;
  for (const Bound& b : *bound) sources.push_back(b.source);
  auto values = pop::Feed(*x, sources, fo);
  if (!values.ok()) return Fail(values.status());

  // Everything is computed before the store is touched: one transaction.
  std::optional<measures::Store> store;
  auto opened = a.dry_run ? measures::Store::OpenInMemory()
                          : measures::Store::Open(a.db, measures::Store::kCreate);
  if (!opened.ok()) return Fail(opened.status());
  store.emplace(std::move(*opened));
  measures::Transaction tx(*store);
  if (Status st = tx.Begin(); !st.ok()) return Fail(st);
  measures::LoadInfo info;
  info.kind = measures::LoadKind::kValues;
  info.source_file = a.extract;
  info.strategy_file = a.strategy;
  info.loaded_at = NowUtc();
  info.loaded_by = UserName();
  auto load = store->AddLoad(info);
  if (!load.ok()) return Fail(load.status());
  int64_t written = 0, unchanged = 0, withheld = 0;
  nlohmann::json rows = nlohmann::json::array();
  std::string text;
  for (const pop::FeedValue& v : *values) {
    const Bound& b = (*bound)[v.source];
    std::string period = std::to_string(v.years.last);
    if (!v.published()) {
      ++withheld;
      std::string why = !v.suppressed.empty() ? "suppressed (" + v.suppressed + ")" : v.note;
      text +=
          fmt::format("  {:<28} {:<10} not written: {}\n", b.measure->id, v.years.ToString(), why);
      rows.push_back({{"measure_id", b.measure->id},
                      {"period", period},
                      {"years", v.years.ToString()},
                      {"written", false},
                      {"reason", why}});
      continue;
    }
    measures::Observation o;
    o.measure_id = b.measure->id;
    o.period = Period::CalendarYear(v.years.last);
    o.value = v.value;
    if (std::isfinite(v.lower95) && std::isfinite(v.upper95)) {
      o.lower = v.lower95;
      o.upper = v.upper95;
    }
    o.numerator = Count(v.count);
    o.denominator = Count(v.denominator);
    o.note = Note(b, v, a, area);
    auto put = store->PutObservation(o, *load, b.measure->population->where.line);
    if (!put.ok()) return Fail(put.status());
    if (*put == measures::PutResult::kUnchanged)
      ++unchanged;
    else
      ++written;
    text += fmt::format("  {:<28} {:<10} {} (95% CI {} to {})\n", b.measure->id, v.years.ToString(),
                        FormatFixed(v.value, 2), o.lower ? FormatFixed(*o.lower, 2) : "-",
                        o.upper ? FormatFixed(*o.upper, 2) : "-");
    rows.push_back(
        {{"measure_id", b.measure->id},
         {"period", period},
         {"years", v.years.ToString()},
         {"written", true},
         {"value", v.value},
         {"lower", o.lower ? nlohmann::json(*o.lower) : nlohmann::json()},
         {"upper", o.upper ? nlohmann::json(*o.upper) : nlohmann::json()},
         {"numerator", o.numerator ? nlohmann::json(*o.numerator) : nlohmann::json()},
         {"denominator", o.denominator ? nlohmann::json(*o.denominator) : nlohmann::json()}});
  }
  if (Status st = store->SetLoadRows(*load, written); !st.ok()) return Fail(st);
  if (a.dry_run) {
    tx.Rollback();
  } else if (Status st = tx.Commit(); !st.ok()) {
    return Fail(st);
  }
  if (a.format == "json") {
    nlohmann::json j = {{"extract", a.extract},
                        {"strategy", a.strategy},
                        {"db", a.dry_run ? nlohmann::json() : nlohmann::json(a.db)},
                        {"synthetic", a.synthetic},
                        {"disclosure", {{"suppress_at", a.suppress_at}, {"round_to", a.round_to}}},
                        {"written", a.dry_run ? 0 : written},
                        {"unchanged", unchanged},
                        {"withheld", withheld},
                        {"values", rows}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s%s: %lld value(s) of %zu measure(s) %s, %lld unchanged, %lld withheld%s\n",
                text.c_str(), a.dry_run ? "dry run" : a.db.c_str(), static_cast<long long>(written),
                bound->size(), a.dry_run ? "would be written" : "written",
                static_cast<long long>(unchanged), static_cast<long long>(withheld),
                a.synthetic ? " (synthetic extract)" : "");
  }
  return kExitOk;
}

}  // namespace

void AddPopulationFeedCommand(CLI::App& population, int* exit_code) {
  auto a = std::make_shared<FeedArgs>();
  CLI::App* sub = population.add_subcommand(
      "feed",
      "Write the values of the strategy's outcome measures that name a population source "
      "([measures.population]) to the measure store: computed from the extract, after "
      "disclosure control, with 95% confidence limits and provenance");
  sub->add_option("--extract", a->extract, "Folder of the extract (docs/population-data.md)")
      ->required();
  sub->add_option("--strategy", a->strategy, "The strategy file naming the population sources")
      ->required();
  sub->add_option("--db", a->db, "The measure store (created when missing)")->capture_default_str();
  sub->add_option("--comparator", a->comparator,
                  "Comparator values (e.g. England's), needed by le_gap "
                  "(columns as docs/population-indicators.md)");
  sub->add_option("--area", a->area, "The area's name in provenance (default: the strategy's)");
  sub->add_option("--from", a->from, "First year of the first period (default: the extract's)");
  sub->add_option("--to", a->to,
                  "Last year of the last period (default: the extract's last complete year)");
  sub->add_option("--suppress-at", a->suppress_at,
                  "Disclosure control: suppress counts of this many or fewer")
      ->check(CLI::Range(int64_t{0}, int64_t{1000}))
      ->capture_default_str();
  sub->add_option("--round-to", a->round_to,
                  "Disclosure control: round other counts to the nearest multiple of this")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}))
      ->capture_default_str();
  sub->add_flag("--synthetic", a->synthetic,
                "The extract is synthetic (barometer synth population): every value's provenance "
                "says so");
  sub->add_flag("--dry-run", a->dry_run, "Compute and list the values; write nothing");
  sub->add_option("--threads", a->threads, "Threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  sub->add_option("--format", a->format, "What to print: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->footer(
      "Each value is stored for the calendar year that ends its period (2021-2023 as 2023), "
      "with its pooled years, extract, disclosure settings and run in the provenance.\n"
      "Example:\n"
      "  barometer population feed --extract city/ --strategy examples/one-liverpool/strategy.toml "
      "--comparator england.csv --db one-liverpool.db --synthetic\n"
      "Exit codes: 0 written; 1 a binding or the extract is wrong (nothing written); 2 usage; "
      "3 a file or the store could not be read or written; 4 internal error.");
  sub->callback([a, exit_code] { *exit_code = Run(*a); });
}

}  // namespace barometer::cli
