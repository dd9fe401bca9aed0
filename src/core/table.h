// core/table.h — a whole CSV file read into memory as text cells, for the
// commands that take a user's table (spc, stats) and the tests. For large
// files, stream with CsvReader instead.
//
//   auto t = ReadCsvTable("data.csv");
//   if (!t.ok()) return t.status();
//   auto col = t->Column("value");          // error names file, and suggests
//   if (!col.ok()) return col.status();
//   for (size_t r = 0; r < t->rows(); ++r) Use(t->cell(r, *col), t->line(r));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"

namespace barometer {

class CsvTable {
 public:
  const std::string& file() const { return file_; }
  const CsvHeader& header() const { return header_; }
  size_t rows() const { return lines_.size(); }
  // REQUIRES: r < rows(), c < header().names().size(). Missing trailing cells read as "".
  std::string_view cell(size_t r, size_t c) const;
  // The line in the file where row r starts (1-based; the header is line 1 usually).
  int line(size_t r) const { return lines_[r]; }
  // Index of a named column, or an InvalidInput error that names the file,
  // lists the columns and suggests the closest name.
  Result<size_t> Column(std::string_view name) const;
  // Where row r, column c is, for messages.
  SourceLocation Where(size_t r) const { return {file_, lines_[r], 0}; }

 private:
  friend Result<CsvTable> ReadCsvTable(const std::string& path);
  friend Result<CsvTable> ParseCsvTable(std::string text, std::string name);
  static Result<CsvTable> FromReader(CsvReader& reader);

  std::string file_;
  CsvHeader header_;
  std::vector<std::vector<std::string>> cells_;
  std::vector<int> lines_;
};

// Reads a CSV file with a header row. Errors: NotFound/Io for the file,
// InvalidInput for malformed CSV, an empty file, or a row with more cells than
// the header (each names the line).
Result<CsvTable> ReadCsvTable(const std::string& path);
// The same from text in memory (`name` is used in messages).
Result<CsvTable> ParseCsvTable(std::string text, std::string name);

}  // namespace barometer
