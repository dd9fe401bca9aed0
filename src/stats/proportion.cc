// Proportions with Wilson score limits.
#include <cmath>

#include <fmt/format.h>

#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {

double WilsonLower(double x, double n, double confidence) {
  if (confidence >= 1) return 0;
  double z = internal::Z(confidence);
  return (2 * x + z * z - z * std::sqrt(z * z + 4 * x * (1 - x / n))) / 2 / (n + z * z);
}

double WilsonUpper(double x, double n, double confidence) {
  if (confidence >= 1) return 1;
  double z = internal::Z(confidence);
  return (2 * x + z * z + z * std::sqrt(z * z + 4 * x * (1 - x / n))) / 2 / (n + z * z);
}

Result<Estimate> Proportion(double count, double denominator, const ProportionOptions& options) {
  if (Status s = ValidateConfidence(options.confidence); !s.ok()) return s;
  if (!IsMissing(count) && count < 0) {
    return Status::InvalidInput(
        fmt::format("the count must be 0 or more (got {})", internal::Got(count)));
  }
  if (!IsMissing(denominator) && denominator <= 0) {
    return Status::InvalidInput(
        fmt::format("the denominator must be more than 0 (got {})", internal::Got(denominator)));
  }
  if (!IsMissing(count) && !IsMissing(denominator) && count > denominator) {
    return Status::InvalidInput(
        fmt::format("the count ({}) is more than the denominator ({}); a proportion needs x <= n",
                    internal::Got(count), internal::Got(denominator)));
  }
  Estimate e;
  e.method = "Wilson";
  e.limits = internal::MissingLimits(options.confidence);
  if (IsMissing(count) || IsMissing(denominator)) {
    e.note = IsMissing(count) ? "count is missing" : "denominator is missing";
    return e;
  }
  e.value = count / denominator * options.multiplier;
  for (Limits& l : e.limits) {
    l.lower = WilsonLower(count, denominator, l.confidence) * options.multiplier;
    l.upper = WilsonUpper(count, denominator, l.confidence) * options.multiplier;
  }
  return e;
}

}  // namespace barometer::stats
