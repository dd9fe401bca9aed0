// report/internal/tables.h — the tables behind the strategy reports (for
// XLSX/CSV/JSON) and the golden-thread appendix, from the period record.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "measures/record.h"
#include "report/data_table.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

// "measures" (one row per measure: thread, latest, baseline, target, status,
// reason, SPC icons, rank, forecast, owner, commentary — each as the record
// holds it) and "observations" (measure, period, value).
std::vector<DataTable> MeasureTables(const strategy::Strategy& s, const measures::PeriodRecord& r,
                                     const std::vector<const strategy::Measure*>& measures);

// "delivery_targets": the delivery targets of `objectives` as the record
// holds them at its period (objective, target, due, done on, status, why).
DataTable DeliveryTargetTable(const measures::PeriodRecord& r,
                              const std::vector<const strategy::Objective*>& objectives);

// The appendix: priority → objective (owner, committee, roll-up headline) →
// measures, with the programmes and enabling strategies serving each priority
// and the unit objectives (divisions, teams) serving each objective.
std::string GoldenThread(const strategy::Strategy& s, const measures::PeriodRecord& r,
                         const std::function<bool(const strategy::Objective&)>& include);

}  // namespace barometer::report::internal
