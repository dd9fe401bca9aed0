#include "measures/internal/sqlite.h"

#include <fmt/format.h>

namespace barometer::measures::internal {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("{}: {}", what, detail);
  int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) return Status::Corrupt(message);
  return Status::Io(message);
}

Status Exec(sqlite3* db, std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  int primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) return Status::Corrupt(message);
  return Status::Io(message);
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return SqliteError(db, rc, "preparing a query");
  }
  Statement s;
  s.db_ = db;
  s.stmt_.reset(raw);
  return s;
}

void Statement::BindNull(int i) { sqlite3_bind_null(stmt_.get(), i); }
void Statement::Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_.get(), i, v); }
void Statement::Bind(int i, double v) { sqlite3_bind_double(stmt_.get(), i, v); }
void Statement::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void Statement::BindStatic(int i, std::string_view v) {
  sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void Statement::Bind(int i, const std::optional<double>& v) {
  if (v) {
    Bind(i, *v);
  } else {
    BindNull(i);
  }
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = SqliteError(db_, rc, "running a query");
  sqlite3_reset(stmt_.get());
  return s;
}

Status Statement::Run() {
  Result<bool> r = Step();
  Reset();
  return r.status();
}

int Statement::RunCode() {
  int rc = sqlite3_step(stmt_.get());
  sqlite3_reset(stmt_.get());
  return rc;
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string_view Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_.get(), col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p),
          static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col))};
}

}  // namespace barometer::measures::internal
