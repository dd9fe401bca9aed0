// The rule helpers against NHSRplotthedots 0.2.2's own helpers
// (tests/reference/spc/rule_helpers.csv), then R's mean().
#include "stats/internal/spc_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/number.h"
#include "core/table.h"
#include "core/text.h"

namespace barometer::stats::spc_internal {
namespace {

std::vector<double> Numbers(std::string_view s) {
  std::vector<double> v;
  for (std::string_view x : Split(s, ';')) v.push_back(ParseDouble(x).value());
  return v;
}

std::vector<int> Ints(std::string_view s) {
  std::vector<int> v;
  for (double d : Numbers(s)) v.push_back(static_cast<int>(d));
  return v;
}

std::vector<std::optional<int>> Signs(std::string_view s) {
  std::vector<std::optional<int>> v;
  for (int i : Ints(s)) v.push_back(i);
  return v;
}

std::vector<std::optional<bool>> Flags(std::string_view s) {
  std::vector<std::optional<bool>> v;
  for (int i : Ints(s)) v.push_back(i != 0);
  return v;
}

TEST(SpcRuleHelpers, MatchTheReferenceHelpers) {
  auto t = ReadCsvTable(std::string(BAROMETER_REFERENCE_DIR) + "/spc/rule_helpers.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const size_t helper = *t->Column("helper"), a1 = *t->Column("arg1"), a2 = *t->Column("arg2"),
               res = *t->Column("result");
  ASSERT_EQ(t->rows(), 40u);
  int checked = 0;
  for (size_t r = 0; r < t->rows(); ++r) {
    std::string_view h = t->cell(r, helper), x = t->cell(r, a1), y = t->cell(r, a2);
    std::vector<int> want = Ints(t->cell(r, res));
    std::vector<int> got;
    if (h == "ptd_seven_point_one_side_mean") {
      got = OneSideRunEnds(Signs(x), 7);
    } else if (h == "ptd_part_of_seven_trend") {
      got = PartOfRun(Ints(x), 7);
    } else if (h == "ptd_seven_point_trend") {
      got = TrendEnds(Numbers(x), 7);
    } else if (h == "ptd_two_in_three") {
      got = TwoInThree(Flags(x), Signs(y));
    } else if (h == "ptd_part_of_two_in_three(ptd_two_in_three(close,rtm),close)") {
      got = PartOfTwoInThree(TwoInThree(Flags(x), Signs(y)), Flags(x));
    } else {
      ADD_FAILURE() << "unknown helper " << h;
      continue;
    }
    EXPECT_EQ(got, want) << "line " << t->line(r) << ": " << h << "(" << x << ", " << y << ")";
    ++checked;
  }
  EXPECT_EQ(checked, 40);
}

TEST(SpcRuleHelpers, MissingValuesNeverSatisfyARule) {
  std::vector<std::optional<int>> rtm = {1, 1, 1, std::nullopt, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(OneSideRunEnds(rtm, 7), std::vector<int>(10, 0));
  std::vector<std::optional<bool>> close = {true, std::nullopt, true};
  EXPECT_EQ(TwoInThree(close, std::vector<std::optional<int>>{1, 1, 1}), std::vector<int>(3, 0));
}

TEST(SpcRuleHelpers, AMissingValueBreaksATrend) {
  // The reference fails with "missing value where TRUE/FALSE needed" here.
  std::vector<double> y = {1, 2, 3, std::nan(""), 5, 6, 7, 8};
  EXPECT_EQ(TrendEnds(y, 7), std::vector<int>(8, 0));
  y[3] = 4;
  EXPECT_EQ(TrendEnds(y, 7), (std::vector<int>{0, 0, 0, 0, 0, 0, 1, 1}));
}

TEST(SpcRuleHelpers, RunLengthsAreParameters) {
  // Six rising points: a trend under the MDC Excel tool's 6-point rule only.
  std::vector<double> y = {5, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(TrendEnds(y, 7), std::vector<int>(7, 0));
  EXPECT_EQ(TrendEnds(y, 6), (std::vector<int>{0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(PartOfRun(TrendEnds(y, 6), 6), (std::vector<int>{0, 1, 1, 1, 1, 1, 1}));
}

TEST(RMean, MatchesRsTwoPassMean) {
  // R 4.2: mean(c(0.1, 0.2, 0.3)) prints 0.2 exactly (the double nearest 0.2),
  // where a left-to-right double sum divided by 3 gives 0.20000000000000004.
  std::vector<double> x = {0.1, 0.2, 0.3};
  EXPECT_EQ(RMean(x), 0.2);
  EXPECT_TRUE(std::isnan(RMean(std::vector<double>{})));
  EXPECT_TRUE(std::isnan(RMean(std::vector<double>{std::nan("")})));
  EXPECT_EQ(RMean(std::vector<double>{std::nan(""), 4, 6}), 5);
}

}  // namespace
}  // namespace barometer::stats::spc_internal
