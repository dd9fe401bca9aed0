// measures/internal/forecast.h — the linear trend forecast used to project a
// measure to its target dates (docs/evaluation.md, "Forecast").
//
// An ordinary least-squares line through (x, y) points, x in years, with the
// classical prediction interval for a new observation at x0:
//   ŷ = a + b·x0,  se = s·√(1 + 1/n + (x0 − x̄)² / Sxx),  s² = SSE / (n − 2)
//   interval ŷ ± t(1 − α/2, n − 2)·se
// and the probability that the observation meets a threshold from the same
// Student t distribution. Pure functions; thread-safe.
#pragma once

#include <span>

#include "core/status.h"

namespace barometer::measures::internal {

struct TrendFit {
  int n = 0;
  double intercept = 0;
  double slope = 0;  // per unit of x (per year)
  double x_mean = 0;
  double sxx = 0;          // Σ (x − x̄)²
  double residual_sd = 0;  // s
};

// REQUIRES: x.size() == y.size(). Errors: fewer than 3 points, or all x equal.
Result<TrendFit> FitTrend(std::span<const double> x, std::span<const double> y);

struct Projection {
  double value = 0;  // ŷ at x0
  double se = 0;     // standard error of a new observation at x0
  double lower = 0;  // prediction interval at the requested confidence
  double upper = 0;
};

// REQUIRES: 0 < confidence < 1.
Projection Project(const TrendFit& fit, double x0, double confidence);

// P(Y ≥ threshold) (at_least) or P(Y ≤ threshold) for a new observation at
// x0 under the fitted line; 0 or 1 when the fit has no residual error.
double ProbabilityBeyond(const TrendFit& fit, double x0, double threshold, bool at_least);

}  // namespace barometer::measures::internal
