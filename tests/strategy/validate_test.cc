// Data-driven validation tests: each tests/strategy/cases/<name>.toml is
// validated and the output compared, whole, with <name>.expected (what
// `barometer validate` prints for it). A new case needs no C++: add the two
// files. Also: the annotated example in docs/ and every example strategy in
// examples/ validate with no errors.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "strategy/load.h"

namespace barometer::strategy {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(BAROMETER_SOURCE_DIR) / "tests/strategy/cases";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (e.path().extension() == ".toml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class StrategyValidateCase : public testing::TestWithParam<std::string> {};

TEST_P(StrategyValidateCase, OutputMatchesExpected) {
  const std::string name = GetParam();
  fs::path expected_path = kCases / (name + ".expected");
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path;
  // Diagnostics name the file as the user would see it: "<name>.toml".
  Loaded l = ParseStrategy(ReadFile(kCases / (name + ".toml")), name + ".toml");
  EXPECT_EQ(FormatValidation(l), ReadFile(expected_path));
}

INSTANTIATE_TEST_SUITE_P(StrategyCases, StrategyValidateCase, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace_if(
                               n.begin(), n.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return n;
                         });

TEST(StrategyValidateCases, EveryCaseHasAnExpectedOutput) {
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (e.path().extension() != ".expected") continue;
    fs::path toml = e.path();
    toml.replace_extension(".toml");
    EXPECT_TRUE(fs::exists(toml)) << e.path() << " has no .toml beside it";
  }
  EXPECT_GE(CaseNames().size(), 20u);
}

std::string Errors(const Loaded& l) {
  std::string out;
  for (const Diagnostic& d : l.diagnostics.items()) {
    if (d.severity == Severity::kError) out += d.ToString() + "\n";
  }
  return out;
}

TEST(StrategyValidateExamples, AnnotatedFormatExampleHasNoErrors) {
  Result<Loaded> l =
      LoadStrategyFile(std::string(BAROMETER_SOURCE_DIR) + "/docs/strategy-format-example.toml");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(Errors(*l), "");
  // The example records its gaps on purpose: one todo on the organisation,
  // one unnamed owner, one baseline to be established and one todo on it.
  EXPECT_EQ(l->diagnostics.warning_count(), 4);
}

TEST(StrategyValidateExamples, EveryExampleStrategyHasNoErrors) {
  fs::path root = fs::path(BAROMETER_SOURCE_DIR) / "examples";
  int checked = 0;
  if (fs::exists(root)) {
    for (const auto& dir : fs::directory_iterator(root)) {
      if (!dir.is_directory()) continue;
      for (const auto& f : fs::directory_iterator(dir.path())) {
        if (f.path().extension() != ".toml") continue;
        Result<Loaded> l = LoadStrategyFile(f.path().string());
        ASSERT_TRUE(l.ok()) << l.status().ToString();
        EXPECT_EQ(Errors(*l), "") << f.path();
        ++checked;
      }
    }
  }
  if (checked == 0) GTEST_SKIP() << "no example strategies in examples/*/ yet";
}

TEST(StrategyLoadFile, MissingFileIsNotFound) {
  Result<Loaded> l = LoadStrategyFile("/nonexistent/strategy.toml");
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(l.status().message(), "/nonexistent/strategy.toml: no such file");
}

TEST(StrategyLoadValid, ReturnsTheFirstErrorWithItsPlace) {
  fs::path p = kCases / "dangling_references.toml";
  Result<Strategy> s = LoadValidStrategy(p.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.status().where().line, 25);
  EXPECT_EQ(s.status().where().column, 13);
  EXPECT_EQ(s.status().message().rfind("unknown committee `qualty` (and 8 more", 0), 0u)
      << s.status().message();
}

}  // namespace
}  // namespace barometer::strategy
