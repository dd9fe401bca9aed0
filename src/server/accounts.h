// server/accounts.h — users, their roles, sessions and login failures, kept
// in the store's own tables (schema version 3, docs/store.md). Passwords are
// hashed with argon2id (libsodium crypto_pwhash_str); a session is a random
// 256-bit token given to the browser and stored only as its SHA-256, with its
// own CSRF token.
//
//   Accounts acc(store);
//   auto id = acc.AddUser("jo", password, {{Role::kOwner, "chief_nurse"}}, NowUtc());
//   auto user = acc.CheckPassword("jo", password);   // kInvalidInput when wrong
//   auto session = acc.CreateSession(user->id, now_seconds, 8 * 3600);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "measures/store.h"
#include "server/access.h"

namespace barometer::server {

// libsodium's start-up; call once before anything here (safe to repeat).
Status InitCrypto();

// Hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// 32 random bytes as 64 hex digits.
std::string RandomToken();
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// argon2id cost. kInteractive is libsodium's interactive limits (64 MiB);
// kMinimal is for tests only (fast, weak).
enum class HashCost { kInteractive, kMinimal };

// A password is 12 to 1024 bytes; the reason when not.
std::optional<std::string> PasswordProblem(std::string_view password);

struct UserInfo {
  int64_t id = 0;
  std::string name;
  bool disabled = false;
  std::string created_at;
  std::vector<Grant> grants;
  Principal AsPrincipal() const { return {id, name, grants}; }
};

struct Session {
  std::string token;  // given to the browser; only its hash is stored
  std::string csrf;
  int64_t user_id = 0;
};

class Accounts {
 public:
  explicit Accounts(measures::Store& store, HashCost cost = HashCost::kInteractive)
      : store_(store), cost_(cost) {}

  // Errors: kInvalidInput (name taken, bad name, weak password, a role
  // without its scope), kIo.
  Result<int64_t> AddUser(std::string_view name, std::string_view password,
                          const std::vector<Grant>& grants, std::string_view now);
  Status SetPassword(std::string_view name, std::string_view password, std::string_view now);
  // Disables the account and ends its sessions.
  Status Disable(std::string_view name, std::string_view now);
  Result<std::vector<UserInfo>> List();
  Result<std::optional<UserInfo>> Find(std::string_view name);

  // The user when the name and password match an enabled account; nullopt
  // otherwise (the same answer whatever was wrong).
  Result<std::optional<UserInfo>> CheckPassword(std::string_view name, std::string_view password);

  // Failed logins for `name` or from `address` since `since` (seconds).
  Result<int> RecentFailures(std::string_view name, std::string_view address, int64_t since);
  Status RecordFailure(std::string_view name, std::string_view address, int64_t at);

  Result<Session> CreateSession(int64_t user_id, int64_t now, int64_t ttl_seconds);
  // The session's user and CSRF token; nullopt for an unknown, expired or
  // ended session, or a disabled user.
  struct Found {
    UserInfo user;
    std::string csrf;
    int64_t expires_at = 0;  // seconds
  };
  Result<std::optional<Found>> FindSession(std::string_view token, int64_t now);
  Status EndSession(std::string_view token);

 private:
  Result<std::string> Hash(std::string_view password);
  Result<std::vector<Grant>> GrantsOf(int64_t user_id);

  measures::Store& store_;
  HashCost cost_;
};

}  // namespace barometer::server
