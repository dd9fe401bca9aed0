// End-to-end: the `barometer population` commands run as a user runs them.
#include <sys/wait.h>

#include <array>
#include <cstdio>
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

CliRun Barometer(const std::string& args, const std::string& dir) {
  std::string err_file = dir + "/stderr.txt";
  std::string cmd = std::string(BAROMETER_BINARY) + " " + args + " 2>" + err_file;
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
