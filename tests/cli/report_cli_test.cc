// `barometer report` end to end, as a user runs it: synthetic measures for
// Our Future Together are generated and ingested once, then each report is
// written by the built binary and read back (HTML, XLSX via unzip, PDF via
// poppler's pdfinfo/pdftotext; the PDF case is skipped without Chromium).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kStrategy =
    std::string(BAROMETER_SOURCE_DIR) + "/examples/our-future-together/strategy.toml";

struct CmdResult {
  int rc = -1;
  std::string out;  // stdout and stderr
};

CmdResult Barometer(const std::string& args) {
  CmdResult r;
  std::string cmd = std::string(BAROMETER_BINARY) + " " + args + " 2>&1";
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

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  ::pclose(f);
  return out;
}

class ReportCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("barometer-report-cli-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    std::string d = dir_->string();
    db_ = new std::string(d + "/m.db");
    ASSERT_EQ(
        Barometer("synth measures --strategy " + kStrategy + " --seed 1 --out " + d + "/data").rc,
        0);
    ASSERT_EQ(
        Barometer("ingest --db " + *db_ + " --strategy " + kStrategy + " " + d + "/data/values.csv")
            .rc,
        0);
    ASSERT_EQ(Barometer("ingest --db " + *db_ + " --benchmark " + d + "/data/benchmarks.csv").rc,
              0);
    ASSERT_EQ(Barometer("ingest --db " + *db_ + " --strategy " + kStrategy + " --commentary " + d +
                        "/data/commentary.md")
                  .rc,
              0);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }
  static std::string Common() { return "--strategy " + kStrategy + " --db " + *db_; }
  static fs::path* dir_;
  static std::string* db_;
};
fs::path* ReportCli::dir_ = nullptr;
std::string* ReportCli::db_ = nullptr;

TEST_F(ReportCli, BoardHtmlHasEveryMeasureAndNoExternalResource) {
  fs::path out = *dir_ / "board.html";
  CmdResult r = Barometer("report board " + Common() + " --out " + out.string());
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_NE(r.out.find("wrote " + out.string()), std::string::npos) << r.out;
  std::string html = Slurp(out);
  std::string toml = Slurp(kStrategy);
  std::regex measure_id("\\[\\[measures\\]\\]\\s*\\nid = \"([a-z0-9_-]+)\"");
  int n = 0;
  for (auto it = std::sregex_iterator(toml.begin(), toml.end(), measure_id);
       it != std::sregex_iterator(); ++it, ++n)
    EXPECT_NE(html.find("id=\"m-" + (*it)[1].str() + "\""), std::string::npos) << (*it)[1];
  EXPECT_GT(n, 10);
  std::string no_ns =
      std::regex_replace(html, std::regex("xmlns=\"http://www.w3.org/2000/svg\""), "");
  EXPECT_EQ(no_ns.find("http"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST_F(ReportCli, UnknownCommitteeIsAnInputErrorWithASuggestion) {
  CmdResult r = Barometer("report committee --committee qualty " + Common() + " --out " +
                          (*dir_ / "c.html").string());
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("did you mean `quality`"), std::string::npos) << r.out;
  r = Barometer("report committee " + Common() + " --out " + (*dir_ / "c.html").string());
  EXPECT_EQ(r.rc, 2) << r.out;
}

TEST_F(ReportCli, AMissingStoreExitsAsEvaluateDoes) {
  std::string missing = (*dir_ / "no-such.db").string();
  CmdResult e = Barometer("evaluate --strategy " + kStrategy + " --db " + missing);
  CmdResult r = Barometer("report board --strategy " + kStrategy + " --db " + missing + " --out " +
                          (*dir_ / "x.html").string());
  EXPECT_EQ(e.rc, 3) << e.out;
  EXPECT_EQ(r.rc, e.rc) << r.out;
  EXPECT_NE(r.out.find("no-such.db"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(*dir_ / "x.html"));
  EXPECT_FALSE(fs::exists(missing));
}

TEST_F(ReportCli, AMilestoneReadsAsEvaluateWritesIt) {
  // The report writes values with the evaluation's formatter: "done", not "1" or "Done".
  fs::path out = *dir_ / "board-values.html";
  ASSERT_EQ(Barometer("report board " + Common() + " --out " + out.string()).rc, 0);
  std::string html = Slurp(out);
  EXPECT_EQ(html.find(">Done<"), std::string::npos);
  EXPECT_EQ(html.find(">Not done<"), std::string::npos);
  // Our Future Together has six milestones; their values read as evaluate writes them.
  EXPECT_TRUE(html.find("<dd>done</dd>") != std::string::npos ||
              html.find("<dd>not started</dd>") != std::string::npos ||
              html.find("% complete</dd>") != std::string::npos);
}

TEST_F(ReportCli, XlsxNumbersAreNumbers) {
  if (Shell("command -v unzip").empty()) GTEST_SKIP() << "unzip not installed";
  fs::path out = *dir_ / "board.xlsx";
  CmdResult r = Barometer("report board " + Common() + " --out " + out.string());
  ASSERT_EQ(r.rc, 0) << r.out;
  std::string wb = Shell("unzip -p '" + out.string() + "' xl/workbook.xml");
  EXPECT_NE(wb.find("name=\"measures\""), std::string::npos);
  EXPECT_NE(wb.find("name=\"observations\""), std::string::npos);
  // observations: measure_id, period, date, value — column D is numeric.
  std::string sheet = Shell("unzip -p '" + out.string() + "' xl/worksheets/sheet2.xml");
  std::regex value_cell("<c r=\"D([0-9]+)\"([^>]*)><v>([^<]*)</v>");
  int numbers = 0;
  for (auto it = std::sregex_iterator(sheet.begin(), sheet.end(), value_cell);
       it != std::sregex_iterator(); ++it) {
    if ((*it)[1] == "1") continue;  // the header row
    EXPECT_EQ((*it)[2].str().find("t=\"s\""), std::string::npos) << "D" << (*it)[1] << " is text";
    EXPECT_NO_THROW((void)std::stod((*it)[3].str()));
    ++numbers;
  }
  EXPECT_GT(numbers, 50);
}

TEST_F(ReportCli, CsvAndJsonWriteEveryTable) {
  ASSERT_EQ(
      Barometer("report ipr " + Common() + " --format csv --out " + (*dir_ / "ipr").string()).rc,
      0);
  EXPECT_TRUE(fs::exists(*dir_ / "ipr" / "ipr.csv"));
  ASSERT_EQ(Barometer("report board " + Common() + " --out " + (*dir_ / "b.json").string()).rc, 0);
  std::string json = Slurp(*dir_ / "b.json");
  EXPECT_NE(json.find("\"name\": \"measures\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"observations\""), std::string::npos);
}

TEST_F(ReportCli, BafNeedsRisksAndUsesADraftRegister) {
  CmdResult r = Barometer("report baf " + Common() + " --out " + (*dir_ / "baf.html").string());
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("no [[risks]]"), std::string::npos) << r.out;
  r = Barometer("report baf " + Common() + " --risks " + std::string(BAROMETER_SOURCE_DIR) +
                "/scripts/demo-data/oft-baf-risks.toml --risk-note 'Illustrative register' --out " +
                (*dir_ / "baf.html").string());
  ASSERT_EQ(r.rc, 0) << r.out;
  std::string html = Slurp(*dir_ / "baf.html");
  EXPECT_NE(html.find("Illustrative register"), std::string::npos);
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  EXPECT_NE(html.find("id=\"r-BAF5\""), std::string::npos);
}

TEST_F(ReportCli, PdfHasPagesAndText) {
  if (access("/usr/bin/chromium", X_OK) != 0) GTEST_SKIP() << "chromium not installed";
  if (Shell("command -v pdfinfo").empty()) GTEST_SKIP() << "poppler-utils not installed";
  fs::path out = *dir_ / "board.pdf";
  CmdResult r = Barometer("report board " + Common() + " --out " + out.string());
  ASSERT_EQ(r.rc, 0) << r.out;
  std::smatch m;
  std::string info = Shell("pdfinfo '" + out.string() + "'");
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages:\\s+([0-9]+)"))) << info;
  int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 8);   // cover, summary, exceptions, four priorities, appendix
  EXPECT_LE(pages, 60);  // a Board pack, not a dump
  EXPECT_NE(info.find("(A4)"), std::string::npos);
  std::string text = Shell("pdftotext '" + out.string() + "' -");
  EXPECT_NE(text.find("Board strategy report"), std::string::npos);
  EXPECT_NE(text.find("Exceptions"), std::string::npos);
  EXPECT_NE(text.find("Great Care"), std::string::npos);
  EXPECT_NE(text.find("Page 2 of " + std::to_string(pages)), std::string::npos);
}

}  // namespace
