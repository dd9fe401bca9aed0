#include "report/from_measures.h"

#include <algorithm>
#include <cmath>

#include "report/internal/canvas.h"
#include "report/internal/present.h"

namespace barometer::report {
namespace {

MeasureStatus Map(measures::MeasureStatus s) {
  using M = measures::MeasureStatus;
  switch (s) {
    case M::kAchieved:
      return MeasureStatus::kAchieved;
    case M::kOnTrack:
      return MeasureStatus::kOnTrack;
    case M::kAtRisk:
      return MeasureStatus::kAtRisk;
    case M::kOffTrack:
      return MeasureStatus::kOffTrack;
    case M::kNotYetDue:
      return MeasureStatus::kNotYetDue;
    case M::kNoData:
      return MeasureStatus::kNoData;
    case M::kMilestoneComplete:
      return MeasureStatus::kMilestoneComplete;
    case M::kMilestoneOverdue:
      return MeasureStatus::kMilestoneOverdue;
  }
  return MeasureStatus::kNoData;
}

std::optional<PeerPosition> Peers(const strategy::Strategy& s, const measures::RankInfo& r,
                                  const std::vector<measures::BenchmarkValue>& benchmarks) {
  PeerPosition p;
  const strategy::PeerGroup* g = strategy::FindPeerGroup(s, r.peer_group);
  p.peer_group = g ? g->name : r.peer_group;
  p.period = r.period.ToString();
  for (const measures::BenchmarkValue& b : benchmarks)
    if (b.indicator == r.indicator && b.period == r.period && b.peer_group == r.peer_group &&
        b.value)
      p.values.push_back(*b.value);
  if (r.rank > 0) p.rank = r.rank;
  p.count = r.peers;
  if (r.quartile > 0) p.quartile = r.quartile;
  p.value = r.value;
  return p;
}

std::optional<ForecastView> Forecast(const strategy::Measure* m,
                                     const measures::MeasureEvaluation& x) {
  if (x.forecasts.empty()) return std::nullopt;
  const measures::ForecastInfo& f =
      *std::min_element(x.forecasts.begin(), x.forecasts.end(),
                        [](const auto& a, const auto& b) { return a.due < b.due; });
  ForecastView v{f.due, f.value, f.lower, f.upper, f.probability, ""};
  std::string goal = m ? internal::FormatValue(*m, f.goal) : internal::Num(f.goal, x.decimals);
  std::string value = m ? internal::FormatValue(*m, f.value) : internal::Num(f.value, x.decimals);
  v.verdict = std::string(f.projected_to_meet ? "Projected to meet" : "Projected to miss") +
              " the target of " + goal + " by " + MonthLabel(static_cast<double>(f.due.ToDays())) +
              ": trend gives " + value + " (chance of meeting it " +
              internal::Num(100 * f.probability, 0) + "%)";
  return v;
}

MeasureResult Result(const strategy::Strategy& s, const measures::MeasureEvaluation& x,
                     const std::vector<measures::BenchmarkValue>& benchmarks) {
  const strategy::Measure* m = strategy::FindMeasure(s, x.measure_id);
  MeasureResult r;
  r.measure_id = x.measure_id;
  r.status = Map(x.status);
  r.reason = x.reason;
  if (x.latest) {
    r.latest = x.latest->value;
    r.latest_period = x.latest->period.ToString();
  }
  if (x.target) {
    r.target = x.target->goal_for_period ? x.target->goal_for_period : x.target->goal;
    r.target_text = x.target->text;
  }
  r.baseline = x.baseline.value;
  for (const measures::Observation& o : x.series)
    r.series.push_back({o.period.end, o.period.ToString(), o.value, o.lower, o.upper});
  r.spc = x.spc;
  if (x.rank) r.peers = Peers(s, *x.rank, benchmarks);
  r.forecast = Forecast(m, x);
  if (x.commentary) {
    r.commentary = x.commentary->text;
    r.commentary_author = x.commentary->author;
  }
  return r;
}

}  // namespace

Evaluation FromMeasures(const strategy::Strategy& s, const measures::Evaluation& e,
                        const std::vector<measures::BenchmarkValue>& benchmarks) {
  Evaluation v;
  v.period = e.period;
  std::optional<Date> latest;
  for (const measures::MeasureEvaluation& x : e.measures) {
    v.measures.push_back(Result(s, x, benchmarks));
    if (x.latest && (!latest || x.latest->period.end > *latest)) latest = x.latest->period.end;
  }
  v.as_of = "Evaluated for " + e.period.ToString() +
            (latest ? "; the latest data are for the period ending " +
                          MonthLabel(static_cast<double>(latest->ToDays())) + "."
                    : "; no data yet.");
  return v;
}

}  // namespace barometer::report
