#include "report/internal/axes.h"

#include <algorithm>
#include <cmath>

#include "core/date.h"

namespace barometer::report::internal {

Frame MakeFrame(double width, double height, double x_lo, double x_hi, double y_lo, double y_hi,
                double top, double left) {
  Frame f;
  f.left = left;
  f.top = top;
  f.right = width - 18;
  f.bottom = height - 28;
  f.y_ticks = NiceTicks(y_lo, y_hi, 5);
  f.y_decimals = TickDecimals(f.y_ticks);
  if (!(x_hi > x_lo)) {
    x_lo -= 1;
    x_hi += 1;
  }
  double pad = (x_hi - x_lo) * 0.03;
  f.x = Scale{x_lo - pad, x_hi + pad, f.left, f.right};
  f.y = Scale{y_lo, y_hi, f.bottom, f.top};
  return f;
}

void DrawYGrid(Canvas& c, const Frame& f, std::string_view unit) {
  // Short units ("%") go on every tick; longer ones once, along the axis.
  bool on_ticks = unit.size() <= 2;
  for (double t : f.y_ticks) {
    double y = f.y(t);
    c.Line(f.left, y, f.right, y, std::string(kNhsPaleGrey), 1);
    c.Text(f.left - 6, y + 4, Num(t, f.y_decimals) + (on_ticks ? std::string(unit) : ""), "end",
           10.5, kNhsDarkGrey);
  }
  if (!on_ticks) {
    std::string label(unit.substr(unit.find_first_not_of(' ')));
    double mid = (f.top + f.bottom) / 2;
    c.Text(11, mid, label, "middle", 10, kNhsDarkGrey,
           "transform=\"rotate(-90 11 " + Px(mid) + ")\"");
  }
  c.Line(f.left, f.bottom, f.right, f.bottom, std::string(kNhsMidGrey), 1);
}

namespace {
const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}

void DrawXDateTicks(Canvas& c, const Frame& f, double x_lo, double x_hi) {
  Date a = Date::FromDays(static_cast<int64_t>(std::floor(x_lo)));
  Date b = Date::FromDays(static_cast<int64_t>(std::ceil(x_hi)));
  int months = (b.year - a.year) * 12 + (b.month - a.month) + 1;
  int step = 1;
  for (int s : {1, 2, 3, 6, 12, 24, 60}) {
    step = s;
    if (months / s <= 7) break;
  }
  int m0 = a.year * 12 + (a.month - 1);
  // Quarterly and half-yearly ticks fall on financial quarters (Apr, Jul, ...).
  int align = step >= 12 ? 0 : 3 % step;
  while ((m0 % step) != align % step) ++m0;
  for (int m = m0; m <= b.year * 12 + (b.month - 1); m += step) {
    Date d{m / 12, m % 12 + 1, 1};
    double x = f.x(static_cast<double>(d.ToDays()));
    if (x < f.left - 1 || x > f.right + 1) continue;
    c.Line(x, f.bottom, x, f.bottom + 4, std::string(kNhsMidGrey), 1);
    std::string yy = std::to_string(d.year % 100);
    std::string label =
        step >= 12 ? std::to_string(d.year)
                   : std::string(kMonths[d.month - 1]) + " " + (yy.size() < 2 ? "0" + yy : yy);
    c.Text(x, f.bottom + 17, label, "middle", 10.5, kNhsDarkGrey);
  }
}

void DrawXYearTicks(Canvas& c, const Frame& f, double x_lo, double x_hi) {
  int a = static_cast<int>(std::ceil(x_lo)), b = static_cast<int>(std::floor(x_hi));
  int step = 1;
  while ((b - a) / step > 8) step = step == 1 ? 2 : step == 2 ? 5 : step * 2;
  for (int y = a; y <= b; ++y) {
    if ((y - a) % step != 0) continue;
    double x = f.x(y);
    c.Line(x, f.bottom, x, f.bottom + 4, std::string(kNhsMidGrey), 1);
    c.Text(x, f.bottom + 17, std::to_string(y), "middle", 10.5, kNhsDarkGrey);
  }
}

std::string DiamondPath(double x, double y, double r) {
  return "M" + Px(x) + " " + Px(y - r) + "L" + Px(x + r) + " " + Px(y) + "L" + Px(x) + " " +
         Px(y + r) + "L" + Px(x - r) + " " + Px(y) + "Z";
}

namespace {
double ItemWidth(const LegendItem& it) {
  return 23 + 5.8 * static_cast<double>(it.label.size()) + 14;
}
}  // namespace

int LegendRows(double x, const std::vector<LegendItem>& items, double max_x) {
  int rows = items.empty() ? 0 : 1;
  double x0 = x;
  for (const LegendItem& it : items) {
    if (x + ItemWidth(it) > max_x && x > x0) ++rows, x = x0;
    x += ItemWidth(it);
  }
  return rows;
}

int DrawLegend(Canvas& c, double x, double y, const std::vector<LegendItem>& items, double max_x) {
  int rows = items.empty() ? 0 : 1;
  double x0 = x;
  for (const LegendItem& it : items) {
    if (x + ItemWidth(it) > max_x && x > x0) ++rows, x = x0, y += 15;
    if (it.diamond) {
      c.Path(DiamondPath(x + 9, y - 4, 5), "#FFFFFF", it.stroke, 1.8);
    } else {
      c.Line(x, y - 4, x + 18, y - 4, it.stroke, 2, it.dash);
      if (it.marker) c.Circle(x + 9, y - 4, 3, it.stroke, "");
    }
    c.Text(x + 23, y, it.label, "start", 10.5, kNhsDarkGrey);
    x += ItemWidth(it);
  }
  return rows;
}

}  // namespace barometer::report::internal
