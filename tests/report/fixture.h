// A deterministic stand-in evaluation for report tests: every measure of a
// strategy gets a series at its frequency, a status (cycling through all of
// them), SPC for monthly series (computed by stats::ComputeSpc), peer values
// where the measure has a peer group, a forecast and commentary. The reports
// only lay these out, so the tests check layout facts (what appears, how
// many points are drawn), never these made-up numbers.
#pragma once

#include <cmath>
#include <string>

#include "report/model.h"
#include "strategy/load.h"
#include "strategy/strategy.h"

namespace barometer::report::testing {

inline strategy::Strategy LoadExample(const std::string& name) {
  auto r = strategy::LoadValidStrategy(std::string(BAROMETER_SOURCE_DIR) + "/examples/" + name +
                                       "/strategy.toml");
  if (!r.ok()) return {};
  return std::move(r).value();
}

inline Evaluation FakeEvaluation(const strategy::Strategy& s, Period period) {
  Evaluation e;
  e.period = period;
  e.as_of = "Data to " + period.end.ToString() + ".";
  int i = 0;
  for (const strategy::Measure& m : s.measures) {
    MeasureResult r;
    r.measure_id = m.id;
    r.status = static_cast<MeasureStatus>(i % 8);
    r.reason = "Reason " + std::to_string(i);
    int step = m.frequency == strategy::Frequency::kMonthly     ? 1
               : m.frequency == strategy::Frequency::kQuarterly ? 3
                                                                : 12;
    double base = m.baseline.value.value_or(m.range ? (m.range->min + m.range->max) / 2 : 50.0);
    int k = 0;
    for (Date d = s.organisation.period.start.AddMonths(step).AddDays(-1); d <= period.end;
         d = s.organisation.period.start.AddMonths(step * (++k + 1)).AddDays(-1)) {
      double v = base * (1 + 0.01 * std::sin(k * 1.3 + i));
      r.series.push_back({d, Period::Day(d).ToString(), v, std::nullopt, std::nullopt});
    }
    if (!r.series.empty()) {
      r.latest = r.series.back().value;
      r.latest_period = r.series.back().period;
    }
    r.baseline = m.baseline.value;
    if (step == 1 && r.series.size() >= 12) {
      std::vector<stats::SpcInput> in;
      for (const auto& p : r.series) in.push_back({p.date, p.value});
      auto spc = stats::ComputeSpc(in, {});
      if (spc.ok()) r.spc = *spc;
    }
    if (!m.peer_group.empty() && r.latest) {
      PeerPosition p{"All NHS acute trusts", period.ToString(), {}, 30, 120, 2, std::nullopt};
      for (int j = 0; j < 120; ++j) p.values.push_back(base * (0.8 + 0.4 * j / 119.0));
      r.peers = p;
    }
    if (r.latest && i % 2 == 0)
      r.forecast = ForecastView{s.organisation.period.end,
                                *r.latest * 1.01,
                                *r.latest * 0.97,
                                *r.latest * 1.05,
                                0.6,
                                "Projected to meet the target (p = 0.60)"};
    r.commentary = "Commentary for " + m.name + ".";
    r.commentary_author = "Executive owner";
    e.measures.push_back(std::move(r));
    ++i;
  }
  return e;
}

}  // namespace barometer::report::testing
