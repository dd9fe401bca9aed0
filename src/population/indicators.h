// population/indicators.h — outcome indicators from a patient-level extract,
// for any period and breakdown, as Fingertips-style rows.
//
//   IndicatorRequest req;
//   req.periods = {*ParseYearRange("2021-2023")};
//   req.breakdowns = *ParseBreakdowns("sex,imd_decile");
//   auto rows = ComputeIndicators(extract, req);
//
// The engine scans people once per request on all cores into mergeable
// aggregate states (counts by period, breakdown value, sex and age band),
// then applies the OHID/PHE methods of stats/indicators.h and disclosure
// control. Indicator definitions: docs/population-indicators.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/table.h"
#include "population/disclosure.h"
#include "population/extract.h"
#include "population/phm.h"

namespace barometer::population {

// ---- Periods --------------------------------------------------------------------
// Calendar years, single ("2023") or pooled ("2021-2023").
struct YearRange {
  int first = 0;
  int last = 0;
  std::string ToString() const;  // "2023" or "2021-2023"
  bool operator==(const YearRange&) const = default;
};
Result<YearRange> ParseYearRange(std::string_view text);

// The last calendar year the extract covers completely (it has dates in that
// December), and the first year of its observation window (the year of its
// first death or activity, or the next year when that is after 30 June).
int LastCompleteYear(const Extract& x);
int FirstYear(const Extract& x);

// ---- Breakdowns -----------------------------------------------------------------
enum class Dimension {
  kAll,
  kSex,
  kAgeBand,
  kImdDecile,
  kImdQuintile,
  kCore20,
  kEthnicGroup,
  kNeighbourhood,
  kLocalAuthority,
  kSegment,
};
// "all", "sex", "age_band", "imd_decile", ...
std::string_view DimensionName(Dimension d);

// A breakdown: one dimension, optionally crossed with sex ("sex*imd_decile").
struct Breakdown {
  Dimension dimension = Dimension::kAll;
  bool by_sex = false;
  std::string Name() const;
  bool operator==(const Breakdown&) const = default;
};
// A comma-separated list ("sex,imd_decile,sex*neighbourhood"). Errors name
// the unknown breakdown and suggest the closest.
Result<std::vector<Breakdown>> ParseBreakdowns(std::string_view list);

// ---- Indicators -----------------------------------------------------------------
enum class IndicatorId {
  kU75MortalityAll,
  kU75MortalityCancer,
  kU75MortalityCirculatory,
  kU75MortalityRespiratory,
  kInfantMortality,
  kLifeExpectancyBirth,
  kLifeExpectancy65,
  kLeGap,
  kSiiLifeExpectancy,
  kEmergencyAdmissions,
  kAeAttendances,
};

enum class Polarity { kLowIsGood, kHighIsGood, kNone };

// The registration list: one entry per indicator, in output order.
struct IndicatorInfo {
  IndicatorId id;
  std::string_view name;  // "u75_mortality_all"
  std::string_view description;
  std::string_view unit;  // "per 100,000 (DSR)", "years", ...
  Polarity polarity;
};
const std::vector<IndicatorInfo>& Indicators();
const IndicatorInfo& Info(IndicatorId id);
// Comma-separated indicator names; errors suggest the closest.
Result<std::vector<IndicatorId>> ParseIndicators(std::string_view list);

// ---- Comparator -----------------------------------------------------------------
// Values to compare with (e.g. England's), one row per indicator, period and
// breakdown value; columns as our output (docs/population-indicators.md).
struct ComparatorRow {
  std::string indicator, period, breakdown, breakdown_value;
  double value = 0;
  double lower95 = -1, upper95 = -1;  // negative when not given
};
class Comparator {
 public:
  static Result<Comparator> FromTable(const CsvTable& table);
  // The best match: this period (or any period, when the row's is blank),
  // this breakdown value; else the sex's row; else the total ("all").
  const ComparatorRow* Find(std::string_view indicator, std::string_view period,
                            const Breakdown& breakdown, std::string_view value,
                            std::string_view sex) const;
  const std::vector<ComparatorRow>& rows() const { return rows_; }

 private:
  const ComparatorRow* Exact(std::string_view indicator, std::string_view period,
                             std::string_view breakdown, std::string_view value) const;
  std::vector<ComparatorRow> rows_;
};

// ---- Request and rows -----------------------------------------------------------
struct IndicatorRequest {
  std::vector<YearRange> periods;               // at least one
  std::vector<Breakdown> breakdowns;            // the total ("all") is always included
  std::vector<IndicatorId> indicators;          // empty: all
  std::optional<Comparator> comparator;         // else breakdowns compare with the total
  std::string area = "area";                    // the `area` column
  bool gap_between_deciles = false;             // le_gap: decile 10 - decile 1 instead
  const SegmentationRules* rules = nullptr;     // REQUIRED for the segment breakdown
  const SegmentAssignment* segments = nullptr;  // ditto (one per person)
  DisclosureOptions disclosure;
  uint64_t sii_seed = 1;
  int sii_repetitions = 100000;
  int threads = 0;
};

// One Fingertips-style row. Missing numbers (suppressed, not computable) are
// nullopt / NaN and print as empty fields.
struct IndicatorRow {
  std::string indicator, period, area, breakdown, breakdown_value;
  std::optional<int64_t> count, denominator;
  double value = 0, lower95 = 0, upper95 = 0, lower998 = 0, upper998 = 0;  // NaN when missing
  std::string comparison;  // better, similar, worse, higher, lower, not compared
  std::string suppressed;  // why a value is missing for disclosure control; "" if not
  std::string note;        // why a value is missing otherwise (the method's rules)
  // What the row is, as ids and enums: code finds rows by these and leaves
  // the strings above to the writers.
  IndicatorId id = IndicatorId::kU75MortalityAll;
  YearRange years;
  Breakdown by;
  int sex = -1;   // 0 male, 1 female, 2 other or not known; -1 every sex
  int group = 0;  // the breakdown's value, 1-based in the order rows come (IMD decile or
                  // quintile number, ...); 0 for the total
};

// The row of `id` for `years` and breakdown value (by, sex, group); nullptr
// when there is none.
const IndicatorRow* FindRow(const std::vector<IndicatorRow>& rows, IndicatorId id,
                            const YearRange& years, const Breakdown& by = {}, int sex = -1,
                            int group = 0);

// Computes every requested indicator for every period and breakdown value.
// Errors: no periods, a period outside the extract's dates, the segment
// breakdown without segments.
Result<std::vector<IndicatorRow>> ComputeIndicators(const Extract& x, const IndicatorRequest& req);

// ---- Trend and projection -------------------------------------------------------
struct TrendRequest {
  IndicatorId indicator = IndicatorId::kLeGap;
  std::vector<YearRange> periods;  // in time order (e.g. rolling 3-year periods)
  int sex = -1;                    // -1 all, 0 male, 1 female
  int target_year = 2024;
  std::optional<double> target;  // an ambition to check the projection against
  IndicatorRequest base;         // comparator, disclosure, threads, ...
};

struct TrendPoint {
  std::string period;
  double x = 0;  // the period's middle, in years
  double value = 0, lower95 = 0, upper95 = 0, lower998 = 0, upper998 = 0;  // NaN when missing
  std::string suppressed;
};

struct TrendResult {
  std::vector<TrendPoint> points;
  // The weighted linear fit and its projection to the target year.
  double slope = 0, intercept = 0;  // value = intercept + slope * (year - x_mean)
  double x_mean = 0;
  double projected = 0, lower95 = 0, upper95 = 0, lower998 = 0, upper998 = 0;
  std::string assessment;  // e.g. "projected 2.31 > target 1.7: not on track"
  std::string note;
};

Result<TrendResult> ComputeTrend(const Extract& x, const TrendRequest& req);

// A weighted least-squares line through (xs, ys) with the values' standard
// errors, projected to x0; the spread is inflated when the points scatter
// more than their errors say. Pure; used by ComputeTrend.
struct LinearProjection {
  double slope = 0, intercept = 0, x_mean = 0, value = 0, se = 0;
};
Result<LinearProjection> ProjectLinear(const std::vector<double>& xs, const std::vector<double>& ys,
                                       const std::vector<double>& ses, double x0);

}  // namespace barometer::population
