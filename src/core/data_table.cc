#include "core/data_table.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/number.h"

namespace barometer {
namespace {

using Json = nlohmann::ordered_json;

Json CellJson(const TableCell& c) {
  if (const std::string* s = std::get_if<std::string>(&c)) return *s;
  if (const int64_t* n = std::get_if<int64_t>(&c)) return *n;
  if (const double* d = std::get_if<double>(&c)) {
    if (!std::isfinite(*d)) return nullptr;
    if (*d == std::floor(*d) && std::fabs(*d) < 9e15) return static_cast<int64_t>(*d);
    return *d;
  }
  return nullptr;
}

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json RecordsJson(const DataTable& t) {
  Json rows = Json::array();
  for (const auto& row : t.rows) {
    Json r = Json::object();
    for (size_t i = 0; i < t.columns.size(); ++i)
      r[t.columns[i].name] = i < row.size() ? CellJson(row[i]) : Json();
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

TableCell NumberCell(double v) { return std::isfinite(v) ? TableCell{v} : TableCell{}; }
TableCell NumberCell(const std::optional<double>& v) { return v ? NumberCell(*v) : TableCell{}; }
TableCell CountCell(const std::optional<int64_t>& v) { return v ? TableCell{*v} : TableCell{}; }

std::vector<std::string> DataTable::ColumnNames() const {
  std::vector<std::string> names;
  for (const TableColumn& c : columns) names.push_back(c.name);
  return names;
}

std::string CellText(const TableCell& c, int decimals) {
  if (const std::string* s = std::get_if<std::string>(&c)) return *s;
  if (const int64_t* n = std::get_if<int64_t>(&c)) return std::to_string(*n);
  if (const double* d = std::get_if<double>(&c)) {
    if (!std::isfinite(*d)) return "";
    return decimals < 0 ? FormatShortest(*d) : FormatFixed(*d, decimals);
  }
  return "";
}

std::string TableToCsv(const DataTable& t) {
  std::string out;
  if (!t.banner.empty()) out += "# " + t.banner + "\n";
  AppendCsvRow(out, t.ColumnNames());
  std::vector<std::string> fields;
  for (const auto& row : t.rows) {
    fields.clear();
    for (size_t j = 0; j < t.columns.size(); ++j)
      fields.push_back(j < row.size() ? CellText(row[j]) : "");
    AppendCsvRow(out, fields);
  }
  return out;
}

std::string TableToJson(const DataTable& t, JsonShape shape) {
  if (shape == JsonShape::kRecords) return Dump(RecordsJson(t));
  Json doc = Json::object();
  if (!t.banner.empty()) doc["warning"] = t.banner;
  doc["rows"] = RecordsJson(t);
  return Dump(doc);
}

std::string TablesToJson(const std::vector<DataTable>& tables,
                         const std::vector<std::pair<std::string, std::string>>& meta) {
  Json doc = Json::object();
  for (const auto& [k, v] : meta) doc[k] = v;
  doc["tables"] = Json::array();
  for (const DataTable& t : tables) {
    Json jt = {{"name", t.name}, {"title", t.title}};
    if (!t.banner.empty()) jt["warning"] = t.banner;
    jt["columns"] = t.ColumnNames();
    jt["rows"] = Json::array();
    for (const auto& row : t.rows) {
      Json jr = Json::array();
      for (const TableCell& c : row) jr.push_back(CellJson(c));
      jt["rows"].push_back(std::move(jr));
    }
    doc["tables"].push_back(std::move(jt));
  }
  return Dump(doc);
}

std::string TableToText(const DataTable& t, const TextOptions& options) {
  auto text = [&](const TableCell& c) {
    const double* d = std::get_if<double>(&c);
    if (d != nullptr && std::isfinite(*d) && options.significant > 0)
      return fmt::format("{:.{}g}", *d, options.significant);
    return CellText(c, options.decimals);
  };
  std::vector<std::vector<std::string>> cells = {t.ColumnNames()};
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    for (size_t i = 0; i < t.columns.size(); ++i) r.push_back(i < row.size() ? text(row[i]) : "");
    cells.push_back(std::move(r));
  }
  std::vector<size_t> width(t.columns.size(), 0);
  for (const auto& r : cells)
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  if (!t.banner.empty()) out += "!! " + t.banner + "\n";
  for (const auto& r : cells) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      if (i > 0) line += "  ";
      line += r[i] + std::string(width[i] - r[i].size(), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace barometer
