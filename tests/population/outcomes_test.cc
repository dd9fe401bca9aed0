// Values for a strategy's outcome measures (population/outcomes.h): the
// rolling periods, the values and limits as the indicator engine computes
// them, rows found by id and enum, and the errors a binding can meet.
#include "population/outcomes.h"

#include <cmath>

#include <gtest/gtest.h>

#include "extract_builder.h"

namespace barometer::population {
namespace {

// 6000 people in a most and a least deprived LSOA, men and women; deaths
// under 75 fall each year from 2019 to 2021.
const Extract& Small() {
  static Extract x = [] {
    testing::TempExtract t;
    t.Area("E01000001", 1, "North", "Liverpool");
    t.Area("E01000002", 10, "South", "Liverpool");
    for (int i = 0; i < 6000; ++i) {
      int year = 2019 + i % 3;
      bool dies = i / 6 < 40 - 10 * (i % 3);
      t.Person("P" + std::to_string(i), 1 + i % 2, 1931 + i % 87, 1,
               i % 4 < 2 ? "E01000001" : "E01000002", "A", "2018-01-01", "",
               dies ? fmt::format("{}-08-01", year) : "", dies ? "I21" : "");
    }
    t.Write();
    Diagnostics d;
    auto loaded = LoadExtract(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false}, &d);
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? std::move(*loaded) : Extract{};
  }();
  return x;
}

TEST(PopulationOutcomes, PooledPeriodsEndEachYear) {
  std::vector<YearRange> p = PooledPeriods(2015, 2020, 3);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p.front(), (YearRange{2015, 2017}));
  EXPECT_EQ(p.back(), (YearRange{2018, 2020}));
  EXPECT_EQ(PooledPeriods(2019, 2021, 1).size(), 3u);
  EXPECT_TRUE(PooledPeriods(2019, 2020, 3).empty());
}

TEST(PopulationOutcomes, FeedGivesTheEngineValuesForEachPeriodAndGroup) {
  FeedSource all{"u75", IndicatorId::kU75MortalityAll, {}, "", 1};
  FeedSource women{
      "u75_women", IndicatorId::kU75MortalityAll, {Dimension::kSex, false}, "female", 1};
  FeedOptions o;
  o.first_year = 2019;
  o.last_year = 2021;
  o.threads = 2;
  o.disclosure.enabled = false;  // small counts: this is about the values, not their control
  auto fed = Feed(Small(), {all, women}, o);
  ASSERT_TRUE(fed.ok()) << fed.status().ToString();
  ASSERT_EQ(fed->size(), 6u);  // two sources, three years, in that order

  IndicatorRequest req;
  req.periods = {{2019, 2019}, {2020, 2020}, {2021, 2021}};
  req.breakdowns = {{Dimension::kSex, false}};
  req.indicators = {IndicatorId::kU75MortalityAll};
  req.threads = 2;
  req.disclosure.enabled = false;
  auto rows = ComputeIndicators(Small(), req);
  ASSERT_TRUE(rows.ok());
  for (size_t k = 0; k < fed->size(); ++k) {
    const FeedValue& v = (*fed)[k];
    SCOPED_TRACE(k);
    EXPECT_EQ(v.source, k / 3);
    EXPECT_EQ(v.years, req.periods[k % 3]);
    const IndicatorRow* r = v.source == 0 ? FindRow(*rows, IndicatorId::kU75MortalityAll, v.years)
                                          : FindRow(*rows, IndicatorId::kU75MortalityAll, v.years,
                                                    {Dimension::kSex, false}, 1);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->breakdown_value, v.source == 0 ? "all" : "female");  // what writers print
    ASSERT_TRUE(v.published());
    EXPECT_EQ(v.value, r->value);
    EXPECT_EQ(v.lower95, r->lower95);
    EXPECT_EQ(v.upper95, r->upper95);
    EXPECT_LT(v.lower95, v.value);
    EXPECT_EQ(v.count, r->count);
  }
  // Deaths fall each year.
  EXPECT_GT((*fed)[0].value, (*fed)[2].value);
}

TEST(PopulationOutcomes, AGroupTheBreakdownLacksNamesTheMeasureAndTheGroups) {
  FeedSource s{"u75_women", IndicatorId::kU75MortalityAll, {Dimension::kSex, false}, "women", 1};
  FeedOptions o;
  o.first_year = 2019;
  o.last_year = 2021;
  auto fed = Feed(Small(), {s}, o);
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.status().code(), StatusCode::kInvalidInput);
  std::string m(fed.status().message());
  EXPECT_NE(m.find("u75_women"), std::string::npos) << m;
  EXPECT_NE(m.find("female"), std::string::npos) << m;
}

TEST(PopulationOutcomes, TheGapNeedsAComparator) {
  FeedSource s{"gap", IndicatorId::kLeGap, {}, "", 3};
  auto fed = Feed(Small(), {s}, FeedOptions{});
  ASSERT_FALSE(fed.ok());
  EXPECT_NE(fed.status().message().find("--comparator"), std::string::npos);
}

TEST(PopulationOutcomes, InequalityHasTheDecilesInOrder) {
  IndicatorRequest base;
  base.threads = 2;
  base.sii_repetitions = 1000;
  auto in = ComputeInequality(Small(), IndicatorId::kLeGap, {2019, 2021}, base);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->indicator, IndicatorId::kLifeExpectancyBirth);
  ASSERT_EQ(in->deciles.size(), 10u);
  for (size_t d = 0; d < 10; ++d) EXPECT_EQ(in->deciles[d].group, static_cast<int>(d) + 1);
}

}  // namespace
}  // namespace barometer::population
