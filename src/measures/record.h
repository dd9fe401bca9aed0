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

// The updates, assurance, delivery targets, process changes and period
// states the record holds are defined in store.h, which keeps them.

// ---- the record ----

// A dated milestone an objective's director adds during the year (objectives
// set without measures: "specific delivery targets as evidence of delivery"),
// with its status at the record's period.
struct DeliveryTarget {
  std::string objective_id;
  std::string id;
  std::string text;
  Date due;
  bool done = false;  // done by the end of the record's period
  std::optional<Date> done_on;
  // kMilestoneComplete (done by the period's end), kMilestoneOverdue (due by
  // then, not done) or kNotYetDue; `reason` says so in words.
  MeasureStatus status = MeasureStatus::kNotYetDue;
  std::string reason;
  int revision = 1;
  Provenance provenance;
};

// A value revised after the period was locked: both figures are shown.
struct RevisionSinceLock {
  std::string measure_id;
  Period period;
  double value_seen = 0;  // what the Board saw
  double value_now = 0;
  bool added = false;     // no value when locked (value_seen is then 0): loaded since
  Provenance provenance;  // of value_now
};

struct PeriodRecord {
  Period period;
  RecordState state = RecordState::kOpen;
  std::string locked_at;  // ISO 8601 UTC; empty while open
  std::string locked_by;
  int64_t lock_load_id = 0;        // locked: read as of this load
  std::optional<Date> lock_today;  // locked: the evaluation's `today` at lock
  Evaluation evaluation;           // every measure, roll-ups
  std::vector<Update> updates;
  std::vector<CommitteeAssurance> assurance;
  std::vector<DeliveryTarget> delivery_targets;
  std::vector<ProcessChange> process_changes;
  std::vector<RevisionSinceLock> revisions_since_lock;  // locked only; not in the Board's view
  std::string as_of;  // "the latest data are for the period ending 31 December 2023"

  const MeasureEvaluation* Measure(std::string_view measure_id) const;
  const Update* UpdateForMeasure(std::string_view measure_id) const;
  const Update* UpdateForObjective(std::string_view objective_id) const;
  // The committee's assurance level for an objective, when it gave one.
  std::optional<AssuranceLevel> AssuranceFor(std::string_view objective_id) const;
  // The committee's report for a committee, when it gave one.
  const CommitteeAssurance* AssuranceOf(std::string_view committee_id) const;
  // An objective's delivery targets, by due date.
  std::vector<const DeliveryTarget*> DeliveryTargetsOf(std::string_view objective_id) const;
};

// The committee id that stands for the Board itself in updates files, for a
// strategy without committees (or an objective no committee oversees).
inline constexpr std::string_view kBoardCommittee = "board";

// Builds the record of `options.period` from the store: reads the data,
// evaluates once, and adds the period's updates, assurance, delivery targets
// and process changes. A locked period is read back as it was locked (every
// table as of its lock load, with the `today` of the lock), so its record is
// the Board's, byte for byte; values revised since are listed in
// revisions_since_lock. Without options.period: the latest quarter with
// values, else with updates, else the quarter holding `today`.
Result<PeriodRecord> BuildRecord(Store& store, const strategy::Strategy& strategy,
                                 const EvaluateOptions& options);

// The executive owner of a measure or objective as the record shows it: the
// role's title (and holder), or "not named in the strategy" — never blank.
std::string OwnerName(const strategy::Strategy& s, std::string_view role_id);

}  // namespace barometer::measures
