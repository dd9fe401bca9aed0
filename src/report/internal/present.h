// report/internal/present.h — how the reports present a measure: values with
// their units, target values, the trend chart with trajectory and yearly
// targets, SPC and peer charts, the measure card, and status roll-ups.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/model.h"
#include "report/svg.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

int Decimals(const strategy::Measure& m);
// Axis suffix: "%", " days", " years", "" ...
std::string UnitSuffix(const strategy::Measure& m);
// "7.10", "11.5%", "£1,200", "12 days", "Done"/"Not done" for milestones; "–" if none.
std::string FormatValue(const strategy::Measure& m, std::optional<double> v);

// The numeric value a target asks for, where it has one (threshold,
// maintain, change against a numeric baseline); nullopt otherwise.
std::optional<double> TargetValue(const strategy::Measure& m, const strategy::Target& t,
                                  std::optional<double> baseline);
// "Year 2 (2022-23): staff engagement score to 7.2", all targets of the year.
std::string TargetsText(const strategy::Strategy& s, const strategy::Measure& m, int year);
// The strategy year the evaluation period falls in (clamped to the period).
int ReportingYear(const strategy::Strategy& s, const Evaluation& e);

// An element id from parts: "m-staff_engagement-trend".
std::string Id(std::string_view a, std::string_view b = {}, std::string_view c = {});

// "Chief Nurse (Jane Smith)", the role's title, or the text itself.
std::string RoleName(const strategy::Strategy& s, std::string_view role_id);
std::string CommitteeName(const strategy::Strategy& s, std::string_view committee_id);

LineChart TrendChart(const strategy::Strategy& s, const strategy::Measure& m,
                     const MeasureResult& r);
SpcChart SpcSpec(const strategy::Measure& m, const MeasureResult& r);
PeerStrip PeerSpec(const strategy::Strategy& s, const strategy::Measure& m, const MeasureResult& r);

struct CardOptions {
  bool trend = true;
  bool spc = true;
  bool peers = true;
};
// One measure's card: name, status pill, key facts, charts, commentary.
// `r` may be null (no evaluation: shown as "No data"). Adds charts drawn to *charts.
std::string MeasureCard(const strategy::Strategy& s, const strategy::Measure& m,
                        const MeasureResult* r, const CardOptions& o, int* charts);

// The worst status among an objective's measures (no data when none has data).
MeasureStatus ObjectiveStatus(const strategy::Strategy& s, const Evaluation& e,
                              std::string_view objective_id);

// Counts per status over measures, in StatusSeverity order, as cover tiles.
std::string StatusTiles(const std::vector<const MeasureResult*>& results);

// The cover page: organisation, report kind, strategy, period, vision,
// values, a note (e.g. synthetic data) and the headline (markup, e.g. tiles).
std::string Cover(const strategy::Strategy& s, std::string_view kind, std::string_view period,
                  std::string_view extra_note, std::string_view headline_markup);

}  // namespace barometer::report::internal
