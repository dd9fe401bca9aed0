// The Making Data Count XmR chart and its variation and assurance icons.
#include <algorithm>
#include <cmath>
#include <limits>

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

constexpr std::string_view kImprovementBlue = "#0072CE";
constexpr std::string_view kCommonGrey = "#6B7A86";

std::string_view PointColour(PointType t) {
  switch (t) {
    case PointType::kSpecialCauseImprovement:
      return kImprovementBlue;
    case PointType::kSpecialCauseConcern:
      return internal::kConcernOrange;
    case PointType::kSpecialCauseNeutralHigh:
    case PointType::kSpecialCauseNeutralLow:
      return internal::kNhsPurple;
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
      return internal::kConcernOrange;
    case VariationIcon::kNeutralHigh:
    case VariationIcon::kNeutralLow:
      return internal::kNhsPurple;
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
      col = internal::kConcernOrange;
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
         std::string(internal::kNhsRed) + "\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>";
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

void DrawLimits(Canvas& cv, const internal::Frame& f, const stats::SpcSeries& s) {
  for (const stats::SpcGroup& g : s.groups) {
    if (g.end <= g.begin) continue;
    double x0 = f.x(static_cast<double>(s.points[g.begin].date.ToDays()));
    double x1 = f.x(static_cast<double>(s.points[g.end - 1].date.ToDays()));
    if (std::isfinite(g.mean))
      cv.Line(x0, f.y(g.mean), x1, f.y(g.mean), std::string(internal::kNhsDarkGrey), 1.4);
    for (double lim : {g.lpl, g.upl}) {
      if (std::isfinite(lim))
        cv.Line(x0, f.y(lim), x1, f.y(lim), std::string(internal::kNhsDarkGrey), 1.2, "5 3");
    }
  }
}

std::string SpcTip(const stats::SpcPoint& p, const SpcChart& c) {
  std::string tip =
      MonthLabel(static_cast<double>(p.date.ToDays())) + ": " + Num(*p.value, c.decimals) + c.unit;
  if (p.point_type != PointType::kCommonCause) tip += " — " + p.special_cause_type;
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
  bool any = false;
  for (const stats::SpcPoint& p : s.points) {
    double x = static_cast<double>(p.date.ToDays());
    x_lo = any ? std::min(x_lo, x) : x;
    x_hi = any ? std::max(x_hi, x) : x;
    any = true;
    if (p.value) y.Add(*p.value);
  }
  for (const stats::SpcGroup& g : s.groups) y.Add(g.lpl), y.Add(g.upl), y.Add(g.mean);
  if (s.target) y.Add(*s.target);
  if (!(y.lo <= y.hi)) y = YRange{0, 1};
  double pad = std::max((y.hi - y.lo) * 0.06, 1e-9);
  std::vector<internal::LegendItem> legend{
      {"Mean", std::string(internal::kNhsDarkGrey), ""},
      {"Process limits", std::string(internal::kNhsDarkGrey), "5 3"}};
  if (s.target) legend.push_back({"Target", std::string(internal::kNhsRed), "8 3 2 3"});
  double icon = 32, icons_w = 2 * icon + 8;
  double top =
      std::max(16.0 + 15 * internal::LegendRows(56, legend, c.width - icons_w - 8), icon + 10);
  internal::Frame f =
      internal::MakeFrame(c.width, c.height, x_lo, x_hi, y.lo - pad, y.hi + pad, top);
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart spc");
  internal::DrawYGrid(cv, f, c.unit);
  internal::DrawXDateTicks(cv, f, f.x.d0, f.x.d1);
  DrawLimits(cv, f, s);
  if (s.target) {
    cv.Line(f.left, f.y(*s.target), f.right, f.y(*s.target), std::string(internal::kNhsRed), 1.6,
            "8 3 2 3");
  }
  std::vector<std::pair<double, double>> line;
  for (const stats::SpcPoint& p : s.points)
    if (p.value) line.emplace_back(f.x(static_cast<double>(p.date.ToDays())), f.y(*p.value));
  cv.Polyline(line, std::string(kCommonGrey), 1.4);
  for (const stats::SpcPoint& p : s.points) {
    if (!p.value) continue;
    cv.Raw("<g><title>" + internal::XmlEscape(SpcTip(p, c)) + "</title>");
    cv.Circle(f.x(static_cast<double>(p.date.ToDays())), f.y(*p.value), 3.6,
              PointColour(p.point_type), "obs", "stroke=\"#FFFFFF\" stroke-width=\"0.8\"");
    cv.Raw("</g>");
  }
  internal::DrawLegend(cv, f.left, 14, legend, c.width - icons_w - 8);
  double ix = c.width - icons_w;
  cv.Raw("<g class=\"icon-variation\"><title>" +
         internal::XmlEscape(stats::VariationIconDescription(s.variation_icon)) + "</title>" +
         VariationIconBody(s.variation_icon, ix, 2, icon) + "</g>");
  if (s.assurance != AssuranceIcon::kNone) {
    cv.Raw("<g class=\"icon-assurance\"><title>" +
           internal::XmlEscape(stats::AssuranceIconDescription(s.assurance)) + "</title>" +
           AssuranceIconBody(s.assurance, ix + icon + 6, 2, icon) + "</g>");
  }
  return cv.Finish();
}

}  // namespace barometer::report
