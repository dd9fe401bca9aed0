// report/from_population.h — the population outcomes report's content,
// computed by the population engine from a pseudonymised extract: for each
// outcome ambition (the strategy's `outcome = true` measures, or a default
// set) the trend over rolling three-year periods, the comparator's values,
// inequality by deprivation decile with the slope index of inequality (from
// the engine); the population segments; the Lorenz curve of bed days. Every
// count passes the engine's disclosure control. An outcome measure fed to the
// store takes its value, limits, status, verdict and ambition from the period
// record (measures/record.h): the report lays them out and judges nothing.
//
//   Result<PopulationView> v = BuildPopulationView(extract, &strategy, {.area = "Liverpool"});
#pragma once

#include <string>

#include "core/status.h"
#include "measures/record.h"
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
  // The period record holding the strategy's fed outcome measures
  // ([measures.population], `barometer population feed`): each such outcome's
  // value, limits, status, verdict, ambition and trend come from it, as in the
  // Board report. Without it (or for an outcome not fed) the engine's trend
  // is shown, not judged.
  const measures::PeriodRecord* record = nullptr;
};

// `s` may be null (then the default outcome set, with no ambitions).
// Errors: an extract with fewer than one complete year; engine errors.
Result<PopulationView> BuildPopulationView(const population::Extract& x,
                                           const strategy::Strategy* s,
                                           const PopulationViewOptions& o);

}  // namespace barometer::report
