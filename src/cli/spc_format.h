// cli/spc_format.h — the text forms of `barometer spc` output: CSV (the
// column contract in docs/spc.md), JSON (everything) and an aligned table.
// Each returns the whole output as a string; the command writes it.
#pragma once

#include <string>
#include <vector>

#include "cli/spc_report.h"
#include "core/diagnostics.h"

namespace barometer::cli {

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

}  // namespace barometer::cli
