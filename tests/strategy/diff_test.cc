// Diff tests: two small files that differ in one of each way `diff` reports
// (tests/strategy/diff/), and the Board paper's 2022/23 and 2023/24
// objectives (examples/board-paper-2023-24/), checked against the paper.
#include "strategy/diff.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "strategy/load.h"

namespace barometer::strategy {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(BAROMETER_SOURCE_DIR) / "tests/strategy/diff";

Strategy Load(const fs::path& p) {
  Result<Strategy> s = LoadValidStrategy(p.string());
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Strategy{};
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The one change of `kind` to `element` with these ids ("" = absent).
const Change* Find(const StrategyDiff& d, ChangeKind kind, DiffElement element,
                   std::string_view old_id, std::string_view new_id, std::string_view field = {}) {
  const Change* found = nullptr;
  for (const Change& c : d.changes) {
    if (c.kind != kind || c.element != element || c.old_id != old_id || c.new_id != new_id)
      continue;
    if (!field.empty() && c.field != field) continue;
    EXPECT_EQ(found, nullptr) << "two matching changes";
    found = &c;
  }
  return found;
}

class StrategyDiffSmall : public testing::Test {
 protected:
  Strategy a_ = Load(kDir / "old.toml");
  Strategy b_ = Load(kDir / "new.toml");
  StrategyDiff d_ = DiffStrategies(a_, b_);
};

TEST_F(StrategyDiffSmall, PrioritiesAddedRemovedReworded) {
  const Change* c = Find(d_, ChangeKind::kReworded, DiffElement::kPriority, "care", "care");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->before, "Great Care");
  EXPECT_EQ(c->after, "Great Care for Everyone");
  EXPECT_FALSE(c->by_wording);
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kPriority, "", "ambitions"), nullptr);
  // "Great Research" and "Great Ambitions" share only "great": not the same priority.
  EXPECT_NE(Find(d_, ChangeKind::kRemoved, DiffElement::kPriority, "research", ""), nullptr);
}

TEST_F(StrategyDiffSmall, ObjectivesMatchedByIdThenByWording) {
  const Change* learn = Find(d_, ChangeKind::kReworded, DiffElement::kObjective, "learn", "learn");
  ASSERT_NE(learn, nullptr);
  EXPECT_EQ(learn->after, "We learn from our mistakes to eliminate serious incidents");
  const Change* digital =
      Find(d_, ChangeKind::kReworded, DiffElement::kObjective, "digital_old", "digital");
  ASSERT_NE(digital, nullptr);
  EXPECT_TRUE(digital->by_wording);
  EXPECT_DOUBLE_EQ(digital->similarity, 1.0);  // the same words, hyphenated
  const Change* moved =
      Find(d_, ChangeKind::kMoved, DiffElement::kObjective, "digital_old", "digital");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->before, "Great Care [care]");
  EXPECT_EQ(moved->after, "Great Ambitions [ambitions]");
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kObjective, "", "anchor"), nullptr);
  EXPECT_NE(Find(d_, ChangeKind::kRemoved, DiffElement::kObjective, "trials", ""), nullptr);
  // Unchanged objectives report nothing.
  for (const Change& c : d_.changes) EXPECT_NE(c.new_id, "safe");
}

TEST_F(StrategyDiffSmall, MeasuresAndTargetsPerYear) {
  const Change* unit =
      Find(d_, ChangeKind::kChanged, DiffElement::kMeasure, "incidents", "incidents", "unit");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->before, "count");
  EXPECT_EQ(unit->after, "rate per 1000");
  EXPECT_NE(Find(d_, ChangeKind::kChanged, DiffElement::kMeasure, "staff_engagement",
                 "staff_engagement", "baseline"),
            nullptr);
  const Change* y2 = Find(d_, ChangeKind::kChanged, DiffElement::kTarget, "staff_engagement",
                          "staff_engagement", "2022-23 (year 2)");
  ASSERT_NE(y2, nullptr);
  EXPECT_EQ(y2->before, "≥ 7.20");
  EXPECT_EQ(y2->after, "≥ 7.30");
  EXPECT_NE(Find(d_, ChangeKind::kRemoved, DiffElement::kTarget, "staff_engagement",
                 "staff_engagement", "2023-24 (year 3)"),
            nullptr);
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kTarget, "staff_engagement",
                 "staff_engagement", "by 2023-12-31"),
            nullptr);
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kMeasure, "", "epr"), nullptr);
  // Year 1 is the same in both files.
  EXPECT_EQ(Find(d_, ChangeKind::kChanged, DiffElement::kTarget, "staff_engagement",
                 "staff_engagement", "2021-22 (year 1)"),
            nullptr);
}

TEST_F(StrategyDiffSmall, NothingElseChanged) {
  EXPECT_EQ(d_.Count(ChangeKind::kAdded), 4);     // ambitions, anchor, epr, a target
  EXPECT_EQ(d_.Count(ChangeKind::kRemoved), 3);   // research, trials, a target
  EXPECT_EQ(d_.Count(ChangeKind::kReworded), 3);  // care, learn, digital
  EXPECT_EQ(d_.Count(ChangeKind::kMoved), 1);     // digital
  EXPECT_EQ(d_.Count(ChangeKind::kChanged), 3);   // unit, baseline, a target
}

TEST_F(StrategyDiffSmall, TextOutputMatchesGolden) {
  EXPECT_EQ(RenderDiff(d_, a_, b_, "tests/strategy/diff/old.toml", "tests/strategy/diff/new.toml"),
            ReadFile(kDir / "expected.txt"));
}

TEST_F(StrategyDiffSmall, JsonOutputListsEveryChange) {
  auto j = nlohmann::json::parse(DiffToJson(d_, "old.toml", "new.toml"));
  EXPECT_EQ(j["old"], "old.toml");
  EXPECT_EQ(j["changes"].size(), d_.changes.size());
  EXPECT_EQ(j["summary"]["moved"], 1);
  EXPECT_EQ(j["changes"][0]["change"], "reworded");
  EXPECT_EQ(j["changes"][0]["element"], "priority");
}

TEST(StrategyDiff, IdenticalFilesHaveNoDifferences) {
  Strategy a = Load(kDir / "old.toml");
  StrategyDiff d = DiffStrategies(a, a);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(RenderDiff(d, a, a, "a", "b"), "--- a\n+++ b\nNo differences.\n");
}

// A refresh of everything around the golden thread
// (tests/strategy/diff/governance_*.toml): each change written into the new
// file is reported, once, and nothing else.
class StrategyDiffGovernance : public testing::Test {
 protected:
  Strategy a_ = Load(kDir / "governance_old.toml");
  Strategy b_ = Load(kDir / "governance_new.toml");
  StrategyDiff d_ = DiffStrategies(a_, b_);

  // The one change to `field` of the element with this id (both files).
  const Change* Changed(DiffElement e, std::string_view id, std::string_view field) {
    return Find(d_, ChangeKind::kChanged, e, id, id, field);
  }
  // Items of a list field added ("+x") and removed ("-x"), in order.
  std::vector<std::string> Items(DiffElement e, std::string_view field) {
    std::vector<std::string> out;
    for (const Change& c : d_.changes) {
      if (c.element == e && c.field == field && c.item) {
        out.push_back(c.before.empty() ? "+" + c.after : "-" + c.before);
      }
    }
    return out;
  }
};

TEST_F(StrategyDiffGovernance, OrganisationKeysAndListItems) {
  EXPECT_EQ(
      Items(DiffElement::kStrategy, "aligned_with"),
      (std::vector<std::string>{"-One Liverpool Strategy 2019-2024",
                                "+Cheshire and Merseyside Health and Care Partnership strategy"}));
  const Change* dev = Find(d_, ChangeKind::kChanged, DiffElement::kStrategy, "", "", "development");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->before, "Developed with our staff");
  EXPECT_EQ(dev->after, "Developed with our staff, patients and partners");
  const Change* approved =
      Find(d_, ChangeKind::kChanged, DiffElement::kStrategy, "", "", "approved");
  ASSERT_NE(approved, nullptr);
  EXPECT_EQ(approved->after, "2021-03-25");
  EXPECT_EQ(Items(DiffElement::kStrategy, "cascade levels"),
            (std::vector<std::string>{"+Individual objectives"}));
}

TEST_F(StrategyDiffGovernance, ReportingCadenceAndAudiences) {
  const Change* cadence = Changed(DiffElement::kReporting, "Board of Directors", "cadence");
  ASSERT_NE(cadence, nullptr);
  EXPECT_EQ(cadence->before, "quarterly");
  EXPECT_EQ(cadence->after, "bimonthly");
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kReporting, "", "Integrated Care Board"),
            nullptr);
  EXPECT_NE(Find(d_, ChangeKind::kRemoved, DiffElement::kReporting, "Council of Governors", ""),
            nullptr);
}

TEST_F(StrategyDiffGovernance, RolesAddedRemovedRenamedAndTheirHolders) {
  const Change* person = Changed(DiffElement::kRole, "chief_nurse", "person");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->before, "A. Smith");
  EXPECT_EQ(person->after, "B. Jones");
  const Change* title =
      Find(d_, ChangeKind::kReworded, DiffElement::kRole, "medical_director", "medical_director");
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->field, "title");
  EXPECT_EQ(title->after, "Chief Medical Officer");
  EXPECT_NE(Find(d_, ChangeKind::kChanged, DiffElement::kRole, "ned_1", "ned_2", "id"), nullptr);
  // Titles sharing "Chief … Officer" are different roles.
  EXPECT_NE(Find(d_, ChangeKind::kRemoved, DiffElement::kRole, "coo", ""), nullptr);
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kRole, "", "cpo"), nullptr);
  // The new post holder is one change, on the role: not on the objective and
  // the risk the Chief Nurse owns, nor on the committee whose chair's id was
  // renamed.
  EXPECT_EQ(Changed(DiffElement::kObjective, "safe", "owner"), nullptr);
  EXPECT_EQ(Changed(DiffElement::kRisk, "BAF1", "owner"), nullptr);
  EXPECT_EQ(Changed(DiffElement::kCommittee, "quality", "chair"), nullptr);
}

TEST_F(StrategyDiffGovernance, AnOwnerRemovedReadsNone) {
  const Change* owner = Changed(DiffElement::kObjective, "timely", "owner");
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->before, "Medical Director");
  EXPECT_EQ(owner->after, "");
}

TEST_F(StrategyDiffGovernance, EveryOtherKindAndKey) {
  EXPECT_EQ(Items(DiffElement::kPriority, "actions"),
            (std::vector<std::string>{"-Recruit 50 nurses", "+Recruit 80 nurses"}));
  EXPECT_EQ(Items(DiffElement::kObjective, "actions"),
            (std::vector<std::string>{"+Learn from every incident"}));
  EXPECT_EQ(Items(DiffElement::kValue, "behaviours"),
            (std::vector<std::string>{"+We include everyone"}));
  EXPECT_EQ(Items(DiffElement::kAmbition, "actions"),
            (std::vector<std::string>{"+Attract investment"}));
  EXPECT_NE(Find(d_, ChangeKind::kAdded, DiffElement::kAmbition, "", "partnership"), nullptr);
  EXPECT_NE(Changed(DiffElement::kCommittee, "quality", "remit"), nullptr);
  EXPECT_NE(Changed(DiffElement::kPeerGroup, "acute", "size"), nullptr);
  EXPECT_NE(Changed(DiffElement::kPriority, "great_care", "headline_measure"), nullptr);
  for (const char* field : {"definition", "decimals", "source", "baseline note"}) {
    EXPECT_NE(Changed(DiffElement::kMeasure, "falls", field), nullptr) << field;
  }
  // The same baseline shown with more decimals is not a changed baseline.
  EXPECT_EQ(Changed(DiffElement::kMeasure, "falls", "baseline"), nullptr);
  EXPECT_EQ(Items(DiffElement::kMeasure, "also_objectives"), (std::vector<std::string>{"-timely"}));
  EXPECT_NE(Find(d_, ChangeKind::kReworded, DiffElement::kSegment, "healthy", "healthy"), nullptr);
  EXPECT_NE(Changed(DiffElement::kProgramme, "basics", "lead"), nullptr);
  EXPECT_NE(Changed(DiffElement::kEnablingStrategy, "digital", "kind"), nullptr);
  EXPECT_EQ(Items(DiffElement::kUnitObjective, "serves"), (std::vector<std::string>{"+timely"}));
  const Change* moved =
      Find(d_, ChangeKind::kMoved, DiffElement::kUnitObjective, "surg_sepsis", "surg_sepsis");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->before, "Division of Surgery [surgery]");
  EXPECT_EQ(moved->after, "Division of Medicine [medicine]");
  const Change* current = Changed(DiffElement::kRisk, "BAF1", "current");
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->before, "3 × 4 = 12");
  EXPECT_EQ(current->after, "2 × 4 = 8");
  EXPECT_NE(Changed(DiffElement::kRisk, "BAF1", "appetite"), nullptr);
  EXPECT_EQ(Items(DiffElement::kRisk, "gaps"), (std::vector<std::string>{"+No e-rostering"}));
}

TEST_F(StrategyDiffGovernance, TextOutputMatchesGolden) {
  EXPECT_EQ(RenderDiff(d_, a_, b_, "tests/strategy/diff/governance_old.toml",
                       "tests/strategy/diff/governance_new.toml"),
            ReadFile(kDir / "governance.expected.txt"));
}

TEST_F(StrategyDiffGovernance, JsonMarksListItems) {
  auto j = nlohmann::json::parse(DiffToJson(d_, "old.toml", "new.toml"));
  int items = 0;
  for (const auto& c : j["changes"]) {
    if (!c.contains("item")) continue;
    ++items;
    EXPECT_TRUE(c["item"] == "added" || c["item"] == "removed");
  }
  EXPECT_EQ(items, 11);  // the items the new file adds to or removes from lists
}

TEST(StrategyDiff, EveryObjectiveGivenTheSameOwnerIsOneChange) {
  fs::path dir = fs::path(BAROMETER_SOURCE_DIR) / "examples/board-paper-2023-24";
  Strategy a = Load(dir / "objectives-2022-23.toml");
  Strategy b = Load(dir / "strategy.toml");
  StrategyDiff d = DiffStrategies(a, b);
  const Change* c =
      Find(d, ChangeKind::kChanged, DiffElement::kStrategy, "", "", "owner of every objective");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->before, "");
  EXPECT_EQ(c->after, "not named");
  for (const Change& x : d.changes) {
    EXPECT_FALSE(x.element == DiffElement::kObjective && x.field == "owner") << x.new_id;
  }
}

// The Board paper "2023/24 Strategic Objectives" proposes 20 objectives and
// lists last year's 24 in its appendix. Facts below are read from the paper
// (seeds/board-paper-2023-24-strategic-objectives.txt), by wording, so they
// hold whatever ids the example files chose.
TEST(StrategyDiffBoardPaper, RefreshMatchesThePaper) {
  fs::path dir = fs::path(BAROMETER_SOURCE_DIR) / "examples/board-paper-2023-24";
  if (!fs::exists(dir / "objectives-2022-23.toml")) GTEST_SKIP() << "example not present";
  Strategy a = Load(dir / "objectives-2022-23.toml");
  Strategy b = Load(dir / "strategy.toml");
  EXPECT_EQ(a.objectives.size(), 24u);
  EXPECT_EQ(b.objectives.size(), 20u);
  StrategyDiff d = DiffStrategies(a, b);
  auto has = [&](ChangeKind k, std::string_view before, std::string_view after) {
    return std::any_of(d.changes.begin(), d.changes.end(), [&](const Change& c) {
      return c.kind == k && c.element == DiffElement::kObjective && c.before == before &&
             c.after == after;
    });
  };
  EXPECT_TRUE(has(ChangeKind::kReworded, "Develop world class facilities.",
                  "Develop World Class Facilitate"));
  EXPECT_TRUE(has(ChangeKind::kRemoved, "Implementation of Green strategy", ""));
  EXPECT_TRUE(has(ChangeKind::kRemoved, "Develop a strategy for innovation", ""));
  EXPECT_TRUE(has(ChangeKind::kAdded, "", "Lead the CVD Prevention program"));
  EXPECT_TRUE(has(ChangeKind::kAdded, "", "Deliver Operational Excellence"));
  // Kept word for word: no change names them.
  for (const Change& c : d.changes) {
    EXPECT_NE(c.before, "Implementation of the Digital strategy");
    EXPECT_NE(c.before, "Implementation of Financial Strategy");
  }
  // The six goals are the same in both years.
  for (const Change& c : d.changes) EXPECT_NE(c.element, DiffElement::kPriority);
  // Every objective is either kept, reworded, moved, or added/removed.
  int objective_added = 0, objective_removed = 0;
  for (const Change& c : d.changes) {
    if (c.element != DiffElement::kObjective) continue;
    objective_added += c.kind == ChangeKind::kAdded;
    objective_removed += c.kind == ChangeKind::kRemoved;
  }
  EXPECT_EQ(objective_added - objective_removed, 20 - 24);
}

}  // namespace
}  // namespace barometer::strategy
