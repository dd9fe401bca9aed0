// The Making Data Count XmR chart and its variation and assurance icons.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/number.h"
#include "report/internal/axes.h"
#include "report/internal/canvas.h"
#include "report/svg.h"

namespace barometer::report {
namespace {

using internal::Canvas;
using internal::Num;
using internal::Px;
using stats::AssuranceIcon;
using stats::PointType;
using stats::VariationIcon;

// Making Data Count colours, as NHSRplotthedots 0.2 draws them
// (ptd_spc_colours()): the one SPC palette of every chart barometer draws.
constexpr std::string_view kCommonGrey = "#a6a6a6";
constexpr std::string_view kImprovementBlue = "#00b0f0";
constexpr std::string_view kConcernOrange = "#e46c0a";
constexpr std::string_view kNeutralPurple = "#490092";
constexpr std::string_view kTargetRed = "#de1b1b";
constexpr std::string_view kMeanBlack = "#000000";

std::string_view PointColour(PointType t) {
  switch (t) {
    case PointType::kSpecialCauseImprovement:
      return kImprovementBlue;
    case PointType::kSpecialCauseConcern:
      return kConcernOrange;
    case PointType::kSpecialCauseNeutralHigh:
    case PointType::kSpecialCauseNeutralLow:
      return kNeutralPurple;
    case PointType::kCommonCause:
      break;
  }
  return kCommonGrey;
}

std::string_view VariationColour(VariationIcon v) {
  switch (v) {
    case VariationIcon::kImprovementHigh:
    case VariationIcon::kImprovementLow:
      return kImprovementBlue;
    case VariationIcon::kConcernHigh:
    case VariationIcon::kConcernLow:
      return kConcernOrange;
    case VariationIcon::kNeutralHigh:
    case VariationIcon::kNeutralLow:
      return kNeutralPurple;
    case VariationIcon::kCommonCause:
      break;
  }
  return kCommonGrey;
}

std::string_view VariationLetter(VariationIcon v) {
  switch (v) {
    case VariationIcon::kImprovementHigh:
    case VariationIcon::kConcernHigh:
    case VariationIcon::kNeutralHigh:
      return "H";
    case VariationIcon::kImprovementLow:
    case VariationIcon::kConcernLow:
    case VariationIcon::kNeutralLow:
      return "L";
    case VariationIcon::kCommonCause:
      break;
  }
  return "";
}

// An icon's drawing at (x, y), `size` px square.
std::string VariationIconBody(VariationIcon v, double x, double y, double size) {
  std::string col(VariationColour(v));
  double r = size / 2 - 1.5, cx = x + size / 2, cy = y + size / 2;
  std::string out = "<circle cx=\"" + Px(cx) + "\" cy=\"" + Px(cy) + "\" r=\"" + Px(r) +
                    "\" fill=\"#FFFFFF\" stroke=\"" + col + "\" stroke-width=\"" + Px(size / 12) +
                    "\"/>";
  std::string_view letter = VariationLetter(v);
  bool up = letter == "H", special = !letter.empty();
  // Five dots: flat for common cause, rising or falling at the end otherwise.
  const double flat[] = {0, 0.25, -0.2, 0.15, 0};
  for (int i = 0; i < 5; ++i) {
    double dy = special && i >= 2 ? (up ? -1 : 1) * (i - 1) * 0.09 * size : flat[i] * 0.12 * size;
    double px = cx - 0.3 * size + i * 0.15 * size;
    double py = cy + (special ? 0.16 * size : 0.05 * size) + dy;
    bool lit = special && i >= 2;
    out += "<circle cx=\"" + Px(px) + "\" cy=\"" + Px(py) + "\" r=\"" + Px(size / 22) +
           "\" fill=\"" + (lit ? col : std::string(kCommonGrey)) + "\"/>";
  }
  if (special) {
    out += "<text x=\"" + Px(cx) + "\" y=\"" + Px(cy - 0.02 * size) + "\" font-size=\"" +
           Px(size * 0.34) + "\" font-weight=\"700\" text-anchor=\"middle\" fill=\"" + col + "\">" +
           std::string(letter) + "</text>";
  }
  return out;
}

std::string AssuranceIconBody(AssuranceIcon a, double x, double y, double size) {
  std::string col;
  std::string letter;
  switch (a) {
    case AssuranceIcon::kPass:
      col = kImprovementBlue;
      letter = "P";
      break;
    case AssuranceIcon::kFail:
      col = kConcernOrange;
      letter = "F";
      break;
    case AssuranceIcon::kInconsistent:
      col = kCommonGrey;
      letter = "?";
      break;
    case AssuranceIcon::kNone:
      return "";
  }
  double r = size / 2 - 1.5, cx = x + size / 2, cy = y + size / 2;
  std::string out = "<circle cx=\"" + Px(cx) + "\" cy=\"" + Px(cy) + "\" r=\"" + Px(r) +
                    "\" fill=\"#FFFFFF\" stroke=\"" + col + "\" stroke-width=\"" + Px(size / 12) +
                    "\"/>";
  out += "<line x1=\"" + Px(cx - r * 0.7) + "\" y1=\"" + Px(cy + r * 0.45) + "\" x2=\"" +
         Px(cx + r * 0.7) + "\" y2=\"" + Px(cy + r * 0.45) + "\" stroke=\"" +
         std::string(kTargetRed) + "\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>";
  out += "<text x=\"" + Px(cx) + "\" y=\"" + Px(cy + size * 0.12) + "\" font-size=\"" +
         Px(size * 0.42) + "\" font-weight=\"700\" text-anchor=\"middle\" fill=\"" + col + "\">" +
         letter + "</text>";
  return out;
}

std::string StandaloneIcon(std::string_view body, std::string_view label, double size) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"icon\" width=\"" + Px(size) +
         "\" height=\"" + Px(size) + "\" viewBox=\"0 0 " + Px(size) + " " + Px(size) +
         "\" role=\"img\" aria-label=\"" + internal::XmlEscape(label) + "\"><title>" +
         internal::XmlEscape(label) + "</title>" + std::string(body) + "</svg>";
}

struct YRange {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Add(double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  }
};

// The x of each point: its date, or its position when the chart labels
// points by their own text (x_labels).
double PointX(const stats::SpcSeries& s, const SpcChart& c, size_t i) {
  return c.x_labels.empty() ? static_cast<double>(s.points[i].date.ToDays())
                            : static_cast<double>(i);
}

void DrawLimits(Canvas& cv, const internal::Frame& f, const stats::SpcSeries& s,
                const SpcChart& c) {
  for (const stats::SpcGroup& g : s.groups) {
    if (g.end <= g.begin || g.end > s.points.size()) continue;
    double x0 = f.x(PointX(s, c, g.begin));
    double x1 = f.x(PointX(s, c, g.end - 1));
    if (std::isfinite(g.mean)) cv.Line(x0, f.y(g.mean), x1, f.y(g.mean), kMeanBlack, 1.4);
    for (double lim : {g.lpl, g.upl}) {
      if (std::isfinite(lim)) cv.Line(x0, f.y(lim), x1, f.y(lim), kCommonGrey, 1.4, "6 4");
    }
  }
}

// Up to eight of the points' own labels under the axis.
void DrawXLabels(Canvas& cv, const internal::Frame& f, const std::vector<std::string>& labels) {
  size_t every = std::max<size_t>(1, (labels.size() + 7) / 8);
  for (size_t i = 0; i < labels.size(); i += every) {
    double x = f.x(static_cast<double>(i));
    cv.Line(x, f.bottom, x, f.bottom + 4, internal::kNhsMidGrey, 1);
    cv.Text(x, f.bottom + 17, labels[i], "middle", 10.5, internal::kNhsDarkGrey);
  }
}

std::string SpcTip(const stats::SpcSeries& s, const SpcChart& c, size_t i) {
  const stats::SpcPoint& p = s.points[i];
  std::string when =
      c.x_labels.empty() ? MonthLabel(static_cast<double>(p.date.ToDays())) : c.x_labels[i];
  std::string value = c.decimals < 0 ? FormatShortest(*p.value) : Num(*p.value, c.decimals);
  std::string tip = when + ": " + value + c.unit;
  if (!p.special_cause_type.empty() && p.point_type != PointType::kCommonCause)
    tip += " — " + p.special_cause_type;
  if (std::find(c.provisional.begin(), c.provisional.end(), p.date) != c.provisional.end())
    tip += " (provisional)";
  return tip;
}

}  // namespace

std::string VariationIconSvg(VariationIcon v, double size) {
  return StandaloneIcon(VariationIconBody(v, 0, 0, size), stats::VariationIconDescription(v), size);
}

std::string AssuranceIconSvg(AssuranceIcon a, double size) {
  if (a == AssuranceIcon::kNone) return "";
  return StandaloneIcon(AssuranceIconBody(a, 0, 0, size), stats::AssuranceIconDescription(a), size);
}

std::string RenderSpcChart(const stats::SpcSeries& s, const SpcChart& c) {
  YRange y;
  double x_lo = 0, x_hi = 1;
  for (size_t i = 0; i < s.points.size(); ++i) {
    double x = PointX(s, c, i);
    x_lo = i ? std::min(x_lo, x) : x;
    x_hi = i ? std::max(x_hi, x) : x;
    if (s.points[i].value) y.Add(*s.points[i].value);
  }
  for (const stats::SpcGroup& g : s.groups) y.Add(g.lpl), y.Add(g.upl), y.Add(g.mean);
  if (s.target) y.Add(*s.target);
  if (!(y.lo <= y.hi)) y = YRange{0, 1};
  double pad = (y.hi - y.lo) * 0.06;
  if (!std::isfinite(pad) || !std::isfinite(y.lo - pad) || !std::isfinite(y.hi + pad)) pad = 0;
  std::vector<internal::LegendItem> legend;
  if (c.point_legend) {
    legend = {{"Common cause", std::string(kCommonGrey), "", true},
              {"Improvement", std::string(kImprovementBlue), "", true},
              {"Concern", std::string(kConcernOrange), "", true},
              {"Neither", std::string(kNeutralPurple), "", true}};
  }
  legend.push_back({"Mean", std::string(kMeanBlack), ""});
  legend.push_back({"Process limits", std::string(kCommonGrey), "6 4"});
  if (s.target) legend.push_back({"Target", std::string(kTargetRed), "8 3 2 3"});
  double icon = c.icon_size, icons_w = 2 * icon + 8;
  double top =
      std::max(16.0 + 15 * internal::LegendRows(56, legend, c.width - icons_w - 8), icon + 10);
  internal::Frame f =
      internal::MakeFrame(c.width, c.height, x_lo, x_hi, y.lo - pad, y.hi + pad, top);
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart spc");
  internal::DrawYGrid(cv, f, c.unit);
  if (c.x_labels.empty())
    internal::DrawXDateTicks(cv, f, f.x.d0, f.x.d1);
  else
    DrawXLabels(cv, f, c.x_labels);
  if (!c.y_label.empty()) {
    double mid = (f.top + f.bottom) / 2;
    cv.Text(11, mid, c.y_label, "middle", 10.5, internal::kNhsDarkGrey,
            "transform=\"rotate(-90 11 " + Px(mid) + ")\"");
  }
  DrawLimits(cv, f, s, c);
  // Each recalculation of the limits at a recorded process change, marked
  // where the new phase starts and labelled.
  for (const SpcChart::Annotation& a : c.rebases) {
    if (!c.x_labels.empty() || a.x < f.x.d0 || a.x > f.x.d1) continue;
    double ax = f.x(a.x);
    cv.Raw("<g class=\"rebase\"><title>" +
           internal::XmlEscape(a.detail.empty() ? a.label : a.detail) + "</title>");
    cv.Line(ax, f.top, ax, f.bottom, internal::kNhsDarkGrey, 1.2, "2 2");
    bool right_half = ax > (f.left + f.right) / 2;  // label on the side with room
    cv.Text(right_half ? ax - 3 : ax + 3, f.top + 10, a.label, right_half ? "end" : "start", 9,
            internal::kNhsDarkGrey);
    cv.Raw("</g>");
  }
  if (!c.limits_note.empty())
    cv.Text(f.right, f.bottom - 4, c.limits_note, "end", 9.5, internal::kNhsDarkGrey,
            "class=\"limits-note\" font-style=\"italic\"");
  if (s.target && std::isfinite(*s.target)) {
    cv.Line(f.left, f.y(*s.target), f.right, f.y(*s.target), kTargetRed, 1.6, "8 3 2 3");
  }
  // The value line, broken where a value is missing.
  std::vector<std::pair<double, double>> line;
  for (size_t i = 0; i <= s.points.size(); ++i) {
    if (i < s.points.size() && s.points[i].value) {
      line.emplace_back(f.x(PointX(s, c, i)), f.y(*s.points[i].value));
      continue;
    }
    cv.Polyline(line, kCommonGrey, 1.4, {}, "spc-line");
    line.clear();
  }
  for (size_t i = 0; i < s.points.size(); ++i) {
    const stats::SpcPoint& p = s.points[i];
    if (!p.value) continue;
    cv.Raw("<g><title>" + internal::XmlEscape(SpcTip(s, c, i)) + "</title>");
    if (std::find(c.provisional.begin(), c.provisional.end(), p.date) != c.provisional.end()) {
      cv.Circle(f.x(PointX(s, c, i)), f.y(*p.value), 3.6, "#FFFFFF", "obs provisional",
                "stroke=\"" + std::string(PointColour(p.point_type)) + "\" stroke-width=\"1.6\"");
    } else {
      cv.Circle(f.x(PointX(s, c, i)), f.y(*p.value), 3.6, PointColour(p.point_type), "obs",
                "stroke=\"#FFFFFF\" stroke-width=\"0.8\"");
    }
    cv.Raw("</g>");
  }
  internal::DrawLegend(cv, f.left, 14, legend, c.width - icons_w - 8);
  double ix = c.width - icons_w;
  cv.Raw("<g class=\"icon-variation\"><title>" +
         internal::XmlEscape(std::string(stats::VariationIconDescription(s.variation_icon)) + " (" +
                             std::string(stats::VariationIconName(s.variation_icon)) + ")") +
         "</title>" + VariationIconBody(s.variation_icon, ix, 2, icon) + "</g>");
  if (s.assurance != AssuranceIcon::kNone) {
    cv.Raw("<g class=\"icon-assurance\"><title>" +
           internal::XmlEscape(std::string(stats::AssuranceIconDescription(s.assurance)) + " (" +
                               std::string(stats::AssuranceIconName(s.assurance)) + ")") +
           "</title>" + AssuranceIconBody(s.assurance, ix + icon + 6, 2, icon) + "</g>");
  }
  return cv.Finish();
}

}  // namespace barometer::report
