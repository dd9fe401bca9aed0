// The demo's One Liverpool pipeline on a small synthetic city, run with the
// built binary as scripts/demo.sh runs it: synthetic measure series (which
// leave out the measures with a population source), `population feed` of the
// outcome measures from the city, then the Board report and the population
// outcomes report for the same period. Every fed outcome's figures (value,
// 95% limits, status) must be identical in both reports and in `evaluate`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kStrategy =
    std::string(BAROMETER_SOURCE_DIR) + "/examples/one-liverpool/strategy.toml";
// The outcome measures the example binds to population indicators.
const std::set<std::string> kFed = {"le_gap", "u75_mortality_cancer", "u75_mortality_circulatory",
                                    "u75_mortality_respiratory", "infant_mortality"};
const char* kPeriod = "2023-24 Q3";

struct CmdResult {
  int rc = -1;
  std::string out;  // stdout
};

CmdResult Barometer(const std::string& args) {
  CmdResult r;
  std::string cmd = std::string(BAROMETER_BINARY) + " " + args;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  int status = ::pclose(f);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A report's JSON table as rows of column -> value.
std::vector<std::map<std::string, json>> Table(const json& doc, const std::string& name) {
  std::vector<std::map<std::string, json>> out;
  for (const json& t : doc["tables"]) {
    if (t["name"] != name) continue;
    for (const json& row : t["rows"]) {
      std::map<std::string, json> r;
      for (size_t i = 0; i < t["columns"].size(); ++i) r[t["columns"][i]] = row[i];
      out.push_back(std::move(r));
    }
  }
  return out;
}

class PopulationFeed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("barometer-population-feed-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    std::string d = dir_->string();
    ASSERT_EQ(Barometer("synth population --people 30000 --seed 7 --profile deprived-city --out " +
                        d + "/city >/dev/null")
                  .rc,
              0);
    // England's life expectancy for every period (the comparator le_gap needs).
    std::ofstream(d + "/england.csv")
        << "indicator,period,breakdown,breakdown_value,value,lower95_0cl,upper95_0cl\n"
           "life_expectancy_birth,,all,all,81.2,81.1,81.3\n";
    ASSERT_EQ(Barometer("synth measures --strategy " + kStrategy + " --seed 1 --out " + d +
                        "/m >/dev/null")
                  .rc,
              0);
    ASSERT_EQ(Barometer("ingest --db " + d + "/ol.db --strategy " + kStrategy + " " + d +
                        "/m/values.csv >/dev/null")
                  .rc,
              0);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static std::string D() { return dir_->string(); }
  static std::string Feed(const std::string& extra = "") {
    return "population feed --extract " + D() + "/city --strategy " + kStrategy + " --comparator " +
           D() + "/england.csv --db " + D() + "/ol.db --synthetic " + extra;
  }
  static fs::path* dir_;
};
fs::path* PopulationFeed::dir_ = nullptr;

TEST_F(PopulationFeed, SyntheticSeriesLeaveOutTheMeasuresFedFromThePopulation) {
  std::string values = Slurp(D() + "/m/values.csv");
  ASSERT_FALSE(values.empty());
  for (const std::string& id : kFed)
    EXPECT_EQ(values.find("\n" + id + ","), std::string::npos) << id;
}

TEST_F(PopulationFeed, BothReportsShowTheSameOutcomeFiguresForThePeriod) {
  CmdResult feed = Barometer(Feed("--format json"));
  ASSERT_EQ(feed.rc, 0) << feed.out;
  json fed = json::parse(feed.out);
  EXPECT_TRUE(fed["synthetic"].get<bool>());
  EXPECT_GT(fed["written"].get<int>(), 0);
  std::set<std::string> with_values;
  for (const json& v : fed["values"]) {
    if (!v["written"].get<bool>()) continue;
    with_values.insert(v["measure_id"]);
    // Limits around the value, stored with it.
    ASSERT_FALSE(v["lower"].is_null()) << v.dump();
    EXPECT_LE(v["lower"].get<double>(), v["value"].get<double>());
    EXPECT_GE(v["upper"].get<double>(), v["value"].get<double>());
  }
  // A small city still has every mortality outcome and the gap.
  for (const char* id : {"le_gap", "u75_mortality_cancer", "u75_mortality_circulatory"})
    EXPECT_TRUE(with_values.count(id)) << id;

  // Feeding the same extract again changes nothing.
  CmdResult again = Barometer(Feed("--format json"));
  ASSERT_EQ(again.rc, 0);
  EXPECT_EQ(json::parse(again.out)["written"].get<int>(), 0);

  std::string d = D();
  CmdResult ev = Barometer("evaluate --strategy " + kStrategy + " --db " + d +
                           "/ol.db --format json --period \"" + kPeriod + "\"");
  ASSERT_EQ(ev.rc, 0) << ev.out;
  std::map<std::string, json> evaluated;
  json evaluation = json::parse(ev.out);
  for (const json& m : evaluation["measures"]) evaluated[m["measure_id"]] = m;

  ASSERT_EQ(Barometer("report board --strategy " + kStrategy + " --db " + d + "/ol.db --period \"" +
                      kPeriod + "\" --format json --out " + d + "/board.json >/dev/null")
                .rc,
            0);
  ASSERT_EQ(Barometer("report population --extract " + d + "/city --strategy " + kStrategy +
                      " --db " + d + "/ol.db --period \"" + kPeriod + "\" --comparator " + d +
                      "/england.csv --format json --out " + d + "/population.json >/dev/null")
                .rc,
            0);
  std::map<std::string, std::map<std::string, json>> board;
  for (auto& r : Table(json::parse(Slurp(d + "/board.json")), "measures"))
    board[r["measure_id"].get<std::string>()] = r;
  std::map<std::string, std::map<std::string, json>> outcomes;
  for (auto& r : Table(json::parse(Slurp(d + "/population.json")), "ambitions"))
    outcomes[r["indicator_id"].get<std::string>()] = r;

  int compared = 0;
  for (const std::string& id : kFed) {
    SCOPED_TRACE(id);
    ASSERT_TRUE(board.count(id));
    ASSERT_TRUE(outcomes.count(id));  // the example's measure ids are the indicator ids
    ASSERT_TRUE(evaluated.count(id));
    auto& b = board[id];
    auto& p = outcomes[id];
    const json& e = evaluated[id];
    EXPECT_EQ(p["status"], b["status"]);
    EXPECT_EQ(p["status"], e["status"]);
    if (e["latest"].is_null()) {
      EXPECT_TRUE(p["value"].is_null());
      continue;
    }
    // The same value, exactly, in all three; the limits as stored.
    EXPECT_EQ(p["value"], e["latest"]["value"]);
    EXPECT_EQ(b["value"], e["latest"]["value"]);
    EXPECT_EQ(p["lower_95"], e["latest"]["lower"]);
    EXPECT_EQ(p["upper_95"], e["latest"]["upper"]);
    // The pooled years end with the period the value is stored for.
    std::string years = p["period"];
    EXPECT_EQ(years.substr(years.size() - 4), e["latest"]["period"].get<std::string>());
    const std::string note = e["latest"]["note"];
    EXPECT_NE(note.find("SYNTHETIC"), std::string::npos);
    // The extract by its folder's name: the analyst's path never reaches a paper.
    EXPECT_NE(note.find("extract `city`"), std::string::npos) << note;
    EXPECT_EQ(note.find(d), std::string::npos) << note;
    ++compared;
  }
  EXPECT_GE(compared, 3);
}

TEST_F(PopulationFeed, AnUnknownIndicatorIsReportedAtItsLineAndNothingIsWritten) {
  std::string text = Slurp(kStrategy);
  // The measure's own `indicator` goes (else validation reports the two
  // disagreeing); the source's is misspelt.
  std::string own = "indicator = \"u75_mortality_cancer\"\nbaseline";
  ASSERT_NE(text.find(own), std::string::npos);
  text.replace(text.find(own), own.size(), "baseline");
  std::string from = "indicator = \"u75_mortality_cancer\"\nperiods";
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "indicator = \"u75_mortality_cancr\"\nperiods");
  size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
  std::string bad = D() + "/bad.toml";
  std::ofstream(bad) << text;
  std::string db = D() + "/bad.db";
  CmdResult r = Barometer("population feed --extract " + D() + "/city --strategy " + bad +
                          " --comparator " + D() + "/england.csv --db " + db + " 2>&1");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find(bad + ":" + std::to_string(line) + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("u75_mortality_cancer"), std::string::npos) << r.out;  // the suggestion
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
