// Byar's, Wilson, crude rates and proportions against PHEindicatormethods v2.1.0.
#include <gtest/gtest.h>

#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

TEST(PheByarsWilson, EveryReferenceRow) {
  Reference ref("byars_wilson.csv");
  ASSERT_EQ(ref.rows(), 16u);
  for (size_t r = 0; r < ref.rows(); ++r) {
    SCOPED_TRACE("byars_wilson.csv row " + std::to_string(r + 2));
    double x = ref.Num(r, "x"), c = ref.Num(r, "confidence");
    double lower, upper;
    if (ref.Str(r, "method") == "byars") {
      lower = ByarsLower(x, c);
      upper = ByarsUpper(x, c);
    } else {
      double n = ref.Num(r, "n");
      lower = WilsonLower(x, n, c);
      upper = WilsonUpper(x, n, c);
    }
    EXPECT_TRUE(Near(lower, ref.Num(r, "expected_lower"), kTol));
    EXPECT_TRUE(Near(upper, ref.Num(r, "expected_upper"), kTol));
  }
}

void CheckLimits(const Reference& ref, size_t r, const Estimate& e) {
  ASSERT_EQ(e.limits.size(), 2u);
  EXPECT_TRUE(Near(e.value, ref.Num(r, "expected_value"), kTol));
  EXPECT_TRUE(Near(e.limits[0].lower, ref.Num(r, "expected_lower95_0cl"), kTol));
  EXPECT_TRUE(Near(e.limits[0].upper, ref.Num(r, "expected_upper95_0cl"), kTol));
  EXPECT_TRUE(Near(e.limits[1].lower, ref.Num(r, "expected_lower99_8cl"), kTol));
  EXPECT_TRUE(Near(e.limits[1].upper, ref.Num(r, "expected_upper99_8cl"), kTol));
}

TEST(PheCrudeRate, EveryReferenceRow) {
  Reference ref("crude_rate.csv");
  ASSERT_EQ(ref.rows(), 32u);
  for (size_t r = 0; r < ref.rows(); ++r) {
    SCOPED_TRACE("crude_rate.csv row " + std::to_string(r + 2));
    RateOptions opt;
    opt.multiplier = ref.Num(r, "multiplier");
    auto e = CrudeRate(ref.Num(r, "x"), ref.Num(r, "n"), opt);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    CheckLimits(ref, r, *e);
    std::string method = ref.Str(r, "expected_method");
    EXPECT_EQ(e->method, method == "NA" ? "" : method);
  }
}

TEST(PheProportion, EveryReferenceRow) {
  Reference ref("proportion.csv");
  ASSERT_EQ(ref.rows(), 30u);
  for (size_t r = 0; r < ref.rows(); ++r) {
    SCOPED_TRACE("proportion.csv row " + std::to_string(r + 2));
    ProportionOptions opt;
    opt.multiplier = ref.Num(r, "multiplier");
    auto e = Proportion(ref.Num(r, "x"), ref.Num(r, "n"), opt);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    CheckLimits(ref, r, *e);
  }
}

TEST(PheCrudeRate, RejectsNegativeCountAndZeroDenominator) {
  RateOptions opt;
  EXPECT_EQ(CrudeRate(-1, 100, opt).status().message(), "the count must be 0 or more (got -1)");
  EXPECT_EQ(CrudeRate(5, 0, opt).status().message(), "the denominator must be more than 0 (got 0)");
  opt.confidence = {95};
  EXPECT_EQ(CrudeRate(5, 10, opt).status().message(),
            "confidence level 95 is not between 0 and 1 (write 95% as 0.95)");
}

TEST(PheProportion, RejectsCountAboveDenominator) {
  auto e = Proportion(11, 10, {});
  EXPECT_EQ(e.status().message(),
            "the count (11) is more than the denominator (10); a proportion needs x <= n");
}

TEST(PheConfidence, SuffixFollowsTheReferenceNames) {
  EXPECT_EQ(ConfidenceSuffix(0.95), "95_0");
  EXPECT_EQ(ConfidenceSuffix(0.998), "99_8");
  EXPECT_EQ(ConfidenceSuffix(0.9), "90_0");
}

}  // namespace
}  // namespace barometer::stats
