// report/data_table.h — the tables behind every report as XLSX (one sheet
// per table, numbers as numbers). They are core's DataTable, so CSV (one
// file per table, TableToCsv) and JSON (all tables in one document,
// TablesToJson) come from the same writers as every other output.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/data_table.h"
#include "core/status.h"

namespace barometer::report {

// The tables are the one table type (core/data_table.h: DataTable, its CSV
// and JSON writers); `Cell` is its cell, by a shorter name.
using Cell = TableCell;

// Writes one XLSX workbook, one sheet per table (names made unique and valid
// for Excel), header row styled and frozen, numbers written as numbers.
Status WriteXlsx(const std::string& path, const std::vector<DataTable>& tables);

}  // namespace barometer::report
