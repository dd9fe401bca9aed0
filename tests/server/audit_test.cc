// The audit log's hash chain: `audit verify` finds an entry edited, deleted
// or moved, even when the append-only triggers were removed first.
#include <sqlite3.h>

#include <string>

#include <gtest/gtest.h>

#include "measures/store.h"
#include "server/accounts.h"
#include "server/audit.h"

namespace barometer::server {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    auto s = measures::Store::OpenInMemory();
    ASSERT_TRUE(s.ok());
    store_ = std::make_unique<measures::Store>(std::move(*s));
    for (int i = 1; i <= 5; ++i) {
      AuditEntry e;
      e.at = "2024-01-0" + std::to_string(i) + "T10:00:00Z";
      e.user = "jo";
      e.role = "owner:chief_nurse";
      e.action = "update";
      e.object = "measure:falls";
      e.period = "2023-24 Q3";
      e.field = "revision";
      e.before = std::to_string(i - 1);
      e.after = std::to_string(i);
      e.address = "127.0.0.1";
      ASSERT_TRUE(AppendAudit(*store_, e).ok());
    }
  }
  void Sql(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(store_->connection(), sql.c_str(), nullptr, nullptr, &err);
    ASSERT_EQ(rc, SQLITE_OK) << (err ? err : "");
  }
  void DropTriggers() {
    Sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  }
  AuditVerification Verify() {
    auto v = VerifyAudit(*store_);
    EXPECT_TRUE(v.ok());
    return *v;
  }
  std::unique_ptr<measures::Store> store_;
};

TEST_F(AuditTest, AnIntactChainVerifies) {
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.entries, 5);
  auto all = ReadAudit(*store_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(v.head_hash, all->back().hash);
  EXPECT_EQ((*all)[0].prev_hash, kAuditGenesis);
  EXPECT_EQ((*all)[1].prev_hash, (*all)[0].hash);
}

TEST_F(AuditTest, TheTriggersRefuseUpdateAndDelete) {
  char* err = nullptr;
  EXPECT_NE(sqlite3_exec(store_->connection(), "UPDATE audit_log SET user_name = 'x'", nullptr,
                         nullptr, &err),
            SQLITE_OK);
  sqlite3_free(err);
  EXPECT_NE(sqlite3_exec(store_->connection(), "DELETE FROM audit_log WHERE seq = 2", nullptr,
                         nullptr, &err),
            SQLITE_OK);
  sqlite3_free(err);
  EXPECT_TRUE(Verify().ok());
}

TEST_F(AuditTest, AnEditedEntryIsFound) {
  DropTriggers();
  Sql("UPDATE audit_log SET after = '99' WHERE seq = 3");
  AuditVerification v = Verify();
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_NE(v.problems[0].find("entry 3"), std::string::npos);
  EXPECT_NE(v.problems[0].find("edited"), std::string::npos);
}

TEST_F(AuditTest, AnEditedEntryWithItsHashRecomputedBreaksTheNextLink) {
  DropTriggers();
  auto all = ReadAudit(*store_);
  AuditEntry e = (*all)[2];
  e.user = "someone else";
  std::string hash = AuditHash(e);
  Sql("UPDATE audit_log SET user_name = 'someone else', hash = '" + hash + "' WHERE seq = 3");
  AuditVerification v = Verify();
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_NE(v.problems[0].find("entry 4: does not follow"), std::string::npos);
}

TEST_F(AuditTest, ADeletedEntryIsFound) {
  DropTriggers();
  Sql("DELETE FROM audit_log WHERE seq = 2");
  AuditVerification v = Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.problems[0].find("entry 3: expected entry 2 here"), std::string::npos);
}

TEST_F(AuditTest, ReorderedEntriesAreFound) {
  DropTriggers();
  Sql("UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 4;"
      "UPDATE audit_log SET seq = 4 WHERE seq = 100;");
  AuditVerification v = Verify();
  ASSERT_FALSE(v.ok());
  bool edited = false, link = false;
  for (const std::string& p : v.problems) {
    edited = edited || p.find("edited") != std::string::npos;
    link = link || p.find("does not follow") != std::string::npos;
  }
  EXPECT_TRUE(edited);
  EXPECT_TRUE(link);
}

TEST_F(AuditTest, CsvExportQuotesAndDefusesFormulas) {
  AuditEntry e;
  e.at = "2024-01-09T10:00:00Z";
  e.user = "=HYPERLINK(\"x\")";
  e.action = "login_failed";
  ASSERT_TRUE(AppendAudit(*store_, e).ok());
  auto all = ReadAudit(*store_);
  std::string csv = AuditCsv(*all);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace barometer::server
