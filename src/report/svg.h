// report/svg.h — the chart primitives of the reports. Each function takes plain
// numbers and returns one self-contained, accessible inline <svg> element:
// role="img", labelled by a <title> and a <desc> (the text alternative a
// screen reader reads), NHS identity colours, no fonts, scripts or links.
//
//   LineChart c;
//   c.text = {"m-engagement-trend", "Staff engagement score", "Rose from 6.9 to 7.1 ..."};
//   c.x_kind = XKind::kDate;
//   c.series.push_back({"Actual", SeriesStyle::kActual, {{Date{2022,3,31}.ToDays(), 6.9}}});
//   c.targets.push_back({Date{2022,3,31}.ToDays(), 7.0, "Year 1 target 7.0"});
//   std::string svg = RenderLineChart(c);
//
// Every observed data point is drawn as one <circle class="obs"> (SPC, line,
// strip and decile charts), so a reader (or a test) can count what is plotted.
// All functions are pure and thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "stats/spc.h"

namespace barometer::report {

// What a screen reader reads: a unique element id, a title, a description.
struct ChartText {
  std::string id;           // unique in the document: [A-Za-z0-9_-]
  std::string title;        // short: "Staff engagement score"
  std::string description;  // the chart in words: values, targets, verdict
};

// ---------------------------------------------------------------- line chart

enum class XKind { kDate, kYear };  // x is days since 1970-01-01, or a year
enum class SeriesStyle {
  kActual,      // solid NHS blue with markers
  kComparator,  // solid grey with markers (England, the peer median)
  kTrajectory,  // dashed grey: the planned path to the targets
  kProjection,  // dashed blue: the trend carried forward
  kForecast,    // dotted blue with a shaded interval
};

struct ChartPoint {
  ChartPoint() = default;
  ChartPoint(double x_, double y_, std::optional<double> lo_ = {}, std::optional<double> hi_ = {})
      : x(x_), y(y_), lo(lo_), hi(hi_) {}
  double x = 0;
  double y = 0;
  std::optional<double> lo, hi;  // an interval (forecast band, CI), if any
  // The line breaks before this point (data are missing between the two):
  // each unbroken run is one <polyline class="series-STYLE">.
  bool gap_before = false;
  std::string detail;  // added to the point's tooltip ("1,234 of 1,987")
  // A provisional release: drawn hollow (class "obs provisional"), and its
  // tooltip says so.
  bool provisional = false;
};

struct LineSeries {
  std::string name;
  SeriesStyle style = SeriesStyle::kActual;
  std::vector<ChartPoint> points;  // in x order
};

struct TargetMark {
  double x = 0;
  double y = 0;
  std::string label;  // "Year 2 target 7.2"
  // Written beside the diamond when another target falls on the same date
  // (two goals for one year, e.g. a percentage reduction and a rate), so
  // the reader can tell them apart without the tooltip: "127.0".
  std::string short_label;
};

struct LineChart {
  ChartText text;
  XKind x_kind = XKind::kDate;
  std::vector<LineSeries> series;
  std::vector<TargetMark> targets;  // drawn as hollow diamonds
  std::optional<double> ambition;   // a horizontal line across the chart
  std::string ambition_label;
  // A horizontal reference that is not a target (the baseline an
  // improvement target must significantly improve on): dark grey, dash-dot.
  std::optional<double> reference;
  std::string reference_label;
  std::optional<double> y_min, y_max;  // the measure's valid range, if bounded
  int decimals = 1;
  std::string unit;  // appended to axis labels: "%", " days"
  double width = 640, height = 250;
};
std::string RenderLineChart(const LineChart& c);

// ----------------------------------------------------------------- SPC chart

struct SpcChart {
  ChartText text;
  stats::Improvement improvement = stats::Improvement::kIncrease;
  int decimals = 1;  // in point labels; -1: the shortest form that reads back exactly
  std::string unit;
  double width = 640, height = 250;
  // The points' own labels, by point ("2023-07", "2023-24 Q2"): when given,
  // points are spaced evenly and labelled with these; else placed by date.
  std::vector<std::string> x_labels;
  std::string y_label;        // along the y axis, when given
  bool point_legend = false;  // a legend of the point colours too
  double icon_size = 32;
  // Where the limits were recalculated (a recorded process change): a
  // vertical dashed line at the first point of the new phase (its date as
  // days since 1970-01-01), labelled, with the label in its tooltip.
  struct Annotation {
    double x = 0;
    std::string label;   // drawn: "Limits recalculated"
    std::string detail;  // its tooltip: "Process change from Apr 2022: new pathway"
  };
  std::vector<Annotation> rebases;
  // Written under the legend when the limits are provisional
  // ("Provisional limits: 9 values since the last process change").
  std::string limits_note;
  // The points (by SpcPoint::date) that are provisional releases: drawn
  // hollow in their colour, "provisional" in their tooltip.
  std::vector<Date> provisional;
};
// THE XmR chart (the reports' cards and `barometer spc --format svg` both
// draw with it), as Making Data Count draws it in NHSRplotthedots' colours:
// grey value line (broken where a value is missing: one <polyline
// class="spc-line"> per unbroken run), points coloured by type
// (blue #00b0f0 improvement, orange #e46c0a concern, purple #490092 neither,
// grey #a6a6a6 common cause), the mean (solid black) and process limits
// (dashed grey) per rebase group, the target (red #de1b1b, dashed) and the
// variation and assurance icons at top right.
std::string RenderSpcChart(const stats::SpcSeries& s, const SpcChart& c);

// The MDC icons alone (for tables and the summary matrix), `size` px square.
std::string VariationIconSvg(stats::VariationIcon v, double size = 34);
std::string AssuranceIconSvg(stats::AssuranceIcon a, double size = 34);

// ----------------------------------------------------------- peer strip plot

struct PeerStrip {
  ChartText text;
  std::vector<double> peers;     // every peer's value (ours included or not)
  std::optional<double> ours;    // highlighted and labelled
  std::string our_label;         // "LUHFT 7.1"
  bool higher_is_better = true;  // which end is the top quartile
  // The worst value still in quartiles 1, 2 and 3, as the evaluation ranked
  // them (measures::RankInfo::cut_points); no bands without all three.
  std::array<std::optional<double>, 3> quartile_cuts;
  int decimals = 1;
  std::string unit;
  double width = 640, height = 110;
};
// A horizontal strip: one dot per peer over four shaded quartile bands
// (between the given cut points), labelled top to bottom quartile.
std::string RenderPeerStrip(const PeerStrip& c);

// -------------------------------------------------------------- funnel plot

struct FunnelChartPoint {
  double x = 0;         // the denominator (population)
  double y = 0;         // the value
  std::string tooltip;  // "RXX: 74.1% (1,234 of 1,666); Not significant"
};
struct FunnelChartLimit {
  double x = 0;
  double lower95 = 0, upper95 = 0, lower998 = 0, upper998 = 0;
};
struct FunnelChart {
  ChartText text;
  std::vector<FunnelChartPoint> peers;  // the organisation's point not among them
  std::optional<FunnelChartPoint> ours;
  std::string our_label;  // "LUHFT 71.2%"
  double average = 0;     // the centre line
  std::string average_label;
  std::vector<FunnelChartLimit> limits;  // ascending x, as the record computed them
  std::string x_label = "Denominator";
  int decimals = 1;
  std::string unit;
  std::optional<double> y_min, y_max;  // the measure's valid range, if bounded
  double width = 640, height = 300;
};
// A funnel plot as the record computed it: one dot per peer against its
// denominator (<circle class="obs">, each with a tooltip), the organisation
// highlighted and labelled, the overall value as a line and the 95%
// (dashed) and 99.8% (solid) control limits, clipped to the plot.
std::string RenderFunnelChart(const FunnelChart& c);

// ------------------------------------------------------------ risk heat map

struct HeatMapRisk {
  std::string id;  // "BAF1"
  int current_likelihood = 1, current_consequence = 1;
  int target_likelihood = 1, target_consequence = 1;
};
struct RiskHeatMap {
  ChartText text;
  std::vector<HeatMapRisk> risks;
  double width = 520, height = 420;
};
// A 5x5 grid (likelihood across, consequence up) coloured by score band
// (1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme); each risk's current
// score is a filled badge, its target a hollow one, joined by an arrow.
std::string RenderRiskHeatMap(const RiskHeatMap& c);

// ------------------------------------------------------------- Lorenz curve

struct LorenzChart {
  ChartText text;
  // Cumulative shares in [0, 1], from (0,0) to (1,1), in x order.
  std::vector<ChartPoint> curve;
  std::optional<double> gini;
  std::string x_label = "Cumulative share of people";
  std::string y_label = "Cumulative share of use";
  double width = 360, height = 330;
};
std::string RenderLorenzChart(const LorenzChart& c);

// ------------------------------------------------- values with CI by group

struct GroupValue {
  std::string label;                    // "1 (most deprived)"
  std::optional<double> value, lo, hi;  // nullopt: suppressed / no data
};
struct WhiskerChart {
  ChartText text;
  std::vector<GroupValue> groups;
  std::optional<double> overall;  // a reference line (the area's value)
  std::string overall_label;
  std::string x_label = "Deprivation decile (1 = most deprived)";
  int decimals = 1;
  std::string unit;
  double width = 640, height = 250;
};
// Points with confidence-interval whiskers per group (deprivation decile);
// suppressed groups are marked "s" on the axis.
std::string RenderWhiskerChart(const WhiskerChart& c);

// "Apr 2023" for a date given as days since 1970-01-01.
std::string MonthLabel(double days);

}  // namespace barometer::report
