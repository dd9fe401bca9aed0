// End-to-end: the `barometer population` commands run as a user runs them.
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "extract_builder.h"

namespace barometer::population {
namespace {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `barometer <args>` (in `cwd` when given, with BAROMETER_TODAY fixed).
CliRun Barometer(const std::string& args, const std::string& dir, const std::string& cwd = "") {
  std::string err_file = dir + "/stderr.txt";
  std::string cmd = (cwd.empty() ? "" : "cd " + cwd + " && ") + "BAROMETER_TODAY=2026-06-30 " +
                    std::string(BAROMETER_BINARY) + " " + args + " 2>" + err_file;
  CliRun r{-1, "", ""};
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* e = std::fopen(err_file.c_str(), "r");
  while ((n = std::fread(buf.data(), 1, buf.size(), e)) > 0) r.err.append(buf.data(), n);
  std::fclose(e);
  return r;
}

void WriteExtract(testing::TempExtract& t) {
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Area("E01000002", 9, "South", "Liverpool");
  for (int i = 0; i < 300; ++i) {
    std::string id = "P" + std::to_string(i);
    bool dies = i % 10 == 0;
    t.Person(id, 1 + i % 2, 1930 + i % 85, 1 + i % 12, i % 3 ? "E01000001" : "E01000002", "A",
             "2016-01-01", "", dies ? "2022-06-01" : "", dies ? "C34" : "");
    if (i % 4 == 0) t.Condition(id, "icd10", "I10", "2018-01-01");
    if (i % 8 == 0) t.Condition(id, "icd10", "E11", "2018-01-01");
    if (i % 5 == 0) t.Activity(id, "emergency_admission", "2022-02-01", "2022-02-04");
    if (i % 10 == 0) t.Activity(id, "emergency_admission", "2022-04-01", "2022-04-02");
  }
  t.Write();
}

TEST(PopulationCli, CheckReportsEveryBadRowAndExitsOne) {
  testing::TempExtract t;
  WriteExtract(t);
  t.Raw("persons.csv", "BAD,3,1950,1,E01000001,P001,A,2016-01-01,,,\n");
  t.Raw("activity.csv", "P1,ae,2022-01-01,2021-01-01\n");
  t.Write();
  CliRun r = Barometer("population check --extract " + t.dir(), t.dir());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, t.dir() +
                       "/persons.csv:302: error: sex '3' is not an NHS Data Dictionary code; "
                       "expected 1 (male), 2 (female), 9 (indeterminate) or 0 (not known)\n" +
                       t.dir() +
                       "/activity.csv:92: error: end_date 2021-01-01 is before start_date "
                       "2022-01-01\n"
                       "barometer population check: 2 problems in 2 rows of the extract in " +
                       t.dir() + "; fix them, or use --skip-bad-rows to leave those rows out\n");
}

TEST(PopulationCli, MissingExtractIsAnIoError) {
  testing::TempExtract t;
  CliRun r = Barometer("population check --extract " + t.dir() + "/nowhere", t.dir());
  EXPECT_EQ(r.exit_code, 3);
}

TEST(PopulationCli, IndicatorsAsCsvWithFingertipsColumns) {
  testing::TempExtract t;
  WriteExtract(t);
  CliRun r = Barometer("population indicators --extract " + t.dir() +
                           " --period 2022 --by sex --indicators u75_mortality_all --threads 2",
                       t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "indicator,period,area,breakdown,breakdown_value,count,denominator,value,lower95_0cl,"
            "upper95_0cl,lower99_8cl,upper99_8cl,comparison,suppressed,note");
  EXPECT_NE(r.out.find("u75_mortality_all,2022,Liverpool,sex,male,"), std::string::npos);
}

TEST(PopulationCli, NoDisclosureControlSaysTheOutputIsUnsafe) {
  testing::TempExtract t;
  WriteExtract(t);
  CliRun r =
      Barometer("population segments --extract " + t.dir() + " --no-disclosure-control", t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("# UNSAFE TO PUBLISH", 0), 0u);
  EXPECT_NE(r.err.find("UNSAFE TO PUBLISH"), std::string::npos);
  CliRun json = Barometer(
      "population segments --format json --extract " + t.dir() + " --no-disclosure-control",
      t.dir());
  EXPECT_NE(json.out.find("\"warning\": \"UNSAFE TO PUBLISH"), std::string::npos);
}

TEST(PopulationCli, CaseFindingRefusesWithoutPersonLevel) {
  testing::TempExtract t;
  WriteExtract(t);
  CliRun r = Barometer("population case-finding --extract " + t.dir(), t.dir());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err,
            "barometer population case-finding: refusing to write a person-level list without "
            "--person-level. The list identifies individuals (by pseudonymised id): ask for it "
            "with --person-level only inside the secure environment, and keep the file there\n");
  CliRun ok = Barometer("population case-finding --person-level --extract " + t.dir(), t.dir());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("rank,person_id,score"), std::string::npos);
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

// Issue 10: weakening disclosure control is marked unsafe with the settings.
TEST(PopulationCli, WeakenedDisclosureControlIsMarkedUnsafeWithTheSettings) {
  testing::TempExtract t;
  WriteExtract(t);
  const std::string weak = " --suppress-at 0 --round-to 1";
  for (std::string cmd :
       {"indicators --period 2022 --indicators u75_mortality_all", "segments", "concentration"}) {
    SCOPED_TRACE(cmd);
    CliRun r = Barometer("population " + cmd + " --extract " + t.dir() + weak, t.dir());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("# UNSAFE TO PUBLISH: disclosure control was weakened (--suppress-at 0 "
                          "--round-to 1;",
                          0),
              0u)
        << r.out.substr(0, 200);
    CliRun json =
        Barometer("population " + cmd + " --format json --extract " + t.dir() + weak, t.dir());
    EXPECT_NE(json.out.find("\"warning\": \"UNSAFE TO PUBLISH: disclosure control was weakened"),
              std::string::npos);
    CliRun table = Barometer(
        "population " + cmd + " --format table --extract " + t.dir() + " --round-to 2", t.dir());
    EXPECT_EQ(table.out.rfind("!! UNSAFE TO PUBLISH", 0), 0u);
  }
  // The defaults, or stronger settings, are not marked.
  CliRun safe = Barometer(
      "population segments --extract " + t.dir() + " --suppress-at 10 --round-to 10", t.dir());
  EXPECT_EQ(safe.out.find("UNSAFE"), std::string::npos);
}

// Issue 10: --skip-bad-rows wrote whole patient rows to a world-readable
// ./rejects.csv by default, even from `population check`.
TEST(PopulationCli, RejectsHoldLinesAndReasonsNotPatientRows) {
  testing::TempExtract t;
  WriteExtract(t);
  t.Raw("persons.csv", "SECRET1,3,1950,1,E01000001,P001,A,2016-01-01,,,\n");
  t.Write();
  std::filesystem::create_directory(t.dir() + "/cwd");
  CliRun r =
      Barometer("population check --skip-bad-rows --extract " + t.dir(), t.dir(), t.dir() + "/cwd");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t.dir() + "/cwd/rejects.csv"));
  std::string rejects = t.dir() + "/rejects-out.csv";
  r = Barometer(
      "population check --skip-bad-rows --no-cache --rejects " + rejects + " --extract " + t.dir(),
      t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string text = Slurp(rejects);
  EXPECT_EQ(text.substr(0, text.find('\n')), "file,line,reason");
  EXPECT_NE(text.find("persons.csv,302,"), std::string::npos) << text;
  EXPECT_EQ(text.find("SECRET1"), std::string::npos) << text;
  EXPECT_EQ(Mode(rejects), 0600u);
  // The rows only with --person-level, and still owner-only.
  std::filesystem::permissions(rejects, std::filesystem::perms::all);
  r = Barometer("population segments --skip-bad-rows --no-cache --person-level --rejects " +
                    rejects + " --extract " + t.dir(),
                t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(Slurp(rejects).find("SECRET1,3,1950"), std::string::npos);
  EXPECT_EQ(Mode(rejects), 0600u);
}

// An extract whose ids are NHS numbers (valid modulus-11 check digits).
void WriteNhsNumberExtract(testing::TempExtract& t) {
  t.Area("E01000001", 1, "North", "Liverpool");
  // 9434765919 is the NHS's own example of a valid number.
  const std::vector<std::string> ids = {"9434765919", "4010232137", "9990000018"};
  for (const std::string& id : ids) {
    t.Person(id, 1, 1940, 1, "E01000001", "A", "2016-01-01");
    for (int k = 0; k < 3; ++k)
      t.Activity(id, "emergency_admission", "2022-02-0" + std::to_string(k + 1));
    t.Condition(id, "icd10", "I10", "2018-01-01");
    t.Condition(id, "icd10", "E11", "2018-01-01");
  }
  t.Write();
}

// Issue 10: case-finding passed NHS numbers through under a
// "pseudonymised ids" header.
TEST(PopulationCli, CaseFindingRefusesNhsNumbersUnlessKeyedPseudonymsAreAskedFor) {
  testing::TempExtract t;
  WriteNhsNumberExtract(t);
  const std::string args =
      "population case-finding --person-level --min-emergency 1 --extract " + t.dir();
  CliRun r = Barometer(args, t.dir());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("3 person_id values look like NHS numbers"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("9434765919"), std::string::npos);  // not echoed
  std::string key = t.dir() + "/key";
  std::ofstream(key) << "a secret key of more than 16 bytes\n";
  std::string out = t.dir() + "/cases.csv";
  r = Barometer(args + " --pseudonymise-key-file " + key + " -o " + out, t.dir());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = Slurp(out);
  EXPECT_EQ(text.find("9434765919"), std::string::npos) << text;
  EXPECT_NE(text.find("ids are HMAC-SHA256 pseudonyms"), std::string::npos);
  // HMAC-SHA256 of "9434765919" under the key (the line end is not part of
  // it), as Python's hmac module computes it.
  EXPECT_NE(text.find(",32ae657453ac7931cd366e0b4abcf76dc731a33aac523d7ca72476665dfcdeac,"),
            std::string::npos)
      << text;
  std::smatch m;
  std::string rest = text;
  int hashed = 0;
  while (std::regex_search(rest, m, std::regex("\\n[0-9]+,([0-9a-f]{64}),"))) {
    ++hashed;
    rest = m.suffix();
  }
  EXPECT_EQ(hashed, 3) << text;
  EXPECT_EQ(Mode(out), 0600u);
  // A short key is refused.
  std::ofstream(key) << "short";
  EXPECT_EQ(Barometer(args + " --pseudonymise-key-file " + key, t.dir()).exit_code, 1);
}

// Issue 10: one death dated 2098 moved the default period to 2095-2097 with
// every indicator empty, exit 0.
TEST(PopulationCli, DatesAfterTodayAreBadRowsUnlessForecasts) {
  testing::TempExtract t;
  WriteExtract(t);
  t.Raw("persons.csv", "LATE,1,1950,1,E01000001,P001,A,2016-01-01,,2098-03-01,C34\n");
  t.Write();
  CliRun r = Barometer("population indicators --no-cache --extract " + t.dir(), t.dir());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(t.dir() + "/persons.csv:302: error: date_of_death 2098-03-01 is after "
                                 "today (2026-06-30)"),
            std::string::npos)
      << r.err;
  r = Barometer(
      "population indicators --no-cache --forecasts --indicators u75_mortality_all "
      "--extract " +
          t.dir(),
      t.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The default period is the last complete years before today, not 2095-2097.
  EXPECT_NE(r.out.find("u75_mortality_all,2023-2025,"), std::string::npos) << r.out.substr(0, 400);
  EXPECT_EQ(r.out.find("2097"), std::string::npos);
}

TEST(PopulationCli, UsageErrorsExitTwo) {
  testing::TempExtract t;
  WriteExtract(t);
  CliRun r = Barometer("population indicators --extract " + t.dir() + " --by imd_decil", t.dir());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean `imd_decile`?"), std::string::npos);
  r = Barometer("population indicators --extract " + t.dir() + " --period 2023-21", t.dir());
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace barometer::population
