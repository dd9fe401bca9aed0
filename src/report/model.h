// report/model.h — what the reports show, as plain data: the evaluation of
// every measure for a period (filled from the measures part's evaluation by
// FromEvaluation in evaluation_view.h, or by hand in tests) and the
// population outcomes (filled from the population part).
//
// The reports never compute a statistic themselves: they lay out what these
// structs hold. Every number here is already final (rounded, suppressed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "report/html.h"
#include "report/svg.h"
#include "stats/spc.h"

namespace barometer::report {

// A measure's status for the period (the measures part's statuses).
enum class MeasureStatus {
  kOffTrack,
  kMilestoneOverdue,
  kAtRisk,
  kOnTrack,
  kAchieved,
  kMilestoneComplete,
  kNotYetDue,
  kNoData,
};
std::string_view StatusLabel(MeasureStatus s);  // "Off track", "On track", ...
std::string_view StatusName(MeasureStatus s);   // "off_track", "on_track", ...
std::optional<MeasureStatus> ParseStatus(std::string_view name);
Tone StatusTone(MeasureStatus s);
// Off track and overdue first, then at risk, then the rest.
int StatusSeverity(MeasureStatus s);  // 3 = worst, 0 = no concern

struct ObservationPoint {
  Date date;           // the period's last day
  std::string period;  // "2023-07", "2023-24 Q2"
  double value = 0;
  std::optional<double> lower, upper;
};

struct PeerPosition {
  std::string peer_group;       // "All NHS acute trusts"
  std::string period;           // the benchmark period
  std::vector<double> values;   // every peer's value
  std::optional<int> rank;      // 1 = best
  int count = 0;                // peers with a value
  std::optional<int> quartile;  // 1 = best
  std::optional<double> value;  // the value ranked (else the latest is shown)
};

struct ForecastView {
  Date date;  // the target date forecast to
  double value = 0;
  std::optional<double> lower, upper;  // prediction interval
  std::optional<double> probability;   // of meeting the target, 0–1
  std::string verdict;                 // "Projected to meet the Year 3 target (p = 0.82)"
};

struct MeasureResult {
  std::string measure_id;
  MeasureStatus status = MeasureStatus::kNoData;
  std::string reason;  // the status in words a Board member understands
  std::optional<double> latest;
  std::string latest_period;
  std::optional<double> target;  // the target applying to the period
  std::string target_text;       // the document's words for this year's target
  std::optional<double> baseline;
  std::vector<ObservationPoint> series;  // in date order
  std::optional<stats::SpcSeries> spc;   // when there are enough points
  std::optional<PeerPosition> peers;
  std::optional<ForecastView> forecast;
  std::string commentary;         // the owner's narrative for the period
  std::string commentary_author;  // "Chief People Officer"
};

// The evaluation of a strategy for one reporting period.
struct Evaluation {
  Period period;
  std::string as_of;  // "Data to 31 December 2023" (from the data, never the clock)
  std::vector<MeasureResult> measures;

  const MeasureResult* Find(std::string_view measure_id) const;
};

// ---- population outcomes ----

struct OutcomeView {
  std::string id;
  std::string name;  // "Life expectancy gap with England (males)"
  std::string definition;
  std::string unit;  // suffix: " years", " per 100,000"
  int decimals = 1;
  bool higher_is_better = false;
  // The latest value and its 95% limits: the measures evaluation's for an
  // outcome fed to the store (`population feed`), else the engine's last period.
  std::optional<double> value, lower, upper;
  std::string value_period;            // "2021-2023"
  std::vector<ChartPoint> area;        // x = year, with 95% CI
  std::vector<ChartPoint> projection;  // x = year
  std::vector<ChartPoint> comparator;  // x = year
  std::string comparator_name = "England";
  std::optional<double> ambition;
  std::optional<double> ambition_year;
  std::string ambition_text;  // the strategy's words
  std::string verdict;        // "Projected 2.1 years in 2024: ambition likely to be missed"
  MeasureStatus status = MeasureStatus::kNoData;
  std::vector<GroupValue> deciles;  // 1 = most deprived
  std::string decile_title;         // what the decile chart shows ("Life expectancy at birth")
  std::string decile_period;        // "2021–2023"
  std::optional<double> sii, sii_lower, sii_upper;
  std::string sii_groups;  // "deciles" or "quintiles": what the SII was computed over
  std::string sii_note;    // why there is no SII, when there is none
};

struct SegmentRow {
  std::string name;
  std::optional<double> people;   // after disclosure control
  std::optional<double> percent;  // of the population
  std::optional<double> emergency_admissions_per_1000;
  std::optional<double> bed_days_share;  // % of all bed days
};

struct PopulationView {
  std::string area;    // "Liverpool (synthetic)"
  std::string period;  // "2019–2023"
  std::optional<double> population;
  std::vector<OutcomeView> outcomes;
  std::vector<SegmentRow> segments;
  std::string concentration_measure = "emergency bed days";
  std::vector<ChartPoint> lorenz;  // cumulative shares
  std::optional<double> gini;
  std::optional<double> top5_share;  // % of use by the top 5% of people
  std::string disclosure_note;       // how the numbers were protected
  std::string data_note;             // "Synthetic extract, seed 7: not real patients"
};

}  // namespace barometer::report
