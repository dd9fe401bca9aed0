#include "stats/internal/spc_rules.h"

#include <cmath>
#include <cstddef>
#include <limits>

#include "stats/spc.h"

namespace barometer::stats::spc_internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int Sign(double d) { return (d > 0) - (d < 0); }

}  // namespace

double RMean(std::span<const double> x) {
  // R's summary.c: a long double sum, then one refinement pass. Matching it
  // (rather than a plain double sum) keeps our limits bit-identical to R's.
  long double s = 0;
  size_t n = 0;
  for (double v : x) {
    if (std::isnan(v)) continue;
    s += v;
    ++n;
  }
  if (n == 0) return kNaN;
  s /= static_cast<long double>(n);
  if (std::isfinite(static_cast<double>(s))) {
    long double t = 0;
    for (double v : x) {
      if (!std::isnan(v)) t += v - s;
    }
    s += t / static_cast<long double>(n);
  }
  return static_cast<double>(s);
}

GroupLimits ComputeGroupLimits(std::span<const double> baseline, bool screen_outliers) {
  GroupLimits g;
  g.mean = RMean(baseline);
  std::vector<double> mr(baseline.size(), kNaN);
  for (size_t i = 1; i < baseline.size(); ++i) {
    if (std::isnan(baseline[i]) || std::isnan(baseline[i - 1])) continue;
    mr[i] = std::fabs(baseline[i] - baseline[i - 1]);
    ++g.moving_ranges;
  }
  double amr = RMean(mr);
  if (screen_outliers) {
    // Kept only when strictly below the screening line; with no mean moving
    // range (NaN) the comparison fails and every range is left out, as in R.
    double cut = kSpcOutlierFactor * amr;
    for (double& r : mr) {
      if (std::isnan(r)) continue;
      if (!(r < cut)) {
        r = kNaN;
        ++g.screened;
      }
    }
    amr = RMean(mr);
  }
  const double close = 2 * (kSpcLimitFactor / 3);
  g.mean_moving_range = amr;
  g.lpl = g.mean - kSpcLimitFactor * amr;
  g.upl = g.mean + kSpcLimitFactor * amr;
  g.lower_two_sigma = g.mean - close * amr;
  g.upper_two_sigma = g.mean + close * amr;
  return g;
}

std::vector<int> OneSideRunEnds(std::span<const std::optional<int>> rtm, int length) {
  std::vector<int> ends(rtm.size(), 0);
  int run = 0;
  int side = 0;
  for (size_t i = 0; i < rtm.size(); ++i) {
    int s = rtm[i].value_or(0);
    if (s == 0) {
      run = 0;
    } else if (run > 0 && s == side) {
      ++run;
    } else {
      run = 1;
      side = s;
    }
    ends[i] = run >= length ? 1 : 0;
  }
  return ends;
}

std::vector<int> TrendEnds(std::span<const double> y, int length) {
  std::vector<int> ends(y.size(), 0);
  int run = 0;  // consecutive steps in direction `dir` ending at i
  int dir = 0;
  for (size_t i = 1; i < y.size(); ++i) {
    double d = y[i] - y[i - 1];
    int s = std::isnan(d) ? 0 : Sign(d);
    if (s == 0) {
      run = 0;
    } else if (run > 0 && s == dir) {
      ++run;
    } else {
      run = 1;
      dir = s;
    }
    if (run >= length - 1) ends[i] = dir;
  }
  return ends;
}

std::vector<int> PartOfRun(std::span<const int> ends, int length) {
  std::vector<int> part(ends.size(), 0);
  // Walking backwards, `next` is the nearest index >= i holding a run end.
  size_t next = ends.size();
  for (size_t k = ends.size(); k-- > 0;) {
    if (ends[k] != 0) next = k;
    if (next < ends.size() && next - k <= static_cast<size_t>(length - 1)) part[k] = 1;
  }
  return part;
}

std::vector<int> TwoInThree(std::span<const std::optional<bool>> beyond,
                            std::span<const std::optional<int>> rtm) {
  std::vector<int> out(beyond.size(), 0);
  for (size_t s = 0; s + 3 <= beyond.size(); ++s) {
    int count = 0;
    bool usable = true;
    for (size_t k = s; k < s + 3 && usable; ++k) {
      usable = beyond[k].has_value() && rtm[k].has_value() && *rtm[k] != 0 && *rtm[k] == *rtm[s];
      count += usable && *beyond[k] ? 1 : 0;
    }
    if (!usable || count < 2) continue;
    out[s] = out[s + 1] = out[s + 2] = 1;
  }
  return out;
}

std::vector<int> PartOfTwoInThree(std::span<const int> two_in_three,
                                  std::span<const std::optional<bool>> beyond) {
  std::vector<int> out(two_in_three.size(), 0);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = two_in_three[i] == 1 && beyond[i].value_or(false) ? 1 : 0;
  }
  return out;
}

}  // namespace barometer::stats::spc_internal
