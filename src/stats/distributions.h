// stats/distributions.h — quantile functions the indicator methods need.
//
// Thin wrappers over Boost.Math (Debian's libboost-math-dev), so every method
// uses the same, well-tested implementations instead of approximations.
#pragma once

namespace barometer::stats {

// Standard normal quantile: the z with P(Z <= z) = p. REQUIRES: 0 < p < 1.
double NormalQuantile(double p);

// Two-sided z for a confidence level in percent (95 -> 1.959964..., 99.8 -> 3.090232...).
double ZForConfidence(double confidence_percent);

// Chi-square quantile with `df` degrees of freedom. REQUIRES: df > 0, 0 < p < 1.
double ChiSquareQuantile(double p, double df);

// Student's t quantile with `df` degrees of freedom. REQUIRES: df > 0, 0 < p < 1.
double StudentTQuantile(double p, double df);

// Beta quantile. REQUIRES: a > 0, b > 0, 0 <= p <= 1.
double BetaQuantile(double p, double a, double b);

}  // namespace barometer::stats
