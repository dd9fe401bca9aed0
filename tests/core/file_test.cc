// The file seam: atomic replacement, refusal to replace anything but a
// regular file or to write over an input, nothing left behind on failure
// (a full disk injected), and standard-output errors reported.
#include "core/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace barometer {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("barometer-file-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    testing::FailWritesAfter(std::nullopt);
    fs::remove_all(dir_);
  }
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  // Names in the directory, sorted.
  std::vector<std::string> Listing() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

std::string Slurp(const std::string& p) {
  auto r = ReadFile(p);
  return r.ok() ? *r : "<" + r.status().ToString() + ">";
}

TEST_F(FileTest, WritesAndReplacesARegularFile) {
  ASSERT_TRUE(WriteFileAtomic(P("a.txt"), "one").ok());
  EXPECT_EQ(Slurp(P("a.txt")), "one");
  ASSERT_TRUE(WriteFileAtomic(P("a.txt"), "two").ok());
  EXPECT_EQ(Slurp(P("a.txt")), "two");
  EXPECT_EQ(Listing(), std::vector<std::string>{"a.txt"});
}

TEST_F(FileTest, TheModeIsApplied) {
  ASSERT_TRUE(WriteFileAtomic(P("p.csv"), "x", {.inputs = {}, .mode = 0600}).ok());
  EXPECT_EQ(fs::status(P("p.csv")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(FileTest, RefusesDevicesFifosSymlinksAndDirectories) {
  // A device: /dev/null must never be renamed over (as root it would go).
  Status dev = WriteFileAtomic("/dev/null", "x");
  EXPECT_EQ(dev.code(), StatusCode::kInvalidInput);
  EXPECT_NE(dev.message().find("a device"), std::string::npos) << dev.message();
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));

  ASSERT_EQ(::mkfifo(P("fifo").c_str(), 0600), 0);
  EXPECT_EQ(WriteFileAtomic(P("fifo"), "x").code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(fs::is_fifo(P("fifo")));

  { std::ofstream(P("real.txt")) << "keep"; }
  fs::create_symlink(P("real.txt"), P("link.txt"));
  Status link = WriteFileAtomic(P("link.txt"), "x");
  EXPECT_EQ(link.code(), StatusCode::kInvalidInput);
  EXPECT_NE(link.message().find("symbolic link"), std::string::npos);
  EXPECT_TRUE(fs::is_symlink(P("link.txt")));
  EXPECT_EQ(Slurp(P("real.txt")), "keep");

  fs::create_directory(P("d"));
  EXPECT_EQ(WriteFileAtomic(P("d"), "x").code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(fs::is_directory(P("d")));
  EXPECT_EQ(Listing(), (std::vector<std::string>{"d", "fifo", "link.txt", "real.txt"}));
}

TEST_F(FileTest, RefusesToWriteOverAnInputByAnyName) {
  { std::ofstream(P("in.csv")) << "data"; }
  fs::create_hard_link(P("in.csv"), P("alias.csv"));
  OutputOptions o{.inputs = {P("in.csv")}, .mode = 0644};
  Status s = WriteFileAtomic(P("in.csv"), "x", o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("is an input of this command"), std::string::npos);
  EXPECT_EQ(WriteFileAtomic(P("alias.csv"), "x", o).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(WriteFileAtomic(dir_.string() + "/./in.csv", "x", o).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(Slurp(P("in.csv")), "data");
}

TEST_F(FileTest, AFullDiskLeavesThePreviousOutputAndNoDebris) {
  ASSERT_TRUE(WriteFileAtomic(P("out.html"), "previous").ok());
  for (size_t after : {0u, 1u, 5000u}) {
    testing::FailWritesAfter(after);
    Status s = WriteFileAtomic(P("out.html"), std::string(100000, 'x'));
    testing::FailWritesAfter(std::nullopt);
    EXPECT_EQ(s.code(), StatusCode::kIo) << after;
    EXPECT_NE(s.message().find("No space left on device"), std::string::npos) << s.message();
    EXPECT_EQ(Slurp(P("out.html")), "previous");
    EXPECT_EQ(Listing(), std::vector<std::string>{"out.html"});
  }
}

TEST_F(FileTest, InstallCopiesAtomicallyAndKeepsThePreviousOnFailure) {
  { std::ofstream(P("made.pdf")) << "%PDF new"; }
  ASSERT_TRUE(WriteFileAtomic(P("board.pdf"), "%PDF old").ok());
  testing::FailWritesAfter(3);
  EXPECT_FALSE(InstallFile(P("made.pdf"), P("board.pdf")).ok());
  testing::FailWritesAfter(std::nullopt);
  EXPECT_EQ(Slurp(P("board.pdf")), "%PDF old");
  ASSERT_TRUE(InstallFile(P("made.pdf"), P("board.pdf")).ok());
  EXPECT_EQ(Slurp(P("board.pdf")), "%PDF new");
  EXPECT_EQ(Listing(), (std::vector<std::string>{"board.pdf", "made.pdf"}));
}

TEST_F(FileTest, ReadFileTellsMissingFromUnreadable) {
  EXPECT_EQ(ReadFile(P("nope")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ReadFile(dir_.string()).status().code(), StatusCode::kInvalidInput);
}

TEST_F(FileTest, AFullDiskOnARealSmallFilesystem) {
  // A 64 KiB tmpfs, where the system itself says ENOSPC; needs root and
  // permission to mount, so it is skipped elsewhere.
  fs::create_directory(P("small"));
  std::string cmd = "mount -t tmpfs -o size=64k tmpfs '" + P("small") + "' 2>/dev/null";
  if (::geteuid() != 0 || std::system(cmd.c_str()) != 0) GTEST_SKIP() << "cannot mount a tmpfs";
  std::string target = P("small") + "/out.csv";
  ASSERT_TRUE(WriteFileAtomic(target, "previous").ok());
  Status s = WriteFileAtomic(target, std::string(1 << 20, 'x'));
  EXPECT_EQ(s.code(), StatusCode::kIo);
  EXPECT_EQ(Slurp(target), "previous");
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(P("small"))) n += e.path() != target;
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(std::system(("umount '" + P("small") + "'").c_str()), 0);
}

}  // namespace
}  // namespace barometer
