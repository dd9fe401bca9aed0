// Comparison with a comparator (Fingertips' better / similar / worse).
// The expected answers follow from the definitions, not from our output:
// an interval wholly above the comparator is higher, wholly below is lower.
#include <gtest/gtest.h>

#include "stats/indicators.h"

namespace barometer::stats {
namespace {

TEST(PheCompare, IntervalAgainstComparatorValue) {
  EXPECT_EQ(CompareInterval(11, 13, 10, Polarity::kHighIsGood), Comparison::kBetter);
  EXPECT_EQ(CompareInterval(11, 13, 10, Polarity::kLowIsGood), Comparison::kWorse);
  EXPECT_EQ(CompareInterval(11, 13, 10, Polarity::kNoJudgement), Comparison::kHigher);
  EXPECT_EQ(CompareInterval(7, 9, 10, Polarity::kLowIsGood), Comparison::kBetter);
  EXPECT_EQ(CompareInterval(7, 9, 10, Polarity::kNoJudgement), Comparison::kLower);
  EXPECT_EQ(CompareInterval(9, 11, 10, Polarity::kHighIsGood), Comparison::kSimilar);
  // Touching the comparator is not a significant difference.
  EXPECT_EQ(CompareInterval(10, 11, 10, Polarity::kHighIsGood), Comparison::kSimilar);
  EXPECT_EQ(CompareInterval(kMissing, 11, 10, Polarity::kHighIsGood), Comparison::kNotCompared);
  EXPECT_EQ(CompareInterval(9, 11, kMissing, Polarity::kHighIsGood), Comparison::kNotCompared);
}

TEST(PheCompare, CountAgainstExpectedUsesPoissonLimits) {
  // 65 events: Byar's 95% limits 50.16–82.85 (byars_wilson.csv).
  EXPECT_EQ(CompareCount(65, 45, 0.95, Polarity::kLowIsGood), Comparison::kWorse);
  EXPECT_EQ(CompareCount(65, 55, 0.95, Polarity::kLowIsGood), Comparison::kSimilar);
  EXPECT_EQ(CompareCount(65, 90, 0.95, Polarity::kLowIsGood), Comparison::kBetter);
  // 1 event: exact 95% limits 0.0253–5.57 (crude_rate.csv, Area1 per 100).
  EXPECT_EQ(CompareCount(1, 6, 0.95, Polarity::kNoJudgement), Comparison::kLower);
  EXPECT_EQ(CompareCount(1, 5, 0.95, Polarity::kNoJudgement), Comparison::kSimilar);
  EXPECT_EQ(CompareCount(1, 0, 0.95, Polarity::kNoJudgement), Comparison::kNotCompared);
}

TEST(PheCompare, Names) {
  EXPECT_EQ(ComparisonName(Comparison::kBetter), "better");
  EXPECT_EQ(ComparisonName(Comparison::kNotCompared), "not compared");
}

}  // namespace
}  // namespace barometer::stats
