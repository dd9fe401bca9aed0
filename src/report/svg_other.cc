// The peer strip plot, the 5x5 risk heat map and the Lorenz curve.
#include <algorithm>
#include <cmath>
#include <map>

#include "report/internal/axes.h"
#include "report/internal/canvas.h"
#include "report/svg.h"

namespace barometer::report {
namespace {

using internal::Canvas;
using internal::Num;
using internal::Px;

// Deterministic vertical jitter in [-1, 1] for the i-th dot.
double Jitter(size_t i) {
  uint32_t h = static_cast<uint32_t>(i) * 2654435761u;
  h ^= h >> 15;
  return static_cast<double>(h % 2001) / 1000.0 - 1.0;
}

const char* kLikelihood[] = {"Rare", "Unlikely", "Possible", "Likely", "Almost certain"};
const char* kConsequence[] = {"Negligible", "Minor", "Moderate", "Major", "Catastrophic"};

std::string_view BandFill(int score) {
  if (score <= 3) return "#CDE8D6";
  if (score <= 6) return "#FFF0BF";
  if (score <= 12) return "#FFD3A3";
  return "#F5B5AE";
}

}  // namespace

std::string RenderPeerStrip(const PeerStrip& c) {
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart strip");
  std::vector<double> v;
  for (double p : c.peers)
    if (std::isfinite(p)) v.push_back(p);
  if (v.empty()) {
    cv.Text(c.width / 2, c.height / 2, "No peer values", "middle", 11, internal::kNhsDarkGrey);
    return cv.Finish();
  }
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (c.ours) lo = std::min(lo, *c.ours), hi = std::max(hi, *c.ours);
  std::vector<double> ticks = internal::NiceTicks(lo, hi, 6);
  int dec = internal::TickDecimals(ticks);
  double left = 16, right = c.width - 16, top = 30, bottom = c.height - 28;
  internal::Scale x{lo, hi, left, right};
  // The quartile bands as the evaluation ranked them: between its cut points
  // (the worst value still in quartiles 1, 2 and 3), best quartile darkest.
  if (c.quartile_cuts[0] && c.quartile_cuts[1] && c.quartile_cuts[2]) {
    const char* fills[] = {"#7FB2DF", "#A9CDEB", "#D2E4F3", "#E8EDEE"};
    const char* names[] = {"Top quartile", "Second quartile", "Third quartile", "Bottom quartile"};
    // Edges from quartile 1 outwards: its best end, then each cut point.
    double best = c.higher_is_better ? hi : lo, worst = c.higher_is_better ? lo : hi;
    double edge[5] = {best, *c.quartile_cuts[0], *c.quartile_cuts[1], *c.quartile_cuts[2], worst};
    for (int k = 0; k < 4; ++k) {  // left to right
      int i = c.higher_is_better ? 3 - k : k;
      double x0 = std::min(x(edge[i]), x(edge[i + 1])), x1 = std::max(x(edge[i]), x(edge[i + 1]));
      cv.Rect(x0, top, x1 - x0, bottom - top, fills[i]);
      if (x1 - x0 > 70)
        cv.Text((x0 + x1) / 2, top - 6, names[i], "middle", 10, internal::kNhsDarkGrey);
    }
  }
  for (double t : ticks) {
    cv.Line(x(t), bottom, x(t), bottom + 4, std::string(internal::kNhsMidGrey), 1);
    cv.Text(x(t), bottom + 16, Num(t, dec) + c.unit, "middle", 10.5, internal::kNhsDarkGrey);
  }
  double mid = (top + bottom) / 2, amp = (bottom - top) / 2 - 7;
  for (size_t i = 0; i < v.size(); ++i) {
    cv.Circle(x(v[i]), mid + Jitter(i) * amp, 2.6, internal::kNhsDarkGrey, "obs",
              "fill-opacity=\"0.75\"");
  }
  if (c.ours) {
    double ox = x(*c.ours);
    cv.Raw("<g class=\"ours\"><title>" + internal::XmlEscape(c.our_label) + "</title>");
    cv.Line(ox, top - 2, ox, bottom + 2, std::string(internal::kNhsBlue), 2.5);
    cv.Circle(ox, mid, 6.5, internal::kNhsBlue, "ours", "stroke=\"#FFFFFF\" stroke-width=\"2\"");
    cv.Raw("</g>");
    bool right_side = ox < (left + right) / 2;
    double tw = 6.4 * static_cast<double>(c.our_label.size()) + 8;
    double tx = ox + (right_side ? 10 : -10 - tw);
    cv.Rect(tx, top + 2, tw, 15, "#FFFFFF", "rx=\"3\" stroke=\"#005EB8\" stroke-width=\"1\"");
    cv.Text(tx + 4, top + 13.5, c.our_label, "start", 11, internal::kNhsDarkBlue,
            "font-weight=\"700\"");
  }
  return cv.Finish();
}

std::string RenderRiskHeatMap(const RiskHeatMap& c) {
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart heatmap");
  double left = 96, top = 12, right = c.width - 12, bottom = c.height - 52;
  double cw = (right - left) / 5, ch = (bottom - top) / 5;
  auto cx = [&](int l) { return left + (l - 0.5) * cw; };
  auto cy = [&](int k) { return bottom - (k - 0.5) * ch; };
  for (int l = 1; l <= 5; ++l) {
    for (int k = 1; k <= 5; ++k) {
      cv.Rect(left + (l - 1) * cw, bottom - k * ch, cw, ch, BandFill(l * k),
              "stroke=\"#FFFFFF\" stroke-width=\"2\"");
      cv.Text(left + l * cw - 5, bottom - (k - 1) * ch - 5, std::to_string(l * k), "end", 9.5,
              internal::kNhsDarkGrey);
    }
    cv.Text(cx(l), bottom + 15, kLikelihood[l - 1], "middle", 10, internal::kNhsDarkGrey);
    cv.Text(left - 6, cy(l) + 4, kConsequence[l - 1], "end", 10, internal::kNhsDarkGrey);
  }
  cv.Text((left + right) / 2, bottom + 34, "Likelihood", "middle", 11, internal::kText,
          "font-weight=\"700\"");
  cv.Text(14, (top + bottom) / 2, "Consequence", "middle", 11, internal::kText,
          "font-weight=\"700\" transform=\"rotate(-90 14 " + Px((top + bottom) / 2) + ")\"");
  // Badges in one cell are stacked vertically so none hides another.
  auto clamp = [](int v) { return std::clamp(v, 1, 5); };
  std::map<std::pair<int, int>, int> total, slot;
  for (const HeatMapRisk& r : c.risks) {
    ++total[{clamp(r.target_likelihood), clamp(r.target_consequence)}];
    ++total[{clamp(r.current_likelihood), clamp(r.current_consequence)}];
  }
  auto place = [&](int l, int k) {
    int n = slot[{l, k}]++, count = total[{l, k}];
    double step = std::min(18.0, (ch - 8) / std::max(1, count));
    return std::pair<double, double>{cx(l) - cw * 0.08, cy(k) + (n - (count - 1) / 2.0) * step};
  };
  for (const HeatMapRisk& r : c.risks) {
    auto [tx, ty] = place(clamp(r.target_likelihood), clamp(r.target_consequence));
    auto [px, py] = place(clamp(r.current_likelihood), clamp(r.current_consequence));
    double w = 12 + 6.5 * static_cast<double>(r.id.size());
    cv.Raw("<g class=\"risk\"><title>" +
           internal::XmlEscape(r.id + ": current score " +
                               std::to_string(r.current_likelihood * r.current_consequence) +
                               ", target " +
                               std::to_string(r.target_likelihood * r.target_consequence)) +
           "</title>");
    if (tx != px || ty != py)
      cv.Line(px, py, tx, ty, std::string(internal::kNhsDarkBlue), 1.2, "3 2");
    cv.Rect(tx - w / 2, ty - 8, w, 16, "#FFFFFF",
            "rx=\"8\" stroke=\"" + std::string(internal::kNhsDarkBlue) +
                "\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"");
    cv.Text(tx, ty + 4, r.id, "middle", 10, internal::kNhsDarkBlue);
    cv.Rect(px - w / 2, py - 8, w, 16, std::string(internal::kNhsDarkBlue), "rx=\"8\"");
    cv.Text(px, py + 4, r.id, "middle", 10, "#FFFFFF", "font-weight=\"700\"");
    cv.Raw("</g>");
  }
  return cv.Finish();
}

std::string RenderLorenzChart(const LorenzChart& c) {
  Canvas cv(c.width, c.height, c.text.id, c.text.title, c.text.description, "chart lorenz");
  double left = 52, top = 14, size = std::min(c.width - left - 14, c.height - top - 44);
  internal::Scale x{0, 1, left, left + size}, y{0, 1, top + size, top};
  for (int i = 0; i <= 4; ++i) {
    double t = i / 4.0;
    cv.Line(left, y(t), left + size, y(t), std::string(internal::kNhsPaleGrey), 1);
    cv.Text(left - 6, y(t) + 4, Num(t * 100, 0) + "%", "end", 10, internal::kNhsDarkGrey);
    cv.Text(x(t), top + size + 15, Num(t * 100, 0) + "%", "middle", 10, internal::kNhsDarkGrey);
  }
  cv.Line(x(0), y(0), x(1), y(1), std::string(internal::kNhsMidGrey), 1.2, "5 3");
  std::vector<std::pair<double, double>> pts;
  std::string area = "M" + Px(x(0)) + " " + Px(y(0));
  for (const ChartPoint& p : c.curve) {
    pts.emplace_back(x(p.x), y(p.y));
    area += "L" + Px(x(p.x)) + " " + Px(y(p.y));
  }
  area += "L" + Px(x(1)) + " " + Px(y(1)) + "Z";
  cv.Raw("<path d=\"" + area + "\" fill=\"" + std::string(internal::kNhsLightBlue) +
         "\" fill-opacity=\"0.3\" stroke=\"none\"/>");
  cv.Polyline(pts, std::string(internal::kNhsBlue), 2.2, {}, "curve");
  cv.Text(x(0.04), y(0.9), "Line of equality", "start", 10, internal::kNhsDarkGrey);
  if (c.gini)
    cv.Text(x(0.96), y(0.06), "Gini " + Num(*c.gini, 2), "end", 11, internal::kNhsDarkBlue,
            "font-weight=\"700\"");
  cv.Text(left + size / 2, top + size + 32, c.x_label, "middle", 10.5, internal::kNhsDarkGrey);
  cv.Text(12, top + size / 2, c.y_label, "middle", 10.5, internal::kNhsDarkGrey,
          "transform=\"rotate(-90 12 " + Px(top + size / 2) + ")\"");
  return cv.Finish();
}

}  // namespace barometer::report
