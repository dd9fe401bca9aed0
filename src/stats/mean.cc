// Means with Student's t limits.
#include <cmath>
#include <exception>

#include "stats/distributions.h"
#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {

Result<MeanResult> Mean(std::span<const double> values, std::span<const double> confidence) {
  if (Status s = ValidateConfidence(confidence); !s.ok()) return s;
  MeanResult r;
  r.estimate.method = "Student's t";
  r.estimate.limits = internal::MissingLimits(confidence);
  for (double v : values) {
    if (IsMissing(v)) continue;
    r.sum += v;
    r.count += 1;
  }
  if (r.count == 0) {
    r.estimate.note = "no values";
    return r;
  }
  double mean = r.sum / r.count;
  r.estimate.value = mean;
  if (r.count < 2) {
    r.estimate.note = "limits need at least 2 values";
    return r;
  }
  double ss = 0;
  for (double v : values) {
    if (!IsMissing(v)) ss += (v - mean) * (v - mean);
  }
  r.stdev = std::sqrt(ss / (r.count - 1));
  double se = r.stdev / std::sqrt(r.count);
  for (Limits& l : r.estimate.limits) {
    if (l.confidence >= 1) continue;
    double t;
    try {
      t = StudentTQuantile(0.5 + l.confidence / 2, r.count - 1);
    } catch (const std::exception&) {  // Boost reports domain errors by exception
      continue;
    }
    l.lower = mean - t * se;
    l.upper = mean + t * se;
  }
  return r;
}

}  // namespace barometer::stats
