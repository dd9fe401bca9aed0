// The period record: updates and assurance ingested from Markdown (and bad
// files rejected whole), SPC rebased only at recorded process changes
// (Making Data Count), a locked period read back exactly as the Board saw it,
// owners never blank, delivery targets for objectives without measures, and
// the schema migration that adds the record's tables to an older store.
#include "measures/record.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "measures/ingest.h"
#include "measures/internal/schema.h"
#include "measures/render.h"
#include "strategy/load.h"

namespace barometer::measures {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStrategy = R"toml(
format = 1

[organisation]
name = "Test Trust"
kind = "trust"
strategy = "Test Strategy"
ods_code = "RXX"

[organisation.period]
start = 2021-04-01
end = 2024-03-31

[[committees]]
id = "quality"
name = "Quality Committee"
chair = "chair_quality"

[[committees]]
id = "people"
name = "People Committee"

[[roles]]
id = "chief_nurse"
title = "Chief Nurse"
person = "A. Nurse"

[[roles]]
id = "chair_quality"
title = "Non-executive Director"

[[roles]]
id = "people_director"
title = "Director of People"

[[priorities]]
id = "care"
name = "Great Care"
committee = "quality"
lead = "chief_nurse"

[[priorities]]
id = "people"
name = "Great People"
committee = "people"

[[objectives]]
id = "safe"
priority = "care"
name = "Safe care"
owner = "chief_nurse"

[[objectives]]
id = "staff"
priority = "people"
name = "Great staff experience"
owner = "unnamed"

[[objectives]]
id = "facilities"
priority = "care"
name = "World class facilities"
owner = "chief_nurse"

[[measures]]
id = "falls"
objective = "safe"
name = "Falls"
unit = "count"
direction = "lower"
frequency = "monthly"

[[measures]]
id = "turnover"
objective = "staff"
name = "Staff turnover"
unit = "percent"
direction = "lower"
frequency = "monthly"

[[measures]]
id = "headline"
priority = "care"
name = "Headline"
unit = "score"
direction = "higher"
frequency = "monthly"
)toml";

strategy::Strategy Parse() {
  strategy::Loaded loaded = strategy::ParseStrategy(kStrategy, "strategy.toml");
  EXPECT_TRUE(loaded.ok()) << strategy::FormatValidation(loaded);
  return loaded.strategy;
}

IngestOptions Options() {
  IngestOptions o;
  o.loaded_by = "tester";
  o.loaded_at = "2024-01-10T09:00:00Z";
  return o;
}

constexpr const char* kGoodUpdates = R"md(# Updates for 2023-24 Q3 (synthetic, for tests)

## measure falls 2023-24 Q3
Author: chief_nurse
Assurance: partial
Recovery: 2024-06-30
Key message: Falls are above the limit; a new pathway starts in January.

Falls rose on two wards after the winter surge.

### Actions
- Falls huddles on every ward | owner: chief_nurse | due: 2024-02-29 | state: open
- Review bed rails | owner: unnamed | due: 2023-12-31 | state: done

### Mitigations
- Extra night-time staffing on the two wards

## objective facilities 2023-24 Q3
Author: chief_nurse
Assurance: reasonable

Business case for the new theatres went to the Board in December.

## committee quality 2023-24 Q3
### Assurance
- safe: partial | falls above the limit
- facilities: substantial
### Alert
- Falls rising on two wards
### Advise
- New falls pathway from January
### Assure
- Pressure ulcers within limits

## targets facilities
- fac1: Business case approved | due: 2023-12-31 | done: 2023-12-14
- fac2: Theatres open | due: 2024-03-31

## process change falls 2023-01-01
New falls pathway from January 2023.
)md";

Result<IngestReport> IngestText(Store& store, const strategy::Strategy& s, std::string_view text,
                                std::string_view file = "updates.md") {
  return IngestUpdatesMarkdown(store, s, text, file, Options());
}

// Monthly values from `first` for `id`, written as one load.
void LoadValues(Store& store, const std::string& id, std::string_view first,
                const std::vector<double>& values, const std::string& file = "values.csv") {
  Transaction tx(store);
  ASSERT_TRUE(tx.Begin().ok());
  auto load = store.AddLoad({LoadKind::kValues, file, "", "2024-01-10T09:00:00Z", "tester"});
  ASSERT_TRUE(load.ok());
  Period p = *Period::Parse(first, PeriodKind::kMonth);
  int line = 2;
  for (double v : values) {
    Observation o;
    o.measure_id = id;
    o.period = p;
    o.value = v;
    ASSERT_TRUE(store.PutObservation(o, *load, line++).ok());
    Date next = p.start.AddMonths(1);
    p = Period::Month(next.year, next.month);
  }
  ASSERT_TRUE(tx.Commit().ok());
}

void Lock(Store& store, std::string_view period) {
  PeriodState s;
  s.period = *Period::Parse(period);
  s.state = RecordState::kLocked;
  s.changed_at = "2024-01-20T10:00:00Z";
  s.changed_by = "board secretary";
  s.lock_load_id = *store.LastLoadId();
  s.lock_today = Date{2024, 1, 20};
  Transaction tx(store);
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(store.PutPeriodState(s).ok());
  ASSERT_TRUE(tx.Commit().ok());
}

PeriodRecord Build(Store& store, const strategy::Strategy& s, std::string_view period) {
  EvaluateOptions o;
  o.period = *Period::Parse(period);
  o.today = Date{2024, 1, 20};
  auto r = BuildRecord(store, s, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : PeriodRecord{};
}

// ---- ingest ----

TEST(UpdatesIngestTest, AGoodFileIsStoredWithEveryPart) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  auto r = IngestText(*store, s, kGoodUpdates);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->ok()) << (r->problems.empty() ? "" : r->problems[0].ToString());
  EXPECT_TRUE(r->written);
  EXPECT_EQ(r->rows, 5);
  EXPECT_EQ(r->inserted, 6);  // 2 updates, 1 committee report, 2 targets, 1 change

  auto updates = store->Updates();
  ASSERT_TRUE(updates.ok());
  ASSERT_EQ(updates->size(), 2u);
  const Update& falls = (*updates)[0].measure_id == "falls" ? (*updates)[0] : (*updates)[1];
  EXPECT_EQ(falls.author_role, "chief_nurse");
  EXPECT_EQ(falls.proposed_assurance, AssuranceLevel::kPartial);
  EXPECT_EQ(falls.recovery, (Date{2024, 6, 30}));
  EXPECT_EQ(falls.key_message, "Falls are above the limit; a new pathway starts in January.");
  EXPECT_EQ(falls.narrative, "Falls rose on two wards after the winter surge.");
  ASSERT_EQ(falls.actions.size(), 2u);
  EXPECT_EQ(falls.actions[0].text, "Falls huddles on every ward");
  EXPECT_EQ(falls.actions[0].owner_role, "chief_nurse");
  EXPECT_EQ(falls.actions[0].due, (Date{2024, 2, 29}));
  EXPECT_EQ(falls.actions[1].state, ActionState::kDone);
  ASSERT_EQ(falls.mitigations.size(), 1u);
  EXPECT_EQ(falls.provenance.source_line, 3);

  auto assurance = store->Assurance();
  ASSERT_TRUE(assurance.ok());
  ASSERT_EQ(assurance->size(), 1u);
  const CommitteeAssurance& q = (*assurance)[0];
  ASSERT_EQ(q.objectives.size(), 2u);
  EXPECT_EQ(q.objectives[0].objective_id, "safe");
  EXPECT_EQ(q.objectives[0].level, AssuranceLevel::kPartial);
  EXPECT_EQ(q.objectives[0].comment, "falls above the limit");
  EXPECT_EQ(q.alert, std::vector<std::string>{"Falls rising on two wards"});
  EXPECT_EQ(q.advise.size(), 1u);
  EXPECT_EQ(q.assure.size(), 1u);

  auto targets = store->DeliveryTargets();
  ASSERT_TRUE(targets.ok());
  ASSERT_EQ(targets->size(), 2u);
  EXPECT_EQ((*targets)[0].id, "fac1");
  EXPECT_EQ((*targets)[0].done_on, (Date{2023, 12, 14}));
  EXPECT_FALSE((*targets)[1].done);

  auto changes = store->ProcessChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].date, (Date{2023, 1, 1}));
  EXPECT_EQ((*changes)[0].description, "New falls pathway from January 2023.");
}

TEST(UpdatesIngestTest, ReloadingIsUnchangedAndAChangeIsARevisionKeptWithTheEarlierOne) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(IngestText(*store, s, kGoodUpdates)->written);
  auto again = IngestText(*store, s, kGoodUpdates);
  EXPECT_EQ(again->unchanged, 6);
  EXPECT_EQ(again->inserted + again->revised, 0);
  std::string changed = kGoodUpdates;
  changed.replace(changed.find("Assurance: partial"), 18, "Assurance: limited");
  auto revised = IngestText(*store, s, changed);
  EXPECT_EQ(revised->revised, 1);
  auto now = store->Updates();
  auto before = store->Updates(/*as_of_load=*/1);
  ASSERT_TRUE(now.ok() && before.ok());
  auto falls = [](const std::vector<Update>& us) {
    for (const Update& u : us)
      if (u.measure_id == "falls") return u;
    return Update{};
  };
  EXPECT_EQ(falls(*now).proposed_assurance, AssuranceLevel::kLimited);
  EXPECT_EQ(falls(*now).revision, 2);
  EXPECT_EQ(falls(*now).actions.size(), 2u);  // children copied with the revision
  EXPECT_EQ(falls(*before).proposed_assurance, AssuranceLevel::kPartial);
}

TEST(UpdatesIngestTest, ABadFileIsRejectedWholeWithEveryProblemByLine) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  constexpr const char* kBad = R"md(# bad
## measure fals 2023-24 Q3
Author: chief_nurse
Narrative.

## objective nowhere 2023-24 Q3
Text.

## measure turnover 2023-24 Q3
Assurance: moderate
Recovery: 2024-02-30
### Actions
- Exit interviews | owner: cfo | due: 2024-01-31
- Stay interviews | owner: people_director | due: 2024-13-01 | state: pending

## committee finance 2023-24 Q3
### Assure
- Fine

## committee quality 2023-24 Q3
### Assurance
- staff: reasonable

## targets facilities
- fac1: Business case approved | due: 2023-02-29

## process change falls 2023-04-31
Changed.

## measure falls 2023-24 Q9
Text.
)md";
  auto r = IngestText(*store, s, kBad, "bad.md");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->written);
  std::vector<std::string> got;
  for (const RowProblem& p : r->problems) got.push_back(p.ToString());
  auto has = [&](int line, std::string_view text) {
    for (const RowProblem& p : r->problems)
      if (p.line == line && p.reason.find(text) != std::string::npos) return true;
    ADD_FAILURE() << "no problem on line " << line << " containing `" << text << "` in:\n"
                  << ::testing::PrintToString(got);
    return false;
  };
  has(2, "unknown measure `fals`; did you mean `falls`?");
  has(6, "unknown objective `nowhere`");
  has(10, "unknown assurance level `moderate`");
  has(11, "recovery date `2024-02-30` is not a real date");
  has(13, "owner `cfo` is not one of the strategy's roles");
  has(14, "due date `2024-13-01` is not a real date");
  has(14, "unknown action state `pending`");
  has(16, "unknown committee `finance`");
  has(22, "committee `quality` does not oversee objective `staff` (`people` does)");
  has(25, "due date `2023-02-29` is not a real date");
  has(27, "process change date `2023-04-31` is not a real date");
  has(30, "`2023-24 Q9` is not a period");
  EXPECT_EQ(r->problem_count, 12) << ::testing::PrintToString(got);
  for (const char* table : {"loads", "updates", "update_actions", "committee_reports",
                            "delivery_targets", "process_changes"}) {
    EXPECT_EQ(*store->CountRows(table), 0) << table;
  }
}

TEST(UpdatesIngestTest, ALockedPeriodsUpdatesAreRefused) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  Lock(*store, "2023-24 Q3");
  auto r = IngestText(*store, s, kGoodUpdates);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->written);
  ASSERT_FALSE(r->problems.empty());
  EXPECT_EQ(r->problems[0].line, 3);
  EXPECT_NE(r->problems[0].reason.find("2023-24 Q3 is locked"), std::string::npos)
      << r->problems[0].reason;
  EXPECT_EQ(*store->CountRows("updates"), 0);
}

// ---- SPC rebasing (Making Data Count) ----

class RebaseTest : public ::testing::Test {
 protected:
  void SetUp() override { strategy_ = Parse(); }

  // `n` monthly falls values from April 2021.
  void Series(const std::vector<double>& values) {
    Period p = Period::Month(2021, 4);
    for (double v : values) {
      data_.observations.push_back({"falls", p, v, {}, {}, {}, {}, ""});
      Date next = p.start.AddMonths(1);
      p = Period::Month(next.year, next.month);
    }
  }
  void Change(Date d, std::string what) {
    ProcessChange c;
    c.measure_id = "falls";
    c.date = d;
    c.description = std::move(what);
    data_.process_changes.push_back(c);
  }
  MeasureEvaluation Falls(std::string_view period) {
    EvaluateOptions o;
    o.period = *Period::Parse(period);
    auto e = Evaluate(strategy_, data_, o);
    EXPECT_TRUE(e.ok());
    return e->measures[0];
  }

  strategy::Strategy strategy_;
  EvaluationData data_;
};

// 20 values around 10, then 20 around 20 (a sustained shift).
std::vector<double> ShiftedSeries() {
  std::vector<double> v;
  for (int i = 0; i < 40; ++i) v.push_back((i < 20 ? 10.0 : 20.0) + (i % 2 == 0 ? 0.5 : -0.5));
  return v;
}

TEST_F(RebaseTest, WithoutAProcessChangeTheLimitsNeverMove) {
  Series(ShiftedSeries());
  MeasureEvaluation m = Falls("2024-07");  // all 40 months (April 2021 to July 2024)
  ASSERT_TRUE(m.spc.has_value()) << m.spc_note;
  ASSERT_EQ(m.spc->points.size(), 40u);
  EXPECT_EQ(m.spc->groups.size(), 1u);
  for (const stats::SpcPoint& p : m.spc->points) {
    EXPECT_DOUBLE_EQ(p.mean, m.spc->points[0].mean);
    EXPECT_DOUBLE_EQ(p.upl, m.spc->points[0].upl);
  }
  EXPECT_DOUBLE_EQ(m.spc->points[0].mean, 15.0);
  // The shift is a special cause against the unmoved limits, not a new phase.
  EXPECT_NE(m.spc->points.back().special_cause, stats::SpecialCause::kNone);
  EXPECT_TRUE(m.spc_rebases.empty());
  EXPECT_EQ(m.spc_phase_points, 40);
  EXPECT_FALSE(m.spc_provisional_limits);
}

TEST_F(RebaseTest, AProcessChangeRecalculatesTheMeanAndLimitsFromItsFirstValue) {
  Series(ShiftedSeries());
  // Dated mid-month: the new phase starts with the next month's value
  // (December 2022 is the 21st value).
  Change(Date{2022, 11, 15}, "new falls pathway");
  MeasureEvaluation m = Falls("2024-07");
  ASSERT_TRUE(m.spc.has_value()) << m.spc_note;
  ASSERT_EQ(m.spc->groups.size(), 2u);
  ASSERT_EQ(m.spc_rebases.size(), 1u);
  EXPECT_EQ(m.spc_rebases[0].starts, (Date{2022, 12, 1}));
  EXPECT_EQ(m.spc_rebases[0].source, RebaseSource::kProcessChange);
  EXPECT_EQ(m.spc_rebases[0].description, "new falls pathway");
  EXPECT_EQ(m.spc_rebases[0].points, 20);
  // Phase 2 by hand (MDC XmR): values 20.5, 19.5, ... mean 20; moving ranges
  // within the phase only (the jump from phase 1 is not one), all 1, so
  // UPL = 20 + 2.66 × 1 and LPL = 20 − 2.66.
  const stats::SpcPoint& last = m.spc->points.back();
  EXPECT_EQ(last.rebase_group, 1);
  EXPECT_DOUBLE_EQ(last.mean, 20.0);
  EXPECT_NEAR(last.upl, 22.66, 1e-9);
  EXPECT_NEAR(last.lpl, 17.34, 1e-9);
  const stats::SpcPoint& first = m.spc->points.front();
  EXPECT_DOUBLE_EQ(first.mean, 10.0);
  EXPECT_NEAR(first.upl, 12.66, 1e-9);
  // Both phases are common cause within their own limits.
  for (const stats::SpcPoint& p : m.spc->points)
    EXPECT_EQ(p.special_cause, stats::SpecialCause::kNone);
  EXPECT_EQ(m.spc_phase_points, 20);
  EXPECT_FALSE(m.spc_provisional_limits);
}

TEST_F(RebaseTest, FewerThanFifteenValuesSinceTheChangeAreProvisionalLimits) {
  std::vector<double> v = ShiftedSeries();
  v.resize(34);  // 14 values after the change
  Series(v);
  Change(Date{2022, 12, 1}, "new pathway");
  MeasureEvaluation m = Falls("2024-01");
  ASSERT_TRUE(m.spc.has_value());
  EXPECT_EQ(m.spc_phase_points, 14);
  EXPECT_TRUE(m.spc_provisional_limits);
  EXPECT_NE(m.spc_note.find("provisional limits: 14 values since the rebase on 1 December 2022"),
            std::string::npos)
      << m.spc_note;
  // One more value: 15, no longer provisional.
  Series({});
  data_.observations.push_back({"falls", Period::Month(2024, 2), 20.5, {}, {}, {}, {}, ""});
  MeasureEvaluation later = Falls("2024-02");
  EXPECT_EQ(later.spc_phase_points, 15);
  EXPECT_FALSE(later.spc_provisional_limits);
}

TEST_F(RebaseTest, AShortSeriesWithoutRebaseIsProvisionalToo) {
  Series(std::vector<double>(12, 5.0));
  MeasureEvaluation m = Falls("2022-03");
  ASSERT_TRUE(m.spc.has_value()) << m.spc_note;
  EXPECT_EQ(m.spc_phase_points, 12);
  EXPECT_TRUE(m.spc_provisional_limits);
}

TEST_F(RebaseTest, AChangeAfterThePeriodIsNotAppliedYet) {
  Series(ShiftedSeries());
  Change(Date{2024, 6, 1}, "later");
  MeasureEvaluation m = Falls("2023-12");
  ASSERT_TRUE(m.spc.has_value());
  EXPECT_EQ(m.spc->groups.size(), 1u);
  EXPECT_TRUE(m.spc_rebases.empty());
}

// ---- the record ----

TEST(RecordTest, HoldsThePeriodsUpdatesAssuranceTargetsAndOwners) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  LoadValues(*store, "falls", "2023-04", {5, 6, 7, 8, 9, 10, 11, 12, 13});
  ASSERT_TRUE(IngestText(*store, s, kGoodUpdates)->written);
  PeriodRecord r = Build(*store, s, "2023-24 Q3");
  EXPECT_EQ(r.state, RecordState::kOpen);
  EXPECT_EQ(r.updates.size(), 2u);
  ASSERT_NE(r.UpdateForMeasure("falls"), nullptr);
  ASSERT_NE(r.UpdateForObjective("facilities"), nullptr);
  EXPECT_EQ(r.AssuranceFor("safe"), AssuranceLevel::kPartial);
  ASSERT_NE(r.AssuranceOf("quality"), nullptr);
  EXPECT_EQ(r.process_changes.size(), 1u);
  auto targets = r.DeliveryTargetsOf("facilities");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0]->status, MeasureStatus::kMilestoneComplete);
  EXPECT_EQ(targets[0]->reason, "done on 14 December 2023");
  EXPECT_EQ(targets[1]->status, MeasureStatus::kNotYetDue);
  // At Q4 the second is overdue; at Q2 the first was not yet done.
  PeriodRecord q4 = Build(*store, s, "2023-24 Q4");
  EXPECT_EQ(q4.DeliveryTargetsOf("facilities")[1]->status, MeasureStatus::kMilestoneOverdue);
  EXPECT_TRUE(q4.updates.empty());  // updates belong to their own period
  PeriodRecord q2 = Build(*store, s, "2023-24 Q2");
  EXPECT_EQ(q2.DeliveryTargetsOf("facilities")[0]->status, MeasureStatus::kNotYetDue);
  // Owners: the objective's owner with the holder's name; the document's
  // "unnamed"; the priority's lead for a priority-level measure.
  EXPECT_EQ(r.Measure("falls")->owner, "Chief Nurse (A. Nurse)");
  EXPECT_EQ(r.Measure("turnover")->owner, "not named in the strategy");
  EXPECT_EQ(r.Measure("headline")->owner, "Chief Nurse (A. Nurse)");
  for (const RollUp& o : r.evaluation.objectives) EXPECT_FALSE(o.owner.empty()) << o.id;
  EXPECT_EQ(r.evaluation.committees[1].owner, "not named in the strategy");
  EXPECT_EQ(r.evaluation.committees[0].owner, "Non-executive Director");
  std::string json = RecordJson(r, s);
  EXPECT_NE(json.find("\"proposed_assurance\": \"partial\""), std::string::npos);
  EXPECT_NE(json.find("\"owner\": \"not named in the strategy\""), std::string::npos);
}

TEST(RecordTest, WithoutValuesThePeriodComesFromTheUpdates) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(IngestText(*store, s, kGoodUpdates)->written);
  auto r = BuildRecord(*store, s, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->period.ToString(), "2023-24 Q3");
  EXPECT_TRUE(r->evaluation.period_defaulted);
  EXPECT_EQ(r->updates.size(), 2u);
}

TEST(RecordTest, ALockedPeriodIsReadBackAsTheBoardSawIt) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  LoadValues(*store, "falls", "2023-04", {5, 6, 7, 8, 9, 10, 11, 12, 13});
  ASSERT_TRUE(IngestText(*store, s, kGoodUpdates)->written);
  Lock(*store, "2023-24 Q3");
  PeriodRecord before = Build(*store, s, "2023-24 Q3");
  std::string json = RecordJson(before, s);
  std::string csv = RecordCsv(before);
  EXPECT_EQ(before.state, RecordState::kLocked);
  EXPECT_TRUE(before.revisions_since_lock.empty());

  // December revised from 13 to 42, January added, a process change and a
  // changed delivery target recorded after the lock.
  LoadValues(*store, "falls", "2023-12", {42, 14}, "revised.csv");
  ASSERT_TRUE(IngestText(*store, s,
                         "## targets facilities\n- fac2: Theatres open | due: 2023-11-30\n\n"
                         "## process change falls 2023-10-01\nA second pathway.\n")
                  ->written);
  PeriodRecord after = Build(*store, s, "2023-24 Q3");
  EXPECT_EQ(RecordJson(after, s), json);
  EXPECT_EQ(RecordCsv(after), csv);
  EXPECT_EQ(after.Measure("falls")->latest->value, 13);
  ASSERT_EQ(after.revisions_since_lock.size(), 1u);  // January is after the period
  EXPECT_EQ(after.revisions_since_lock[0].measure_id, "falls");
  EXPECT_EQ(after.revisions_since_lock[0].period.ToString(), "2023-12");
  EXPECT_EQ(after.revisions_since_lock[0].value_seen, 13);
  EXPECT_EQ(after.revisions_since_lock[0].value_now, 42);
  EXPECT_EQ(after.revisions_since_lock[0].provenance.source_file, "revised.csv");

  // The next, open, period shows the revision.
  PeriodRecord next = Build(*store, s, "2023-24 Q4");
  EXPECT_EQ(next.state, RecordState::kOpen);
  EXPECT_EQ(next.Measure("falls")->series[8].value, 42);
  EXPECT_EQ(next.DeliveryTargetsOf("facilities")[0]->id, "fac2");  // due earlier now
}

TEST(RecordTest, ABenchmarkReplacedAfterTheLockIsKeptForTheLockedRecord) {
  strategy::Strategy s = Parse();
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  auto put = [&](double value) {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load =
        store->AddLoad({LoadKind::kBenchmark, "peers.csv", "", "2024-01-10T09:00:00Z", "t"});
    BenchmarkRow row{"falls", Period::Month(2023, 12), "RXX", "Test Trust", "acute", value};
    ASSERT_TRUE(store->PutBenchmark(row, *load, 2).ok());
    ASSERT_TRUE(tx.Commit().ok());
  };
  put(3);
  Lock(*store, "2023-24 Q3");
  const int64_t lock_load = *store->LastLoadId();
  put(4);
  auto then = store->Benchmarks("falls", lock_load);
  auto now = store->Benchmarks("falls");
  ASSERT_TRUE(then.ok() && now.ok());
  ASSERT_EQ(then->size(), 1u);
  EXPECT_EQ((*then)[0].value, 3);
  EXPECT_EQ((*now)[0].value, 4);
  EXPECT_EQ(*store->CountRows("benchmark_revisions"), 1);
}

// ---- the migration ----

TEST(RecordStoreTest, AVersion1StoreIsMigratedKeepingItsRows) {
  fs::path path = fs::temp_directory_path() / ("barometer-record-v1-" + std::to_string(getpid()));
  fs::remove(path);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string sql = std::string(internal::Migrations()[0].sql) +
                      "INSERT INTO loads VALUES (1, 'values', 'v.csv', '', "
                      "'2024-01-01T00:00:00Z', 'old', 1);"
                      "INSERT INTO observations VALUES ('falls', '2023-12', 'month', "
                      "'2023-12-01', '2023-12-31', 1, 7, NULL, NULL, NULL, NULL, '', 1, 2);"
                      "PRAGMA user_version = 1;" +
                      "PRAGMA application_id = " + std::to_string(internal::kApplicationId) + ";";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = Store::Open(path.string(), Store::kMustExist);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->schema_version(), Store::LatestSchemaVersion());
  auto loads = store->Loads();
  ASSERT_TRUE(loads.ok());
  ASSERT_EQ(loads->size(), 1u);
  EXPECT_EQ((*loads)[0].info.loaded_by, "old");
  EXPECT_EQ(store->CurrentObservations()->size(), 1u);
  // The rebuilt loads table takes the new kind, and foreign keys still hold.
  strategy::Strategy s = Parse();
  auto r = IngestText(*store, s, kGoodUpdates);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->written);
  EXPECT_EQ(r->load_id, 2);
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace barometer::measures
