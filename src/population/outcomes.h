// population/outcomes.h — what a strategy's outcome measures take from the
// population engine: each bound indicator's value for a run of periods
// (`barometer population feed` writes them to the measure store), and
// inequality by deprivation with the slope index of inequality (the
// population outcomes report). Every figure has passed disclosure control.
//
//   FeedSource s{.key = "le_gap", .indicator = IndicatorId::kLeGap};
//   FeedOptions o;  o.comparator = england;
//   Result<std::vector<FeedValue>> v = Feed(extract, {s}, o);
//   for (const FeedValue& f : *v) if (f.published()) Store(f.years, f.value, f.lower95, ...);
//
// Pure computations over a loaded Extract (no I/O); the caller decides where
// the values go. Layering: this part knows nothing of strategies or stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "population/indicators.h"

namespace barometer::population {

// ---- values for a strategy's outcome measures ----------------------------------

// Rolling periods of `pooled_years` calendar years, one ending each year from
// first + pooled_years - 1 to last (single years when pooled_years is 1).
std::vector<YearRange> PooledPeriods(int first, int last, int pooled_years);

// One series to compute: an indicator for the whole area or one breakdown
// value ("male" of sex, "1" of imd_decile, "male*1" of sex*imd_decile).
struct FeedSource {
  std::string key;  // the caller's name for it (a measure id), carried to errors
  IndicatorId indicator = IndicatorId::kLeGap;
  Breakdown by;       // default: the whole area
  std::string group;  // the breakdown value; empty for the whole area
  int pooled_years = 3;
};

struct FeedOptions {
  int first_year = 0;                    // of the first period; 0: the extract's first year
  int last_year = 0;                     // of the last period; 0: the extract's last complete year
  std::optional<Comparator> comparator;  // needed by le_gap
  std::string area = "area";
  DisclosureOptions disclosure;
  int threads = 0;
  int sii_repetitions = 10000;
};

// One period's value of one source. `value` is NaN when disclosure control
// suppressed it (`suppressed` says why) or the method could not compute it
// (`note` says why).
struct FeedValue {
  size_t source = 0;  // index into the sources
  YearRange years;
  double value = 0, lower95 = 0, upper95 = 0;
  std::optional<int64_t> count, denominator;  // as published: rounded, or absent when suppressed
  std::string suppressed;
  std::string note;
  bool published() const;  // a finite value
};

// Computes every source for every period the extract covers completely, in
// source then period order. Errors (InvalidInput, naming the source's key):
// a group the breakdown does not have, le_gap without a comparator, no
// complete period.
Result<std::vector<FeedValue>> Feed(const Extract& x, const std::vector<FeedSource>& sources,
                                    const FeedOptions& options);

// ---- inequality by deprivation -------------------------------------------------

// An indicator by national IMD decile for one period, and the slope index of
// inequality: life expectancy's from the engine's own life tables
// (sii_life_expectancy); a rate's over deciles, or over quintiles when
// disclosure control suppressed a decile, from the published values (PHE
// method, 95% limits).
struct Inequality {
  IndicatorId indicator = IndicatorId::kLifeExpectancyBirth;  // what the deciles show
  std::vector<IndicatorRow> deciles;                          // decile 1 (most deprived) first
  std::optional<double> sii, lower95, upper95;
  Dimension groups = Dimension::kImdDecile;  // what the SII was computed over
  std::vector<int> missing_deciles;          // suppressed deciles (when there is no decile SII)
  std::vector<int> missing_quintiles;        // ... and quintiles (when there is no SII at all)
  std::string note;                          // the engine's reason when it has no SII
};

// `id` le_gap is shown as life expectancy at birth. `base` gives the
// disclosure options, threads and SII repetitions.
Result<Inequality> ComputeInequality(const Extract& x, IndicatorId id, const YearRange& period,
                                     const IndicatorRequest& base);

}  // namespace barometer::population
