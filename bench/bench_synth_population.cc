// Throughput of `barometer synth population`: people and bytes written per
// second for 500 thousand and 3 million people, on 1 and 2 threads. The files
// go to a temporary directory that is removed after each run. Peak memory is
// measured by bench/synth_population.sh (it needs a separate process).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "synth/population.h"

namespace {

void BM_SynthPopulation(benchmark::State& state) {
  barometer::synth::PopulationOptions o;
  o.people = static_cast<uint64_t>(state.range(0));
  o.threads = static_cast<int>(state.range(1));
  o.profile = barometer::synth::PopulationProfile::kMixedCounty;
  std::string dir = (std::filesystem::temp_directory_path() / "bench-synth-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    state.SkipWithError("cannot create a temporary directory");
    return;
  }
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto s = barometer::synth::WriteSyntheticPopulation(o, dir);
    if (!s.ok()) {
      state.SkipWithError(s.status().ToString().c_str());
      break;
    }
    for (const auto& f : s->files) bytes += f.bytes;
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * o.people));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["people_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * o.people), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_SynthPopulation)
    ->ArgNames({"people", "threads"})
    ->Args({500'000, 1})
    ->Args({500'000, 2})
    ->Args({3'000'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
