// ODBC result sets as tables (measures/odbc_source.h).
#include "measures/odbc_source.h"

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <vector>

#include <fmt/format.h>

namespace barometer::measures {
namespace {

// Every diagnostic record of a handle: "[state] message; ...".
std::string Diagnostics(SQLSMALLINT type, SQLHANDLE handle) {
  std::string out;
  for (SQLSMALLINT i = 1;; ++i) {
    SQLCHAR state[8] = {0};
    SQLCHAR text[1024] = {0};
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    SQLRETURN r = SQLGetDiagRec(type, handle, i, state, &native, text, sizeof text, &len);
    if (!SQL_SUCCEEDED(r)) break;
    if (!out.empty()) out += "; ";
    out += fmt::format("[{}] {}", reinterpret_cast<const char*>(state),
                       reinterpret_cast<const char*>(text));
  }
  return out.empty() ? "no diagnostics" : out;
}

// Frees the three handles on every path.
struct Handles {
  SQLHENV env = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;
  SQLHSTMT stmt = SQL_NULL_HSTMT;
  bool connected = false;
  ~Handles() {
    if (stmt != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    if (connected) SQLDisconnect(dbc);
    if (dbc != SQL_NULL_HDBC) SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    if (env != SQL_NULL_HENV) SQLFreeHandle(SQL_HANDLE_ENV, env);
  }
};

}  // namespace

Result<PublishedTable> QueryOdbc(const std::string& connection, const std::string& query,
                                 const std::string& name) {
  Handles h;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &h.env)) ||
      !SQL_SUCCEEDED(SQLSetEnvAttr(h.env, SQL_ATTR_ODBC_VERSION,
                                   reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0)) ||
      !SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, h.env, &h.dbc))) {
    return Status::Io("ODBC: cannot start the driver manager (is unixODBC installed?)");
  }
  std::string conn = connection.find('=') == std::string::npos ? "DSN=" + connection : connection;
  SQLRETURN r =
      SQLDriverConnect(h.dbc, nullptr, reinterpret_cast<SQLCHAR*>(const_cast<char*>(conn.c_str())),
                       SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT);
  if (!SQL_SUCCEEDED(r)) {
    return Status::Io(fmt::format("ODBC: cannot connect to `{}`: {}", connection,
                                  Diagnostics(SQL_HANDLE_DBC, h.dbc)));
  }
  h.connected = true;
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, h.dbc, &h.stmt))) {
    return Status::Io("ODBC: cannot allocate a statement");
  }
  r = SQLExecDirect(h.stmt, reinterpret_cast<SQLCHAR*>(const_cast<char*>(query.c_str())), SQL_NTS);
  if (!SQL_SUCCEEDED(r) && r != SQL_NO_DATA) {
    return Status::InvalidInput(
        fmt::format("{}: the query failed: {}", name, Diagnostics(SQL_HANDLE_STMT, h.stmt)));
  }
  SQLSMALLINT ncols = 0;
  SQLNumResultCols(h.stmt, &ncols);
  if (ncols <= 0)
    return Status::InvalidInput(fmt::format("{}: the query returns no columns", name));
  PublishedTable t;
  t.name = name;
  for (SQLSMALLINT c = 1; c <= ncols; ++c) {
    SQLCHAR col[256] = {0};
    SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    SQLDescribeCol(h.stmt, c, col, sizeof col, &len, &type, &size, &digits, &nullable);
    t.columns.emplace_back(reinterpret_cast<const char*>(col));
  }
  int line = 1;
  while (true) {
    r = SQLFetch(h.stmt);
    if (r == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(r)) {
      return Status::InvalidInput(fmt::format("{}: reading row {} failed: {}", name, line,
                                              Diagnostics(SQL_HANDLE_STMT, h.stmt)));
    }
    std::vector<std::string> row;
    for (SQLSMALLINT c = 1; c <= ncols; ++c) {
      std::string cell;
      char buf[4096];
      SQLLEN ind = 0;
      while (true) {
        r = SQLGetData(h.stmt, c, SQL_C_CHAR, buf, sizeof buf, &ind);
        if (r == SQL_NO_DATA || ind == SQL_NULL_DATA) break;
        if (!SQL_SUCCEEDED(r)) {
          return Status::InvalidInput(fmt::format("{}: reading column `{}` of row {} failed: {}",
                                                  name, t.columns[c - 1], line,
                                                  Diagnostics(SQL_HANDLE_STMT, h.stmt)));
        }
        bool more = r == SQL_SUCCESS_WITH_INFO &&
                    (ind == SQL_NO_TOTAL || ind >= static_cast<SQLLEN>(sizeof buf));
        cell += more ? std::string(buf, sizeof buf - 1) : std::string(buf);
        if (!more) break;
      }
      row.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(row));
    t.lines.push_back(++line);
  }
  return t;
}

std::string TableToCsv(const PublishedTable& t) {
  auto field = [](const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + field(cells[i]);
    out += "\n";
  };
  line(t.columns);
  for (const auto& r : t.rows) line(r);
  return out;
}

}  // namespace barometer::measures
