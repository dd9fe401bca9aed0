// SPC throughput: 10,000 monthly series of 60 points (five years), the size
// of a large trust's IPR across all its wards and specialties.
//   make bench && build-bench/bench/bench_spc
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "stats/spc.h"

namespace barometer::stats {
namespace {

constexpr int kSeries = 10000;
constexpr int kPoints = 60;

// Seeded, so every run charts the same data: noise around a level, with a
// step in a third of the series, a drift in another third, and a few gaps.
std::vector<std::vector<SpcInput>> MakeSeries() {
  std::mt19937_64 rng(20240401);
  std::normal_distribution<double> noise(0, 1);
  std::vector<std::vector<SpcInput>> all(kSeries);
  for (int s = 0; s < kSeries; ++s) {
    double level = 50 + s % 40;
    for (int i = 0; i < kPoints; ++i) {
      double y = level + 3 * noise(rng);
      if (s % 3 == 1 && i >= 40) y += 6;
      if (s % 3 == 2) y += 0.1 * i;
      std::optional<double> v = (s * 7 + i) % 97 == 0 ? std::nullopt : std::optional<double>(y);
      all[s].push_back({Date{2019, 4, 1}.AddMonths(i), v});
    }
  }
  return all;
}

void BM_ComputeSpc(benchmark::State& state) {
  const auto series = MakeSeries();
  SpcOptions o;
  o.target = 60;
  for (auto _ : state) {
    size_t special = 0;
    for (const auto& s : series) {
      auto r = ComputeSpc(s, o);
      special += r.ok() && r->variation_icon != VariationIcon::kCommonCause;
    }
    benchmark::DoNotOptimize(special);
  }
  state.SetItemsProcessed(state.iterations() * kSeries * kPoints);
  state.counters["series"] = kSeries;
}
BENCHMARK(BM_ComputeSpc)->Unit(benchmark::kMillisecond);

void BM_ComputeSpcByFacet(benchmark::State& state) {
  const auto series = MakeSeries();
  std::vector<SpcFacetInput> in;
  for (int s = 0; s < kSeries; ++s) {
    for (const SpcInput& p : series[s])
      in.push_back({"ward-" + std::to_string(s), p.date, p.value});
  }
  SpcFacetOptions o;
  o.common.target = 60;
  o.common.rebase = {Date{2022, 4, 1}};
  for (auto _ : state) {
    auto r = ComputeSpcByFacet(in, o);
    benchmark::DoNotOptimize(r.ok());
  }
  state.SetItemsProcessed(state.iterations() * kSeries * kPoints);
}
BENCHMARK(BM_ComputeSpcByFacet)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace barometer::stats
