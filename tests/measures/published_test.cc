// The published-statistics importers on the real staged data
// (data/nhs-published/, a copy of NHS England's and NHS Digital's
// publications): each file loaded whole; the organisation's values against
// the file read here independently; England totals against the sum of
// providers; quartiles against an independent computation; quirks (blank
// four-hour months, merged trusts, definition changes, suppressed cells);
// malformed files rejected whole.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "measures/evaluate.h"
#include "measures/published.h"
#include "strategy/load.h"
#include "strategy/render.h"

namespace barometer::measures {
namespace {

using strategy::Publication;

const std::string kData = std::string(BAROMETER_SOURCE_DIR) + "/data/nhs-published/";

// A strategy whose measures bind to published series: `measures` is the
// [[measures]] tables (with their [measures.source]).
strategy::Strategy StrategyWith(const std::string& measures, const std::string& org = "REM") {
  std::string text = R"toml(
format = 1
[organisation]
name = "Test Trust"
kind = "trust"
strategy = "Test"
ods_code = ")toml" + org +
                     R"toml("
[organisation.period]
start = 2021-04-01
end = 2024-03-31
[[peer_groups]]
id = "trusts"
name = "All NHS trusts"
[[priorities]]
id = "care"
name = "Care"
[[objectives]]
id = "access"
priority = "care"
name = "Access"
owner = "unnamed"
)toml" + measures;
  strategy::Loaded loaded = strategy::ParseStrategy(text, "test.toml");
  EXPECT_TRUE(loaded.ok()) << loaded.diagnostics.Format(text, false);
  return loaded.strategy;
}

std::string Bound(const std::string& id, const std::string& unit, const std::string& freq,
                  const std::string& publication, const std::string& series,
                  const std::string& extra = "") {
  return "[[measures]]\nid = \"" + id + "\"\nobjective = \"access\"\nname = \"x\"\nunit = \"" +
         unit + "\"\ndirection = \"higher\"\nfrequency = \"" + freq +
         "\"\npeer_group = \"trusts\"\n[measures.source]\npublication = \"" + publication +
         "\"\nseries = \"" + series + "\"\n" + extra + "\n";
}

// The file as rows of named cells, read here (not by the importer).
struct Rows {
  std::vector<std::map<std::string, std::string>> rows;
};
Rows ReadAll(const std::string& path) {
  auto csv = CsvReader::Open(path);
  EXPECT_TRUE(csv.ok()) << path;
  Rows out;
  std::vector<std::string> header;
  while (csv->Next()) {
    if (header.empty()) {
      header.assign(csv->fields().begin(), csv->fields().end());
      continue;
    }
    std::map<std::string, std::string> r;
    for (size_t i = 0; i < header.size() && i < csv->fields().size(); ++i) {
      r[header[i]] = std::string(csv->fields()[i]);
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

class PublishedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::OpenInMemory();
    ASSERT_TRUE(s.ok());
    store_ = std::make_unique<Store>(std::move(s).value());
    options_.loaded_by = "tester";
    options_.loaded_at = "2024-05-01T09:30:00Z";
  }

  PublishedReport Ingest(const strategy::Strategy& s, Publication p, const std::string& file) {
    auto csv = CsvReader::Open(file);
    EXPECT_TRUE(csv.ok()) << file;
    auto table = ReadPublishedTable(*csv);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    auto r = IngestPublished(*store_, s, p, *table, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PublishedReport{};
  }
  PublishedReport IngestText(const strategy::Strategy& s, Publication p, std::string text,
                             const std::string& name) {
    CsvReader csv = CsvReader::FromString(std::move(text), name);
    auto table = ReadPublishedTable(csv);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    auto r = IngestPublished(*store_, s, p, *table, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PublishedReport{};
  }

  std::map<std::string, Observation> Observations(const std::string& id) {
    std::map<std::string, Observation> out;
    auto all = store_->CurrentObservations();
    EXPECT_TRUE(all.ok());
    for (const auto& o : *all) {
      if (o.observation.measure_id == id) out[o.observation.period.ToString()] = o.observation;
    }
    return out;
  }

  int64_t Count(const char* table) {
    auto n = store_->CountRows(table);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  std::unique_ptr<Store> store_;
  IngestOptions options_;
};

double Num(const std::map<std::string, std::string>& r, const std::string& c) {
  return std::stod(r.at(c));
}

// ---- the organisation's values equal the publication's ----

TEST_F(PublishedTest, RttValuesEqualThePublicationForEveryRemMonth) {
  auto s = StrategyWith(Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w"));
  PublishedReport r = Ingest(s, Publication::kNhseRtt, kData + "rtt/rtt_provider_monthly.csv");
  ASSERT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0].ToString());
  auto obs = Observations("rtt");
  int checked = 0;
  for (const auto& row : ReadAll(kData + "rtt/rtt_provider_monthly.csv").rows) {
    if (row.at("org_code") != "REM") continue;
    ASSERT_TRUE(obs.count(row.at("period"))) << row.at("period");
    const Observation& o = obs[row.at("period")];
    EXPECT_EQ(*o.numerator, Num(row, "incomplete_within_18w"));
    EXPECT_EQ(*o.denominator, Num(row, "incomplete_total"));
    EXPECT_DOUBLE_EQ(o.value,
                     100 * Num(row, "incomplete_within_18w") / Num(row, "incomplete_total"));
    EXPECT_NE(o.note.find("published NHS statistics"), std::string::npos);
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(obs.size()));
  EXPECT_GE(checked, 40);
  EXPECT_EQ(r.first_period, "2022-04");
}

TEST_F(PublishedTest, CancerValuesEqualThePublicationAndOctober2023IsAProcessChange) {
  auto s = StrategyWith(Bound("fds", "percent", "monthly", "nhse-cancer", "fds28") +
                        Bound("c62", "percent", "monthly", "nhse-cancer", "62day"));
  PublishedReport r =
      Ingest(s, Publication::kNhseCancer, kData + "cancer/cwt_provider_monthly.csv");
  ASSERT_TRUE(r.ok());
  auto fds = Observations("fds");
  auto c62 = Observations("c62");
  int i = 0;
  for (const auto& row : ReadAll(kData + "cancer/cwt_provider_monthly.csv").rows) {
    if (row.at("org_code") != "RJE" && row.at("org_code") != "REM") continue;
    if (row.at("org_code") != "REM" || i++ % 5 != 0) continue;  // a sample of months
    const Observation& o = fds.at(row.at("period"));
    EXPECT_EQ(*o.numerator, Num(row, "fds28_within"));
    EXPECT_EQ(*o.denominator, Num(row, "fds28_total"));
    EXPECT_NEAR(o.value / 100, Num(row, "fds28_perf_upstream"), 0.00005);
  }
  EXPECT_GE(i, 40);
  // Every REM month the publication marks provisional is stored provisional,
  // and no other (the flag is per standard: fds28_status, cmb62_status).
  int provisional = 0;
  for (const auto& row : ReadAll(kData + "cancer/cwt_provider_monthly.csv").rows) {
    if (row.at("org_code") != "REM") continue;
    for (auto [obs, status] : {std::pair{&fds, "fds28_status"}, std::pair{&c62, "cmb62_status"}}) {
      auto it = obs->find(row.at("period"));
      if (it == obs->end()) continue;
      bool want = row.at(status) == "provisional";
      EXPECT_EQ(it->second.provisional, want) << row.at("period") << " " << status;
      provisional += want;
    }
  }
  EXPECT_GT(provisional, 0);
  EXPECT_NE(c62.at("2023-10").note.find("process change: definition change"), std::string::npos);
  EXPECT_EQ(c62.at("2023-09").note.find("process change"), std::string::npos);
  EXPECT_EQ(fds.at("2023-10").note.find("process change"), std::string::npos);
  ASSERT_EQ(r.annotations.size(), 1u);
  EXPECT_EQ(r.annotations[0].rfind("2023-10 c62:", 0), 0u);
  // Recorded as a process change, so SPC starts new limits there.
  auto changes = store_->ProcessChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].measure_id, "c62");
  EXPECT_EQ((*changes)[0].date, (Date{2023, 10, 1}));
}

TEST_F(PublishedTest, AeValuesAndTheMergerAreLikeForLike) {
  auto s = StrategyWith(
      Bound("ae", "percent", "monthly", "nhse-ae", "4hr_all_types", "predecessors = [\"RQ6\"]"));
  PublishedReport r = Ingest(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv");
  ASSERT_TRUE(r.ok());
  auto obs = Observations("ae");
  std::map<std::string, std::pair<double, double>> expected;  // period -> within, total
  for (const auto& row : ReadAll(kData + "ae/ae_provider_monthly.csv").rows) {
    const std::string& org = row.at("org_code");
    if (org != "REM" && org != "RQ6") continue;
    auto& e = expected[row.at("period")];
    e.first += Num(row, "within4_total");
    e.second += Num(row, "att_total");
  }
  ASSERT_EQ(obs.size(), expected.size());
  for (const auto& [period, e] : expected) {
    SCOPED_TRACE(period);
    const Observation& o = obs.at(period);
    EXPECT_EQ(*o.numerator, e.first);
    EXPECT_EQ(*o.denominator, e.second);
    EXPECT_DOUBLE_EQ(o.value, 100 * e.first / e.second);
  }
  EXPECT_NE(obs.at("2016-04").note.find("like-for-like: REM + RQ6"), std::string::npos);
  EXPECT_NE(obs.at("2020-04").note.find("process change: REM reported alone"), std::string::npos);
  EXPECT_EQ(obs.at("2020-05").note.find("process change"), std::string::npos);
}

TEST_F(PublishedTest, FieldTestTrustsAreBlankNotZero) {
  // RGT did not report the four-hour standard 2019-05..2023-05.
  auto s = StrategyWith(Bound("ae", "percent", "monthly", "nhse-ae", "4hr_all_types"), "RGT");
  PublishedReport r = Ingest(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv");
  ASSERT_TRUE(r.ok());
  auto obs = Observations("ae");
  int blank = 0;
  for (const auto& row : ReadAll(kData + "ae/ae_provider_monthly.csv").rows) {
    if (row.at("org_code") != "RGT") continue;
    bool reported = row.at("four_hour_reported") == "1";
    EXPECT_EQ(obs.count(row.at("period")) == 1, reported) << row.at("period");
    blank += reported ? 0 : 1;
  }
  EXPECT_GT(blank, 30);
  EXPECT_EQ(r.blank, blank);
  // The peer row is there, without a value.
  auto peers = store_->Benchmarks("ae");
  ASSERT_TRUE(peers.ok());
  int blank_peers = 0;
  for (const BenchmarkValue& b : *peers) {
    if (b.org_code == "RGT" && b.period.ToString() == "2021-06") {
      EXPECT_FALSE(b.value.has_value());
      ++blank_peers;
    }
  }
  EXPECT_EQ(blank_peers, 1);
}

TEST_F(PublishedTest, ShmiAndStaffSurveyValuesEqualThePublication) {
  auto s = StrategyWith(Bound("shmi", "ratio", "monthly", "shmi", "shmi") +
                        Bound("staff", "percent", "annual", "staff-survey", "burnt_out"));
  ASSERT_TRUE(Ingest(s, Publication::kShmi, kData + "shmi/shmi_trust.csv").ok());
  ASSERT_TRUE(
      Ingest(s, Publication::kStaffSurvey, kData + "staff_survey/nss_trust_annual.csv").ok());
  auto shmi = Observations("shmi");
  for (const auto& row : ReadAll(kData + "shmi/shmi_trust.csv").rows) {
    if (row.at("org_code") != "REM") continue;
    const Observation& o = shmi.at(row.at("period_end"));
    EXPECT_EQ(o.value, Num(row, "shmi_value"));
    EXPECT_EQ(*o.numerator, Num(row, "observed_deaths"));
    EXPECT_NE(o.note.find("rounded to the nearest 5"), std::string::npos);
  }
  auto staff = Observations("staff");
  int years = 0;
  for (const auto& row : ReadAll(kData + "staff_survey/nss_trust_annual.csv").rows) {
    if (row.at("org_code") != "REM") continue;
    const Observation& o = staff.at(row.at("period"));
    EXPECT_EQ(o.value, Num(row, "burnt_out_pct"));
    EXPECT_EQ(*o.denominator, Num(row, "burnt_out_base"));
    ++years;
  }
  EXPECT_EQ(years, 4);
}

// ---- Fingertips "download data" ----

TEST_F(PublishedTest, FingertipsValuesAndComparatorsEqualTheExport) {
  // tests/measures/data/: OHID Fingertips indicator 93356 (Campylobacter per
  // 100,000) in the "download data" layout, built from the shared reference's
  // published figures.
  const std::string file =
      std::string(BAROMETER_SOURCE_DIR) + "/tests/measures/data/fingertips_93356_campylobacter.csv";
  std::string m =
      "[[measures]]\nid = \"campy\"\nobjective = \"access\"\nname = \"x\"\n"
      "unit = \"rate\"\nper = 100000\ndirection = \"lower\"\nfrequency = \"annual\"\n"
      "[measures.source]\npublication = \"fingertips\"\n"
      "series = \"93356\"\n";
  // Two ages in the export: the binding must say which.
  PublishedReport r0 = Ingest(StrategyWith(m, "E08000012"), Publication::kFingertips, file);
  ASSERT_EQ(r0.problems.size(), 1u);
  EXPECT_NE(r0.problems[0].reason.find("add age = "), std::string::npos) << r0.problems[0].reason;
  auto s = StrategyWith(m + "age = \"All ages\"\n", "E08000012");
  PublishedReport r = Ingest(s, Publication::kFingertips, file);
  ASSERT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0].ToString());
  auto obs = Observations("campy");
  int years = 0;
  std::set<std::string> comparators;
  for (const auto& row : ReadAll(file).rows) {
    if (row.at("Age") != "All ages" || !row.at("Category Type").empty()) continue;
    comparators.insert(row.at("Area Code"));
    if (row.at("Area Code") != "E08000012") continue;
    const Observation& o = obs.at(row.at("Time period"));
    EXPECT_EQ(o.value, Num(row, "Value"));
    EXPECT_EQ(*o.lower, Num(row, "Lower CI 95.0 limit"));
    EXPECT_EQ(*o.upper, Num(row, "Upper CI 95.0 limit"));
    EXPECT_EQ(*o.numerator, Num(row, "Count"));
    EXPECT_EQ(*o.denominator, Num(row, "Denominator"));
    ++years;
  }
  EXPECT_EQ(years, 3);
  auto peers = store_->Benchmarks("campy");
  ASSERT_TRUE(peers.ok());
  std::set<std::string> stored;
  for (const BenchmarkValue& b : *peers) stored.insert(b.org_code);
  EXPECT_EQ(stored, comparators);  // England, regions and every other area
  EXPECT_TRUE(stored.count("E92000001"));
}

// ---- England totals equal the sum of providers ----

TEST_F(PublishedTest, AeEnglandTotalsEqualTheSumOfProviders) {
  auto s = StrategyWith(
      Bound("att", "count", "monthly", "nhse-ae", "attendances_all", "peers = \"all\""));
  ASSERT_TRUE(Ingest(s, Publication::kNhseAe, kData + "ae/ae_provider_monthly.csv").ok());
  auto peers = store_->Benchmarks("att");
  ASSERT_TRUE(peers.ok());
  std::map<std::string, double> sum;
  for (const BenchmarkValue& b : *peers) sum[b.period.ToString()] += b.value.value_or(0);
  int months = 0;
  for (const auto& row : ReadAll(kData + "ae/ae_england_monthly.csv").rows) {
    if (row.at("published_att_total").empty()) continue;  // no TOTAL row in that source
    EXPECT_EQ(sum.at(row.at("period")), Num(row, "published_att_total")) << row.at("period");
    ++months;
  }
  EXPECT_GE(months, 70);
}

TEST_F(PublishedTest, RttEnglandTotalsEqualTheSumOfProviders) {
  auto s =
      StrategyWith(Bound("wl", "count", "monthly", "nhse-rtt", "waiting_list", "peers = \"all\""));
  ASSERT_TRUE(Ingest(s, Publication::kNhseRtt, kData + "rtt/rtt_provider_monthly.csv").ok());
  auto peers = store_->Benchmarks("wl");
  ASSERT_TRUE(peers.ok());
  std::map<std::string, double> sum;
  for (const BenchmarkValue& b : *peers) sum[b.period.ToString()] += b.value.value_or(0);
  int months = 0;
  for (const auto& row : ReadAll(kData + "rtt/rtt_england_monthly.csv").rows) {
    EXPECT_EQ(sum.at(row.at("period")), Num(row, "incomplete_total")) << row.at("period");
    ++months;
  }
  EXPECT_EQ(months, 49);
}

// ---- quartiles against an independent computation ----

TEST_F(PublishedTest, RankAndQuartileAmongTrustsMatchAnIndependentComputation) {
  auto s = StrategyWith(Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w"));
  ASSERT_TRUE(Ingest(s, Publication::kNhseRtt, kData + "rtt/rtt_provider_monthly.csv").ok());
  for (const char* month : {"2023-03", "2024-03", "2026-03"}) {
    const std::string period = month;
    SCOPED_TRACE(period);
    // Independently: NHS trusts (three-character R/T codes) with a waiting list.
    std::vector<double> values;
    double own = 0;
    for (const auto& row : ReadAll(kData + "rtt/rtt_provider_monthly.csv").rows) {
      const std::string& org = row.at("org_code");
      if (row.at("period") != period || org.size() != 3 || (org[0] != 'R' && org[0] != 'T'))
        continue;
      if (Num(row, "incomplete_total") <= 0) continue;
      double v = 100 * Num(row, "incomplete_within_18w") / Num(row, "incomplete_total");
      values.push_back(v);
      if (org == "REM") own = v;
    }
    const double n = static_cast<double>(values.size());
    int better = 0;
    for (double v : values) better += v > own ? 1 : 0;
    // PHE's phe_quantile: rank on the value turned so that small is best, ties at min.
    int rank_small_first = 1 + better;
    double q = std::floor(5 - std::ceil(((n + 1) - rank_small_first) / (n / 4)));
    int quartile = q == 0 ? 1 : static_cast<int>(q);

    auto data = ReadEvaluationData(*store_, s);
    ASSERT_TRUE(data.ok());
    EvaluateOptions opt;
    opt.period = Period::Parse(period, PeriodKind::kMonth);
    opt.today = Date{2026, 6, 1};
    auto e = Evaluate(s, *data, opt);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    const auto& rank = e->measures.at(0).rank;
    ASSERT_TRUE(rank.has_value());
    EXPECT_EQ(rank->period.ToString(), period);
    EXPECT_EQ(rank->peers, static_cast<int>(values.size()));
    EXPECT_EQ(rank->rank, 1 + better);
    EXPECT_EQ(rank->quartile, quartile);
    EXPECT_GT(values.size(), 100u);
  }
}

// ---- bad input: rejected whole, file:line, nothing written ----

TEST_F(PublishedTest, AMalformedPublicationIsRejectedWholeWithEveryLine) {
  std::ifstream in(kData + "rtt/rtt_provider_monthly.csv");
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_GT(lines.size(), 20000u);
  // Near line 5000: a count that is not a number; near 12000: no
  // organisation; near 20000: a month that is not one; the last line
  // repeats line 2.
  auto replace_field = [](std::string& line, int field, const std::string& v) {
    size_t start = 0;
    for (int i = 0; i < field; ++i) start = line.find(',', start) + 1;
    size_t end = line.find(',', start);
    line.replace(start, end - start, v);
  };
  // Lines without quoted names, so fields split at commas.
  auto unquoted = [&lines](size_t i) {
    while (lines[i].find('"') != std::string::npos) ++i;
    return i;
  };
  const size_t a = unquoted(4999), b = unquoted(11999), c = unquoted(19999);
  replace_field(lines[a], 5, "12o");
  replace_field(lines[b], 1, "");
  replace_field(lines[c], 0, "2024-13");
  lines.push_back(lines[1]);
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  auto s = StrategyWith(Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w"));
  PublishedReport r = IngestText(s, Publication::kNhseRtt, text, "rtt.csv");
  EXPECT_FALSE(r.written);
  std::vector<std::string> got;
  for (const RowProblem& p : r.problems) got.push_back(p.ToString());
  ASSERT_EQ(got.size(), 4u) << (got.empty() ? "" : got[0]);
  auto at = [](size_t i) { return "rtt.csv:" + std::to_string(i + 1) + ": "; };
  EXPECT_EQ(got[0], at(a) + "incomplete_within_18w `12o` is not a number");
  EXPECT_EQ(got[1], at(b) + "missing org_code");
  EXPECT_EQ(got[2], at(c) + "`2024-13` is not a period; expected a month such as 2023-07");
  EXPECT_NE(got[3].find("duplicate row"), std::string::npos);
  EXPECT_EQ(got[3].rfind("rtt.csv:" + std::to_string(lines.size()) + ":", 0), 0u);
  for (const char* t : {"loads", "observations", "benchmarks"}) EXPECT_EQ(Count(t), 0) << t;
}

TEST_F(PublishedTest, AMissingColumnIsNamedAndNothingIsWritten) {
  auto s = StrategyWith(Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w"));
  PublishedReport r = IngestText(s, Publication::kNhseRtt,
                                 "period,org_code,incomplete_total\n2024-01,REM,100\n", "x.csv");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].ToString(),
            "x.csv:1: missing column `incomplete_within_18w`, which measure `rtt` (nhse-rtt "
            "series `within_18w`) is read from");
  EXPECT_EQ(Count("loads"), 0);
}

TEST_F(PublishedTest, SuppressedCellsAreBlankNotZeroOrErrors) {
  auto s = StrategyWith(Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w"));
  PublishedReport r = IngestText(s, Publication::kNhseRtt,
                                 "period,org_code,incomplete_within_18w,incomplete_total\n"
                                 "2024-01,REM,*,100\n2024-02,REM,60,100\n2024-01,RJE,..,50\n",
                                 "x.csv");
  ASSERT_TRUE(r.ok());
  auto obs = Observations("rtt");
  EXPECT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs.at("2024-02").value, 60);
  EXPECT_EQ(r.blank, 1);
  EXPECT_NE(obs.at("2024-02").note.find("process change: definition change"), std::string::npos);
}

// ---- the binding in the strategy file ----

TEST(SourceBindingTest, BadBindingsAreErrorsAtTheirLine) {
  std::string text = R"toml(format = 1
[organisation]
name = "T"
kind = "trust"
strategy = "S"
[organisation.period]
start = 2021-04-01
end = 2024-03-31
[[priorities]]
id = "p"
name = "P"
[[objectives]]
id = "o"
priority = "p"
name = "O"
owner = "unnamed"
[[measures]]
id = "m"
objective = "o"
name = "M"
unit = "count"
direction = "higher"
frequency = "annual"
[measures.source]
publication = "nhse-rtt"
series = "within_18"
peers = "everyone"
)toml";
  strategy::Loaded loaded = strategy::ParseStrategy(text, "s.toml");
  std::string d = loaded.diagnostics.Format(text, false);
  EXPECT_NE(d.find("s.toml:26:10: error: `within_18` is not a series of nhse-rtt"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("s.toml:23:13: error: measure `m` is annual, but nhse-rtt is published "
                   "\"monthly\""),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("s.toml:24:1: error: the source of measure `m` names no organisation"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("s.toml:27:9: error: `everyone` is not a peer set of nhse-rtt"),
            std::string::npos)
      << d;
}

TEST(SourceBindingTest, TheTableFormRoundTripsThroughJsonAndNamesTheSource) {
  auto s = StrategyWith(
      Bound("rtt", "percent", "monthly", "nhse-rtt", "within_18w", "predecessors = [\"RQ6\"]"));
  const strategy::Measure& m = s.measures.at(0);
  ASSERT_TRUE(m.binding.has_value());
  EXPECT_EQ(m.source,
            "NHS England, Consultant-led Referral to Treatment Waiting Times: RTT incomplete "
            "pathways within 18 weeks");
  EXPECT_EQ(strategy::BoundOrg(s, *m.binding), "REM");
  auto back = strategy::FromJson(strategy::ToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(strategy::ToJson(*back), strategy::ToJson(s));
  ASSERT_TRUE(back->measures.at(0).binding.has_value());
  EXPECT_EQ(back->measures.at(0).binding->predecessors, std::vector<std::string>{"RQ6"});
}

}  // namespace
}  // namespace barometer::measures
