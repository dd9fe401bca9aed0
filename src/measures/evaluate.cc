#include "measures/evaluate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/number.h"
#include "measures/internal/eval.h"
#include "measures/record.h"

namespace barometer::measures {

using strategy::TargetKind;

std::string_view StatusName(MeasureStatus s) {
  static constexpr std::string_view kNames[] = {"achieved",           "on_track",         "at_risk",
                                                "off_track",          "not_yet_due",      "no_data",
                                                "milestone_complete", "milestone_overdue"};
  return kNames[static_cast<int>(s)];
}

std::string_view StatusLabel(MeasureStatus s) {
  static constexpr std::string_view kLabels[] = {
      "Achieved", "On track",           "At risk",          "Off track", "Not yet due",
      "No data",  "Milestone complete", "Milestone overdue"};
  return kLabels[static_cast<int>(s)];
}

int StatusSeverity(MeasureStatus s) {
  switch (s) {
    case MeasureStatus::kOffTrack:
      return 7;
    case MeasureStatus::kMilestoneOverdue:
      return 6;
    case MeasureStatus::kAtRisk:
      return 5;
    case MeasureStatus::kOnTrack:
      return 4;
    case MeasureStatus::kNotYetDue:
      return 3;
    case MeasureStatus::kAchieved:
      return 2;
    case MeasureStatus::kMilestoneComplete:
      return 1;
    case MeasureStatus::kNoData:
      return 0;
  }
  return 0;
}

std::string_view BaselineSourceName(BaselineSource s) {
  switch (s) {
    case BaselineSource::kNone:
      return "none";
    case BaselineSource::kStrategy:
      return "strategy";
    case BaselineSource::kEstablishedInYear:
      return "established_in_year";
    case BaselineSource::kBeforeStrategy:
      return "before_strategy";
  }
  return "none";
}

std::string_view RollUpLevelName(RollUpLevel l) {
  switch (l) {
    case RollUpLevel::kObjective:
      return "objective";
    case RollUpLevel::kPriority:
      return "priority";
    case RollUpLevel::kCommittee:
      return "committee";
    case RollUpLevel::kOrganisation:
      return "organisation";
  }
  return "";
}

namespace {

// "1234567.5" -> "1,234,567.5".
std::string Thousands(std::string s) {
  size_t start = s[0] == '-' ? 1 : 0;
  size_t dot = s.find('.');
  size_t end = dot == std::string::npos ? s.size() : dot;
  for (size_t i = end; i > start + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

}  // namespace

std::string PeriodLabel(const Observation& o) {
  return o.period.ToString() + (o.provisional ? ", provisional" : "");
}

std::string FormatValue(double v, const strategy::Measure& m) {
  using strategy::MeasureUnit;
  MeasureUnit unit = m.unit.value_or(MeasureUnit::kScore);
  int d = m.decimals.value_or(strategy::DefaultDecimals(unit));
  std::string fixed = FormatFixed(v, d);
  switch (unit) {
    case MeasureUnit::kPercent:
      return fixed + "%";
    case MeasureUnit::kCount:
      return Thousands(fixed);
    case MeasureUnit::kRate:
      return m.per ? fmt::format("{} per {}", fixed, Thousands(FormatFixed(*m.per, 0))) : fixed;
    case MeasureUnit::kYears:
      return fixed + " years";
    case MeasureUnit::kDays:
      return fixed + " days";
    case MeasureUnit::kGbp:
      return v < 0 ? "-£" + Thousands(FormatFixed(-v, d)) : "£" + Thousands(fixed);
    case MeasureUnit::kMilestone:
      if (v == 1 || v >= 100) return "done";
      if (v == 0) return "not started";
      return fmt::format("{:g}% complete", v);
    default:
      return fixed;
  }
}

std::string_view RebaseSourceName(RebaseSource s) {
  return s == RebaseSource::kProcessChange ? "process_change" : "strategy";
}

Period DefaultPeriod(const strategy::Strategy& strategy,
                     const std::vector<Observation>& observations, std::optional<Date> today) {
  if (std::optional<Period> latest = LatestQuarterWithData(observations)) {
    // Never past today: a forecast (or a typo such as 2099-12) in the data
    // must not move the default period into the future.
    if (today && *today < latest->start)
      return Period::FinancialQuarter(today->FinancialYear(), today->FinancialQuarter());
    return *latest;
  }
  // With no data: the quarter holding today, kept within the strategy period.
  const strategy::StrategyPeriod& sp = strategy.organisation.period;
  Date d = std::clamp(today.value_or(sp.start), sp.start, std::max(sp.start, sp.end));
  return Period::FinancialQuarter(d.FinancialYear(), d.FinancialQuarter());
}

const ForecastInfo* MainForecast(const MeasureEvaluation& m) {
  if (m.forecasts.empty()) return nullptr;
  if (m.target) {
    for (const ForecastInfo& f : m.forecasts) {
      if (f.target_index == m.target->index) return &f;
    }
  }
  return &m.forecasts.front();
}

std::optional<Period> LatestQuarterWithData(const std::vector<Observation>& observations) {
  std::optional<Date> last;
  for (const Observation& o : observations) {
    if (!last || o.period.end > *last) last = o.period.end;
  }
  if (!last) return std::nullopt;
  return Period::FinancialQuarter(last->FinancialYear(), last->FinancialQuarter());
}

namespace {

Status CheckOptions(const EvaluateOptions& o) {
  if (o.min_spc_points < 2) return Status::InvalidInput("min_spc_points must be at least 2");
  if (o.forecast_min_points < 3) {
    return Status::InvalidInput("a forecast needs at least 3 points (forecast_min_points)");
  }
  if (o.forecast_max_points < o.forecast_min_points) {
    return Status::InvalidInput("forecast_max_points must be at least forecast_min_points");
  }
  for (double c : {o.forecast_confidence, o.significance_confidence}) {
    if (!(c > 0 && c < 1))
      return Status::InvalidInput("a confidence level must be between 0 and 1");
  }
  return Status::Ok();
}

// The measure's values up to `as_of`, in period order, one per period.
std::vector<Observation> SeriesUpTo(const std::vector<const Observation*>& all, Date as_of) {
  std::vector<Observation> out;
  for (const Observation* o : all) {
    if (o->period.end <= as_of) out.push_back(*o);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Observation& a, const Observation& b) { return a.period < b.period; });
  auto same = [](const Observation& a, const Observation& b) { return a.period == b.period; };
  // A repeated period keeps its last value, as the store's latest revision does.
  std::vector<Observation> unique;
  for (Observation& o : out) {
    if (!unique.empty() && same(unique.back(), o)) {
      unique.back() = std::move(o);
    } else {
      unique.push_back(std::move(o));
    }
  }
  return unique;
}

void DescribeMeasure(const strategy::Strategy& s, const strategy::Measure& m,
                     MeasureEvaluation& e) {
  e.measure_id = m.id;
  e.name = m.name;
  strategy::Thread thread = strategy::ThreadOf(s, m);
  if (thread.objective != nullptr) {
    e.objective_id = thread.objective->id;
    if (const strategy::Committee* c = strategy::EffectiveCommittee(s, *thread.objective)) {
      e.committee_id = c->id;
    }
  }
  if (thread.priority != nullptr) {
    e.priority_id = thread.priority->id;
    if (e.committee_id.empty()) e.committee_id = thread.priority->committee;
  }
  if (thread.objective != nullptr) {
    e.owner_role = thread.objective->owner;
  } else if (thread.priority != nullptr) {
    e.owner_role = thread.priority->lead;
  }
  e.owner = OwnerName(s, e.owner_role);
  if (m.unit) e.unit = std::string(strategy::EnumName(*m.unit));
  if (m.direction) e.direction = std::string(strategy::EnumName(*m.direction));
  if (m.frequency) e.frequency = std::string(strategy::EnumName(*m.frequency));
  e.decimals = m.decimals.value_or(
      strategy::DefaultDecimals(m.unit.value_or(strategy::MeasureUnit::kScore)));
}

bool NumericGoal(const TargetView& t) {
  return t.goal && (t.kind == TargetKind::kThreshold || t.kind == TargetKind::kChange ||
                    t.kind == TargetKind::kMaintain);
}

MeasureEvaluation EvaluateMeasure(const strategy::Strategy& s, const strategy::Measure& m,
                                  const std::vector<const Observation*>& values,
                                  const internal::DataIndex& data, const EvaluateOptions& options,
                                  Date as_of) {
  MeasureEvaluation e;
  DescribeMeasure(s, m, e);
  e.series = SeriesUpTo(values, as_of);
  e.missing_periods = internal::MissingPeriods(e.series, m);
  if (!e.series.empty()) {
    e.latest = e.series.back();
    e.latest_year = internal::YearIndex(s, e.latest->period.end);
  }
  e.baseline = internal::ResolveBaseline(s, m, e.series, as_of);
  e.targets = internal::ResolveTargets(s, m, e.baseline);
  int i = internal::ApplicableTarget(s, e.targets, e.latest ? e.latest->period.end : as_of);
  std::optional<double> spc_target;
  std::string peer_group = m.peer_group;
  if (i >= 0) {
    if (NumericGoal(e.targets[i])) spc_target = e.targets[i].goal;
    if (e.targets[i].kind == TargetKind::kRank) {
      peer_group = strategy::EffectivePeerGroup(m.targets[e.targets[i].index], m);
    }
  }
  static const std::vector<const ProcessChange*> kNoChanges;
  auto changes = data.process_changes.find(m.id);
  internal::MeasureSpc(changes == data.process_changes.end() ? kNoChanges : changes->second, m,
                       spc_target, options, e);
  e.rank = internal::RankMeasure(s, m, peer_group, data, options.org_code, as_of);
  if (e.rank) e.funnel = internal::FunnelMeasure(m, *e.rank, data);
  e.forecasts = internal::Forecasts(e.series, e.targets, m, options);
  internal::JudgeStatus(s, m, data, options, as_of, e);
  if (auto it = data.commentary.find(m.id); it != data.commentary.end()) {
    for (const Commentary* c : it->second) {
      if (c->period.end > as_of) continue;
      if (!e.commentary || e.commentary->period < c->period) e.commentary = *c;
    }
  }
  return e;
}

}  // namespace

Result<Evaluation> Evaluate(const strategy::Strategy& strategy, const EvaluationData& data,
                            const EvaluateOptions& options) {
  if (Status s = CheckOptions(options); !s.ok()) return s;
  EvaluateOptions opt = options;
  if (opt.org_code.empty()) opt.org_code = strategy.organisation.ods_code;
  Evaluation out;
  out.org_code = opt.org_code;
  if (options.period) {
    out.period = *options.period;
  } else {
    out.period = DefaultPeriod(strategy, data.observations, options.today);
    out.period_defaulted = true;
  }
  const Date as_of = out.period.end;
  out.strategy_year = strategy::YearOf(strategy, as_of);
  const internal::DataIndex index(data);
  static const std::vector<const Observation*> kNone;
  for (const strategy::Measure& m : strategy.measures) {
    auto it = index.observations.find(m.id);
    out.measures.push_back(EvaluateMeasure(
        strategy, m, it == index.observations.end() ? kNone : it->second, index, opt, as_of));
  }
  internal::RollUpAll(strategy, out);
  return out;
}

Result<EvaluationData> ReadEvaluationData(Store& store, const strategy::Strategy& strategy,
                                          int64_t as_of_load) {
  EvaluationData data;
  auto obs = store.ObservationsAsOf(as_of_load);
  if (!obs.ok()) return obs.status();
  for (auto& o : *obs) data.observations.push_back(std::move(o.observation));
  auto comm = store.CommentaryAsOf(as_of_load);
  if (!comm.ok()) return comm.status();
  for (auto& c : *comm) data.commentary.push_back(std::move(c.commentary));
  auto changes = store.ProcessChanges(as_of_load);
  if (!changes.ok()) return changes.status();
  data.process_changes = std::move(changes).value();
  std::set<std::string> indicators;
  for (const strategy::Measure& m : strategy.measures) {
    indicators.insert(m.id);
    if (!m.indicator.empty()) indicators.insert(m.indicator);
  }
  for (const std::string& id : indicators) {
    auto b = store.Benchmarks(id, as_of_load);
    if (!b.ok()) return b.status();
    for (auto& v : *b) data.benchmarks.push_back(std::move(v));
  }
  return data;
}

}  // namespace barometer::measures
