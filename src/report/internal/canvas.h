// report/internal/canvas.h — the drawing surface the chart functions share: an
// SVG string builder with escaping, linear scales, "nice" axis ticks and the
// NHS identity palette. Not part of the report part's public face.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace barometer::report::internal {

// NHS identity colours (NHS England brand guidelines), plus darker variants
// where a graphic object needs 3:1 contrast on white (WCAG 2.1 SC 1.4.11).
inline constexpr std::string_view kNhsBlue = "#005EB8";
inline constexpr std::string_view kNhsDarkBlue = "#003087";
inline constexpr std::string_view kNhsBrightBlue = "#0072CE";
inline constexpr std::string_view kNhsLightBlue = "#41B6E6";
inline constexpr std::string_view kNhsDarkGrey = "#425563";
inline constexpr std::string_view kNhsMidGrey = "#768692";
inline constexpr std::string_view kNhsPaleGrey = "#E8EDEE";
inline constexpr std::string_view kNhsGreen = "#007F3B";
inline constexpr std::string_view kNhsDarkGreen = "#006747";
inline constexpr std::string_view kNhsWarmYellow = "#FFB81C";
inline constexpr std::string_view kNhsOrange = "#ED8B00";
inline constexpr std::string_view kConcernOrange = "#C05800";  // 4.5:1 on white
inline constexpr std::string_view kNhsRed = "#D5281B";
inline constexpr std::string_view kNhsPurple = "#330072";
inline constexpr std::string_view kText = "#212B32";

using barometer::XmlEscape;  // core/text.h

// Maps a data interval onto a pixel interval.
struct Scale {
  double d0 = 0, d1 = 1;  // data
  double r0 = 0, r1 = 1;  // pixels
  double operator()(double v) const {
    return d1 == d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0);
  }
};

// About `count` round tick values covering [lo, hi]; lo/hi are widened to the
// outer ticks. REQUIRES: finite lo <= hi.
std::vector<double> NiceTicks(double& lo, double& hi, int count);

// Decimals needed to print the ticks distinctly (0 for 0, 5, 10, ...).
int TickDecimals(const std::vector<double>& ticks);

// Number as text for labels: fixed decimals, "−" for minus, thousands commas.
std::string Num(double v, int decimals);

// Builds one <svg> element. Coordinates are written with one decimal.
class Canvas {
 public:
  // `id` must be unique in the document; the <title> and <desc> get
  // ids derived from it and the svg is labelled by both.
  Canvas(double width, double height, std::string_view id, std::string_view title,
         std::string_view description, std::string_view css_class = "chart");

  void Line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
            std::string_view dash = {});
  void Rect(double x, double y, double w, double h, std::string_view fill,
            std::string_view extra = {});
  void Circle(double cx, double cy, double r, std::string_view fill, std::string_view css_class,
              std::string_view extra = {});
  // Points as "x,y x,y ...".
  void Polyline(const std::vector<std::pair<double, double>>& pts, std::string_view stroke,
                double width, std::string_view dash = {}, std::string_view css_class = {});
  void Path(std::string_view d, std::string_view fill, std::string_view stroke, double width);
  // anchor: "start", "middle", "end".
  void Text(double x, double y, std::string_view text, std::string_view anchor = "start",
            double size = 11, std::string_view fill = kText, std::string_view extra = {});
  // A <title> tooltip on the next element: wraps raw markup in <g><title>.
  void Group(std::string_view tooltip, std::string_view inner_markup);
  void Raw(std::string_view markup) { body_ += markup; }
  // Opens/closes a <g> with attributes (already escaped by the caller).
  void Open(std::string_view attrs) {
    body_ += "<g ";
    body_ += attrs;
    body_ += ">";
  }
  void Close() { body_ += "</g>"; }

  std::string Finish() const;

 private:
  double width_, height_;
  std::string head_;
  std::string body_;
};

// Coordinate text with one decimal ("12.5").
std::string Px(double v);

}  // namespace barometer::report::internal
