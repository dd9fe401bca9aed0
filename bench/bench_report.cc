// Board strategy report for a strategy with 200 monthly measures (5 priorities
// x 4 objectives x 10 measures, 36 points each, SPC, peers for a quarter of
// them): building the HTML, and printing it to PDF with headless Chromium.
//   make bench && build-bench/bench/bench_report
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "report/pdf.h"
#include "report/report.h"

namespace barometer::report {
namespace {

strategy::Strategy BigStrategy() {
  strategy::Strategy s;
  s.organisation.name = "Benchmark NHS Foundation Trust";
  s.organisation.short_name = "BNFT";
  s.organisation.strategy = "Benchmark strategy";
  s.organisation.vision = "Two hundred measures of success";
  s.organisation.period.start = {2021, 4, 1};
  s.organisation.period.end = {2024, 3, 31};
  s.committees.push_back({});
  s.committees.back().id = "quality";
  s.committees.back().name = "Quality Committee";
  for (int p = 0; p < 5; ++p) {
    strategy::Priority pr;
    pr.id = "p" + std::to_string(p);
    pr.name = "Priority " + std::to_string(p + 1);
    pr.committee = "quality";
    s.priorities.push_back(pr);
    for (int o = 0; o < 4; ++o) {
      strategy::Objective ob;
      ob.id = pr.id + "o" + std::to_string(o);
      ob.priority = pr.id;
      ob.name = "Objective " + std::to_string(o + 1) + " of " + pr.name;
      s.objectives.push_back(ob);
      for (int m = 0; m < 10; ++m) {
        strategy::Measure me;
        me.id = ob.id + "m" + std::to_string(m);
        me.objective = ob.id;
        me.name = "Measure " + me.id;
        me.unit = strategy::MeasureUnit::kPercent;
        me.direction = strategy::Direction::kHigher;
        me.frequency = strategy::Frequency::kMonthly;
        me.baseline.value = 60;
        for (int y = 1; y <= 3; ++y) {
          strategy::Target t;
          t.kind = strategy::TargetKind::kThreshold;
          t.year = y;
          t.value = 60 + 5 * y;
          t.text = "Reach " + std::to_string(60 + 5 * y) + "%";
          me.targets.push_back(t);
        }
        s.measures.push_back(me);
      }
    }
  }
  return s;
}

Evaluation BigEvaluation(const strategy::Strategy& s) {
  Evaluation e;
  e.period = Period::FinancialQuarter(2023, 4);
  int i = 0;
  for (const strategy::Measure& m : s.measures) {
    MeasureResult r;
    r.measure_id = m.id;
    r.status = static_cast<MeasureStatus>(i % 8);
    r.reason = "Behind the trajectory by 2 points.";
    r.baseline = 60;
    std::vector<stats::SpcInput> in;
    for (int k = 0; k < 36; ++k) {
      Date d = Date{2021, 4, 1}.AddMonths(k + 1).AddDays(-1);
      double v = 60 + 0.3 * k + 3 * std::sin(k + i);
      r.series.push_back({d, Period::Month(d.year, d.month).ToString(), v, {}, {}});
      in.push_back({d, v});
    }
    r.latest = r.series.back().value;
    r.latest_period = r.series.back().period;
    r.target = 75;
    stats::SpcOptions so;
    so.target = 75;
    if (auto spc = stats::ComputeSpc(in, so); spc.ok()) r.spc = *spc;
    if (i % 4 == 0) {
      PeerPosition p{"All acute trusts", "2023-24", {}, 40, 120, 2, std::nullopt};
      for (int j = 0; j < 120; ++j) p.values.push_back(50 + 0.3 * j);
      r.peers = p;
    }
    r.forecast = ForecastView{Date{2024, 3, 31}, 72, 68, 76, 0.4, "Projected to miss the target"};
    r.commentary = "Improvement plan in place; the owner expects recovery next quarter.";
    e.measures.push_back(std::move(r));
    ++i;
  }
  return e;
}

void BM_BoardReportHtml200(benchmark::State& state) {
  strategy::Strategy s = BigStrategy();
  Evaluation e = BigEvaluation(s);
  size_t bytes = 0;
  for (auto _ : state) {
    auto d = BoardReport(s, e, {});
    bytes = d->html.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["html_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_BoardReportHtml200)->Unit(benchmark::kMillisecond);

void BM_BoardReportPdf200(benchmark::State& state) {
  auto chromium = FindChromium();
  if (!chromium) {
    state.SkipWithError("chromium not installed");
    return;
  }
  strategy::Strategy s = BigStrategy();
  Evaluation e = BigEvaluation(s);
  auto dir =
      std::filesystem::temp_directory_path() / ("bench-report-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string pdf = (dir / "board.pdf").string();
  for (auto _ : state) {
    auto d = BoardReport(s, e, {});
    Status st = WriteDocument(*d, OutputFormat::kPdf, pdf, {*chromium, 600});
    if (!st.ok()) state.SkipWithError(st.message().c_str());
  }
  state.counters["pdf_MB"] = static_cast<double>(std::filesystem::file_size(pdf)) / 1e6;
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_BoardReportPdf200)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace barometer::report
