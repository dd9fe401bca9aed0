// Slope and relative index of inequality (Low & Low 2004), with limits by
// simulation as in the PHE SII tool and PHEindicatormethods::phe_sii.
#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

double Forward(double v, ValueType t) {
  switch (t) {
    case ValueType::kRate:
      return std::log(v);
    case ValueType::kProportion:
      return std::log(v / (1 - v));
    case ValueType::kNormal:
      break;
  }
  return v;
}

double Back(double v, ValueType t) {
  switch (t) {
    case ValueType::kRate:
      return std::exp(v);
    case ValueType::kProportion:
      return std::exp(v) / (1 + std::exp(v));
    case ValueType::kNormal:
      break;
  }
  return v;
}

// The weighted least-squares fit y = alpha + beta × rank (weights = population
// shares) is linear in y: alpha = Σ d_i y_i, beta = Σ c_i y_i.
struct Fit {
  std::vector<double> c, d;
  double Slope(const std::vector<double>& y) const { return Dot(c, y); }
  double Intercept(const std::vector<double>& y) const { return Dot(d, y); }
  static double Dot(const std::vector<double>& w, const std::vector<double>& y) {
    double s = 0;
    for (size_t i = 0; i < w.size(); ++i) s += w[i] * y[i];
    return s;
  }
};

Fit MakeFit(std::span<const SiiQuantile> q) {
  double total = 0;
  for (const auto& x : q) total += x.population;
  std::vector<double> a(q.size()), b(q.size());
  double cum = 0, bbar = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    a[i] = q[i].population / total;
    b[i] = cum + a[i] / 2;  // midpoint of the quantile's share of the population
    cum += a[i];
    bbar += a[i] * b[i];
  }
  double sbb = 0;
  for (size_t i = 0; i < q.size(); ++i) sbb += a[i] * (b[i] - bbar) * (b[i] - bbar);
  Fit f;
  for (size_t i = 0; i < q.size(); ++i) {
    f.c.push_back(a[i] * (b[i] - bbar) / sbb);
    f.d.push_back(a[i] - bbar * f.c.back());
  }
  return f;
}

struct Indices {
  double sii, rii, intercept;
};

// SII, RII and intercept from values on the regression's scale.
Indices FromFit(const Fit& f, const std::vector<double>& y, const SiiOptions& o) {
  double alpha = f.Intercept(y), beta = f.Slope(y);
  if (!o.transform) return {beta, (alpha + beta) / alpha, alpha};
  double low = Back(alpha, o.value_type), high = Back(alpha + beta, o.value_type);
  return {high - low, high / low, low};
}

Status CheckSii(std::span<const SiiQuantile> q, const SiiOptions& o) {
  if (Status s = ValidateConfidence(o.confidence); !s.ok()) return s;
  if (q.size() < 2) return Status::InvalidInput("an SII needs at least 2 quantiles");
  if (o.repetitions < 1000) {
    return Status::InvalidInput(
        fmt::format("repetitions must be 1000 or more (got {})", o.repetitions));
  }
  for (size_t i = 0; i < q.size(); ++i) {
    if (IsMissing(q[i].population) || q[i].population <= 0) {
      return Status::InvalidInput(
          fmt::format("quantile {}: the population must be more than 0 (got {})", i + 1,
                      internal::Got(q[i].population)));
    }
    if (IsMissing(q[i].se) || q[i].se < 0) {
      return Status::InvalidInput(
          fmt::format("quantile {}: the standard error must be 0 or more (got {})", i + 1,
                      internal::Got(q[i].se)));
    }
    double v = q[i].value;
    bool bad = IsMissing(v) || (o.value_type == ValueType::kProportion && (v <= 0 || v >= 1)) ||
               (o.value_type == ValueType::kRate && v <= 0);
    if (bad) {
      return Status::InvalidInput(fmt::format(
          "quantile {}: the value {} is not valid for a {}", i + 1, internal::Got(v),
          o.value_type == ValueType::kProportion ? "proportion (strictly between 0 and 1)"
          : o.value_type == ValueType::kRate     ? "rate (more than 0)"
                                                 : "normal value"));
    }
  }
  return Status::Ok();
}

// Simulated SII and RII draws (in the order drawn), `repetitions` of each.
void Simulate(std::span<const SiiQuantile> q, const Fit& fit, const SiiOptions& o,
              std::vector<double>& sii, std::vector<double>& rii) {
  std::mt19937_64 rng(o.seed);
  // Box–Muller written out so that a seed gives the same draws on every
  // standard library (std::normal_distribution's algorithm is unspecified).
  auto uniform = [&rng] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  double spare = 0;
  bool has_spare = false;
  auto normal = [&] {
    if (has_spare) {
      has_spare = false;
      return spare;
    }
    double r = std::sqrt(-2 * std::log(uniform())), theta = 2 * M_PI * uniform();
    spare = r * std::sin(theta);
    has_spare = true;
    return r * std::cos(theta);
  };
  std::vector<double> mean(q.size()), y(q.size());
  for (size_t i = 0; i < q.size(); ++i) mean[i] = Forward(q[i].value, o.value_type);
  sii.resize(o.repetitions);
  rii.resize(o.repetitions);
  for (int r = 0; r < o.repetitions; ++r) {
    for (size_t i = 0; i < q.size(); ++i) {
      double t = mean[i] + q[i].se * normal();
      y[i] = o.transform ? t : Back(t, o.value_type);
    }
    Indices x = FromFit(fit, y, o);
    sii[r] = x.sii;
    rii[r] = x.rii;
  }
}

// The reference's percentile positions: round(reps × (1 - c')) and
// round(reps × c'), 1-based, c' = c + (1 - c) / 2, R's round half to even,
// of the draws in increasing order.
// Only those order statistics are needed, so each is found with
// nth_element (linear) rather than by sorting all the draws: the same values.
Limits Percentiles(std::vector<double>& draws, double confidence) {
  double upper_p = confidence + (1 - confidence) / 2;
  double n = static_cast<double>(draws.size());
  auto at = [&](double p) {
    long pos = std::lrint(n * p);
    pos = std::clamp(pos, 1L, static_cast<long>(draws.size()));
    auto nth = draws.begin() + (pos - 1);
    std::nth_element(draws.begin(), nth, draws.end());
    return *nth;
  };
  return {confidence, at(1 - upper_p), at(upper_p)};
}

}  // namespace

double SiiStandardError(double lower95, double upper95, ValueType type) {
  return (Forward(upper95, type) - Forward(lower95, type)) / internal::Z(0.95) / 2;
}

Result<SiiResult> Sii(std::span<const SiiQuantile> q, const SiiOptions& o) {
  if (Status s = CheckSii(q, o); !s.ok()) return s;
  Fit fit = MakeFit(q);
  std::vector<double> y;
  for (const auto& x : q) y.push_back(o.transform ? Forward(x.value, o.value_type) : x.value);
  Indices point = FromFit(fit, y, o);
  std::vector<double> sims, rsims;
  Simulate(q, fit, o, sims, rsims);
  SiiResult r;
  const double m = o.multiplier;
  r.sii = m * point.sii;
  r.rii = m < 0 ? 1 / point.rii : point.rii;
  r.intercept = std::fabs(m) * point.intercept;
  for (double c : o.confidence) {
    Limits s = Percentiles(sims, c), t = Percentiles(rsims, c);
    if (m < 0) {
      r.sii_limits.push_back({c, m * s.upper, m * s.lower});
      r.rii_limits.push_back({c, 1 / t.upper, 1 / t.lower});
    } else {
      r.sii_limits.push_back({c, m * s.lower, m * s.upper});
      r.rii_limits.push_back(t);
    }
  }
  return r;
}

}  // namespace barometer::stats
