// End-to-end tests of `barometer spc`: the built binary is run on every
// NHSRplotthedots reference case written as a CSV file and its output is
// compared with the reference (tests/reference/spc); then bad input,
// warnings, exit codes and the json, table and svg forms.
#include <unistd.h>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/number.h"
#include "core/table.h"
#include "core/text.h"

namespace barometer {
namespace {

const std::string kRef = std::string(BAROMETER_REFERENCE_DIR) + "/spc/";

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

// A directory of this test's own (tests may run in parallel); commands run in it.
std::string TestDir() {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string test = std::string(info->test_suite_name()) + "_" + info->name();
  for (char& c : test) {
    if (c == '/') c = '_';
  }
  std::string dir = testing::TempDir() + "spc_" + test + "_" + std::to_string(getpid()) + "/";
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `text` to `name` in the test's directory; returns `name`.
std::string WriteFile(const std::string& name, const std::string& text) {
  std::ofstream(TestDir() + name, std::ios::binary) << text;
  return name;
}

// Runs `barometer spc <args>` in the test's directory.
Outcome Spc(const std::string& args) {
  std::string dir = TestDir();
  std::string cmd = "cd '" + dir + "' && '" + BAROMETER_BINARY + "' spc " + args + " 2>stderr.txt";
  Outcome r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(dir + "stderr.txt");
  return r;
}

using Row = std::map<std::string, std::string, std::less<>>;

std::vector<Row> Rows(const CsvTable& t, const std::string& key = "", const std::string& v = "") {
  std::vector<Row> rows;
  const auto& names = t.header().names();
  size_t k = key.empty() ? 0 : t.header().Find(key).value_or(0);
  for (size_t r = 0; r < t.rows(); ++r) {
    if (!key.empty() && t.cell(r, k) != v) continue;
    Row row;
    for (size_t c = 0; c < names.size(); ++c) row[names[c]] = std::string(t.cell(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

const CsvTable& Reference(const std::string& file) {
  static auto* cache = new std::map<std::string, CsvTable>();
  auto it = cache->find(file);
  if (it == cache->end()) {
    auto t = ReadCsvTable(kRef + file);
    if (!t.ok()) ADD_FAILURE() << t.status().ToString();
    if (!t.ok()) t = ParseCsvTable("case\n", file);
    it = cache->emplace(file, std::move(t).value()).first;
  }
  return it->second;
}

std::vector<Row> Parse(const std::string& csv) {
  auto t = ParseCsvTable(csv, "output");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? Rows(*t) : std::vector<Row>{};
}

double Num(const std::string& s) {
  if (s.empty() || s == "NA" || s == "NaN") return std::nan("");
  return ParseDouble(s).value_or(std::nan("nonnumeric"));
}

void ExpectClose(const std::string& ours, const std::string& theirs, const std::string& at) {
  double a = Num(ours), b = Num(theirs);
  if (std::isnan(b)) {
    EXPECT_EQ(ours, "") << at << " (reference " << theirs << ")";
    return;
  }
  EXPECT_LE(std::fabs(a - b), 1e-12 * std::max(std::fabs(a), std::fabs(b)))
      << at << ": ours " << ours << ", reference " << theirs;
}

// The case's input as the user's CSV (f, x, y), in the order supplied; a
// missing value is written as NA, as R writes it.
std::string InputCsv(const std::vector<Row>& points, bool faceted) {
  std::vector<std::string> lines(points.size());
  for (const Row& p : points) {
    size_t k = static_cast<size_t>(*ParseInt(p.at("input_row"))) - 1;
    lines.at(k) = (faceted ? p.at("facet") + "," : "") + p.at("date") + "," + p.at("y");
  }
  std::string csv = faceted ? "f,x,y\n" : "x,y\n";
  for (const std::string& l : lines) csv += l + "\n";
  return csv;
}

std::string Arguments(const Row& c, const std::string& file) {
  std::string a =
      "'" + file + "' --date x --value y --improvement " + c.at("improvement_direction");
  if (!c.at("facet_field").empty()) a += " --facet f";
  for (std::string_view t : Split(c.at("target"), ';')) {
    if (!t.empty()) a += " --target " + std::string(t);
  }
  for (std::string_view r : Split(c.at("rebase"), ';')) {
    if (!r.empty()) a += " --rebase " + std::string(r);
  }
  if (!c.at("fix_after_n_points").empty()) a += " --fix-after " + c.at("fix_after_n_points");
  if (c.at("screen_outliers") == "FALSE") a += " --no-screen-outliers";
  return a;
}

class SpcCliReference : public testing::TestWithParam<std::string> {};

TEST_P(SpcCliReference, CsvOutputMatchesTheReference) {
  const std::string id = GetParam();
  Row c = Rows(Reference("cases.csv"), "case", id).at(0);
  bool faceted = !c.at("facet_field").empty();
  std::vector<Row> want = Rows(Reference("points.csv"), "case", id);
  std::string input = WriteFile("in.csv", InputCsv(want, faceted));
  std::string args = Arguments(c, input);
  if (id == "syn_target_equals_upl") {  // the target is our own UPL (README)
    Outcome plain = Spc("'" + input + "' --date x --value y");
    ASSERT_EQ(plain.code, 0) << plain.err;
    args = "'" + input + "' --date x --value y --target " + Parse(plain.out).back().at("upl");
  }
  Outcome r = Spc(args);
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<Row> got = Parse(r.out);
  ASSERT_EQ(got.size(), want.size()) << r.out;
  for (size_t i = 0; i < got.size(); ++i) {
    const Row &g = got[i], &w = want[i];
    std::string at = id + " output row " + std::to_string(i + 1);
    EXPECT_EQ(g.count("facet"), faceted ? 1u : 0u);
    if (faceted) {
      EXPECT_EQ(g.at("facet"), w.at("facet")) << at;
    }
    EXPECT_EQ(g.at("date"), w.at("date")) << at;
    ExpectClose(g.at("value"), w.at("y"), at + " value");
    EXPECT_EQ(g.at("rebase_group"), w.at("rebase_group")) << at;
    ExpectClose(g.at("mean"), w.at("mean"), at + " mean");
    ExpectClose(g.at("lpl"), w.at("lpl"), at + " lpl");
    ExpectClose(g.at("upl"), w.at("upl"), at + " upl");
    EXPECT_EQ(g.at("special_cause_type"), w.at("special_cause_type")) << at;
    EXPECT_EQ(g.at("point_type"), w.at("point_type")) << at;
  }

  Outcome icons = Spc(args + " --icons");
  ASSERT_EQ(icons.code, 0) << icons.err;
  std::vector<Row> gi = Parse(icons.out), wi = Rows(Reference("icons.csv"), "case", id);
  ASSERT_EQ(gi.size(), wi.size());
  for (size_t i = 0; i < gi.size(); ++i) {
    if (faceted) {
      EXPECT_EQ(gi[i].at("facet"), wi[i].at("facet"));
    }
    EXPECT_EQ(gi[i].at("last_date"), wi[i].at("last_date"));
    EXPECT_EQ(gi[i].at("variation_icon"), wi[i].at("variation_icon"));
    std::string assurance = wi[i].at("assurance_icon") == "NA" ? "" : wi[i].at("assurance_icon");
    // Deliberate difference (docs/spc.md): no assurance for a facet without a target.
    if (id == "syn_facets_target_one_facet_only" && wi[i].at("facet") == "B") assurance = "";
    EXPECT_EQ(gi[i].at("assurance_icon"), assurance) << id << " " << wi[i].at("facet");
  }
}

std::vector<std::string> CaseIds() {
  std::vector<std::string> ids;
  for (const Row& r : Rows(Reference("cases.csv"))) {
    if (r.at("error").empty()) ids.push_back(r.at("case"));
  }
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Reference, SpcCliReference, testing::ValuesIn(CaseIds()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

// n monthly points from April 2023, varying without any special cause.
std::string Series(int n) {
  std::string csv = "date,value\n";
  for (int i = 0; i < n; ++i) {
    csv += Date{2023, 4, 1}.AddMonths(i).ToString() + "," + std::to_string(10 + i * 7 % 5) + "\n";
  }
  return csv;
}

TEST(SpcCli, AMissingColumnIsNamedWithASuggestion) {
  WriteFile("d.csv", "date,value\n2023-04-01,5\n");
  Outcome r = Spc("d.csv --date date --value valeu");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "d.csv:1: error: no column `valeu` (the columns are: date, value); did you mean "
            "`value`?\n"
            "  date,value\n"
            "barometer spc: 1 error(s) in d.csv; nothing written\n");
}

TEST(SpcCli, EveryBadCellIsReportedWithLineColumnAndCaret) {
  WriteFile("bad.csv", "date,value\n2023-04-01,5\n2023-05-01,five\n2023/06/01,7\n2023-07-01,8\n");
  Outcome r = Spc("bad.csv --date date --value value");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "bad.csv:3:12: error: `five` is not a number; write the value as a number such as "
            "12.5, or leave the cell empty (or NA) for a missing value\n"
            "  2023-05-01,five\n"
            "             ^\n"
            "bad.csv:4:1: error: `2023/06/01` is not a date; expected a date (2023-07-31), month "
            "(2023-07), financial quarter (2023-24 Q2), financial year (2023-24) or year (2023)\n"
            "  2023/06/01,7\n"
            "  ^\n"
            "barometer spc: 2 error(s) in bad.csv; nothing written\n");
}

TEST(SpcCli, ADateTwiceInASeriesNamesBothLines) {
  WriteFile("dup.csv", "f,date,value\nA,2023-04,5\nB,2023-04,6\nA,2023-04,7\n");
  Outcome r = Spc("dup.csv --date date --value value --facet f");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "dup.csv:4:3: error: 2023-04 appears twice in facet `A` (first on line 2); a series "
            "may have one value per date; remove or merge one of the two rows\n"
            "  A,2023-04,7\n"
            "    ^\n"
            "barometer spc: 1 error(s) in dup.csv; nothing written\n");
}

TEST(SpcCli, TooFewPointsForLimitsIsAWarningNamingTheRows) {
  WriteFile("one.csv", "date,value\n2023-04-01,5\n");
  Outcome r = Spc("one.csv --date date --value value");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "one.csv:2: warning: the series (lines 2-2) has no process limits: it needs two "
            "consecutive values for a moving range\n"
            "  2023-04-01,5\n");
  EXPECT_EQ(r.out,
            "date,value,rebase_group,mean,lpl,upl,special_cause_type,point_type\n"
            "2023-04-01,5,0,5,,,Common Cause,common_cause\n");
}

TEST(SpcCli, AShortSeriesIsAWarning) {
  WriteFile("short.csv", Series(12));
  Outcome r = Spc("short.csv --date date --value value");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "short.csv:2: warning: the series has only 12 points (lines 2-13); limits from fewer "
            "than 13 points are unreliable\n"
            "  2023-04-01,10\n");
}

TEST(SpcCli, StrictMakesWarningsErrors) {
  WriteFile("st.csv", Series(12));
  Outcome r = Spc("st.csv --date date --value value --strict");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("barometer spc: 1 warning(s) in st.csv and --strict; nothing written\n"),
            std::string::npos)
      << r.err;
  WriteFile("ok.csv", Series(13));
  EXPECT_EQ(Spc("ok.csv --date date --value value --strict").code, 0);
}

TEST(SpcCli, ARebaseDateMatchingNoPointIsAWarning) {
  WriteFile("r.csv", Series(12));
  Outcome r = Spc("r.csv --date date --value value --rebase 2023-04-15");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.err.find("r.csv: warning: rebase date 2023-04-15 is not the date of any point; "
                       "ignored\n"),
            std::string::npos)
      << r.err;
}

TEST(SpcCli, ExitCodesForUsageAndMissingFiles) {
  EXPECT_EQ(Spc("nothere.csv --date d --value v").code, 3);
  EXPECT_EQ(Spc("nothere.csv --date d --value v").err,
            "barometer spc: nothere.csv: no such file\n");
  WriteFile("u.csv", Series(12));
  Outcome bad_target = Spc("u.csv --date date --value value --target ten");
  EXPECT_EQ(bad_target.code, 2);
  EXPECT_EQ(bad_target.err,
            "barometer spc: --target ten: `ten` is not a number; expected X or FACET=X\n");
  EXPECT_EQ(Spc("u.csv --date date --value value --format pdf").code, 2);
  EXPECT_EQ(Spc("u.csv --date date --value value --fix-after 5").code, 2);
  EXPECT_EQ(Spc("u.csv --date date --value value --target A=5").code, 2);
  EXPECT_EQ(Spc("--help").code, 0);
}

TEST(SpcCli, ATargetForAFacetNotInTheDataIsAnError) {
  WriteFile("t.csv", "f,date,value\nNorth,2023-04,5\nNorth,2023-05,6\n");
  Outcome r = Spc("t.csv --date date --value value --facet f --target Nort=5");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "t.csv: error: a target given for facet `Nort`, which is not in the data (the facets "
            "are: North); did you mean `North`?\nbarometer spc: 1 error(s) in t.csv; nothing "
            "written\n");
}

TEST(SpcCli, MonthlyDataReadsAmbiguousMonthsAsMonths) {
  // "2011-12" alone would be the financial year 2011-12; beside other months it is December.
  WriteFile("m.csv", "date,value\n2011-11,5\n2011-12,6\n2012-01,7\n");
  Outcome r = Spc("m.csv --date date --value value --rebase 2011-12");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<Row> rows = Parse(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].at("date"), "2011-12");
  EXPECT_EQ(rows[1].at("rebase_group"), "1");
}

TEST(SpcCli, JsonCarriesPointsGroupsIconsAndWarnings) {
  WriteFile("j.csv", Series(12));
  Outcome r = Spc("j.csv --date date --value value --target 100 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["facets"].size(), 1u);
  const auto& f = j["facets"][0];
  EXPECT_TRUE(f["facet"].is_null());
  EXPECT_EQ(f["points"].size(), 12u);
  EXPECT_EQ(f["groups"].size(), 1u);
  EXPECT_EQ(f["assurance_icon"], "fail");  // target far above the UPL, increase is better
  EXPECT_EQ(f["points"][0]["line"], 2);
  EXPECT_EQ(j["options"]["shift_length"], 7);
  EXPECT_EQ(j["warnings"].size(), 1u);
}

size_t CountOf(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(SpcCli, SvgIsSelfContainedAndAccessible) {
  WriteFile("s.csv", "date,value\n2023-04-01,5\n2023-04-02,\n2023-04-03,50\n2023-04-04,40\n");
  Outcome r = Spc("s.csv --date date --value value --target 4 --format svg --no-screen-outliers");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(r.out.find("<title id=\"spc-title\">value (s.csv): Making Data Count SPC chart"),
            std::string::npos);
  EXPECT_NE(r.out.find("<desc id=\"spc-desc\">"), std::string::npos);
  EXPECT_EQ(r.out.find("<script"), std::string::npos);
  EXPECT_EQ(r.out.find("href"), std::string::npos);
  EXPECT_NE(r.out.find("stroke=\"#de1b1b\""), std::string::npos);  // the target line
  EXPECT_NE(r.out.find("stroke-dasharray"), std::string::npos);    // the process limits
  EXPECT_NE(r.out.find("(pass)"), std::string::npos);              // target 4 below the LPL (5.07)
  // Drawn by the reports' SPC renderer: one marker per value (one is missing),
  // the value line broken at the gap, both icons.
  size_t points = 0;
  for (size_t at = 0; (at = r.out.find("<circle class=\"obs\"", at)) != std::string::npos; ++at)
    ++points;
  EXPECT_EQ(points, 3u);
  EXPECT_EQ(CountOf(r.out, "<polyline"), 1u);  // 50, 40; the 5 alone has no segment
  EXPECT_NE(r.out.find("class=\"icon-variation\""), std::string::npos);
  EXPECT_NE(r.out.find("class=\"icon-assurance\""), std::string::npos);
}

TEST(SpcCli, ExtremeValuesStillGiveAChart) {
  // Twenty equal values near 1.7e271 and one a step (ULP) above: the y axis
  // spans one ULP, so tick k is near 3e16, where k + 1 == k in doubles. An
  // earlier tick loop never ended here.
  const double x = 1.6820897871359581e+271;
  std::string csv = "date,value\n";
  for (int i = 0; i < 21; ++i) {
    double v = i < 20 ? x : std::nextafter(x, INFINITY);
    csv += Date{2023, 4, 1}.AddDays(i).ToString() + "," + FormatShortest(v) + "\n";
  }
  WriteFile("x.csv", csv);
  WriteFile("big.csv", "date,value\n2023-04-01,-1e308\n2023-04-02,1e308\n2023-04-03,0\n");
  for (const char* file : {"x.csv", "big.csv"}) {
    for (const char* format : {"svg", "csv", "json", "table"}) {
      Outcome r = Spc(std::string(file) + " --date date --value value --format " + format);
      EXPECT_EQ(r.code, 0) << file << " " << format << ": " << r.err;
      EXPECT_FALSE(r.out.empty()) << file << " " << format;
    }
  }
}

TEST(SpcCli, TableIsAligned) {
  WriteFile("tb.csv", Series(12));
  Outcome r = Spc("tb.csv --date date --value value --format table --icons");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "last date   variation     assurance\n"
            "2024-03-01  common_cause  -\n");
}

}  // namespace
}  // namespace barometer
