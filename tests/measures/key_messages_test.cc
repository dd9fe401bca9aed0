// The key messages of a period record (DrawKeyMessages): exceptions first
// (worst first), each naming its measure, value, direction and target, and
// who has not submitted an update; an owner's key message replaces the drawn
// one; a change in a committee's assurance and a special cause are messages
// too. Checked on a hand-made record of the Our Future Together example.
#include <gtest/gtest.h>

#include "measures/record.h"
#include "strategy/load.h"

namespace barometer::measures {
namespace {

strategy::Strategy Oft() {
  auto s = strategy::LoadValidStrategy(std::string(BAROMETER_SOURCE_DIR) +
                                       "/examples/our-future-together/strategy.toml");
  return s.ok() ? std::move(s).value() : strategy::Strategy{};
}

MeasureEvaluation Eval(const strategy::Strategy& s, const std::string& id, MeasureStatus st,
                       std::vector<double> values) {
  MeasureEvaluation e;
  const strategy::Measure* m = strategy::FindMeasure(s, id);
  e.measure_id = id;
  e.name = m ? m->name : id;
  strategy::Thread t = strategy::ThreadOf(s, *m);
  if (t.objective) e.objective_id = t.objective->id;
  if (t.priority) e.priority_id = t.priority->id;
  e.status = st;
  e.owner_role = "unnamed";
  e.owner = "not named in the strategy";
  for (size_t i = 0; i < values.size(); ++i) {
    Observation o;
    o.measure_id = id;
    o.period = Period::Month(2022, static_cast<int>(i) + 1);
    o.value = values[i];
    e.series.push_back(o);
  }
  if (!e.series.empty()) e.latest = e.series.back();
  return e;
}

class KeyMessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = Oft();
    ASSERT_FALSE(s_.measures.empty());
    r_.period = Period::FinancialQuarter(2022, 3);
    // staff_turnover: off track, rising (lower is better), threshold 10.5.
    MeasureEvaluation turnover = Eval(s_, "staff_turnover", MeasureStatus::kOffTrack, {11.5, 11.9});
    TargetView t;
    t.kind = strategy::TargetKind::kThreshold;
    t.numeric = true;
    t.goal = 10.5;
    t.op = "<=";
    t.due = Date{2023, 3, 31};
    turnover.target = t;
    // moderate_severe_harm: at risk, with an improvement target on a baseline.
    MeasureEvaluation harm = Eval(s_, "moderate_severe_harm", MeasureStatus::kAtRisk, {73, 74});
    TargetView imp;
    imp.kind = strategy::TargetKind::kImprovement;
    imp.goal = 58;
    imp.due = Date{2024, 3, 31};
    harm.target = imp;
    harm.baseline.value = 58;
    harm.baseline.period = "2020-21";
    // incident_reporting: on track, special-cause improvement.
    MeasureEvaluation incidents =
        Eval(s_, "incident_reporting", MeasureStatus::kOnTrack, {100, 130});
    incidents.spc.emplace();
    incidents.spc->variation_icon = stats::VariationIcon::kImprovementHigh;
    r_.evaluation.measures = {incidents, harm, turnover};
  }
  strategy::Strategy s_;
  PeriodRecord r_;
};

TEST_F(KeyMessagesTest, ExceptionsComeFirstWorstFirstNamingValueDirectionAndTarget) {
  auto k = DrawKeyMessages(s_, r_);
  ASSERT_GE(k.size(), 3u);
  EXPECT_EQ(k[0].measure_id, "staff_turnover");
  EXPECT_EQ(k[0].source, KeyMessageSource::kException);
  EXPECT_NE(k[0].text.find("is off track: 11.9%"), std::string::npos) << k[0].text;
  EXPECT_NE(k[0].text.find("up from 11.5% (worse)"), std::string::npos) << k[0].text;
  EXPECT_NE(k[0].text.find("against a target of 10.5%"), std::string::npos) << k[0].text;
  EXPECT_NE(k[0].text.find("no update submitted"), std::string::npos) << k[0].text;
  EXPECT_EQ(k[1].measure_id, "moderate_severe_harm");
  // An improvement target is written as what it is, never the baseline as a target.
  EXPECT_NE(k[1].text.find("significant improvement on 58 (2020-21)"), std::string::npos)
      << k[1].text;
  EXPECT_EQ(k[1].text.find("target of 58"), std::string::npos) << k[1].text;
  EXPECT_EQ(k[2].measure_id, "incident_reporting");
  EXPECT_EQ(k[2].source, KeyMessageSource::kSpecialCause);
  EXPECT_NE(k[2].text.find("special-cause improvement"), std::string::npos) << k[2].text;
}

TEST_F(KeyMessagesTest, AnOwnersKeyMessageReplacesTheDrawnOneAndRecoveryIsNamed) {
  Update u;
  u.measure_id = "staff_turnover";
  u.period = r_.period;
  u.key_message = "Turnover is back on trajectory by September";
  Update h;
  h.measure_id = "moderate_severe_harm";
  h.period = r_.period;
  h.recovery = Date{2023, 9, 30};
  r_.updates = {u, h};
  auto k = DrawKeyMessages(s_, r_);
  ASSERT_GE(k.size(), 2u);
  EXPECT_EQ(k[0].source, KeyMessageSource::kUpdate);
  EXPECT_EQ(k[0].text, "Turnover is back on trajectory by September.");
  EXPECT_NE(k[1].text.find("recovery expected by September 2023"), std::string::npos) << k[1].text;
  EXPECT_EQ(k[1].text.find("no update"), std::string::npos) << k[1].text;
}

TEST_F(KeyMessagesTest, AChangeInAssuranceIsAMessageSayingFromWhatToWhat) {
  r_.evaluation.measures.clear();
  CommitteeAssurance c;
  c.committee_id = "workforce_education";
  c.period = r_.period;
  c.objectives = {{"retain_our_talent", AssuranceLevel::kPartial, "recovery plan in place"},
                  {"great_staff_experience", AssuranceLevel::kReasonable, "fine"}};
  r_.assurance = {c};
  r_.earlier_assurance = {
      {"retain_our_talent", Period::FinancialQuarter(2022, 2), AssuranceLevel::kReasonable}};
  auto k = DrawKeyMessages(s_, r_);
  ASSERT_EQ(k.size(), 1u);  // reasonable and unchanged: no message
  EXPECT_EQ(k[0].source, KeyMessageSource::kAssurance);
  EXPECT_EQ(k[0].objective_id, "retain_our_talent");
  EXPECT_EQ(k[0].committee_id, "workforce_education");
  EXPECT_NE(k[0].text.find("fell from reasonable (2022-23 Q2) to partial"), std::string::npos)
      << k[0].text;
}

TEST_F(KeyMessagesTest, ACalmRecordHasNoMessages) {
  for (MeasureEvaluation& e : r_.evaluation.measures) {
    e.status = MeasureStatus::kOnTrack;
    e.spc.reset();
  }
  EXPECT_TRUE(DrawKeyMessages(s_, r_).empty());
}

}  // namespace
}  // namespace barometer::measures
