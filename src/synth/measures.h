// synth/measures.h — synthetic measure data for a strategy: a value for every
// measure at its frequency, peer benchmark values for about 120 acute
// trusts, and the owners' commentary, in the files `barometer ingest` reads
// (docs/measures-data.md). Deterministic for a seed.
//
//   MeasuresSynthOptions o;
//   o.seed = 7;
//   Result<SyntheticMeasures> d = GenerateMeasures(strategy, o);
//   if (!d.ok()) return d.status();
//   Write("values.csv", d->values_csv);
//
// Each measure follows one scenario relative to its targets (on course,
// ahead, behind, stuck, worsening, a step change, or no data yet), with noise
// of the size its unit has in practice and a few periods missing; see
// docs/measures-data.md, "Synthetic data". Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "strategy/strategy.h"

namespace barometer::synth {

enum class MeasureScenario {
  kOnCourse,   // follows its trajectory, a little better
  kAhead,      // improves faster than the targets ask
  kBehind,     // improves, but more slowly than asked
  kStuck,      // no change from the baseline
  kWorsening,  // drifts the wrong way
  kStep,       // flat, then a step improvement a year before the data ends
  kNoData,     // nothing collected yet
};
std::string_view MeasureScenarioName(MeasureScenario s);  // "on_course", ...

struct MeasuresSynthOptions {
  uint64_t seed = 1;
  // The last period with data; default the end of the third financial
  // quarter (December) of the strategy year holding the period's midpoint.
  std::optional<Date> until;
  // Nothing is dated after today: the default `until` stops at the end of
  // the last whole month before `today`, and an `until` after it is an
  // error. No limit when not given.
  std::optional<Date> today;
  int peers = 120;  // peer organisations when the peer group gives no size
};

struct SyntheticMeasures {
  std::string values_csv;      // measure_id, period, value, numerator, denominator, note
  std::string benchmarks_csv;  // indicator, period, org_code, org_name, peer_group, value
  std::string commentary_md;   // ## <measure_id> <period> entries
  Date until;
  int observations = 0;
  int benchmark_rows = 0;
  int commentary_entries = 0;
  std::vector<std::pair<std::string, MeasureScenario>> scenarios;  // per measure, file order
};

// Errors: InvalidInput when the strategy period is empty or `until` falls
// before it starts.
Result<SyntheticMeasures> GenerateMeasures(const strategy::Strategy& s,
                                           const MeasuresSynthOptions& options);

// The default `until` for a strategy (see MeasuresSynthOptions::until).
Date DefaultMeasuresUntil(const strategy::Strategy& s);

}  // namespace barometer::synth
