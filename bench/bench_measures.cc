// Benchmarks of the measures part (figures in the measures report):
//   BM_Evaluate: evaluation of 1,000 monthly measures × 60 points each
//     (target: under 50 ms), SPC and forecasts included.
//   BM_IngestBenchmarks/N: ingest of an N-row peer benchmark file into a new
//     store file (target: at least 1 million rows/s at 10 million rows, with
//     peak memory flat: compare the peak_rss_mb counter across N).
// Run: build-bench/bench/bench_measures [--benchmark_filter=Evaluate]
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "core/csv.h"
#include "measures/evaluate.h"
#include "measures/ingest.h"
#include "measures/store.h"

namespace barometer::measures {
namespace {

namespace fs = std::filesystem;

// A strategy of `n` monthly measures with yearly thresholds, and 60 months
// of values each (April 2019 to March 2024) drifting with noise.
struct Fixture {
  strategy::Strategy strategy;
  EvaluationData data;
};

Fixture MakeFixture(int n) {
  Fixture f;
  strategy::Strategy& s = f.strategy;
  s.organisation.name = "Bench Trust";
  s.organisation.ods_code = "RXX";
  s.organisation.period.start = {2021, 4, 1};
  s.organisation.period.end = {2024, 3, 31};
  s.priorities.push_back({});
  s.priorities[0].id = "p";
  s.priorities[0].name = "Priority";
  s.objectives.push_back({});
  s.objectives[0].id = "o";
  s.objectives[0].priority = "p";
  s.objectives[0].name = "Objective";
  uint64_t x = 12345;
  auto noise = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 11) * 0x1.0p-53 - 0.5;
  };
  for (int i = 0; i < n; ++i) {
    strategy::Measure m;
    m.id = fmt::format("m{}", i);
    m.objective = "o";
    m.name = m.id;
    m.unit = strategy::MeasureUnit::kPercent;
    m.direction = i % 2 == 0 ? strategy::Direction::kHigher : strategy::Direction::kLower;
    m.frequency = strategy::Frequency::kMonthly;
    m.baseline.kind = strategy::Baseline::Kind::kValue;
    m.baseline.value = 50;
    m.baseline.period = "2020-21";
    for (int y = 1; y <= 3; ++y) {
      strategy::Target t;
      t.kind = strategy::TargetKind::kThreshold;
      t.year = y;
      t.value = 50 + (i % 2 == 0 ? 2.0 : -2.0) * y;
      m.targets.push_back(t);
    }
    s.measures.push_back(m);
    Date d{2019, 4, 1};
    for (int k = 0; k < 60; ++k, d = d.AddMonths(1)) {
      Observation o;
      o.measure_id = m.id;
      o.period = Period::Month(d.year, d.month);
      o.value = 50 + (i % 3) * 0.05 * k + 3 * noise();
      f.data.observations.push_back(o);
    }
  }
  return f;
}

void BM_Evaluate(benchmark::State& state) {
  Fixture f = MakeFixture(static_cast<int>(state.range(0)));
  EvaluateOptions o;
  o.period = Period::FinancialQuarter(2023, 4);
  for (auto _ : state) {
    auto e = Evaluate(f.strategy, f.data, o);
    if (!e.ok()) state.SkipWithError(e.status().message().c_str());
    benchmark::DoNotOptimize(e);
  }
  state.counters["measures"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_Evaluate)->Arg(1000)->Unit(benchmark::kMillisecond);

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// A benchmark file as national publications order them: by indicator, then
// period, then organisation (500 organisations, 60 months, N/30000 indicators).
fs::path MakeBenchmarkFile(int64_t rows) {
  fs::path path = fs::temp_directory_path() / fmt::format("bench_peers_{}_{}.csv", getpid(), rows);
  std::ofstream out(path, std::ios::binary);
  out << "indicator,period,org_code,org_name,peer_group,value\n";
  std::string chunk;
  for (int64_t i = 0; i < rows; ++i) {
    int64_t org = i % 500, month = (i / 500) % 60, indicator = i / 30000;
    chunk +=
        fmt::format("indicator_{},{}-{:02},R{:04},Organisation {},acute_trusts,{}.{}\n", indicator,
                    2019 + month / 12, 1 + month % 12, org, org, 40 + i % 53, i % 10);
    if (chunk.size() > (1 << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
  return path;
}

void BM_IngestBenchmarks(benchmark::State& state) {
  const int64_t rows = state.range(0);
  fs::path csv_path = MakeBenchmarkFile(rows);
  fs::path db = fs::temp_directory_path() / fmt::format("bench_store_{}.db", getpid());
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    auto store = Store::Open(db.string(), Store::kCreate);
    auto csv = CsvReader::Open(csv_path.string());
    state.ResumeTiming();
    if (!store.ok() || !csv.ok()) {
      state.SkipWithError("cannot open the store or the file");
      break;
    }
    IngestOptions o;
    o.loaded_by = "bench";
    o.loaded_at = "2024-01-01T00:00:00Z";
    auto r = IngestBenchmarks(*store, *csv, o);
    if (!r.ok() || !r->written) state.SkipWithError("the ingest failed");
  }
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows * state.iterations()),
                                                    benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = PeakRssMb();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  fs::remove(csv_path);
}
BENCHMARK(BM_IngestBenchmarks)
    ->Arg(1'000'000)
    ->Arg(3'000'000)
    ->Arg(10'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace barometer::measures
