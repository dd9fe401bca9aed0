// Loading, validating, rendering and diffing strategy files. A published
// strategy has tens of measures; the synthetic one here has `n` priorities
// with 10 objectives each and 2 measures per objective (3 yearly targets),
// the size of a large ICS outcomes framework at n = 10.
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "strategy/diff.h"
#include "strategy/load.h"
#include "strategy/render.h"

namespace {

using namespace barometer::strategy;

std::string Synthetic(int priorities) {
  std::string s = R"(format = 1
[organisation]
name = "Bench Trust"
kind = "trust"
strategy = "Bench Strategy"
[organisation.period]
start = 2021-04-01
end = 2024-03-31
[[committees]]
id = "quality"
name = "Quality Committee"
[[roles]]
id = "lead"
title = "Lead"
)";
  for (int p = 0; p < priorities; ++p) {
    s += fmt::format(
        "[[priorities]]\nid = \"p{}\"\nname = \"Priority {}\"\ncommittee = \"quality\"\n", p, p);
    for (int o = 0; o < 10; ++o) {
      s += fmt::format(
          "[[objectives]]\nid = \"p{}_o{}\"\npriority = \"p{}\"\nname = \"Objective {} of "
          "priority {}\"\nowner = \"lead\"\n",
          p, o, p, o, p);
      for (int m = 0; m < 2; ++m) {
        s += fmt::format(
            "[[measures]]\nid = \"p{0}_o{1}_m{2}\"\nobjective = \"p{0}_o{1}\"\nname = \"Measure "
            "{2}\"\nunit = \"percent\"\ndirection = \"higher\"\nfrequency = \"monthly\"\n"
            "baseline = {{ value = 50, period = \"2020-21\" }}\n",
            p, o, m);
        for (int y = 1; y <= 3; ++y) {
          s += fmt::format("[[measures.targets]]\nyear = {}\nkind = \"threshold\"\nvalue = {}\n", y,
                           50 + 5 * y);
        }
      }
    }
  }
  return s;
}

void BM_ParseAndValidate(benchmark::State& state) {
  std::string text = Synthetic(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Loaded l = ParseStrategy(text, "bench.toml");
    benchmark::DoNotOptimize(l.diagnostics.items().size());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.counters["measures"] = static_cast<double>(state.range(0) * 20);
}
BENCHMARK(BM_ParseAndValidate)->Arg(1)->Arg(10)->Arg(50)->Unit(benchmark::kMillisecond);

void BM_RenderTreeAndJson(benchmark::State& state) {
  Loaded l = ParseStrategy(Synthetic(static_cast<int>(state.range(0))), "bench.toml");
  for (auto _ : state) {
    benchmark::DoNotOptimize(RenderTree(l.strategy).size() + ToJson(l.strategy).size());
  }
}
BENCHMARK(BM_RenderTreeAndJson)->Arg(10)->Unit(benchmark::kMillisecond);

void BM_Diff(benchmark::State& state) {
  Loaded a = ParseStrategy(Synthetic(static_cast<int>(state.range(0))), "a.toml");
  Loaded b = a;
  // Rename every objective's id so all of them are matched by wording.
  for (Objective& o : b.strategy.objectives) o.id += "_new";
  for (Measure& m : b.strategy.measures) m.objective += "_new";
  for (auto _ : state) {
    benchmark::DoNotOptimize(DiffStrategies(a.strategy, b.strategy).changes.size());
  }
}
BENCHMARK(BM_Diff)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);

}  // namespace
