// Funnel-plot control limits, significance and plotting points, as
// PHEindicatormethods v2.1.0 computes them (Funnels.R and its helpers),
// written from the formulas in the Fingertips technical guidance.
#include "stats/funnels.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <boost/math/special_functions/gamma.hpp>

#include "core/number.h"
#include "stats/distributions.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

constexpr int kFunnelRows = 100;
// One-sided tail probabilities of the 95% and 99.8% limits.
constexpr double kP95 = 0.025;
constexpr double kP998 = 0.001;

// ---- the axis -----------------------------------------------------------------

// The width of R's as.character() of a whole number: fixed notation unless
// scientific (15 significant digits) is narrower, so 100000 is "1e+05" (5).
// The package measures a number's digits this way; we follow it.
int RCharWidth(double v) {
  if (!(v >= 1)) return 1;
  std::string sci = fmt::format("{:.14e}", v);  // d.dddddddddddddde+XX
  size_t e = sci.find('e');
  int exponent = std::stoi(sci.substr(e + 1));
  std::string mantissa = sci.substr(0, e);
  mantissa.erase(mantissa.find_last_not_of('0') + 1);
  if (mantissa.back() == '.') mantissa.pop_back();
  int sci_width = static_cast<int>(mantissa.size()) + 2 + (exponent >= 100 ? 3 : 2);
  int fixed_width = exponent + 1;
  return fixed_width <= sci_width ? fixed_width : sci_width;
}

// x × 0.95 rounded down to its leading digit (a neat axis start).
double SignifFloor(double x) {
  if (x == 0) return 0;
  double n = RCharWidth(std::floor(x * 0.95)) - 1;
  return std::floor(x * 0.95 / std::pow(10, n)) * std::pow(10, n);
}

// x × 1.05 rounded up to its two leading digits (a neat axis end).
double SignifCeiling(double x) {
  if (x == 0) return 0;
  double n = RCharWidth(std::ceil(x * 1.05)) - 2;
  return std::ceil(x * 1.05 / std::pow(10, n)) * std::pow(10, n);
}

// The 100 x values: from max(1, minimum), each step the geometric step that
// would reach `maximum` in the remaining points, rounded, and at least 1.
// Ratios aim one step past the last point (as the package does).
std::vector<double> AxisPoints(double minimum, double maximum, bool ratio) {
  std::vector<double> x = {std::max(1.0, minimum)};
  for (int j = 2; j <= kFunnelRows; ++j) {
    int offset = ratio ? j - 1 : j;
    double prev = x.back();
    double step = std::nearbyint(std::pow(maximum / prev, 1.0 / (101 - offset)) * prev);
    x.push_back(std::max(step, prev + 1));
  }
  return x;
}

// ---- input ----------------------------------------------------------------------

bool IsRate(const FunnelOptions& o) { return o.statistic == FunnelStatistic::kRate; }

Status RowError(size_t i, std::string what) {
  return Status::InvalidInput(fmt::format("row {}: {}", i + 1, what));
}

Status ValidateOptions(const FunnelData& d, const FunnelOptions& o) {
  if (d.numerators.empty()) return Status::InvalidInput("no data: a funnel needs at least 1 row");
  bool rate = IsRate(o);
  if (!rate && d.denominators.size() != d.numerators.size()) {
    return Status::InvalidInput(fmt::format("{} numerators but {} denominators",
                                            d.numerators.size(), d.denominators.size()));
  }
  if (rate && d.rates.size() != d.numerators.size()) {
    return Status::InvalidInput(
        fmt::format("{} numerators but {} rates", d.numerators.size(), d.rates.size()));
  }
  if (rate && !d.denominators.empty() && d.denominators.size() != d.numerators.size()) {
    return Status::InvalidInput(fmt::format("{} numerators but {} denominators",
                                            d.numerators.size(), d.denominators.size()));
  }
  if (!(o.multiplier > 0) || !std::isfinite(o.multiplier)) {
    return Status::InvalidInput(
        fmt::format("the multiplier must be more than 0 (got {})", internal::Got(o.multiplier)));
  }
  if (rate && (!(o.years_of_data > 0) || !std::isfinite(o.years_of_data))) {
    return Status::InvalidInput(fmt::format("the years of data must be more than 0 (got {})",
                                            internal::Got(o.years_of_data)));
  }
  return Status::Ok();
}

Status ValidateEntry(const FunnelData& d, const FunnelOptions& o, size_t i) {
  double x = d.numerators[i];
  if (IsMissing(x) || !std::isfinite(x) || x < 0) {
    return RowError(i, fmt::format("the numerator must be 0 or more (got {})", internal::Got(x)));
  }
  double n = d.denominators.empty() ? kMissing : d.denominators[i];
  bool need_n = !IsRate(o) || (o.rate_type == RateType::kCrude && x == 0);
  if ((need_n || !IsMissing(n)) && !(n > 0 && std::isfinite(n))) {
    std::string why =
        IsRate(o) && need_n ? " (a crude rate with 0 events needs its population)" : "";
    return RowError(
        i, fmt::format("the denominator must be more than 0 (got {}){}", internal::Got(n), why));
  }
  if (o.statistic == FunnelStatistic::kProportion && x > n) {
    return RowError(i, fmt::format("the numerator ({}) is more than the denominator ({}); a "
                                   "proportion needs numerator <= denominator",
                                   internal::Got(x), internal::Got(n)));
  }
  if (IsRate(o) && x > 0 && !(d.rates[i] > 0 && std::isfinite(d.rates[i]))) {
    return RowError(i, fmt::format("the rate must be more than 0 where there are events (got {})",
                                   internal::Got(d.rates[i])));
  }
  return Status::Ok();
}

Status Validate(const FunnelData& d, const FunnelOptions& o) {
  if (Status s = ValidateOptions(d, o); !s.ok()) return s;
  for (size_t i = 0; i < d.numerators.size(); ++i) {
    if (Status s = ValidateEntry(d, o, i); !s.ok()) return s;
  }
  return Status::Ok();
}

// The denominator each entry stands for: its own for proportions and ratios;
// for rates the population implied by events / rate (DSRs with no events
// have none; crude rates with no events use the population given).
// `multiplier_first` keeps the package's two orders of multiplication.
std::vector<double> DerivedDenominators(const FunnelData& d, const FunnelOptions& o,
                                        bool multiplier_first) {
  std::vector<double> out(d.numerators.size());
  for (size_t i = 0; i < out.size(); ++i) {
    double x = d.numerators[i];
    if (!IsRate(o)) {
      out[i] = d.denominators[i];
    } else if (x == 0) {
      out[i] = o.rate_type == RateType::kDsr ? kMissing : d.denominators[i];
    } else {
      out[i] = multiplier_first ? o.multiplier * x / d.rates[i] : x / d.rates[i] * o.multiplier;
    }
  }
  return out;
}

struct Summary {
  double average = kMissing, min = kMissing, max = kMissing;
};

// Σ numerators / Σ denominators (skipping missing denominators), and their range.
Result<Summary> Summarise(const FunnelData& d, const std::vector<double>& den) {
  Summary s;
  double sx = 0, sn = 0;
  for (size_t i = 0; i < den.size(); ++i) {
    sx += d.numerators[i];
    if (IsMissing(den[i])) continue;
    sn += den[i];
    s.min = IsMissing(s.min) ? den[i] : std::min(s.min, den[i]);
    s.max = IsMissing(s.max) ? den[i] : std::max(s.max, den[i]);
  }
  if (IsMissing(s.min)) {
    return Status::InvalidInput("every row has 0 events; a DSR funnel needs some events");
  }
  s.average = sx / sn;
  return s;
}

// ---- limits ---------------------------------------------------------------------

FunnelLimit ProportionLimit(double population, double average, double p, double multiplier) {
  FunnelLimit l;
  double lo = FunnelProportionLimit(1 - p, population, average, false, multiplier);
  double hi = FunnelProportionLimit(1 - p, population, average, true, multiplier);
  // A proportion lies in [0, 1] × multiplier (the package caps at 100, i.e. a
  // percentage; the same for its multiplier of 100).
  l.lower = IsMissing(lo) ? lo : std::max(0.0, lo);
  l.upper = IsMissing(hi) ? hi : std::min(multiplier, hi);
  return l;
}

// The Poisson limits of `events`: the denominators (means / average) at which
// they would lie on each limit, and events / that denominator.
FunnelLimit PoissonLimit(double events, double p, double average) {
  FunnelLimit l;
  l.lower_denominator = PoissonFunnel(events, p, true) / average;
  l.lower = events / l.lower_denominator;
  l.upper_denominator = PoissonFunnel(events, p, false) / average;
  l.upper = events / l.upper_denominator;
  return l;
}

void ScaleRatio(FunnelLimit& l, RatioType type) {
  if (type == RatioType::kCount) {
    l.lower -= 1;
    l.upper -= 1;
  } else {
    l.lower *= 100;
    l.upper *= 100;
  }
}

void ScaleRate(FunnelLimit& l, double multiplier, double years) {
  l.lower *= multiplier;
  l.upper *= multiplier;
  l.lower_denominator /= years;
  l.upper_denominator /= years;
}

FunnelLimitRow LimitRow(double x, double average, const FunnelOptions& o) {
  FunnelLimitRow r;
  r.x = x;
  FunnelLimit* limits[] = {&r.limit95, &r.limit998};
  const double ps[] = {kP95, kP998};
  for (int k = 0; k < 2; ++k) {
    FunnelLimit& l = *limits[k];
    switch (o.statistic) {
      case FunnelStatistic::kProportion:
        l = ProportionLimit(x, average, ps[k], o.multiplier);
        break;
      case FunnelStatistic::kRatio:
        l = PoissonLimit(x, ps[k], 1);
        ScaleRatio(l, o.ratio_type);
        break;
      case FunnelStatistic::kRate:
        l = PoissonLimit(x, ps[k], average);
        ScaleRate(l, o.multiplier, o.years_of_data);
        break;
    }
  }
  if (o.statistic != FunnelStatistic::kRatio) r.baseline = average * o.multiplier;
  return r;
}

std::string StatisticLabel(const FunnelOptions& o) {
  switch (o.statistic) {
    case FunnelStatistic::kProportion:
      return "proportion";
    case FunnelStatistic::kRatio:
      return o.ratio_type == RatioType::kCount ? "ratio (count)" : "ratio (isr)";
    case FunnelStatistic::kRate:
      break;
  }
  // R's format(multiplier, big.mark = ",", scientific = FALSE): 100000 -> "100,000".
  std::string digits = FormatShortest(o.multiplier);
  size_t point = std::min(digits.find('.'), digits.size());
  for (size_t i = point; i > 3; i -= 3) digits.insert(i - 3, ",");
  return fmt::format("rate ({} per {})", o.rate_type == RateType::kDsr ? "dsr" : "crude", digits);
}

// ---- significance -------------------------------------------------------------

FunnelSignificance ProportionSignificance(double x, double n, double average) {
  double v = x / n;
  if (v < FunnelProportionLimit(0.999, n, average, false, 1)) return FunnelSignificance::kLow001;
  if (v < FunnelProportionLimit(0.975, n, average, false, 1)) return FunnelSignificance::kLow025;
  if (v > FunnelProportionLimit(0.999, n, average, true, 1)) return FunnelSignificance::kHigh001;
  if (v > FunnelProportionLimit(0.975, n, average, true, 1)) return FunnelSignificance::kHigh025;
  return FunnelSignificance::kNotSignificant;
}

// `reference` against the Poisson limits of observed / expected (exact below
// 10 events, Byar's from 10). A missing expected compares as not significant.
FunnelSignificance PoissonSignificance(double observed, double expected, double reference) {
  Limits l998 = internal::PoissonLimits(observed, 0.998);
  Limits l95 = internal::PoissonLimits(observed, 0.95);
  if (reference < l998.lower / expected) return FunnelSignificance::kHigh001;
  if (reference < l95.lower / expected) return FunnelSignificance::kHigh025;
  if (reference > l998.upper / expected) return FunnelSignificance::kLow001;
  if (reference > l95.upper / expected) return FunnelSignificance::kLow025;
  return FunnelSignificance::kNotSignificant;
}

// ---- the Poisson tail the package's bisection sees ----------------------------

// The package (after PHE's Excel macro) sums the Poisson terms from 0 up to the
// first k above the mean whose term is at most 1e-10 of the sum so far, and
// divides by that sum. The omitted upper terms move a tail probability by up
// to ~1e-9 of itself (3e-7 relative at p = 0.001, mean 275), enough to send
// the bisection the other way at its last steps. So we take the tails from
// Boost and remove exactly the terms the package leaves out. Returns K, the
// first term not summed (infinite above kExactAbove). REQUIRES: mean > 0.
//
// The search below takes ~7 sqrt(mean) steps; beyond a mean of 1e6 (where
// the package's own sum takes millions of terms) the tails are exact.
constexpr double kExactAbove = 1e6;

double PackageCutoff(double mean) {
  if (!(mean <= kExactAbove)) return std::numeric_limits<double>::infinity();
  double k = std::floor(mean) + 1;
  double term = boost::math::gamma_p_derivative(k + 1, mean);  // P(X = k)
  double sum = boost::math::gamma_q(k, mean);                  // P(X <= k - 1)
  while (term > sum * 1e-10) {
    sum += term;
    k += 1;
    term *= mean / k;
  }
  return k;
}

// P(X >= observed) (high = false) or P(X <= observed) (high = true) for X
// Poisson with this mean, over the terms 0 … K - 1 that the package sums.
double TruncatedPoissonTail(double observed, double mean, bool high) {
  double cutoff = PackageCutoff(mean);
  double beyond = std::isinf(cutoff) ? 0 : boost::math::gamma_p(cutoff, mean);  // P(X >= K)
  if (high) {
    if (observed >= cutoff - 1) return 1;
    return boost::math::gamma_q(observed + 1, mean) / (1 - beyond);
  }
  if (observed >= cutoff) return 0;
  double at_least = observed <= 0 ? 1 : boost::math::gamma_p(observed, mean);
  return (at_least - beyond) / (1 - beyond);
}

// The mean at which the exact (untruncated) tail of `observed` equals p: the
// bisection's comparison `tail vs p` is `mean vs this root` wherever the mean
// is above kExactAbove, because the exact tail is monotone in the mean.
double ExactPoissonRoot(double observed, double p, bool high) {
  if (high) return boost::math::gamma_q_inv(observed + 1, p);  // P(X <= observed) = p
  if (observed <= 0) return 0;                                 // P(X >= 0) = 1 > p always
  return boost::math::gamma_p_inv(observed, p);                // P(X >= observed) = p
}

}  // namespace

// ---- building blocks ----------------------------------------------------------

double FunnelProportionLimit(double p, double population, double average, bool high,
                             double multiplier) {
  double z = NormalQuantile(p);
  double z2 = z * z;
  double a = average, n = population;
  double first = a * (n / z2 + 1);
  double b = -8 * a * (n / z2 + 1);
  double adj =
      std::sqrt(b * b - 64 * (1 / z2 + 1 / n) * a * (n * (a * (n / z2 + 2) - 1) + z2 * (a - 1)));
  double last = 1 / z2 + 1 / n;
  double limit = high ? (first + adj / 8) / last : (first - adj / 8) / last;
  return limit / n * multiplier;
}

double PoissonFunnel(double observed, double p, bool high) {
  // Bisection on v in (0, 1) with mean = (1 + observed) v / (1 - v), halving
  // the step until it is at most 1e-7: the package's search, step for step.
  //
  // Each step asks whether the tail at the step's mean is above or below p.
  // The exact tail is monotone in the mean, so that is whether the mean is
  // above or below the exact root, found once (Boost's inverse). Above
  // kExactAbove the package's tail is the exact one, so the comparison is the
  // answer. Below it, the package's truncated sum moves the tail by at most
  // ~3e-7 of itself (see PackageCutoff), which moves the root by at most
  // kTruncation p / |d tail / d mean|: a step further than ten times that
  // from the root gets the same answer from the comparison, and only the few
  // steps nearer evaluate the truncated tail. Near the root, Boost's
  // incomplete gamma for a large count sums ~10 sqrt(observed) series terms
  // (0.8 ms at 1.2e9 events) and a funnel takes thousands of steps; small
  // counts (under 1,000), cheap to evaluate, are evaluated at every step.
  constexpr double kTruncation = 1e-5;  // 30 times the largest relative effect
  constexpr double kShortcutFrom = 1000;
  double v = 0.5, dv = 0.5;
  double root = std::numeric_limits<double>::quiet_NaN(), margin = 0;
  try {
    while (dv > 1e-7) {
      dv /= 2;
      double mean = (1 + observed) * v / (1 - v);
      bool down;
      if (mean > kExactAbove || observed >= kShortcutFrom) {
        if (std::isnan(root)) {
          root = ExactPoissonRoot(observed, p, high);
          // d tail / d mean at the root: the Poisson probability of observed
          // (upper limit) or of observed - 1 (lower limit).
          double slope = boost::math::gamma_p_derivative(high ? observed + 1 : observed, root);
          margin = slope > 0 && std::isfinite(slope) ? 10 * kTruncation * p / slope
                                                     : std::numeric_limits<double>::infinity();
        }
        if (mean > kExactAbove || std::fabs(mean - root) > margin) {
          down = mean > root;
          v += down ? -dv : dv;
          continue;
        }
      }
      double t = TruncatedPoissonTail(observed, mean, high);
      down = high ? t < p : t > p;
      v += down ? -dv : dv;
    }
  } catch (const std::exception&) {
    return kMissing;  // Boost could not evaluate the tail (an absurd count)
  }
  return (1 + observed) * v / (1 - v);
}

std::string_view FunnelSignificanceName(FunnelSignificance s) {
  switch (s) {
    case FunnelSignificance::kHigh001:
      return "High (0.001)";
    case FunnelSignificance::kHigh025:
      return "High (0.025)";
    case FunnelSignificance::kLow001:
      return "Low (0.001)";
    case FunnelSignificance::kLow025:
      return "Low (0.025)";
    case FunnelSignificance::kNotSignificant:
      return "Not significant";
    case FunnelSignificance::kNotApplicable:
      break;
  }
  return "Not applicable for events less than 10 for dsrs";
}

// ---- the three functions ------------------------------------------------------

Result<FunnelLimitTable> CalculateFunnelLimits(const FunnelData& data,
                                               const FunnelOptions& options) {
  if (Status s = Validate(data, options); !s.ok()) return s;
  const bool rate = IsRate(options), ratio = options.statistic == FunnelStatistic::kRatio;
  Result<Summary> sum = Summarise(data, DerivedDenominators(data, options, true));
  if (!sum.ok()) return sum.status();
  if (rate && !(sum->average > 0)) {
    return Status::InvalidInput("every row has 0 events; a rate funnel needs some events");
  }
  double years = rate ? options.years_of_data : 1;
  double minimum = sum->max > 2 * sum->min ? 0 : SignifFloor(sum->min / years) * years;
  double maximum = SignifCeiling(sum->max / years) * years;
  if (rate) {  // the axis counts events
    minimum = std::floor(minimum * sum->average);
    maximum = std::ceil(maximum * sum->average);
  }
  FunnelLimitTable t;
  t.average = sum->average;
  t.statistic = StatisticLabel(options);
  t.method = options.statistic == FunnelStatistic::kProportion ? "Wilson" : "Poisson";
  for (double x : AxisPoints(minimum, maximum, ratio)) {
    t.rows.push_back(LimitRow(x, sum->average, options));
  }
  return t;
}

Result<std::vector<FunnelSignificance>> AssignFunnelSignificance(const FunnelData& data,
                                                                 const FunnelOptions& options) {
  if (Status s = Validate(data, options); !s.ok()) return s;
  std::vector<double> den = DerivedDenominators(data, options, false);
  Result<Summary> sum = Summarise(data, den);
  if (!sum.ok()) return sum.status();
  std::vector<FunnelSignificance> out;
  for (size_t i = 0; i < den.size(); ++i) {
    double x = data.numerators[i];
    switch (options.statistic) {
      case FunnelStatistic::kProportion:
        out.push_back(ProportionSignificance(x, den[i], sum->average));
        break;
      case FunnelStatistic::kRatio:
        out.push_back(PoissonSignificance(x, den[i], 1));
        break;
      case FunnelStatistic::kRate:
        out.push_back(options.rate_type == RateType::kDsr && x < 10
                          ? FunnelSignificance::kNotApplicable
                          : PoissonSignificance(x, den[i], sum->average));
        break;
    }
  }
  return out;
}

Result<std::vector<FunnelPoint>> CalculateFunnelPoints(const FunnelData& data,
                                                       const FunnelOptions& options) {
  if (!IsRate(options)) {
    return Status::InvalidInput(
        "funnel points are for rates; proportions and ratios plot as given");
  }
  if (Status s = Validate(data, options); !s.ok()) return s;
  std::vector<FunnelPoint> out(data.numerators.size());
  for (size_t i = 0; i < out.size(); ++i) {
    double x = data.numerators[i], years = options.years_of_data;
    if (options.rate_type == RateType::kDsr && x < 10) continue;
    out[i].rate = data.rates[i];
    out[i].denominator =
        x == 0 ? data.denominators[i] / years : options.multiplier * x / data.rates[i] / years;
  }
  return out;
}

}  // namespace barometer::stats
