#include <cmath>

#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/indicators.h"

namespace barometer::population {
namespace {

TEST(PopulationProjectLinear, PointsOnALineProjectExactly) {
  auto p =
      ProjectLinear({2016, 2017, 2018, 2019}, {3.0, 2.8, 2.6, 2.4}, {0.1, 0.1, 0.1, 0.1}, 2024);
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(p->slope, -0.2, 1e-12);
  EXPECT_NEAR(p->value, 1.4, 1e-12);
  // No scatter beyond the errors: the spread is the known-variance one,
  // se² = 1/Σw + (x0 - x̄)²/Sxx with w = 100.
  double sxx = 100 * (2.25 + 0.25 + 0.25 + 2.25);
  EXPECT_NEAR(p->se, std::sqrt(1.0 / 400 + 6.5 * 6.5 / sxx), 1e-12);
}

TEST(PopulationProjectLinear, WeightsFollowTheStandardErrors) {
  // The middle point is far more precise, so the line passes close to it.
  auto p = ProjectLinear({0, 1, 2}, {0, 10, 2}, {1, 0.01, 1}, 1);
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(p->value, 10, 0.01);
  // Hand-computed: weights 1, 10000, 1; x̄ = 1, ȳ = (0 + 100000 + 2) / 10002.
  EXPECT_NEAR(p->slope, 1.0, 1e-12);  // Σw(x-x̄)(y-ȳ)/Σw(x-x̄)² = (2 - 0)/2
  EXPECT_NEAR(p->intercept, 100002.0 / 10002, 1e-12);
  // Points scatter beyond their errors: the variance is inflated by χ²/(n-2).
  double chi2 = 0;
  double a = 100002.0 / 10002;
  for (auto [x, y, w] : {std::tuple{0.0, 0.0, 1.0}, {1.0, 10.0, 1e4}, {2.0, 2.0, 1.0}}) {
    double r = y - a - 1.0 * (x - 1);
    chi2 += w * r * r;
  }
  EXPECT_NEAR(p->se, std::sqrt(chi2 * (1.0 / 10002)), 1e-9);
}

TEST(PopulationProjectLinear, NeedsTwoDistinctTimes) {
  EXPECT_FALSE(ProjectLinear({2020}, {1}, {1}, 2024).ok());
  EXPECT_FALSE(ProjectLinear({2020, 2020}, {1, 2}, {1, 1}, 2024).ok());
}

TEST(PopulationTrend, ProjectsTheIndicatorAndChecksTheAmbition) {
  testing::TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  // 3000 people of every age; deaths fall each year: 40, 30, 20.
  for (int i = 0; i < 3000; ++i) {
    int year = 2019 + i % 3;
    bool dies = i / 3 < 40 - 10 * (i % 3);
    t.Person("P" + std::to_string(i), 1, 1931 + i % 87, 1, "E01000001", "A", "2018-01-01", "",
             dies ? fmt::format("{}-08-01", year) : "", dies ? "I21" : "");
  }
  // The extract runs to the end of 2021, so its default pooled period is
  // 2019-2021 (disclosure control protects it with its single years).
  t.Activity("P1", "ae", "2021-12-15");
  t.Write();
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false}, &d);
  ASSERT_TRUE(x.ok());
  TrendRequest req;
  req.indicator = IndicatorId::kU75MortalityAll;
  req.periods = {{2019, 2019}, {2020, 2020}, {2021, 2021}};
  req.target_year = 2022;
  req.target = 500;
  req.base.threads = 2;
  auto tr = ComputeTrend(*x, req);
  ASSERT_TRUE(tr.ok()) << tr.status().ToString();
  ASSERT_EQ(tr->points.size(), 3u);
  EXPECT_GT(tr->points[0].value, tr->points[2].value);
  std::vector<double> xs, ys, ses;
  for (const TrendPoint& p : tr->points) {
    xs.push_back(p.x);
    ys.push_back(p.value);
    ses.push_back((p.upper95 - p.lower95) / (2 * 1.959963984540054));
  }
  auto fit = ProjectLinear(xs, ys, ses, 2022);
  EXPECT_NEAR(tr->projected, fit->value, 1e-9);
  EXPECT_LT(tr->projected, tr->points[2].value);
  EXPECT_NE(tr->assessment.find("target 500"), std::string::npos) << tr->assessment;
}

}  // namespace
}  // namespace barometer::population
