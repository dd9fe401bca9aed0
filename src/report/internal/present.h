// report/internal/present.h — how the reports lay out a measure of the
// period record: its values as the measures part writes them, the trend
// chart with the trajectory from the record's baseline to its targets, SPC
// and peer charts, the measure card, status tiles from the record's
// roll-ups. Nothing here judges a status, resolves a target or computes a
// statistic: every figure comes from measures::MeasureEvaluation.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "measures/evaluate.h"
#include "measures/record.h"
#include "report/model.h"
#include "report/svg.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

// The value as measures::FormatValue writes it everywhere; "–" if none.
std::string Value(const strategy::Measure& m, std::optional<double> v);
// A value's period as every table and card names it (measures::PeriodLabel).
inline std::string PeriodOf(const measures::Observation& o) { return measures::PeriodLabel(o); }
// Axis suffix for charts: "%", " days", " years", "" ...
std::string UnitSuffix(const strategy::Measure& m);

// The target value shown for the period: the trajectory's value at the
// latest period when the record has one, else the target's goal; numeric
// targets only (an improvement target's goal is the baseline to beat, not a
// target: nullopt).
std::optional<double> TargetForPeriod(const measures::MeasureEvaluation& e);
// The target applying to the latest value in words, for every "Target"
// label: "≤ 10.5%" (numeric), "significant improvement on 6.94 (2020-21)"
// (an improvement target: never the baseline as if it were the target),
// `long_text` (another kind with words, e.g. a rank), or "–" without one.
std::string TargetText(const strategy::Measure& m, const measures::MeasureEvaluation& e,
                       std::string_view long_text = "see the measure's card");
// "Projected to meet the target of 7.2 by Mar 2024: trend gives 7.3 (chance
// of meeting it 64%)", from the record's forecast; "" without one.
std::string ForecastVerdict(const strategy::Measure& m, const measures::ForecastInfo& f);

// "1,234 of 1,987" for a value with a numerator and denominator; "" without.
std::string NumeratorDenominator(const measures::Observation& o);
// "Limits recalculated from Apr 2022: process change recorded with the data —
// new pathway (9 values since)", from the record's rebase.
std::string RebaseText(const measures::SpcRebase& r);
// Why the SPC assurance icon and the status seem to disagree (the icon
// judges the process limits against the target, the status the latest value
// against this period's trajectory), when they do; "" otherwise. Every card
// with both shows it.
std::string AssuranceContradiction(const measures::MeasureEvaluation& e);
// The card's subtitle: measure, unit, frequency and periods, source.
std::string CardSubtitle(const strategy::Measure& m, const measures::MeasureEvaluation& e);
// The data's flags: data as at (the latest value's period end), missing
// periods, a provisional baseline, provisional SPC limits, the latest
// value's note.
std::vector<std::string> DataFlags(const measures::MeasureEvaluation& e);
// The subtitle and the flags as markup (every card shows them).
std::string CardHeader(const strategy::Measure& m, const measures::MeasureEvaluation& e);
// A milestone measure's milestones (the record's), each with its due date
// and state, as a list; "" without milestones.
std::string MilestoneList(const strategy::Measure& m, const measures::MeasureEvaluation& e);

// An element id from parts: "m-staff_engagement-trend".
std::string Id(std::string_view a, std::string_view b = {}, std::string_view c = {});

// The owner as the record names them (measures::OwnerName: never blank).
std::string RoleName(const strategy::Strategy& s, std::string_view role_id);
std::string CommitteeName(const strategy::Strategy& s, std::string_view committee_id);

LineChart TrendChart(const strategy::Strategy& s, const strategy::Measure& m,
                     const measures::MeasureEvaluation& e);
SpcChart SpcSpec(const strategy::Measure& m, const measures::MeasureEvaluation& e);
PeerStrip PeerSpec(const strategy::Strategy& s, const strategy::Measure& m,
                   const measures::MeasureEvaluation& e);
// The funnel plot of the record's funnel (REQUIRES e.funnel).
FunnelChart FunnelSpec(const strategy::Strategy& s, const strategy::Measure& m,
                       const measures::MeasureEvaluation& e);
// The funnel plot as a figure with its caption (the record's position and
// method, escaped); "" when the record has no funnel for the measure.
std::string FunnelFigure(const strategy::Strategy& s, const strategy::Measure& m,
                         const measures::MeasureEvaluation& e);

struct CardOptions {
  bool trend = true;
  bool spc = true;
  bool peers = true;
};
// One measure's card: name, status pill, key facts, charts, commentary.
// `e` may be null (not in the record: shown as "No data"). Adds charts drawn to *charts.
std::string MeasureCard(const strategy::Strategy& s, const strategy::Measure& m,
                        const measures::MeasureEvaluation* e, const CardOptions& o, int* charts);

// A roll-up of the record by id (objective, priority or committee); null if none.
const measures::RollUp* FindRollUp(const std::vector<measures::RollUp>& rollups,
                                   std::string_view id);
// The headline of an objective's roll-up (no data when the record has none).
measures::MeasureStatus ObjectiveHeadline(const measures::PeriodRecord& r,
                                          std::string_view objective_id);

using StatusCounts = std::array<int, measures::kStatusCount>;
// Counts per status, worst first (the measures part's severity), as cover tiles.
std::string StatusTiles(const StatusCounts& counts);
// The counts of a set of the record's measures (for a part of the strategy
// the record has no roll-up of, such as the IPR's monthly measures).
StatusCounts CountStatuses(const std::vector<const measures::MeasureEvaluation*>& measures);

// "Evaluated for 2023-24 Q3; the latest data are for the period ending 31
// December 2023." from the record.
std::string AsOf(const measures::PeriodRecord& r);

}  // namespace barometer::report::internal
