// report/from_measures.h — the report view of the measures part's
// evaluation: statuses, series, SPC, peer position (with every peer's value
// from the benchmarks, for the strip plot), the nearest forecast and the
// owner's commentary.
//
//   measures::Evaluation ev = measures::Evaluate(strategy, data, opt).value();
//   report::Evaluation view = report::FromMeasures(strategy, ev, data.benchmarks);
#pragma once

#include <vector>

#include "measures/evaluate.h"
#include "measures/store.h"
#include "report/model.h"
#include "strategy/strategy.h"

namespace barometer::report {

Evaluation FromMeasures(const strategy::Strategy& s, const measures::Evaluation& e,
                        const std::vector<measures::BenchmarkValue>& benchmarks);

}  // namespace barometer::report
