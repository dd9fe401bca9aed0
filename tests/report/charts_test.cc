// Charts that tell the truth (issue 11, item 4), from a record the measures
// part really evaluates: a missing month breaks the line and the SPC run
// rather than being bridged; the forecast is labelled with its method; a
// milestone measure is a list of its milestones with dates and states, never
// a line chart of 0–1; numerators and denominators, data-as-at and
// provisional flags are on the card; a recorded process change is marked
// where the limits are recalculated; the Board report's XLSX has an
// "exceptions" sheet with one row per exception, read back from its XML.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>

#include "fixture.h"
#include "html_dom.h"
#include "measures/evaluate.h"
#include "report/internal/present.h"
#include "report/report.h"
#include "test_util.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;
using testing::Count;
using testing::FindAll;
using testing::Text;

// The element with this id (and its subtree) as markup is awkward to get
// from libxml2; the card's markup is cut from the page instead: from its
// opening tag to the next card.
std::string CardMarkup(const std::string& html, const std::string& measure_id) {
  size_t at = html.find("<article class=\"measure");
  std::string id = "id=\"m-" + measure_id + "\"";
  for (; at != std::string::npos; at = html.find("<article class=\"measure", at + 1)) {
    size_t tag_end = html.find('>', at);
    if (html.substr(at, tag_end - at).find(id) != std::string::npos) break;
  }
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</article>", at) - at);
}

std::string SvgOf(const std::string& markup, const std::string& svg_id) {
  size_t at = markup.find("id=\"" + svg_id + "\"");
  if (at == std::string::npos) return "";
  at = markup.rfind("<svg", at);
  return markup.substr(at, markup.find("</svg>", at) - at);
}

struct Evaluated {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord r;

  // Staff turnover monthly from Apr 2019 to Dec 2022 with July 2021 missing,
  // each value with its numerator and denominator, and a process change
  // from April 2022; the ward accreditation milestone done in 2021-22.
  // The last `provisional` months of staff turnover are provisional releases.
  explicit Evaluated(Period period, int provisional = 0) {
    measures::EvaluationData data;
    for (Date d{2019, 4, 1}; d <= Date{2022, 12, 1}; d = d.AddMonths(1)) {
      if (d == Date{2021, 7, 1}) continue;
      measures::Observation o;
      o.provisional = d > Date{2022, 12, 1}.AddMonths(-provisional);
      o.measure_id = "staff_turnover";
      o.period = Period::Month(d.year, d.month);
      o.numerator = 150 + (d.month % 5);
      o.denominator = 1500;
      o.value = *o.numerator / *o.denominator * 100;
      data.observations.push_back(o);
    }
    measures::Observation done;
    done.measure_id = "lqa_ward_accreditation";
    done.period = Period::FinancialYear(2021);
    done.value = 1;
    data.observations.push_back(done);
    measures::ProcessChange c;
    c.measure_id = "staff_turnover";
    c.date = Date{2022, 4, 1};
    c.description = "Retention programme <started>";
    data.process_changes.push_back(c);
    measures::EvaluateOptions o;
    o.period = period;
    o.today = period.end;
    auto e = measures::Evaluate(s, data, o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    if (e.ok()) r.evaluation = std::move(e).value();
    r.period = period;
    r.as_of = "the latest data are for the period ending " + period.end.ToString();
    r.process_changes = data.process_changes;
  }
};

TEST(Charts, AMissingMonthBreaksTheLineAndTheSpcRunRatherThanBridgingIt) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  const measures::MeasureEvaluation* e = x.r.Measure("staff_turnover");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->missing_periods.size(), 1u);
  EXPECT_EQ(e->missing_periods[0], Period::Month(2021, 7));
  ASSERT_TRUE(e->spc.has_value());
  // The SPC series keeps the month as a missing value in its place.
  size_t missing = 0;
  for (const stats::SpcPoint& p : e->spc->points) missing += p.value ? 0 : 1;
  EXPECT_EQ(missing, 1u);
  EXPECT_EQ(e->spc->points.size(), e->series.size() + 1);

  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::string card = CardMarkup(d->html, "staff_turnover");
  ASSERT_FALSE(card.empty());
  std::string trend = SvgOf(card, "m-staff_turnover-trend");
  ASSERT_FALSE(trend.empty());
  EXPECT_EQ(Count(trend, "<polyline class=\"series-actual\""), 2u);  // two segments
  EXPECT_EQ(Count(trend, "class=\"obs\""), e->series.size());
  std::string spc = SvgOf(card, "m-staff_turnover-spc");
  ASSERT_FALSE(spc.empty());
  EXPECT_EQ(Count(spc, "<polyline class=\"spc-line\""), 2u);
  EXPECT_NE(card.find("Missing data: 2021-07"), std::string::npos);
}

// Seven values above the mean in a row make a shift (special cause) only when
// they are consecutive: a missing month among them breaks the run.
TEST(Charts, AMissingMonthBreaksAnSpcShiftThatBridgingWouldMake) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  auto last_point_flagged = [&](bool with_gap) {
    measures::EvaluationData data;
    std::vector<double> values;
    for (int i = 0; i < 13; ++i) values.push_back(i % 2 ? 11 : 10);
    for (int i = 0; i < 7; ++i) values.push_back(12);
    Date d{2021, 4, 1};
    for (size_t i = 0; i < values.size(); ++i, d = d.AddMonths(1)) {
      if (with_gap && i == 17) d = d.AddMonths(1);  // a month missing inside the run
      measures::Observation o;
      o.measure_id = "staff_turnover";
      o.period = Period::Month(d.year, d.month);
      o.value = values[i];
      data.observations.push_back(o);
    }
    measures::EvaluateOptions o;
    o.period = Period::FinancialQuarter(2023, 1);
    o.today = o.period->end;
    auto e = measures::Evaluate(s, data, o);
    EXPECT_TRUE(e.ok());
    const measures::MeasureEvaluation* m = nullptr;
    for (const auto& x : e->measures)
      if (x.measure_id == "staff_turnover") m = &x;
    EXPECT_TRUE(m && m->spc);
    EXPECT_EQ(m->missing_periods.size(), with_gap ? 1u : 0u);
    return m->spc->points.back().special_cause_flag;
  };
  EXPECT_TRUE(last_point_flagged(false));
  EXPECT_FALSE(last_point_flagged(true));
}

TEST(Charts, TheSvgLineBreaksAtEachGapItIsGiven) {
  LineChart c;
  c.text = {"gap", "Gap", "A series with one gap"};
  LineSeries s{"Actual", SeriesStyle::kActual, {}};
  for (int i = 0; i < 6; ++i) s.points.push_back({static_cast<double>(i * 30), 1.0 + i});
  s.points[4].gap_before = true;
  c.series.push_back(s);
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(Count(svg, "<polyline class=\"series-actual\""), 2u);
  EXPECT_EQ(Count(svg, "class=\"obs\""), 6u);
  s.points[4].gap_before = false;
  c.series = {s};
  EXPECT_EQ(Count(RenderLineChart(c), "<polyline class=\"series-actual\""), 1u);
}

TEST(Charts, TheForecastIsLabelledWithTheMethodTheRecordGives) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  const measures::MeasureEvaluation* e = x.r.Measure("staff_turnover");
  ASSERT_NE(e, nullptr);
  const measures::ForecastInfo* f = measures::MainForecast(*e);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->method, "linear_trend");
  EXPECT_EQ(f->points, 24);
  EXPECT_EQ(f->fitted_to, Period::Month(2022, 12));
  EXPECT_NE(f->method_text.find("linear trend (least squares) over the last 24 values"),
            std::string::npos)
      << f->method_text;
  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok());
  testing::HtmlDoc doc(d->html);
  std::string method;
  for (xmlNode* n : FindAll(doc.root(), "span", "method")) method += Text(n);
  EXPECT_NE(method.find("Method: " + f->method_text), std::string::npos) << method;
  std::string trend = SvgOf(CardMarkup(d->html, "staff_turnover"), "m-staff_turnover-trend");
  EXPECT_NE(trend.find("Forecast (linear trend, 24 values)"), std::string::npos);
}

TEST(Charts, ACardShowsNumeratorDenominatorDataAsAtAndProvisionalFlags) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok());
  testing::HtmlDoc doc(d->html);
  xmlNode* card = nullptr;
  for (xmlNode* n : FindAll(doc.root(), "article", "measure"))
    if (testing::Attr(n, "id") == "m-staff_turnover") card = n;
  ASSERT_NE(card, nullptr);
  auto nd = FindAll(card, "span", "nd");
  ASSERT_EQ(nd.size(), 1u);
  EXPECT_EQ(Text(nd[0]), "152 of 1500");  // December: 150 + 12 % 5
  auto flags = FindAll(card, "ul", "data-flags");
  ASSERT_EQ(flags.size(), 1u);
  std::string f = Text(flags[0]);
  EXPECT_NE(f.find("Data as at 31 December 2022"), std::string::npos) << f;
  // Nine values since the process change in April 2022: provisional limits.
  EXPECT_NE(f.find("Provisional SPC limits: 9 values"), std::string::npos) << f;
  auto sub = FindAll(card, "p", "subtitle");
  ASSERT_EQ(sub.size(), 1u);
  std::string t = Text(sub[0]);
  EXPECT_NE(t.find("unit: percent"), std::string::npos) << t;
  EXPECT_NE(t.find("monthly, 2019-04 to 2022-12"), std::string::npos) << t;
  EXPECT_NE(t.find("source:"), std::string::npos) << t;
}

// A provisional release (a publication's latest months, or a values file's
// `provisional` column) is drawn hollow on both charts, counted in the
// card's flags, and named with the latest value's period on the card and
// in the tables; final values are drawn as before.
TEST(Charts, AProvisionalValueIsDrawnHollowAndNamedOnTheCardAndInTheTables) {
  for (int provisional : {0, 3}) {
    SCOPED_TRACE(provisional);
    Evaluated x(Period::FinancialQuarter(2022, 3), provisional);
    auto d = BoardReport(x.s, x.r, {});
    ASSERT_TRUE(d.ok());
    std::string card = CardMarkup(d->html, "staff_turnover");
    ASSERT_FALSE(card.empty());
    std::string trend = SvgOf(card, "m-staff_turnover-trend");
    std::string spc = SvgOf(card, "m-staff_turnover-spc");
    ASSERT_FALSE(trend.empty());
    ASSERT_FALSE(spc.empty());
    EXPECT_EQ(Count(trend, "class=\"obs provisional\""), static_cast<size_t>(provisional));
    EXPECT_EQ(Count(spc, "class=\"obs provisional\""), static_cast<size_t>(provisional));
    // Every value is still one point: hollow or filled.
    EXPECT_EQ(Count(trend, "class=\"obs"), 44u);  // Apr 2019 to Dec 2022 less July 2021
    testing::HtmlDoc doc(d->html);
    xmlNode* node = nullptr;
    for (xmlNode* n : FindAll(doc.root(), "article", "measure"))
      if (testing::Attr(n, "id") == "m-staff_turnover") node = n;
    ASSERT_NE(node, nullptr);
    std::string flags = Text(FindAll(node, "ul", "data-flags").at(0));
    std::string facts = Text(FindAll(node, "dl", "facts").at(0));
    const DataTable& t = d->tables[0];
    size_t col = 0;
    while (col < t.columns.size() && t.columns[col].name != "provisional") ++col;
    ASSERT_LT(col, t.columns.size());
    std::string cell;
    for (const auto& row : t.rows)
      if (std::get<std::string>(row[6]) == "staff_turnover") cell = std::get<std::string>(row[col]);
    if (provisional == 0) {
      EXPECT_EQ(flags.find("Provisional:"), std::string::npos) << flags;
      EXPECT_NE(facts.find("Latest (2022-12)"), std::string::npos) << facts;
      EXPECT_EQ(cell, "no");
    } else {
      EXPECT_NE(flags.find("Provisional: 3 values (2022-10 to 2022-12) will be revised by the "
                           "publisher; drawn as hollow points, the latest value among them"),
                std::string::npos)
          << flags;
      EXPECT_NE(facts.find("Latest (2022-12, provisional)"), std::string::npos) << facts;
      EXPECT_EQ(cell, "yes");
      EXPECT_NE(trend.find("Dec 2022: "), std::string::npos);
      EXPECT_NE(trend.find("(provisional)</title>"), std::string::npos);
    }
  }
}

// The IPR's XLSX, CSV and JSON carry the exceptions of its section, as the
// Board report's do, for the IPR's measures.
TEST(Charts, TheIprCarriesAnExceptionsTableForItsMeasures) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  // The report renders the record: staff turnover recorded off track makes
  // the IPR's one exception.
  for (measures::MeasureEvaluation& e : x.r.evaluation.measures)
    if (e.measure_id == "staff_turnover") e.status = measures::MeasureStatus::kOffTrack;
  auto ipr = IntegratedPerformanceReport(x.s, x.r, {});
  ASSERT_TRUE(ipr.ok()) << ipr.status().ToString();
  ASSERT_EQ(ipr->tables.size(), 2u);
  EXPECT_EQ(ipr->tables[0].name, "ipr");
  const DataTable& t = ipr->tables[1];
  EXPECT_EQ(t.name, "exceptions");
  std::set<std::string> in_ipr, want, got;
  for (const auto& row : ipr->tables[0].rows) in_ipr.insert(std::get<std::string>(row[1]));
  for (const measures::MeasureEvaluation& e : x.r.evaluation.measures)
    if (IsException(e.status) && in_ipr.count(e.measure_id)) want.insert(e.measure_id);
  ASSERT_FALSE(want.empty());
  for (const auto& row : t.rows) got.insert(std::get<std::string>(row[1]));
  EXPECT_EQ(got, want);
}

TEST(Charts, AProcessChangeIsMarkedWhereTheLimitsAreRecalculated) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  const measures::MeasureEvaluation* e = x.r.Measure("staff_turnover");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->spc.has_value());
  ASSERT_EQ(e->spc->groups.size(), 2u);  // limits recalculated at the change
  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok());
  std::string card = CardMarkup(d->html, "staff_turnover");
  std::string spc = SvgOf(card, "m-staff_turnover-spc");
  EXPECT_EQ(Count(spc, "<g class=\"rebase\">"), 1u);
  // The description is escaped wherever it appears.
  EXPECT_NE(spc.find("Retention programme &lt;started&gt;"), std::string::npos);
  EXPECT_EQ(card.find("<started>"), std::string::npos);
  EXPECT_NE(card.find("Limits recalculated from Apr 2022: process change recorded with the data"),
            std::string::npos);
}

TEST(Charts, AMilestoneMeasureListsEachMilestoneWithDateAndStateAndDrawsNoLineChart) {
  Evaluated x(Period::FinancialQuarter(2023, 1));  // Year 2's milestone is overdue
  const measures::MeasureEvaluation* e = x.r.Measure("lqa_ward_accreditation");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->milestones.size(), 3u);
  EXPECT_EQ(e->milestones[0].status, measures::MeasureStatus::kMilestoneComplete);
  EXPECT_EQ(e->milestones[1].status, measures::MeasureStatus::kMilestoneOverdue);
  EXPECT_EQ(e->milestones[2].status, measures::MeasureStatus::kNotYetDue);
  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok());
  std::string card = CardMarkup(d->html, "lqa_ward_accreditation");
  ASSERT_FALSE(card.empty());
  EXPECT_EQ(Count(card, "<svg"), 0u);  // no trend or SPC chart of 0–1
  testing::HtmlDoc doc(card + "</article>");
  auto items = FindAll(doc.root(), "li", "milestone");
  ASSERT_EQ(items.size(), e->milestones.size());
  const char* want[] = {"Milestone complete", "Milestone overdue", "Not yet due"};
  for (size_t i = 0; i < items.size(); ++i) {
    std::string t = Text(items[i]);
    SCOPED_TRACE(t);
    EXPECT_NE(t.find("due 31 March " + std::to_string(2022 + i)), std::string::npos);
    EXPECT_NE(t.find(want[i]), std::string::npos);
    EXPECT_NE(t.find(e->milestones[i].text), std::string::npos);
  }
}

TEST(Charts, AnImprovementTargetIsDrawnAsTheBaselineToImproveOnNotATarget) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  // Inpatient experience: "a significant improvement" on the 2020-21 baseline.
  const strategy::Measure* m = strategy::FindMeasure(x.s, "inpatient_experience");
  ASSERT_NE(m, nullptr);
  measures::MeasureEvaluation e;
  e.measure_id = m->id;
  for (int y = 2012; y <= 2022; ++y) {
    measures::Observation o;
    o.measure_id = m->id;
    o.period = Period::CalendarYear(y);
    o.value = 7.0 + 0.01 * (y % 3);
    e.series.push_back(o);
  }
  e.latest = e.series.back();
  e.baseline.value = 6.94;
  e.baseline.period = "2020-21";
  e.baseline.date = Date{2021, 3, 31};
  measures::TargetView t;
  t.kind = strategy::TargetKind::kImprovement;
  t.goal = 6.94;
  t.due = Date{2023, 3, 31};
  e.targets = {t};
  e.target = t;
  LineChart c = internal::TrendChart(x.s, *m, e);
  EXPECT_TRUE(c.targets.empty());  // no target diamond at the baseline
  ASSERT_TRUE(c.reference.has_value());
  EXPECT_EQ(*c.reference, 6.94);
  EXPECT_NE(c.reference_label.find("Baseline to improve on: 6.94 (2020-21)"), std::string::npos);
  EXPECT_EQ(internal::TargetText(*m, e), "significant improvement on 6.94 (2020-21)");
}

TEST(Charts, TheBoardReportsXlsxHasAnExceptionsSheetWithOneRowPerException) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  auto d = BoardReport(x.s, x.r, {});
  ASSERT_TRUE(d.ok());
  std::set<std::string> want;
  for (const measures::MeasureEvaluation& e : x.r.evaluation.measures)
    if (IsException(e.status)) want.insert(e.measure_id);
  ASSERT_FALSE(want.empty());
  fs::path dir = fs::temp_directory_path() / ("barometer-charts-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path xlsx = dir / "board.xlsx";
  ASSERT_TRUE(WriteDocument(*d, OutputFormat::kXlsx, xlsx.string(), {}).ok());
  std::string workbook = testing::Capture("unzip -p '" + xlsx.string() + "' xl/workbook.xml");
  std::regex sheets("<sheet name=\"([^\"]+)\"");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheets);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1]);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "measures");
  EXPECT_EQ(names[1], "observations");
  EXPECT_EQ(names[2], "exceptions");
  std::string sheet = testing::Capture("unzip -p '" + xlsx.string() + "' xl/worksheets/sheet3.xml");
  std::string shared = testing::Capture("unzip -p '" + xlsx.string() + "' xl/sharedStrings.xml");
  fs::remove_all(dir);
  // Rows: the header and one per exception; column B holds the measure id.
  EXPECT_EQ(Count(sheet, "<row "), want.size() + 1);
  std::vector<std::string> strings;
  std::regex si("<si><t[^>]*>([^<]*)</t></si>");
  for (auto it = std::sregex_iterator(shared.begin(), shared.end(), si);
       it != std::sregex_iterator(); ++it)
    strings.push_back((*it)[1]);
  std::set<std::string> got;
  std::regex b("<c r=\"B([0-9]+)\"[^>]*t=\"s\"[^>]*><v>([0-9]+)</v></c>");
  for (auto it = std::sregex_iterator(sheet.begin(), sheet.end(), b); it != std::sregex_iterator();
       ++it) {
    if ((*it)[1] == "1") continue;  // the header
    size_t k = std::stoul((*it)[2]);
    ASSERT_LT(k, strings.size());
    got.insert(strings[k]);
  }
  EXPECT_EQ(got, want);
  // The XLSX's table is the document's, with the update columns filled.
  const DataTable& t = d->tables[2];
  EXPECT_EQ(t.name, "exceptions");
  EXPECT_EQ(t.rows.size(), want.size());
}

}  // namespace
}  // namespace barometer::report

namespace barometer::report {
namespace {

// An assurance icon that seems to contradict the status is explained on the
// Board report's card, as on the IPR's.
TEST(Charts, AnAssuranceIconContradictingTheStatusIsExplainedOnTheCard) {
  Evaluated x(Period::FinancialQuarter(2022, 3));
  measures::MeasureEvaluation* e = nullptr;
  for (auto& m : x.r.evaluation.measures)
    if (m.measure_id == "staff_turnover") e = &m;
  ASSERT_TRUE(e && e->spc);
  e->status = measures::MeasureStatus::kOnTrack;
  for (auto [icon, explained] : {std::pair{stats::AssuranceIcon::kFail, true},
                                 std::pair{stats::AssuranceIcon::kPass, false}}) {
    e->spc->assurance = icon;
    auto d = BoardReport(x.s, x.r, {});
    ASSERT_TRUE(d.ok());
    std::string card = CardMarkup(d->html, "staff_turnover");
    EXPECT_EQ(card.find("assurance-note") != std::string::npos, explained);
  }
}

}  // namespace
}  // namespace barometer::report
