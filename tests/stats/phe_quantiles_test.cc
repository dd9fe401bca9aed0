// Quantile assignment against PHEindicatormethods v2.1.0 (phe_quantile).
#include <gtest/gtest.h>

#include "core/text.h"
#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Reference;

TEST(PheQuantiles, EveryReferenceRow) {
  Reference ref("quantiles.csv");
  ASSERT_EQ(ref.rows(), 982u);
  // Group by case, then by the columns the case names in group_by.
  std::vector<std::vector<size_t>> groups;
  for (const auto& c : ref.Groups({"case_id", "invert"})) {
    std::string by = ref.Str(c.front(), "group_by");
    std::map<std::string, size_t> index;
    for (size_t r : c) {
      std::string key;
      if (!by.empty()) {
        for (auto col : Split(by, '+')) key += ref.Str(r, col) + '\x1f';
      }
      auto [it, added] = index.emplace(key, groups.size());
      if (added) groups.emplace_back();
      groups[it->second].push_back(r);
    }
  }
  size_t compared = 0;
  for (const auto& g : groups) {
    std::vector<double> values;
    for (size_t r : g) values.push_back(ref.Num(r, "value"));
    int nq = static_cast<int>(ref.Num(g.front(), "nquantiles"));
    auto q = AssignQuantiles(values, nq, ref.Bool(g.front(), "invert"));
    for (size_t i = 0; i < g.size(); ++i) {
      double want = ref.Num(g[i], "expected_quantile");
      EXPECT_EQ(q[i], std::isnan(want) ? 0 : static_cast<int>(want))
          << "quantiles.csv row " << g[i] + 2;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 982u);
}

}  // namespace
}  // namespace barometer::stats
