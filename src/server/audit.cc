// server/audit.cc — the hash-chained audit log (audit.h).
#include "server/audit.h"

#include "server/accounts.h"
#include "server/internal/db.h"

namespace barometer::server {

using internal::Stmt;

namespace {

void Field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}

AuditEntry FromRow(const Stmt& q) {
  AuditEntry e;
  e.seq = q.Int(0);
  e.at = q.Text(1);
  e.user = q.Text(2);
  e.role = q.Text(3);
  e.action = q.Text(4);
  e.object = q.Text(5);
  e.period = q.Text(6);
  e.field = q.Text(7);
  e.before = q.Text(8);
  e.after = q.Text(9);
  e.address = q.Text(10);
  e.prev_hash = q.Text(11);
  e.hash = q.Text(12);
  return e;
}

constexpr const char* kSelect =
    "SELECT seq, at, user_name, role, action, object, period, field, before, after, address, "
    "prev_hash, hash FROM audit_log";

std::string CsvCell(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  std::string v =
      (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) ? "'" + s : s;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string AuditHash(const AuditEntry& e) {
  std::string text;
  Field(text, e.prev_hash);
  Field(text, std::to_string(e.seq));
  for (const std::string* f : {&e.at, &e.user, &e.role, &e.action, &e.object, &e.period, &e.field,
                               &e.before, &e.after, &e.address}) {
    Field(text, *f);
  }
  return Sha256Hex(text);
}

Status AppendAudit(measures::Store& store, AuditEntry e) {
  const bool own = !store.in_transaction();
  measures::Transaction tx(store);
  if (own) {
    if (Status s = tx.Begin(); !s.ok()) return s;
  }
  sqlite3* db = store.connection();
  Stmt last(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  auto row = last.Step();
  if (!row.ok()) return row.status();
  e.seq = *row ? last.Int(0) + 1 : 1;
  e.prev_hash = *row ? last.Text(1) : kAuditGenesis;
  e.hash = AuditHash(e);
  Stmt ins(db,
           "INSERT INTO audit_log (seq, at, user_name, role, action, object, period, field, "
           "before, after, address, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.Bind(1, e.seq).Bind(2, e.at).Bind(3, e.user).Bind(4, e.role).Bind(5, e.action);
  ins.Bind(6, e.object).Bind(7, e.period).Bind(8, e.field).Bind(9, e.before).Bind(10, e.after);
  ins.Bind(11, e.address).Bind(12, e.prev_hash).Bind(13, e.hash);
  if (Status s = ins.Run(); !s.ok()) return s;
  if (own) return tx.Commit();
  return Status::Ok();
}

Result<std::vector<AuditEntry>> ReadAudit(measures::Store& store, int64_t limit) {
  std::string sql = std::string(kSelect) + " ORDER BY seq";
  if (limit > 0) {
    sql = "SELECT * FROM (" + std::string(kSelect) + " ORDER BY seq DESC LIMIT " +
          std::to_string(limit) + ") ORDER BY seq";
  }
  Stmt q(store.connection(), sql);
  std::vector<AuditEntry> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(FromRow(q));
  }
  return out;
}

Result<AuditVerification> VerifyAudit(measures::Store& store) {
  // By rowid order of insertion would hide a reordering; read by seq and
  // check the chain links each entry to the one before it.
  auto entries = ReadAudit(store);
  if (!entries.ok()) return entries.status();
  AuditVerification v;
  std::string prev = kAuditGenesis;
  int64_t expected = 1;
  for (const AuditEntry& e : *entries) {
    ++v.entries;
    std::string where = "entry " + std::to_string(e.seq);
    if (e.seq != expected) {
      v.problems.push_back(where + ": expected entry " + std::to_string(expected) +
                           " here: entries " + std::to_string(expected) + " to " +
                           std::to_string(e.seq - 1) + " were deleted");
    }
    if (e.prev_hash != prev) {
      v.problems.push_back(where +
                           ": does not follow the entry before it (its previous-entry hash "
                           "differs): an entry before it was deleted, moved or changed");
    }
    if (AuditHash(e) != e.hash) {
      v.problems.push_back(where + " (" + e.action + " by " + e.user + " at " + e.at +
                           "): its fields do not match its hash: it was edited");
    }
    prev = e.hash;
    expected = e.seq + 1;
  }
  v.head_hash = prev;
  return v;
}

std::string AuditCsv(const std::vector<AuditEntry>& entries) {
  std::string out =
      "seq,at,user,role,action,object,period,field,before,after,address,prev_hash,hash\n";
  for (const AuditEntry& e : entries) {
    out += std::to_string(e.seq);
    for (const std::string* f : {&e.at, &e.user, &e.role, &e.action, &e.object, &e.period, &e.field,
                                 &e.before, &e.after, &e.address, &e.prev_hash, &e.hash}) {
      out += ',';
      out += CsvCell(*f);
    }
    out += '\n';
  }
  return out;
}

}  // namespace barometer::server
