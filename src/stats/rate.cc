// Crude rates and the Poisson limits of a count (Byar's and exact).
#include <cmath>
#include <exception>
#include <limits>

#include <fmt/format.h>

#include "stats/distributions.h"
#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

double ByarsLower(double count, double confidence) {
  double z = internal::Z(confidence);
  double lower = count * std::pow(1 - 1 / (9 * count) - z / (3 * std::sqrt(count)), 3);
  // The approximation goes negative for tiny counts; the reference says NA.
  return lower < 0 ? kMissing : lower;
}

double ByarsUpper(double count, double confidence) {
  double z = internal::Z(confidence);
  double x1 = count + 1;
  return x1 * std::pow(1 - 1 / (9 * x1) + z / (3 * std::sqrt(x1)), 3);
}

// Boost.Math reports domain errors and overflow by exception; here they mean
// an undefined limit, and exceptions must not leave the public functions.
double HalfChiSquare(double p, double df) {
  try {
    return ChiSquareQuantile(p, df) / 2;
  } catch (const std::exception&) {
    return kMissing;
  }
}

double ExactPoissonLower(double count, double confidence) {
  if (count <= 0) return 0;
  if (confidence >= 1) return 0;
  return HalfChiSquare((1 - confidence) / 2, 2 * count);
}

double ExactPoissonUpper(double count, double confidence) {
  if (confidence >= 1) return kInf;
  return HalfChiSquare(1 - (1 - confidence) / 2, 2 * count + 2);
}

Result<Estimate> CrudeRate(double count, double denominator, const RateOptions& options) {
  if (Status s = ValidateConfidence(options.confidence); !s.ok()) return s;
  if (!IsMissing(count) && count < 0) {
    return Status::InvalidInput(
        fmt::format("the count must be 0 or more (got {})", internal::Got(count)));
  }
  if (!IsMissing(denominator) && denominator <= 0) {
    return Status::InvalidInput(
        fmt::format("the denominator must be more than 0 (got {})", internal::Got(denominator)));
  }
  Estimate e;
  e.limits = internal::MissingLimits(options.confidence);
  if (IsMissing(count)) {
    e.note = "count is missing";
    return e;
  }
  e.method = internal::PoissonMethod(count);
  if (IsMissing(denominator)) {
    e.note = "denominator is missing";
    return e;
  }
  double scale = options.multiplier / denominator;
  e.value = count * scale;
  for (Limits& l : e.limits) {
    Limits c = internal::PoissonLimits(count, l.confidence);
    l.lower = c.lower * scale;
    l.upper = c.upper * scale;
  }
  return e;
}

}  // namespace barometer::stats
