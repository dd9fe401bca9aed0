#include "cli/stats_io.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "core/csv.h"
#include "core/number.h"

namespace barometer::cli::stats_io {
namespace {

// null when missing; whole numbers as integers (counts read better as 895 than 895.0).
nlohmann::ordered_json JsonNumber(double v) {
  if (stats::IsMissing(v)) return nullptr;
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return v;
}

}  // namespace

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

Cell Num(double v) { return {stats::IsMissing(v) ? "" : FormatShortest(v), v, true}; }
Cell Text(std::string s) { return {std::move(s), stats::kMissing, false}; }

std::string Render(const Output& o, const std::string& format) {
  std::string out;
  if (format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& r : o.rows) {
      nlohmann::ordered_json obj;
      for (size_t i = 0; i < r.size(); ++i) {
        if (r[i].numeric) {
          obj[o.header[i]] = JsonNumber(r[i].number);
        } else {
          obj[o.header[i]] = r[i].text;
        }
      }
      rows.push_back(std::move(obj));
    }
    return rows.dump(2) + "\n";
  }
  if (format == "table") {
    std::vector<std::vector<std::string>> cells = {o.header};
    for (const auto& r : o.rows) {
      std::vector<std::string> line;
      for (const auto& c : r) {
        line.push_back(c.numeric && !c.text.empty() ? fmt::format("{:.6g}", c.number) : c.text);
      }
      cells.push_back(std::move(line));
    }
    std::vector<size_t> width(o.header.size(), 0);
    for (const auto& l : cells) {
      for (size_t i = 0; i < l.size(); ++i) width[i] = std::max(width[i], l[i].size());
    }
    for (const auto& l : cells) {
      std::string line;
      for (size_t i = 0; i < l.size(); ++i) line += fmt::format("{:<{}}  ", l[i], width[i]);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }
  AppendCsvRow(out, o.header);
  for (const auto& r : o.rows) {
    std::vector<std::string> fields;
    for (const auto& c : r) fields.push_back(c.text);
    AppendCsvRow(out, fields);
  }
  return out;
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
