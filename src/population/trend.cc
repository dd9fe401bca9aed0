// Trends across periods and a weighted linear projection to a target year.
#include <cmath>
#include <exception>

#include <fmt/format.h>

#include "core/number.h"
#include "population/indicators.h"
#include "stats/distributions.h"

namespace barometer::population {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Number(double v) { return FormatFixed(v, 2); }

// The direction in which an ambition is met: gaps and inequality should shrink.
bool LowIsGood(IndicatorId id) {
  Polarity p = Info(id).polarity;
  return p != Polarity::kHighIsGood;
}

std::string Assess(IndicatorId id, const TrendResult& t, int year, double target) {
  bool low = LowIsGood(id);
  bool meets = low ? t.projected <= target : t.projected >= target;
  bool surely = low ? t.upper95 <= target : t.lower95 >= target;
  return fmt::format("projected {} in {} {} target {}: {}", Number(t.projected), year,
                     meets ? (low ? "<=" : ">=") : (low ? ">" : "<"), FormatShortest(target),
                     meets ? (surely ? "on track (the 95% interval meets the target too)"
                                     : "on track (but the 95% interval crosses the target)")
                           : "not on track");
}

}  // namespace

Result<LinearProjection> ProjectLinear(const std::vector<double>& xs, const std::vector<double>& ys,
                                       const std::vector<double>& ses, double x0) {
  size_t n = xs.size();
  if (n < 2 || ys.size() != n || ses.size() != n) {
    return Status::InvalidInput("a trend needs at least two periods with values");
  }
  bool weighted = true;
  for (double se : ses) weighted = weighted && se > 0 && std::isfinite(se);
  std::vector<double> w(n, 1.0);
  if (weighted) {
    for (size_t i = 0; i < n; ++i) w[i] = 1 / (ses[i] * ses[i]);
  }
  double sw = 0, sx = 0, sy = 0;
  for (size_t i = 0; i < n; ++i) sw += w[i], sx += w[i] * xs[i], sy += w[i] * ys[i];
  double xm = sx / sw, ym = sy / sw, sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += w[i] * (xs[i] - xm) * (xs[i] - xm);
    sxy += w[i] * (xs[i] - xm) * (ys[i] - ym);
  }
  if (sxx <= 0) return Status::InvalidInput("a trend needs periods at different times");
  LinearProjection p{sxy / sxx, ym, xm, 0, kNaN};
  p.value = p.intercept + p.slope * (x0 - xm);
  double chi2 = 0;
  for (size_t i = 0; i < n; ++i) {
    double r = ys[i] - p.intercept - p.slope * (xs[i] - xm);
    chi2 += w[i] * r * r;
  }
  // Known variances from the intervals, inflated when the points scatter
  // more than they allow; without intervals, the residual variance alone.
  double phi = n > 2 ? chi2 / static_cast<double>(n - 2) : kNaN;
  double scale = weighted ? (n > 2 ? std::max(1.0, phi) : 1.0) : phi;
  p.se = std::sqrt(scale * (1 / sw + (x0 - xm) * (x0 - xm) / sxx));
  return p;
}

Result<TrendResult> ComputeTrend(const Extract& x, const TrendRequest& req) {
  try {
    IndicatorRequest r = req.base;
    r.periods = req.periods;
    r.indicators = {req.indicator};
    r.breakdowns.clear();
    Breakdown by{req.sex < 0 ? Dimension::kAll : Dimension::kSex, false};
    if (req.sex >= 0) r.breakdowns.push_back(by);
    auto rows = ComputeIndicators(x, r);
    if (!rows.ok()) return rows.status();
    TrendResult t;
    std::vector<double> xs, ys, ses;
    for (const YearRange& p : req.periods) {
      if (const IndicatorRow* found = FindRow(*rows, req.indicator, p, by, req.sex)) {
        const IndicatorRow& row = *found;
        TrendPoint pt{row.period,   (p.first + p.last) / 2.0,
                      row.value,    row.lower95,
                      row.upper95,  row.lower998,
                      row.upper998, row.suppressed};
        if (!std::isnan(pt.value)) {
          xs.push_back(pt.x);
          ys.push_back(pt.value);
          ses.push_back((pt.upper95 - pt.lower95) / (2 * stats::NormalQuantile(0.975)));
        } else if (t.note.empty() && !row.note.empty()) {
          t.note = row.period + ": " + row.note;
        }
        t.points.push_back(std::move(pt));
      }
    }
    auto fit = ProjectLinear(xs, ys, ses, req.target_year);
    if (!fit.ok()) {
      return Status::InvalidInput(fmt::format("{} ({} of {} periods have a value{}{})",
                                              fit.status().message(), xs.size(), req.periods.size(),
                                              t.note.empty() ? "" : "; ", t.note));
    }
    double z95 = stats::NormalQuantile(0.975), z998 = stats::NormalQuantile(0.999);
    t.slope = fit->slope, t.intercept = fit->intercept, t.x_mean = fit->x_mean;
    t.projected = fit->value;
    t.lower95 = fit->value - z95 * fit->se, t.upper95 = fit->value + z95 * fit->se;
    t.lower998 = fit->value - z998 * fit->se, t.upper998 = fit->value + z998 * fit->se;
    if (req.target) t.assessment = Assess(req.indicator, t, req.target_year, *req.target);
    return t;
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("computing a trend: {}", e.what()));
  }
}

}  // namespace barometer::population
