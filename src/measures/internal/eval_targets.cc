// Baselines, targets, trajectories, forecasts and SPC for one measure
// (docs/evaluation.md).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/number.h"
#include "measures/ingest.h"
#include "measures/internal/eval.h"
#include "measures/internal/forecast.h"

namespace barometer::measures::internal {

using strategy::TargetKind;

int YearIndex(const strategy::Strategy& s, Date d) {
  Date first = strategy::StrategyYear(s, 1).start;
  int months = (d.year - first.year) * 12 + (d.month - first.month);
  int floor_div = months >= 0 ? months / 12 : -((-months + 11) / 12);
  return floor_div + 1;
}

std::optional<Date> PeriodTextEnd(std::string_view text) {
  if (std::optional<Period> p = Period::Parse(text)) return p->end;
  // Pooled years, "2015-17": three calendar years ending 2017.
  if (text.size() == 7 && text[4] == '-') {
    auto first = ParseInt(text.substr(0, 4)), last = ParseInt(text.substr(5, 2));
    if (first && last) {
      int year = static_cast<int>(*first / 100 * 100 + *last);
      if (year < *first) year += 100;
      return Date{year, 12, 31};
    }
  }
  return std::nullopt;
}

std::string YearLabel(const strategy::Strategy& s, int year) {
  return fmt::format("Year {} ({})", year, strategy::StrategyYear(s, year).ToString());
}

std::string LongDate(Date d) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  return fmt::format("{} {} {}", d.day, kMonths[d.month - 1], d.year);
}

namespace {

// The mean of the values whose period ends in strategy year `year`.
BaselineUsed MeanOfYear(const strategy::Strategy& s, const std::vector<Observation>& series,
                        int year, Date as_of, BaselineSource source) {
  BaselineUsed b;
  b.source = source;
  Period fy = strategy::StrategyYear(s, year);
  b.period = year >= 1 ? YearLabel(s, year) : fy.ToString();
  b.date = fy.end;
  b.provisional = as_of < fy.end;
  double sum = 0;
  const Observation* only = nullptr;
  for (const Observation& o : series) {
    if (YearIndex(s, o.period.end) != year) continue;
    sum += o.value;
    ++b.points;
    only = &o;
  }
  if (b.points == 0) return {};
  b.value = sum / b.points;
  if (b.points == 1) {
    b.lower = only->lower;
    b.upper = only->upper;
  }
  return b;
}

}  // namespace

BaselineUsed ResolveBaseline(const strategy::Strategy& s, const strategy::Measure& m,
                             const std::vector<Observation>& series, Date as_of) {
  using Kind = strategy::Baseline::Kind;
  const strategy::Baseline& given = m.baseline;
  if (given.kind == Kind::kValue && given.value) {
    BaselineUsed b;
    b.source = BaselineSource::kStrategy;
    b.value = given.value;
    b.period = given.period;
    b.date = PeriodTextEnd(given.period);
    // Limits from a stored value for the baseline's period, when there is one.
    std::optional<Period> p = Period::Parse(given.period);
    for (const Observation& o : series) {
      if (p && o.period.start == p->start && o.period.end == p->end) {
        b.lower = o.lower;
        b.upper = o.upper;
      }
    }
    return b;
  }
  int year = 0;
  for (const strategy::Target& t : m.targets) {
    if (t.kind == TargetKind::kEstablishBaseline && t.year) {
      year = *t.year;
      break;
    }
  }
  if (year == 0 && given.kind == Kind::kEstablishInYear) year = std::max(1, given.establish_year);
  if (year > 0) return MeanOfYear(s, series, year, as_of, BaselineSource::kEstablishedInYear);
  BaselineUsed before = MeanOfYear(s, series, 0, as_of, BaselineSource::kBeforeStrategy);
  if (before.value) return before;
  return MeanOfYear(s, series, 1, as_of, BaselineSource::kEstablishedInYear);
}

namespace {

std::string DirectionOp(const strategy::Measure& m, bool strict) {
  switch (m.direction.value_or(strategy::Direction::kNeutral)) {
    case strategy::Direction::kHigher:
      return strict ? ">" : ">=";
    case strategy::Direction::kLower:
      return strict ? "<" : "<=";
    case strategy::Direction::kNeutral:
      return strict ? "" : "=";
  }
  return "";
}

void SetGoal(const strategy::Target& t, const strategy::Measure& m, const BaselineUsed& b,
             TargetView& v) {
  switch (v.kind) {
    case TargetKind::kThreshold:
      v.goal = t.value;
      v.op = std::string(strategy::EnumName(strategy::EffectiveOp(t, m)));
      break;
    case TargetKind::kChange:
      if (b.value && t.change) {
        bool percent = t.change_unit.value_or(strategy::ChangeUnit::kPercent) ==
                       strategy::ChangeUnit::kPercent;
        v.goal = percent ? *b.value * (1 + *t.change / 100) : *b.value + *t.change;
        v.op = *t.change < 0 ? "<=" : *t.change > 0 ? ">=" : DirectionOp(m, false);
      }
      break;
    case TargetKind::kMaintain:
      v.goal = t.value ? t.value : b.value;
      v.op = DirectionOp(m, false);
      break;
    case TargetKind::kImprovement:
      v.goal = b.value;
      v.op = DirectionOp(m, true);
      if (v.op.empty()) v.goal.reset();
      break;
    default:
      break;
  }
}

}  // namespace

std::vector<TargetView> ResolveTargets(const strategy::Strategy& s, const strategy::Measure& m,
                                       const BaselineUsed& baseline) {
  std::vector<TargetView> out;
  for (size_t i = 0; i < m.targets.size(); ++i) {
    const strategy::Target& t = m.targets[i];
    TargetView v;
    v.index = static_cast<int>(i);
    v.kind = t.kind.value_or(TargetKind::kThreshold);
    std::optional<Date> due = strategy::DueDate(s, t);
    if (v.kind == TargetKind::kMilestone && t.due) due = t.due;
    v.due = due.value_or(s.organisation.period.end);
    v.year = t.year ? t.year : std::optional<int>(YearIndex(s, v.due));
    v.text = t.text;
    SetGoal(t, m, baseline, v);
    v.numeric = v.goal && (v.kind == TargetKind::kThreshold || v.kind == TargetKind::kChange ||
                           v.kind == TargetKind::kMaintain);
    out.push_back(std::move(v));
  }
  return out;
}

int ApplicableTarget(const strategy::Strategy& s, const std::vector<TargetView>& targets, Date d) {
  int year = YearIndex(s, d);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].year == year) return static_cast<int>(i);
  }
  int next = -1, last = -1;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Date& due = targets[i].due;
    if (due > d && (next < 0 || due < targets[next].due)) next = static_cast<int>(i);
    if (last < 0 || due > targets[last].due) last = static_cast<int>(i);
  }
  return next >= 0 ? next : last;
}

namespace {

bool HasTrajectoryGoal(const TargetView& t) {
  return t.goal && (t.kind == TargetKind::kThreshold || t.kind == TargetKind::kChange ||
                    t.kind == TargetKind::kMaintain);
}

double Days(Date d) { return static_cast<double>(d.ToDays()); }

// Where target i's trajectory starts: the previous numeric target, else the
// dated baseline; nullopt when it has none.
std::optional<std::pair<Date, double>> Anchor(const std::vector<TargetView>& targets, int i,
                                              const BaselineUsed& baseline) {
  const TargetView& t = targets[i];
  if (!HasTrajectoryGoal(t)) return std::nullopt;
  std::optional<std::pair<Date, double>> from;
  for (const TargetView& p : targets) {
    if (&p == &t || !HasTrajectoryGoal(p) || !(p.due < t.due)) continue;
    if (!from || p.due > from->first) from = std::make_pair(p.due, *p.goal);
  }
  if (!from && baseline.value && baseline.date && *baseline.date < t.due) {
    from = std::make_pair(*baseline.date, *baseline.value);
  }
  return from;
}

}  // namespace

bool HasTrajectory(const std::vector<TargetView>& targets, int i, const BaselineUsed& baseline) {
  return Anchor(targets, i, baseline).has_value();
}

std::optional<double> Trajectory(const std::vector<TargetView>& targets, int i,
                                 const BaselineUsed& baseline, Date d) {
  const TargetView& t = targets[i];
  if (!t.goal) return std::nullopt;
  std::optional<std::pair<Date, double>> from = Anchor(targets, i, baseline);
  if (!from || d >= t.due) return t.goal;
  if (d <= from->first) return from->second;
  double f = (Days(d) - Days(from->first)) / (Days(t.due) - Days(from->first));
  return from->second + f * (*t.goal - from->second);
}

bool Meets(double v, const std::string& op, double goal, int decimals) {
  double eps = 1e-9 * std::max(1.0, std::fabs(goal));
  if (op == ">=") return v >= goal - eps;
  if (op == "<=") return v <= goal + eps;
  if (op == ">") return v > goal + eps;
  if (op == "<") return v < goal - eps;
  if (op == "=") return std::fabs(v - goal) <= 0.5 * std::pow(10.0, -std::max(0, decimals)) + eps;
  return false;
}

Date NextPeriodEnd(const Period& p) {
  switch (p.kind) {
    case PeriodKind::kDay:
      return p.end.AddDays(7);
    case PeriodKind::kMonth:
      return p.start.AddMonths(2).AddDays(-1);
    case PeriodKind::kFinancialQuarter:
      return p.start.AddMonths(6).AddDays(-1);
    case PeriodKind::kFinancialYear:
    case PeriodKind::kCalendarYear:
      return p.start.AddMonths(24).AddDays(-1);
  }
  return p.end;
}

namespace {

// The period after `p` of the same kind (a week after a day).
Period NextPeriod(const Period& p) {
  switch (p.kind) {
    case PeriodKind::kDay:
      return Period::Day(p.end.AddDays(7));
    case PeriodKind::kMonth: {
      Date s = p.start.AddMonths(1);
      return Period::Month(s.year, s.month);
    }
    case PeriodKind::kFinancialQuarter: {
      Date s = p.start.AddMonths(3);
      int first_year = s.month >= 4 ? s.year : s.year - 1;
      return Period::FinancialQuarter(first_year, (s.month + 8) % 12 / 3 + 1);
    }
    case PeriodKind::kFinancialYear:
      return Period::FinancialYear(p.start.year + 1);
    case PeriodKind::kCalendarYear:
      return Period::CalendarYear(p.start.year + 1);
  }
  return p;
}

std::string MonthYear(Date d) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", kMonths[d.month - 1], d.year);
}

}  // namespace

std::vector<Period> MissingPeriods(const std::vector<Observation>& series,
                                   const strategy::Measure& m) {
  std::vector<Period> out;
  using strategy::Frequency;
  if (!m.frequency || *m.frequency == Frequency::kOneOff ||
      m.unit == strategy::MeasureUnit::kMilestone)
    return out;
  for (size_t i = 1; i < series.size(); ++i) {
    const Period& a = series[i - 1].period;
    const Period& b = series[i].period;
    if (a.kind != b.kind || !PeriodFits(a, *m.frequency)) continue;
    for (Period p = NextPeriod(a); p.end < b.end && p.end > a.end; p = NextPeriod(p)) {
      if (out.size() >= kMaxMissingPeriods) return out;
      out.push_back(p);
    }
  }
  return out;
}

std::vector<ForecastInfo> Forecasts(const std::vector<Observation>& series,
                                    const std::vector<TargetView>& targets,
                                    const strategy::Measure& /*m*/,
                                    const EvaluateOptions& options) {
  std::vector<ForecastInfo> out;
  if (series.empty() || static_cast<int>(series.size()) < options.forecast_min_points) return out;
  size_t n = std::min(series.size(), static_cast<size_t>(std::max(3, options.forecast_max_points)));
  std::vector<double> x, y;
  for (size_t i = series.size() - n; i < series.size(); ++i) {
    x.push_back(Days(series[i].period.end) / 365.25);
    y.push_back(series[i].value);
  }
  auto fit = FitTrend(x, y);
  if (!fit.ok()) return out;
  const Date last = series.back().period.end;
  // A target the latest value already settles (no later value can come
  // before its due date) needs no forecast.
  const Date next = NextPeriodEnd(series.back().period);
  for (const TargetView& t : targets) {
    if (!t.goal || t.due <= last || next > t.due || t.op.empty() || t.op == "=") continue;
    double x0 = Days(t.due) / 365.25;
    Projection p = Project(*fit, x0, options.forecast_confidence);
    ForecastInfo f;
    f.target_index = t.index;
    f.due = t.due;
    f.goal = *t.goal;
    f.op = t.op;
    f.value = p.value;
    f.lower = p.lower;
    f.upper = p.upper;
    f.probability = ProbabilityBeyond(*fit, x0, *t.goal, t.op[0] == '>');
    f.projected_to_meet = f.probability >= 0.5;
    f.points = fit->n;
    f.slope_per_year = fit->slope;
    f.fitted_from = series[series.size() - n].period;
    f.fitted_to = series.back().period;
    f.confidence = options.forecast_confidence;
    f.method_text = fmt::format(
        "linear trend (least squares) over {} {} value{}, {} to {}; {:g}% prediction interval",
        n == series.size() ? "all" : "the last", n, n == 1 ? "" : "s", MonthYear(f.fitted_from.end),
        MonthYear(f.fitted_to.end), 100 * options.forecast_confidence);
    out.push_back(f);
  }
  return out;
}

void MeasureSpc(const std::vector<const ProcessChange*>& changes, const strategy::Measure& m,
                std::optional<double> target, const EvaluateOptions& options,
                MeasureEvaluation& e) {
  const std::vector<Observation>& series = e.series;
  // Every rebase: the strategy's dates and the recorded process changes up to
  // the period, each starting its phase at the first value on or after it.
  std::vector<SpcRebase> rebases;
  if (m.spc) {
    for (const Date& d : m.spc->rebase) rebases.push_back({d, {}, RebaseSource::kStrategy, {}, 0});
  }
  const Date as_of = series.empty() ? Date{} : series.back().period.end;
  for (const ProcessChange* c : changes) {
    if (series.empty() || c->date > as_of) continue;  // after the period: not yet
    rebases.push_back({c->date, {}, RebaseSource::kProcessChange, c->description, 0});
  }
  std::stable_sort(rebases.begin(), rebases.end(),
                   [](const SpcRebase& a, const SpcRebase& b) { return a.date < b.date; });
  std::vector<Date> starts;
  for (SpcRebase& r : rebases) {
    auto it = std::find_if(series.begin(), series.end(),
                           [&r](const Observation& o) { return o.period.start >= r.date; });
    if (it == series.end() || it == series.begin()) continue;  // no value after, or before all
    r.starts = it->period.start;
    if (starts.empty() || starts.back() != *r.starts) starts.push_back(*r.starts);
  }
  // Values in each rebase's phase, and in the latest phase.
  for (SpcRebase& r : rebases) {
    if (!r.starts) continue;
    auto next = std::upper_bound(starts.begin(), starts.end(), *r.starts);
    for (const Observation& o : series) {
      if (o.period.start >= *r.starts && (next == starts.end() || o.period.start < *next))
        ++r.points;
    }
  }
  e.spc_rebases = rebases;
  e.spc_phase_points = 0;
  for (const Observation& o : series) {
    if (starts.empty() || o.period.start >= starts.back()) ++e.spc_phase_points;
  }
  if (static_cast<int>(series.size()) < options.min_spc_points) {
    e.spc_note = fmt::format("SPC needs at least {} values; there are {}", options.min_spc_points,
                             series.size());
    return;
  }
  stats::SpcOptions o;
  switch (m.direction.value_or(strategy::Direction::kNeutral)) {
    case strategy::Direction::kHigher:
      o.improvement = stats::Improvement::kIncrease;
      break;
    case strategy::Direction::kLower:
      o.improvement = stats::Improvement::kDecrease;
      break;
    case strategy::Direction::kNeutral:
      o.improvement = stats::Improvement::kNeutral;
      break;
  }
  o.target = target;
  o.rebase = starts;
  // A missing period keeps its place as a missing value: the line and any
  // run (shift, trend, two in three) break there rather than bridge it.
  std::vector<stats::SpcInput> points;
  for (const Observation& ob : series) points.push_back({ob.period.start, ob.value});
  for (const Period& p : e.missing_periods) points.push_back({p.start, std::nullopt});
  std::stable_sort(
      points.begin(), points.end(),
      [](const stats::SpcInput& a, const stats::SpcInput& b) { return a.date < b.date; });
  std::vector<std::string> notes;
  if (m.spc) {
    if (m.spc->baseline_points) {
      if (*m.spc->baseline_points >= stats::kSpcMinFixAfterPoints) {
        o.fix_after_n_points = m.spc->baseline_points;
      } else {
        notes.push_back(fmt::format("baseline_points = {} ignored: limits need at least {} points",
                                    *m.spc->baseline_points, stats::kSpcMinFixAfterPoints));
      }
    }
    if (m.spc->shift_length) o.shift_length = *m.spc->shift_length;
    if (m.spc->trend_length) o.trend_length = *m.spc->trend_length;
  }
  auto spc = stats::ComputeSpc(std::move(points), o);
  if (!spc.ok()) {
    e.spc_note = spc.status().message();
    return;
  }
  e.spc = std::move(spc).value();
  e.spc_provisional_limits = e.spc_phase_points < kProvisionalLimitPoints;
  if (e.spc_provisional_limits) {
    notes.push_back(
        fmt::format("provisional limits: {} values {} (Making Data Count advises at least {})",
                    e.spc_phase_points,
                    starts.empty() ? std::string("in the series")
                                   : fmt::format("since the rebase on {}", LongDate(starts.back())),
                    kProvisionalLimitPoints));
  }
  e.spc_note = fmt::format("{}", fmt::join(notes, "; "));
}

}  // namespace barometer::measures::internal
