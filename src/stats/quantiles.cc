// Quantile assignment as PHEindicatormethods::phe_quantile does it.
#include <algorithm>
#include <cmath>

#include "stats/indicators.h"

namespace barometer::stats {

std::vector<int> AssignQuantiles(std::span<const double> values, int nquantiles, bool invert) {
  std::vector<int> out(values.size(), 0);
  std::vector<double> adjusted;
  double max = -std::numeric_limits<double>::infinity();
  for (double v : values) {
    if (!IsMissing(v)) max = std::max(max, v);
  }
  for (double v : values) {
    if (!IsMissing(v)) adjusted.push_back(invert ? max - v : v);
  }
  std::vector<double> sorted = adjusted;
  std::sort(sorted.begin(), sorted.end());
  // As the reference: too few values to fill every quantile gives none.
  if (sorted.size() < static_cast<size_t>(nquantiles)) return out;
  const double n = static_cast<double>(sorted.size());
  for (size_t i = 0, k = 0; i < values.size(); ++i) {
    if (IsMissing(values[i])) continue;
    double v = adjusted[k++];
    // Rank with ties at the minimum: 1 + the number of smaller values.
    double rank =
        1 + static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    double q = std::floor((nquantiles + 1) - std::ceil(((n + 1) - rank) / (n / nquantiles)));
    out[i] = q == 0 ? 1 : static_cast<int>(q);
  }
  return out;
}

}  // namespace barometer::stats
