// measures/odbc_source.h — reading a SQL query's result through ODBC
// (unixODBC), so warehouse tables load like the CSV formats
// (docs/measures-data.md, "From a SQL database").
//
//   auto t = QueryOdbc("DSN=warehouse", "SELECT measure_id, period, value FROM ipr", "ipr.sql");
//   std::string csv = TableToCsv(*t);   // then the CSV ingest path, unchanged
#pragma once

#include <string>

#include "core/status.h"
#include "measures/published.h"

namespace barometer::measures {

// Runs `query` on the data source `connection` (an ODBC connection string
// such as "DSN=warehouse;UID=me", or a bare DSN name) and returns its result:
// the column names as the header (line 1) and each row's cells as text (SQL
// NULL: empty), row N at "line" N + 1. `name` names the table in messages.
// Errors: kIo when the connection fails, kInvalidInput when the query does
// (each with the driver's diagnostics).
Result<PublishedTable> QueryOdbc(const std::string& connection, const std::string& query,
                                 const std::string& name);

// The table as CSV text (RFC 4180 quoting), for the CSV readers.
std::string TableToCsv(const PublishedTable& t);

}  // namespace barometer::measures
