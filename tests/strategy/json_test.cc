// JSON round trip: TOML -> model -> JSON -> model -> JSON gives the same JSON,
// for the annotated example, every example strategy and every case file that
// loads without errors; and the model read back validates the same way.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "strategy/load.h"
#include "strategy/render.h"

namespace barometer::strategy {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ValidFiles() {
  fs::path root(BAROMETER_SOURCE_DIR);
  std::vector<std::string> files = {(root / "docs/strategy-format-example.toml").string()};
  for (const fs::path& dir : {root / "tests/strategy/cases", root / "tests/strategy/diff"}) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".toml") files.push_back(e.path().string());
    }
  }
  if (fs::exists(root / "examples")) {
    for (const auto& dir : fs::directory_iterator(root / "examples")) {
      if (!dir.is_directory()) continue;
      for (const auto& e : fs::directory_iterator(dir.path())) {
        if (e.path().extension() == ".toml") files.push_back(e.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> Messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d.items()) {
    out.push_back(std::string(x.severity == Severity::kError ? "error: " : "warning: ") +
                  x.message);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StrategyJson, RoundTripsEveryValidFile) {
  int round_tripped = 0;
  for (const std::string& f : ValidFiles()) {
    SCOPED_TRACE(f);
    Result<Loaded> l = LoadStrategyFile(f);
    ASSERT_TRUE(l.ok());
    if (!l->ok()) continue;  // case files with errors
    std::string json = ToJson(l->strategy);
    Result<Strategy> back = FromJson(json);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(ToJson(*back), json);
    // Validation sees the same model either way.
    Diagnostics again;
    CheckStrategy(*back, again);
    EXPECT_EQ(Messages(again), Messages(l->diagnostics));
    ++round_tripped;
  }
  EXPECT_GE(round_tripped, 10);
}

TEST(StrategyJson, KeysAreTheFileFormatsKeys) {
  Result<Loaded> l =
      LoadStrategyFile(std::string(BAROMETER_SOURCE_DIR) + "/docs/strategy-format-example.toml");
  ASSERT_TRUE(l.ok());
  auto j = nlohmann::ordered_json::parse(ToJson(l->strategy));
  EXPECT_EQ(j["format"], 1);
  EXPECT_EQ(j["organisation"]["period"]["start"], "2024-04-01");
  EXPECT_EQ(j["priorities"][0]["id"], "great_care");
  EXPECT_EQ(j["priorities"][1]["actions"][0],
            "Launch a leadership programme for every ward manager");
  EXPECT_EQ(j["strategic_ambitions"][0]["name"], "Being outward focussed");
  EXPECT_EQ(j["strategic_ambitions"][0]["actions"].size(), 1u);
  EXPECT_EQ(j["strategic_ambitions"][0]["priorities"][1], "great_people");
  // Keys in the file format's order: strategic ambitions follow the priorities.
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  auto at = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
  EXPECT_EQ(at("strategic_ambitions"), at("priorities") + 1);
  const auto& falls = j["measures"][1];
  EXPECT_EQ(falls["id"], "falls");
  EXPECT_EQ(falls["baseline"], "to be established in year 1");
  EXPECT_EQ(falls["spc"]["rebase"][0], "2025-04-01");
  EXPECT_EQ(falls["targets"][1]["change"], -10);
  EXPECT_EQ(falls["targets"][1]["change_unit"], "percent");
  EXPECT_EQ(falls["where"],
            std::string(BAROMETER_SOURCE_DIR) + "/docs/strategy-format-example.toml:144:1");
  EXPECT_EQ(j["measures"][0]["baseline"]["value"], 6.6);
  EXPECT_EQ(j["risks"][0]["current"]["likelihood"], 3);
  // The first keys follow the file format's order.
  EXPECT_EQ(j.begin().key(), "format");
}

TEST(StrategyJson, FromJsonReportsWhatIsWrong) {
  EXPECT_EQ(FromJson("{").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(FromJson("[]").status().message(), "strategy JSON: expected an object");
  Result<Strategy> r = FromJson(R"({"format": 1, "organisation": {"name": 3}, "prioritys": []})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("strategy JSON: organisation.name: expected a string", 0),
            0u)
      << r.status().message();
  EXPECT_NE(r.status().message().find("more"), std::string::npos);
  Result<Strategy> bad_enum = FromJson(
      R"({"format": 1, "organisation": {"name": "a", "kind": "hospital", "strategy": "s",
          "period": {"start": "2021-04-01", "end": "2024-03-31"}},
          "priorities": [{"id": "p", "name": "P"}]})");
  ASSERT_FALSE(bad_enum.ok());
  EXPECT_EQ(bad_enum.status().message(),
            "strategy JSON: organisation.kind: unknown value \"hospital\"");
}

}  // namespace
}  // namespace barometer::strategy
