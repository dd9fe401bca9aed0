// Indicator methods at population-engine scale. The headline figure is DSR
// over 10,000 groups of 19 age bands (2013 ESP), as one area × sex × year ×
// cause breakdown produces; life expectancy and SII are here for scale too.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "stats/funnels.h"
#include "stats/indicators.h"

namespace st = barometer::stats;

namespace {

struct Groups {
  std::vector<double> counts, pops;
};

// Synthetic but plausible: populations 500–5,000 per band, rates rising with age.
Groups MakeGroups(int groups, int bands, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> pop(500, 5000);
  Groups g;
  for (int i = 0; i < groups; ++i) {
    for (int b = 0; b < bands; ++b) {
      double p = std::floor(pop(rng));
      std::poisson_distribution<int> deaths(p * 0.0005 * (1 + b * b / 20.0));
      g.pops.push_back(p);
      g.counts.push_back(deaths(rng));
    }
  }
  return g;
}

void BM_Dsr10000GroupsOf19Bands(benchmark::State& state) {
  constexpr int kGroups = 10000, kBands = 19;
  Groups g = MakeGroups(kGroups, kBands, 42);
  st::DsrOptions opt;
  for (auto _ : state) {
    double total = 0;
    for (int i = 0; i < kGroups; ++i) {
      std::span<const double> x(g.counts.data() + i * kBands, kBands);
      std::span<const double> n(g.pops.data() + i * kBands, kBands);
      auto d = st::Dsr({x, n, st::kEsp2013, {}}, opt);
      total += d->estimate.value;
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations() * kGroups);
}
BENCHMARK(BM_Dsr10000GroupsOf19Bands)->Unit(benchmark::kMillisecond);

void BM_LifeExpectancy1000Areas(benchmark::State& state) {
  constexpr int kAreas = 1000, kBands = 20;
  Groups g = MakeGroups(kAreas, kBands, 7);
  std::vector<int> ages(st::kLifeTableStartAges.begin(), st::kLifeTableStartAges.end());
  for (auto _ : state) {
    for (int i = 0; i < kAreas; ++i) {
      std::span<const double> d(g.counts.data() + i * kBands, kBands);
      std::span<const double> p(g.pops.data() + i * kBands, kBands);
      auto le = st::LifeExpectancy(ages, d, p, st::kDefaultConfidence);
      benchmark::DoNotOptimize(le);
    }
  }
  state.SetItemsProcessed(state.iterations() * kAreas);
}
BENCHMARK(BM_LifeExpectancy1000Areas)->Unit(benchmark::kMillisecond);

void BM_SiiDecilesDefaultRepetitions(benchmark::State& state) {
  std::vector<st::SiiQuantile> q;
  for (int i = 0; i < 10; ++i) q.push_back({20000.0 + 500 * i, 70.0 + i, 0.3});
  st::SiiOptions opt;  // 100,000 repetitions, 95%
  for (auto _ : state) {
    auto s = st::Sii(q, opt);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_SiiDecilesDefaultRepetitions)->Unit(benchmark::kMillisecond);

// Funnel plots for every acute trust or local authority at once: limits (100
// points, 95% and 99.8%) and each area's significance, for 10,000 crude rates.
void BM_FunnelRates10000Areas(benchmark::State& state) {
  Groups g = MakeGroups(10000, 1, 7);
  std::vector<double> events, pops, rates;
  for (size_t i = 0; i < g.pops.size(); ++i) {
    double e = g.counts[i] + 10, p = g.pops[i] * 20;
    events.push_back(e);
    pops.push_back(p);
    rates.push_back(1e5 * e / p);
  }
  st::FunnelOptions opt;
  opt.statistic = st::FunnelStatistic::kRate;
  opt.rate_type = st::RateType::kCrude;
  opt.multiplier = 1e5;
  st::FunnelData data{events, pops, rates};
  for (auto _ : state) {
    auto limits = st::CalculateFunnelLimits(data, opt);
    auto sig = st::AssignFunnelSignificance(data, opt);
    benchmark::DoNotOptimize(limits);
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_FunnelRates10000Areas)->Unit(benchmark::kMillisecond);

}  // namespace
