// ComputeSpc beyond the reference vectors: errors, the options the reference
// lacks (rule lengths, the 2023 two-in-three rule), an NA inside a trend
// window, and facets. Where a reference input fits, it is used, and the
// expected labels follow from the rule definitions in docs/spc.md.
#include "stats/spc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/number.h"
#include "core/table.h"

namespace barometer::stats {
namespace {

struct RefPoint {
  SpcInput input;
  std::string special_cause_type;
  bool close_to_limits = false;
};

// A no-facet reference case's points, in date order.
std::vector<RefPoint> ReferencePoints(const std::string& id) {
  auto t = ReadCsvTable(std::string(BAROMETER_REFERENCE_DIR) + "/spc/points.csv");
  if (!t.ok()) ADD_FAILURE() << t.status().ToString();
  if (!t.ok()) return {};
  size_t c = *t->Column("case"), d = *t->Column("date"), y = *t->Column("y"),
         type = *t->Column("special_cause_type"), close = *t->Column("close_to_limits");
  std::vector<RefPoint> out;
  for (size_t r = 0; r < t->rows(); ++r) {
    if (t->cell(r, c) != id) continue;
    RefPoint p;
    p.input = {*Date::Parse(t->cell(r, d)), ParseDouble(t->cell(r, y))};
    p.special_cause_type = std::string(t->cell(r, type));
    p.close_to_limits = t->cell(r, close) == "TRUE";
    out.push_back(std::move(p));
  }
  EXPECT_FALSE(out.empty()) << id;
  return out;
}

std::vector<SpcInput> Inputs(const std::vector<RefPoint>& ref) {
  std::vector<SpcInput> in;
  for (const RefPoint& p : ref) in.push_back(p.input);
  return in;
}

std::vector<SpcInput> Daily(const std::vector<double>& ys) {
  std::vector<SpcInput> in;
  for (size_t i = 0; i < ys.size(); ++i) {
    in.push_back({Date{2021, 1, 1}.AddDays(static_cast<int64_t>(i)),
                  std::isnan(ys[i]) ? std::nullopt : std::optional<double>(ys[i])});
  }
  return in;
}

TEST(Spc, AnEmptySeriesIsAnError) {
  EXPECT_EQ(ComputeSpc({}, {}).status().ToString(),
            "no points to chart; a series needs at least one");
}

TEST(Spc, TwoPointsOnOneDateAreAnError) {
  std::vector<SpcInput> in = Daily({1, 2, 3});
  in[2].date = in[0].date;
  EXPECT_EQ(ComputeSpc(in, {}).status().ToString(),
            "two points on 2021-01-01; a series may have one point per date");
}

TEST(Spc, OptionsOutsideTheirRangesAreErrors) {
  SpcOptions o;
  o.shift_length = 1;
  EXPECT_EQ(ComputeSpc(Daily({1, 2}), o).status().ToString(),
            "shift length must be between 2 and 1000 points; got 1");
  o = {};
  o.trend_length = 0;
  EXPECT_EQ(ComputeSpc(Daily({1, 2}), o).status().ToString(),
            "trend length must be between 2 and 1000 points; got 0");
  o = {};
  o.fix_after_n_points = 11;  // the reference also requires >= 12
  EXPECT_EQ(ComputeSpc(Daily({1, 2}), o).status().ToString(),
            "fix after n points must be at least 12 (a baseline needs at least 12 points); "
            "got 11");
  o = {};
  o.target = std::nan("");
  EXPECT_EQ(ComputeSpc(Daily({1, 2}), o).status().code(), StatusCode::kInvalidInput);
}

TEST(Spc, InputOutOfDateOrderIsSorted) {
  std::vector<SpcInput> in = Daily({1, 2, 3, 4});
  std::swap(in[0], in[3]);
  auto s = ComputeSpc(in, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->points.front().date, (Date{2021, 1, 1}));
  EXPECT_EQ(s->points.front().input_index, 3u);
  EXPECT_EQ(s->points.back().input_index, 0u);
}

// The reference fails on syn_na_inside_trend_error (an NA inside an otherwise
// rising 7-point window). We treat the NA as breaking the run, as it breaks a
// shift in the reference (syn_na_inside_shift).
TEST(Spc, AMissingValueInsideATrendWindowBreaksTheTrend) {
  std::vector<double> base = {10, 13, 8, 12, 9, 13, 7, 12, 10, 14, 8, 11, 9, 13};
  std::vector<double> ys = base;
  for (double v : {8.0, 9.0, 10.0, std::nan(""), 11.0, 12.0, 12.5, 13.0}) ys.push_back(v);
  auto s = ComputeSpc(Daily(ys), {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (const SpcPoint& p : s->points) {
    EXPECT_EQ(p.special_cause_type.find("Trend"), std::string::npos) << p.date.ToString();
  }
  // Without the NA the same eight points are a rising trend.
  ys[base.size() + 3] = 10.5;
  s = ComputeSpc(Daily(ys), {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->points.back().special_cause_type, "7 Point Trend (Increasing)");
  EXPECT_EQ(s->points[base.size()].special_cause_type, "7 Point Trend (Increasing)");
}

TEST(Spc, ShiftLengthIsConfigurable) {
  // syn_shift6_above: six points above the mean at the end; no shift at 7.
  std::vector<RefPoint> ref = ReferencePoints("syn_shift6_above");
  SpcOptions o;
  o.shift_length = 6;
  auto s = ComputeSpc(Inputs(ref), o);
  ASSERT_TRUE(s.ok());
  size_t n = s->points.size();
  for (size_t i = 0; i < n; ++i) {
    const SpcPoint& p = s->points[i];
    EXPECT_EQ(p.special_cause_type, i + 6 >= n ? "6 Points Above CL" : ref[i].special_cause_type)
        << i;
  }
  EXPECT_EQ(s->variation_icon, VariationIcon::kImprovementHigh);
}

TEST(Spc, TrendLengthIsConfigurable) {
  // syn_trend6_inc: six rising points; no trend at 7, a trend at 6.
  std::vector<RefPoint> ref = ReferencePoints("syn_trend6_inc");
  SpcOptions o;
  o.trend_length = 6;
  auto s = ComputeSpc(Inputs(ref), o);
  ASSERT_TRUE(s.ok());
  std::vector<size_t> trend;
  for (size_t i = 0; i < s->points.size(); ++i) {
    const SpcPoint& p = s->points[i];
    if (p.special_cause_type == "6 Point Trend (Increasing)") {
      trend.push_back(i);
    } else {
      EXPECT_EQ(p.special_cause_type, ref[i].special_cause_type) << i;
    }
  }
  ASSERT_EQ(trend.size(), 6u);  // six consecutive, strictly rising points
  for (size_t k = 1; k < trend.size(); ++k) {
    EXPECT_EQ(trend[k], trend[k - 1] + 1);
    EXPECT_GT(*s->points[trend[k]].value, *s->points[trend[k - 1]].value);
  }
}

TEST(Spc, Mdc2023TwoInThreeCountsPointsBeyondTheLimits) {
  // syn_2in3_with_astro: a point between 2 and 3 sigma next to a point above
  // the UPL. The reference (pre-2023 rule) leaves the first point common
  // cause; under the 2023 rule (NHSRplotthedots issue #194) it is flagged.
  std::vector<RefPoint> ref = ReferencePoints("syn_2in3_with_astro");
  SpcOptions o;
  o.two_in_three = TwoInThreeRule::kMdc2023;
  auto s = ComputeSpc(Inputs(ref), o);
  ASSERT_TRUE(s.ok());
  int band = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    if (ref[i].close_to_limits) {
      ++band;
      EXPECT_EQ(s->points[i].special_cause_type, "2 in 3 Above CL") << i;
    } else {
      EXPECT_EQ(s->points[i].special_cause_type, ref[i].special_cause_type) << i;
    }
  }
  EXPECT_EQ(band, 1);
}

TEST(Spc, Mdc2023TwoInThreeStillNeedsAllThreeOnOneSide) {
  for (const char* id : {"syn_2in3_third_other_side", "syn_2in3_opposite"}) {
    std::vector<RefPoint> ref = ReferencePoints(id);
    SpcOptions o;
    o.two_in_three = TwoInThreeRule::kMdc2023;
    auto s = ComputeSpc(Inputs(ref), o);
    ASSERT_TRUE(s.ok());
    for (size_t i = 0; i < ref.size(); ++i) {
      EXPECT_EQ(s->points[i].special_cause_type, ref[i].special_cause_type) << id << " " << i;
    }
  }
}

TEST(SpcFacets, NumericFacetsSortAsNumbers) {
  std::vector<SpcFacetInput> in;
  for (const char* f : {"10", "9", "100"}) in.push_back({f, Date{2021, 1, 1}, 1.0});
  auto facets = ComputeSpcByFacet(in, {});
  ASSERT_TRUE(facets.ok());
  ASSERT_EQ(facets->size(), 3u);
  EXPECT_EQ((*facets)[0].facet, "9");
  EXPECT_EQ((*facets)[1].facet, "10");
  EXPECT_EQ((*facets)[2].facet, "100");
  EXPECT_EQ((*facets)[1].series.points[0].input_index, 0u);
}

TEST(SpcFacets, ATargetForAnUnknownFacetIsAnError) {
  SpcFacetOptions o;
  o.targets["Nort"] = 5;
  auto facets = ComputeSpcByFacet({{"North", Date{2021, 1, 1}, 1.0}}, o);
  EXPECT_EQ(facets.status().ToString(),
            "a target given for facet `Nort`, which is not in the data (the facets are: North); "
            "did you mean `North`?");
}

TEST(SpcFacets, ErrorsNameTheFacet) {
  auto facets = ComputeSpcByFacet({{"A", Date{2021, 1, 1}, 1.0}, {"A", Date{2021, 1, 1}, 2.0}}, {});
  EXPECT_EQ(facets.status().ToString(),
            "facet `A`: two points on 2021-01-01; a series may have one point per date");
}

TEST(SpcFacets, AFacetWithoutATargetHasNoAssurance) {
  // A deliberate difference from the reference (docs/spc.md): it reports
  // "inconsistent" for a facet that has no target.
  std::vector<SpcFacetInput> in;
  for (int i = 0; i < 15; ++i) {
    in.push_back({"A", Date{2021, 1, 1}.AddDays(i), 10.0 + i % 3});
    in.push_back({"B", Date{2021, 1, 1}.AddDays(i), 10.0 + i % 3});
  }
  SpcFacetOptions o;
  o.targets["A"] = 100;
  auto facets = ComputeSpcByFacet(in, o);
  ASSERT_TRUE(facets.ok());
  EXPECT_EQ((*facets)[0].series.assurance, AssuranceIcon::kFail);
  EXPECT_EQ((*facets)[1].series.assurance, AssuranceIcon::kNone);
  o.common.target = 0;  // a common target applies to facets without their own
  facets = ComputeSpcByFacet(in, o);
  ASSERT_TRUE(facets.ok());
  EXPECT_EQ((*facets)[1].series.assurance, AssuranceIcon::kPass);
}

TEST(SpcNames, LabelsFollowTheConfiguredLengths) {
  EXPECT_EQ(SpecialCauseLabel(SpecialCause::kTrendDecreasing), "7 Point Trend (Decreasing)");
  EXPECT_EQ(SpecialCauseLabel(SpecialCause::kShiftBelow, 6, 5), "6 Points Below CL");
  EXPECT_EQ(SpecialCauseLabel(SpecialCause::kTrendIncreasing, 6, 5), "5 Point Trend (Increasing)");
  EXPECT_EQ(ParseImprovement("decrease"), Improvement::kDecrease);
  EXPECT_EQ(ParseImprovement("down"), std::nullopt);
  EXPECT_EQ(ParseTwoInThreeRule("mdc2023"), TwoInThreeRule::kMdc2023);
}

}  // namespace
}  // namespace barometer::stats
