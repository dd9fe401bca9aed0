// Life expectancy (Chiang II, Silcocks limits) against PHEindicatormethods v2.1.0.
#include <gtest/gtest.h>

#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

struct Case {
  std::vector<int> ages;
  std::vector<double> deaths, pops;
};

Case Collect(const Reference& ref, const std::vector<size_t>& rows) {
  Case c;
  for (size_t r : rows) {
    c.ages.push_back(static_cast<int>(ref.Num(r, "startage")));
    c.deaths.push_back(ref.Num(r, "deaths"));
    c.pops.push_back(ref.Num(r, "pops"));
  }
  return c;
}

TEST(PheLifeExpectancy, EveryReferenceRowAgainstExpectedColumns) {
  Reference ref("life_expectancy.csv");
  ASSERT_EQ(ref.rows(), 179u);
  for (const auto& g : ref.Groups({"case_id", "area"})) {
    SCOPED_TRACE(ref.Str(g.front(), "case_id") + " " + ref.Str(g.front(), "area"));
    Case c = Collect(ref, g);
    auto le = LifeExpectancy(c.ages, c.deaths, c.pops, kDefaultConfidence);
    ASSERT_TRUE(le.ok()) << le.status().ToString();
    ASSERT_EQ(le->rows.size(), g.size());
    EXPECT_EQ(le->warning, ref.Str(g.front(), "expected_warning"));
    for (size_t i = 0; i < g.size(); ++i) {
      size_t r = g[i];
      const LifeExpectancyRow& row = le->rows[i];
      SCOPED_TRACE("start age " + std::to_string(row.start_age));
      EXPECT_EQ(row.start_age, c.ages[i]);
      EXPECT_TRUE(Near(row.pops_used, ref.Num(r, "expected_pops_used"), kTol));
      EXPECT_TRUE(Near(row.deaths_used, ref.Num(r, "expected_dths_used"), kTol));
      const Estimate& e = row.estimate;
      EXPECT_TRUE(Near(e.value, ref.Num(r, "expected_value"), kTol));
      EXPECT_TRUE(Near(e.limits[0].lower, ref.Num(r, "expected_lower95_0cl"), kTol));
      EXPECT_TRUE(Near(e.limits[0].upper, ref.Num(r, "expected_upper95_0cl"), kTol));
      EXPECT_TRUE(Near(e.limits[1].lower, ref.Num(r, "expected_lower99_8cl"), kTol));
      EXPECT_TRUE(Near(e.limits[1].upper, ref.Num(r, "expected_upper99_8cl"), kTol));
    }
  }
}

// The answers hard-coded in the package's tests were made with z = 1.96, so
// they agree with ours (qnorm(0.975)) to about 5e-6 years: compare at 1e-4.
TEST(PheLifeExpectancy, HardCodedExcelAnswersAtFourDecimals) {
  Reference ref("life_expectancy.csv");
  int compared = 0;
  for (const auto& g : ref.Groups({"case_id", "area"})) {
    Case c = Collect(ref, g);
    auto le = LifeExpectancy(c.ages, c.deaths, c.pops, std::vector<double>{0.95});
    ASSERT_TRUE(le.ok());
    for (size_t i = 0; i < g.size(); ++i) {
      double want = ref.Num(g[i], "excel_lower95_0cl");
      if (std::isnan(want)) continue;
      EXPECT_NEAR(le->rows[i].estimate.limits[0].lower, want, 1e-4);
      EXPECT_NEAR(le->rows[i].estimate.limits[0].upper, ref.Num(g[i], "excel_upper95_0cl"), 1e-4);
      double value = ref.Num(g[i], "excel_value");
      if (!std::isnan(value)) {
        EXPECT_NEAR(le->rows[i].estimate.value, value, 1e-4);
      }
      ++compared;
    }
  }
  EXPECT_EQ(compared, 40);
}

TEST(PheLifeExpectancy, RowsInAnyOrderGiveTheSameTable) {
  Reference ref("life_expectancy.csv");
  auto g = ref.Groups({"case_id", "area"}).front();
  Case c = Collect(ref, g);
  auto sorted = LifeExpectancy(c.ages, c.deaths, c.pops, kDefaultConfidence);
  std::reverse(c.ages.begin(), c.ages.end());
  std::reverse(c.deaths.begin(), c.deaths.end());
  std::reverse(c.pops.begin(), c.pops.end());
  auto reversed = LifeExpectancy(c.ages, c.deaths, c.pops, kDefaultConfidence);
  ASSERT_TRUE(sorted.ok() && reversed.ok());
  EXPECT_EQ(reversed->rows.front().start_age, 0);
  EXPECT_EQ(reversed->rows.front().estimate.value, sorted->rows.front().estimate.value);
}

TEST(PheLifeExpectancy, UnknownOrRepeatedStartAgeIsAnError) {
  std::vector<int> ages = {0, 2};
  std::vector<double> d = {1, 1}, p = {100, 100};
  EXPECT_EQ(LifeExpectancy(ages, d, p, kDefaultConfidence).status().message(),
            "row 2: start age 2 is not one of the life table's bands (0, 1, 5, 10, …, 85, 90)");
  ages = {0, 0};
  EXPECT_EQ(LifeExpectancy(ages, d, p, kDefaultConfidence).status().message(),
            "start age 0 appears more than once");
}

TEST(PheLifeExpectancy, NoDeathsInTheOldestBandSuppressesTheTable) {
  std::vector<int> ages(kLifeTableStartAges.begin(), kLifeTableStartAges.end());
  std::vector<double> deaths(20, 10), pops(20, 1000);
  deaths.back() = 0;
  auto le = LifeExpectancy(ages, deaths, pops, kDefaultConfidence);
  ASSERT_TRUE(le.ok());
  EXPECT_TRUE(std::isnan(le->rows.front().estimate.value));
  EXPECT_EQ(
      le->warning,
      "the 90+ age band has no deaths; life expectancy cannot be calculated (outputs are NAs)");
}

}  // namespace
}  // namespace barometer::stats
