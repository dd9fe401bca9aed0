// stats/funnels.h — funnel plots as OHID/PHE draw them (Fingertips technical
// guidance), matched to PHEindicatormethods v2.1.0: `calculate_funnel_limits`,
// `assign_funnel_significance` and `calculate_funnel_points`, checked against
// the package's test data (reference/phe/funnels/).
//
// A funnel plot shows each area's indicator against its size (population,
// expected events or events), with control limits around the overall average
// at 95% ("2 sigma", p = 0.025 each side) and 99.8% ("3 sigma", p = 0.001).
//
//   std::vector<double> num = {35078, 24804}, den = {41980, 31824};
//   FunnelOptions opt;                         // proportion, per 100
//   Result<FunnelLimitTable> t = CalculateFunnelLimits({num, den, {}}, opt);
//   t->rows[0].x;                              // the first population plotted
//   t->rows[0].limit95.lower;                  // the lower 95% limit there
//   Result<std::vector<FunnelSignificance>> s = AssignFunnelSignificance({num, den, {}}, opt);
//   FunnelSignificanceName((*s)[0]);           // "High (0.001)", ...
//
// Every function is pure and thread-safe. Bad input (a negative numerator, a
// denominator <= 0, a missing value where one is needed) gives an
// InvalidInput Status naming the row (1-based); nothing throws.
// Formulas and references: docs/indicator-methods.md (Funnel plots).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "stats/indicators.h"

namespace barometer::stats {

enum class FunnelStatistic { kProportion, kRatio, kRate };
// A ratio's limits as observed / expected − 1 (count) or × 100 (isr).
enum class RatioType { kCount, kIsr };
// A rate is directly standardised (dsr) or crude.
enum class RateType { kDsr, kCrude };

struct FunnelOptions {
  FunnelStatistic statistic = FunnelStatistic::kProportion;
  // Scale of proportions (100 = percentage) and rates (100000 = per 100,000).
  // Unused for ratios and for the significance of a proportion.
  double multiplier = 100;
  RatioType ratio_type = RatioType::kCount;
  RateType rate_type = RateType::kDsr;
  double years_of_data = 1;  // rates: the years the counts cover (> 0)
};

// One entry per area; all spans the same length (or empty where allowed).
struct FunnelData {
  // Proportion: the numerator. Ratio: observed events. Rate: events. Each >= 0.
  std::span<const double> numerators;
  // Proportion: the denominator. Ratio: expected events. Each > 0.
  // Rate: the population, needed only where a crude rate has 0 events (may be
  // empty otherwise; missing entries allowed where not needed).
  std::span<const double> denominators;
  // Rate only: each area's rate per `multiplier` (> 0 where events > 0;
  // ignored where events are 0).
  std::span<const double> rates;
};

// The limits at one level and, for ratios and rates, the denominator at which
// a point would lie on them (expected events; population per year).
struct FunnelLimit {
  double lower = kMissing;
  double upper = kMissing;
  double lower_denominator = kMissing;  // NaN for proportions
  double upper_denominator = kMissing;
};

struct FunnelLimitRow {
  // Population (proportion), observed events (ratio) or events (rate).
  double x = 0;
  FunnelLimit limit95;         // "2s" in the package: p = 0.025 each side
  FunnelLimit limit998;        // "3s": p = 0.001 each side
  double baseline = kMissing;  // average × multiplier; NaN for ratios
};

struct FunnelLimitTable {
  std::vector<FunnelLimitRow> rows;  // 100, ascending x
  double average = kMissing;         // Σ numerators / Σ denominators used
  std::string statistic;             // "proportion", "ratio (isr)", "rate (dsr per 100,000)"
  std::string method;                // "Wilson" or "Poisson"
};

// The 100 points of the control limits across the range of the data's
// denominators (calculate_funnel_limits). The x values start at the data's
// neat lower bound (0 when the largest denominator is more than twice the
// smallest) and grow geometrically to a neat upper bound.
Result<FunnelLimitTable> CalculateFunnelLimits(const FunnelData& data,
                                               const FunnelOptions& options);

enum class FunnelSignificance {
  kHigh001,         // "High (0.001)": above the 99.8% limit
  kHigh025,         // "High (0.025)": above the 95% limit
  kLow001,          // "Low (0.001)"
  kLow025,          // "Low (0.025)"
  kNotSignificant,  // "Not significant"
  kNotApplicable,   // "Not applicable for events less than 10 for dsrs"
};

// The package's label, exactly.
std::string_view FunnelSignificanceName(FunnelSignificance s);

// Each area's position against the funnel around the overall average
// (assign_funnel_significance): proportions by the Wilson-based limits at
// the area's denominator, ratios by the Poisson limits of observed against
// expected, rates by the Poisson limits of the events against the population
// implied by the rate. A DSR with fewer than 10 events is not applicable.
Result<std::vector<FunnelSignificance>> AssignFunnelSignificance(const FunnelData& data,
                                                                 const FunnelOptions& options);

// A rate's point on the funnel (calculate_funnel_points): the rate to plot
// and the population per year it implies. DSRs below 10 events are not
// plotted (both NaN).
struct FunnelPoint {
  double rate = kMissing;
  double denominator = kMissing;  // population per year
};
Result<std::vector<FunnelPoint>> CalculateFunnelPoints(const FunnelData& data,
                                                       const FunnelOptions& options);

// ---- building blocks --------------------------------------------------------

// The proportion at which a population of `population` would lie on the
// funnel limit around `average` (the package's sigma_adjustment: the Wilson
// score interval solved for the proportion), × multiplier. `p` is 0.975 or
// 0.999; `high` picks the upper limit.
double FunnelProportionLimit(double p, double population, double average, bool high,
                             double multiplier);

// The Poisson mean at which `observed` events lie on a tail of probability
// `p`, found by the bisection the package (and PHE's Excel tool) use, so
// the answers agree to the last bit rather than to the exact quantile:
// high = true gives the upper limit (P(X <= observed) = p), false the lower
// (P(X >= observed) = p). REQUIRES: observed >= 0, 0 < p < 1.
double PoissonFunnel(double observed, double p, bool high);

}  // namespace barometer::stats
