#include "stats/internal/phe_common.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/number.h"
#include "stats/distributions.h"

namespace barometer::stats {

const Limits* Estimate::At(double confidence) const {
  for (const Limits& l : limits) {
    if (std::fabs(l.confidence - confidence) < 1e-9) return &l;
  }
  return nullptr;
}

Status ValidateConfidence(std::span<const double> levels) {
  if (levels.empty()) return Status::InvalidInput("no confidence level given");
  for (double c : levels) {
    if (!(c > 0 && c <= 1)) {
      return Status::InvalidInput(fmt::format(
          "confidence level {} is not between 0 and 1 (write 95% as 0.95)", FormatShortest(c)));
    }
  }
  return Status::Ok();
}

std::string ConfidenceSuffix(double confidence) {
  std::string s = fmt::format("{:.1f}", confidence * 100);
  for (char& ch : s) {
    if (ch == '.') ch = '_';
  }
  return s;
}

namespace internal {

double Z(double confidence) {
  // Boost reports an overflow (by exception) for p = 1; the limit is infinite.
  if (confidence >= 1) return std::numeric_limits<double>::infinity();
  return NormalQuantile(0.5 + confidence / 2);
}

const char* PoissonMethod(double count) { return count < 10 ? "Exact" : "Byars"; }

Limits PoissonLimits(double count, double confidence) {
  if (count < 10) {
    return {confidence, ExactPoissonLower(count, confidence), ExactPoissonUpper(count, confidence)};
  }
  return {confidence, ByarsLower(count, confidence), ByarsUpper(count, confidence)};
}

std::vector<Limits> MissingLimits(std::span<const double> confidence) {
  std::vector<Limits> out;
  for (double c : confidence) out.push_back({c, kMissing, kMissing});
  return out;
}

std::string Got(double v) { return IsMissing(v) ? "missing" : FormatShortest(v); }

}  // namespace internal
}  // namespace barometer::stats
