// NHS England's own A&E layouts (measures/published.h, docs/published-data.md
// "NHS England's own layouts"): a raw month stores the same values as the
// tidy file's month, for the organisation and for a sample of providers taken
// from the raw file here; the TOTAL row is the sum of the providers (read
// here independently) and is no peer; blank is not zero; a malformed raw file
// is rejected whole with file:line problems and nothing written. The raw
// files are four real NHS England files (tests/measures/data/nhse-ae-raw/).
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "core/number.h"
#include "core/text.h"
#include "measures/published.h"
#include "strategy/load.h"

namespace barometer::measures {
namespace {

using strategy::Publication;

const std::string kRaw = std::string(BAROMETER_SOURCE_DIR) + "/tests/measures/data/nhse-ae-raw/";
const std::string kTidy = std::string(BAROMETER_SOURCE_DIR) +
                          "/data/nhs-published/ae/"
                          "ae_provider_monthly.csv";

// Four A&E series bound for `org`, every organisation a peer.
strategy::Strategy AeStrategy(const std::string& org) {
  std::string text = R"toml(
format = 1
[organisation]
name = "Test Trust"
kind = "trust"
strategy = "Test"
ods_code = ")toml" + org +
                     R"toml("
[organisation.period]
start = 2019-04-01
end = 2027-03-31
[[priorities]]
id = "care"
name = "Care"
[[objectives]]
id = "access"
priority = "care"
name = "Access"
owner = "unnamed"
)toml";
  for (const auto& [id, unit, series] :
       std::vector<std::array<std::string, 3>>{{"four_hours", "percent", "4hr_all_types"},
                                               {"four_hours_t1", "percent", "4hr_type1"},
                                               {"attendances", "count", "attendances_all"},
                                               {"dta_12h", "count", "dta_12h"}}) {
    text += "[[measures]]\nid = \"" + id + "\"\nobjective = \"access\"\nname = \"x\"\nunit = \"" +
            unit + "\"\ndirection = \"higher\"\nfrequency = \"monthly\"\n[measures.source]\n" +
            "publication = \"nhse-ae\"\nseries = \"" + series + "\"\npeers = \"all\"\n";
  }
  strategy::Loaded loaded = strategy::ParseStrategy(text, "test.toml");
  EXPECT_TRUE(loaded.ok()) << loaded.diagnostics.Format(text, false);
  return loaded.strategy;
}

// A CSV file as a header and rows of cells, read here (not by the importer).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  size_t Col(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (ToLower(Trim(StripBom(header[i]))) == ToLower(name)) return i;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};
Csv ReadCsv(const std::string& path) {
  auto csv = CsvReader::Open(path);
  EXPECT_TRUE(csv.ok()) << path;
  Csv out;
  while (csv->Next()) {
    std::vector<std::string> cells(csv->fields().begin(), csv->fields().end());
    if (out.header.empty()) {
      out.header = std::move(cells);
    } else {
      out.rows.push_back(std::move(cells));
    }
  }
  return out;
}

std::string ReadText(const std::string& path) {
  std::string text;
  FILE* f = std::fopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr);
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return text;
}

// A count as NHS England prints it ("1,234").
double Count(std::string_view cell) {
  std::string s;
  for (char c : Trim(cell))
    if (c != ',') s += c;
  if (s.empty() || s == "-") return 0;
  return *ParseDouble(s);
}

struct Loaded {
  PublishedReport report;
  std::map<std::string, std::map<std::string, std::optional<double>>> peers;  // measure -> org
  std::vector<Observation> own;
};

class LayoutsTest : public ::testing::Test {
 protected:
  Loaded Load(const strategy::Strategy& s, const PublishedTable& table,
              const PublishedOptions& layout = {}) {
    auto store = Store::OpenInMemory();
    EXPECT_TRUE(store.ok());
    IngestOptions o;
    o.loaded_by = "tester";
    o.loaded_at = "2026-05-01T09:00:00Z";
    auto r = IngestPublished(*store, s, Publication::kNhseAe, table, o, layout);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    Loaded out;
    out.report = *r;
    for (const strategy::Measure& m : s.measures) {
      auto b = store->Benchmarks(m.id);
      EXPECT_TRUE(b.ok());
      for (const BenchmarkValue& v : *b) out.peers[m.id][v.org_code] = v.value;
    }
    auto obs = store->CurrentObservations();
    EXPECT_TRUE(obs.ok());
    for (const StoredObservation& so : *obs) out.own.push_back(so.observation);
    auto n = store->CountRows("loads");
    EXPECT_TRUE(n.ok());
    loads_ = *n;
    return out;
  }
  Loaded LoadFile(const strategy::Strategy& s, const std::string& path,
                  const PublishedOptions& layout = {}) {
    auto csv = CsvReader::Open(path);
    EXPECT_TRUE(csv.ok()) << path;
    auto t = ReadPublishedTable(*csv);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return Load(s, *t, layout);
  }
  Loaded LoadText(const strategy::Strategy& s, std::string text, const std::string& name,
                  const PublishedOptions& layout = {}) {
    CsvReader csv = CsvReader::FromString(std::move(text), name);
    auto t = ReadPublishedTable(csv);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return Load(s, *t, layout);
  }
  // The tidy file's rows for one month, as a file of its own.
  Loaded LoadTidyMonth(const strategy::Strategy& s, const std::string& month) {
    std::string text = ReadText(kTidy);
    std::string out;
    size_t start = 0;
    bool first = true;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      if (first || line.starts_with(month + ",")) out += std::string(line) + "\n";
      first = false;
      start = end + 1;
    }
    return LoadText(s, out, "tidy " + month);
  }
  int64_t loads_ = 0;
};

// A sample of providers from a raw file: every seventh, and every trust with
// type 1 attendances and none over four hours (the field-test trusts).
std::vector<std::string> Sample(const Csv& raw, size_t code_col, size_t t1_col,
                                std::optional<size_t> over4_t1_col) {
  std::vector<std::string> out;
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    std::string code(Trim(raw.rows[i][code_col]));
    if (code.empty() || ToLower(code) == "total") continue;
    bool field_test =
        over4_t1_col && Count(raw.rows[i][t1_col]) > 0 && Count(raw.rows[i][*over4_t1_col]) == 0;
    if (i % 7 == 0 || field_test) out.push_back(code);
  }
  return out;
}

void ExpectSame(const Loaded& raw, const Loaded& tidy, const std::vector<std::string>& sample,
                const std::string& what) {
  ASSERT_TRUE(raw.report.ok()) << what << ": " << raw.report.problems.front().ToString();
  ASSERT_TRUE(tidy.report.ok()) << what << ": " << tidy.report.problems.front().ToString();
  // The organisation's values, with numerator and denominator.
  ASSERT_EQ(raw.own.size(), tidy.own.size()) << what;
  ASSERT_FALSE(raw.own.empty()) << what;
  for (size_t i = 0; i < raw.own.size(); ++i) {
    const Observation &a = raw.own[i], &b = tidy.own[i];
    EXPECT_EQ(a.measure_id, b.measure_id);
    EXPECT_EQ(a.period, b.period) << what;
    EXPECT_DOUBLE_EQ(a.value, b.value) << what << " " << a.measure_id;
    EXPECT_EQ(a.numerator, b.numerator) << what << " " << a.measure_id;
    EXPECT_EQ(a.denominator, b.denominator) << what << " " << a.measure_id;
  }
  // The sample of peers, blank where the tidy file is blank.
  ASSERT_GT(sample.size(), 20u) << what;
  for (const auto& [measure, tidy_peers] : tidy.peers) {
    const auto& raw_peers = raw.peers.at(measure);
    EXPECT_EQ(raw_peers.size(), tidy_peers.size()) << what << " " << measure;
    EXPECT_EQ(raw_peers.count("TOTAL"), 0u) << "the TOTAL row is no peer";
    for (const std::string& code : sample) {
      ASSERT_EQ(raw_peers.count(code), 1u) << what << " " << code;
      ASSERT_EQ(tidy_peers.count(code), 1u) << what << " " << code;
      EXPECT_EQ(raw_peers.at(code), tidy_peers.at(code)) << what << " " << measure << " " << code;
    }
  }
}

TEST_F(LayoutsTest, MonthlyCsvStoresWhatTheTidyFileStores) {
  strategy::Strategy s = AeStrategy("REM");
  for (const std::string file :
       {"April-2020-revised-260421-abc123.csv", "January-2022-revised-120522-bbb333.csv",
        "February-2026-CSV-Dl8t54.csv"}) {
    Csv raw = ReadCsv(kRaw + file);
    // The month from the file's Period column, read here.
    std::string period(Trim(raw.rows.front()[raw.Col("Period")]));
    static const char* kMonths[] = {"JANUARY",   "FEBRUARY", "MARCH",    "APRIL",
                                    "MAY",       "JUNE",     "JULY",     "AUGUST",
                                    "SEPTEMBER", "OCTOBER",  "NOVEMBER", "DECEMBER"};
    std::string month;
    for (int m = 0; m < 12; ++m) {
      std::string key = std::string("-") + kMonths[m] + "-";
      if (size_t at = period.find(key); at != std::string::npos) {
        month =
            period.substr(at + key.size(), 4) + "-" + (m < 9 ? "0" : "") + std::to_string(m + 1);
      }
    }
    ASSERT_FALSE(month.empty()) << period;
    Loaded r = LoadFile(s, kRaw + file);
    EXPECT_EQ(r.report.layout, "nhse-ae-monthly");
    EXPECT_TRUE(r.report.total_checked) << file;
    EXPECT_EQ(r.report.first_period, month);
    Loaded t = LoadTidyMonth(s, month);
    ExpectSame(r, t,
               Sample(raw, raw.Col("Org Code"), raw.Col("A&E attendances Type 1"),
                      raw.Col("Attendances over 4hrs Type 1")),
               file);
  }
}

TEST_F(LayoutsTest, FieldTestTrustsAreBlankNotZero) {
  // January 2022: the field-test trusts' rows carry type 1 attendances and 0
  // over four hours. Their four-hour value is blank (a peer without a value),
  // their attendances are real.
  Csv raw = ReadCsv(kRaw + "January-2022-revised-120522-bbb333.csv");
  std::vector<std::string> zero;
  for (const auto& row : raw.rows) {
    if (Count(row[raw.Col("A&E attendances Type 1")]) > 0 &&
        Count(row[raw.Col("Attendances over 4hrs Type 1")]) == 0 &&
        Count(row[raw.Col("Attendances over 4hrs Other Department")]) == 0)
      zero.push_back(std::string(Trim(row[raw.Col("Org Code")])));
  }
  ASSERT_GE(zero.size(), 10u);
  Loaded r = LoadFile(AeStrategy("RGT"), kRaw + "January-2022-revised-120522-bbb333.csv");
  ASSERT_TRUE(r.report.ok());
  for (const std::string& code : zero) {
    EXPECT_FALSE(r.peers["four_hours"].at(code).has_value()) << code;
    EXPECT_TRUE(r.peers["attendances"].at(code).has_value()) << code;
  }
  // RGT (a field-test trust): no four-hour observation, but its attendances.
  EXPECT_EQ(r.report.blank, 2);
  ASSERT_EQ(r.own.size(), 2u);
  // In 2026 the same trust reports again: a value, not a blank.
  Loaded later = LoadFile(AeStrategy("RGT"), kRaw + "February-2026-CSV-Dl8t54.csv");
  EXPECT_EQ(later.report.blank, 0);
  EXPECT_EQ(later.own.size(), 4u);
}

TEST_F(LayoutsTest, TotalRowIsTheSumOfTheProviders) {
  for (const std::string file :
       {"April-2020-revised-260421-abc123.csv", "January-2022-revised-120522-bbb333.csv",
        "February-2026-CSV-Dl8t54.csv"}) {
    Csv raw = ReadCsv(kRaw + file);
    const size_t code = raw.Col("Org Code");
    int totals = 0;
    for (size_t c = 4; c < raw.header.size(); ++c) {
      if (Trim(raw.header[c]).empty() || Trim(raw.header[c]) == "a") continue;
      double sum = 0, total = -1;
      for (const auto& row : raw.rows) {
        if (c >= row.size()) continue;
        if (ToLower(Trim(row[code])) == "total") {
          total = Count(row[c]);
        } else {
          sum += Count(row[c]);
        }
      }
      EXPECT_EQ(total, sum) << file << " " << raw.header[c];
      ++totals;
    }
    EXPECT_GE(totals, 12) << file;
    // The importer checks the same, and a provider edited by one patient
    // makes the TOTAL row disagree: the file is rejected at the TOTAL's line.
    std::string text = ReadText(kRaw + file);
    size_t at = text.find("\nMSitAE-");
    at = text.find(",0,", at);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 3, ",1,");
    Loaded bad = LoadText(AeStrategy("REM"), text, file);
    EXPECT_FALSE(bad.report.ok()) << file;
    bool named = false;
    for (const RowProblem& p : bad.report.problems)
      named = named || p.reason.find("the TOTAL row's") != std::string::npos;
    EXPECT_TRUE(named) << file;
    EXPECT_EQ(loads_, 0);
  }
}

TEST_F(LayoutsTest, ByProviderSheetStoresWhatTheTidyFileStores) {
  // 2026-03 is in the tidy file from this sheet; its month is in its name.
  Csv raw = ReadCsv(kRaw + "March-2026-AE.csv");
  Loaded r = LoadFile(AeStrategy("REM"), kRaw + "March-2026-AE.csv");
  EXPECT_EQ(r.report.layout, "nhse-ae-by-provider");
  EXPECT_EQ(r.report.first_period, "2026-03");
  Loaded t = LoadTidyMonth(AeStrategy("REM"), "2026-03");
  ExpectSame(r, t, Sample(raw, 0, 3, std::nullopt), "March-2026-AE.csv");
  // Its Percentage column agrees with the value stored (to its one decimal).
  for (const auto& row : raw.rows) {
    std::string code(Trim(row[0]));
    std::string pct(Trim(row[15]));
    if (pct.empty() || pct == "-") continue;
    auto v = r.peers["four_hours"].at(code);
    ASSERT_TRUE(v.has_value()) << code;
    EXPECT_NEAR(*v, *ParseDouble(pct.substr(0, pct.size() - 1)), 0.05 + 1e-9) << code;
  }
  // Without a month in its name, the sheet needs --period.
  std::string text = ReadText(kRaw + "March-2026-AE.csv");
  Loaded none = LoadText(AeStrategy("REM"), text, "sheet.csv");
  ASSERT_FALSE(none.report.ok());
  EXPECT_EQ(none.report.problems.front().line, 1);
  EXPECT_NE(none.report.problems.front().reason.find("--period"), std::string::npos);
  PublishedOptions o;
  o.period = Period::Month(2026, 3);
  Loaded given = LoadText(AeStrategy("REM"), text, "sheet.csv", o);
  ASSERT_TRUE(given.report.ok());
  EXPECT_EQ(given.own.size(), r.own.size());
}

TEST_F(LayoutsTest, LayoutIsDetectedFromTheHeaderOrGiven) {
  auto header = [](const std::string& path) { return ReadCsv(path).header; };
  EXPECT_EQ(DetectLayout(Publication::kNhseAe, header(kTidy)), PublishedLayout::kTidy);
  std::vector<std::string> monthly = header(kRaw + "February-2026-CSV-Dl8t54.csv");
  EXPECT_EQ(DetectLayout(Publication::kNhseAe, monthly), PublishedLayout::kNhseAeMonthly);
  EXPECT_EQ(DetectLayout(Publication::kNhseAe, header(kRaw + "March-2026-AE.csv")),
            PublishedLayout::kNhseAeByProvider);
  EXPECT_EQ(DetectLayout(Publication::kNhseRtt, monthly), PublishedLayout::kTidy);
  for (const std::string& n : LayoutNames()) EXPECT_EQ(LayoutName(*ParseLayout(n)), n);
  EXPECT_FALSE(ParseLayout("excel").has_value());
  // A layout given that the file is not in: the columns it lacks, on line 1.
  PublishedOptions o;
  o.layout = PublishedLayout::kNhseAeMonthly;
  Loaded wrong = LoadFile(AeStrategy("REM"), kRaw + "March-2026-AE.csv", o);
  ASSERT_FALSE(wrong.report.ok());
  EXPECT_EQ(wrong.report.problems.front().line, 1);
  EXPECT_NE(wrong.report.problems.front().reason.find("missing column `period`"),
            std::string::npos);
  EXPECT_EQ(loads_, 0);
}

TEST_F(LayoutsTest, MalformedMonthlyFileIsRejectedWholeWithItsLines) {
  const std::string header =
      "Period,Org Code,Parent Org,Org name,A&E attendances Type 1,A&E attendances Type 2,"
      "A&E attendances Other A&E Department,Attendances over 4hrs Type 1,Attendances over 4hrs "
      "Type 2,Attendances over 4hrs Other Department,Patients who have waited 4-12 hs from DTA "
      "to admission,Patients who have waited 12+ hrs from DTA to admission,Emergency admissions "
      "via A&E - Type 1,Emergency admissions via A&E - Type 2,Emergency admissions via A&E - "
      "Other A&E department,Other emergency admissions\r\n";
  std::string good = header +
                     "MSitAE-MAY-2021,REM,NW,LIVERPOOL,\"10,000\",0,500,2000,0,10,300,20,3000,0,0,"
                     "900\r\n"
                     "MSitAE-MAY-2021,RJE,MIDLANDS,STOKE,9000,0,0,,0,0,100,5,2500,0,0,700\r\n"
                     "MSitAE-MAY-2021,RBQ,NW,CHEST,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                     "TOTAL,TOTAL,TOTAL,TOTAL,19000,0,500,2000,0,10,400,25,5500,0,0,1600\r\n";
  Loaded ok = LoadText(AeStrategy("REM"), good, "May-2021.csv");
  ASSERT_TRUE(ok.report.ok()) << ok.report.problems.front().ToString();
  EXPECT_TRUE(ok.report.total_checked);
  // REM: 10,500 attendances, 2,010 over four hours (the comma is a thousands separator).
  auto four = std::find_if(ok.own.begin(), ok.own.end(),
                           [](const Observation& o) { return o.measure_id == "four_hours"; });
  ASSERT_NE(four, ok.own.end());
  EXPECT_DOUBLE_EQ(four->value, (10500.0 - 2010) / 10500 * 100);
  EXPECT_EQ(four->denominator, 10500);
  // RJE's empty cell is blank, not zero: no four-hour value; RBQ (no A&E) has none either.
  EXPECT_FALSE(ok.peers["four_hours"].at("RJE").has_value());
  EXPECT_FALSE(ok.peers["four_hours"].at("RBQ").has_value());
  EXPECT_EQ(ok.peers["attendances"].at("RJE"), 9000);
  EXPECT_EQ(ok.peers["four_hours"].count("TOTAL"), 0u);

  std::string bad = header +
                    "MSitAE-MAY-2021,REM,NW,LIVERPOOL,10000,0,500,2000,0,10,300,20,3000,0,0,900\r\n"
                    "MSitAE-MAY-2021,RJE,MIDLANDS,STOKE,9000,0,0,12a,0,0,100,5,2500,0,0,700\r\n"
                    "MSitAE-JUNE-2021,RBQ,NW,CHEST,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                    "MSitAE-MAY-2021,RXX,NW,X,5,0,0,-1,0,0,0,0,0,0,0,0\r\n"
                    "May 2021,RYY,NW,Y,5,0,0,1,0,0,0,0,0,0,0,0.5\r\n"
                    "MSitAE-MAY-2021,REM,NW,LIVERPOOL AGAIN,1,0,0,0,0,0,0,0,0,0,0,0\r\n";
  Loaded r = LoadText(AeStrategy("REM"), bad, "May-2021.csv");
  ASSERT_FALSE(r.report.ok());
  std::set<int> lines;
  for (const RowProblem& p : r.report.problems) {
    EXPECT_EQ(p.file, "May-2021.csv");
    lines.insert(p.line);
  }
  EXPECT_EQ(lines, (std::set<int>{3, 4, 5, 6, 7}));
  EXPECT_GE(r.report.problem_count, 6);  // line 6 has two
  EXPECT_TRUE(r.own.empty());
  EXPECT_TRUE(r.peers["four_hours"].empty());
  EXPECT_EQ(loads_, 0);
  // The problems say what was expected.
  std::string all;
  for (const RowProblem& p : r.report.problems) all += p.ToString() + "\n";
  EXPECT_NE(all.find("May-2021.csv:3: Attendances over 4hrs Type 1 `12a` is not a number"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("differs from the file's month, 2021-05 (line 2)"), std::string::npos);
  EXPECT_NE(all.find("expected the form MSitAE-APRIL-2020"), std::string::npos);
  EXPECT_NE(all.find("duplicate row: REM is already on line 2"), std::string::npos);
  EXPECT_NE(all.find("not a whole number"), std::string::npos);
}

}  // namespace
}  // namespace barometer::measures
