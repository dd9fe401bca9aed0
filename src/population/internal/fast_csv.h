// population/internal/fast_csv.h — a CSV reader built for big, mostly plain
// extract files: the file is memory-mapped, cut into pieces on record
// boundaries (outside quotes), and each piece is parsed on its own thread.
//
// Lines without a quote character take a fast path (split on commas); a line
// with a quote is parsed with the RFC 4180 rules of core/csv.h (quoted commas,
// doubled quotes, newlines inside quotes), so both give the same fields. Line
// numbers are physical lines, as core/csv.h reports them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer::population::internal {

// A read-only memory-mapped file (an empty file maps to empty text).
class MappedFile {
 public:
  static Result<std::shared_ptr<const MappedFile>> Open(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view text() const { return {static_cast<const char*>(addr_), size_}; }
  // Lets the kernel drop the pages of [begin, end) from memory once they are
  // parsed (they are read back from the file if touched again).
  void Release(size_t begin, size_t end) const;
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  void* addr_ = nullptr;
  size_t size_ = 0;
  std::string path_;
};

// A run of whole records: bytes [begin, end) of the text. A cursor numbers
// its lines from first_line; the plan leaves it at 1 (lines relative to the
// piece), because the absolute line of a piece is only known once the
// newlines of the pieces before it are counted, and counting them up front
// would read the whole file twice. Callers add the offset afterwards.
struct CsvPiece {
  size_t begin = 0;
  size_t end = 0;
  int64_t first_line = 1;
  // The '\n' bytes in [begin, end), counted by PlanCsv (a record has at
  // least one, bar a last line without one: at most newlines + 1 records).
  int64_t newlines = 0;
};

struct CsvPlan {
  std::vector<std::string> header;  // column names of the first record
  std::vector<CsvPiece> pieces;     // the data records, in order
  int64_t data_first_line = 2;      // the line where the first piece starts
};

// Reads the header and cuts the rest of `text` into pieces of about
// `piece_bytes`. Looking for quotes and counting newlines reads the whole
// text once, on `threads` threads; with `file` (which `text` is the text of),
// the pages read are released as it goes. Errors: an empty file or a
// malformed header (InvalidInput, naming `name` and the line).
Result<CsvPlan> PlanCsv(std::string_view text, const std::string& name, size_t piece_bytes,
                        const MappedFile* file = nullptr, int threads = 1);

// The number of '\n' bytes in [p, p + n), and whether a '"' is among them
// (16 bytes at a time where SSE2 is there).
struct ByteCensus {
  int64_t newlines = 0;
  bool quote = false;
};
ByteCensus CountNewlinesAndQuotes(const char* p, size_t n);

// Bit i of each mask is set when byte i of the 64 bytes at `p` is a comma, a
// '\n' or a '"' (SSE2, or a scalar loop without it).
struct StructuralMasks {
  uint64_t commas = 0, newlines = 0, quotes = 0;
};
StructuralMasks ClassifyBlock64(const char* p);
StructuralMasks ClassifyBlock64Scalar(const char* p);

// The line offsets to add to each piece's relative line numbers, given the
// number of newlines in each piece.
std::vector<int64_t> LineOffsets(const CsvPlan& plan, const std::vector<int64_t>& newlines);

// Iterates the records of one piece. Not thread-safe; one per piece.
class RecordCursor {
 public:
  RecordCursor(std::string_view text, const CsvPiece& piece);

  // Moves to the next record; false at the end of the piece. Blank lines are
  // skipped. A malformed record (bad quoting) is returned with malformed()
  // true and no fields; an unterminated quote ends the piece after it.
  bool Next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  int64_t line() const { return line_; }
  // The record's text without its line end (for rejects files).
  std::string_view raw() const { return raw_; }
  bool malformed() const { return !error_.empty(); }
  // Where the next record starts, and the line it starts on.
  size_t position() const { return pos_; }
  int64_t next_line() const { return next_line_; }
  // Steps over a record a caller has read itself: it ended with a '\n' just
  // before `next` (one line).
  void SkipLine(size_t next) {
    pos_ = next;
    ++next_line_;
  }
  // ... `lines` records, each of one line, ending just before `next`.
  void SkipLines(size_t next, int64_t lines) {
    pos_ = next;
    next_line_ += lines;
  }
  const std::string& error() const { return error_; }
  int error_column() const { return error_column_; }

 private:
  bool ParseQuoted(size_t record_begin);
  bool Fail(std::string message, int64_t at_line, int column, size_t record_begin, size_t at,
            int64_t last_line, bool to_end);
  void SetRaw(size_t begin, size_t end);

  std::string_view text_;
  size_t pos_;
  size_t end_;
  int64_t next_line_;
  int64_t line_ = 0;
  std::string_view raw_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::vector<size_t> ends_;
  std::string error_;
  int error_column_ = 0;
};

}  // namespace barometer::population::internal
