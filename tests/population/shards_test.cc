// Sharded extracts: `population partition` keeps each person with their
// rows, and `mpirun -np N barometer population indicators|trend|segments|
// concentration|case-finding --shards DIR` writes byte-identical output to
// one process on the whole extract, for 1 to 4 processes; a missing or corrupt shard stops every
// process with no output. The MPI cases are skipped where mpirun is not installed.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/extract.h"

namespace barometer::population {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code;
  std::string out, err;
};

CliRun Shell(const std::string& cmd, const std::string& dir) {
  std::string err_file = dir + "/stderr.txt";
  CliRun r{-1, "", ""};
  FILE* p = ::popen((cmd + " 2>" + err_file).c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  std::stringstream s;
  s << e.rdbuf();
  r.err = s.str();
  return r;
}

std::string Bin() { return BAROMETER_BINARY; }

// Under the sanitizer build, leak checking is off for the MPI ranks only:
// Open MPI keeps allocations from MPI_Init to exit by design and unloads its
// plugins first, so their stacks cannot even be told apart from ours. The
// same code run without MPI (every other population test) is leak-checked.
std::string Mpirun(int ranks) {
  std::string root = ::geteuid() == 0 ? " --allow-run-as-root" : "";
  return "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 mpirun --oversubscribe" +
         root + " -np " + std::to_string(ranks) + " ";
}

bool HaveMpirun() { return std::system("command -v mpirun >/dev/null 2>&1") == 0; }

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

void WriteExtract(testing::TempExtract& t) {
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Area("E01000002", 9, "South", "Liverpool");
  for (int i = 0; i < 400; ++i) {
    std::string id = "P" + std::to_string(i);
    bool dies = i % 9 == 0;
    t.Person(id, 1 + i % 2, 1930 + i % 85, 1 + i % 12, i % 3 ? "E01000001" : "E01000002", "A",
             "2016-01-01", "", dies ? "2022-06-01" : "", dies ? "C34" : "");
    if (i % 4 == 0) t.Condition(id, "icd10", "I10", "2018-01-01");
    if (i % 3 == 0) t.Condition(id, "icd10", "E11", "2019-03-01");
    if (i % 10 == 0) t.Condition(id, "icd10", "F03", "2020-05-01");
    if (i % 5 == 0) t.Activity(id, "emergency_admission", "2022-02-01", "2022-02-04");
    // Stays of 1 to 40 days: the histograms of use differ in length by shard.
    if (i % 6 == 0) {
      int day = 1 + i % 40 % 31;
      t.Activity(id, "emergency_admission", "2022-04-01",
                 "2022-05-" + std::string(day < 10 ? "0" : "") + std::to_string(day));
    }
    if (i % 7 == 0) t.Activity(id, "ae", "2021-04-01", "");
    if (i % 4 == 1) t.Activity(id, "ae", std::to_string(2019 + i % 3) + "-08-01", "");
  }
  // Children born in every year up to 2021 (each age band has people).
  for (int j = 0; j < 28; ++j) {
    std::string id = "K" + std::to_string(j), born = std::to_string(2015 + j % 7);
    t.Person(id, 1 + j % 2, 2015 + j % 7, 1, j % 2 ? "E01000001" : "E01000002", "A",
             born + "-01-01");
    if (j % 3 == 0) t.Activity(id, "ae", "2021-09-01", "");
  }
  // The extract's first event year is in one person's rows only: `trend`
  // must find it across every shard.
  t.Activity("P123", "elective_admission", "2018-03-01", "2018-03-02");
  t.Raw("persons.csv", "\"Q,1\",2,1960,5,E01000002,\"P0,01\",A,2016-01-01,,,\n");
  t.Raw("activity.csv", "\"Q,1\",ae,2022-03-01,\n");
  t.Write();
}

TEST(PopulationPartition, EveryPersonInOneShardWithAllTheirRows) {
  testing::TempExtract t;
  WriteExtract(t);
  std::string out = t.dir() + "/shards";
  ASSERT_TRUE(PartitionExtract(t.dir(), 3, out).ok());
  auto n = ReadShardManifest(out);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 3);
  std::multiset<std::string> persons, activity;
  for (int s = 0; s < 3; ++s) {
    std::string dir = ShardDir(out, s);
    EXPECT_EQ(ReadFile(dir + "/areas.csv"), ReadFile(t.path("areas.csv")));
    std::vector<std::string> p = Lines(ReadFile(dir + "/persons.csv"));
    ASSERT_FALSE(p.empty());
    EXPECT_EQ(p[0], Lines(ReadFile(t.path("persons.csv")))[0]);  // the header in each
    std::set<std::string> ids;
    for (size_t i = 1; i < p.size(); ++i) {
      persons.insert(p[i]);
      std::string id =
          p[i][0] == '"' ? p[i].substr(1, p[i].find('"', 1) - 1) : p[i].substr(0, p[i].find(','));
      EXPECT_EQ(ShardOf(id, 3), s) << id;
      ids.insert(p[i][0] == '"' ? p[i].substr(0, p[i].find('"', 1) + 1) : id);
    }
    std::vector<std::string> a = Lines(ReadFile(dir + "/activity.csv"));
    for (size_t i = 1; i < a.size(); ++i) {
      activity.insert(a[i]);
      std::string id =
          a[i][0] == '"' ? a[i].substr(0, a[i].find('"', 1) + 1) : a[i].substr(0, a[i].find(','));
      EXPECT_TRUE(ids.count(id)) << "activity of " << id << " is not with its person";
    }
  }
  std::vector<std::string> all = Lines(ReadFile(t.path("persons.csv")));
  EXPECT_EQ(persons, std::multiset<std::string>(all.begin() + 1, all.end()));
  all = Lines(ReadFile(t.path("activity.csv")));
  EXPECT_EQ(activity, std::multiset<std::string>(all.begin() + 1, all.end()));
}

TEST(PopulationPartition, RefusesAnExistingFolderAndLeavesNothingOnFailure) {
  testing::TempExtract t;
  WriteExtract(t);
  fs::create_directories(t.dir() + "/taken");
  EXPECT_FALSE(PartitionExtract(t.dir(), 2, t.dir() + "/taken").ok());
  EXPECT_FALSE(PartitionExtract(t.dir() + "/nowhere", 2, t.dir() + "/new").ok());
  EXPECT_FALSE(fs::exists(t.dir() + "/new"));
  EXPECT_FALSE(fs::exists(t.dir() + "/new.partial"));
}

class PopulationShardsMpi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveMpirun()) GTEST_SKIP() << "mpirun is not installed";
    WriteExtract(t_);
    std::string by =
        "sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,"
        "segment";
    args_ = " --by " + by + " --period 2021-2022 --no-cache --threads 1";
    CliRun one = Shell(Bin() + " population indicators --extract " + t_.dir() + args_, t_.dir());
    ASSERT_EQ(one.exit_code, 0) << one.err;
    expected_ = one.out;
    ASSERT_GT(Lines(expected_).size(), 50u);
  }
  std::string Partition(int shards) {
    std::string out = t_.dir() + "/shards" + std::to_string(shards);
    CliRun p = Shell(Bin() + " population partition --extract " + t_.dir() + " --shards " +
                         std::to_string(shards) + " --out " + out,
                     t_.dir());
    EXPECT_EQ(p.exit_code, 0) << p.err;
    return out;
  }
  CliRun Sharded(int ranks, const std::string& dir) {
    return Shell(Mpirun(ranks) + Bin() + " population indicators --shards " + dir + args_,
                 t_.dir());
  }
  testing::TempExtract t_;
  std::string args_, expected_;
};

TEST_F(PopulationShardsMpi, OneToFourProcessesWriteWhatOneProcessWrites) {
  for (int ranks = 1; ranks <= 4; ++ranks) {
    CliRun r = Sharded(ranks, Partition(ranks));
    EXPECT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.err;
    EXPECT_EQ(r.out, expected_) << ranks << " ranks";
  }
}

// Every population command that takes --shards: trend (the first year is
// found across shards), segments (counts), concentration (histograms of use
// per person, of different lengths by shard) and case-finding (each
// process's top rows merged on the first; with and without a limit that cuts
// inside every shard's list).
TEST_F(PopulationShardsMpi, EveryCommandWritesWhatOneProcessWritesOnOneToFourProcesses) {
  const std::string common = " --no-cache --threads 1 --format csv";
  const std::vector<std::string> commands = {
      "trend --indicator ae_attendances --window 1",
      "segments --window-months 24",
      "concentration --lorenz-step 10",
      "case-finding --person-level --min-emergency 1 --min-ltc 1",
      "case-finding --person-level --min-emergency 1 --min-ltc 1 --limit 7",
  };
  std::map<int, std::string> dirs;
  for (int ranks = 1; ranks <= 4; ++ranks) dirs[ranks] = Partition(ranks);
  for (const std::string& c : commands) {
    CliRun one = Shell(Bin() + " population " + c + " --extract " + t_.dir() + common, t_.dir());
    ASSERT_EQ(one.exit_code, 0) << c << ": " << one.err;
    ASSERT_GT(Lines(one.out).size(), 5u) << c << ": " << one.out;
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CliRun r =
          Shell(Mpirun(ranks) + Bin() + " population " + c + " --shards " + dirs[ranks] + common,
                t_.dir());
      EXPECT_EQ(r.exit_code, 0) << c << ", " << ranks << " ranks: " << r.err;
      EXPECT_EQ(r.out, one.out) << c << ", " << ranks << " ranks";
    }
  }
  // The test means something: the list is longer than the limit, and the
  // trend starts at P123's year, which most shards do not hold.
  CliRun all =
      Shell(Bin() + " population " + commands[3] + " --extract " + t_.dir() + common, t_.dir());
  EXPECT_GT(Lines(all.out).size(), 20u);
  CliRun trend =
      Shell(Bin() + " population " + commands[0] + " --extract " + t_.dir() + common, t_.dir());
  EXPECT_NE(trend.out.find("2018"), std::string::npos) << trend.out;
}

TEST_F(PopulationShardsMpi, CaseFindingRefusesNhsNumbersInAnyShard) {
  // 9434765919 is a valid NHS number (check digit 9): in one person's row only.
  std::ofstream(t_.dir() + "/persons.csv", std::ios::app)
      << "9434765919,1,1950,1,E01000001,P001,A,2016-01-01,,,\n";
  std::string dir = Partition(3);
  CliRun r = Shell(
      Mpirun(3) + Bin() + " population case-finding --person-level --no-cache --shards " + dir,
      t_.dir());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("1 person_id value looks like NHS numbers"), std::string::npos) << r.err;
}

TEST_F(PopulationShardsMpi, AMissingShardStopsEveryProcessWithNoOutput) {
  std::string dir = Partition(3);
  fs::remove_all(ShardDir(dir, 1));
  CliRun r = Sharded(3, dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("shard-0001"), std::string::npos) << r.err;
}

TEST_F(PopulationShardsMpi, ACorruptShardStopsEveryProcessNamingFileAndLine) {
  std::string dir = Partition(2);
  std::ofstream(ShardDir(dir, 1) + "/persons.csv", std::ios::app)
      << "BAD,7,1950,1,E01000001,P001,A,2016-01-01,,,\n";
  CliRun r = Sharded(2, dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("shard-0001/persons.csv:"), std::string::npos) << r.err;
}

TEST_F(PopulationShardsMpi, ProcessesMustMatchShards) {
  CliRun r = Sharded(2, Partition(3));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("mpirun -np 3"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace barometer::population
