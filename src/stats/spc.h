// stats/spc.h — statistical process control as NHS England's Making Data
// Count (MDC) programme does it: XmR charts ("plot the dots") with the
// special-cause rules, point classification, and the variation and assurance
// icons, matched point for point to NHSRplotthedots 0.2.2 (docs/spc.md).
//
//   SpcOptions o;
//   o.improvement = Improvement::kDecrease;
//   o.target = 95.0;
//   auto s = ComputeSpc({{Date{2023, 4, 1}, 97.1}, {Date{2023, 5, 1}, 96.4}, ...}, o);
//   if (!s.ok()) return s.status();
//   for (const SpcPoint& p : s->points) Use(p.date, p.mean, p.upl, p.special_cause_type);
//   Show(VariationIconName(s->variation_icon), AssuranceIconName(s->assurance));
//
// Everything here is a pure function of its arguments: no I/O, no globals,
// safe to call from any number of threads at once.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace barometer::stats {

// Which direction of change is good for the measure.
enum class Improvement { kIncrease, kDecrease, kNeutral };

// The "two of three points beyond two sigma" rule.
//   kReference: only points strictly between the 2-sigma and 3-sigma lines
//     count (NHSRplotthedots 0.2.2, MDC tools before their 2023 update).
//   kMdc2023: every point strictly beyond the 2-sigma line counts, including
//     points beyond the process limits (MDC tools from late 2023).
enum class TwoInThreeRule { kReference, kMdc2023 };

// The rule that fired for a point, in precedence order (highest first).
enum class SpecialCause {
  kAboveUpl,         // "Above UCL"
  kBelowLpl,         // "Below LCL"
  kTrendIncreasing,  // "7 Point Trend (Increasing)"
  kTrendDecreasing,  // "7 Point Trend (Decreasing)"
  kTwoInThreeAbove,  // "2 in 3 Above CL"
  kTwoInThreeBelow,  // "2 in 3 Below CL"
  kShiftAbove,       // "7 Points Above CL"
  kShiftBelow,       // "7 Points Below CL"
  kNone,             // "Common Cause"
};

enum class PointType {
  kCommonCause,
  kSpecialCauseImprovement,
  kSpecialCauseConcern,
  kSpecialCauseNeutralHigh,
  kSpecialCauseNeutralLow,
};

// The MDC variation icon (named as NHSRplotthedots' icon files).
enum class VariationIcon {
  kCommonCause,
  kImprovementHigh,
  kImprovementLow,
  kConcernHigh,
  kConcernLow,
  kNeutralHigh,
  kNeutralLow,
};

// The MDC assurance icon: will the process meet its target?
enum class AssuranceIcon { kNone, kPass, kFail, kInconsistent };

struct SpcOptions {
  Improvement improvement = Improvement::kIncrease;
  std::optional<double> target;
  // Each date that is in the series starts a new rebase group (new mean and
  // limits) at that point; dates not in the series are ignored.
  std::vector<Date> rebase;
  // Limits computed from the first N points of each rebase group (the
  // baseline) and carried forward. REQUIRES: >= 12 (as the reference).
  std::optional<int> fix_after_n_points;
  // Leave moving ranges >= 3.267 x the mean moving range out of the limits.
  bool screen_outliers = true;
  int shift_length = 7;  // points on one side of the mean; REQUIRES: 2..1000
  int trend_length = 7;  // points steadily rising or falling; REQUIRES: 2..1000
  TwoInThreeRule two_in_three = TwoInThreeRule::kReference;
};

// One observation. A missing value (nullopt) keeps its place in the series.
struct SpcInput {
  Date date;
  std::optional<double> value;
};

// One point of the chart. Doubles are NaN where the reference gives NA/NaN
// (a group with no moving range has no limits); the optional flags are
// nullopt where the reference's are NA (a missing value, or no limits).
struct SpcPoint {
  Date date;
  std::optional<double> value;
  size_t input_index = 0;                // position in the vector given to ComputeSpc
  int rebase_group = 0;                  // 0-based; counts the rebase dates up to this one
  std::optional<double> baseline_value;  // value if within fix_after_n_points
  double mean = 0;
  double lpl = 0;  // lower process limit, mean - 2.66 x mean moving range
  double upl = 0;  // upper process limit, mean + 2.66 x mean moving range
  std::optional<bool> outside_limits;
  std::optional<int> relative_to_mean;  // -1, 0, 1
  std::optional<bool> close_to_limits;  // strictly between 2 and 3 sigma
  SpecialCause special_cause = SpecialCause::kNone;
  std::string special_cause_type;  // the reference's label, e.g. "Above UCL"
  bool special_cause_flag = false;
  PointType point_type = PointType::kCommonCause;
  bool short_group_warning = false;  // its rebase group has < 13 points
  std::optional<double> target;
};

// One rebase group's limits and counts (the reference's summary()).
struct SpcGroup {
  int rebase_group = 0;
  size_t begin = 0, end = 0;       // its points are points[begin, end)
  int n = 0;                       // points, missing values included
  int values = 0;                  // points with a value
  int baseline_points = 0;         // points the limits were computed from
  int moving_ranges = 0;           // moving ranges available
  int moving_ranges_screened = 0;  // of those, left out as outliers
  double mean = 0, lpl = 0, upl = 0;
  double mean_moving_range = 0;
  int common_cause = 0;
  int special_cause_improvement = 0;
  int special_cause_concern = 0;
  int special_cause_neutral = 0;
  PointType variation_type = PointType::kCommonCause;  // of its last point
  AssuranceIcon assurance = AssuranceIcon::kNone;      // last group only
};

struct SpcSeries {
  std::vector<SpcPoint> points;                                // in date order
  std::vector<SpcGroup> groups;                                // in date order
  VariationIcon variation_icon = VariationIcon::kCommonCause;  // of the last point
  AssuranceIcon assurance = AssuranceIcon::kNone;              // target vs the last limits
  std::optional<double> target;
};

// Computes the chart of one series (any order; sorted by date here).
// Errors (InvalidInput): an empty series, two points on the same date, a
// target that is not finite, option values outside their ranges.
Result<SpcSeries> ComputeSpc(std::vector<SpcInput> points, const SpcOptions& options);

// Faceted input: one series per facet value, each charted independently.
struct SpcFacetInput {
  std::string facet;
  Date date;
  std::optional<double> value;
};

struct SpcFacetOptions {
  // target and rebase here apply to every facet without its own entry below.
  SpcOptions common;
  std::map<std::string, double, std::less<>> targets;
  std::map<std::string, std::vector<Date>, std::less<>> rebase;
};

struct SpcFacet {
  std::string facet;
  SpcSeries series;  // input_index refers to the vector given to ComputeSpcByFacet
};

// Facets in order: numerically when every facet value is a number, else by
// byte value. Errors as ComputeSpc (naming the facet), and a target or
// rebase given for a facet that is not in the data.
Result<std::vector<SpcFacet>> ComputeSpcByFacet(std::vector<SpcFacetInput> points,
                                                const SpcFacetOptions& options);

// Reference names and labels.
std::string_view ImprovementName(Improvement i);  // "increase", "decrease", "neutral"
std::optional<Improvement> ParseImprovement(std::string_view s);
std::string_view TwoInThreeRuleName(TwoInThreeRule r);  // "reference", "mdc2023"
std::optional<TwoInThreeRule> ParseTwoInThreeRule(std::string_view s);
// "Above UCL", "7 Point Trend (Increasing)", "6 Points Below CL", "Common Cause", ...
std::string SpecialCauseLabel(SpecialCause c, int shift_length = 7, int trend_length = 7);
std::string_view PointTypeName(PointType t);          // "special_cause_improvement", ...
std::string_view VariationIconName(VariationIcon v);  // "improvement_high", ...
std::string_view AssuranceIconName(AssuranceIcon a);  // "pass", "fail", "inconsistent", ""
std::string_view AssuranceTypeName(AssuranceIcon a);  // "consistent_pass", ..., ""
// Plain-English descriptions for charts and tables.
std::string_view VariationIconDescription(VariationIcon v);
std::string_view AssuranceIconDescription(AssuranceIcon a);

// The icon MDC shows for a point type, given the improvement direction.
VariationIcon VariationIconFor(PointType t, Improvement improvement);

// The reference's constants.
inline constexpr double kSpcLimitFactor = 2.66;     // 3 / d2, d2 = 1.128
inline constexpr double kSpcOutlierFactor = 3.267;  // D4 for n = 2
inline constexpr int kSpcShortGroupThreshold = 13;  // short_group_warning below this
inline constexpr int kSpcMinFixAfterPoints = 12;    // smallest baseline allowed

}  // namespace barometer::stats
