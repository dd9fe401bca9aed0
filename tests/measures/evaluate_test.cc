// Every status rule of docs/evaluation.md on the small strategy in
// eval_strategy.toml, with the reason a Board member reads.
#include "measures/evaluate.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "strategy/load.h"

namespace barometer::measures {

// Status names in failure messages.
void PrintTo(MeasureStatus s, std::ostream* os) { *os << StatusName(s); }

namespace {

class EvaluateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = strategy::LoadStrategyFile(std::string(BAROMETER_SOURCE_DIR) +
                                             "/tests/measures/eval_strategy.toml");
    ASSERT_TRUE(loaded.ok());
    ASSERT_TRUE(loaded->ok()) << strategy::FormatValidation(*loaded);
    strategy_ = loaded->strategy;
  }

  void Add(std::string id, std::string_view period, double value,
           std::optional<double> numerator = std::nullopt,
           std::optional<double> denominator = std::nullopt) {
    Observation o;
    o.measure_id = std::move(id);
    o.period = *Period::Parse(period, PeriodKind::kMonth);
    o.value = value;
    o.numerator = numerator;
    o.denominator = denominator;
    data_.observations.push_back(o);
  }

  // Consecutive months from `first` ("2021-04").
  void Monthly(const std::string& id, std::string_view first, const std::vector<double>& values) {
    Period p = *Period::Parse(first, PeriodKind::kMonth);
    for (double v : values) {
      Add(id, p.ToString(), v);
      p = Period::Month(p.start.AddMonths(1).year, p.start.AddMonths(1).month);
    }
  }

  void Peer(std::string org, std::string_view period, std::optional<double> value) {
    data_.benchmarks.push_back(
        {"experience_score", *Period::Parse(period), org, org + " Trust", "acute", value});
  }

  Evaluation Run(std::string_view period) {
    EvaluateOptions o;
    o.period = *Period::Parse(period);
    auto e = Evaluate(strategy_, data_, o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : Evaluation{};
  }

  MeasureEvaluation Measure(std::string_view period, std::string_view id) {
    Evaluation e = Run(period);
    for (const MeasureEvaluation& m : e.measures) {
      if (m.measure_id == id) return m;
    }
    ADD_FAILURE() << "no measure " << id;
    return {};
  }

  strategy::Strategy strategy_;
  EvaluationData data_;
};

// ---- threshold ----

TEST_F(EvaluateTest, AchievedWhenTheValueThatSettlesTheYearMeetsItsTarget) {
  Add("engagement", "2021", 7.1);
  Add("engagement", "2022", 7.3);
  MeasureEvaluation m = Measure("2022-23 Q4", "engagement");
  EXPECT_EQ(m.status, MeasureStatus::kAchieved);
  EXPECT_EQ(m.reason, "7.3 in 2022 meets the Year 2 (2022-23) target of at least 7.2.");
  ASSERT_TRUE(m.target);
  EXPECT_EQ(m.target->year, 2);
  EXPECT_EQ(m.baseline.source, BaselineSource::kStrategy);
}

TEST_F(EvaluateTest, OffTrackWhenTheSettlingValueMisses) {
  Add("engagement", "2022", 7.1);
  MeasureEvaluation m = Measure("2022-23 Q4", "engagement");
  EXPECT_EQ(m.status, MeasureStatus::kOffTrack);
  EXPECT_EQ(m.reason, "7.1 in 2022 misses the Year 2 (2022-23) target of at least 7.2.");
}

TEST_F(EvaluateTest, OnTrackAgainstTheInterpolatedTrajectory) {
  std::vector<double> v;
  for (int i = 0; i < 18; ++i) v.push_back(12.0 - 0.05 * i);  // ... 11.15 in September 2022
  Monthly("turnover", "2021-04", v);
  MeasureEvaluation m = Measure("2022-23 Q2", "turnover");
  // Year 1 ends at 11.5 on 31 March 2022, Year 2 at 11.0 on 31 March 2023:
  // 30 September 2022 is 183 of 365 days along.
  ASSERT_TRUE(m.target && m.target->goal_for_period);
  EXPECT_NEAR(*m.target->goal_for_period, 11.5 - 0.5 * 183.0 / 365.0, 1e-12);
  EXPECT_EQ(m.status, MeasureStatus::kOnTrack);
  EXPECT_EQ(m.reason,
            "11.2% in 2022-09 is on track for the Year 2 (2022-23) target of at most 11.0%, due 31 "
            "March 2023 (the trajectory is 11.2% for 2022-09).");
}

TEST_F(EvaluateTest, AtRiskWhenBehindButTheTrendMeetsTheTarget) {
  std::vector<double> v;
  for (int i = 0; i < 18; ++i) v.push_back(11.6 + 0.15 * (17 - i));  // falling to 11.6
  Monthly("turnover", "2021-04", v);
  MeasureEvaluation m = Measure("2022-23 Q2", "turnover");
  EXPECT_EQ(m.status, MeasureStatus::kAtRisk) << m.reason;
  ASSERT_FALSE(m.forecasts.empty());
  EXPECT_TRUE(m.forecasts[0].projected_to_meet);
}

TEST_F(EvaluateTest, OffTrackWhenBehindAndTheTrendMisses) {
  Monthly("turnover", "2021-04", std::vector<double>(18, 11.6));
  MeasureEvaluation m = Measure("2022-23 Q2", "turnover");
  EXPECT_EQ(m.status, MeasureStatus::kOffTrack);
  EXPECT_EQ(m.reason,
            "11.6% in 2022-09 is behind the Year 2 (2022-23) target of at most 11.0%, due 31 March "
            "2023 (the trajectory is 11.2% for 2022-09), and the trend projects 11.6% by 31 March "
            "2023 (0% chance of meeting it).");
}

TEST_F(EvaluateTest, AtRiskWithTooFewValuesToProjectATrend) {
  Monthly("turnover", "2022-08", {11.6, 11.6});
  MeasureEvaluation m = Measure("2022-23 Q2", "turnover");
  EXPECT_EQ(m.status, MeasureStatus::kAtRisk);
  EXPECT_TRUE(m.forecasts.empty());
}

// ---- forecast on a known trend ----

TEST_F(EvaluateTest, ForecastFollowsAKnownLinearTrend) {
  // Exactly linear in time: 12% falling by 0.8 points a year.
  Period p = Period::Month(2021, 4);
  for (int i = 0; i < 18; ++i) {
    double years = static_cast<double>(p.end.ToDays()) / 365.25;
    Add("turnover", p.ToString(), 12.0 - 0.8 * (years - 51.25));
    p = Period::Month(p.start.AddMonths(1).year, p.start.AddMonths(1).month);
  }
  MeasureEvaluation m = Measure("2022-23 Q2", "turnover");
  ASSERT_EQ(m.forecasts.size(), 2u);  // to Year 2 and Year 3
  const ForecastInfo& f = m.forecasts[0];
  double x = static_cast<double>(Date{2023, 3, 31}.ToDays()) / 365.25;
  EXPECT_NEAR(f.value, 12.0 - 0.8 * (x - 51.25), 1e-9);
  EXPECT_NEAR(f.slope_per_year, -0.8, 1e-9);
  EXPECT_EQ(f.due, (Date{2023, 3, 31}));
  EXPECT_EQ(f.points, 18);
}

// ---- not yet due, no data, no target ----

TEST_F(EvaluateTest, NotYetDueBeforeTheFirstTargetsYear) {
  Monthly("reporting", "2021-04", {10, 11, 12});
  MeasureEvaluation m = Measure("2021-22 Q2", "reporting");
  EXPECT_EQ(m.status, MeasureStatus::kNotYetDue);
  EXPECT_EQ(m.reason, "The first target applies in Year 2 (2022-23): A significant increase");
}

TEST_F(EvaluateTest, NoDataWithoutValues) {
  MeasureEvaluation m = Measure("2022-23 Q4", "engagement");
  EXPECT_EQ(m.status, MeasureStatus::kNoData);
  EXPECT_EQ(m.reason, "No values loaded up to 31 March 2023.");
}

TEST_F(EvaluateTest, ValuesAfterThePeriodAreNotUsed) {
  Add("engagement", "2023", 7.6);
  EXPECT_EQ(Measure("2022-23 Q4", "engagement").status, MeasureStatus::kNoData);
}

TEST_F(EvaluateTest, AMeasureWithoutTargetsIsNotYetDue) {
  Add("headline", "2021", 70);
  MeasureEvaluation m = Measure("2022-23 Q4", "headline");
  EXPECT_EQ(m.status, MeasureStatus::kNotYetDue);
  EXPECT_EQ(m.reason, "The strategy sets no target for this measure.");
}

// ---- baselines ----

TEST_F(EvaluateTest, EstablishingTheBaselineIsOnTrackUntilItsYearEnds) {
  Monthly("incidents", "2021-04", {18, 22, 19, 21, 20, 20});
  MeasureEvaluation m = Measure("2021-22 Q2", "incidents");
  EXPECT_EQ(m.status, MeasureStatus::kOnTrack);
  EXPECT_TRUE(m.baseline.provisional);
  EXPECT_EQ(m.baseline.points, 6);
  EXPECT_EQ(m.reason,
            "Baseline being established: 20 so far (the mean of 6 values in Year 1 (2021-22), "
            "which ends 31 March 2022).");
}

TEST_F(EvaluateTest, TheBaselineIsEstablishedWhenItsYearEnds) {
  Monthly("incidents", "2021-04", {18, 22, 19, 21, 20, 20, 18, 22, 19, 21, 20, 20});
  MeasureEvaluation m = Measure("2021-22 Q4", "incidents");
  EXPECT_EQ(m.status, MeasureStatus::kAchieved);
  EXPECT_FALSE(m.baseline.provisional);
  ASSERT_TRUE(m.baseline.value);
  EXPECT_EQ(*m.baseline.value, 20);
  EXPECT_EQ(m.baseline.source, BaselineSource::kEstablishedInYear);
}

TEST_F(EvaluateTest, AChangeTargetIsMeasuredFromTheEstablishedBaseline) {
  // Falling steadily: 22 to 18 over Year 1 (mean 20), then on down.
  std::vector<double> v;
  for (int k = 0; k < 15; ++k) v.push_back(22 - 4.0 / 11.0 * k);
  Monthly("incidents", "2021-04", v);
  MeasureEvaluation m = Measure("2022-23 Q1", "incidents");
  ASSERT_TRUE(m.baseline.value);
  EXPECT_NEAR(*m.baseline.value, 20, 1e-12);
  ASSERT_TRUE(m.target && m.target->goal);
  EXPECT_NEAR(*m.target->goal, 18, 1e-12);  // 10% below 20
  // From 20 on 31 March 2022 to 18 on 31 March 2023; 30 June is 91 days on.
  EXPECT_NEAR(*m.target->goal_for_period, 20 - 2 * 91.0 / 365.0, 1e-12);
  EXPECT_EQ(m.status, MeasureStatus::kOnTrack);
  EXPECT_EQ(m.reason,
            "17 in 2022-06 is on track for the Year 2 (2022-23) target of a 10% reduction on the "
            "baseline of 20 (at most 18), due 31 March 2023 (the trajectory is 20 for 2022-06).");
}

TEST_F(EvaluateTest, OnTheTrajectoryButProjectedToMissIsAtRisk) {
  Monthly("incidents", "2021-04", std::vector<double>(12, 20));
  Monthly("incidents", "2022-04", {20, 19, 19});
  MeasureEvaluation m = Measure("2022-23 Q1", "incidents");
  ASSERT_FALSE(m.forecasts.empty());
  EXPECT_FALSE(m.forecasts[0].projected_to_meet);
  EXPECT_EQ(m.status, MeasureStatus::kAtRisk);
  EXPECT_EQ(m.reason,
            "19 in 2022-06 is on the trajectory to the Year 2 (2022-23) target of a 10% reduction "
            "on the baseline of 20 (at most 18) (the trajectory is 20 for 2022-06), but the trend "
            "projects 19 by 31 March 2023 (1% chance of meeting it).");
}

TEST_F(EvaluateTest, AnUnknownBaselineComesFromTheYearBeforeTheStrategy) {
  Monthly("reporting", "2020-04", {10, 12, 11, 9});
  Monthly("reporting", "2022-04", {12});
  MeasureEvaluation m = Measure("2022-23 Q1", "reporting");
  EXPECT_EQ(m.baseline.source, BaselineSource::kBeforeStrategy);
  EXPECT_EQ(m.baseline.value, 10.5);
  EXPECT_EQ(m.baseline.period, "2020-21");
}

TEST_F(EvaluateTest, AChangeTargetWithoutABaselineHasNoData) {
  Monthly("incidents", "2022-04", {20});
  // Year 1 had no values, so there is no baseline to take 10% from.
  MeasureEvaluation m = Measure("2022-23 Q1", "incidents");
  EXPECT_EQ(m.status, MeasureStatus::kNoData);
}

// ---- significant improvement ----

TEST_F(EvaluateTest, SignificantImprovementBySpecialCause) {
  std::vector<double> v;
  for (int i = 0; i < 15; ++i) v.push_back(i % 2 == 0 ? 9 : 11);
  for (int i = 0; i < 9; ++i) v.push_back(14);
  Monthly("reporting", "2020-07", v);  // to 2022-06
  MeasureEvaluation m = Measure("2022-23 Q1", "reporting");
  ASSERT_TRUE(m.spc);
  ASSERT_TRUE(m.significance);
  EXPECT_TRUE(m.significance->significant);
  EXPECT_EQ(m.significance->method, "spc");
  EXPECT_EQ(m.status, MeasureStatus::kOnTrack);
  EXPECT_EQ(m.spc->variation_icon, stats::VariationIcon::kImprovementHigh);
}

TEST_F(EvaluateTest, ImprovedButNotSignificantlyIsAtRiskBeforeTheYearEnds) {
  std::vector<double> v;
  for (int i = 0; i < 24; ++i) v.push_back(i % 2 == 0 ? 9.5 : 11.5);
  v.back() = 11.5;
  Monthly("reporting", "2020-07", v);
  MeasureEvaluation m = Measure("2022-23 Q1", "reporting");
  ASSERT_TRUE(m.significance);
  EXPECT_TRUE(m.significance->judged);
  EXPECT_FALSE(m.significance->significant);
  EXPECT_EQ(m.status, MeasureStatus::kAtRisk) << m.reason;
}

TEST_F(EvaluateTest, SignificantImprovementByWilsonIntervals) {
  Add("recommend", "2020", 60, 60, 100);
  Add("recommend", "2021", 80, 80, 100);
  MeasureEvaluation m = Measure("2021-22 Q4", "recommend");
  ASSERT_TRUE(m.significance);
  EXPECT_EQ(m.significance->method, "wilson");
  EXPECT_TRUE(m.significance->significant);
  EXPECT_EQ(m.status, MeasureStatus::kAchieved) << m.reason;
}

TEST_F(EvaluateTest, OverlappingWilsonIntervalsAreNotSignificant) {
  Add("recommend", "2020", 60, 60, 100);
  Add("recommend", "2021", 65, 65, 100);
  MeasureEvaluation m = Measure("2021-22 Q4", "recommend");
  ASSERT_TRUE(m.significance);
  EXPECT_FALSE(m.significance->significant);
  EXPECT_EQ(m.status, MeasureStatus::kOffTrack);
}

TEST_F(EvaluateTest, AnImprovementWithoutSignificanceIsJudgedOnTheValue) {
  Add("recommend", "2022", 61);
  MeasureEvaluation m = Measure("2022-23 Q4", "recommend");
  EXPECT_EQ(m.status, MeasureStatus::kAchieved);
  EXPECT_EQ(m.reason,
            "61.0% in 2022 against a baseline of 60.0% (2020): an improvement, as the Year 2 "
            "(2022-23) target asks.");
}

// ---- rank, ties and missing peers ----

TEST_F(EvaluateTest, RankAmongPeersWithTiesAndMissingPeers) {
  // 12 peers listed (one with no value) plus this trust; the group has 14.
  std::vector<std::optional<double>> peers = {90, 88, 88, 85, 84, 80, 79, 75, 70, 65, 60};
  for (size_t i = 0; i < peers.size(); ++i) Peer("P" + std::to_string(i), "2021", peers[i]);
  Peer("PX", "2021", std::nullopt);
  Add("experience_score", "2021", 88);  // ties second place with two peers
  MeasureEvaluation m = Measure("2021-22 Q4", "experience_score");
  ASSERT_TRUE(m.rank);
  EXPECT_EQ(m.rank->peers, 12);
  EXPECT_EQ(m.rank->rank, 2);
  EXPECT_EQ(m.rank->tied, 3);
  EXPECT_EQ(m.rank->quartile, 1);
  EXPECT_EQ(m.rank->missing, 2);  // PX has no value, and 14 - 13 listed
  EXPECT_EQ(m.status, MeasureStatus::kAchieved);
  EXPECT_EQ(m.reason,
            "Ranked 2 of 12 (top quartile) in acute for 2021: the Year 1 (2021-22) target asks for "
            "the top quartile or better.");
}

TEST_F(EvaluateTest, MaintainingARankKeepsTheEarlierCriterion) {
  std::vector<double> peers = {90, 88, 87, 85, 84, 80, 79, 75, 70, 65, 60};
  for (size_t i = 0; i < peers.size(); ++i) Peer("P" + std::to_string(i), "2022", peers[i]);
  Add("experience_score", "2022", 82);
  MeasureEvaluation m = Measure("2022-23 Q4", "experience_score");
  ASSERT_TRUE(m.rank);
  EXPECT_EQ(m.rank->quartile, 2);
  EXPECT_EQ(m.status, MeasureStatus::kOffTrack);
}

TEST_F(EvaluateTest, ARankTargetWithoutPeersHasNoData) {
  Add("experience_score", "2021", 88);
  EXPECT_EQ(Measure("2021-22 Q4", "experience_score").status, MeasureStatus::kNoData);
}

// ---- milestones ----

TEST_F(EvaluateTest, AMilestoneIsNotYetDueThenOverdue) {
  EXPECT_EQ(Measure("2022-23 Q2", "epr").status, MeasureStatus::kNotYetDue);
  MeasureEvaluation m = Measure("2022-23 Q4", "epr");
  EXPECT_EQ(m.status, MeasureStatus::kMilestoneOverdue);
  EXPECT_EQ(m.reason, "Due 30 November 2022, not recorded as done: Go live with the EPR");
}

TEST_F(EvaluateTest, AMilestoneDoneIsComplete) {
  Add("epr", "2022-10-31", 1);
  MeasureEvaluation m = Measure("2022-23 Q4", "epr");
  EXPECT_EQ(m.status, MeasureStatus::kMilestoneComplete);
  EXPECT_EQ(m.reason, "Done (2022-10-31): Go live with the EPR");
}

TEST_F(EvaluateTest, YearlyMilestonesAreJudgedInTheirOwnYears) {
  Add("accreditation", "2021-22", 1);
  Add("accreditation", "2022-23", 60);  // 60% complete
  EXPECT_EQ(Measure("2021-22 Q4", "accreditation").status, MeasureStatus::kMilestoneComplete);
  MeasureEvaluation during = Measure("2022-23 Q3", "accreditation");
  EXPECT_EQ(during.status, MeasureStatus::kNotYetDue);
  EXPECT_EQ(Measure("2022-23 Q4", "accreditation").status, MeasureStatus::kMilestoneOverdue);
}

TEST_F(EvaluateTest, ALateCompletionClosesTheEarliestOpenMilestoneOnly) {
  Add("accreditation", "2022", 1);  // Year 1's milestone (due 31 March 2022), done late
  MeasureEvaluation during = Measure("2022-23 Q3", "accreditation");
  EXPECT_EQ(during.status, MeasureStatus::kNotYetDue) << during.reason;
  MeasureEvaluation after = Measure("2022-23 Q4", "accreditation");
  EXPECT_EQ(after.status, MeasureStatus::kMilestoneOverdue);
  EXPECT_EQ(after.reason, "Due 31 March 2023, not recorded as done: All wards gold");
}

// ---- outcome ambitions by a date ----

TEST_F(EvaluateTest, AnAmbitionAfterThePeriodWithoutATrajectoryIsNotYetDueAndSaysSo) {
  Add("resp_mortality", "2022", 31);
  MeasureEvaluation m = Measure("2022-23 Q4", "resp_mortality");
  EXPECT_EQ(m.status, MeasureStatus::kNotYetDue);
  EXPECT_EQ(m.reason,
            "The first target is due 31 December 2025, after the strategy period: Hold at 30 by "
            "2023-25");
}

TEST_F(EvaluateTest, AnAmbitionByADateFollowsItsTrajectoryFromTheBaseline) {
  Add("le_gap", "2021", 2.1);
  MeasureEvaluation m = Measure("2021-22 Q4", "le_gap");
  // From 3.2 at the end of 2017 to 1.7 on 31 March 2024: 1461 of 2282 days by 2021's end.
  ASSERT_TRUE(m.target && m.target->goal_for_period);
  EXPECT_NEAR(*m.target->goal_for_period, 3.2 - 1.5 * 1461.0 / 2282.0, 1e-12);
  EXPECT_EQ(m.status, MeasureStatus::kOnTrack);
  data_.observations.clear();
  Add("le_gap", "2021", 2.6);
  EXPECT_EQ(Measure("2021-22 Q4", "le_gap").status, MeasureStatus::kAtRisk);
}

// ---- roll-ups ----

TEST_F(EvaluateTest, RollUpsCountStatusesAndTheWorstLeads) {
  Add("engagement", "2022", 7.3);                                // achieved
  Monthly("turnover", "2022-01", std::vector<double>(9, 11.6));  // off track
  Add("headline", "2022", 70);                                   // not yet due (no target)
  Evaluation e = Run("2022-23 Q4");
  const RollUp* staff = nullptr;
  for (const RollUp& r : e.objectives) {
    if (r.id == "staff") staff = &r;
  }
  ASSERT_NE(staff, nullptr);
  EXPECT_EQ(staff->measures, 2);
  EXPECT_EQ(staff->counts[static_cast<int>(MeasureStatus::kAchieved)], 1);
  EXPECT_EQ(staff->counts[static_cast<int>(MeasureStatus::kOffTrack)], 1);
  EXPECT_EQ(staff->headline, MeasureStatus::kOffTrack);
  // The priority holds its objectives' measures and its own headline measure.
  ASSERT_EQ(e.priorities.size(), 2u);
  const RollUp& people = e.priorities[1];
  EXPECT_EQ(people.id, "people");
  EXPECT_EQ(people.measures, 3);
  EXPECT_EQ(people.counts[static_cast<int>(MeasureStatus::kNotYetDue)], 1);
  // Committees follow their priorities.
  ASSERT_EQ(e.committees.size(), 2u);
  EXPECT_EQ(e.committees[1].id, "people");
  EXPECT_EQ(e.committees[1].measures, 3);
  // The organisation: every measure; milestones overdue and no data included.
  EXPECT_EQ(e.organisation.measures, static_cast<int>(strategy_.measures.size()));
  EXPECT_EQ(e.organisation.headline, MeasureStatus::kOffTrack);
  int total = 0;
  for (int c : e.organisation.counts) total += c;
  EXPECT_EQ(total, e.organisation.measures);
}

TEST_F(EvaluateTest, AnObjectiveWithNoDataHasTheHeadlineNoData) {
  Evaluation e = Run("2021-22 Q1");
  for (const RollUp& r : e.objectives) {
    if (r.id == "staff") {
      EXPECT_EQ(r.headline, MeasureStatus::kNoData);
    }
  }
}

TEST_F(EvaluateTest, TheDefaultPeriodIsTheLatestQuarterWithData) {
  Monthly("turnover", "2022-04", {11, 11, 11, 11});  // to July 2022
  EvaluateOptions o;
  auto e = Evaluate(strategy_, data_, o);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->period_defaulted);
  EXPECT_EQ(e->period.ToString(), "2022-23 Q2");
  EXPECT_EQ(e->strategy_year, 2);
}

TEST_F(EvaluateTest, TheDefaultPeriodIsNeverPastToday) {
  Monthly("turnover", "2022-04", {11, 11, 11, 11});
  Monthly("turnover", "2099-12", {11});  // a forecast, or a typo
  EvaluateOptions o;
  o.today = Date{2022, 8, 15};
  auto e = Evaluate(strategy_, data_, o);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->period.ToString(), "2022-23 Q2");
}

TEST_F(EvaluateTest, BadOptionsAreRefused) {
  EvaluateOptions o;
  o.forecast_confidence = 1.5;
  EXPECT_FALSE(Evaluate(strategy_, data_, o).ok());
}

}  // namespace
}  // namespace barometer::measures
