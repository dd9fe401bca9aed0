// End-to-end: `barometer synth population` run as the built binary.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "population_test_util.h"

namespace barometer::synth {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

CommandRun Barometer(const std::string& args, const std::string& dir) {
  std::string out = dir + "/stdout.txt", err = dir + "/stderr.txt";
  std::string cmd = std::string(BAROMETER_BINARY) + " " + args + " >" + out + " 2>" + err;
  int status = std::system(cmd.c_str());
  CommandRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

TEST(SynthPopulationCli, WritesTheFourFilesAndNoTemporaryDirectory) {
  TempDir dir("synth-cli");
  std::string out = dir.path() + "/extract";
  CommandRun r = Barometer("synth population --people 10k --seed 3 --profile deprived-city --out " +
                               out + " --threads 2",
                           dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"persons.csv", "conditions.csv", "activity.csv", "areas.csv"}) {
    EXPECT_TRUE(fs::is_regular_file(out + "/" + f)) << f;
  }
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    ++entries;
  }
  EXPECT_EQ(entries, 3);  // extract, stdout.txt, stderr.txt
  EXPECT_NE(r.out.find("Wrote a synthetic population (deprived-city, seed 3) to " + out),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("people 10,000: births "), std::string::npos) << r.out;
}

TEST(SynthPopulationCli, JsonSummaryCountsWhatWasWritten) {
  TempDir dir("synth-cli-json");
  std::string out = dir.path() + "/extract";
  CommandRun r =
      Barometer("synth population --people 10000 --out " + out + " --format json", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["people"], 10000);
  EXPECT_EQ(j["profile"], "mixed-county");
  EXPECT_EQ(j["seed"], 1);
  ASSERT_EQ(j["files"].size(), 4u);
  for (const auto& f : j["files"]) {
    EXPECT_EQ(f["bytes"].get<uintmax_t>(), fs::file_size(out + "/" + f["name"].get<std::string>()));
  }
}

TEST(SynthPopulationCli, UsageErrorsExitTwoAndWriteNothing) {
  TempDir dir("synth-cli-usage");
  std::string out = dir.path() + "/extract";
  struct Case {
    std::string args, message;
  } cases[] = {
      {"--people 9999 --out " + out,
       "error: --people 9999 is out of range; expected 10000 to 60000000 (10 thousand to 60 "
       "million)\n"},
      {"--people 60000001 --out " + out,
       "error: --people 60000001 is out of range; expected 10000 to 60000000 (10 thousand to 60 "
       "million)\n"},
      {"--people lots --out " + out,
       "error: --people lots is not a whole number (e.g. 200000, 200k or 3M)\n"},
      {"--people 10k --profile city --out " + out,
       "--profile: city not in {deprived-city,mixed-county}"},
      {"--people 10k", "--out is required"},
      {"--people 10k --threads 0 --out " + out, "--threads: Value 0 not in range 1 to 256"},
  };
  for (const Case& c : cases) {
    CommandRun r = Barometer("synth population " + c.args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
}

TEST(SynthPopulationCli, RefusesToOverwriteUnlessForced) {
  TempDir dir("synth-cli-force");
  std::string out = dir.path() + "/extract";
  fs::create_directory(out);
  { std::ofstream(out + "/keep.txt") << "mine"; }
  CommandRun r = Barometer("synth population --people 10k --out " + out, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --out " + out +
                       " already exists and is not empty; choose a new directory or pass --force "
                       "to replace it\n");
  EXPECT_TRUE(fs::exists(out + "/keep.txt"));
  r = Barometer("synth population --people 10k --out " + out + " --force", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(out + "/keep.txt"));
  EXPECT_TRUE(fs::exists(out + "/persons.csv"));
}

// --cache: the extract is validated and its binary cache written, so the
// first population command maps the columns (and says so) instead of
// parsing the CSV; without it there is no cache.
TEST(SynthPopulationCli, CacheWritesTheBinaryCacheThePopulationCommandsLoad) {
  TempDir dir("synth-cli-cache");
  std::string with = dir.path() + "/with", without = dir.path() + "/without";
  CommandRun r =
      Barometer("synth population --people 10k --seed 3 --cache --out " + with, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(with + "/.barometer-cache"));
  EXPECT_NE(r.err.find("cache " + with + "/.barometer-cache"), std::string::npos) << r.err;
  CommandRun check = Barometer("population check --extract " + with, dir.path());
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE((check.out + check.err).find("loaded from the cache"), std::string::npos)
      << check.out << check.err;
  r = Barometer("synth population --people 10k --seed 3 --out " + without, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(without + "/.barometer-cache"));
}

TEST(SynthPopulationCli, HelpNamesEveryOption) {
  TempDir dir("synth-cli-help");
  CommandRun r = Barometer("synth population --help", dir.path());
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--people", "--seed", "--profile", "--out", "--threads", "--force",
                          "--format", "--cache", "Exit codes:"}) {
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  }
}

}  // namespace
}  // namespace barometer::synth
