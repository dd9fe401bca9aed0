// core/diagnostics.h — errors and warnings about a user's file, collected so
// that every problem in a file is reported, not only the first.
//
// Each diagnostic prints as
//   file:line:column: error: message
//     the offending source line
//         ^
//   suggestion (when there is one)
// which is what compilers and ninja print, so editors can jump to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;
  std::string hint;  // e.g. "did you mean `quality`?"; empty when none

  // The one-line form: "file:line:column: error: message; hint".
  std::string ToString() const;
};

// Collects diagnostics for one or more files. Not thread-safe.
class Diagnostics {
 public:
  void Error(SourceLocation where, std::string message, std::string hint = {});
  void Warning(SourceLocation where, std::string message, std::string hint = {});
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }

  const std::vector<Diagnostic>& items() const { return items_; }
  int error_count() const;
  int warning_count() const;
  bool has_errors() const { return error_count() > 0; }

  // Sorts by file, line, column (stable, so equal places keep their order).
  void SortByLocation();

  // All diagnostics, each on its own line; with `source` (the text of the
  // file named in each location) the offending line and a caret follow.
  std::string Format(std::string_view source = {}, bool with_source_lines = false) const;

 private:
  std::vector<Diagnostic> items_;
};

// The `line`-th (1-based) line of `text`, without its newline; empty if none.
std::string_view LineOf(std::string_view text, int line);

// "  <line>\n  <spaces>^" for a 1-based column; empty when line is missing.
std::string CaretLine(std::string_view text, int line, int column);

}  // namespace barometer
