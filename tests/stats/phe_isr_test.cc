// Indirectly standardised rates and ratios against PHEindicatormethods v2.1.0.
#include <gtest/gtest.h>

#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

TEST(PheIsr, EveryReferenceGroup) {
  Reference ref("isr.csv");
  ASSERT_EQ(ref.rows(), 304u);
  auto groups = ref.Groups({"case_id", "group"});
  for (const auto& g : groups) {
    size_t r0 = g.front();
    SCOPED_TRACE(ref.Str(r0, "case_id") + " " + ref.Str(r0, "group"));
    std::vector<double> x, n, xr, nr;
    for (size_t r : g) {
      x.push_back(ref.Num(r, "x"));
      n.push_back(ref.Num(r, "n"));
      xr.push_back(ref.Num(r, "x_ref"));
      nr.push_back(ref.Num(r, "n_ref"));
    }
    IsrOptions opt;
    bool rate = ref.Str(r0, "function") == "calculate_ISRate";
    if (rate) {
      opt.multiplier = ref.Num(r0, "multiplier");
    } else {
      opt.reference_value = ref.Num(r0, "refvalue");
    }
    IsrInput in{x, n, xr, nr};
    auto res = rate ? IsRate(in, opt) : IsRatio(in, opt);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    EXPECT_TRUE(Near(res->observed, ref.Num(r0, "expected_observed"), kTol));
    EXPECT_TRUE(Near(res->expected, ref.Num(r0, "expected_expected"), kTol));
    if (rate) {
      EXPECT_TRUE(Near(res->reference_rate, ref.Num(r0, "expected_ref_rate"), kTol));
    }
    const Estimate& e = res->estimate;
    EXPECT_TRUE(Near(e.value, ref.Num(r0, "expected_value"), kTol));
    EXPECT_TRUE(Near(e.limits[0].lower, ref.Num(r0, "expected_lower95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[0].upper, ref.Num(r0, "expected_upper95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].lower, ref.Num(r0, "expected_lower99_8cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].upper, ref.Num(r0, "expected_upper99_8cl"), kTol));
    EXPECT_EQ(e.method, ref.Str(r0, "expected_method"));
  }
}

TEST(PheIsr, ZeroReferencePopulationIsAnError) {
  std::vector<double> x = {5}, n = {100}, xr = {10}, nr = {0};
  EXPECT_EQ(IsRate({x, n, xr, nr}, {}).status().message(),
            "row 1: the reference population must be more than 0 (got 0)");
}

}  // namespace
}  // namespace barometer::stats
