// A deterministic stand-in period record for report tests: every measure of
// a strategy gets a series at its frequency, a status (cycling through all of
// them), SPC for monthly series (computed by stats::ComputeSpc), peer values
// where the measure has a peer group, a forecast and commentary; the roll-ups
// are the measures part's own (RollUpAll). The reports only lay these out,
// so the tests check layout facts (what appears, how many points are drawn),
// never these made-up numbers.
#pragma once

#include <cmath>
#include <string>

#include "measures/internal/eval.h"
#include "measures/record.h"
#include "strategy/load.h"
#include "strategy/strategy.h"

namespace barometer::report::testing {

inline strategy::Strategy LoadExample(const std::string& name) {
  auto r = strategy::LoadValidStrategy(std::string(BAROMETER_SOURCE_DIR) + "/examples/" + name +
                                       "/strategy.toml");
  if (!r.ok()) return {};
  return std::move(r).value();
}

inline measures::PeriodRecord FakeRecord(const strategy::Strategy& s, Period period) {
  measures::PeriodRecord rec;
  rec.period = period;
  rec.as_of = "the latest data are for the period ending " + period.end.ToString();
  measures::Evaluation& e = rec.evaluation;
  e.period = period;
  int i = 0;
  for (const strategy::Measure& m : s.measures) {
    measures::MeasureEvaluation r;
    r.measure_id = m.id;
    r.name = m.name;
    strategy::Thread t = strategy::ThreadOf(s, m);
    if (t.objective) r.objective_id = t.objective->id;
    if (t.priority) r.priority_id = t.priority->id;
    r.status = static_cast<measures::MeasureStatus>(i % measures::kStatusCount);
    r.reason = "Reason " + std::to_string(i);
    int step = m.frequency == strategy::Frequency::kMonthly     ? 1
               : m.frequency == strategy::Frequency::kQuarterly ? 3
                                                                : 12;
    double base = m.baseline.value.value_or(m.range ? (m.range->min + m.range->max) / 2 : 50.0);
    int k = 0;
    for (Date d = s.organisation.period.start.AddMonths(step).AddDays(-1); d <= period.end;
         d = s.organisation.period.start.AddMonths(step * (++k + 1)).AddDays(-1)) {
      measures::Observation o;
      o.measure_id = m.id;
      o.period = Period::Day(d);
      o.value = base * (1 + 0.01 * std::sin(k * 1.3 + i));
      r.series.push_back(o);
    }
    if (!r.series.empty()) r.latest = r.series.back();
    r.baseline.value = m.baseline.value;
    if (r.baseline.value) {
      r.baseline.source = measures::BaselineSource::kStrategy;
      r.baseline.date = s.organisation.period.start.AddDays(-1);
    }
    if (step == 1 && r.series.size() >= 12) {
      std::vector<stats::SpcInput> in;
      for (const auto& p : r.series) in.push_back({p.period.end, p.value});
      auto spc = stats::ComputeSpc(in, {});
      if (spc.ok()) r.spc = *spc;
    }
    if (!m.peer_group.empty() && r.latest) {
      measures::RankInfo p;
      p.peer_group = m.peer_group;
      p.period = period;
      p.value = r.latest->value;
      p.rank = 30;
      p.peers = 120;
      p.quartile = 2;
      for (int j = 0; j < 120; ++j) p.peer_values.push_back(base * (0.8 + 0.4 * j / 119.0));
      r.rank = p;
    }
    if (r.latest && i % 2 == 0) {
      measures::ForecastInfo f;
      f.due = s.organisation.period.end;
      f.goal = r.latest->value * 1.02;
      f.op = ">=";
      f.value = r.latest->value * 1.01;
      f.lower = r.latest->value * 0.97;
      f.upper = r.latest->value * 1.05;
      f.probability = 0.6;
      f.projected_to_meet = true;
      r.forecasts.push_back(f);
    }
    measures::Commentary c;
    c.measure_id = m.id;
    c.period = period;
    c.author = "Executive owner";
    c.text = "Commentary for " + m.name + ".";
    r.commentary = c;
    e.measures.push_back(std::move(r));
    ++i;
  }
  measures::internal::RollUpAll(s, e);
  rec.key_messages = measures::DrawKeyMessages(s, rec);
  return rec;
}

}  // namespace barometer::report::testing
