// measures/internal/rank.h — an organisation's rank and quartile among its
// peers (docs/evaluation.md, "Rank and quartile").
//
// Rank is competition ranking: 1 + the number of peers strictly better, so
// tied organisations share the best rank of their tie. Quartiles are assigned
// as OHID's PHEindicatormethods::phe_quantile does (stats::AssignQuantiles,
// ties at the minimum rank, quartile 1 the best), so tied values always share
// a quartile. Peers without a value are left out and counted as missing.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <span>

namespace barometer::measures::internal {

struct PeerRanking {
  int peers = 0;     // organisations with a value, including the one ranked
  int rank = 0;      // 1 = best
  int tied = 0;      // organisations with exactly the same value, including it
  int quartile = 0;  // 1 = best; 0 when there are fewer than 4 values
  // The worst value still in quartile 1, 2 and 3: the value to reach to be in
  // that quartile or better (nullopt when no organisation is in it).
  std::array<std::optional<double>, 3> cut_points;
};

// Ranks values[own] among all of `values` (NaN = no value; REQUIRES
// values[own] is not NaN). Higher values are better unless !higher_is_better.
PeerRanking RankAmongPeers(std::span<const double> values, size_t own, bool higher_is_better);

}  // namespace barometer::measures::internal
