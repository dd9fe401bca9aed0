#include "core/diagnostics.h"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(Diagnostics, FormatsLikeACompiler) {
  Diagnostics d;
  d.Warning({"s.toml", 7, 3}, "objective `o2` has no measure");
  d.Error({"s.toml", 2, 13}, "unknown committee `qualty`", "did you mean `quality`?");
  d.SortByLocation();
  EXPECT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.warning_count(), 1);
  EXPECT_EQ(d.Format(),
            "s.toml:2:13: error: unknown committee `qualty`; did you mean `quality`?\n"
            "s.toml:7:3: warning: objective `o2` has no measure\n");
}

TEST(Diagnostics, CaretPointsAtTheColumn) {
  std::string src = "a = 1\ncommittee = \"qualty\"\n";
  EXPECT_EQ(CaretLine(src, 2, 13), "  committee = \"qualty\"\n              ^\n");
  EXPECT_EQ(CaretLine(src, 9, 1), "");
}

TEST(Status, ToStringIncludesPlace) {
  Status s = Status::InvalidInput("bad", {"f.csv", 3, 0});
  EXPECT_EQ(s.ToString(), "f.csv:3: bad");
  EXPECT_EQ(Status::Ok().ToString(), "ok");
  Result<int> r = Status::NotFound("x");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  Result<int> v = 5;
  EXPECT_EQ(*v, 5);
}

}  // namespace
}  // namespace barometer
