#include "cli/stats_io.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "core/csv.h"
#include "core/number.h"

namespace barometer::cli::stats_io {

std::optional<size_t> Input::Col(const std::string& name, const char* option) {
  auto c = table_.Column(name);
  if (c.ok()) return *c;
  std::string m = c.status().message();
  diags_.Error({table_.file(), 1, 0}, m,
               m.find("did you mean") == std::string::npos
                   ? fmt::format("name the column with {} COLUMN", option)
                   : std::string());
  return std::nullopt;
}

std::vector<double> Input::Numbers(std::optional<size_t> c, Rule rule, bool allow_missing,
                                   const char* what) {
  std::vector<double> out(table_.rows(), stats::kMissing);
  if (!c) return out;
  const std::string& name = table_.header().names()[*c];
  for (size_t r = 0; r < table_.rows(); ++r) {
    std::string_view cell = Trim(table_.cell(r, *c));
    if (cell.empty() || cell == "NA") {
      if (!allow_missing) Error(r, fmt::format("column `{}`: {} is missing", name, what));
      continue;
    }
    auto v = ParseDouble(cell);
    if (!v) {
      Error(r, fmt::format("column `{}`: expected {} (a number), got `{}`", name, what, cell));
    } else if ((rule == Rule::kNonNegative && *v < 0) || (rule == Rule::kPositive && *v <= 0)) {
      Error(r, fmt::format("column `{}`: {} must be {} (got {})", name, what,
                           rule == Rule::kPositive ? "more than 0" : "0 or more", cell));
    } else {
      out[r] = *v;
    }
  }
  return out;
}

Cell Num(double v) { return NumberCell(v); }
Cell Text(std::string s) { return Cell(std::move(s)); }

// Numbers in full in CSV and JSON; six significant digits in the aligned table.
std::string Render(const Output& o, const std::string& format) {
  if (format == "json") return TableToJson(o, JsonShape::kRecords);
  if (format == "table") return TableToText(o, {.decimals = -1, .significant = 6});
  return TableToCsv(o);
}

int RunOnFile(const std::string& file, const std::string& format,
              const std::function<void(Input&, Output&)>& body) {
  auto t = ReadCsvTable(file);
  if (!t.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", file.c_str(), t.status().message().c_str());
    return ExitCodeFor(t.status());
  }
  Input in(std::move(*t));
  Output out;
  body(in, out);
  in.diags().SortByLocation();
  std::string messages = in.diags().Format();
  std::fputs(messages.c_str(), stderr);
  if (in.diags().has_errors()) {
    std::fprintf(stderr, "barometer stats: %d error(s); nothing was written\n",
                 in.diags().error_count());
    return kExitFindings;
  }
  std::string text = Render(out, format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

}  // namespace barometer::cli::stats_io
