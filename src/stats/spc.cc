// ComputeSpc follows NHSRplotthedots 0.2.2 step by step (ptd_spc_standard,
// then ptd_calculate_point_type, then the icons); docs/spc.md states each rule.
#include "stats/spc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <span>

#include <fmt/format.h>

#include "stats/internal/spc_rules.h"

namespace barometer::stats {
namespace {

using spc_internal::GroupLimits;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Status ValidateOptions(const SpcOptions& o) {
  if (o.shift_length < 2 || o.shift_length > 1000) {
    return Status::InvalidInput(
        fmt::format("shift length must be between 2 and 1000 points; got {}", o.shift_length));
  }
  if (o.trend_length < 2 || o.trend_length > 1000) {
    return Status::InvalidInput(
        fmt::format("trend length must be between 2 and 1000 points; got {}", o.trend_length));
  }
  if (o.fix_after_n_points && *o.fix_after_n_points < kSpcMinFixAfterPoints) {
    return Status::InvalidInput(
        fmt::format("fix after n points must be at least {} (a baseline needs at least {} "
                    "points); got {}",
                    kSpcMinFixAfterPoints, kSpcMinFixAfterPoints, *o.fix_after_n_points));
  }
  if (o.target && !std::isfinite(*o.target)) {
    return Status::InvalidInput("the target must be a finite number");
  }
  return Status::Ok();
}

// Points in date order (stable, so the input order breaks no ties: there are
// none, as duplicate dates are an error).
Result<std::vector<SpcPoint>> SortedPoints(const std::vector<SpcInput>& in) {
  std::vector<size_t> order(in.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return in[a].date < in[b].date; });
  std::vector<SpcPoint> points(in.size());
  for (size_t k = 0; k < order.size(); ++k) {
    const SpcInput& p = in[order[k]];
    if (k > 0 && p.date == points[k - 1].date) {
      return Status::InvalidInput(
          fmt::format("two points on {}; a series may have one point per date", p.date.ToString()));
    }
    points[k].date = p.date;
    points[k].value = p.value;
    points[k].input_index = order[k];
  }
  return points;
}

// rebase_group = how many rebase dates in the series fall on or before the point.
void AssignRebaseGroups(std::vector<SpcPoint>& points, const std::vector<Date>& rebase) {
  std::set<Date> dates(rebase.begin(), rebase.end());
  int group = 0;
  for (SpcPoint& p : points) {
    if (dates.count(p.date)) ++group;
    p.rebase_group = group;
  }
}

std::optional<bool> Outside(double y, const GroupLimits& g) {
  if (std::isnan(y) || std::isnan(g.upl) || std::isnan(g.lpl)) return std::nullopt;
  return y > g.upl || y < g.lpl;
}

std::optional<bool> BeyondTwoSigma(double y, const GroupLimits& g) {
  if (std::isnan(y) || std::isnan(g.lower_two_sigma) || std::isnan(g.upper_two_sigma)) {
    return std::nullopt;
  }
  return y < g.lower_two_sigma || y > g.upper_two_sigma;
}

// Limits from the group's baseline, then the per-point comparisons with them.
GroupLimits ApplyLimits(std::span<SpcPoint> pts, const SpcOptions& o) {
  std::vector<double> baseline(pts.size(), kNaN);
  size_t fix = o.fix_after_n_points ? static_cast<size_t>(*o.fix_after_n_points) : pts.size();
  for (size_t i = 0; i < pts.size(); ++i) {
    if (i < fix && pts[i].value) {
      pts[i].baseline_value = pts[i].value;
      baseline[i] = *pts[i].value;
    }
  }
  GroupLimits g = spc_internal::ComputeGroupLimits(baseline, o.screen_outliers);
  for (SpcPoint& p : pts) {
    double y = p.value.value_or(kNaN);
    p.mean = g.mean;
    p.lpl = g.lpl;
    p.upl = g.upl;
    p.outside_limits = Outside(y, g);
    double d = y - g.mean;
    if (!std::isnan(d)) p.relative_to_mean = (d > 0) - (d < 0);
    if (p.outside_limits) {
      p.close_to_limits = *p.outside_limits ? std::optional<bool>(false) : BeyondTwoSigma(y, g);
    }
    p.short_group_warning = static_cast<int>(pts.size()) < kSpcShortGroupThreshold;
    p.target = o.target;
  }
  return g;
}

int Direction(SpecialCause c) {
  switch (c) {
    case SpecialCause::kAboveUpl:
    case SpecialCause::kTrendIncreasing:
    case SpecialCause::kTwoInThreeAbove:
    case SpecialCause::kShiftAbove:
      return 1;
    case SpecialCause::kNone:
      return 0;
    default:
      return -1;
  }
}

PointType TypeOf(SpecialCause c, Improvement improvement) {
  int v = Direction(c);
  if (v == 0) return PointType::kCommonCause;
  if (improvement == Improvement::kNeutral) {
    return v > 0 ? PointType::kSpecialCauseNeutralHigh : PointType::kSpecialCauseNeutralLow;
  }
  if (improvement == Improvement::kDecrease) v = -v;
  return v > 0 ? PointType::kSpecialCauseImprovement : PointType::kSpecialCauseConcern;
}

// ptd_special_cause_type: the highest-precedence rule each point is part of.
void ClassifyGroup(std::span<SpcPoint> pts, const GroupLimits& g, const SpcOptions& o) {
  const size_t n = pts.size();
  std::vector<double> y(n);
  std::vector<std::optional<int>> rtm(n);
  std::vector<std::optional<bool>> beyond(n);
  for (size_t i = 0; i < n; ++i) {
    y[i] = pts[i].value.value_or(kNaN);
    rtm[i] = pts[i].relative_to_mean;
    beyond[i] = o.two_in_three == TwoInThreeRule::kMdc2023 ? BeyondTwoSigma(y[i], g)
                                                           : pts[i].close_to_limits;
  }
  using namespace spc_internal;
  std::vector<int> trend = PartOfRun(TrendEnds(y, o.trend_length), o.trend_length);
  std::vector<int> two = PartOfTwoInThree(TwoInThree(beyond, rtm), beyond);
  std::vector<int> shift = PartOfRun(OneSideRunEnds(rtm, o.shift_length), o.shift_length);
  auto step = [&](size_t a, size_t b) {  // sign of y[b] - y[a]
    double d = y[b] - y[a];
    return std::isnan(d) ? 0 : (d > 0) - (d < 0);
  };
  for (size_t i = 0; i < n; ++i) {
    SpcPoint& p = pts[i];
    bool above = p.relative_to_mean.value_or(0) > 0;
    SpecialCause c = SpecialCause::kNone;
    if (p.outside_limits.value_or(false)) {
      c = p.relative_to_mean == 1 ? SpecialCause::kAboveUpl : SpecialCause::kBelowLpl;
    } else if (trend[i]) {
      // A point in two trends (or between two) takes the direction of the step to its right.
      int s = i + 1 < n && trend[i + 1] ? step(i, i + 1) : (i > 0 ? step(i - 1, i) : 0);
      c = s == 1 ? SpecialCause::kTrendIncreasing : SpecialCause::kTrendDecreasing;
    } else if (two[i]) {
      c = above ? SpecialCause::kTwoInThreeAbove : SpecialCause::kTwoInThreeBelow;
    } else if (shift[i]) {
      c = above ? SpecialCause::kShiftAbove : SpecialCause::kShiftBelow;
    }
    p.special_cause = c;
    p.special_cause_type = SpecialCauseLabel(c, o.shift_length, o.trend_length);
    p.special_cause_flag = c != SpecialCause::kNone;
    p.point_type = TypeOf(c, o.improvement);
  }
}

SpcGroup Summarise(std::span<const SpcPoint> pts, size_t begin, const GroupLimits& g) {
  SpcGroup s;
  s.rebase_group = pts.front().rebase_group;
  s.begin = begin;
  s.end = begin + pts.size();
  s.n = static_cast<int>(pts.size());
  s.mean = g.mean;
  s.lpl = g.lpl;
  s.upl = g.upl;
  s.mean_moving_range = g.mean_moving_range;
  s.moving_ranges = g.moving_ranges;
  s.moving_ranges_screened = g.screened;
  for (const SpcPoint& p : pts) {
    s.values += p.value ? 1 : 0;
    s.baseline_points += p.baseline_value ? 1 : 0;
    s.common_cause += p.special_cause_flag ? 0 : 1;
    s.special_cause_improvement += p.point_type == PointType::kSpecialCauseImprovement;
    s.special_cause_concern += p.point_type == PointType::kSpecialCauseConcern;
    s.special_cause_neutral += p.point_type == PointType::kSpecialCauseNeutralHigh ||
                               p.point_type == PointType::kSpecialCauseNeutralLow;
  }
  s.variation_type = pts.back().point_type;
  return s;
}

// ptd_calculate_assurance_type, on the last point's limits. NaN limits compare
// false both ways, so they give "inconsistent", as in the reference.
AssuranceIcon Assurance(const SpcPoint& last, const SpcOptions& o) {
  if (!o.target || o.improvement == Improvement::kNeutral) return AssuranceIcon::kNone;
  bool increase = o.improvement == Improvement::kIncrease;
  if (*o.target > last.upl) return increase ? AssuranceIcon::kFail : AssuranceIcon::kPass;
  if (*o.target < last.lpl) return increase ? AssuranceIcon::kPass : AssuranceIcon::kFail;
  return AssuranceIcon::kInconsistent;
}

}  // namespace

Result<SpcSeries> ComputeSpc(std::vector<SpcInput> points, const SpcOptions& options) {
  if (points.empty())
    return Status::InvalidInput("no points to chart; a series needs at least one");
  if (Status st = ValidateOptions(options); !st.ok()) return st;
  auto sorted = SortedPoints(points);
  if (!sorted.ok()) return sorted.status();
  SpcSeries s;
  s.points = std::move(sorted).value();
  s.target = options.target;
  AssignRebaseGroups(s.points, options.rebase);
  std::span<SpcPoint> all(s.points);
  for (size_t b = 0; b < all.size();) {
    size_t e = b;
    while (e < all.size() && all[e].rebase_group == all[b].rebase_group) ++e;
    std::span<SpcPoint> group = all.subspan(b, e - b);
    GroupLimits g = ApplyLimits(group, options);
    ClassifyGroup(group, g, options);
    s.groups.push_back(Summarise(group, b, g));
    b = e;
  }
  s.variation_icon = VariationIconFor(s.points.back().point_type, options.improvement);
  s.assurance = Assurance(s.points.back(), options);
  s.groups.back().assurance = s.assurance;
  return s;
}

}  // namespace barometer::stats
