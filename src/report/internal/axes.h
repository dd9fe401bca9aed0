// report/internal/axes.h — the plot frame shared by the x/y charts: margins,
// scales, gridlines, tick labels and a legend row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/internal/canvas.h"

namespace barometer::report::internal {

struct Frame {
  double left = 56, top = 30, right = 0, bottom = 0;  // plot area in pixels
  Scale x, y;
  std::vector<double> y_ticks;
  int y_decimals = 0;
};

// A frame for a width x height chart over the data ranges (y widened to nice
// ticks). `top` leaves room for a legend row.
Frame MakeFrame(double width, double height, double x_lo, double x_hi, double y_lo, double y_hi,
                double top = 30, double left = 56);

// Horizontal gridlines with y tick labels (`unit` appended), and the x axis line.
void DrawYGrid(Canvas& c, const Frame& f, std::string_view unit);
// x tick labels for dates (days since 1970): months or years by span.
void DrawXDateTicks(Canvas& c, const Frame& f, double x_lo, double x_hi);
// x tick labels for integer years.
void DrawXYearTicks(Canvas& c, const Frame& f, double x_lo, double x_hi);

struct LegendItem {
  std::string label;
  std::string stroke;
  std::string dash;  // empty: solid
  bool marker = false;
  bool diamond = false;
};
// Legend entries from (x, y), wrapping before `max_x`; returns the rows used.
int DrawLegend(Canvas& c, double x, double y, const std::vector<LegendItem>& items,
               double max_x = 1e9);
// The rows DrawLegend would use.
int LegendRows(double x, const std::vector<LegendItem>& items, double max_x);

// A hollow diamond centred on (x, y).
std::string DiamondPath(double x, double y, double r);

}  // namespace barometer::report::internal
