// core/data_table.h — the one table type every part emits (population
// results, report tables, `barometer stats` output), and its writers: CSV,
// JSON and aligned text. XLSX is the report part's (report/data_table.h).
//
//   DataTable t{"measures", "Measures of success", {{"Measure"}, {"Latest", 1}}};
//   t.rows.push_back({std::string("Staff engagement"), NumberCell(7.1)});
//   std::string csv = TableToCsv(t);
//
// Numbers are written in full (the shortest text that reads back exactly) in
// CSV and JSON; only the aligned text rounds. Text cells are written as they
// are; a CSV cell a spreadsheet would run as a formula is neutralised by the
// CSV writer (core/csv.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace barometer {

// Empty (missing), text, a number, or a count.
using TableCell = std::variant<std::monostate, std::string, double, int64_t>;

// A number, or an empty cell when it is missing (NaN) or not finite.
TableCell NumberCell(double v);
TableCell NumberCell(const std::optional<double>& v);
// A count, or an empty cell.
TableCell CountCell(const std::optional<int64_t>& v);

struct TableColumn {
  TableColumn(std::string n, int d = -1) : name(std::move(n)), decimals(d) {}  // NOLINT
  TableColumn(const char* n, int d = -1) : name(n), decimals(d) {}             // NOLINT
  std::string name;
  int decimals = -1;  // for numbers: places shown in XLSX; -1 = as stored
};

struct DataTable {
  DataTable() = default;
  DataTable(std::string n, std::string t, std::vector<TableColumn> c,
            std::vector<std::vector<TableCell>> r = {}, std::string b = {})
      : name(std::move(n)),
        title(std::move(t)),
        columns(std::move(c)),
        rows(std::move(r)),
        banner(std::move(b)) {}

  std::string name;   // machine name: sheet and file name ("measures")
  std::string title;  // human title ("Measures of success")
  std::vector<TableColumn> columns;
  std::vector<std::vector<TableCell>> rows;  // each row has columns.size() cells
  // Printed before the rows (a "# " comment line in CSV, a "warning" member
  // in JSON, a "!! " line in text), e.g. that disclosure control was off.
  std::string banner;

  std::vector<std::string> ColumnNames() const;
};

// The cell as text: numbers in full (decimals < 0) or fixed to `decimals`.
std::string CellText(const TableCell& c, int decimals = -1);

// RFC 4180 CSV with a header row.
std::string TableToCsv(const DataTable& t);

enum class JsonShape {
  kRecords,  // [{"column": value, ...}, ...]
  kDocument  // {"warning": banner (if any), "rows": [{"column": value, ...}]}
};
// Numbers as JSON numbers (whole numbers as integers: counts read better as
// 895 than 895.0), empty cells as null; text that is not UTF-8 is replaced,
// never thrown on.
std::string TableToJson(const DataTable& t, JsonShape shape);

// Several tables in one document: {meta..., "tables": [{"name", "title",
// "columns": [...], "rows": [[...]]}]}.
std::string TablesToJson(const std::vector<DataTable>& tables,
                         const std::vector<std::pair<std::string, std::string>>& meta);

// Aligned columns, two spaces apart, no trailing spaces. Numbers to
// `decimals` places, or to `significant` significant digits when it is > 0.
struct TextOptions {
  int decimals = 2;
  int significant = 0;
};
std::string TableToText(const DataTable& t, const TextOptions& options = {});

}  // namespace barometer
