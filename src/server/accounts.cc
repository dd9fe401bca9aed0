// server/accounts.cc — users, roles, sessions, login failures (accounts.h).
#include "server/accounts.h"

#include <sodium.h>

#include "server/internal/db.h"

namespace barometer::server {

using internal::Stmt;

namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::optional<std::string> NameProblem(std::string_view name) {
  if (name.empty() || name.size() > 64) return "a user name is 1 to 64 characters";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '@';
    if (!ok) return "a user name holds only letters, digits, '.', '_', '-' and '@'";
  }
  return std::nullopt;
}

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Status::Internal("libsodium could not start");
  return Status::Ok();
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(out, sizeof out);
}

std::string RandomToken() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return Hex(buf, sizeof buf);
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::string> PasswordProblem(std::string_view password) {
  if (password.size() < 12) return "a password needs at least 12 characters";
  if (password.size() > 1024) return "a password is at most 1024 characters";
  return std::nullopt;
}

Result<std::string> Accounts::Hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops = cost_ == HashCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                           : crypto_pwhash_OPSLIMIT_MIN;
  size_t mem = cost_ == HashCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                               : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Io("not enough memory to hash the password");
  }
  return std::string(out);
}

Result<int64_t> Accounts::AddUser(std::string_view name, std::string_view password,
                                  const std::vector<Grant>& grants, std::string_view now) {
  if (auto p = NameProblem(name)) return Status::InvalidInput(*p);
  if (auto p = PasswordProblem(password)) return Status::InvalidInput(*p);
  if (grants.empty()) return Status::InvalidInput("a user needs at least one role");
  for (const Grant& g : grants) {
    if (RoleTakesScope(g.role) && g.scope.empty()) {
      return Status::InvalidInput(std::string("role ") + std::string(RoleName(g.role)) +
                                  " needs a scope: " +
                                  (g.role == Role::kOwner || g.role == Role::kDelegate
                                       ? "a role id of the strategy, e.g. owner:chief_nurse"
                                       : "a committee id, e.g. committee_chair:quality"));
    }
    if (!RoleTakesScope(g.role) && !g.scope.empty()) {
      return Status::InvalidInput(std::string("role ") + std::string(RoleName(g.role)) +
                                  " takes no scope");
    }
  }
  auto existing = Find(name);
  if (!existing.ok()) return existing.status();
  if (*existing) return Status::InvalidInput("user `" + std::string(name) + "` already exists");
  auto hash = Hash(password);
  if (!hash.ok()) return hash.status();
  measures::Transaction tx(store_);
  if (Status s = tx.Begin(); !s.ok()) return s;
  sqlite3* db = store_.connection();
  Stmt ins(db,
           "INSERT INTO users (name, password_hash, disabled, created_at, changed_at) "
           "VALUES (?, ?, 0, ?, ?)");
  if (Status s = ins.Bind(1, name).Bind(2, *hash).Bind(3, now).Bind(4, now).Run(); !s.ok()) {
    return s;
  }
  int64_t id = sqlite3_last_insert_rowid(db);
  for (const Grant& g : grants) {
    Stmt role(db, "INSERT OR IGNORE INTO user_roles (user_id, role, scope) VALUES (?, ?, ?)");
    if (Status s = role.Bind(1, id).Bind(2, RoleName(g.role)).Bind(3, g.scope).Run(); !s.ok()) {
      return s;
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return id;
}

Status Accounts::SetPassword(std::string_view name, std::string_view password,
                             std::string_view now) {
  if (auto p = PasswordProblem(password)) return Status::InvalidInput(*p);
  auto user = Find(name);
  if (!user.ok()) return user.status();
  if (!*user) return Status::InvalidInput("no user `" + std::string(name) + "`");
  auto hash = Hash(password);
  if (!hash.ok()) return hash.status();
  measures::Transaction tx(store_);
  if (Status s = tx.Begin(); !s.ok()) return s;
  Stmt up(store_.connection(), "UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?");
  if (Status s = up.Bind(1, *hash).Bind(2, now).Bind(3, name).Run(); !s.ok()) return s;
  // A new password ends every session of the old one.
  Stmt end(store_.connection(), "DELETE FROM sessions WHERE user_id = ?");
  if (Status s = end.Bind(1, (*user)->id).Run(); !s.ok()) return s;
  return tx.Commit();
}

Status Accounts::Disable(std::string_view name, std::string_view now) {
  auto user = Find(name);
  if (!user.ok()) return user.status();
  if (!*user) return Status::InvalidInput("no user `" + std::string(name) + "`");
  measures::Transaction tx(store_);
  if (Status s = tx.Begin(); !s.ok()) return s;
  Stmt up(store_.connection(), "UPDATE users SET disabled = 1, changed_at = ? WHERE name = ?");
  if (Status s = up.Bind(1, now).Bind(2, name).Run(); !s.ok()) return s;
  Stmt end(store_.connection(), "DELETE FROM sessions WHERE user_id = ?");
  if (Status s = end.Bind(1, (*user)->id).Run(); !s.ok()) return s;
  return tx.Commit();
}

Result<std::vector<Grant>> Accounts::GrantsOf(int64_t user_id) {
  Stmt q(store_.connection(),
         "SELECT role, scope FROM user_roles WHERE user_id = ? ORDER BY role, scope");
  q.Bind(1, user_id);
  std::vector<Grant> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (auto r = ParseRole(q.Text(0))) out.push_back({*r, q.Text(1)});
  }
  return out;
}

Result<std::vector<UserInfo>> Accounts::List() {
  Stmt q(store_.connection(),
         "SELECT user_id, name, disabled, created_at FROM users ORDER BY name");
  std::vector<UserInfo> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({q.Int(0), q.Text(1), q.Int(2) != 0, q.Text(3), {}});
  }
  for (UserInfo& u : out) {
    auto g = GrantsOf(u.id);
    if (!g.ok()) return g.status();
    u.grants = std::move(*g);
  }
  return out;
}

Result<std::optional<UserInfo>> Accounts::Find(std::string_view name) {
  Stmt q(store_.connection(),
         "SELECT user_id, name, disabled, created_at FROM users WHERE name = ?");
  q.Bind(1, name);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<UserInfo>();
  UserInfo u{q.Int(0), q.Text(1), q.Int(2) != 0, q.Text(3), {}};
  auto g = GrantsOf(u.id);
  if (!g.ok()) return g.status();
  u.grants = std::move(*g);
  return std::optional<UserInfo>(std::move(u));
}

Result<std::optional<UserInfo>> Accounts::CheckPassword(std::string_view name,
                                                        std::string_view password) {
  Stmt q(store_.connection(), "SELECT password_hash FROM users WHERE name = ? AND disabled = 0");
  q.Bind(1, name);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row || password.size() > 1024) return std::optional<UserInfo>();
  std::string hash = q.Text(0);
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
    return std::optional<UserInfo>();
  }
  return Find(name);
}

Result<int> Accounts::RecentFailures(std::string_view name, std::string_view address,
                                     int64_t since) {
  Stmt q(store_.connection(),
         "SELECT (SELECT count(*) FROM login_failures WHERE name = ?1 AND at >= ?3), "
         "(SELECT count(*) FROM login_failures WHERE address = ?2 AND at >= ?3)");
  q.Bind(1, name).Bind(2, address).Bind(3, since);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  // By name, or five times that from one address (many names tried).
  int64_t by_name = q.Int(0), by_address = q.Int(1) / 5;
  return static_cast<int>(by_name > by_address ? by_name : by_address);
}

Status Accounts::RecordFailure(std::string_view name, std::string_view address, int64_t at) {
  Stmt ins(store_.connection(), "INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)");
  return ins.Bind(1, name.substr(0, 64)).Bind(2, address).Bind(3, at).Run();
}

Result<Session> Accounts::CreateSession(int64_t user_id, int64_t now, int64_t ttl_seconds) {
  Session s{RandomToken(), RandomToken(), user_id};
  Stmt ins(store_.connection(),
           "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
           "VALUES (?, ?, ?, ?, ?)");
  ins.Bind(1, Sha256Hex(s.token)).Bind(2, user_id).Bind(3, s.csrf).Bind(4, now);
  ins.Bind(5, now + ttl_seconds);
  if (Status st = ins.Run(); !st.ok()) return st;
  return s;
}

Result<std::optional<Accounts::Found>> Accounts::FindSession(std::string_view token, int64_t now) {
  if (token.size() != 64) return std::optional<Found>();
  Stmt q(store_.connection(),
         "SELECT u.name, s.csrf_token, s.expires_at FROM sessions AS s JOIN users AS u "
         "USING (user_id) "
         "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0");
  q.Bind(1, Sha256Hex(token)).Bind(2, now);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Found>();
  std::string name = q.Text(0), csrf = q.Text(1);
  const int64_t expires_at = q.Int(2);
  auto user = Find(name);
  if (!user.ok()) return user.status();
  if (!*user) return std::optional<Found>();
  return std::optional<Found>(Found{std::move(**user), std::move(csrf), expires_at});
}

Status Accounts::EndSession(std::string_view token) {
  Stmt del(store_.connection(), "DELETE FROM sessions WHERE token_hash = ?");
  return del.Bind(1, Sha256Hex(token)).Run();
}

}  // namespace barometer::server
