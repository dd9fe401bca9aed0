// report/model.h — what the population outcomes report shows, as plain data
// (filled from the population part by BuildPopulationView in
// from_population.h, or by hand in tests), and the one place a measure's
// status (the measures part's measures::MeasureStatus) is given its colour.
//
// The strategy reports (Board, committee, IPR, BAF) render the measures
// part's period record (measures/record.h) directly: the report part holds no
// status type, roll-up, target rule or indicator calculation of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "measures/evaluate.h"
#include "report/html.h"
#include "report/svg.h"

namespace barometer::report {

// The measures part's status type (the population outcomes still name it
// unqualified): every status, its machine name and its label come from there.
using measures::MeasureStatus;

// The colour a status is shown in (the word is measures::StatusLabel).
Tone StatusTone(measures::MeasureStatus s);
// The symbol that goes with a status's word and colour: ✖ off track or
// overdue, ▲ at risk, ✔ on track or milestone complete, ★ achieved, ○ not
// yet due, – no data.
std::string_view StatusSymbol(measures::MeasureStatus s);
// The status as a pill: its symbol and label in its colour.
std::string StatusPill(measures::MeasureStatus s);
// Exceptions: off track, milestone overdue and at risk (the measures part's
// severity scale, from at risk up).
bool IsException(measures::MeasureStatus s);

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
  // How the projection was made, in words ("linear trend (least squares)
  // over the last 5 values, …"); empty without a projection.
  std::string projection_method;
  // Where the values come from: "the measure store (population feed)" or
  // "computed from the extract by the population engine".
  std::string source;
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
