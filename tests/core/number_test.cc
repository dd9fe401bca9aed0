#include "core/number.h"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(ParseDouble, AcceptsDecimalsOnly) {
  EXPECT_EQ(ParseDouble(" 7.25 "), 7.25);
  EXPECT_EQ(ParseDouble("+2.5"), 2.5);
  EXPECT_EQ(ParseDouble("-1e3"), -1000.0);
  for (const char* s : {"", "abc", "1.2.3", "nan", "inf", "1,5", "12%"}) {
    EXPECT_FALSE(ParseDouble(s)) << s;
  }
}

TEST(ParseInt, WholeStringOnly) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_FALSE(ParseInt("4.2"));
  EXPECT_FALSE(ParseInt("4x"));
}

TEST(Format, ShortestAndFixed) {
  EXPECT_EQ(FormatShortest(0.1), "0.1");
  EXPECT_EQ(FormatFixed(7.2, 2), "7.20");
  EXPECT_EQ(FormatFixed(7.2, -1), "7.2");
}

}  // namespace
}  // namespace barometer
