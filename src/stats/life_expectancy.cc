// Life expectancy: Chiang II abridged life table with Silcocks et al. limits.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

constexpr size_t kBands = kLifeTableStartAges.size();
constexpr const char* kMethod = "Chiang, using Silcocks et al for confidence limits";

// The reference's warnings, word for word, so that users can search for them.
constexpr const char* kNegativeDeaths =
    "some age bands have negative deaths; outputs have been suppressed to NAs";
constexpr const char* kZeroPops =
    "some age bands have a zero or less population; outputs have been suppressed to NAs";
constexpr const char* kWrongBands =
    "some groups contain a different number of age bands than 20; life expectancy cannot be "
    "calculated for these. These groups will contain NAs.";
constexpr const char* kDeathsOverPops =
    "some age bands have more deaths than population; outputs have been suppressed to NAs";
constexpr const char* kSmallPop =
    "some groups have a total population of less than 5,000; outputs have been suppressed to NAs";
constexpr const char* kNoOldDeaths =
    "the 90+ age band has no deaths; life expectancy cannot be calculated (outputs are NAs)";
constexpr const char* kWideCi =
    "some life expectancy values have a 95% confidence interval > 20 years; these values have "
    "been suppressed to NAs";

struct Band {
  int start_age;
  double deaths;
  double pops;
};

// Why the whole table is suppressed, or nullptr.
const char* SuppressionReason(const std::vector<Band>& b) {
  auto any = [&](auto pred) { return std::any_of(b.begin(), b.end(), pred); };
  if (any([](const Band& x) { return x.deaths < 0; })) return kNegativeDeaths;
  if (any([](const Band& x) { return x.pops <= 0; })) return kZeroPops;
  if (b.size() != kBands) return kWrongBands;
  if (any([](const Band& x) { return x.deaths > x.pops; })) return kDeathsOverPops;
  double total = 0;
  for (const Band& x : b) total += x.pops;
  if (total <= 5000) return kSmallPop;
  if (b.back().deaths <= 0) return kNoOldDeaths;
  return nullptr;
}

// Life expectancy and its standard error at each band. REQUIRES: 20 valid bands.
void LifeTable(const std::vector<Band>& b, std::vector<double>& e, std::vector<double>& se) {
  const size_t k = b.size();
  std::vector<double> n(k), a(k), m(k), q(k), l(k), d(k), big_l(k), w(k);
  for (size_t i = 0; i < k; ++i) {
    m[i] = b[i].deaths / b[i].pops;
    a[i] = b[i].start_age == 0 ? 0.1 : 0.5;
    n[i] = i + 1 < k ? b[i + 1].start_age - b[i].start_age : 2 / m[i];
    q[i] =
        b[i].deaths <= b[i].pops / n[i] / a[i] ? m[i] * n[i] / (1 + m[i] * n[i] * (1 - a[i])) : 1;
    l[i] = i == 0 ? 1e5 : l[i - 1] * (1 - q[i - 1]);
  }
  for (size_t i = 0; i < k; ++i) {
    d[i] = l[i] - (i + 1 < k ? l[i + 1] : 0);
    big_l[i] = i + 1 < k ? n[i] * (l[i + 1] + a[i] * d[i]) : l[i] / m[i];
  }
  e.assign(k, 0);
  double t = 0;
  for (size_t i = k; i-- > 0;) {
    t += big_l[i];
    e[i] = l[i] == 0 ? 0 : t / l[i];
  }
  for (size_t i = 0; i < k; ++i) {
    if (i + 1 == k) {
      // Silcocks: the open interval's variance comes from its mortality rate.
      double sp = 4 / (b[i].deaths * m[i] * m[i]);
      w[i] = (l[i] / 2) * (l[i] / 2) * sp;
    } else {
      double sp = d[i] == 0 ? 0 : q[i] * q[i] * (1 - q[i]) / b[i].deaths;
      double f = (1 - a[i]) * n[i] + e[i + 1];
      w[i] = sp * l[i] * l[i] * f * f;
    }
  }
  se.assign(k, 0);
  double st = 0;
  for (size_t i = k; i-- > 0;) {
    st += w[i];
    se[i] = std::sqrt(st / (l[i] * l[i]));
  }
}

Result<std::vector<Band>> SortedBands(std::span<const int> ages, std::span<const double> deaths,
                                      std::span<const double> pops) {
  if (deaths.size() != ages.size() || pops.size() != ages.size()) {
    return Status::InvalidInput("start ages, deaths and populations must be of equal length");
  }
  std::vector<Band> bands;
  for (size_t i = 0; i < ages.size(); ++i) {
    if (std::find(kLifeTableStartAges.begin(), kLifeTableStartAges.end(), ages[i]) ==
        kLifeTableStartAges.end()) {
      return Status::InvalidInput(fmt::format(
          "row {}: start age {} is not one of the life table's bands (0, 1, 5, 10, …, 85, 90)",
          i + 1, ages[i]));
    }
    if (IsMissing(deaths[i]) || IsMissing(pops[i])) {
      return Status::InvalidInput(
          fmt::format("row {} (start age {}): deaths and population are needed", i + 1, ages[i]));
    }
    bands.push_back({ages[i], deaths[i], pops[i]});
  }
  std::sort(bands.begin(), bands.end(),
            [](const Band& x, const Band& y) { return x.start_age < y.start_age; });
  for (size_t i = 1; i < bands.size(); ++i) {
    if (bands[i].start_age == bands[i - 1].start_age) {
      return Status::InvalidInput(
          fmt::format("start age {} appears more than once", bands[i].start_age));
    }
  }
  return bands;
}

}  // namespace

Result<LifeExpectancyResult> LifeExpectancy(std::span<const int> start_ages,
                                            std::span<const double> deaths,
                                            std::span<const double> populations,
                                            std::span<const double> confidence) {
  if (Status s = ValidateConfidence(confidence); !s.ok()) return s;
  auto sorted = SortedBands(start_ages, deaths, populations);
  if (!sorted.ok()) return sorted.status();
  const std::vector<Band>& b = *sorted;
  LifeExpectancyResult r;
  r.rows.resize(b.size());
  double pops_used = 0, deaths_used = 0;
  for (size_t i = b.size(); i-- > 0;) {
    pops_used += b[i].pops;
    deaths_used += b[i].deaths;
    LifeExpectancyRow& row = r.rows[i];
    row.start_age = b[i].start_age;
    row.pops_used = pops_used;
    row.deaths_used = deaths_used;
    row.estimate.method = kMethod;
    row.estimate.limits = internal::MissingLimits(confidence);
  }
  if (const char* why = SuppressionReason(b)) {
    r.warning = why;
    for (auto& row : r.rows) row.estimate.note = why;
    return r;
  }
  std::vector<double> e, se;
  LifeTable(b, e, se);
  const double z95 = internal::Z(0.95);
  for (size_t i = 0; i < b.size(); ++i) {
    Estimate& est = r.rows[i].estimate;
    for (Limits& l : est.limits) {
      double z = internal::Z(l.confidence);
      l.lower = e[i] - z * se[i];
      l.upper = e[i] + z * se[i];
    }
    est.value = std::isinf(e[i]) ? kMissing : e[i];
    if (z95 * se[i] > 10) {
      est.value = kMissing;
      est.note = "95% confidence interval wider than 20 years; value suppressed";
      r.warning = kWideCi;
    }
  }
  return r;
}

}  // namespace barometer::stats
