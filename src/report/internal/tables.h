// report/internal/tables.h — the tables behind the strategy reports (for
// XLSX/CSV/JSON) and the golden-thread appendix.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "report/data_table.h"
#include "report/model.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

// "measures" (one row per measure: thread, latest, target, status, SPC,
// rank, forecast, commentary) and "observations" (measure, period, value).
std::vector<DataTable> MeasureTables(const strategy::Strategy& s, const Evaluation& e,
                                     const std::vector<const strategy::Measure*>& measures);

// The appendix: priority → objective (owner, committee, status) → measures,
// with the programmes and enabling strategies serving each priority and the
// unit objectives (divisions, teams) serving each objective.
std::string GoldenThread(const strategy::Strategy& s, const Evaluation& e,
                         const std::function<bool(const strategy::Objective&)>& include);

}  // namespace barometer::report::internal
