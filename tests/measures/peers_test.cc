// Peer groups, peers' numerators and denominators, and the funnel plot in the
// record (docs/published-data.md "Peer groups", "Funnel plots"), on the real
// A&E publication (data/nhs-published/): a group from a file of ODS codes, a
// region and a trust type; rank and quartile among the group against an
// independent computation here; the England TOTAL row against the sum of the
// stored peers' counts; the funnel's centre and each peer's position against
// a normal approximation computed here.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "core/number.h"
#include "core/text.h"
#include "measures/evaluate.h"
#include "measures/published.h"
#include "strategy/load.h"

namespace barometer::measures {
namespace {

using strategy::Publication;
namespace fs = std::filesystem;

const std::string kData = std::string(BAROMETER_SOURCE_DIR) + "/data/nhs-published/";
const std::string kRaw = std::string(BAROMETER_SOURCE_DIR) + "/tests/measures/data/nhse-ae-raw/";
const std::string kMonth = "2024-01";

std::string StrategyText(const std::string& groups, const std::string& measures) {
  return R"toml(
format = 1
[organisation]
name = "Liverpool University Hospitals NHS Foundation Trust"
short_name = "LUHFT"
kind = "trust"
strategy = "Test"
ods_code = "REM"
[organisation.period]
start = 2021-04-01
end = 2026-03-31
)toml" + groups +
         R"toml(
[[priorities]]
id = "care"
name = "Care"
[[objectives]]
id = "access"
priority = "care"
name = "Access"
owner = "unnamed"
)toml" + measures;
}

std::string FourHours(const std::string& peer_group, const std::string& peers = "trusts",
                      const std::string& publication = "nhse-ae",
                      const std::string& series = "4hr_all_types") {
  return "[[measures]]\nid = \"four_hours\"\nobjective = \"access\"\nname = \"A&E four hours\"\n"
         "unit = \"percent\"\ndirection = \"higher\"\nfrequency = \"" +
         std::string(publication == "staff-survey" ? "annual" : "monthly") + "\"\npeer_group = \"" +
         peer_group + "\"\n[measures.source]\npublication = \"" + publication + "\"\nseries = \"" +
         series + "\"\npeers = \"" + peers + "\"\n";
}

strategy::Strategy Parse(const std::string& text) {
  strategy::Loaded loaded = strategy::ParseStrategy(text, "test.toml");
  EXPECT_TRUE(loaded.ok()) << loaded.diagnostics.Format(text, false);
  return loaded.strategy;
}

// The tidy file's rows of one month, read here.
struct Row {
  int line = 0;
  std::map<std::string, std::string> cells;
  const std::string& operator[](const std::string& c) const { return cells.at(c); }
};
std::vector<Row> ReadRows(const std::string& path, const std::string& period) {
  auto csv = CsvReader::Open(path);
  EXPECT_TRUE(csv.ok()) << path;
  std::vector<std::string> header;
  std::vector<Row> out;
  while (csv->Next()) {
    if (header.empty()) {
      header.assign(csv->fields().begin(), csv->fields().end());
      continue;
    }
    if (csv->fields()[0] != period) continue;
    Row r;
    r.line = csv->line();
    for (size_t i = 0; i < header.size() && i < csv->fields().size(); ++i)
      r.cells[header[i]] = std::string(csv->fields()[i]);
    out.push_back(std::move(r));
  }
  return out;
}

bool IsTrust(const std::string& code) {
  return code.size() == 3 && (code[0] == 'R' || code[0] == 'T');
}

// Four-hour performance of a tidy row, computed here; nullopt when blank.
std::optional<double> FourHourValue(const Row& r) {
  if (r["four_hour_reported"] != "1" || r["att_total"].empty() || r["within4_total"].empty())
    return std::nullopt;
  double att = *ParseDouble(r["att_total"]);
  if (att <= 0) return std::nullopt;
  return *ParseDouble(r["within4_total"]) / att * 100;
}

class PeersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::OpenInMemory();
    ASSERT_TRUE(s.ok());
    store_ = std::make_unique<Store>(std::move(s).value());
    options_.loaded_by = "tester";
    options_.loaded_at = "2026-05-01T09:00:00Z";
    dir_ =
        fs::path(::testing::TempDir()) /
        ("peers_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
  }
  // The month's rows of a tidy file as a table of their own.
  PublishedReport IngestMonth(const strategy::Strategy& s, Publication p, const std::string& file,
                              const std::string& period, const PublishedOptions& po = {}) {
    auto csv = CsvReader::Open(file);
    EXPECT_TRUE(csv.ok());
    auto t = ReadPublishedTable(*csv);
    EXPECT_TRUE(t.ok());
    PublishedTable month;
    month.name = t->name;
    month.columns = t->columns;
    for (size_t i = 0; i < t->rows.size(); ++i) {
      if (t->rows[i][0] != period) continue;
      month.rows.push_back(t->rows[i]);
      month.lines.push_back(t->lines[i]);
    }
    auto r = IngestPublished(*store_, s, p, month, options_, po);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return *r;
  }
  std::set<std::string> StoredOrgs(const std::string& indicator, const std::string& group) {
    auto b = store_->Benchmarks(indicator);
    EXPECT_TRUE(b.ok());
    std::set<std::string> out;
    for (const BenchmarkValue& v : *b)
      if (v.peer_group == group) out.insert(v.org_code);
    return out;
  }
  MeasureEvaluation Evaluate(const strategy::Strategy& s, const std::string& quarter) {
    auto data = ReadEvaluationData(*store_, s);
    EXPECT_TRUE(data.ok());
    EvaluateOptions o;
    o.period = Period::Parse(quarter);
    o.today = Date{2026, 5, 1};
    auto e = measures::Evaluate(s, *data, o);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e->measures.at(0);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  std::unique_ptr<Store> store_;
  IngestOptions options_;
  fs::path dir_;
};

// Rank and quartile of `own` among `values` (higher is better), computed here:
// rank = 1 + the number strictly better; the quartile by position, 1 +
// floor(4 × (rank − 1) / n), as OHID's phe_quantile assigns it.
std::pair<int, int> RankAndQuartile(const std::vector<double>& values, double own) {
  int better = 0;
  for (double v : values) better += v > own;
  int n = static_cast<int>(values.size());
  return {better + 1, 1 + (4 * better) / n};
}

TEST_F(PeersTest, APeerGroupFileRanksAmongItsMembers) {
  // Members chosen from the month's rows: every third NHS trust with type 1
  // attendances and a four-hour value, by code.
  std::vector<Row> rows = ReadRows(kData + "ae/ae_provider_monthly.csv", kMonth);
  std::vector<std::string> type1;
  for (const Row& r : rows)
    if (IsTrust(r["org_code"]) && !r["att_type1"].empty() && *ParseDouble(r["att_type1"]) > 0 &&
        FourHourValue(r) && r["org_code"] != "REM")
      type1.push_back(r["org_code"]);
  std::sort(type1.begin(), type1.end());
  std::vector<std::string> members;
  for (size_t i = 0; i < type1.size(); i += 3) members.push_back(type1[i]);
  ASSERT_GE(members.size(), 30u);
  std::string file = "org_code,name\n# chosen for the test\n";
  for (const std::string& c : members) file += c + ",some trust\n";
  Write("members.csv", file);
  std::string text = StrategyText(
      "[[peer_groups]]\nid = \"chosen\"\nname = \"Chosen trusts\"\nmembers_file = "
      "\"members.csv\"\n",
      FourHours("chosen"));
  Write("strategy.toml", text);
  strategy::Strategy s = Parse(text);
  auto files = ReadPeerGroupFiles(s, (dir_ / "strategy.toml").string());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->at("chosen"), members);
  PublishedOptions po;
  po.member_files = *files;
  PublishedReport r =
      IngestMonth(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv", kMonth, po);
  ASSERT_TRUE(r.ok()) << r.problems.front().ToString();
  EXPECT_TRUE(r.warnings.empty());
  // Stored: the members and the organisation itself, nobody else.
  std::set<std::string> want(members.begin(), members.end());
  want.insert("REM");
  EXPECT_EQ(StoredOrgs("four_hours", "chosen"), want);

  // Rank and quartile among the members, against the file read here.
  std::vector<double> values;
  double own = 0;
  for (const Row& row : rows) {
    if (want.count(row["org_code"]) == 0) continue;
    std::optional<double> v = FourHourValue(row);
    ASSERT_TRUE(v) << row["org_code"];
    values.push_back(*v);
    if (row["org_code"] == "REM") own = *v;
  }
  MeasureEvaluation e = Evaluate(s, "2023-24 Q4");
  ASSERT_TRUE(e.rank);
  EXPECT_EQ(e.rank->peer_group, "chosen");
  EXPECT_EQ(e.rank->period.ToString(), kMonth);
  EXPECT_EQ(e.rank->peers, static_cast<int>(values.size()));
  auto [rank, quartile] = RankAndQuartile(values, own);
  EXPECT_EQ(e.rank->rank, rank);
  EXPECT_EQ(e.rank->quartile, quartile);
  std::vector<double> got = e.rank->peer_values, expected = values;
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 1e-9);
}

TEST_F(PeersTest, InlineMembersMissingFromTheFileAreWarnedNotErrors) {
  strategy::Strategy s =
      Parse(StrategyText("[[peer_groups]]\nid = \"few\"\nname = \"Few\"\nmembers = [\"RJE\", "
                         "\"RBQ\", \"R0A\", \"ZZZ9\"]\n",
                         FourHours("few")));
  PublishedReport r =
      IngestMonth(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv", kMonth);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("ZZZ9"), std::string::npos) << r.warnings[0];
  EXPECT_EQ(StoredOrgs("four_hours", "few"), (std::set<std::string>{"RBQ", "REM", "RJE", "R0A"}));
}

TEST_F(PeersTest, ARegionIsThePublicationsRegion) {
  std::vector<Row> rows = ReadRows(kData + "ae/ae_provider_monthly.csv", kMonth);
  std::set<std::string> want = {"REM"};
  for (const Row& r : rows)
    if (IsTrust(r["org_code"]) && Trim(r["parent_org"]) == "NHS ENGLAND NORTH WEST")
      want.insert(r["org_code"]);
  ASSERT_GE(want.size(), 15u);
  strategy::Strategy s = Parse(StrategyText(
      "[[peer_groups]]\nid = \"nw\"\nname = \"North West trusts\"\nregion = \"North West\"\n",
      FourHours("nw")));
  PublishedReport r =
      IngestMonth(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv", kMonth);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(StoredOrgs("four_hours", "nw"), want);
  // RTT has no region column: a region peer group is an error naming it, and nothing is written.
  strategy::Strategy rtt =
      Parse(StrategyText("[[peer_groups]]\nid = \"nw\"\nname = \"NW\"\nregion = \"North West\"\n",
                         FourHours("nw", "trusts", "nhse-rtt", "within_18w")));
  PublishedReport bad =
      IngestMonth(rtt, Publication::kNhseRtt, kData + "rtt/rtt_provider_monthly.csv", kMonth);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problems.front().line, 1);
  EXPECT_NE(bad.problems.front().reason.find("no region column"), std::string::npos);
  EXPECT_FALSE(bad.written);
}

TEST_F(PeersTest, ATrustTypeIsTheStaffSurveysBenchmarkingGroup) {
  const std::string file = kData + "staff_survey/nss_trust_annual.csv";
  std::vector<Row> rows = ReadRows(file, "2023");
  const std::string type = "Acute Specialist Trusts";
  std::set<std::string> want = {"REM"};
  for (const Row& r : rows)
    if (IsTrust(r["org_code"]) && r["benchmarking_group"] == type) want.insert(r["org_code"]);
  ASSERT_GE(want.size(), 5u);
  strategy::Strategy s = Parse(StrategyText(
      "[[peer_groups]]\nid = \"spec\"\nname = \"Specialist\"\ntrust_type = \"" + type + "\"\n",
      FourHours("spec", "trusts", "staff-survey", "stress")));
  PublishedReport r = IngestMonth(s, Publication::kStaffSurvey, file, "2023");
  ASSERT_TRUE(r.ok()) << r.problems.front().ToString();
  EXPECT_EQ(StoredOrgs("four_hours", "spec"), want);
}

TEST_F(PeersTest, AMalformedMembersFileNamesEveryBadLine) {
  Write("bad.txt", "code\nREM\nrem\nRJE\nREM\n\nTOOLONGCODE\n");
  std::string text = StrategyText(
      "[[peer_groups]]\nid = \"g\"\nname = \"G\"\nmembers_file = \"bad.txt\"\n", FourHours("g"));
  strategy::Strategy s = Parse(text);
  auto r = ReadPeerGroupFiles(s, (dir_ / "strategy.toml").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  const std::string m = r.status().message();
  const std::string path = (dir_ / "bad.txt").string();
  EXPECT_NE(m.find(path + ":3: `rem` is not an ODS code"), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":5: REM is already on line 2"), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":7: `TOOLONGCODE`"), std::string::npos) << m;
  // A file that is not there is an I/O error naming it.
  strategy::Strategy missing = Parse(StrategyText(
      "[[peer_groups]]\nid = \"g\"\nname = \"G\"\nmembers_file = \"none.txt\"\n", FourHours("g")));
  auto io = ReadPeerGroupFiles(missing, (dir_ / "strategy.toml").string());
  ASSERT_FALSE(io.ok());
  EXPECT_EQ(io.status().code(), StatusCode::kIo);
  // Members listed inline are checked when the strategy is validated.
  std::string inline_bad = StrategyText(
      "[[peer_groups]]\nid = \"g\"\nname = \"G\"\nmembers = [\"REM\", \"rjx\", \"REM\"]\n",
      FourHours("g"));
  strategy::Loaded loaded = strategy::ParseStrategy(inline_bad, "test.toml");
  EXPECT_FALSE(loaded.ok());
  std::string d = loaded.diagnostics.Format(inline_bad, false);
  EXPECT_NE(d.find("`rjx` is not an ODS code"), std::string::npos) << d;
  EXPECT_NE(d.find("REM is listed twice"), std::string::npos) << d;
}

TEST_F(PeersTest, PeersKeepNumeratorsAndDenominatorsThatSumToTheEnglandTotal) {
  // February 2026 as NHS England published it, every organisation a peer:
  // the stored peers' denominators (attendances) and numerators (within four
  // hours) sum to the file's TOTAL row, read here.
  strategy::Strategy s = Parse(StrategyText("", FourHours("", "all")));
  auto csv = CsvReader::Open(kRaw + "February-2026-CSV-Dl8t54.csv");
  ASSERT_TRUE(csv.ok());
  auto t = ReadPublishedTable(*csv);
  ASSERT_TRUE(t.ok());
  auto r = IngestPublished(*store_, s, Publication::kNhseAe, *t, options_);
  ASSERT_TRUE(r.ok() && r->ok());
  double total_att = 0, total_over4 = 0;
  for (const auto& row : t->rows) {
    if (ToLower(Trim(row[1])) != "total") continue;
    // Attendances (types 1, 2, other and their booked appointments) and over four hours.
    for (size_t c : {4, 5, 6, 7, 8, 9}) total_att += *ParseDouble(row[c]);
    for (size_t c : {10, 11, 12, 13, 14, 15}) total_over4 += *ParseDouble(row[c]);
  }
  ASSERT_EQ(t->columns[4], "A&E attendances Type 1");
  ASSERT_EQ(t->columns[15], "Attendances over 4hrs Booked Appointments Other Department");
  ASSERT_GT(total_att, 1e6);
  auto b = store_->Benchmarks("four_hours");
  ASSERT_TRUE(b.ok());
  double num = 0, den = 0, rows_with_value = 0;
  for (const BenchmarkValue& v : *b) {
    if (!v.value) {
      EXPECT_FALSE(v.denominator.has_value()) << v.org_code;
      continue;
    }
    ++rows_with_value;
    ASSERT_TRUE(v.numerator && v.denominator) << v.org_code;
    EXPECT_NEAR(*v.value, *v.numerator / *v.denominator * 100, 1e-9);
    num += *v.numerator;
    den += *v.denominator;
  }
  EXPECT_GT(rows_with_value, 100);
  EXPECT_EQ(den, total_att);
  EXPECT_EQ(num, total_att - total_over4);
}

TEST_F(PeersTest, BenchmarkFilesMayCarryNumeratorsAndDenominators) {
  CsvReader good = CsvReader::FromString(
      "indicator,period,org_code,org_name,peer_group,value,numerator,denominator\n"
      "x,2024-01,RAA,A,g,50,5,10\n"
      "x,2024-01,RBB,B,g,20,,\n",
      "peers.csv");
  auto r = IngestBenchmarks(*store_, good, options_);
  ASSERT_TRUE(r.ok() && r->ok()) << (r.ok() && !r->ok() ? r->problems[0].ToString() : "");
  auto b = store_->Benchmarks("x");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 2u);
  EXPECT_EQ((*b)[0].numerator, 5);
  EXPECT_EQ((*b)[0].denominator, 10);
  EXPECT_FALSE((*b)[1].numerator.has_value());
  CsvReader bad = CsvReader::FromString(
      "indicator,period,org_code,org_name,peer_group,value,numerator,denominator\n"
      "y,2024-01,RAA,A,g,50,5,\n"
      "y,2024-01,RBB,B,g,50,5,0\n",
      "bad.csv");
  auto rb = IngestBenchmarks(*store_, bad, options_);
  ASSERT_TRUE(rb.ok());
  EXPECT_FALSE(rb->ok());
  EXPECT_EQ(rb->problem_count, 2);
  auto none = store_->Benchmarks("y");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(PeersTest, TheRecordHoldsTheFunnelOfAProportion) {
  strategy::Strategy s = Parse(StrategyText(
      "[[peer_groups]]\nid = \"trusts\"\nname = \"NHS trusts\"\n", FourHours("trusts", "type1")));
  PublishedReport r =
      IngestMonth(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv", kMonth);
  ASSERT_TRUE(r.ok());
  MeasureEvaluation e = Evaluate(s, "2023-24 Q4");
  ASSERT_TRUE(e.rank);
  ASSERT_TRUE(e.funnel);
  const FunnelInfo& f = *e.funnel;
  // The peers and centre line from the file, read here.
  double num = 0, den = 0;
  std::map<std::string, std::pair<double, double>> peers;
  for (const Row& row : ReadRows(kData + "ae/ae_provider_monthly.csv", kMonth)) {
    if (!IsTrust(row["org_code"]) || row["att_type1"].empty() ||
        *ParseDouble(row["att_type1"]) <= 0 || !FourHourValue(row))
      continue;
    double n = *ParseDouble(row["within4_total"]), d = *ParseDouble(row["att_total"]);
    peers[row["org_code"]] = {n, d};
    num += n;
    den += d;
  }
  ASSERT_EQ(f.peers.size(), peers.size());
  EXPECT_NEAR(f.average, num / den * 100, 1e-9);
  EXPECT_EQ(f.period.ToString(), kMonth);
  EXPECT_EQ(f.limits.size(), 100u);
  int ours = 0;
  const double p = num / den;
  for (const FunnelPeer& fp : f.peers) {
    ASSERT_EQ(peers.count(fp.org_code), 1u) << fp.org_code;
    EXPECT_EQ(fp.numerator, peers[fp.org_code].first);
    EXPECT_EQ(fp.denominator, peers[fp.org_code].second);
    ours += fp.ours;
    // Far outside or well inside the limits by the normal approximation
    // (z on the binomial standard error): the method must agree.
    double z = (fp.numerator / fp.denominator - p) / std::sqrt(p * (1 - p) / fp.denominator);
    if (z > 3.6) {
      EXPECT_EQ(fp.significance, "High (0.001)") << fp.org_code << " z " << z;
    }
    if (z < -3.6) {
      EXPECT_EQ(fp.significance, "Low (0.001)") << fp.org_code << " z " << z;
    }
    if (std::fabs(z) < 1.8) {
      EXPECT_EQ(fp.significance, "Not significant") << fp.org_code << " z " << z;
    }
  }
  EXPECT_EQ(ours, 1);
  // The limits narrow as the denominator grows, around the centre line.
  for (size_t i = 1; i < f.limits.size(); ++i) {
    EXPECT_LE(f.limits[i].upper998, f.limits[i - 1].upper998 + 1e-9);
    EXPECT_GE(f.limits[i].lower998, f.limits[i - 1].lower998 - 1e-9);
    // (At the smallest denominators the upper limits meet at 100%.)
    EXPECT_LT(f.limits[i].lower998, f.limits[i].lower95);
    EXPECT_LE(f.limits[i].upper95, f.limits[i].upper998);
    if (f.limits[i].upper998 < 100) {
      EXPECT_LT(f.limits[i].upper95, f.limits[i].upper998);
    }
  }
  EXPECT_NEAR((f.limits.back().lower95 + f.limits.back().upper95) / 2, f.average, 0.5);
  // REM's position in words, for the measure's direction.
  EXPECT_FALSE(f.position.empty());
  EXPECT_FALSE(f.position_text.empty());
  if (f.position == "Low (0.001)") {
    EXPECT_EQ(f.position_text.find("Significantly worse"), 0u) << f.position_text;
  }
}

TEST_F(PeersTest, NoFunnelWithoutPeersDenominators) {
  // Counts are not proportions; and a proportion whose peers have no
  // denominators cannot be drawn as a funnel.
  strategy::Strategy s = Parse(StrategyText("", FourHours("")));
  CsvReader peers = CsvReader::FromString(
      "indicator,period,org_code,org_name,peer_group,value\n"
      "four_hours,2024-01,RAA,A,trusts,70\nfour_hours,2024-01,RBB,B,trusts,72\n"
      "four_hours,2024-01,RCC,C,trusts,74\nfour_hours,2024-01,RDD,D,trusts,76\n"
      "four_hours,2024-01,REM,Us,trusts,71\nfour_hours,2024-01,RFF,F,trusts,78\n",
      "peers.csv");
  auto r = IngestBenchmarks(*store_, peers, options_);
  ASSERT_TRUE(r.ok() && r->ok());
  CsvReader values = CsvReader::FromString(
      "measure_id,period,value,numerator,denominator\nfour_hours,2024-01,71,710,1000\n", "v.csv");
  auto v = IngestValues(*store_, s, values, options_);
  ASSERT_TRUE(v.ok() && v->ok());
  MeasureEvaluation e = Evaluate(s, "2023-24 Q4");
  ASSERT_TRUE(e.rank);
  EXPECT_FALSE(e.funnel);
}

}  // namespace
}  // namespace barometer::measures
