// report/spc.h — SPC charts of a user's CSV table, as `barometer spc` writes
// them: reads the date, value and facet columns, reports every bad cell,
// runs stats::ComputeSpcByFacet and collects the warnings worth showing
// (spc_read.cc); writes the charts as CSV, JSON, an aligned table
// (spc_text.cc) or SVG drawn by the reports' one SPC renderer, RenderSpcChart
// in svg.h (spc_svg.cc). The command line (src/cli/cmd_spc.cc) only parses
// arguments and writes files. Pure functions of their arguments (no I/O), so
// tests and the fuzzer call them directly.
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

namespace barometer::report {

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

// ---- text forms: CSV (the column contract in docs/spc.md), JSON, a table ----

// One row per point, by facet then date: [facet,] date, value, rebase_group,
// mean, lpl, upl, special_cause_type, point_type. Empty fields where a value
// or limit is missing.
std::string SpcPointsCsv(const SpcReport& report);

// One row per facet: [facet,] last_date, variation_icon, assurance_icon.
std::string SpcIconsCsv(const SpcReport& report);

// Aligned, human-readable forms of the two CSVs.
std::string SpcPointsTable(const SpcReport& report);
std::string SpcIconsTable(const SpcReport& report);

// Options, and per facet: icons, rebase groups (limits, counts) and points
// (every flag); `warnings` as "file:line: warning: ..." strings. With
// `icons_only`, the points and groups are left out.
std::string SpcJson(const SpcReport& report, const std::vector<Diagnostic>& warnings,
                    bool icons_only);

// "12.5", "" for NaN (the text of a number in CSV and JSON-free outputs).
std::string SpcNumber(double v);

// ---- SVG ----

struct SpcSvgOptions {
  std::string title;        // e.g. the file and value column
  std::string value_label;  // the y axis
};

// One self-contained SVG document: a <title> and <desc> for screen readers,
// and one RenderSpcChart panel per facet (labelled "FACET: value_label").
std::string SpcSvg(const SpcReport& report, const SpcSvgOptions& options);

}  // namespace barometer::report
