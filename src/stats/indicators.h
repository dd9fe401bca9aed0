// stats/indicators.h — the OHID / PHE public-health indicator methods, matched
// to the R package PHEindicatormethods v2.1.0 (the reference implementation
// behind Fingertips) and checked against its test vectors (reference/phe/).
//
// Every function here is pure (numbers in, numbers out), never touches files
// and is thread-safe. Missing values are NaN (kMissing) both ways: a missing
// input is treated as the reference treats NA, and an output that is
// suppressed or undefined is NaN with a `note` saying why. Inputs a method
// forbids (a negative count, a zero population where one is needed, a
// confidence level outside (0, 1]) give an InvalidInput Status instead.
//
// Confidence levels are fractions (0.95, 0.998); any level in (0, 1) is
// accepted, and each result carries one Limits per requested level, in order.
//
//   RateOptions opt;                                   // per 100,000; 95% and 99.8%
//   Result<Estimate> r = CrudeRate(/*count=*/65, /*denominator=*/100, opt);
//   if (!r.ok()) return r.status();
//   r->value;            // 65000
//   r->limits[0].lower;  // 50163.19 (Byar's method, since the count is >= 10)
//
// Method formulas and references: docs/indicator-methods.md.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer::stats {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool IsMissing(double v) { return std::isnan(v); }

// The default levels (as Fingertips publishes them).
inline const std::vector<double> kDefaultConfidence = {0.95, 0.998};

// Lower and upper limits at one confidence level; NaN where undefined.
struct Limits {
  double confidence = 0.95;
  double lower = kMissing;
  double upper = kMissing;
};

// One indicator value with its limits.
struct Estimate {
  double value = kMissing;
  std::vector<Limits> limits;  // one per requested confidence level, in order
  std::string method;          // "Exact", "Byars", "Wilson", "Dobson", ...; empty if none
  std::string note;            // why a value or limit is missing; empty when nothing is

  // The limits at `confidence` (compared to 1e-9), or nullptr.
  const Limits* At(double confidence) const;
};

// Ok when every level is in (0, 1] and the list is not empty.
Status ValidateConfidence(std::span<const double> levels);

// The column suffix the reference uses for a level: 0.95 -> "95_0", 0.998 -> "99_8".
std::string ConfidenceSuffix(double confidence);

// ---- Counts and proportions (rate.cc, proportion.cc) -----------------------

// Byar's approximation to the Poisson limits of a count (Breslow & Day 1987).
// The lower limit is NaN where the approximation goes negative (as the
// reference returns NA). REQUIRES: count >= 0, 0 < confidence < 1.
double ByarsLower(double count, double confidence);
double ByarsUpper(double count, double confidence);

// Exact Poisson limits of a count from the chi-square distribution.
double ExactPoissonLower(double count, double confidence);
double ExactPoissonUpper(double count, double confidence);

// Wilson score limits of a proportion x/n (Wilson 1927). At confidence 1 the
// limits are exactly 0 and 1. REQUIRES: 0 <= x <= n, n > 0.
double WilsonLower(double x, double n, double confidence);
double WilsonUpper(double x, double n, double confidence);

struct RateOptions {
  double multiplier = 100000;
  std::vector<double> confidence = kDefaultConfidence;
};

// Crude rate x / n × multiplier; limits exact below 10 events, Byar's from
// 10 (method "Exact" or "Byars"). A missing x or n gives a missing value.
// Errors: x < 0, n <= 0, bad confidence.
Result<Estimate> CrudeRate(double count, double denominator, const RateOptions& options);

struct ProportionOptions {
  double multiplier = 1;  // 100 for a percentage
  std::vector<double> confidence = kDefaultConfidence;
};

// Proportion x / n × multiplier with Wilson score limits (method "Wilson").
// Errors: x < 0, n <= 0, x > n, bad confidence.
Result<Estimate> Proportion(double count, double denominator, const ProportionOptions& options);

// ---- Mean (mean.cc) ---------------------------------------------------------

struct MeanResult {
  double sum = 0;
  double count = 0;         // values that were not missing
  double stdev = kMissing;  // sample standard deviation (n - 1)
  Estimate estimate;        // mean with Student's t limits (method "Student's t")
};

// Mean of the non-missing values. Limits need at least 2 values.
Result<MeanResult> Mean(std::span<const double> values, std::span<const double> confidence);

// ---- Directly standardised rate (dsr.cc) -----------------------------------

struct DsrOptions {
  double multiplier = 100000;
  std::vector<double> confidence = kDefaultConfidence;
  double min_total_count = 10;  // below this the value and limits are suppressed
};

// One row per standardisation category (e.g. age band), all of equal length.
struct DsrInput {
  std::span<const double> counts;       // events; missing counts as 0
  std::span<const double> populations;  // person-years; each > 0
  std::span<const double> standard;     // standard population weights
  // Non-independent events only: per band, the sum over people of
  // (events per person)^2, i.e. Σ persons_f × f². Empty for independent events.
  std::span<const double> frequency_squares;
};

struct DsrResult {
  double total_count = 0;
  double total_pop = 0;
  Estimate estimate;  // method "Dobson"
};

// Directly standardised rate with Dobson et al. (1991) limits built on
// Byar's limits of the total count. With frequency_squares, the variance is
// that of non-independent events (PHE Technical Guide). Suppressed when the
// total count is below min_total_count. Errors: a negative count, a
// population that is missing or <= 0, a negative or missing standard weight,
// spans of different lengths, no rows, bad confidence.
Result<DsrResult> Dsr(const DsrInput& input, const DsrOptions& options);

// The 2013 European Standard Population, 19 five-year bands 0-4 … 85-89, 90+
// (sums to 100,000). A published standard, built in (esp2013.cc).
inline constexpr std::array<double, 19> kEsp2013 = {5000, 5500, 5500, 5500, 6000, 6000, 6500,
                                                    7000, 7000, 7000, 7000, 6500, 6000, 5500,
                                                    5000, 4000, 2500, 1500, 1000};
// Band labels in the same order ("0-4", …, "90+").
extern const std::array<std::string_view, 19> kEsp2013Bands;
// The index (0..18) of the ESP 2013 band a label names, or -1. Spaces and
// case are ignored, and "00-04", "0 to 4", "90+", "90 and over" and
// "90plus" are understood.
int Esp2013BandIndex(std::string_view label);

// ---- Indirectly standardised rate and ratio (isr.cc) -----------------------

struct IsrOptions {
  double multiplier = 100000;  // IsRate only
  double reference_value = 1;  // IsRatio only: 1, or 100 for an SMR
  std::vector<double> confidence = kDefaultConfidence;
};

// One row per age band: local events and population, reference events and
// population. Missing local or reference events and local population count as 0.
struct IsrInput {
  std::span<const double> counts;
  std::span<const double> populations;
  std::span<const double> reference_counts;
  std::span<const double> reference_populations;  // each > 0
};

struct IsrResult {
  double observed = 0;
  double expected = 0;
  double reference_rate = kMissing;  // IsRate: Σ ref counts / Σ ref pops × multiplier
  Estimate estimate;                 // method "Exact" below 10 observed, else "Byars"
};

// Indirectly standardised rate: observed / expected × reference rate.
Result<IsrResult> IsRate(const IsrInput& input, const IsrOptions& options);
// Indirectly standardised ratio: observed / expected × reference value.
Result<IsrResult> IsRatio(const IsrInput& input, const IsrOptions& options);

// ---- Life expectancy (life_expectancy.cc) ----------------------------------

// The 20 bands of the abridged life table: 0, 1-4, 5-9, …, 85-89, 90+.
inline constexpr std::array<int, 20> kLifeTableStartAges = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                                            45, 50, 55, 60, 65, 70, 75, 80, 85, 90};

struct LifeExpectancyRow {
  int start_age = 0;
  double pops_used = 0;    // population of this band and all older ones
  double deaths_used = 0;  // deaths of this band and all older ones
  Estimate estimate;       // method "Chiang, using Silcocks et al for confidence limits"
};

struct LifeExpectancyResult {
  std::vector<LifeExpectancyRow> rows;  // one per start age present, ascending
  std::string warning;                  // the reference's warning text; empty if none
};

// Life expectancy at each start age (Chiang II abridged life table, Silcocks
// et al. 2001 limits). Rows may come in any order. As in the reference, the
// whole table is suppressed (NaN, with a warning) for negative deaths, a
// population <= 0, a number of bands other than 20, deaths > population in
// a band, or a total population <= 5,000; and a single value (not its
// limits) is suppressed when its 95% interval is wider than 20 years.
// Errors: spans of different lengths, a start age not in
// kLifeTableStartAges or repeated, missing deaths or population, bad confidence.
Result<LifeExpectancyResult> LifeExpectancy(std::span<const int> start_ages,
                                            std::span<const double> deaths,
                                            std::span<const double> populations,
                                            std::span<const double> confidence);

// ---- Slope and relative index of inequality (sii.cc) -----------------------

enum class ValueType { kNormal = 0, kRate = 1, kProportion = 2 };

struct SiiOptions {
  ValueType value_type = ValueType::kNormal;
  // Regress on the log (rates) or logit (proportions) scale and transform back.
  bool transform = false;
  double multiplier = 1;  // negative flips the SII's sign and inverts the RII
  int repetitions = 100000;
  std::vector<double> confidence = {0.95};
  uint64_t seed = 1;  // the simulation is reproducible for a given seed
};

// One quantile, in order from most to least deprived.
struct SiiQuantile {
  double population = 0;  // > 0
  double value = 0;       // the indicator value on its own scale
  double se = 0;          // standard error on the transformed scale (log / logit)
};

struct SiiResult {
  double sii = kMissing;
  double rii = kMissing;
  double intercept = kMissing;  // fitted value at rank 0 (most deprived end)
  std::vector<Limits> sii_limits;
  std::vector<Limits> rii_limits;
};

// SII and RII (Low & Low 2004): weighted regression of the values on the
// cumulative-population midpoint ranks; limits by simulation from each
// quantile's standard error. Errors: fewer than 2 quantiles, a population
// <= 0, a negative or missing se, a proportion outside [0, 1], repetitions
// below 1000, bad confidence.
Result<SiiResult> Sii(std::span<const SiiQuantile> quantiles, const SiiOptions& options);

// The standard error on the transformed scale from 95% limits, as the
// reference derives it: (g(upper) - g(lower)) / (2 × 1.959964), with g the
// identity, log or logit.
double SiiStandardError(double lower95, double upper95, ValueType type);

// ---- Quantiles (quantiles.cc) -----------------------------------------------

// Assigns each value a quantile 1..nquantiles by the reference's rule (rank
// with ties at the minimum); invert puts the highest value in quantile 1.
// Missing values get 0, and so does every value when fewer than nquantiles
// values are present (as the reference returns NA). REQUIRES: nquantiles >= 1.
std::vector<int> AssignQuantiles(std::span<const double> values, int nquantiles, bool invert);

// ---- Comparison with a comparator (compare.cc) ------------------------------

enum class Polarity { kHighIsGood, kLowIsGood, kNoJudgement };
enum class Comparison { kBetter, kSimilar, kWorse, kHigher, kLower, kNotCompared };

// "better", "similar", "worse", "higher", "lower", "not compared".
std::string_view ComparisonName(Comparison c);

// By interval: the value's limits lie wholly above or below the comparator's
// value (Fingertips' method for most indicators). With no polarity, the
// answer is higher / lower / similar. Missing limits or comparator: not compared.
Comparison CompareInterval(double lower, double upper, double comparator, Polarity polarity);

// By test for a count against its expected number (ratios such as the ISR
// and SMR): exact Poisson limits of the observed count below 10, Byar's from
// 10, compared with the expected count.
Comparison CompareCount(double observed, double expected, double confidence, Polarity polarity);

}  // namespace barometer::stats
