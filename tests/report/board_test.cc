// The Board strategy report and committee packs on the published example
// strategies: every measure appears, a committee pack holds only its
// committee's measures, each chart draws as many points as its data has,
// and the HTML is self-contained.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>

#include "fixture.h"
#include "report/report.h"
#include "test_util.h"

namespace barometer::report {
namespace {

const Period kPeriod = Period::FinancialQuarter(2022, 3);

// Ids of the measure cards (<article ... id="m-ID">) in the HTML, and of
// the rows of the appendix table of measures without a target or not yet due.
std::set<std::string> CardIds(const std::string& html) {
  std::set<std::string> ids;
  std::regex re("<article class=\"measure [a-z]+\" id=\"m-([A-Za-z0-9_]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it)
    ids.insert((*it)[1]);
  return ids;
}
std::set<std::string> AppendixIds(const std::string& html) {
  std::set<std::string> ids;
  std::regex re("<tr id=\"m-([A-Za-z0-9_]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it)
    ids.insert((*it)[1]);
  return ids;
}

void ExpectSelfContained(const std::string& html) {
  EXPECT_EQ(testing::CheckBalanced(html), "");
  EXPECT_FALSE(
      std::regex_search(html, std::regex("<script|<link|<img|<iframe|@import|@font-face|url\\(")));
  // The only absolute URL is the SVG namespace; links are in-page anchors.
  std::string stripped =
      std::regex_replace(html, std::regex("xmlns=\"http://www.w3.org/2000/svg\"|http-equiv="), "");
  EXPECT_EQ(stripped.find("http"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("href=\"[^#]")));
}

void MaybeDump(const Document& d, const std::string& name) {
  if (const char* dir = std::getenv("BAROMETER_REPORT_DUMP"))
    std::ofstream(std::string(dir) + "/" + name) << d.html;
}

TEST(ReportBoard, EveryMeasureOfEachExampleAppears) {
  for (const char* ex : {"our-future-together", "one-liverpool", "uhnm-2025-2035"}) {
    SCOPED_TRACE(ex);
    strategy::Strategy s = testing::LoadExample(ex);
    ASSERT_FALSE(s.measures.empty());
    measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
    auto d = BoardReport(s, e, {});
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    MaybeDump(*d, std::string(ex) + "-board.html");
    ExpectSelfContained(d->html);
    // A card for each measure with a target that applies; a row of the
    // appendix table for the others; never both.
    std::set<std::string> want_cards, want_rows;
    for (const auto& m : s.measures) {
      const measures::MeasureEvaluation* r = e.Measure(m.id);
      bool compact = m.targets.empty() || r->status == measures::MeasureStatus::kNotYetDue;
      (compact ? want_rows : want_cards).insert(m.id);
    }
    EXPECT_EQ(CardIds(d->html), want_cards);
    EXPECT_EQ(AppendixIds(d->html), want_rows);
    ASSERT_EQ(d->tables.size(), 3u);
    EXPECT_EQ(d->tables[0].name, "measures");
    EXPECT_EQ(d->tables[1].name, "observations");
    EXPECT_EQ(d->tables[2].name, "exceptions");
    EXPECT_EQ(d->tables[0].rows.size(), s.measures.size());
    EXPECT_NE(d->html.find(s.organisation.vision.substr(0, 40)), std::string::npos);
  }
}

TEST(ReportBoard, EachChartDrawsOnePointPerObservation) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = BoardReport(s, e, {});
  ASSERT_TRUE(d.ok());
  int charts = 0;
  for (const measures::MeasureEvaluation& r : e.evaluation.measures) {
    // Measures without a target or not yet due are appendix rows: no charts.
    bool compact = strategy::FindMeasure(s, r.measure_id)->targets.empty() ||
                   r.status == measures::MeasureStatus::kNotYetDue;
    for (const char* kind : {"trend", "spc", "peers"}) {
      std::string id = "m-" + r.measure_id + "-" + kind;
      size_t at = d->html.find("id=\"" + id + "\"");
      size_t expected = compact                        ? 0
                        : std::string(kind) == "trend" ? r.series.size()
                        : std::string(kind) == "spc"   ? (r.spc ? r.spc->points.size() : 0)
                                                       : (r.rank ? r.rank->peer_values.size() : 0);
      if (expected == 0) {
        EXPECT_EQ(at, std::string::npos) << id;
        continue;
      }
      ASSERT_NE(at, std::string::npos) << id;
      ++charts;
      std::string svg = d->html.substr(at, d->html.find("</svg>", at) - at);
      EXPECT_EQ(testing::Count(svg, "class=\"obs\""), expected) << id;
    }
  }
  EXPECT_EQ(d->charts, charts);
  EXPECT_GT(charts, 20);
}

TEST(ReportBoard, ExceptionsListOffTrackBeforeAtRisk) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  auto d = BoardReport(s, e, {});
  ASSERT_TRUE(d.ok());
  // After the rule (which shows the statuses it names), the exceptions themselves.
  size_t start = d->html.find("<article class=\"exception", d->html.find("id=\"exceptions\""));
  size_t end = d->html.find("</section>", start);
  std::string ex = d->html.substr(start, end - start);
  size_t last_off = ex.rfind(">Off track<"), first_risk = ex.find(">At risk<");
  ASSERT_NE(last_off, std::string::npos);
  ASSERT_NE(first_risk, std::string::npos);
  EXPECT_LT(last_off, first_risk);
  EXPECT_EQ(ex.find(">On track<"), std::string::npos);
}

TEST(ReportCommittee, PackHoldsOnlyItsCommitteesMeasures) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  size_t total = 0;
  for (const auto& c : s.committees) {
    SCOPED_TRACE(c.id);
    std::set<std::string> want;
    for (const auto& m : s.measures) {
      strategy::Thread t = strategy::ThreadOf(s, m);
      const strategy::Committee* mc = t.objective
                                          ? strategy::EffectiveCommittee(s, *t.objective)
                                          : strategy::FindCommittee(s, t.priority->committee);
      if (mc && mc->id == c.id) want.insert(m.id);
    }
    ReportOptions o;
    o.committee = c.id;
    auto d = CommitteePack(s, e, o);
    if (want.empty()) {
      EXPECT_EQ(d.status().code(), StatusCode::kInvalidInput);
      continue;
    }
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    MaybeDump(*d, "committee-" + c.id + ".html");
    std::set<std::string> shown = CardIds(d->html), rows = AppendixIds(d->html);
    shown.insert(rows.begin(), rows.end());
    EXPECT_EQ(shown, want);
    EXPECT_EQ(d->tables[0].rows.size(), want.size());
    total += want.size();
  }
  EXPECT_EQ(total, s.measures.size());
}

TEST(ReportCommittee, UnknownCommitteeSuggestsTheClosest) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord e = testing::FakeRecord(s, kPeriod);
  ReportOptions o;
  o.committee = "qualty";
  auto d = CommitteePack(s, e, o);
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(d.status().message().find("did you mean `quality`"), std::string::npos)
      << d.status().message();
  o.committee = "";
  EXPECT_EQ(CommitteePack(s, e, o).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace barometer::report
