// measures/render.h — an evaluation, and a measure's history, as JSON, CSV
// and a terminal table (the `evaluate` and `history` commands' --format).
// Each returns text; nothing here writes anywhere. docs/evaluation.md lists
// the CSV columns and the JSON fields.
#pragma once

#include <string>
#include <vector>

#include "measures/evaluate.h"
#include "measures/record.h"
#include "measures/store.h"
#include "strategy/strategy.h"

namespace barometer::measures {

// Everything in the evaluation, roll-ups included, as pretty-printed JSON.
std::string EvaluationJson(const Evaluation& e, const strategy::Strategy& s);

// One row per measure: priority_id, objective_id, committee_id, measure_id,
// name, unit, period, value, baseline, target, target_for_period,
// target_due, status, variation_icon, assurance_icon, rank, peers, quartile,
// forecast, forecast_lower, forecast_upper, forecast_probability,
// forecast_status, reason.
std::string EvaluationCsv(const Evaluation& e);

struct TableStyle {
  bool colour = false;  // ANSI colour on the status words (never colour alone)
  bool reasons = true;  // each measure's reason on the line below it
  int width = 110;      // wrap reasons to this many columns
};

// Grouped by priority and objective, with the roll-ups' headlines.
std::string EvaluationTable(const Evaluation& e, const strategy::Strategy& s,
                            const TableStyle& style);

// The period record: everything EvaluationJson writes, each measure's and
// roll-up's owner, SPC rebases and provisional limits, and the record's
// state, updates, committees' assurance, delivery targets and process
// changes. Not revisions_since_lock: a locked record's JSON stays what the
// Board saw, byte for byte (RevisionsSinceLockJson lists them).
std::string RecordJson(const PeriodRecord& r, const strategy::Strategy& s);
std::string RevisionsSinceLockJson(const PeriodRecord& r);
// EvaluationCsv's columns, then owner, record_state, proposed_assurance,
// recovery, open_actions, key_message, spc_rebased_from,
// spc_provisional_limits.
std::string RecordCsv(const PeriodRecord& r);
// EvaluationTable with owners, delivery targets, the record's state, the
// period's updates and committees' assurance, and values revised since lock.
std::string RecordTable(const PeriodRecord& r, const strategy::Strategy& s,
                        const TableStyle& style);

// A measure's revisions (Store::History), oldest first.
std::string HistoryTable(const std::vector<StoredObservation>& rows, bool colour);
std::string HistoryCsv(const std::vector<StoredObservation>& rows);
std::string HistoryJson(const std::vector<StoredObservation>& rows);

}  // namespace barometer::measures
