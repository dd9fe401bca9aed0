// report/from_population.h — the population outcomes report's content,
// computed by the population engine from a pseudonymised extract: for each
// outcome ambition (the strategy's `outcome = true` measures, or a default
// set) the trend over rolling three-year periods with its projection, the
// comparator's values, the ambition, inequality by deprivation decile with
// the slope index of inequality; the population segments; the Lorenz curve
// of bed days. Every count passes the engine's disclosure control.
//
//   Result<PopulationView> v = BuildPopulationView(extract, &strategy, {.area = "Liverpool"});
#pragma once

#include <string>

#include "core/status.h"
#include "population/extract.h"
#include "population/indicators.h"
#include "report/model.h"
#include "strategy/strategy.h"

namespace barometer::report {

struct PopulationViewOptions {
  std::string area = "Area";
  std::string data_note;
  const population::Comparator* comparator = nullptr;  // e.g. England; optional
  population::DisclosureOptions disclosure;
  int first_year = 0;  // of the trend; 0: the extract's first year
  int last_year = 0;   // 0: the extract's last complete year
  int threads = 0;     // 0: all cores
  int sii_repetitions = 10000;
};

// `s` may be null (then the default outcome set, with no ambitions).
// Errors: an extract with fewer than one complete year; engine errors.
Result<PopulationView> BuildPopulationView(const population::Extract& x,
                                           const strategy::Strategy* s,
                                           const PopulationViewOptions& o);

}  // namespace barometer::report
