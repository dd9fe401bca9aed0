// `barometer show`: the tree for the annotated format example, compared whole
// with tests/strategy/golden/format-example.show.txt.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "strategy/load.h"
#include "strategy/render.h"

namespace barometer::strategy {
namespace {

std::string ReadFile(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(StrategyShow, AnnotatedExampleTree) {
  std::string root = BAROMETER_SOURCE_DIR;
  Result<Strategy> s = LoadValidStrategy(root + "/docs/strategy-format-example.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(RenderTree(*s), ReadFile(root + "/tests/strategy/golden/format-example.show.txt"));
}

TEST(StrategyShow, EveryExampleRenders) {
  // No example may make the tree throw or print an empty document.
  std::string root = BAROMETER_SOURCE_DIR;
  for (const char* f :
       {"/tests/strategy/diff/old.toml", "/tests/strategy/cases/valid_minimal.toml"}) {
    Result<Strategy> s = LoadValidStrategy(root + f);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    std::string tree = RenderTree(*s);
    EXPECT_NE(tree.find("Test Hospitals NHS Trust"), std::string::npos);
    EXPECT_NE(tree.find("Priorities\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace barometer::strategy
