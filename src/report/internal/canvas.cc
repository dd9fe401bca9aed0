#include "report/internal/canvas.h"

#include <cmath>
#include <cstdio>

#include "core/number.h"

namespace barometer::report::internal {

std::vector<double> NiceTicks(double& lo, double& hi, int count) {
  if (!(hi > lo)) {
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / std::max(1, count);
  // No round ticks when the span overflows or is too thin for a step to
  // move a tick (values near 1e300, or a range of a few ULPs): the ends only.
  if (!std::isfinite(raw) || !(raw > 0) || lo + raw == lo || hi - raw == hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    return {lo, hi};
  }
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  }
  lo = std::floor(lo / step + 1e-9) * step;
  hi = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (double t = lo; t <= hi + step * 1e-6; t += step)
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

int TickDecimals(const std::vector<double>& ticks) {
  for (int d = 0; d < 6; ++d) {
    double f = std::pow(10.0, d);
    bool ok = true;
    for (double t : ticks) ok = ok && std::fabs(std::round(t * f) - t * f) < 1e-6;
    if (ok) return d;
  }
  return 6;
}

std::string Num(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  std::string s = FormatFixed(std::fabs(v), std::max(0, decimals));
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string grouped;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0 && int_end >= 5) grouped += ',';
    grouped += s[i];
  }
  grouped += s.substr(int_end);
  bool zero = true;
  for (char c : grouped) zero = zero && (c == '0' || c == '.' || c == ',');
  return (v < 0 && !zero ? "\u2212" : "") + grouped;
}

std::string Px(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(v) ? v : 0.0);
  std::string s(buf);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

namespace {
std::string DashAttr(std::string_view dash) {
  return dash.empty() ? std::string() : " stroke-dasharray=\"" + std::string(dash) + "\"";
}
}  // namespace

Canvas::Canvas(double width, double height, std::string_view id, std::string_view title,
               std::string_view description, std::string_view css_class)
    : width_(width), height_(height) {
  std::string eid = XmlEscape(id);
  head_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + XmlEscape(css_class) + "\" id=\"" +
          eid + "\" viewBox=\"0 0 " + Px(width) + " " + Px(height) + "\" width=\"" + Px(width) +
          "\" height=\"" + Px(height) + "\" role=\"img\" aria-labelledby=\"" + eid + "-t " + eid +
          "-d\">";
  head_ += "<title id=\"" + eid + "-t\">" + XmlEscape(title) + "</title>";
  head_ += "<desc id=\"" + eid + "-d\">" + XmlEscape(description) + "</desc>";
}

void Canvas::Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
                  std::string_view dash) {
  body_ += "<line x1=\"" + Px(x1) + "\" y1=\"" + Px(y1) + "\" x2=\"" + Px(x2) + "\" y2=\"" +
           Px(y2) + "\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" + Px(width) + "\"" +
           DashAttr(dash) + "/>";
}

void Canvas::Rect(double x, double y, double w, double h, std::string_view fill,
                  std::string_view extra) {
  body_ += "<rect x=\"" + Px(x) + "\" y=\"" + Px(y) + "\" width=\"" + Px(std::max(0.0, w)) +
           "\" height=\"" + Px(std::max(0.0, h)) + "\" fill=\"" + std::string(fill) + "\"";
  if (!extra.empty()) body_ += " " + std::string(extra);
  body_ += "/>";
}

void Canvas::Circle(double cx, double cy, double r, std::string_view fill,
                    std::string_view css_class, std::string_view extra) {
  body_ += "<circle";
  if (!css_class.empty()) body_ += " class=\"" + std::string(css_class) + "\"";
  body_ += " cx=\"" + Px(cx) + "\" cy=\"" + Px(cy) + "\" r=\"" + Px(r) + "\" fill=\"" +
           std::string(fill) + "\"";
  if (!extra.empty()) body_ += " " + std::string(extra);
  body_ += "/>";
}

void Canvas::Polyline(const std::vector<std::pair<double, double>>& pts, std::string_view stroke,
                      double width, std::string_view dash, std::string_view css_class) {
  if (pts.size() < 2) return;
  body_ += "<polyline";
  if (!css_class.empty()) body_ += " class=\"" + std::string(css_class) + "\"";
  body_ += " fill=\"none\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" + Px(width) +
           "\" stroke-linejoin=\"round\"" + DashAttr(dash) + " points=\"";
  for (size_t i = 0; i < pts.size(); ++i) {
    if (i) body_ += ' ';
    body_ += Px(pts[i].first) + "," + Px(pts[i].second);
  }
  body_ += "\"/>";
}

void Canvas::Path(std::string_view d, std::string_view fill, std::string_view stroke,
                  double width) {
  body_ += "<path d=\"" + std::string(d) + "\" fill=\"" + std::string(fill) + "\" stroke=\"" +
           std::string(stroke) + "\" stroke-width=\"" + Px(width) + "\"/>";
}

void Canvas::Text(double x, double y, std::string_view text, std::string_view anchor, double size,
                  std::string_view fill, std::string_view extra) {
  body_ += "<text x=\"" + Px(x) + "\" y=\"" + Px(y) + "\" font-size=\"" + Px(size) + "\"";
  if (anchor != "start") body_ += " text-anchor=\"" + std::string(anchor) + "\"";
  if (fill != kText) body_ += " fill=\"" + std::string(fill) + "\"";
  if (!extra.empty()) body_ += " " + std::string(extra);
  body_ += ">" + XmlEscape(text) + "</text>";
}

void Canvas::Group(std::string_view tooltip, std::string_view inner_markup) {
  body_ += "<g><title>" + XmlEscape(tooltip) + "</title>";
  body_ += inner_markup;
  body_ += "</g>";
}

std::string Canvas::Finish() const {
  (void)width_;
  (void)height_;
  return head_ + body_ + "</svg>";
}

}  // namespace barometer::report::internal
