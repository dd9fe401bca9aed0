#include "measures/internal/rank.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/number.h"
#include "core/table.h"

namespace barometer::measures::internal {
namespace {

constexpr double kNa = std::numeric_limits<double>::quiet_NaN();

TEST(RankTest, TiesShareTheBestRankAndAQuartile) {
  // Higher is better: 9 > 8 = 8 > 7 > 6 > 5 > 4 > 3.
  std::vector<double> v = {9, 8, 8, 7, 6, 5, 4, 3};
  PeerRanking a = RankAmongPeers(v, 1, true);
  PeerRanking b = RankAmongPeers(v, 2, true);
  EXPECT_EQ(a.rank, 2);
  EXPECT_EQ(b.rank, 2);
  EXPECT_EQ(a.tied, 2);
  EXPECT_EQ(a.quartile, b.quartile);
  EXPECT_EQ(RankAmongPeers(v, 3, true).rank, 4);
  EXPECT_EQ(RankAmongPeers(v, 0, true).quartile, 1);
  EXPECT_EQ(RankAmongPeers(v, 7, true).quartile, 4);
}

TEST(RankTest, LowerIsBetterReversesTheOrder) {
  std::vector<double> v = {9, 8, 7, 6, 5, 4, 3, 2};
  PeerRanking r = RankAmongPeers(v, 7, false);
  EXPECT_EQ(r.rank, 1);
  EXPECT_EQ(r.quartile, 1);
  EXPECT_EQ(RankAmongPeers(v, 0, false).quartile, 4);
}

TEST(RankTest, MissingPeersAreLeftOut) {
  std::vector<double> v = {9, kNa, 8, kNa, 7, 6, 5, 4, 3, 2};
  PeerRanking r = RankAmongPeers(v, 2, true);
  EXPECT_EQ(r.peers, 8);
  EXPECT_EQ(r.rank, 2);
}

TEST(RankTest, CutPointsAreTheWorstValueInEachQuartile) {
  std::vector<double> v = {9, 8, 7, 6, 5, 4, 3, 2};  // two per quartile
  PeerRanking r = RankAmongPeers(v, 0, true);
  ASSERT_TRUE(r.cut_points[0] && r.cut_points[1] && r.cut_points[2]);
  EXPECT_EQ(*r.cut_points[0], 8);
  EXPECT_EQ(*r.cut_points[1], 6);
  EXPECT_EQ(*r.cut_points[2], 4);
}

TEST(RankTest, FewerThanFourValuesHaveNoQuartile) {
  std::vector<double> v = {3, 2, 1};
  EXPECT_EQ(RankAmongPeers(v, 0, true).quartile, 0);
  EXPECT_EQ(RankAmongPeers(v, 0, true).rank, 1);
}

// Quartiles over 491 areas (with tied values) as OHID's phe_quantile assigns
// them (tests/reference/phe/quantiles.csv, case quantile_quartiles_ungrouped,
// invert = TRUE: the highest value is in quartile 1).
TEST(RankTest, QuartilesMatchPheIndicatorMethods) {
  auto t = ReadCsvTable(std::string(BAROMETER_REFERENCE_DIR) + "/phe/quantiles.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  size_t case_col = *t->Column("case_id"), value_col = *t->Column("value"),
         expected_col = *t->Column("expected_quantile");
  std::vector<double> values;
  std::vector<int> expected;
  for (size_t r = 0; r < t->rows(); ++r) {
    if (t->cell(r, case_col) != "quantile_quartiles_ungrouped") continue;
    std::optional<double> v = ParseDouble(t->cell(r, value_col));
    values.push_back(v ? *v : kNa);
    std::optional<int64_t> q = ParseInt(t->cell(r, expected_col));
    expected.push_back(q ? static_cast<int>(*q) : 0);
  }
  ASSERT_EQ(values.size(), 491u);
  int ties = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    PeerRanking r = RankAmongPeers(values, i, /*higher_is_better=*/true);
    EXPECT_EQ(r.quartile, expected[i]) << "row " << i << " value " << values[i];
    if (r.tied > 1) ++ties;
  }
  EXPECT_GT(ties, 0) << "the reference case should exercise ties";
}

}  // namespace
}  // namespace barometer::measures::internal
