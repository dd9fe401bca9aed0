// measures/internal/sqlite.h — a thin RAII layer over the sqlite3 C API:
// a connection and prepared statements whose failures come back as Status.
// Not thread-safe; a connection and its statements belong to one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace barometer::measures::internal {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// The Status for SQLite result code `rc` on `db`, prefixed with `what`.
// SQLITE_NOTADB and SQLITE_CORRUPT map to kCorrupt, everything else to kIo.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

// Runs one or more statements that return no rows.
Status Exec(sqlite3* db, std::string_view sql);

// A prepared statement. Bind indexes are 1-based, column indexes 0-based.
class Statement {
 public:
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  Statement() = default;
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  void BindNull(int i);
  void Bind(int i, int64_t v);
  void Bind(int i, double v);
  void Bind(int i, std::string_view v);  // copied by SQLite (SQLITE_TRANSIENT)
  void Bind(int i, const std::optional<double>& v);
  // Binds without copying. REQUIRES: `v` stays valid until the next Step/Reset.
  void BindStatic(int i, std::string_view v);

  // Steps once: true when a row is ready, false when done; errors as Status.
  Result<bool> Step();
  // Steps a statement that returns no rows, then resets it for reuse.
  Status Run();
  void Reset();  // resets and clears bindings
  // Steps a statement that returns no rows, resets it (keeping bindings) and
  // returns SQLite's result code, for callers that handle e.g. SQLITE_CONSTRAINT.
  int RunCode();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double Double(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::optional<double> OptDouble(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<double>(Double(col));
  }
  std::string_view Text(int col) const;

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
};

}  // namespace barometer::measures::internal
