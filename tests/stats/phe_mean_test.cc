// Means with Student's t limits against PHEindicatormethods v2.1.0.
#include <gtest/gtest.h>

#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

TEST(PheMean, EveryReferenceGroup) {
  Reference ref("mean.csv");
  ASSERT_EQ(ref.rows(), 52u);
  for (const auto& g : ref.Groups({"case_id", "group"})) {
    size_t r0 = g.front();
    SCOPED_TRACE(ref.Str(r0, "case_id") + " " + ref.Str(r0, "group"));
    std::vector<double> x;
    for (size_t r : g) x.push_back(ref.Num(r, "x"));
    auto m = Mean(x, kDefaultConfidence);
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(Near(m->sum, ref.Num(r0, "expected_value_sum"), kTol));
    EXPECT_TRUE(Near(m->count, ref.Num(r0, "expected_value_count"), kTol));
    EXPECT_TRUE(Near(m->stdev, ref.Num(r0, "expected_stdev"), kTol));
    const Estimate& e = m->estimate;
    EXPECT_TRUE(Near(e.value, ref.Num(r0, "expected_value"), kTol));
    EXPECT_TRUE(Near(e.limits[0].lower, ref.Num(r0, "expected_lower95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[0].upper, ref.Num(r0, "expected_upper95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].lower, ref.Num(r0, "expected_lower99_8cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].upper, ref.Num(r0, "expected_upper99_8cl"), kTol));
  }
}

TEST(PheMean, OneValueHasNoLimits) {
  std::vector<double> x = {3};
  auto m = Mean(x, kDefaultConfidence);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->estimate.value, 3);
  EXPECT_TRUE(std::isnan(m->estimate.limits[0].lower));
  EXPECT_EQ(m->estimate.note, "limits need at least 2 values");
}

}  // namespace
}  // namespace barometer::stats
