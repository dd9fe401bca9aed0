// End-to-end tests of `barometer validate`, `show` and `diff`: the built
// binary is run from the source directory and its output and exit code
// checked (exit codes as documented in cli/exit_codes.h and --help).
#include <unistd.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace barometer {
namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `barometer <args>` in the source directory, so paths in messages are
// the relative ones a user would type.
Outcome Barometer(const std::string& args) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string base =
      testing::TempDir() + "strategy_cli_" + info->name() + "_" + std::to_string(getpid());
  std::string cmd = std::string("cd '") + BAROMETER_SOURCE_DIR + "' && '" + BAROMETER_BINARY +
                    "' " + args + " >'" + base + ".out' 2>'" + base + ".err'";
  int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = Slurp(base + ".out");
  o.err = Slurp(base + ".err");
  return o;
}

std::string LastLine(const std::string& s) {
  size_t end = s.size() && s.back() == '\n' ? s.size() - 1 : s.size();
  size_t start = s.rfind('\n', end - 1);
  return s.substr(start == std::string::npos ? 0 : start + 1, end - (start + 1));
}

const char* kExample = "docs/strategy-format-example.toml";

TEST(StrategyCliValidate, CleanFileExitsZeroWithWarnings) {
  Outcome o = Barometer(std::string("validate ") + kExample);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(LastLine(o.out), "0 errors, 4 warnings in docs/strategy-format-example.toml");
  EXPECT_EQ(o.err, "");
}

TEST(StrategyCliValidate, StrictMakesWarningsFail) {
  EXPECT_EQ(Barometer(std::string("validate --strict ") + kExample).code, 1);
  EXPECT_EQ(Barometer("validate --strict tests/strategy/cases/valid_minimal.toml").code, 0);
}

TEST(StrategyCliValidate, ErrorsExitOneAndPrintTheExpectedReport) {
  Outcome o = Barometer("validate tests/strategy/cases/dangling_references.toml");
  EXPECT_EQ(o.code, 1);
  // The same report the data-driven test checks, with the path as typed.
  std::string expected = Slurp(std::string(BAROMETER_SOURCE_DIR) +
                               "/tests/strategy/cases/dangling_references.expected");
  std::string prefixed;
  std::istringstream lines(expected);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("dangling_references.toml", 0) == 0) line = "tests/strategy/cases/" + line;
    size_t in = line.find(" in dangling_references.toml");
    if (in != std::string::npos) line.replace(in + 4, 0, "tests/strategy/cases/");
    prefixed += line + "\n";
  }
  EXPECT_EQ(o.out, prefixed);
}

TEST(StrategyCliValidate, SeveralFilesReportEach) {
  Outcome o = Barometer(std::string("validate ") + kExample +
                        " tests/strategy/cases/malformed_unterminated_string.toml");
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.out.find("0 errors, 4 warnings in docs/strategy-format-example.toml\n"),
            std::string::npos);
  EXPECT_EQ(LastLine(o.out),
            "1 error, 0 warnings in tests/strategy/cases/malformed_unterminated_string.toml");
}

TEST(StrategyCliValidate, QuietPrintsErrorsOnlyButCountsWarnings) {
  Outcome o = Barometer(std::string("validate --quiet ") + kExample);
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "0 errors, 4 warnings in docs/strategy-format-example.toml\n");
}

TEST(StrategyCliValidate, MissingFileExitsThree) {
  Outcome o = Barometer("validate no/such/strategy.toml");
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(o.err, "barometer validate: no/such/strategy.toml: no such file\n");
}

TEST(StrategyCliValidate, UsageErrorsExitTwo) {
  EXPECT_EQ(Barometer("validate").code, 2);
  EXPECT_EQ(Barometer(std::string("validate --format xml ") + kExample).code, 2);
  EXPECT_EQ(Barometer(std::string("validate --no-such-flag ") + kExample).code, 2);
}

TEST(StrategyCliValidate, JsonListsDiagnostics) {
  Outcome o = Barometer("validate --format json tests/strategy/cases/duplicate_ids.toml");
  EXPECT_EQ(o.code, 1);
  auto j = nlohmann::json::parse(o.out);
  const auto& f = j["files"][0];
  EXPECT_EQ(f["file"], "tests/strategy/cases/duplicate_ids.toml");
  EXPECT_EQ(f["errors"], 2);
  EXPECT_EQ(f["diagnostics"][0]["line"], 28);
  EXPECT_EQ(f["diagnostics"][0]["column"], 6);
  EXPECT_EQ(f["diagnostics"][0]["severity"], "error");
  EXPECT_EQ(f["diagnostics"][0]["message"],
            "duplicate committee id `quality`; the first is at line 15");
}

TEST(StrategyCliValidate, HelpDocumentsExitCodes) {
  Outcome o = Barometer("validate --help");
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("--strict"), std::string::npos);
  EXPECT_NE(o.out.find("1  the input has errors"), std::string::npos);
}

TEST(StrategyCliShow, TreeMatchesGolden) {
  Outcome o = Barometer(std::string("show ") + kExample);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, Slurp(std::string(BAROMETER_SOURCE_DIR) +
                         "/tests/strategy/golden/format-example.show.txt"));
}

TEST(StrategyCliShow, JsonIsTheWholeModel) {
  Outcome o = Barometer(std::string("show --format json ") + kExample);
  EXPECT_EQ(o.code, 0);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["organisation"]["short_name"], "NTH");
  EXPECT_EQ(j["measures"].size(), 6u);
  EXPECT_EQ(j["risks"][0]["id"], "BAF1");
}

TEST(StrategyCliShow, FileWithErrorsIsNotShown) {
  Outcome o = Barometer("show tests/strategy/cases/bad_ids.toml");
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("bad_ids.toml:15:6: error: invalid committee id"), std::string::npos);
  EXPECT_EQ(LastLine(o.err),
            "barometer show: tests/strategy/cases/bad_ids.toml has errors; fix them first");
}

// Facts from seeds/uhnm-strategy-2025-2035.txt ("Our strategic ambitions").
TEST(StrategyCliShow, UhnmStrategicAmbitionsWithTheirActions) {
  Outcome o = Barometer("show examples/uhnm-2025-2035/strategy.toml");
  ASSERT_EQ(o.code, 0) << o.err;
  size_t section = o.out.find("\nStrategic ambitions\n");
  ASSERT_NE(section, std::string::npos);
  for (const char* name :
       {"Shaping the health of our population", "Striving for excellence",
        "High performing service delivery", "Working in partnership", "Being outward focussed"}) {
    EXPECT_NE(o.out.find(name, section), std::string::npos) << name;
  }
  EXPECT_NE(o.out.find("Action: Deliver the NHS commitment on 10 per cent social value weighting "
                       "to improve procurement opportunities for local businesses.",
                       section),
            std::string::npos);
}

// Facts from seeds/one-liverpool-strategy-2019-2024.txt: critical actions
// under the objectives, and ambitions dated "by 2024" and "By 2023-25".
TEST(StrategyCliShow, OneLiverpoolCriticalActions) {
  Outcome o = Barometer("show examples/one-liverpool/strategy.toml");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("Action: Ensuring all children receive routine and targeted vaccinations"),
            std::string::npos);
  EXPECT_NE(o.out.find("Action: Adopting procurement policies that support local investment and "
                       "employment"),
            std::string::npos);
  EXPECT_NE(o.out.find("by 2024-12-31 (after the strategy period): ≤ 1.7 — Halve the projected "
                       "life expectancy gap with England to 1.7 years by 2024"),
            std::string::npos);
}

TEST(StrategyCliValidate, OneLiverpoolAmbitionsAfterThePeriodAreWarnings) {
  Outcome o = Barometer("validate examples/one-liverpool/strategy.toml");
  EXPECT_EQ(o.code, 0) << o.out;
  int by_2024 = 0, by_2025 = 0;
  for (size_t at = 0; (at = o.out.find("warning: target date ", at)) != std::string::npos; ++at) {
    std::string rest = o.out.substr(at, 80);
    by_2024 +=
        rest.find("2024-12-31 is after the strategy period ends (2024-03-31)") != std::string::npos;
    by_2025 +=
        rest.find("2025-12-31 is after the strategy period ends (2024-03-31)") != std::string::npos;
  }
  EXPECT_EQ(by_2024, 3);  // the life expectancy gap; respiratory mortality (twice)
  EXPECT_EQ(by_2025, 6);  // cancer, circulatory and infant deaths, each twice
}

TEST(StrategyCliDiff, GovernanceTextMatchesGolden) {
  Outcome o = Barometer(
      "diff tests/strategy/diff/governance_old.toml tests/strategy/diff/governance_new.toml");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, Slurp(std::string(BAROMETER_SOURCE_DIR) +
                         "/tests/strategy/diff/governance.expected.txt"));
}

TEST(StrategyCliDiff, TextMatchesGolden) {
  Outcome o = Barometer("diff tests/strategy/diff/old.toml tests/strategy/diff/new.toml");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, Slurp(std::string(BAROMETER_SOURCE_DIR) + "/tests/strategy/diff/expected.txt"));
}

TEST(StrategyCliDiff, ExitCodeFlag) {
  EXPECT_EQ(
      Barometer("diff --exit-code tests/strategy/diff/old.toml tests/strategy/diff/new.toml").code,
      1);
  EXPECT_EQ(
      Barometer("diff --exit-code tests/strategy/diff/old.toml tests/strategy/diff/old.toml").code,
      0);
  EXPECT_EQ(Barometer("diff tests/strategy/diff/old.toml").code, 2);
  EXPECT_EQ(Barometer("diff tests/strategy/diff/old.toml missing.toml").code, 3);
}

TEST(StrategyCliDiff, Json) {
  Outcome o =
      Barometer("diff --format json tests/strategy/diff/old.toml tests/strategy/diff/new.toml");
  EXPECT_EQ(o.code, 0);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["summary"]["added"], 4);
  EXPECT_EQ(j["summary"]["moved"], 1);
}

}  // namespace
}  // namespace barometer
