// stats/internal/spc_rules.h — the building blocks of ComputeSpc: R's mean,
// the XmR limits of one rebase group, and the special-cause rule helpers.
// Each mirrors one helper of NHSRplotthedots 0.2.2 (named below) with the run
// lengths made parameters; missing values (NA in R) are nullopt or NaN and
// never satisfy a rule, exactly as R's NA is never TRUE in case_when().
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace barometer::stats::spc_internal {

// R's mean(x, na.rm = TRUE): NaN values are skipped; the sum is taken in long
// double, divided, then corrected by the mean of the residuals. NaN when no
// value is left.
double RMean(std::span<const double> x);

// The limits of one rebase group, from its baseline values (NaN = missing).
struct GroupLimits {
  double mean = 0;
  double mean_moving_range = 0;                     // after screening
  double lpl = 0, upl = 0;                          // mean -/+ 2.66 x mean moving range
  double lower_two_sigma = 0, upper_two_sigma = 0;  // mean -/+ (2 x 2.66 / 3) x mrbar
  int moving_ranges = 0;                            // |x[i] - x[i-1]| with both present
  int screened = 0;                                 // moving ranges left out as outliers
};
GroupLimits ComputeGroupLimits(std::span<const double> baseline, bool screen_outliers);

// ptd_seven_point_one_side_mean: 1 at i when rtm[i-length+1 .. i] all hold
// the same non-zero sign, else 0.
std::vector<int> OneSideRunEnds(std::span<const std::optional<int>> rtm, int length);

// ptd_seven_point_trend: +1 (-1) at i when y[i-length+1 .. i] rise (fall)
// strictly at every step, else 0. A tie breaks a trend. A missing value (NaN)
// breaks it too (the reference fails with an error there; docs/spc.md).
std::vector<int> TrendEnds(std::span<const double> y, int length);

// ptd_part_of_seven_trend: 1 at i when any of ends[i .. i+length-1] is non-zero.
std::vector<int> PartOfRun(std::span<const int> ends, int length);

// ptd_two_in_three: 1 at i when some window of three consecutive points
// holding i has at least two `beyond` points and all three on the same side
// of the mean (rtm all +1 or all -1).
std::vector<int> TwoInThree(std::span<const std::optional<bool>> beyond,
                            std::span<const std::optional<int>> rtm);

// ptd_part_of_two_in_three: 1 at i when two_in_three[i] and beyond[i].
std::vector<int> PartOfTwoInThree(std::span<const int> two_in_three,
                                  std::span<const std::optional<bool>> beyond);

}  // namespace barometer::stats::spc_internal
