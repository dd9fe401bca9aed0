// The trend forecast against values worked by hand from the textbook
// least-squares formulae and published Student t table values.
#include "measures/internal/forecast.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace barometer::measures::internal {
namespace {

// x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6, so
// b = 0.6, a = 2.2; residuals -0.8, 0.6, 1.0, -0.6, -0.2, SSE = 2.4,
// s = √(2.4 / 3) = √0.8. At x0 = 6: ŷ = 5.8, se = √(0.8 × (1 + 1/5 + 9/10)) = √1.68.
const std::vector<double> kX = {1, 2, 3, 4, 5};
const std::vector<double> kY = {2, 4, 5, 4, 5};
constexpr double kSe = 1.2961481396815720;      // √1.68
constexpr double kT975df3 = 3.182446305284263;  // t table, 0.975, 3 df
constexpr double kT90df3 = 1.637744353696210;   // t table, 0.90, 3 df

TEST(ForecastTest, FitsTheLeastSquaresLine) {
  auto fit = FitTrend(kX, kY);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->slope, 0.6, 1e-12);
  EXPECT_NEAR(fit->intercept, 2.2, 1e-12);
  EXPECT_NEAR(fit->residual_sd, std::sqrt(0.8), 1e-12);
  EXPECT_EQ(fit->n, 5);
}

TEST(ForecastTest, PredictionIntervalMatchesTheFormula) {
  auto fit = FitTrend(kX, kY);
  ASSERT_TRUE(fit.ok());
  Projection p = Project(*fit, 6, 0.95);
  EXPECT_NEAR(p.value, 5.8, 1e-12);
  EXPECT_NEAR(p.se, kSe, 1e-12);
  EXPECT_NEAR(p.lower, 5.8 - kT975df3 * kSe, 1e-9);
  EXPECT_NEAR(p.upper, 5.8 + kT975df3 * kSe, 1e-9);
}

TEST(ForecastTest, ProbabilityFollowsStudentT) {
  auto fit = FitTrend(kX, kY);
  ASSERT_TRUE(fit.ok());
  // The projection itself: an even chance either way.
  EXPECT_NEAR(ProbabilityBeyond(*fit, 6, 5.8, /*at_least=*/true), 0.5, 1e-12);
  // One t(0.90) standard error above the projection: 10% chance of reaching it.
  double high = 5.8 + kT90df3 * kSe;
  EXPECT_NEAR(ProbabilityBeyond(*fit, 6, high, true), 0.10, 1e-9);
  EXPECT_NEAR(ProbabilityBeyond(*fit, 6, high, false), 0.90, 1e-9);
}

TEST(ForecastTest, AnExactTrendIsCertain) {
  // y = 10 − 0.5x with no noise: the line is known exactly.
  std::vector<double> x = {0, 1, 2, 3, 4, 5}, y;
  for (double v : x) y.push_back(10 - 0.5 * v);
  auto fit = FitTrend(x, y);
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->slope, -0.5, 1e-12);
  EXPECT_NEAR(Project(*fit, 10, 0.95).value, 5, 1e-12);
  EXPECT_EQ(ProbabilityBeyond(*fit, 10, 5.5, /*at_least=*/false), 1.0);
  EXPECT_EQ(ProbabilityBeyond(*fit, 10, 4.5, /*at_least=*/false), 0.0);
}

TEST(ForecastTest, TooFewOrSimultaneousPointsAreRefused) {
  EXPECT_FALSE(FitTrend(std::vector<double>{1, 2}, std::vector<double>{1, 2}).ok());
  EXPECT_FALSE(FitTrend(std::vector<double>{1, 1, 1}, std::vector<double>{1, 2, 3}).ok());
}

}  // namespace
}  // namespace barometer::measures::internal
