#include "measures/internal/forecast.h"

#include <cmath>

#include <boost/math/distributions/students_t.hpp>

#include "stats/distributions.h"

namespace barometer::measures::internal {

Result<TrendFit> FitTrend(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) return Status::Internal("FitTrend: x and y differ in length");
  const size_t n = x.size();
  if (n < 3) return Status::InvalidInput("a trend needs at least 3 points");
  double sx = 0, sy = 0;
  for (size_t i = 0; i < n; ++i) {
    sx += x[i];
    sy += y[i];
  }
  TrendFit f;
  f.n = static_cast<int>(n);
  f.x_mean = sx / static_cast<double>(n);
  double y_mean = sy / static_cast<double>(n);
  double sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    f.sxx += (x[i] - f.x_mean) * (x[i] - f.x_mean);
    sxy += (x[i] - f.x_mean) * (y[i] - y_mean);
  }
  if (f.sxx <= 0) return Status::InvalidInput("a trend needs points at different times");
  f.slope = sxy / f.sxx;
  f.intercept = y_mean - f.slope * f.x_mean;
  double sse = 0;
  for (size_t i = 0; i < n; ++i) {
    double r = y[i] - (f.intercept + f.slope * x[i]);
    sse += r * r;
  }
  f.residual_sd = std::sqrt(sse / static_cast<double>(n - 2));
  return f;
}

namespace {

double PredictionSe(const TrendFit& f, double x0) {
  double d = x0 - f.x_mean;
  return f.residual_sd * std::sqrt(1.0 + 1.0 / f.n + d * d / f.sxx);
}

}  // namespace

Projection Project(const TrendFit& fit, double x0, double confidence) {
  Projection p;
  p.value = fit.intercept + fit.slope * x0;
  p.se = PredictionSe(fit, x0);
  double t = stats::StudentTQuantile(1 - (1 - confidence) / 2, fit.n - 2);
  p.lower = p.value - t * p.se;
  p.upper = p.value + t * p.se;
  return p;
}

double ProbabilityBeyond(const TrendFit& fit, double x0, double threshold, bool at_least) {
  double value = fit.intercept + fit.slope * x0;
  double se = PredictionSe(fit, x0);
  if (!(se > 0)) {
    bool meets = at_least ? value >= threshold : value <= threshold;
    return meets ? 1.0 : 0.0;
  }
  boost::math::students_t_distribution<double> t(fit.n - 2);
  double below = boost::math::cdf(t, (threshold - value) / se);  // P(Y <= threshold)
  return at_least ? 1 - below : below;
}

}  // namespace barometer::measures::internal
