// The model's helpers: strategy years, look-ups and the golden thread. The
// expected values come from docs/strategy-format.md and the NHS financial
// year (1 April to 31 March).
#include "strategy/strategy.h"

#include <gtest/gtest.h>

#include "strategy/load.h"

namespace barometer::strategy {
namespace {

Strategy Example() {
  Result<Strategy> s =
      LoadValidStrategy(std::string(BAROMETER_SOURCE_DIR) + "/docs/strategy-format-example.toml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Strategy{};
}

Strategy WithPeriod(Date start, Date end, std::optional<int> fy_month = std::nullopt) {
  Strategy s;
  s.organisation.period.start = start;
  s.organisation.period.end = end;
  s.organisation.financial_year_start_month = fy_month;
  return s;
}

TEST(StrategyYears, YearNIsTheNthFinancialYearOfThePeriod) {
  // The format's own example: a period starting 2021-04-01 has Year 1
  // 2021-22, Year 2 2022-23, Year 3 2023-24.
  Strategy s = WithPeriod({2021, 4, 1}, {2024, 3, 31});
  EXPECT_EQ(StrategyYearCount(s), 3);
  EXPECT_EQ(StrategyYear(s, 1), Period::FinancialYear(2021));
  EXPECT_EQ(StrategyYear(s, 2).ToString(), "2022-23");
  EXPECT_EQ(StrategyYear(s, 3).ToString(), "2023-24");
  EXPECT_EQ(StrategyYear(s, 3).end, (Date{2024, 3, 31}));
}

TEST(StrategyYears, YearOfADate) {
  Strategy s = WithPeriod({2021, 4, 1}, {2024, 3, 31});
  EXPECT_EQ(YearOf(s, {2021, 4, 1}), 1);
  EXPECT_EQ(YearOf(s, {2022, 3, 31}), 1);
  EXPECT_EQ(YearOf(s, {2022, 4, 1}), 2);
  EXPECT_EQ(YearOf(s, {2024, 3, 31}), 3);
  EXPECT_EQ(YearOf(s, {2024, 4, 1}), std::nullopt);
  EXPECT_EQ(YearOf(s, {2021, 3, 31}), std::nullopt);
}

TEST(StrategyYears, PeriodStartingMidYearStillCountsFinancialYears) {
  // A strategy approved in July 2019 to 2024: Year 1 is the financial year
  // holding its start, 2019-20; 2024-03-31 ends Year 5.
  Strategy s = WithPeriod({2019, 7, 1}, {2024, 3, 31});
  EXPECT_EQ(StrategyYear(s, 1).ToString(), "2019-20");
  EXPECT_EQ(StrategyYearCount(s), 5);
  EXPECT_EQ(YearOf(s, {2020, 1, 15}), 1);
}

TEST(StrategyYears, OtherFinancialYearStart) {
  // An organisation whose year runs January to December.
  Strategy s = WithPeriod({2025, 1, 1}, {2027, 12, 31}, 1);
  EXPECT_EQ(StrategyYearCount(s), 3);
  EXPECT_EQ(StrategyYear(s, 2).start, (Date{2026, 1, 1}));
  EXPECT_EQ(StrategyYear(s, 2).end, (Date{2026, 12, 31}));
  EXPECT_EQ(YearOf(s, {2027, 6, 30}), 3);
}

TEST(StrategyLookups, FindByIdAndTheGoldenThread) {
  Strategy s = Example();
  const Measure* m = FindMeasure(s, "falls");
  ASSERT_NE(m, nullptr);
  Thread t = ThreadOf(s, *m);
  ASSERT_NE(t.objective, nullptr);
  ASSERT_NE(t.priority, nullptr);
  EXPECT_EQ(t.objective->id, "safe");
  EXPECT_EQ(t.priority->id, "great_care");
  EXPECT_EQ(FindRole(s, "chief_nurse")->title, "Chief Nurse");
  EXPECT_EQ(FindCommittee(s, "quality")->name, "Quality Committee");
  EXPECT_EQ(FindPriority(s, "nope"), nullptr);
  EXPECT_EQ(FindUnitObjective(s, "ward7_falls")->serves[0], "med_falls");
  // Each element knows where it was written.
  EXPECT_EQ(m->where.line, 144);
  EXPECT_EQ(m->At("unit").line, 148);
  EXPECT_EQ(m->At("unit").column, 8);
}

TEST(StrategyLookups, EffectiveCommitteeIsTheObjectivesOwnElseItsPrioritys) {
  Strategy s = Example();
  // "safe" names no committee: its priority Great Care is monitored by Quality.
  EXPECT_EQ(EffectiveCommittee(s, *FindObjective(s, "safe"))->id, "quality");
  EXPECT_EQ(EffectiveCommittee(s, *FindObjective(s, "engaged_staff"))->id, "people");
}

TEST(StrategyTargets, ByYearAndDueDates) {
  Strategy s = Example();
  const Measure& eng = *FindMeasure(s, "staff_engagement");
  auto y2 = TargetsInYear(s, eng, 2);
  ASSERT_EQ(y2.size(), 1u);
  EXPECT_EQ(*y2[0]->value, 7.2);
  // Higher is better, so a threshold with no op means "at least".
  EXPECT_EQ(EffectiveOp(*y2[0], eng), Op::kGreaterEqual);
  EXPECT_EQ(DueDate(s, *y2[0]), (Date{2026, 3, 31}));
  // A `by` target falls in the strategy year holding its date.
  const Measure& gap = *FindMeasure(s, "le_gap");
  EXPECT_EQ(TargetYear(s, gap.targets[0]), 3);
  EXPECT_EQ(TargetsInYear(s, gap, 3).size(), 1u);
  EXPECT_EQ(EffectiveOp(gap.targets[0], gap), Op::kLessEqual);
  // A rank target with no peer group of its own uses the measure's.
  const Measure& sc = *FindMeasure(s, "safety_culture");
  EXPECT_EQ(EffectivePeerGroup(sc.targets[2], sc), "acute_trusts");
}

TEST(StrategyUnits, RangesAndDecimalsFromTheFormat) {
  EXPECT_EQ(DefaultRange(MeasureUnit::kPercent).max, 100);
  EXPECT_EQ(DefaultRange(MeasureUnit::kProportion).max, 1);
  EXPECT_EQ(DefaultRange(MeasureUnit::kRank).min, 1);
  EXPECT_EQ(DefaultDecimals(MeasureUnit::kProportion), 3);
  EXPECT_EQ(DefaultDecimals(MeasureUnit::kScore), 2);
  EXPECT_EQ(EnumName(TargetKind::kEstablishBaseline), "establish_baseline");
  EXPECT_EQ(ParseEnum<Direction>("lower"), Direction::kLower);
  EXPECT_EQ(ParseEnum<Direction>("Lower"), std::nullopt);
}

}  // namespace
}  // namespace barometer::strategy
