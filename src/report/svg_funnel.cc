// The funnel plot: peers against their denominators with the control limits
// the record computed (measures::FunnelInfo). The chart decides nothing.
#include <algorithm>
#include <cmath>

#include "report/internal/axes.h"
#include "report/internal/canvas.h"
#include "report/svg.h"

namespace barometer::report {

using internal::Canvas;
using internal::Num;
using internal::Px;

std::string RenderFunnelChart(const FunnelChart& c) {
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart funnel");
  std::vector<const FunnelChartPoint*> all;
  for (const FunnelChartPoint& p : c.peers)
    if (std::isfinite(p.x) && std::isfinite(p.y)) all.push_back(&p);
  if (c.ours && std::isfinite(c.ours->x) && std::isfinite(c.ours->y)) all.push_back(&*c.ours);
  if (all.empty()) {
    cv.Text(c.width / 2, c.height / 2, "No peer values", "middle", 11, internal::kNhsDarkGrey);
    return cv.Finish();
  }
  // The y range is the points' and the centre line's (the limits at small
  // denominators would flatten everything); the limits are clipped to it.
  double y_lo = c.average, y_hi = c.average, x_hi = 0;
  for (const FunnelChartPoint* p : all) {
    y_lo = std::min(y_lo, p->y);
    y_hi = std::max(y_hi, p->y);
    x_hi = std::max(x_hi, p->x);
  }
  double pad = std::max((y_hi - y_lo) * 0.08, 0.5 * std::pow(10.0, -c.decimals));
  y_lo -= pad;
  y_hi += pad;
  if (c.y_min) y_lo = std::max(y_lo, *c.y_min);
  if (c.y_max) y_hi = std::min(y_hi, *c.y_max);
  std::vector<internal::LegendItem> legend = {
      {"Peer", std::string(internal::kNhsDarkGrey), "", true},
      {c.our_label, std::string(internal::kNhsBlue), "", true},
      {c.average_label, std::string(internal::kNhsDarkBlue), "", false},
      {"95% limits", std::string(internal::kNhsMidGrey), "5 3", false},
      {"99.8% limits", std::string(internal::kNhsDarkGrey), "", false},
  };
  const double top = 16 + 18.0 * internal::LegendRows(56, legend, c.width - 18);
  internal::Frame f = internal::MakeFrame(c.width, c.height - 14, 0, x_hi, y_lo, y_hi, top);
  internal::DrawLegend(cv, 56, 14, legend, c.width - 18);
  internal::DrawYGrid(cv, f, c.unit);
  double xa = 0, xb = x_hi;
  std::vector<double> xt = internal::NiceTicks(xa, xb, 6);
  int xdec = internal::TickDecimals(xt);
  for (double t : xt) {
    double x = f.x(t);
    if (x < f.left - 1 || x > f.right + 1) continue;
    cv.Line(x, f.bottom, x, f.bottom + 4, std::string(internal::kNhsMidGrey), 1);
    cv.Text(x, f.bottom + 16, Num(t, xdec), "middle", 10.5, internal::kNhsDarkGrey);
  }
  cv.Text((f.left + f.right) / 2, f.bottom + 31, c.x_label, "middle", 10.5, internal::kNhsDarkGrey);
  // Limits and centre line, clipped to the plot area.
  const std::string clip = c.text.id + "-plot";
  cv.Raw("<defs><clipPath id=\"" + internal::XmlEscape(clip) + "\"><rect x=\"" + Px(f.left) +
         "\" y=\"" + Px(f.top) + "\" width=\"" + Px(f.right - f.left) + "\" height=\"" +
         Px(f.bottom - f.top) + "\"/></clipPath></defs>");
  cv.Open("class=\"limits\" clip-path=\"url(#" + internal::XmlEscape(clip) + ")\"");
  auto line = [&](double FunnelChartLimit::*member, std::string_view stroke, std::string_view dash,
                  std::string_view css) {
    std::vector<std::pair<double, double>> pts;
    for (const FunnelChartLimit& l : c.limits) {
      double v = l.*member;
      if (!std::isfinite(v) || !std::isfinite(l.x)) continue;
      // Far outside the plot, a point only steepens the clipped line.
      v = std::clamp(v, y_lo - (y_hi - y_lo), y_hi + (y_hi - y_lo));
      pts.push_back({f.x(l.x), f.y(v)});
    }
    cv.Polyline(pts, stroke, 1.4, dash, css);
  };
  line(&FunnelChartLimit::lower998, internal::kNhsDarkGrey, "", "limit-998");
  line(&FunnelChartLimit::upper998, internal::kNhsDarkGrey, "", "limit-998");
  line(&FunnelChartLimit::lower95, internal::kNhsMidGrey, "5 3", "limit-95");
  line(&FunnelChartLimit::upper95, internal::kNhsMidGrey, "5 3", "limit-95");
  cv.Line(f.left, f.y(c.average), f.right, f.y(c.average), std::string(internal::kNhsDarkBlue),
          1.5);
  cv.Close();
  for (const FunnelChartPoint& p : c.peers) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    cv.Raw("<g><title>" + internal::XmlEscape(p.tooltip) + "</title>");
    cv.Circle(f.x(p.x), f.y(p.y), 3, internal::kNhsDarkGrey, "obs", "fill-opacity=\"0.7\"");
    cv.Raw("</g>");
  }
  if (c.ours && std::isfinite(c.ours->x) && std::isfinite(c.ours->y)) {
    double ox = f.x(c.ours->x), oy = f.y(c.ours->y);
    cv.Raw("<g class=\"ours\"><title>" + internal::XmlEscape(c.ours->tooltip) + "</title>");
    cv.Circle(ox, oy, 6.5, internal::kNhsBlue, "obs ours", "stroke=\"#FFFFFF\" stroke-width=\"2\"");
    cv.Raw("</g>");
    double tw = 6.4 * static_cast<double>(c.our_label.size()) + 8;
    bool left_side = ox > (f.left + f.right) / 2;
    double tx = std::clamp(ox + (left_side ? -12 - tw : 12), f.left, f.right - tw);
    double ty = std::clamp(oy - 22, f.top, f.bottom - 15);
    cv.Rect(tx, ty, tw, 15, "#FFFFFF", "rx=\"3\" stroke=\"#005EB8\" stroke-width=\"1\"");
    cv.Text(tx + 4, ty + 11.5, c.our_label, "start", 11, internal::kNhsDarkBlue,
            "font-weight=\"700\"");
  }
  return cv.Finish();
}

}  // namespace barometer::report
