// ParseDay takes month starts from a table: it must agree with the civil
// calendar on every day it accepts, and refuse the days that do not exist.
#include "population/internal/fields.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "population/codes.h"

namespace barometer::population::internal {
namespace {

TEST(PopulationFields, ParseDayAgreesWithTheCalendarOnEveryDay) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int y = 1880; y <= 2099; ++y) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (int m = 1; m <= 12; ++m) {
      int last = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
      for (int d = 1; d <= last; ++d) {
        ASSERT_EQ(ParseDay(fmt::format("{:04}-{:02}-{:02}", y, m, d)), DaysFromCivil(y, m, d))
            << y << "-" << m << "-" << d;
      }
      EXPECT_FALSE(ParseDay(fmt::format("{:04}-{:02}-{:02}", y, m, last + 1)));
    }
  }
  EXPECT_EQ(ParseDay(" 1970-01-01 "), 0);
  EXPECT_FALSE(ParseDay("1900-02-29"));
  EXPECT_TRUE(ParseDay("2000-02-29"));
  EXPECT_FALSE(ParseDay("1879-12-31"));
  EXPECT_FALSE(ParseDay("2100-01-01"));
  EXPECT_FALSE(ParseDay("2020-00-10"));
  EXPECT_FALSE(ParseDay("2020-13-10"));
  EXPECT_FALSE(ParseDay("2020-1-10"));
}

}  // namespace
}  // namespace barometer::population::internal
