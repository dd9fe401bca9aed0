// Every command as a hostile tester runs it: a failed standard output is
// exit 3 (/dev/full), outputs never replace a device, FIFO, symlink or an
// input of the command, a failed PDF run keeps the previous PDF, one exit
// code per problem (a missing store is 3 from every command), and CSV
// outputs carry no cell a spreadsheet would run as a formula.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const std::string kExamples = std::string(BAROMETER_SOURCE_DIR) + "/examples/";
const std::string kStrategy = kExamples + "our-future-together/strategy.toml";

struct CmdResult {
  int rc = -1;
  std::string out;  // stderr (and stdout unless redirected in `args`)
};

// Runs the binary with `redirect` appended to the shell command.
CmdResult Run(const std::string& args, const char* redirect) {
  CmdResult r;
  std::string cmd = std::string(BAROMETER_BINARY) + " " + args + redirect;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  int status = ::pclose(f);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

CmdResult Barometer(const std::string& args) { return Run(args, " 2>&1"); }

// Runs with standard output on /dev/full (stderr still captured).
CmdResult RunToFullDisk(const std::string& args) { return Run(args, " 2>&1 >/dev/full"); }

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FileSafetyCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("barometer-file-safety-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    std::string d = dir_->string();
    ASSERT_EQ(
        Barometer("synth measures --strategy " + kStrategy + " --seed 1 --out " + d + "/data").rc,
        0);
    ASSERT_EQ(Barometer("ingest --db " + d + "/m.db --strategy " + kStrategy + " " + d +
                        "/data/values.csv")
                  .rc,
              0);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string D() { return dir_->string(); }
  static std::string Common() { return "--strategy " + kStrategy + " --db " + D() + "/m.db"; }
  static fs::path* dir_;
};
fs::path* FileSafetyCli::dir_ = nullptr;

TEST_F(FileSafetyCli, AFailedStandardOutputIsExit3ForEveryCommand) {
  std::string values = D() + "/monthly.csv";
  {
    std::ofstream f(values);
    f << "period,value\n";
    for (int m = 1; m <= 12; ++m) f << "2023-" << (m < 10 ? "0" : "") << m << "," << m % 5 << "\n";
  }
  for (const std::string& args : {
           "validate " + kStrategy,
           "show " + kStrategy,
           "evaluate " + Common(),
           "spc " + values + " --value value --date period",
           "diff " + kStrategy + " " + kStrategy,
       }) {
    CmdResult r = RunToFullDisk(args);
    EXPECT_EQ(r.rc, 3) << args << "\n" << r.out;
    EXPECT_NE(r.out.find("cannot write standard output"), std::string::npos) << args << r.out;
  }
}

TEST_F(FileSafetyCli, OutputsNeverReplaceDevicesFifosSymlinksOrInputs) {
  struct stat before {};
  ASSERT_EQ(::stat("/dev/null", &before), 0);
  CmdResult r = Barometer("report board " + Common() + " --out /dev/null --format html");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("is a device; refusing"), std::string::npos) << r.out;
  struct stat after {};
  ASSERT_EQ(::stat("/dev/null", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(before.st_ino, after.st_ino);

  std::string fifo = D() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(Barometer("report board " + Common() + " --out " + fifo + " --format html").rc, 1);
  EXPECT_TRUE(fs::is_fifo(fifo));

  std::string target = D() + "/target.txt";
  { std::ofstream(target) << "keep"; }
  fs::create_symlink(target, D() + "/link.html");
  EXPECT_EQ(Barometer("report board " + Common() + " --out " + D() + "/link.html").rc, 1);
  EXPECT_EQ(Slurp(target), "keep");

  // The command's own input, by its name or another.
  std::string copy = D() + "/strategy.toml";
  fs::copy_file(kStrategy, copy, fs::copy_options::overwrite_existing);
  std::string text = Slurp(copy);
  r = Barometer("report board --strategy " + copy + " --db " + D() + "/m.db --out " + copy +
                " --format html");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("is an input of this command"), std::string::npos) << r.out;
  EXPECT_EQ(Slurp(copy), text);
  std::string values = D() + "/data/values.csv";
  std::string csv = Slurp(values);
  r = Barometer("spc " + values + " --value value --date period --facet measure_id --output " +
                values);
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_EQ(Slurp(values), csv);

  // A population output over one of the extract's own files.
  std::string extract = D() + "/extract";
  ASSERT_EQ(Barometer("synth population --people 10000 --seed 3 --out " + extract).rc, 0);
  std::string persons = Slurp(extract + "/persons.csv");
  r = Barometer("population indicators --extract " + extract + " --period 2020-2022 -o " + extract +
                "/persons.csv");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find("is an input of this command"), std::string::npos) << r.out;
  EXPECT_EQ(Slurp(extract + "/persons.csv"), persons);
}

TEST_F(FileSafetyCli, AFailedPdfRunKeepsThePreviousPdf) {
  std::string pdf = D() + "/board.pdf";
  { std::ofstream(pdf) << "%PDF-previous"; }
  // A browser that fails at once.
  std::string fake = D() + "/fake-chromium";
  { std::ofstream(fake) << "#!/bin/sh\nexit 7\n"; }
  fs::permissions(fake, fs::perms::owner_all);
  std::string cmd = "BAROMETER_CHROMIUM=" + fake + " ";
  CmdResult failed;
  {
    std::string full =
        cmd + BAROMETER_BINARY + " report board " + Common() + " --out " + pdf + " 2>&1";
    FILE* f = ::popen(full.c_str(), "r");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) failed.out.append(buf, n);
    int status = ::pclose(f);
    failed.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  EXPECT_EQ(failed.rc, 3) << failed.out;
  EXPECT_EQ(Slurp(pdf), "%PDF-previous");
  // Nothing left beside it.
  for (const auto& e : fs::directory_iterator(*dir_))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST_F(FileSafetyCli, AMissingStoreIsExit3FromEveryCommand) {
  std::string none = "--strategy " + kStrategy + " --db " + D() + "/none.db";
  for (const std::string& args :
       {"evaluate " + none, "report board " + none + " --out " + D() + "/x.html"}) {
    CmdResult r = Barometer(args);
    EXPECT_EQ(r.rc, 3) << args << "\n" << r.out;
  }
  EXPECT_FALSE(fs::exists(D() + "/none.db"));
}

TEST_F(FileSafetyCli, CsvOutputsCarryNoFormula) {
  // A measure name and commentary that a spreadsheet would run.
  std::string toml = Slurp(kStrategy);
  std::string hostile = D() + "/hostile.toml";
  size_t at = toml.find("name = \"", toml.find("[[measures]]"));
  ASSERT_NE(at, std::string::npos);
  toml.insert(at + 8, "=HYPERLINK(\\\"http://x\\\") ");
  { std::ofstream(hostile) << toml; }
  std::string out = D() + "/csv";
  CmdResult r = Barometer("report board --strategy " + hostile + " --db " + D() + "/m.db --out " +
                          out + " --format csv");
  ASSERT_EQ(r.rc, 0) << r.out;
  bool seen = false;
  for (const auto& e : fs::directory_iterator(out)) {
    std::string csv = Slurp(e.path());
    EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << e.path();
    EXPECT_EQ(csv.find("\"=HYPERLINK"), std::string::npos) << e.path();
    EXPECT_EQ(csv.find("\n=HYPERLINK"), std::string::npos) << e.path();
    seen = seen || csv.find("HYPERLINK") != std::string::npos;
  }
  if (seen) SUCCEED() << "the hostile name reached a CSV, neutralised";
}

TEST_F(FileSafetyCli, ARiskFileErrorNamesTheRiskFileAndItsOwnLine) {
  std::string risks = D() + "/risks.toml";
  {
    std::ofstream(risks) << "[[risks]]\nid = \"BAF1\"\ntitle = \"A risk\"\n"
                            "objectives = [\"no_such_objective\"]\n"
                            "current = { likelihood = 9, consequence = 2 }\n";
  }
  CmdResult r =
      Barometer("report baf " + Common() + " --risks " + risks + " --out " + D() + "/b.html");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.out.find(risks + ":4:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" + "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(kStrategy + ":3"), std::string::npos) << r.out;
}

}  // namespace
