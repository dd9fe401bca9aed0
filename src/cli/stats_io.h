// cli/stats_io.h — the table in, table out plumbing that the `barometer stats`
// subcommands share (cmd_stats.cc, cmd_stats_funnel.cc): the user's CSV with
// the errors found in it, and the output rows rendered as CSV, JSON or an
// aligned table. Private to src/cli.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/data_table.h"
#include "core/diagnostics.h"
#include "core/table.h"
#include "stats/indicators.h"

namespace barometer::cli::stats_io {

// The user's table with the problems found in it so far.
class Input {
 public:
  explicit Input(CsvTable t) : table_(std::move(t)) {}
  const CsvTable& table() const { return table_; }
  Diagnostics& diags() { return diags_; }

  // The index of a named column; records an error (with a suggestion) if absent.
  std::optional<size_t> Col(const std::string& name, const char* option);

  enum class Rule { kAny, kNonNegative, kPositive };
  // Every row's number in column `c`; "" and "NA" are missing (an error
  // unless allowed). Errors name the row and say what was expected.
  std::vector<double> Numbers(std::optional<size_t> c, Rule rule, bool allow_missing,
                              const char* what);

  void Error(size_t r, std::string message) { diags_.Error(table_.Where(r), std::move(message)); }
  void FileError(std::string message) { diags_.Error({table_.file(), 0, 0}, std::move(message)); }
  void FileWarning(std::string message) {
    diags_.Warning({table_.file(), 0, 0}, std::move(message));
  }
  void Warning(size_t r, std::string message) {
    diags_.Warning(table_.Where(r), std::move(message));
  }

 private:
  CsvTable table_;
  Diagnostics diags_;
};

// ---- output ------------------------------------------------------------------

// The output is core's one table type (core/data_table.h).
using Cell = TableCell;
using Output = DataTable;
// A number (empty when missing) and a text cell.
Cell Num(double v);
Cell Text(std::string s);

// The output as csv, json (an array of objects) or table (aligned columns).
std::string Render(const Output& o, const std::string& format);

// Reads `file`, runs `body` on it, prints every diagnostic to stderr, and
// writes the output in `format` to stdout unless there were errors. Returns
// the exit code (kExitIo for an unreadable file, kExitFindings for errors).
int RunOnFile(const std::string& file, const std::string& format,
              const std::function<void(Input&, Output&)>& body);

// `barometer stats funnel` and `barometer stats compare` (cmd_stats_funnel.cc),
// added to the `stats` command by RegisterStatsCommand.
void AddFunnelCommand(CLI::App& stats, int* exit_code);
void AddCompareCommand(CLI::App& stats, int* exit_code);

}  // namespace barometer::cli::stats_io
