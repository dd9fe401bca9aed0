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

// A key message for the front page of every paper, drawn from the record
// (docs/period-record.md, "Key messages"): an exception, a committee's
// assurance that is limited, partial or changed, or a special cause, in words
// that name the measure and its direction; or the key message an owner wrote
// in their update, which replaces the drawn one for that measure or
// objective. Held in order of importance; a paper shows its first five.
enum class KeyMessageSource { kUpdate, kException, kAssurance, kSpecialCause };
std::string_view KeyMessageSourceName(KeyMessageSource s);  // "update", "exception", ...

struct KeyMessage {
  KeyMessageSource source = KeyMessageSource::kException;
  std::string measure_id;    // empty for an objective's message
  std::string objective_id;  // the measure's objective, or the objective
  std::string priority_id;
  std::string committee_id;  // who oversees it (empty: the Board)
  std::string text;          // one sentence, ending with a full stop
};

// An objective's assurance level in an earlier period, to tell a change.
struct EarlierAssurance {
  std::string objective_id;
  Period period;
  AssuranceLevel level = AssuranceLevel::kReasonable;
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
  // Each objective's latest assurance level before this period, if any.
  std::vector<EarlierAssurance> earlier_assurance;
  std::vector<KeyMessage> key_messages;  // DrawKeyMessages, most important first

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

// The key messages of a record (everything but key_messages filled in), most
// important first: (1) every exception (off track, milestone overdue, at
// risk; the worst first) and every overdue delivery target; (2) the key
// message of any other update that has one; (3) an objective's assurance
// that changed since the earlier period or is partial or limited; (4) a
// special cause (concern, then improvement) on a measure not already named.
// An update's key message replaces the drawn message of its measure or
// objective. Pure: BuildRecord calls it; tests may call it on a made record.
std::vector<KeyMessage> DrawKeyMessages(const strategy::Strategy& s, const PeriodRecord& r);

// "no update submitted by Chief Nurse (A. Smith)", or, when the strategy
// names no owner, "no update submitted (the owner is not named in the
// strategy)": what every output says of an exception without an update.
std::string NoUpdateText(std::string_view owner_role, std::string_view owner);

// The executive owner of a measure or objective as the record shows it: the
// role's title (and holder), or "not named in the strategy" — never blank.
std::string OwnerName(const strategy::Strategy& s, std::string_view role_id);

}  // namespace barometer::measures
