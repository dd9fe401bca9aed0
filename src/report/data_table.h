// report/data_table.h — the tables behind every report, in a form each
// output format can write: XLSX (one sheet per table, numbers as numbers),
// CSV (one file per table) and JSON (all tables in one document).
//
//   DataTable t{"measures", "Measures of success", {{"Measure"}, {"Latest", 1}}, {}};
//   t.rows.push_back({std::string("Staff engagement"), 7.1});
//   std::string csv = TableToCsv(t);
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace barometer::report {

// An empty cell, a number, or text.
using Cell = std::variant<std::monostate, double, std::string>;

struct DataColumn {
  std::string name;
  int decimals = -1;  // for numbers: places shown in XLSX; -1 = as stored
};

struct DataTable {
  std::string name;   // machine name: sheet and file name ("measures")
  std::string title;  // human title ("Measures of success")
  std::vector<DataColumn> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells
};

// RFC 4180 CSV with a header row; numbers in shortest round-trip form.
std::string TableToCsv(const DataTable& t);

// {"tables": [{"name":…, "title":…, "columns":[…], "rows":[[…]]}], …}; numbers
// as JSON numbers, empty cells as null. `meta` entries are added at the top.
std::string TablesToJson(const std::vector<DataTable>& tables,
                         const std::vector<std::pair<std::string, std::string>>& meta);

// Writes one XLSX workbook, one sheet per table (names made unique and valid
// for Excel), header row styled and frozen, numbers written as numbers.
Status WriteXlsx(const std::string& path, const std::vector<DataTable>& tables);

}  // namespace barometer::report
