// What the server keeps in memory between requests (sessions, period states,
// the last load, kept pages) is forgotten as soon as the store changes: by
// this server's own writes, or by another connection or process (the CLI's
// `users disable`, `period lock`, an ingest). Each test warms the memory with
// a request, changes the store from outside, and expects the next request to
// see the change.
#include <sqlite3.h>

#include <string>

#include <gtest/gtest.h>

#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class MemoTest : public ServerTest {
 protected:
  // Another connection to the store, as another process would have.
  measures::Store Other() {
    auto other = measures::Store::Open(path_, measures::Store::kMustExist);
    EXPECT_TRUE(other.ok()) << other.status().message();
    return std::move(*other);
  }

  static void Exec(measures::Store& store, const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(store.connection(), sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
  }

  static std::string Token(const Browser& b) {
    return b.cookie.substr(std::string("barometer_session=").size());
  }

  // Twice: the second answer comes from what the server kept.
  void Warm(const Browser& b, const std::string& path) {
    ASSERT_EQ(Get(b, path)->status, 200);
    ASSERT_EQ(Get(b, path)->status, 200);
  }
};

TEST_F(MemoTest, AUserDisabledByAnotherProcessIsRefusedAtTheNextRequest) {
  Browser board = SignIn("board");
  Warm(board, "/");
  Warm(board, "/measure/falls");
  measures::Store other = Other();
  Accounts accounts(other, HashCost::kMinimal);
  ASSERT_TRUE(accounts.Disable("board", "2024-01-01T00:00:00Z").ok());
  EXPECT_EQ(Get(board, "/")->status, 401);
  EXPECT_EQ(Get(board, "/measure/falls")->status, 401);
  EXPECT_EQ(Get(board, "/api/summary")->status, 401);
}

TEST_F(MemoTest, ASessionEndedByAnotherConnectionIsRefusedAtTheNextRequest) {
  Browser board = SignIn("board");
  Browser analyst = SignIn("analyst");
  Warm(board, "/");
  Warm(analyst, "/");
  measures::Store other = Other();
  Accounts accounts(other, HashCost::kMinimal);
  ASSERT_TRUE(accounts.EndSession(Token(board)).ok());
  EXPECT_EQ(Get(board, "/")->status, 401);
  // Only that session: the other user's goes on.
  EXPECT_EQ(Get(analyst, "/")->status, 200);
}

TEST_F(MemoTest, APasswordResetByAnotherProcessEndsTheSessionsAtOnce) {
  Browser owner = SignIn("owner_nurse");
  Warm(owner, "/my-updates");
  measures::Store other = Other();
  Accounts accounts(other, HashCost::kMinimal);
  ASSERT_TRUE(
      accounts.SetPassword("owner_nurse", "another long password", "2024-01-01T00:00:00Z").ok());
  EXPECT_EQ(Get(owner, "/my-updates")->status, 401);
}

TEST_F(MemoTest, ARoleChangedByAnotherProcessIsSeenAtTheNextRequest) {
  Browser owner = SignIn("owner_nurse");
  Warm(owner, "/my-updates");
  Warm(owner, "/");
  EXPECT_EQ(Get(owner, "/completion")->status, 403);
  measures::Store other = Other();
  Exec(other,
       "UPDATE user_roles SET role = 'board', scope = '' WHERE user_id = "
       "(SELECT user_id FROM users WHERE name = 'owner_nurse')");
  EXPECT_EQ(Get(owner, "/my-updates")->status, 403);
  EXPECT_EQ(Get(owner, "/completion")->status, 200);
  // The kept summary page named the old role; the new one is shown.
  auto page = Get(owner, "/");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "owner_nurse (board)")) << page->body;
}

TEST_F(MemoTest, APeriodLockedByAnotherProcessIsSeenAtTheNextRequest) {
  Browser board = SignIn("board");
  const std::string path = "/?period=2023-24%20Q3";
  Warm(board, path);
  EXPECT_TRUE(Has(Get(board, path)->body, "2023-24 Q3: open"));
  measures::Store other = Other();
  auto last = other.LastLoadId();
  ASSERT_TRUE(last.ok());
  measures::PeriodState lock;
  lock.period = *Period::Parse(kPeriod);
  lock.state = measures::RecordState::kLocked;
  lock.changed_at = "2024-01-16T00:00:00Z";
  lock.changed_by = "cli";
  lock.lock_load_id = *last;
  lock.lock_today = Date{2024, 1, 15};
  ASSERT_TRUE(other.PutPeriodState(lock).ok());
  std::string after = Get(board, path)->body;
  EXPECT_TRUE(Has(after, "2023-24 Q3: locked")) << after;
}

TEST_F(MemoTest, AnExpiredSessionIsRefusedThoughItWasKept) {
  Browser board = SignIn("board");
  Warm(board, "/");
  now_ += 8 * 3600 + 1;  // the default session lifetime, and a second
  EXPECT_EQ(Get(board, "/")->status, 401);
}

TEST_F(MemoTest, ASessionStartedByAnotherProcessIsAccepted) {
  Browser board = SignIn("board");
  Warm(board, "/");  // the memory holds board's session, not the next one
  measures::Store other = Other();
  Accounts accounts(other, HashCost::kMinimal);
  auto user = accounts.Find("analyst");
  ASSERT_TRUE(user.ok() && *user);
  auto session = accounts.CreateSession((*user)->id, now_.load(), 3600);
  ASSERT_TRUE(session.ok());
  Browser analyst{"barometer_session=" + session->token, ""};
  EXPECT_EQ(Get(analyst, "/completion")->status, 200);
  EXPECT_EQ(Get(board, "/completion")->status, 200);
}

TEST_F(MemoTest, AKeptPageIsGivenOnlyToItsOwnSessionAndEncoding) {
  Browser board = SignIn("board");
  Browser analyst = SignIn("analyst");
  Warm(board, "/");
  Warm(analyst, "/");
  for (int i = 0; i < 2; ++i) {
    std::string b = Get(board, "/")->body, a = Get(analyst, "/")->body;
    EXPECT_TRUE(Has(b, "board (board)"));
    EXPECT_FALSE(Has(b, "analyst (analyst)"));
    EXPECT_TRUE(Has(a, "analyst (analyst)"));
    EXPECT_FALSE(Has(a, "board (board)"));
    EXPECT_EQ(CsrfOf(b), board.csrf);
    EXPECT_EQ(CsrfOf(a), analyst.csrf);
  }
  // Kept gzipped for one request, sent plain to the next that does not ask.
  httplib::Headers gzip = CookieHeaders(board);
  gzip.emplace("Accept-Encoding", "gzip");
  client_->set_decompress(false);
  for (int i = 0; i < 2; ++i) {
    auto z = client_->Get("/", gzip);
    ASSERT_EQ(z->status, 200);
    EXPECT_EQ(z->get_header_value("Content-Encoding"), "gzip");
    auto plain = Get(board, "/");
    EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
    EXPECT_TRUE(Has(plain->body, "board (board)"));
  }
  // Another page, or the same with another query, is not the kept one.
  EXPECT_FALSE(Has(Get(board, "/measure/falls")->body, "Making Data Count summary"));
  EXPECT_TRUE(Has(Get(board, "/?committee=people")->body, "Staff turnover"));
  EXPECT_FALSE(Has(Get(board, "/?committee=people")->body, "Inpatient falls"));
}

}  // namespace
}  // namespace barometer::server::testing
