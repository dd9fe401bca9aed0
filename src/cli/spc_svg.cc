#include "cli/spc_svg.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/spc_format.h"
#include "core/text.h"

namespace barometer::cli {
namespace {

using stats::AssuranceIcon;
using stats::PointType;
using stats::SpcFacet;
using stats::SpcGroup;
using stats::SpcPoint;
using stats::VariationIcon;

// Making Data Count colours (as NHSRplotthedots' ptd_spc_colours()).
constexpr const char* kGrey = "#a6a6a6";
constexpr const char* kBlue = "#00b0f0";
constexpr const char* kOrange = "#e46c0a";
constexpr const char* kPurple = "#490092";
constexpr const char* kRed = "#de1b1b";

constexpr double kWidth = 960, kPanelHeight = 400;
constexpr double kLeft = 70, kRight = 210, kTop = 56, kBottom = 70;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kPanelHeight - kTop - kBottom;

const char* PointColour(PointType t) {
  switch (t) {
    case PointType::kSpecialCauseImprovement:
      return kBlue;
    case PointType::kSpecialCauseConcern:
      return kOrange;
    case PointType::kSpecialCauseNeutralHigh:
    case PointType::kSpecialCauseNeutralLow:
      return kPurple;
    case PointType::kCommonCause:
      return kGrey;
  }
  return kGrey;
}

// The y range: values, limits and target, padded; a unit range around a constant.
struct Scale {
  double lo = 0, hi = 1, top = 0;
  double Y(double v) const {
    double y = top + kPlotH - (v - lo) / (hi - lo) * kPlotH;
    return std::clamp(y, top - 8, top + kPlotH + 8);
  }
};

Scale MakeScale(const SpcFacet& f, double top) {
  double lo = INFINITY, hi = -INFINITY;
  auto add = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const SpcPoint& p : f.series.points) {
    if (p.value) add(*p.value);
    add(p.lpl);
    add(p.upl);
  }
  if (f.series.target) add(*f.series.target);
  Scale s;
  s.top = top;
  if (!(lo <= hi) || !std::isfinite(hi - lo)) return s;
  double pad = hi > lo ? (hi - lo) * 0.06 : std::max(1.0, std::fabs(hi) * 0.1);
  s.lo = lo - pad;
  s.hi = hi + pad;
  if (!std::isfinite(s.hi - s.lo)) s.lo = lo, s.hi = hi;
  if (!(s.hi > s.lo)) s.lo = 0, s.hi = 1;
  return s;
}

double NiceStep(double range) {
  double raw = range / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * mag) return m * mag;
  }
  return 10 * mag;
}

double X(size_t i, size_t n) { return kLeft + (static_cast<double>(i) + 0.5) * kPlotW / n; }

void Axes(std::string& out, const SpcReport& r, const SpcFacet& f, const Scale& s) {
  double step = NiceStep(s.hi - s.lo);
  if (std::isfinite(step) && step > 0 && (s.hi - s.lo) / step < 50) {
    // Ticks at whole multiples of the step, so 0 is exactly 0 (never "-0"). The
    // count is bounded: near 1e300, k + 1 == k in doubles.
    const double k0 = std::ceil(s.lo / step);
    for (int i = 0; i < 50 && (k0 + i) * step <= s.hi; ++i) {
      double k = k0 + i;
      double v = k == 0 ? 0.0 : k * step;
      double y = s.Y(v);
      out += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#e5e5e5\"/>"
          "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">{}</text>\n",
          kLeft, y, kLeft + kPlotW, y, kLeft - 6, y + 4, XmlEscape(fmt::format("{:.6g}", v)));
    }
  }
  const auto& pts = f.series.points;
  size_t every = std::max<size_t>(1, (pts.size() + 7) / 8);
  for (size_t i = 0; i < pts.size(); i += every) {
    double x = X(i, pts.size()), y = s.top + kPlotH + 16;
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n", x, y,
        XmlEscape(r.date_text[pts[i].input_index]));
  }
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#666\"/>\n",
      kLeft, s.top, kPlotW, kPlotH);
}

void Line(std::string& out, double x1, double x2, double y, const char* colour, bool dashed,
          std::string_view label) {
  out += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
      "stroke-width=\"1.5\"{}><title>{}</title></line>\n",
      x1, y, x2, y, colour, dashed ? " stroke-dasharray=\"6 4\"" : "", XmlEscape(label));
}

void GroupLines(std::string& out, const SpcFacet& f, const Scale& s) {
  size_t n = f.series.points.size();
  double half = kPlotW / n / 2;
  for (const SpcGroup& g : f.series.groups) {
    double x1 = X(g.begin, n) - half, x2 = X(g.end - 1, n) + half;
    if (std::isfinite(g.mean)) {
      Line(out, x1, x2, s.Y(g.mean), "#000000", false, "mean " + SpcNumber(g.mean));
    }
    if (std::isfinite(g.upl)) {
      Line(out, x1, x2, s.Y(g.upl), kGrey, true, "upper process limit " + SpcNumber(g.upl));
      Line(out, x1, x2, s.Y(g.lpl), kGrey, true, "lower process limit " + SpcNumber(g.lpl));
    }
  }
  if (f.series.target && std::isfinite(*f.series.target)) {
    double y = s.Y(*f.series.target);
    Line(out, kLeft, kLeft + kPlotW, y, kRed, true, "target " + SpcNumber(*f.series.target));
    out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"{}\">target</text>\n",
                    kLeft + kPlotW + 4, y + 4, kRed);
  }
}

void Points(std::string& out, const SpcReport& r, const SpcFacet& f, const Scale& s) {
  const auto& pts = f.series.points;
  std::string path;
  bool pen = false;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (!pts[i].value) {
      pen = false;
      continue;
    }
    path += fmt::format("{}{:.1f},{:.1f} ", pen ? "L" : "M", X(i, pts.size()), s.Y(*pts[i].value));
    pen = true;
  }
  if (!path.empty()) {
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", path,
                       kGrey);
  }
  for (size_t i = 0; i < pts.size(); ++i) {
    const SpcPoint& p = pts[i];
    if (!p.value) continue;
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"><title>{}: {} ({})</title>"
        "</circle>\n",
        X(i, pts.size()), s.Y(*p.value), PointColour(p.point_type),
        XmlEscape(r.date_text[p.input_index]), XmlEscape(SpcNumber(*p.value)),
        XmlEscape(p.special_cause_type));
  }
}

struct Badge {
  const char* fill;
  const char* letter;
  std::string_view label;
};

Badge VariationBadge(VariationIcon v) {
  switch (v) {
    case VariationIcon::kImprovementHigh:
      return {kBlue, "H", "Improvement (high)"};
    case VariationIcon::kImprovementLow:
      return {kBlue, "L", "Improvement (low)"};
    case VariationIcon::kConcernHigh:
      return {kOrange, "H", "Concern (high)"};
    case VariationIcon::kConcernLow:
      return {kOrange, "L", "Concern (low)"};
    case VariationIcon::kNeutralHigh:
      return {kPurple, "H", "Neutral (high)"};
    case VariationIcon::kNeutralLow:
      return {kPurple, "L", "Neutral (low)"};
    case VariationIcon::kCommonCause:
      return {kGrey, "~", "Common cause"};
  }
  return {kGrey, "~", "Common cause"};
}

Badge AssuranceBadge(AssuranceIcon a) {
  switch (a) {
    case AssuranceIcon::kPass:
      return {kBlue, "P", "Target: will pass"};
    case AssuranceIcon::kFail:
      return {kOrange, "F", "Target: will fail"};
    case AssuranceIcon::kInconsistent:
      return {kGrey, "?", "Target: hit and miss"};
    case AssuranceIcon::kNone:
      return {"none", "", ""};
  }
  return {"none", "", ""};
}

void DrawBadge(std::string& out, double cx, double cy, const Badge& b, std::string_view name,
               std::string_view description) {
  out += fmt::format(
      "<g role=\"img\" aria-label=\"{}\"><title>{}</title>"
      "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"22\" fill=\"#ffffff\" stroke=\"{}\" "
      "stroke-width=\"4\"/><text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
      "font-size=\"20\" font-weight=\"bold\" fill=\"{}\">{}</text>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\">{}</text></g>\n",
      XmlEscape(b.label), XmlEscape(fmt::format("{} ({})", description, name)), cx, cy, b.fill, cx,
      cy + 7, b.fill, b.letter, cx, cy + 38, XmlEscape(b.label));
}

void Icons(std::string& out, const SpcFacet& f, double top) {
  double cx = kLeft + kPlotW + 100;
  auto v = f.series.variation_icon;
  DrawBadge(out, cx, top + 40, VariationBadge(v), VariationIconName(v),
            VariationIconDescription(v));
  auto a = f.series.assurance;
  if (a != AssuranceIcon::kNone) {
    DrawBadge(out, cx, top + 130, AssuranceBadge(a), AssuranceIconName(a),
              AssuranceIconDescription(a));
  }
}

void Legend(std::string& out, double y) {
  double x = kLeft;
  for (auto [colour, label] : {std::pair{kGrey, "Common cause"}, std::pair{kBlue, "Improvement"},
                               std::pair{kOrange, "Concern"}, std::pair{kPurple, "Neutral"}}) {
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/><text x=\"{:.1f}\" "
        "y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
        x, y, colour, x + 8, y + 4, label);
    x += 110;
  }
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">solid: mean; dashed grey: process "
      "limits; dashed red: target</text>\n",
      x, y + 4);
}

void Panel(std::string& out, const SpcReport& r, const SpcFacet& f, const SpcSvgOptions& o,
           double y0) {
  double top = y0 + kTop;
  out += fmt::format(
      "<g>\n<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"14\" font-weight=\"bold\">{}"
      "</text>\n",
      kLeft, y0 + 34,
      XmlEscape(r.faceted ? fmt::format("{}: {}", f.facet, o.value_label) : o.title));
  Scale s = MakeScale(f, top);
  Axes(out, r, f, s);
  GroupLines(out, f, s);
  Points(out, r, f, s);
  Icons(out, f, top);
  out += fmt::format(
      "<text transform=\"translate(16,{:.1f}) rotate(-90)\" text-anchor=\"middle\" "
      "font-size=\"12\">{}</text>\n",
      top + kPlotH / 2, XmlEscape(o.value_label));
  Legend(out, top + kPlotH + 44);
  out += "</g>\n";
}

std::string Description(const SpcReport& r) {
  std::string d = "Making Data Count XmR chart. ";
  for (const SpcFacet& f : r.facets) {
    if (r.faceted) d += fmt::format("{}: ", f.facet);
    d += fmt::format("{} points to {}; variation: {}", f.series.points.size(),
                     r.date_text[f.series.points.back().input_index],
                     VariationIconDescription(f.series.variation_icon));
    if (f.series.assurance != AssuranceIcon::kNone) {
      d += fmt::format("; assurance: {}", AssuranceIconDescription(f.series.assurance));
    }
    d += ". ";
  }
  return d;
}

}  // namespace

std::string SpcSvg(const SpcReport& report, const SpcSvgOptions& options) {
  double height = kPanelHeight * std::max<size_t>(1, report.facets.size()) + 10;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-labelledby=\"spc-title spc-desc\" "
      "font-family=\"sans-serif\">\n<title id=\"spc-title\">{}</title>\n"
      "<desc id=\"spc-desc\">{}</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
      kWidth, height, kWidth, height, XmlEscape(options.title), XmlEscape(Description(report)));
  for (size_t i = 0; i < report.facets.size(); ++i) {
    Panel(out, report, report.facets[i], options, static_cast<double>(i) * kPanelHeight);
  }
  out += "</svg>\n";
  return out;
}

}  // namespace barometer::cli
