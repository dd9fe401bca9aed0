// The Integrated Performance Report and the Board Assurance Framework on the
// Our Future Together example: the IPR charts every monthly measure and opens
// with the variation x assurance matrix; the BAF flags a risk whose
// objectives are off track while its score says all is well.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "fixture.h"
#include "html_dom.h"
#include "report/report.h"
#include "test_util.h"

namespace barometer::report {
namespace {

const Period kPeriod = Period::FinancialQuarter(2022, 3);

// The IPR's rule (docs/reports.md): SPC for monthly, weekly and quarterly
// measures with at least 15 values; annual measures (not milestones) with
// values as run charts.
bool InIprSpc(const strategy::Measure& m, const measures::MeasureEvaluation* r) {
  return m.frequency != strategy::Frequency::kAnnual &&
         m.frequency != strategy::Frequency::kOneOff &&
         m.unit != strategy::MeasureUnit::kMilestone && r && r->spc && r->series.size() >= 15;
}
bool InIprRun(const strategy::Measure& m, const measures::MeasureEvaluation* r) {
  return m.frequency == strategy::Frequency::kAnnual &&
         m.unit != strategy::MeasureUnit::kMilestone && r && !r->series.empty();
}

TEST(ReportIpr, OpensWithTheSummaryListingEveryIncludedMeasureOnceThenCharts) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = IntegratedPerformanceReport(s, e, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  if (const char* dir = std::getenv("BAROMETER_REPORT_DUMP"))
    std::ofstream(std::string(dir) + "/ipr.html") << d->html;
  EXPECT_EQ(testing::CheckBalanced(d->html), "");
  testing::HtmlDoc doc(d->html);
  auto summaries = testing::FindAll(doc.root(), "table", "summary");
  ASSERT_EQ(summaries.size(), 1u);
  std::map<std::string, int> listed;
  for (xmlNode* a : testing::FindAll(summaries[0], "a")) ++listed[testing::Attr(a, "href")];
  size_t summary = d->html.find("<table class=\"summary\"");
  size_t matrix = d->html.find("class=\"matrix\"");
  ASSERT_NE(matrix, std::string::npos);
  EXPECT_LT(summary, matrix);
  int spc = 0, run = 0;
  for (const strategy::Measure& m : s.measures) {
    SCOPED_TRACE(m.id);
    const measures::MeasureEvaluation* r = e.Measure(m.id);
    std::string href = "#m-" + m.id;
    if (!InIprSpc(m, r) && !InIprRun(m, r)) {
      EXPECT_EQ(listed.count(href), 0u);
      EXPECT_EQ(d->html.find("id=\"m-" + m.id + "\""), std::string::npos);
      continue;
    }
    EXPECT_EQ(listed[href], 1);  // once, linking to its chart
    size_t card = d->html.find("id=\"m-" + m.id + "\"");
    ASSERT_NE(card, std::string::npos);
    EXPECT_GT(card, matrix);
    if (InIprSpc(m, r)) {
      ++spc;
      size_t chart = d->html.find("id=\"m-" + m.id + "-spc\"");
      ASSERT_NE(chart, std::string::npos);
      std::string svg = d->html.substr(chart, d->html.find("</svg>", chart) - chart);
      EXPECT_EQ(testing::Count(svg, "class=\"obs\""), r->spc->points.size());
      EXPECT_LT(d->html.find("href=\"#m-" + m.id + "\"", matrix), chart);  // the matrix links
    } else {
      ++run;
      EXPECT_NE(d->html.find("id=\"m-" + m.id + "-trend\""), std::string::npos);
    }
  }
  EXPECT_GT(spc, 0);
  EXPECT_GT(run, 0);
  EXPECT_EQ(listed.size(), static_cast<size_t>(spc + run));
  EXPECT_EQ(d->charts, spc + run);
  ASSERT_EQ(d->tables.size(), 2u);  // the SPC summary, then the exceptions
  EXPECT_EQ(d->tables[0].name, "ipr");
  EXPECT_EQ(d->tables[0].rows.size(), static_cast<size_t>(spc + run));
  EXPECT_EQ(d->tables[1].name, "exceptions");
}

TEST(ReportIpr, AnnualOnlyStrategiesGetRunChartsInsteadOfFailing) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  for (strategy::Measure& m : s.measures)
    if (m.frequency != strategy::Frequency::kOneOff) m.frequency = strategy::Frequency::kAnnual;
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = IntegratedPerformanceReport(s, e, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_NE(d->html.find("too few for Making Data Count SPC"), std::string::npos);
  EXPECT_EQ(d->html.find("-spc\""), std::string::npos);
}

// An improvement target's goal is the baseline to beat: no "Target" label
// anywhere may show it as if it were the target.
TEST(ReportIpr, NoTargetLabelShowsABaseline) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  int improvement = 0;
  for (measures::MeasureEvaluation& r : e.evaluation.measures) {
    const strategy::Measure* m = strategy::FindMeasure(s, r.measure_id);
    bool has = false;
    for (const strategy::Target& t : m->targets)
      has = has || t.kind == strategy::TargetKind::kImprovement;
    if (!has) continue;
    ++improvement;
    r.baseline.value = 58.77;
    r.baseline.period = "2020-21";
    measures::TargetView t;
    t.kind = strategy::TargetKind::kImprovement;
    t.goal = 58.77;
    t.numeric = false;
    t.text = "A significant improvement";
    r.target = t;
    r.targets = {t};
  }
  ASSERT_GT(improvement, 0);
  for (auto d : {BoardReport(s, e, {}), IntegratedPerformanceReport(s, e, {})}) {
    ASSERT_TRUE(d.ok());
    const std::string& h = d->html;
    EXPECT_EQ(h.find("Target this period</dt><dd>58.8"), std::string::npos);
    EXPECT_EQ(h.find("<strong>Target</strong> 58.8"), std::string::npos);
    EXPECT_EQ(h.find("target of 58.8"), std::string::npos);
    testing::HtmlDoc doc(h);
    for (xmlNode* t : testing::FindAll(doc.root(), "table", "summary"))
      for (xmlNode* tr : testing::FindAll(t, "tr")) {
        auto tds = testing::FindAll(tr, "td");
        if (tds.size() == 6) {
          EXPECT_NE(testing::Text(tds[2]).rfind("58.8", 0), 0u);
        }
      }
    EXPECT_NE(h.find("significant improvement on 58.8 (2020-21)"), std::string::npos);
  }
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
  size_t flag = 0;
  while (flag < d->tables[0].columns.size() && d->tables[0].columns[flag].name != "flag") ++flag;
  ASSERT_LT(flag, d->tables[0].columns.size());
  EXPECT_TRUE(std::holds_alternative<std::string>(rows[0][flag])) << "BAF1 should be flagged";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rows[1][flag])) << "BAF2 should not";
  // The heat map shows both risks; the detail card of BAF1 carries the flag.
  EXPECT_EQ(testing::Count(d->html, "class=\"risk\""), 2u);
  size_t card = d->html.find("id=\"r-BAF1\"");
  ASSERT_NE(card, std::string::npos);
  EXPECT_NE(d->html.find("class=\"flag\"", card), std::string::npos);
}

// A risk in the fuller BAF form: a current score of 20 against a cautious
// appetite of 9 is flagged; a risk within its appetite is not.
strategy::Strategy WithRegister(strategy::Strategy s) {
  strategy::Risk above;
  above.id = "BAF8";
  above.title = "Finances";
  above.objectives = {s.objectives.front().id};
  above.committee = "finance_performance";
  above.inherent = {{}, 5, 5};
  above.current = {{}, 4, 5};
  above.previous = strategy::RiskScore{{}, 3, 5};
  above.target = {{}, 3, 3};
  above.target_date = Date{2024, 3, 31};
  above.appetite = strategy::Appetite::kCautious;
  above.appetite_score = 9;
  above.assurances_first_line = {"Divisional reviews"};
  above.assurances_second_line = {"Committee report"};
  above.assurances_third_line = {"Internal audit"};
  above.gaps_in_control = {"No recurrent plan"};
  above.gaps_in_assurance = {"No audit this year"};
  above.actions = {{{}, "Savings plan", "unnamed", Date{2023, 2, 28}}};
  above.reviewed = Date{2022, 12, 15};
  above.next_review = Date{2023, 3, 15};
  strategy::Risk within = above;
  within.id = "BAF9";
  within.committee = "quality";
  within.current = {{}, 2, 3};
  within.previous.reset();
  within.appetite_score = 9;
  s.risks = {above, within};
  return s;
}

std::string Card(const std::string& html, const std::string& id) {
  size_t at = html.find("id=\"r-" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</article>", at) - at);
}

TEST(ReportBaf, FlagsARiskAboveAppetiteAndShowsTheFullForm) {
  strategy::Strategy s = WithRegister(testing::LoadExample("our-future-together"));
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = BoardAssuranceFramework(s, e, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::string above = Card(d->html, "BAF8"), within = Card(d->html, "BAF9");
  ASSERT_FALSE(above.empty());
  ASSERT_FALSE(within.empty());
  EXPECT_NE(above.find("Above appetite"), std::string::npos);
  EXPECT_NE(above.find("current score 20 is ABOVE appetite"), std::string::npos);
  EXPECT_EQ(within.find("Above appetite"), std::string::npos);
  EXPECT_NE(within.find("within appetite"), std::string::npos);
  // Target date, previous score and trend, assurances by line, gaps, actions, next review.
  EXPECT_NE(above.find("by 31 March 2024"), std::string::npos);
  EXPECT_NE(above.find("↑ worse, from 15"), std::string::npos);
  for (const char* text :
       {"First line (management)", "Divisional reviews", "Second line", "Committee report",
        "Third line", "Internal audit", "Gaps in control", "No recurrent plan", "Gaps in assurance",
        "No audit this year", "Savings plan", "28 February 2023", "not named in the strategy",
        "Next review: 15 March 2023 (after this period)"})
    EXPECT_NE(above.find(text), std::string::npos) << text;
  // The register and the table say so too; the cover's first key message names it.
  const DataTable& risks = d->tables[0];
  size_t col = 0;
  while (col < risks.columns.size() && risks.columns[col].name != "above_appetite") ++col;
  ASSERT_LT(col, risks.columns.size());
  EXPECT_EQ(std::get<std::string>(risks.rows[0][col]), "yes");
  EXPECT_EQ(std::get<std::string>(risks.rows[1][col]), "no");
  size_t messages = d->html.find("id=\"key-messages\"");
  EXPECT_NE(d->html.find("BAF8 (Finances) is above appetite", messages), std::string::npos);
}

TEST(ReportCommittee, PackIncludesTheRisksItsCommitteeOversees) {
  strategy::Strategy s = WithRegister(testing::LoadExample("our-future-together"));
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  for (const char* c : {"finance_performance", "quality"}) {
    ReportOptions o;
    o.committee = c;
    auto d = CommitteePack(s, e, o);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    bool finance = std::string(c) == "finance_performance";
    EXPECT_EQ(!Card(d->html, "BAF8").empty(), finance) << c;
    EXPECT_EQ(!Card(d->html, "BAF9").empty(), !finance) << c;
  }
}

TEST(ReportBaf, NoRisksIsNotFound) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  EXPECT_EQ(BoardAssuranceFramework(s, testing::FakeRecord(s, kPeriod), {}).status().code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace barometer::report
