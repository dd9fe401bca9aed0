// core/csv.h — streaming RFC 4180 CSV reading and writing.
//
// CsvReader reads one record at a time from a file (in fixed-size chunks, so
// memory does not grow with the file) or from a string. It accepts CRLF or LF
// line ends, a UTF-8 byte-order mark, quoted fields with embedded commas,
// quotes ("") and newlines, and reports the 1-based line on which each record
// starts. Malformed input (an unterminated quote, text after a closing quote)
// stops the reader with a Status naming file, line and column.
//
//   auto r = CsvReader::Open("values.csv");
//   if (!r.ok()) return r.status();
//   while (r->Next()) { Use(r->fields()); }
//   if (!r->status().ok()) return r->status();
//
// Not thread-safe; one reader per thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer {

class CsvReader {
 public:
  static Result<CsvReader> Open(const std::string& path);
  static CsvReader FromString(std::string text, std::string name = "<string>");

  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Reads the next record. False at the end of input or on malformed input
  // (then status() says why). Blank lines are skipped.
  bool Next();
  // The fields of the current record; valid until the next call to Next().
  const std::vector<std::string_view>& fields() const { return fields_; }
  // Line on which the current record starts (1-based).
  int line() const { return record_line_; }
  // Ok unless the input was malformed or unreadable.
  const Status& status() const { return status_; }
  const std::string& name() const { return name_; }
  // Bytes consumed so far (for progress reporting).
  uint64_t bytes_read() const { return consumed_; }
  // File size in bytes, or 0 when unknown.
  uint64_t size() const { return size_; }

 private:
  CsvReader() = default;
  bool Fill();  // Appends more input to buf_; false at end of input.

  std::string name_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int line_ = 1;
  int record_line_ = 0;
  uint64_t consumed_ = 0;
  uint64_t size_ = 0;
  std::string storage_;
  std::vector<size_t> ends_;
  std::vector<std::string_view> fields_;
  Status status_;
};

// A header row's column names, with lookup by name.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(const std::vector<std::string_view>& fields);
  // Index of the column, or nullopt when there is no such column.
  std::optional<size_t> Find(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

// Formula injection: a spreadsheet runs a cell that starts with =, +, -, @,
// tab or CR as a formula (e.g. =HYPERLINK(...) or =cmd|...). Such a text cell
// is written with a leading apostrophe ('=1+1), which spreadsheets show as
// text; a number (-12.5, +3, -1e-5, -inf) is written unchanged.
std::string CsvNeutralise(std::string_view field);

// CsvNeutralise, then quotes the field if it needs it (comma, quote, CR or
// LF, or leading/trailing space). Every CSV barometer writes goes through
// here (AppendCsvRow).
std::string CsvEscape(std::string_view field);

// Appends one CSV record (with "\n") to `out`.
void AppendCsvRow(std::string& out, const std::vector<std::string>& fields);

}  // namespace barometer
