// cli/spc_report.h — from a user's CSV table to the SPC charts `barometer spc`
// writes: reads the date, value and facet columns, reports every bad cell,
// runs stats::ComputeSpcByFacet and collects the warnings worth showing.
// Pure functions of their arguments (no I/O), so tests and the fuzzer call
// them directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/diagnostics.h"
#include "core/status.h"
#include "core/table.h"
#include "stats/spc.h"

namespace barometer::cli {

// What the user asked for, as given on the command line.
struct SpcRequest {
  std::string date_column;
  std::string value_column;
  std::optional<std::string> facet_column;
  std::vector<std::string> targets;  // "X" (every facet) or "FACET=X"
  std::vector<std::string> rebase;   // "DATE" (every facet) or "FACET=DATE"
  // improvement, fix_after_n_points, screen_outliers, rule lengths and the
  // two-in-three rule; target and rebase come from the strings above.
  stats::SpcOptions options;
};

// The targets and rebase dates of `req` as options. An unreadable number or
// date is an InvalidInput error (a usage error: it names the option).
// `prefer` settles "2011-12" (a month when the data are monthly).
Result<stats::SpcFacetOptions> ParseSpcOptions(const SpcRequest& req,
                                               std::optional<PeriodKind> prefer = std::nullopt);

// The charts, with what the writers need to label them.
struct SpcReport {
  bool faceted = false;
  std::vector<stats::SpcFacet> facets;
  std::vector<std::string> date_text;  // by input index: the period as written canonically
  std::vector<int> lines;              // by input index: the line in the file
  stats::SpcFacetOptions options;
};

// Reads `table` (whose text is `source`, for columns in messages) and charts
// it. Every problem in the file is added to `diags` with its file:line:column:
// a missing column, an unreadable date or value, a date twice in a series
// (errors); a short rebase group, a group without limits, a rebase date
// matching no point (warnings). Returns nullopt when there was an error.
// REQUIRES: ParseSpcOptions(req).ok().
std::optional<SpcReport> BuildSpcReport(const CsvTable& table, std::string_view source,
                                        const SpcRequest& req, Diagnostics& diags);

// The diagnostics as the command prints them (file:line:column: message, the
// source line and a caret), in time linear in the size of `source`.
std::string FormatSpcDiagnostics(const Diagnostics& diags, std::string_view source);

}  // namespace barometer::cli
