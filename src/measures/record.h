// measures/record.h — the period record: for a strategy and a reporting
// period, the one object every output renders (evaluate, every report, and
// later the web application). It holds each measure's evaluation (value,
// target, baseline, status and reason, SPC, rank, forecast), the roll-ups,
// the owners' updates and the committees' assurance for the period, and the
// record's state (open, then locked once the Board has seen it).
//
//   Result<PeriodRecord> r = BuildRecord(store, strategy, options);
//   if (!r.ok()) return r.status();
//   for (const MeasureEvaluation& m : r->evaluation.measures) ...
//   const Update* u = r->UpdateForMeasure("staff_turnover");
//
// Outputs decide nothing: a figure, a status, a reason, an owner's name or an
// assurance level that appears in any output comes from this record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "measures/evaluate.h"
#include "measures/store.h"
#include "strategy/strategy.h"

namespace barometer::measures {

// ---- updates from owners, assurance from committees ----

// As NHS committees grade it: substantial, reasonable, partial, limited.
enum class AssuranceLevel { kSubstantial, kReasonable, kPartial, kLimited };
std::string_view AssuranceLevelName(AssuranceLevel a);   // "substantial", ...
std::string_view AssuranceLevelLabel(AssuranceLevel a);  // "Substantial", ...
std::optional<AssuranceLevel> ParseAssuranceLevel(std::string_view s);

enum class ActionState { kOpen, kDone, kOverdue, kCancelled };
std::string_view ActionStateName(ActionState s);  // "open", "done", ...
std::optional<ActionState> ParseActionState(std::string_view s);

struct Action {
  std::string text;
  std::string owner_role;  // a role id of the strategy
  Date due;
  ActionState state = ActionState::kOpen;
};

// An owner's update for one measure or objective in one period.
struct Update {
  std::string measure_id;  // exactly one of measure_id / objective_id is set
  std::string objective_id;
  Period period;
  std::string author_role;  // the role that submitted it (a role id)
  std::string narrative;
  std::vector<Action> actions;
  std::optional<Date> recovery;  // expected back on trajectory by
  std::vector<std::string> mitigations;
  std::optional<AssuranceLevel> proposed_assurance;
  std::string key_message;  // overrides the drawn key message, when given
  int revision = 1;
  Provenance provenance;
};

// A dated milestone an objective's director adds during the year (objectives
// set without measures: "specific delivery targets as evidence of delivery").
struct DeliveryTarget {
  std::string objective_id;
  std::string id;
  std::string text;
  Date due;
  bool done = false;
  std::optional<Date> done_on;
};

struct ObjectiveAssurance {
  std::string objective_id;
  AssuranceLevel level = AssuranceLevel::kReasonable;
  std::string comment;
};

// A committee's assurance for a period and its chair's report to the Board.
struct CommitteeAssurance {
  std::string committee_id;
  Period period;
  std::vector<ObjectiveAssurance> objectives;
  std::vector<std::string> alert;  // the chair's report: alert / advise / assure
  std::vector<std::string> advise;
  std::vector<std::string> assure;
  int revision = 1;
  Provenance provenance;
};

// A process change recorded with a measure's data: SPC limits are
// recalculated from the first period on or after `date`.
struct ProcessChange {
  std::string measure_id;
  Date date;
  std::string description;  // "new pathway from this period"
};

// ---- the record ----

enum class RecordState { kOpen, kLocked };
std::string_view RecordStateName(RecordState s);  // "open", "locked"

// A value revised after the period was locked: both figures are shown.
struct RevisionSinceLock {
  std::string measure_id;
  Period period;
  double value_seen = 0;  // what the Board saw
  double value_now = 0;
};

struct PeriodRecord {
  Period period;
  RecordState state = RecordState::kOpen;
  std::string locked_at;  // ISO 8601 UTC; empty while open
  std::string locked_by;
  Evaluation evaluation;  // every measure, roll-ups
  std::vector<Update> updates;
  std::vector<CommitteeAssurance> assurance;
  std::vector<DeliveryTarget> delivery_targets;
  std::vector<ProcessChange> process_changes;
  std::vector<RevisionSinceLock> revisions_since_lock;
  std::string as_of;  // "the latest data are for the period ending 31 December 2023"

  const MeasureEvaluation* Measure(std::string_view measure_id) const;
  const Update* UpdateForMeasure(std::string_view measure_id) const;
  const Update* UpdateForObjective(std::string_view objective_id) const;
  // The committee's assurance level for an objective, when it gave one.
  std::optional<AssuranceLevel> AssuranceFor(std::string_view objective_id) const;
};

// Builds the record of `options.period` from the store: reads the data,
// evaluates once, and adds the period's updates, assurance, delivery targets
// and process changes. A locked period is read back as it was locked.
Result<PeriodRecord> BuildRecord(Store& store, const strategy::Strategy& strategy,
                                 const EvaluateOptions& options);

// The executive owner of a measure or objective as the record shows it: the
// role's title (and holder), or "not named in the strategy" — never blank.
std::string OwnerName(const strategy::Strategy& s, std::string_view role_id);

}  // namespace barometer::measures
