#include "report/data_table.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "core/csv.h"
#include "core/number.h"

namespace barometer::report {
namespace {

// Excel sheet names: 1–31 characters, none of []:*?/\, unique ignoring case.
std::string SheetName(std::string name, std::set<std::string>& used) {
  for (char& ch : name)
    if (std::string_view("[]:*?/\\").find(ch) != std::string_view::npos) ch = '_';
  if (name.empty()) name = "Sheet";
  name = name.substr(0, 31);
  std::string base = name;
  for (int n = 2;; ++n) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    if (used.insert(key).second) return name;
    std::string suffix = "_" + std::to_string(n);
    name = base.substr(0, 31 - suffix.size()) + suffix;
  }
}

std::string NumberFormat(int decimals) {
  if (decimals < 0) return "General";
  return decimals == 0 ? "#,##0" : "#,##0." + std::string(static_cast<size_t>(decimals), '0');
}

Status XlsxError(lxw_error e, const std::string& path) {
  return Status::Io("cannot write " + path + ": " + lxw_strerror(e));
}

void WriteSheet(lxw_workbook* wb, lxw_worksheet* ws, const DataTable& t, lxw_format* header) {
  std::vector<lxw_format*> formats;
  std::vector<double> widths;
  for (const TableColumn& c : t.columns) {
    lxw_format* f = workbook_add_format(wb);
    format_set_num_format(f, NumberFormat(c.decimals).c_str());
    formats.push_back(f);
    widths.push_back(std::max<double>(8, static_cast<double>(c.name.size()) + 2));
  }
  for (size_t j = 0; j < t.columns.size(); ++j)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(j), t.columns[j].name.c_str(), header);
  for (size_t i = 0; i < t.rows.size(); ++i) {
    auto r = static_cast<lxw_row_t>(i + 1);
    for (size_t j = 0; j < t.columns.size() && j < t.rows[i].size(); ++j) {
      auto col = static_cast<lxw_col_t>(j);
      const Cell& c = t.rows[i][j];
      if (const double* d = std::get_if<double>(&c)) {
        if (std::isfinite(*d)) worksheet_write_number(ws, r, col, *d, formats[j]);
      } else if (const int64_t* n = std::get_if<int64_t>(&c)) {
        worksheet_write_number(ws, r, col, static_cast<double>(*n), formats[j]);
      } else if (const std::string* s = std::get_if<std::string>(&c)) {
        worksheet_write_string(ws, r, col, s->c_str(), nullptr);
        widths[j] = std::max(widths[j], std::min(60.0, static_cast<double>(s->size()) + 2));
      }
    }
  }
  for (size_t j = 0; j < widths.size(); ++j)
    worksheet_set_column(ws, static_cast<lxw_col_t>(j), static_cast<lxw_col_t>(j), widths[j],
                         nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  if (!t.columns.empty())
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                         static_cast<lxw_col_t>(t.columns.size() - 1));
}

}  // namespace

Status WriteXlsx(const std::string& path, const std::vector<DataTable>& tables) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return Status::Io("cannot create " + path);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_font_color(header, LXW_COLOR_WHITE);
  format_set_bg_color(header, 0x005EB8);
  format_set_text_wrap(header);
  std::set<std::string> used;
  for (const DataTable& t : tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName(t.name, used).c_str());
    if (ws == nullptr) {
      workbook_close(wb);
      return Status::Internal("cannot add sheet " + t.name + " to " + path);
    }
    WriteSheet(wb, ws, t, header);
  }
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) return XlsxError(e, path);
  return Status::Ok();
}

}  // namespace barometer::report
