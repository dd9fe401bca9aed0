// Benchmarks of the population engine on a synthetic extract:
//   barometer synth population --people 3M --seed 1 --profile deprived-city --out /tmp/x
//   BAROMETER_POP_EXTRACT=/tmp/x BAROMETER_THREADS=2 build-pop-bench/bench/bench_population
// bench/population.sh does both for 500 thousand and 3 million people and adds
// end-to-end timings and peak memory of the CLI.
#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>

#include "population/codes.h"
#include "population/extract.h"
#include "population/indicators.h"
#include "population/phm.h"

namespace {

namespace pop = barometer::population;

const char* ExtractDir() { return std::getenv("BAROMETER_POP_EXTRACT"); }
int Threads() {
  const char* t = std::getenv("BAROMETER_THREADS");
  return t ? std::atoi(t) : 0;
}

pop::Extract Load(benchmark::State& state, bool use_cache) {
  barometer::Diagnostics d;
  pop::LoadOptions o;
  o.use_cache = use_cache;
  o.threads = Threads();
  auto x = pop::LoadExtract(ExtractDir(), o, &d);
  if (!x.ok()) {
    state.SkipWithError(x.status().ToString().c_str());
    return {};
  }
  return std::move(*x);
}

// The extract loaded once (from the cache) for the scan benchmarks.
const pop::Extract& Loaded(benchmark::State& state) {
  static pop::Extract x = Load(state, true);
  return x;
}

#define REQUIRE_EXTRACT(state)                                                      \
  if (ExtractDir() == nullptr) {                                                    \
    state.SkipWithError("set BAROMETER_POP_EXTRACT to a synthetic extract folder"); \
    return;                                                                         \
  }

void BM_CsvLoad(benchmark::State& state) {
  REQUIRE_EXTRACT(state);
  uint64_t bytes = 0;
  size_t people = 0;
  for (auto _ : state) {
    pop::Extract x = Load(state, false);
    bytes = x.csv_bytes;
    people = x.persons.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
  state.counters["people"] = static_cast<double>(people);
}
BENCHMARK(BM_CsvLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_CacheLoad(benchmark::State& state) {
  REQUIRE_EXTRACT(state);
  Load(state, true);  // make sure the cache exists
  for (auto _ : state) {
    pop::Extract x = Load(state, true);
    if (!x.from_cache) state.SkipWithError("the extract did not load from its cache");
    benchmark::DoNotOptimize(x.persons.size());
  }
}
BENCHMARK(BM_CacheLoad)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every indicator by every breakdown (segment included) for one pooled period.
void BM_IndicatorSuite(benchmark::State& state) {
  REQUIRE_EXTRACT(state);
  const pop::Extract& x = Loaded(state);
  auto rules = pop::DefaultSegmentationRules();
  int last = pop::LastCompleteYear(x);
  size_t rows = 0;
  for (auto _ : state) {
    pop::SegmentAssignment seg =
        pop::AssignSegments(x, *rules, pop::DaysFromCivil(last - 2, 1, 1) - 1, Threads());
    pop::IndicatorRequest req;
    req.periods = {{last - 2, last}};
    req.breakdowns = *pop::ParseBreakdowns(
        "sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,"
        "segment");
    req.rules = &*rules;
    req.segments = &seg;
    req.threads = Threads();
    auto out = pop::ComputeIndicators(x, req);
    rows = out.ok() ? out->size() : 0;
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_IndicatorSuite)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SegmentationAndConcentration(benchmark::State& state) {
  REQUIRE_EXTRACT(state);
  const pop::Extract& x = Loaded(state);
  auto rules = pop::DefaultSegmentationRules();
  for (auto _ : state) {
    pop::SegmentAssignment seg = pop::AssignSegments(x, *rules, x.latest_date, Threads());
    auto summary = pop::SummariseSegments(x, *rules, seg, 12, {}, Threads());
    pop::ConcentrationOptions o;
    o.threads = Threads();
    auto conc = pop::Concentration(x, x.latest_date, &*rules, &seg, o, {});
    benchmark::DoNotOptimize(summary.size() + conc.size());
  }
}
BENCHMARK(BM_SegmentationAndConcentration)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
