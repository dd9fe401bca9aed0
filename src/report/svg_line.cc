// The line chart (trend with trajectory, targets, forecast and comparator)
// and the whisker chart (values with confidence intervals by group).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/date.h"
#include "report/internal/axes.h"
#include "report/internal/canvas.h"
#include "report/svg.h"

namespace barometer::report {
namespace {

using internal::Canvas;
using internal::Frame;
using internal::Num;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

struct Style {
  std::string stroke;
  std::string dash;
  double width;
  bool markers;
};

Style StyleOf(SeriesStyle s) {
  switch (s) {
    case SeriesStyle::kActual:
      return {std::string(internal::kNhsBlue), "", 2.2, true};
    case SeriesStyle::kComparator:
      return {std::string(internal::kNhsDarkGrey), "", 1.6, true};
    case SeriesStyle::kTrajectory:
      return {std::string(internal::kNhsMidGrey), "6 4", 1.6, false};
    case SeriesStyle::kProjection:
      return {std::string(internal::kNhsBrightBlue), "6 4", 1.8, false};
    case SeriesStyle::kForecast:
      return {std::string(internal::kNhsBrightBlue), "2 3", 2, false};
  }
  return {"#000", "", 1, false};
}

void YRange(const LineChart& c, Range& x, Range& y) {
  for (const LineSeries& s : c.series) {
    for (const ChartPoint& p : s.points) {
      x.Add(p.x);
      y.Add(p.y);
      if (p.lo) y.Add(*p.lo);
      if (p.hi) y.Add(*p.hi);
    }
  }
  for (const TargetMark& t : c.targets) {
    x.Add(t.x);
    y.Add(t.y);
  }
  if (c.ambition) y.Add(*c.ambition);
  if (c.reference) y.Add(*c.reference);
  if (y.empty()) y = Range{0, 1};
  if (x.empty()) x = Range{0, 1};
  double pad = (y.hi - y.lo) * 0.08;
  if (pad == 0) pad = std::max(1.0, std::fabs(y.hi) * 0.1);
  // Padding never crosses the measure's valid range (no axis below 0%).
  if (c.y_min && y.lo >= *c.y_min)
    y.lo = std::max(y.lo - pad, *c.y_min);
  else
    y.lo -= pad;
  if (c.y_max && y.hi <= *c.y_max)
    y.hi = std::min(y.hi + pad, *c.y_max);
  else
    y.hi += pad;
}

std::string PointTip(const LineChart& c, const std::string& series, const ChartPoint& p) {
  std::string x = c.x_kind == XKind::kDate ? MonthLabel(p.x) : Num(p.x, 0);
  std::string tip = series + ", " + x + ": " + Num(p.y, c.decimals) + c.unit;
  if (p.lo && p.hi) tip += " (" + Num(*p.lo, c.decimals) + " to " + Num(*p.hi, c.decimals) + ")";
  if (!p.detail.empty()) tip += " — " + p.detail;
  if (p.provisional) tip += " (provisional)";
  return tip;
}

std::string_view StyleClass(SeriesStyle s) {
  switch (s) {
    case SeriesStyle::kActual:
      return "series-actual";
    case SeriesStyle::kComparator:
      return "series-comparator";
    case SeriesStyle::kTrajectory:
      return "series-trajectory";
    case SeriesStyle::kProjection:
      return "series-projection";
    case SeriesStyle::kForecast:
      return "series-forecast";
  }
  return "series";
}

void DrawBand(Canvas& cv, const Frame& f, const LineSeries& s) {
  std::string d;
  std::vector<const ChartPoint*> pts;
  for (const ChartPoint& p : s.points)
    if (p.lo && p.hi) pts.push_back(&p);
  if (pts.size() < 2) return;
  for (size_t i = 0; i < pts.size(); ++i)
    d += (i ? "L" : "M") + internal::Px(f.x(pts[i]->x)) + " " + internal::Px(f.y(*pts[i]->hi));
  for (size_t i = pts.size(); i-- > 0;)
    d += "L" + internal::Px(f.x(pts[i]->x)) + " " + internal::Px(f.y(*pts[i]->lo));
  d += "Z";
  cv.Raw("<path d=\"" + d + "\" fill=\"" + std::string(internal::kNhsLightBlue) +
         "\" fill-opacity=\"0.25\" stroke=\"none\"/>");
}

void DrawSeries(Canvas& cv, const Frame& f, const LineChart& c, const LineSeries& s) {
  Style st = StyleOf(s.style);
  if (s.style == SeriesStyle::kForecast) DrawBand(cv, f, s);
  std::vector<std::pair<double, double>> pts, run;
  for (const ChartPoint& p : s.points) {
    if (p.gap_before) {  // missing data: the line breaks here, never bridges
      cv.Polyline(run, st.stroke, st.width, st.dash, StyleClass(s.style));
      run.clear();
    }
    pts.emplace_back(f.x(p.x), f.y(p.y));
    run.push_back(pts.back());
  }
  cv.Polyline(run, st.stroke, st.width, st.dash, StyleClass(s.style));
  if (!st.markers) return;
  for (size_t i = 0; i < s.points.size(); ++i) {
    const ChartPoint& p = s.points[i];
    if (p.lo && p.hi && s.style == SeriesStyle::kComparator) {
      cv.Line(pts[i].first, f.y(*p.lo), pts[i].first, f.y(*p.hi), st.stroke, 1);
    }
    cv.Raw("<g><title>" + internal::XmlEscape(PointTip(c, s.name, p)) + "</title>");
    double r = s.style == SeriesStyle::kActual ? 3.4 : 2.8;
    if (p.provisional) {
      cv.Circle(pts[i].first, pts[i].second, r, "#FFFFFF", "obs provisional",
                "stroke=\"" + std::string(st.stroke) + "\" stroke-width=\"1.6\"");
    } else {
      cv.Circle(pts[i].first, pts[i].second, r, st.stroke, "obs",
                "stroke=\"#FFFFFF\" stroke-width=\"1\"");
    }
    cv.Raw("</g>");
  }
}

}  // namespace

std::string MonthLabel(double days) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Date d = Date::FromDays(static_cast<int64_t>(std::llround(days)));
  return std::string(kMonths[d.month - 1]) + " " + std::to_string(d.year);
}

std::string RenderLineChart(const LineChart& c) {
  Range x, y;
  YRange(c, x, y);
  std::vector<internal::LegendItem> legend;
  if (c.ambition)
    legend.push_back({c.ambition_label.empty() ? "Ambition" : c.ambition_label,
                      std::string(internal::kNhsRed), "8 3 2 3"});
  if (c.reference)
    legend.push_back({c.reference_label.empty() ? "Baseline" : c.reference_label,
                      std::string(internal::kNhsDarkGrey), "6 2 1 2"});
  for (const LineSeries& s : c.series) {
    Style st = StyleOf(s.style);
    legend.push_back({s.name, st.stroke, st.dash, st.markers});
  }
  if (!c.targets.empty())
    legend.push_back({"Target", std::string(internal::kNhsDarkBlue), "", false, true});
  double top = 16 + 15 * internal::LegendRows(56, legend, c.width - 10);
  Frame f = internal::MakeFrame(c.width, c.height, x.lo, x.hi, y.lo, y.hi, top);
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description);
  internal::DrawYGrid(cv, f, c.unit);
  if (c.x_kind == XKind::kDate)
    internal::DrawXDateTicks(cv, f, f.x.d0, f.x.d1);
  else
    internal::DrawXYearTicks(cv, f, f.x.d0, f.x.d1);
  if (c.ambition) {
    double ay = f.y(*c.ambition);
    cv.Line(f.left, ay, f.right, ay, std::string(internal::kNhsRed), 1.5, "8 3 2 3");
  }
  if (c.reference) {
    double ry = f.y(*c.reference);
    cv.Raw("<g class=\"reference\"><title>" + internal::XmlEscape(c.reference_label) + "</title>");
    cv.Line(f.left, ry, f.right, ry, std::string(internal::kNhsDarkGrey), 1.4, "6 2 1 2");
    cv.Raw("</g>");
  }
  for (const LineSeries& s : c.series) DrawSeries(cv, f, c, s);
  for (const TargetMark& t : c.targets) {
    cv.Raw("<g class=\"target\"><title>" + internal::XmlEscape(t.label) + "</title>");
    cv.Path(internal::DiamondPath(f.x(t.x), f.y(t.y), 5.5), "#FFFFFF",
            std::string(internal::kNhsDarkBlue), 2);
    bool shared = std::count_if(c.targets.begin(), c.targets.end(),
                                [&](const TargetMark& o) { return o.x == t.x; }) > 1;
    if (shared && !t.short_label.empty())
      cv.Text(f.x(t.x) - 8, f.y(t.y) + 3.5, t.short_label, "end", 9.5,
              std::string(internal::kNhsDarkBlue), "class=\"target-label\"");
    cv.Raw("</g>");
  }
  internal::DrawLegend(cv, f.left, 14, legend, c.width - 10);
  return cv.Finish();
}

std::string RenderWhiskerChart(const WhiskerChart& c) {
  Range y;
  for (const GroupValue& g : c.groups) {
    if (g.value) y.Add(*g.value);
    if (g.lo) y.Add(*g.lo);
    if (g.hi) y.Add(*g.hi);
  }
  if (c.overall) y.Add(*c.overall);
  if (y.empty()) y = Range{0, 1};
  double n = static_cast<double>(std::max<size_t>(1, c.groups.size()));
  Frame f = internal::MakeFrame(c.width, c.height + 14, 0.5, n + 0.5, y.lo, y.hi);
  f.x = internal::Scale{0.5, n + 0.5, f.left, f.right};
  f.bottom -= 14;
  f.y.r0 = f.bottom;
  Canvas cv(c.width, c.height + 14, c.text.id, c.text.title, c.text.description);
  internal::DrawYGrid(cv, f, c.unit);
  std::vector<internal::LegendItem> legend{
      {"Value with 95% confidence interval", std::string(internal::kNhsBlue), "", true}};
  if (c.overall) {
    double oy = f.y(*c.overall);
    cv.Line(f.left, oy, f.right, oy, std::string(internal::kNhsDarkGrey), 1.5, "6 4");
    legend.push_back({c.overall_label.empty() ? "Overall" : c.overall_label,
                      std::string(internal::kNhsDarkGrey), "6 4"});
  }
  for (size_t i = 0; i < c.groups.size(); ++i) {
    const GroupValue& g = c.groups[i];
    double x = f.x(static_cast<double>(i + 1));
    std::string label = g.label.substr(0, g.label.find(' '));
    cv.Text(x, f.bottom + 16, label, "middle", 10.5, internal::kNhsDarkGrey);
    if (!g.value) {
      cv.Text(x, f.bottom - 6, "s", "middle", 10.5, internal::kNhsDarkGrey,
              "font-style=\"italic\"");
      continue;
    }
    std::string tip = g.label + ": " + Num(*g.value, c.decimals) + c.unit;
    if (g.lo && g.hi) {
      tip += " (95% CI " + Num(*g.lo, c.decimals) + " to " + Num(*g.hi, c.decimals) + ")";
      cv.Line(x, f.y(*g.lo), x, f.y(*g.hi), std::string(internal::kNhsBlue), 1.6);
      cv.Line(x - 5, f.y(*g.lo), x + 5, f.y(*g.lo), std::string(internal::kNhsBlue), 1.6);
      cv.Line(x - 5, f.y(*g.hi), x + 5, f.y(*g.hi), std::string(internal::kNhsBlue), 1.6);
    }
    cv.Raw("<g><title>" + internal::XmlEscape(tip) + "</title>");
    cv.Circle(x, f.y(*g.value), 4, std::string(internal::kNhsBlue), "obs");
    cv.Raw("</g>");
  }
  cv.Text((f.left + f.right) / 2, c.height + 10, c.x_label, "middle", 10.5, internal::kNhsDarkGrey);
  internal::DrawLegend(cv, f.left, 14, legend);
  return cv.Finish();
}

}  // namespace barometer::report
