// The reading pages beside the summary, and their JSON: the golden thread,
// the BAF with its heat map, the population outcomes (values and limits from
// the record, never counts), a measure's history of updates and revisions;
// strategy text carrying injection strings renders inert on every one.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* const kScript = "<script>alert(1)</script>";
const char* const kImg = "\"><img src=x onerror=alert(1)>";
const char* const kSvg = "<svg onload=alert(1)>";

// The fixture's strategy with hostile text in its names, a BAF risk and an
// outcome measure (values with 95% limits, counts in the store).
class PagesTest : public ServerTest {
 protected:
  std::string StrategyText() const override {
    std::string s = kStrategy;
    auto replace = [&](const std::string& from, const std::string& to) {
      size_t at = s.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      s.replace(at, from.size(), to);
    };
    replace("name = \"Great Care\"", "name = \"Great Care " + Toml(kScript) + "\"");
    replace("name = \"Safe care\"", "name = \"Safe care " + Toml(kImg) + "\"");
    replace("name = \"Inpatient falls\"", "name = \"Inpatient falls " + Toml(kSvg) + "\"");
    replace("strategy = \"Test Strategy\"",
            "strategy = \"Test Strategy\"\nvision = \"Best care " + Toml(kImg) + "\"");
    s += R"toml(
[[measures]]
id = "u75"
objective = "safe"
name = "Premature mortality <script>alert(1)</script>"
unit = "rate"
per = 100000
direction = "lower"
frequency = "annual"
outcome = true
indicator = "u75_mortality"

[[risks]]
id = "BAF1"
title = "Unsafe staffing <script>alert(1)</script>"
objectives = ["safe"]
owner = "chief_nurse"
committee = "quality"
inherent = { likelihood = 4, consequence = 5 }
current = { likelihood = 4, consequence = 4 }
target = { likelihood = 2, consequence = 4 }
appetite_score = 8
)toml";
    return s;
  }

  static std::string Toml(const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }

  void AddMore(measures::Store& store) override {
    measures::Transaction tx(store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store.AddLoad(
        {measures::LoadKind::kValues, "outcomes.csv", "", "2024-01-02T00:00:00Z", "feed"});
    ASSERT_TRUE(load.ok());
    for (int year = 2019; year <= 2022; ++year) {
      measures::Observation o;
      o.measure_id = "u75";
      o.period = *Period::Parse(std::to_string(year));
      o.value = 400.0 - 10 * (year - 2019);
      o.lower = o.value - 25;
      o.upper = o.value + 25;
      o.numerator = 1234567;  // a count: never shown by the outcomes page
      o.denominator = 7654321;
      ASSERT_TRUE(store.PutObservation(o, *load, year).ok());
    }
    ASSERT_TRUE(tx.Commit().ok());
  }

  static void ExpectInert(const std::string& body, const std::string& where) {
    EXPECT_FALSE(Has(body, "<script>alert")) << where;
    EXPECT_FALSE(Has(body, "<img src=x")) << where;
    EXPECT_FALSE(Has(body, "<svg onload")) << where;
  }
};

TEST_F(PagesTest, InjectionStringsInTheStrategyRenderInertOnEveryNewPage) {
  Browser board = SignIn("board");
  for (const char* path :
       {"/golden-thread", "/baf", "/population", "/measure/falls", "/measure/u75", "/"}) {
    auto page = Get(board, path);
    ASSERT_EQ(page->status, 200) << path;
    ExpectInert(page->body, path);
  }
  EXPECT_TRUE(Has(Get(board, "/golden-thread")->body, "Great Care &lt;script&gt;alert(1)"));
  EXPECT_TRUE(Has(Get(board, "/golden-thread")->body, "Safe care &quot;&gt;&lt;img src=x"));
  EXPECT_TRUE(Has(Get(board, "/baf")->body, "Unsafe staffing &lt;script&gt;"));
}

TEST_F(PagesTest, TheGoldenThreadCarriesTheRecordsStatuses) {
  Browser board = SignIn("board");
  auto summary = nlohmann::json::parse(Get(board, "/api/summary")->body);
  auto thread = nlohmann::json::parse(Get(board, "/api/golden-thread")->body);
  EXPECT_EQ(thread["period"], kPeriod);
  ASSERT_EQ(thread["priorities"].size(), 2u);
  const auto& care = thread["priorities"][0];
  EXPECT_EQ(care["id"], "care");
  ASSERT_EQ(care["objectives"].size(), 1u);
  const auto& safe = care["objectives"][0];
  EXPECT_EQ(safe["id"], "safe");
  EXPECT_EQ(safe["owner_role"], "chief_nurse");
  EXPECT_EQ(safe["committee"], "quality");
  ASSERT_EQ(safe["measures"].size(), 2u);
  // Each measure's status is the record's.
  for (const auto& m : safe["measures"]) {
    bool found = false;
    for (const auto& e : summary["measures"]) {
      if (e["measure_id"] == m["id"]) {
        EXPECT_EQ(e["status"], m["status"]) << m["id"];
        found = true;
      }
    }
    EXPECT_TRUE(found) << m["id"];
  }
  auto page = Get(board, "/golden-thread");
  EXPECT_TRUE(Has(page->body, "href=\"/measure/falls?period=2023-24%20Q3\""));
  EXPECT_TRUE(Has(page->body, "Chief Nurse"));
}

TEST_F(PagesTest, TheBafShowsTheHeatMapAndTheReportsTables) {
  Browser board = SignIn("board");
  auto page = Get(board, "/baf");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "id=\"baf-heatmap\""));
  EXPECT_TRUE(Has(page->body, "Risk register"));
  auto api = nlohmann::json::parse(Get(board, "/api/baf")->body);
  ASSERT_TRUE(api["tables"].is_array());
  ASSERT_GE(api["tables"].size(), 1u);
  EXPECT_EQ(api["tables"][0]["name"], "risks");
  EXPECT_EQ(api["tables"][0]["rows"].size(), 1u);
}

TEST_F(PagesTest, PopulationOutcomesShowValuesAndLimitsButNoCounts) {
  Browser board = SignIn("board");
  auto page = Get(board, "/population");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "95% CI"));
  EXPECT_TRUE(Has(page->body, "<svg"));
  EXPECT_FALSE(Has(page->body, "1234567"));
  EXPECT_FALSE(Has(page->body, "7654321"));
  EXPECT_FALSE(Has(page->body, "Inpatient falls"));  // not an outcome
  auto api = nlohmann::json::parse(Get(board, "/api/population")->body);
  ASSERT_EQ(api["outcomes"].size(), 1u);
  const auto& u75 = api["outcomes"][0];
  EXPECT_EQ(u75["id"], "u75");
  ASSERT_EQ(u75["values"].size(), 4u);
  EXPECT_EQ(u75["values"][3]["value"], 370);
  EXPECT_EQ(u75["values"][3]["lower"], 345);
  const std::string text = api.dump();
  EXPECT_FALSE(Has(text, "numerator"));
  EXPECT_FALSE(Has(text, "1234567"));
}

TEST_F(PagesTest, AMeasuresHistoryHasEveryUpdateAndRevisionAsOfTheLock) {
  Browser owner = SignIn("owner_nurse");
  ASSERT_EQ(Post(owner, "/update/measure/falls", UpdateForm("0", "First version."))->status, 303);
  ASSERT_EQ(Post(owner, "/update/measure/falls", UpdateForm("1", "Second version."))->status, 303);
  auto revise = [&](double value, const char* at) {
    auto other = measures::Store::Open(path_, measures::Store::kMustExist);
    ASSERT_TRUE(other.ok());
    measures::Transaction tx(*other);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = other->AddLoad({measures::LoadKind::kValues, "late.csv", "", at, "ingest"});
    ASSERT_TRUE(load.ok());
    measures::Observation o;
    o.measure_id = "falls";
    o.period = Period::Month(2023, 11);
    o.value = value;
    ASSERT_TRUE(other->PutObservation(o, *load, 7).ok());
    ASSERT_TRUE(tx.Commit().ok());
  };
  revise(55, "2024-01-03T00:00:00Z");
  Browser board = SignIn("board");
  auto api = nlohmann::json::parse(Get(board, "/api/measure/falls")->body);
  const auto& h = api["history"];
  ASSERT_EQ(h["updates"].size(), 2u);
  EXPECT_EQ(h["updates"][0]["revision"], 1);
  EXPECT_EQ(h["updates"][0]["narrative"], "First version.");
  EXPECT_EQ(h["updates"][1]["narrative"], "Second version.");
  int november = 0;
  for (const auto& v : h["values"]) november += v["period"] == "2023-11";
  EXPECT_EQ(november, 2);
  auto page = Get(board, "/measure/falls");
  EXPECT_TRUE(Has(page->body, "Every revision of the owner&#39;s updates") ||
              Has(page->body, "Every revision of the owner"));
  EXPECT_TRUE(Has(page->body, "First version."));
  EXPECT_TRUE(Has(page->body, "1 revised since first loaded"));
  // Locked, then revised again: the locked period's history is as of its lock.
  ASSERT_EQ(Post(SignIn("analyst"), "/period/lock", {{"period", kPeriod}})->status, 303);
  revise(66, "2024-01-04T00:00:00Z");
  auto locked = nlohmann::json::parse(Get(board, "/api/measure/falls")->body);
  november = 0;
  for (const auto& v : locked["history"]["values"]) november += v["period"] == "2023-11";
  EXPECT_EQ(november, 2);
}

}  // namespace
}  // namespace barometer::server::testing
