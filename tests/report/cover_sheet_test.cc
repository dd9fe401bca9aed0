// Page 1 of every paper is a cover sheet in the NHS Board paper form: each
// field is there (given, or "Not given", or what the strategy and the record
// say), "The Board is asked to …", and at most five key messages taken from
// the period record in its order. The meeting file is read with every
// problem reported at its line.
#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <map>
#include <string>
#include <vector>

#include "fixture.h"
#include "html_dom.h"
#include "report/paper.h"
#include "report/report.h"

namespace barometer::report {
namespace {

const Period kPeriod = Period::FinancialQuarter(2022, 3);
const std::vector<std::string> kFields = {"Meeting", "Date of meeting", "Agenda item",
                                          "Title",   "Lead executive",  "Author",
                                          "Purpose", "BAF risks",       "Previously considered by"};

using testing::Find;
using testing::Text;

// What page 1 shows: the cover sheet's rows (label -> text), the ask, the
// key messages, and whether the sheet comes before anything else in <main>.
struct Sheet {
  bool found = false;
  bool first = false;
  std::map<std::string, std::string> rows;
  std::string ask;
  std::vector<std::string> messages;
};

Sheet Read(const std::string& html) {
  Sheet out;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "r.html", "utf-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc) return out;
  std::vector<xmlNode*> mains, sheets;
  Find(xmlDocGetRootElement(doc), "main", "", mains);
  Find(xmlDocGetRootElement(doc), "header", "sheet", sheets);
  if (sheets.size() == 1 && mains.size() == 1) {
    out.found = true;
    xmlNode* firstElement = mains[0]->children;
    while (firstElement && firstElement->type != XML_ELEMENT_NODE)
      firstElement = firstElement->next;
    out.first = firstElement == sheets[0];
    std::vector<xmlNode*> trs, asks, lis;
    Find(sheets[0]->children, "tr", "", trs);
    for (xmlNode* tr : trs) {
      std::vector<xmlNode*> th, td;
      Find(tr->children, "th", "", th);
      Find(tr->children, "td", "", td);
      if (th.size() == 1 && td.size() == 1) out.rows[Text(th[0])] = Text(td[0]);
    }
    Find(sheets[0]->children, "div", "ask", asks);
    if (!asks.empty()) out.ask = Text(asks[0]);
    std::vector<xmlNode*> km;
    Find(sheets[0]->children, "section", "key-messages", km);
    if (!km.empty()) Find(km[0]->children, "li", "", lis);
    for (xmlNode* li : lis) out.messages.push_back(Text(li));
  }
  xmlFreeDoc(doc);
  return out;
}

strategy::Strategy WithRisk(strategy::Strategy s) {
  strategy::Risk r;
  r.id = "BAF7";
  r.title = "Staff cannot be retained";
  r.objectives = {"retain_our_talent"};
  r.committee = "workforce_education";
  r.current = {{}, 4, 5};
  r.target = {{}, 2, 2};
  r.inherent = {{}, 5, 5};
  s.risks.push_back(r);
  return s;
}

PopulationView Population() {
  PopulationView p;
  p.area = "Testville (synthetic)";
  p.period = "2015–2023";
  OutcomeView o;
  o.id = "u75";
  o.name = "Under 75 mortality";
  o.status = measures::MeasureStatus::kOffTrack;
  o.verdict = "Projected 360 in 2029: ambition likely to be missed";
  for (int y = 2015; y <= 2023; ++y) o.area.push_back({static_cast<double>(y), 400.0 - y % 5});
  p.outcomes = {o};
  p.disclosure_note = "Counts of 7 or fewer suppressed.";
  return p;
}

std::vector<std::pair<std::string, Document>> EveryPaper(const ReportOptions& base) {
  strategy::Strategy s = WithRisk(testing::LoadExample("our-future-together"));
  measures::PeriodRecord r = testing::FakeRecord(s, kPeriod);
  std::vector<std::pair<std::string, Document>> out;
  auto add = [&](std::string name, Result<Document> d) {
    EXPECT_TRUE(d.ok()) << name << ": " << d.status().ToString();
    if (d.ok()) out.emplace_back(std::move(name), std::move(d).value());
  };
  add("board", BoardReport(s, r, base));
  for (const strategy::Committee& c : s.committees) {
    ReportOptions o = base;
    o.committee = c.id;
    add("committee " + c.id, CommitteePack(s, r, o));
  }
  add("ipr", IntegratedPerformanceReport(s, r, base));
  add("baf", BoardAssuranceFramework(s, r, base));
  add("population", PopulationReport(Population(), base));
  return out;
}

TEST(CoverSheet, EveryPaperOpensWithEveryFieldEvenWhenNothingIsGiven) {
  auto papers = EveryPaper({});
  ASSERT_GE(papers.size(), 5u);
  for (const auto& [name, d] : papers) {
    SCOPED_TRACE(name);
    Sheet sh = Read(d.html);
    ASSERT_TRUE(sh.found);
    EXPECT_TRUE(sh.first) << "the cover sheet is not the first thing on page 1";
    for (const std::string& f : kFields) {
      ASSERT_TRUE(sh.rows.count(f)) << f;
      EXPECT_FALSE(sh.rows[f].empty()) << f;
    }
    EXPECT_EQ(sh.rows["Date of meeting"], "Not given");
    EXPECT_NE(sh.ask.find(" is asked to "), std::string::npos) << sh.ask;
    EXPECT_LE(sh.messages.size(), 5u);
  }
}

TEST(CoverSheet, GivenDetailsAreShownAndThePurposeIsTicked) {
  ReportOptions o;
  o.paper.meeting = "Board of Directors (in public)";
  o.paper.date = Date{2023, 1, 26};
  o.paper.item = "3.1 <b>";
  o.paper.title = "Strategy delivery Q3";
  o.paper.lead_executive = "Director of Strategy";
  o.paper.author = "Head of Planning & Performance";
  o.paper.purpose = Purpose::kDiscuss;
  o.paper.asked_to = "discuss the exceptions";
  o.paper.baf_risks = {"BAF7"};
  o.paper.previously_considered = {"Executive Committee, 12 January 2023"};
  for (const auto& [name, d] : EveryPaper(o)) {
    SCOPED_TRACE(name);
    Sheet sh = Read(d.html);
    EXPECT_EQ(sh.rows["Meeting"], "Board of Directors (in public)");
    EXPECT_EQ(sh.rows["Date of meeting"], "26 January 2023");
    EXPECT_EQ(sh.rows["Agenda item"], "3.1 <b>");  // escaped, read back as text
    EXPECT_EQ(sh.rows["Title"], "Strategy delivery Q3");
    EXPECT_EQ(sh.rows["Lead executive"], "Director of Strategy");
    EXPECT_EQ(sh.rows["Author"], "Head of Planning & Performance");
    EXPECT_NE(sh.rows["Purpose"].find("☒ To discuss"), std::string::npos) << sh.rows["Purpose"];
    EXPECT_NE(sh.rows["Purpose"].find("☐ To approve"), std::string::npos);
    // Named with its title where the paper knows the strategy's risks.
    EXPECT_EQ(sh.rows["BAF risks"],
              name == "population" ? "BAF7" : "BAF7 Staff cannot be retained");
    EXPECT_EQ(sh.rows["Previously considered by"], "Executive Committee, 12 January 2023");
    EXPECT_NE(sh.ask.find("is asked to discuss the exceptions."), std::string::npos) << sh.ask;
  }
}

TEST(CoverSheet, KeyMessagesAreTheRecordsFirstFiveInScope) {
  strategy::Strategy s = WithRisk(testing::LoadExample("our-future-together"));
  measures::PeriodRecord r = testing::FakeRecord(s, kPeriod);
  r.key_messages.clear();
  for (int i = 0; i < 8; ++i) {
    const strategy::Measure& m = s.measures[static_cast<size_t>(i) % s.measures.size()];
    measures::MeasureEvaluation* e = nullptr;
    for (auto& x : r.evaluation.measures)
      if (x.measure_id == m.id) e = &x;
    r.key_messages.push_back({measures::KeyMessageSource::kException, m.id, e->objective_id,
                              e->priority_id, "", "Message " + std::to_string(i) + "."});
  }
  auto d = BoardReport(s, r, {});
  ASSERT_TRUE(d.ok());
  Sheet sh = Read(d->html);
  ASSERT_EQ(sh.messages.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(sh.messages[static_cast<size_t>(i)].substr(0, 10),
              "Message " + std::to_string(i) + ".");
  // A committee pack shows only its own measures' messages.
  ReportOptions o;
  o.committee = "workforce_education";
  auto c = CommitteePack(s, r, o);
  ASSERT_TRUE(c.ok());
  for (const std::string& text : Read(c->html).messages) {
    int i = text[8] - '0';
    const strategy::Measure& m = s.measures[static_cast<size_t>(i) % s.measures.size()];
    const strategy::Objective* ob = strategy::ThreadOf(s, m).objective;
    ASSERT_NE(ob, nullptr);
    const strategy::Committee* k = strategy::EffectiveCommittee(s, *ob);
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->id, "workforce_education") << text;
  }
}

TEST(MeetingFile, IsReadWithPapersOverTheMeetingsDefaults) {
  Diagnostics d;
  auto m = ParseMeetingFile(R"toml(
[meeting]
meeting = "Board of Directors (in public)"
date = 2023-01-26
author = "Head of Performance"

[[papers]]
report = "board"
item = "3.1"
lead_executive = "Director of Strategy"
purpose = "assure"
baf_risks = ["BAF1", "BAF2"]

[[papers]]
report = "committee"
committee = "quality"
meeting = "Quality Committee"
item = "5"
)toml",
                            "meeting.toml", d);
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(d.has_errors()) << d.Format();
  PaperDetails b = PaperFor(*m, "board", "");
  EXPECT_EQ(b.meeting, "Board of Directors (in public)");
  EXPECT_EQ(b.item, "3.1");
  EXPECT_EQ(b.author, "Head of Performance");
  EXPECT_EQ(b.purpose, Purpose::kAssure);
  EXPECT_EQ(b.baf_risks, (std::vector<std::string>{"BAF1", "BAF2"}));
  ASSERT_TRUE(b.date.has_value());
  EXPECT_EQ(b.date->ToString(), "2023-01-26");
  PaperDetails q = PaperFor(*m, "committee", "quality");
  EXPECT_EQ(q.meeting, "Quality Committee");
  EXPECT_EQ(q.item, "5");
  PaperDetails other = PaperFor(*m, "committee", "finance");
  EXPECT_EQ(other.meeting, "Board of Directors (in public)");
  EXPECT_EQ(other.item, "");
}

TEST(MeetingFile, EveryProblemIsReportedAtItsLine) {
  Diagnostics d;
  auto m = ParseMeetingFile(R"toml([meeting]
meetng = "Board"
date = "26 January"

[[papers]]
report = "bord"
purpose = "decide"

[[papers]]
report = "committee"
item = 3
)toml",
                            "meeting.toml", d);
  ASSERT_TRUE(m.has_value());
  std::string all = d.Format();
  EXPECT_EQ(d.error_count(), 6) << all;
  EXPECT_NE(all.find("meeting.toml:2:1: error: unknown key `meetng`"), std::string::npos) << all;
  EXPECT_NE(all.find("did you mean `meeting`?"), std::string::npos) << all;
  EXPECT_NE(all.find("meeting.toml:3:8: error: `date` must be a date"), std::string::npos) << all;
  EXPECT_NE(all.find("meeting.toml:6:10: error: unknown report `bord`"), std::string::npos) << all;
  EXPECT_NE(all.find("meeting.toml:7:11: error: `purpose` must be one of"), std::string::npos)
      << all;
  EXPECT_NE(all.find("meeting.toml:9:1: error: a committee paper needs `committee`"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("meeting.toml:11:8: error: `item` must be a string"), std::string::npos)
      << all;
}

TEST(MeetingFile, BrokenTomlIsOneErrorAtItsPlace) {
  Diagnostics d;
  auto m = ParseMeetingFile("[meeting\nname = 1\n", "m.toml", d);
  EXPECT_FALSE(m.has_value());
  ASSERT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.items()[0].where.line, 1);
}

}  // namespace
}  // namespace barometer::report
