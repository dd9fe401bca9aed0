// server/audit.h — the append-only audit log in the store (table audit_log,
// schema version 3): time, user, role, action, object, period, field, before
// and after, source address. Each entry carries the SHA-256 of the previous
// entry's hash and its own fields, so VerifyAudit finds an entry edited,
// deleted or moved. Triggers refuse UPDATE and DELETE; someone who can write
// the file can still rewrite the whole chain, so keep the head hash that
// `barometer audit verify` prints somewhere else (docs/server.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "measures/store.h"

namespace barometer::server {

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... (set by Append)
  std::string at;   // ISO 8601 UTC
  std::string user;
  std::string role;
  std::string action;  // "login", "login_failed", "logout", "update", "review", "lock", ...
  std::string object;  // "measure:turnover", "period:2023-24 Q3", "user:jo"
  std::string period;
  std::string field;
  std::string before;
  std::string after;
  std::string address;
  std::string prev_hash;  // set by Append
  std::string hash;
};

// The hash an entry should carry (hex SHA-256 of prev_hash, seq and every
// field, each length-prefixed so no two entries hash the same text).
std::string AuditHash(const AuditEntry& e);

// The first entry's prev_hash: 64 zeros.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Appends `e` (in the store's open write transaction, else in its own).
Status AppendAudit(measures::Store& store, AuditEntry e);

// Entries in order (newest last); `limit` 0 for all.
Result<std::vector<AuditEntry>> ReadAudit(measures::Store& store, int64_t limit = 0);

struct AuditVerification {
  int64_t entries = 0;
  std::string head_hash;              // the last entry's hash (genesis when empty)
  std::vector<std::string> problems;  // "entry 7: ...", in order
  bool ok() const { return problems.empty(); }
};
Result<AuditVerification> VerifyAudit(measures::Store& store);

// The log as CSV (header row, then one row per entry).
std::string AuditCsv(const std::vector<AuditEntry>& entries);

}  // namespace barometer::server
