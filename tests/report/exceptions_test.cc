// Exceptions come right after page 1, by the rule printed on the page, and
// each says what the owner's update for the period says: actions with owners
// and due dates, mitigations, recovery date, the committee's assurance — or
// that no update was submitted, naming the owner.
#include <gtest/gtest.h>

#include <set>

#include "fixture.h"
#include "html_dom.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using testing::FindAll;
using testing::HasClass;
using testing::Text;

const Period kPeriod = Period::FinancialQuarter(2022, 3);

struct Fixture {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  measures::PeriodRecord r = testing::FakeRecord(s, kPeriod);
  std::vector<std::string> exceptions;  // measure ids, in file order
  std::set<std::string> updated;

  // Every other exception gets an update with an action; the others none.
  Fixture() {
    bool give = true;
    for (const measures::MeasureEvaluation& e : r.evaluation.measures) {
      if (!IsException(e.status)) continue;
      exceptions.push_back(e.measure_id);
      if (give) {
        measures::Update u;
        u.measure_id = e.measure_id;
        u.period = kPeriod;
        u.narrative = "Because of <winter> pressures";
        u.actions = {
            {"Recovery plan & review", "unnamed", Date{2023, 3, 31}, measures::ActionState::kOpen}};
        u.mitigations = {"Bank staff"};
        u.recovery = Date{2023, 9, 30};
        r.updates.push_back(u);
        updated.insert(e.measure_id);
      }
      give = !give;
    }
    measures::CommitteeAssurance c;
    c.committee_id = "quality";
    c.period = kPeriod;
    for (const strategy::Objective& o : s.objectives)
      c.objectives.push_back({o.id, measures::AssuranceLevel::kPartial, ""});
    r.assurance = {c};
  }
};

TEST(Exceptions, EachHasAnActionWithOwnerAndDueDateOrSaysNoUpdateWasSubmitted) {
  Fixture f;
  ASSERT_GE(f.exceptions.size(), 4u);
  auto d = BoardReport(f.s, f.r, {});
  ASSERT_TRUE(d.ok());
  testing::HtmlDoc doc(d->html);
  auto sections = FindAll(doc.root(), "section", "exceptions");
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_NE(Text(sections[0]).find("The rule:"), std::string::npos);
  auto rows = FindAll(sections[0], "article", "exception");
  ASSERT_EQ(rows.size(), f.exceptions.size());
  for (xmlNode* row : rows) {
    std::string id = testing::Attr(row, "id").substr(2);  // x-ID
    SCOPED_TRACE(id);
    std::string text = Text(row);
    auto actions = FindAll(row, "li", "action");
    if (f.updated.count(id)) {
      ASSERT_EQ(actions.size(), 1u);
      std::string a = Text(actions[0]);
      EXPECT_NE(a.find("Recovery plan & review"), std::string::npos) << a;
      EXPECT_NE(a.find("owner: not named in the strategy"), std::string::npos) << a;
      EXPECT_NE(a.find("due 31 March 2023"), std::string::npos) << a;
      EXPECT_NE(text.find("Because of <winter> pressures"), std::string::npos);
      EXPECT_NE(text.find("Bank staff"), std::string::npos);
      EXPECT_NE(text.find("30 September 2023"), std::string::npos);
    } else {
      EXPECT_TRUE(actions.empty());
      EXPECT_NE(text.find("no update submitted"), std::string::npos) << text;
    }
    // The committee's assurance for the measure's objective, when it gave one.
    const measures::MeasureEvaluation* e = f.r.Measure(id);
    ASSERT_NE(e, nullptr);
    if (!e->objective_id.empty()) {
      EXPECT_NE(text.find("Partial"), std::string::npos) << text;
    }
  }
}

TEST(Exceptions, ComeRightAfterPageOneAndBeforeThePriorities) {
  Fixture f;
  auto d = BoardReport(f.s, f.r, {});
  ASSERT_TRUE(d.ok());
  size_t sheet_end = d->html.find("</header>");
  size_t exceptions = d->html.find("<section class=\"exceptions\"");
  size_t priority = d->html.find("<section class=\"priority\"");
  ASSERT_NE(exceptions, std::string::npos);
  EXPECT_EQ(d->html.find("<section", sheet_end), exceptions);
  EXPECT_LT(exceptions, priority);
}

TEST(Exceptions, AnUpdateWithoutActionsIsFlaggedNotHidden) {
  Fixture f;
  for (measures::Update& u : f.r.updates) u.actions.clear();
  auto d = BoardReport(f.s, f.r, {});
  ASSERT_TRUE(d.ok());
  testing::HtmlDoc doc(d->html);
  int flagged = 0;
  for (xmlNode* row : FindAll(doc.root(), "article", "exception"))
    if (Text(row).find("The update names no action") != std::string::npos) ++flagged;
  EXPECT_EQ(flagged, static_cast<int>(f.updated.size()));
}

TEST(Exceptions, ACommitteePackListsOnlyItsOwn) {
  Fixture f;
  for (const strategy::Committee& c : f.s.committees) {
    ReportOptions o;
    o.committee = c.id;
    auto d = CommitteePack(f.s, f.r, o);
    if (!d.ok()) continue;
    testing::HtmlDoc doc(d->html);
    for (xmlNode* row : FindAll(doc.root(), "article", "exception")) {
      std::string id = testing::Attr(row, "id").substr(2);
      const strategy::Measure* m = strategy::FindMeasure(f.s, id);
      ASSERT_NE(m, nullptr) << id;
      strategy::Thread t = strategy::ThreadOf(f.s, *m);
      const strategy::Committee* mc = t.objective
                                          ? strategy::EffectiveCommittee(f.s, *t.objective)
                                          : strategy::FindCommittee(f.s, t.priority->committee);
      ASSERT_NE(mc, nullptr);
      EXPECT_EQ(mc->id, c.id) << id;
    }
  }
}

}  // namespace
}  // namespace barometer::report
