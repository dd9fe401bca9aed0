// The Integrated Performance Report and the Board Assurance Framework on the
// Our Future Together example: the IPR charts every monthly measure and opens
// with the variation x assurance matrix; the BAF flags a risk whose
// objectives are off track while its score says all is well.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "fixture.h"
#include "report/report.h"
#include "test_util.h"

namespace barometer::report {
namespace {

const Period kPeriod = Period::FinancialQuarter(2022, 3);

TEST(ReportIpr, ChartsEveryMonthlyMeasureAfterTheMatrix) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = IntegratedPerformanceReport(s, e, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  if (const char* dir = std::getenv("BAROMETER_REPORT_DUMP"))
    std::ofstream(std::string(dir) + "/ipr.html") << d->html;
  EXPECT_EQ(testing::CheckBalanced(d->html), "");
  size_t matrix = d->html.find("class=\"matrix\"");
  ASSERT_NE(matrix, std::string::npos);
  int monthly = 0;
  for (const strategy::Measure& m : s.measures) {
    if (m.frequency != strategy::Frequency::kMonthly) {
      EXPECT_EQ(d->html.find("id=\"m-" + m.id + "\""), std::string::npos) << m.id;
      continue;
    }
    ++monthly;
    const measures::MeasureEvaluation* r = e.Measure(m.id);
    size_t chart = d->html.find("id=\"m-" + m.id + "-spc\"");
    ASSERT_NE(chart, std::string::npos) << m.id;
    EXPECT_GT(chart, matrix);
    std::string svg = d->html.substr(chart, d->html.find("</svg>", chart) - chart);
    EXPECT_EQ(testing::Count(svg, "class=\"obs\""), r->spc->points.size());
    // The matrix links to the chart.
    EXPECT_LT(d->html.find("href=\"#m-" + m.id + "\""), chart);
  }
  EXPECT_EQ(d->charts, monthly);
  ASSERT_EQ(d->tables.size(), 1u);
  EXPECT_EQ(d->tables[0].rows.size(), static_cast<size_t>(monthly));
}

// A strategy with two risks on the same objective: one scored as if all were
// well (current at its target), one scored high.
strategy::Strategy WithRisks(strategy::Strategy s, const std::string& objective) {
  strategy::Risk calm;
  calm.id = "BAF1";
  calm.title = "Calm risk";
  calm.objectives = {objective};
  calm.current = {{}, 2, 2};
  calm.target = {{}, 2, 2};
  calm.inherent = {{}, 4, 4};
  strategy::Risk high = calm;
  high.id = "BAF2";
  high.title = "High risk";
  high.current = {{}, 4, 5};
  s.risks = {calm, high};
  return s;
}

TEST(ReportBaf, FlagsARiskWhoseObjectivesAreOffTrackWhileItsScoreIsCalm) {
  strategy::Strategy base = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(base, kPeriod);
  // The objective of the first measure the fake evaluation puts off track.
  std::string off_objective;
  for (const measures::MeasureEvaluation& r : e.evaluation.measures)
    if (r.status == measures::MeasureStatus::kOffTrack && off_objective.empty())
      off_objective = strategy::FindMeasure(base, r.measure_id)->objective;
  ASSERT_FALSE(off_objective.empty());
  strategy::Strategy s = WithRisks(base, off_objective);
  ReportOptions o;
  o.risk_note = "Illustrative risk register — not from the published strategy";
  auto d = BoardAssuranceFramework(s, e, o);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  if (const char* dir = std::getenv("BAROMETER_REPORT_DUMP"))
    std::ofstream(std::string(dir) + "/baf.html") << d->html;
  EXPECT_EQ(testing::CheckBalanced(d->html), "");
  EXPECT_NE(d->html.find(o.risk_note), std::string::npos);
  ASSERT_EQ(d->tables[0].name, "risks");
  const auto& rows = d->tables[0].rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<std::string>(rows[0].back())) << "BAF1 should be flagged";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rows[1].back())) << "BAF2 should not";
  // The heat map shows both risks; the detail card of BAF1 carries the flag.
  EXPECT_EQ(testing::Count(d->html, "class=\"risk\""), 2u);
  size_t card = d->html.find("id=\"r-BAF1\"");
  ASSERT_NE(card, std::string::npos);
  EXPECT_NE(d->html.find("class=\"flag\"", card), std::string::npos);
}

TEST(ReportBaf, NoRisksIsNotFound) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  EXPECT_EQ(BoardAssuranceFramework(s, testing::FakeRecord(s, kPeriod), {}).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace barometer::report
