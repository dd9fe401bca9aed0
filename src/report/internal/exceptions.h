// report/internal/exceptions.h — the exceptions section that follows page 1
// of the Board report, committee packs and the IPR: every measure of the
// paper whose status in the period record is off track, milestone overdue
// or at risk (and every overdue delivery target of its objectives), by the
// rule printed on the page; for each, what happened, why, the actions with
// owners and due dates, mitigations, the recovery date and the committee's
// assurance level — all from the record's updates and assurance, or "no
// update submitted by <owner>".
#pragma once

#include <string>
#include <vector>

#include "measures/record.h"
#include "report/data_table.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

// `measures` and `objectives` are the paper's scope (objectives: whose
// overdue delivery targets are exceptions too). `cards` says whether the
// paper has a card per measure to link to (#m-ID).
std::string ExceptionsSection(const strategy::Strategy& s, const measures::PeriodRecord& r,
                              const std::vector<const strategy::Measure*>& measures,
                              const std::vector<const strategy::Objective*>& objectives,
                              bool cards);

// "exceptions": one row per exception of ExceptionsSection, in its order
// (kind measure or delivery_target, id, objective, name, status, what
// happened, latest period and value, owner; from the owner's update: whether
// there is one, why — or "no update submitted by <owner>" —, the actions
// with owners, due dates and states, mitigations, recovery date, author; the
// committee's assurance level for the objective). The Board report's and
// committee packs' XLSX, CSV and JSON carry it beside "measures".
DataTable ExceptionsTable(const strategy::Strategy& s, const measures::PeriodRecord& r,
                          const std::vector<const strategy::Measure*>& measures,
                          const std::vector<const strategy::Objective*>& objectives);

// An objective's own record for the period, for its section of a paper: its
// delivery targets (text, due date, status and why) and the owner's update
// (narrative, actions, mitigations, recovery, assurance), or the line saying
// no update was submitted. Empty when the objective has neither delivery
// targets nor an update and has measures to speak for it.
std::string ObjectiveRecord(const strategy::Strategy& s, const measures::PeriodRecord& r,
                            const strategy::Objective& o);

}  // namespace barometer::report::internal
