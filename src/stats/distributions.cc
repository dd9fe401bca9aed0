#include "stats/distributions.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace barometer::stats {

double NormalQuantile(double p) { return boost::math::quantile(boost::math::normal(), p); }

double ZForConfidence(double confidence_percent) {
  return NormalQuantile(0.5 + confidence_percent / 200.0);
}

double ChiSquareQuantile(double p, double df) {
  return boost::math::quantile(boost::math::chi_squared(df), p);
}

double StudentTQuantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t(df), p);
}

double BetaQuantile(double p, double a, double b) {
  return boost::math::quantile(boost::math::beta_distribution<>(a, b), p);
}

}  // namespace barometer::stats
