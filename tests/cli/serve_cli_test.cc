// End-to-end tests of `barometer serve` start-up checks, `barometer users`
// and `barometer audit verify`: the built binary (BAROMETER_BINARY) as a
// user runs it. The server itself is tested in-process in tests/server.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace barometer {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("serve_cli_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    strategy_ = std::string(BAROMETER_SOURCE_DIR) + "/examples/board-paper-2023-24/strategy.toml";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `barometer <args>` in the test's directory with `input` on stdin.
  Outcome Run(const std::string& args, const std::string& input = "") {
    std::ofstream(dir_ / "stdin") << input;
    std::string cmd = "cd '" + dir_.string() + "' && '" + BAROMETER_BINARY + "' " + args +
                      " < stdin > stdout 2> stderr";
    int status = std::system(cmd.c_str());
    Outcome o;
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = Slurp(dir_ / "stdout");
    o.err = Slurp(dir_ / "stderr");
    return o;
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string strategy_;
};

TEST_F(ServeCliTest, ServeRefusesToStartOnStrategyOrStoreErrors) {
  std::ofstream(dir_ / "bad.toml") << "format = 1\n[organisation]\nname = 3\n";
  Outcome bad = Run("serve --strategy bad.toml --db t.db");
  EXPECT_EQ(bad.code, 1) << bad.err;
  EXPECT_NE(bad.err.find("barometer serve: bad.toml has errors"), std::string::npos) << bad.err;
  Outcome missing = Run("serve --strategy '" + strategy_ + "' --db missing.db");
  EXPECT_EQ(missing.code, 3) << missing.err;
  EXPECT_NE(missing.err.find("missing.db"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));
  Outcome listen = Run("serve --strategy '" + strategy_ + "' --db t.db --listen nonsense");
  EXPECT_EQ(listen.code, 2);
  EXPECT_NE(listen.err.find("expected address:port"), std::string::npos) << listen.err;
}

TEST_F(ServeCliTest, UsersTakePasswordsFromStdinOrAFileOnly) {
  Outcome add =
      Run("users add jo --role owner:director_strategic_partnerships --role board "
          "--strategy '" +
              strategy_ + "' --db t.db",
          "a long enough password\n");
  EXPECT_EQ(add.code, 0) << add.err;
  EXPECT_EQ(Run("users add pat --role board --db t.db --password 'a long enough password'").code,
            2);
  Outcome weak = Run("users add pat --role board --db t.db", "short\n");
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.err.find("at least 12 characters"), std::string::npos);
  Outcome scope =
      Run("users add pat --role committee_chair:nowhere --strategy '" + strategy_ + "' --db t.db",
          "a long enough password\n");
  EXPECT_EQ(scope.code, 1);
  EXPECT_NE(scope.err.find("`nowhere` is not a committee"), std::string::npos) << scope.err;
  std::ofstream(dir_ / "pw") << "another long password\n";
  EXPECT_EQ(Run("users add sam --role analyst --password-file pw --db t.db").code, 0);
  EXPECT_EQ(Run("users disable sam --db t.db").code, 0);
  Outcome list = Run("users list --format json --db t.db");
  ASSERT_EQ(list.code, 0);
  auto j = nlohmann::json::parse(list.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["name"], "jo");
  EXPECT_EQ(j[0]["roles"].size(), 2u);
  EXPECT_EQ(j[1]["name"], "sam");
  EXPECT_EQ(j[1]["disabled"], true);
  // No password, nor anything derived from it in clear, in the store's text.
  EXPECT_EQ(Slurp(dir_ / "t.db").find("a long enough password"), std::string::npos);
}

TEST_F(ServeCliTest, AuditVerifyFindsAnEditedEntry) {
  ASSERT_EQ(Run("users add jo --role board --db t.db", "a long enough password\n").code, 0);
  ASSERT_EQ(Run("users add al --role admin --db t.db", "a long enough password\n").code, 0);
  Outcome ok = Run("audit verify --db t.db");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("2 entries, the chain verifies"), std::string::npos) << ok.out;
  Sql("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = 'admin' WHERE seq = 1;");
  Outcome bad = Run("audit verify --db t.db --format json");
  EXPECT_EQ(bad.code, 1);
  auto j = nlohmann::json::parse(bad.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_NE(j["problems"][0].get<std::string>().find("entry 1"), std::string::npos);
}

}  // namespace
}  // namespace barometer
