#include "measures/internal/rank.h"

#include <cmath>

#include "stats/indicators.h"

namespace barometer::measures::internal {
namespace {

bool Better(double a, double b, bool higher_is_better) { return higher_is_better ? a > b : a < b; }

}  // namespace

PeerRanking RankAmongPeers(std::span<const double> values, size_t own, bool higher_is_better) {
  PeerRanking r;
  const double mine = values[own];
  int better = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++r.peers;
    if (Better(v, mine, higher_is_better)) ++better;
    if (v == mine) ++r.tied;
  }
  r.rank = better + 1;
  // phe_quantile's `invert` puts the highest value in quantile 1.
  std::vector<int> quartiles = stats::AssignQuantiles(values, 4, higher_is_better);
  r.quartile = quartiles[own];
  for (size_t i = 0; i < values.size(); ++i) {
    int q = quartiles[i];
    if (q < 1 || q > 3) continue;
    std::optional<double>& cut = r.cut_points[q - 1];
    if (!cut || Better(*cut, values[i], higher_is_better)) cut = values[i];
  }
  return r;
}

}  // namespace barometer::measures::internal
