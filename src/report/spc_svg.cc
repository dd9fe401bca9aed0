// `barometer spc --format svg`: one panel per facet, each drawn by the
// reports' SPC renderer (RenderSpcChart), stacked in one SVG document.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "report/spc.h"
#include "report/svg.h"

namespace barometer::report {
namespace {

using stats::AssuranceIcon;
using stats::SpcFacet;

constexpr double kWidth = 960, kPanelHeight = 400;

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

// One facet's chart, placed `y` pixels down the document.
std::string Panel(const SpcReport& r, const SpcFacet& f, const SpcSvgOptions& o, size_t index,
                  double y) {
  SpcChart c;
  std::string title = r.faceted ? fmt::format("{}: {}", f.facet, o.value_label) : o.title;
  c.text = {fmt::format("spc-{}", index + 1), title,
            fmt::format("{} points to {}", f.series.points.size(),
                        r.date_text[f.series.points.back().input_index])};
  c.improvement = r.options.common.improvement;
  c.width = kWidth;
  c.height = kPanelHeight;
  c.decimals = -1;
  c.y_label = o.value_label;
  c.point_legend = true;
  c.icon_size = 44;
  for (const stats::SpcPoint& p : f.series.points) c.x_labels.push_back(r.date_text[p.input_index]);
  std::string svg = RenderSpcChart(f.series, c);
  // A nested <svg> is placed by its x and y.
  const std::string open = "<svg ";
  return open + fmt::format("x=\"0\" y=\"{:.0f}\" ", y) + svg.substr(open.size()) + "\n";
}

}  // namespace

std::string SpcSvg(const SpcReport& report, const SpcSvgOptions& options) {
  double height = kPanelHeight * static_cast<double>(std::max<size_t>(1, report.facets.size()));
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-labelledby=\"spc-title spc-desc\" "
      "font-family=\"sans-serif\">\n<title id=\"spc-title\">{}</title>\n"
      "<desc id=\"spc-desc\">{}</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
      kWidth, height, kWidth, height, XmlEscape(options.title), XmlEscape(Description(report)));
  for (size_t i = 0; i < report.facets.size(); ++i) {
    out += Panel(report, report.facets[i], options, i, static_cast<double>(i) * kPanelHeight);
  }
  out += "</svg>\n";
  return out;
}

}  // namespace barometer::report
