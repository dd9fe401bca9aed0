// population/output.h — the engine's results as tables of cells, and those
// tables as CSV, JSON or aligned text (the `--format` of every population
// command). Formats of each table's columns: docs/population-indicators.md
// and docs/segmentation.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/data_table.h"
#include "population/indicators.h"
#include "population/phm.h"

namespace barometer::population {

// The engine's results are core's one table type (core/data_table.h).
using OutputTable = DataTable;
using OutputCell = TableCell;

enum class OutputFormat { kCsv, kJson, kTable };

// Numbers in CSV and JSON are written in full (shortest text that reads
// back exactly); the aligned table rounds them to `decimals` places.
std::string Render(const OutputTable& t, OutputFormat format, int decimals = 2);

OutputTable IndicatorTable(const std::vector<IndicatorRow>& rows);
OutputTable TrendTable(const TrendResult& t, const std::string& indicator, const std::string& area,
                       const std::string& sex, int target_year, std::optional<double> target);
OutputTable SegmentTable(const std::vector<SegmentRow>& rows);
OutputTable ConcentrationTable(const std::vector<ConcentrationRow>& rows);
OutputTable CaseFindingTable(const std::vector<CaseFindingRow>& rows);

// The banner for output made with disclosure control switched off
// (UnsafeToPublish in disclosure.h names the settings of weakened control).
std::string UnsafeBanner();

}  // namespace barometer::population
