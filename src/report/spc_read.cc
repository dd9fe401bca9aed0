// Reading a user's CSV into SPC charts, with every problem as file:line:column.
#include "report/spc.h"

#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"

namespace barometer::report {
namespace {

using stats::SpcFacet;
using stats::SpcFacetInput;
using stats::SpcFacetOptions;
using stats::SpcGroup;

// 1-based character column where field `k` of a one-line CSV record starts.
int FieldColumn(std::string_view line, size_t k) {
  size_t field = 0;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (field == k) return static_cast<int>(i) + 1;
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ',' && !quoted) ++field;
  }
  return field == k ? static_cast<int>(line.size()) + 1 : 0;
}

// Where each line of a text starts, so finding line k costs nothing.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  // The text from the start of 1-based line `line` to the end ("" if none).
  std::string_view From(int line) const {
    if (line < 1 || static_cast<size_t>(line) > starts_.size()) return {};
    return text_.substr(starts_[line - 1]);
  }
  std::string_view Line(int line) const { return LineOf(From(line), 1); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

bool IsMissing(std::string_view s) {
  std::string t = ToLower(Trim(s));
  return t.empty() || t == "na" || t == "n/a" || t == "nan";
}

// "X" or "NAME=X": the name (empty when none) and the value.
std::pair<std::string, std::string> SplitNamed(std::string_view s) {
  size_t eq = s.rfind('=');
  if (eq == std::string_view::npos) return {"", std::string(Trim(s))};
  return {std::string(Trim(s.substr(0, eq))), std::string(Trim(s.substr(eq + 1)))};
}

constexpr const char* kDateForms =
    "a date (2023-07-31), month (2023-07), financial quarter (2023-24 Q2), financial year "
    "(2023-24) or year (2023)";

struct Columns {
  size_t date = 0, value = 0;
  std::optional<size_t> facet;
};

std::optional<Columns> FindColumns(const CsvTable& t, const SpcRequest& req, Diagnostics& diags) {
  Columns c;
  bool ok = true;
  auto find = [&](const std::string& name, size_t& out) {
    auto col = t.Column(name);
    if (col.ok()) {
      out = *col;
    } else {
      diags.Error(col.status().where(), col.status().message());
      ok = false;
    }
  };
  find(req.date_column, c.date);
  find(req.value_column, c.value);
  if (req.facet_column) find(*req.facet_column, c.facet.emplace());
  if (!ok) return std::nullopt;
  return c;
}

// Monthly data may hold "2011-12", which alone would read as a financial year.
std::optional<PeriodKind> PreferredKind(const CsvTable& t, size_t col) {
  for (size_t r = 0; r < t.rows(); ++r) {
    auto p = Period::Parse(t.cell(r, col));
    if (p && p->kind == PeriodKind::kMonth) return PeriodKind::kMonth;
  }
  return std::nullopt;
}

class RowReader {
 public:
  RowReader(const CsvTable& t, std::string_view source, const Columns& c, Diagnostics& diags)
      : t_(t), lines_(source), c_(c), diags_(diags), prefer_(PreferredKind(t, c.date)) {}

  std::optional<PeriodKind> prefer() const { return prefer_; }

  void Read(size_t r, SpcReport& report, std::vector<SpcFacetInput>& points) {
    std::string facet = c_.facet ? std::string(Trim(t_.cell(r, *c_.facet))) : "";
    if (c_.facet && facet.empty()) {
      diags_.Error(Where(r, *c_.facet), "empty facet; every row needs a facet value");
      return;
    }
    std::string_view date_cell = t_.cell(r, c_.date);
    auto period = Period::Parse(date_cell, prefer_);
    if (!period) {
      diags_.Error(Where(r, c_.date), fmt::format("`{}` is not a date", Trim(date_cell)),
                   fmt::format("expected {}", kDateForms));
      return;
    }
    std::string_view value_cell = t_.cell(r, c_.value);
    std::optional<double> value;
    if (!IsMissing(value_cell)) {
      value = ParseDouble(value_cell);
      if (!value) {
        diags_.Error(Where(r, c_.value), fmt::format("`{}` is not a number", Trim(value_cell)),
                     "write the value as a number such as 12.5, or leave the cell empty (or NA) "
                     "for a missing value");
        return;
      }
    }
    auto [it, inserted] = first_line_.emplace(std::pair(facet, period->start), t_.line(r));
    if (!inserted) {
      std::string in = c_.facet ? fmt::format(" in facet `{}`", facet) : "";
      diags_.Error(Where(r, c_.date),
                   fmt::format("{} appears twice{} (first on line {}); a series may have one "
                               "value per date",
                               period->ToString(), in, it->second),
                   "remove or merge one of the two rows");
      return;
    }
    points.push_back({facet, period->start, value});
    report.date_text.push_back(period->ToString());
    report.lines.push_back(t_.line(r));
  }

 private:
  SourceLocation Where(size_t r, size_t col) const {
    return {t_.file(), t_.line(r), FieldColumn(lines_.Line(t_.line(r)), col)};
  }

  const CsvTable& t_;
  LineIndex lines_;
  Columns c_;
  Diagnostics& diags_;
  std::optional<PeriodKind> prefer_;
  std::map<std::pair<std::string, Date>, int> first_line_;
};

std::string SeriesName(const SpcReport& report, const SpcFacet& f, const SpcGroup& g) {
  std::string name = report.faceted ? fmt::format("facet `{}`", f.facet) : "the series";
  if (f.series.groups.size() > 1) name = fmt::format("rebase group {} of {}", g.rebase_group, name);
  return name;
}

void WarnAboutGroups(const SpcReport& report, const std::string& file, Diagnostics& diags) {
  for (const SpcFacet& f : report.facets) {
    for (const SpcGroup& g : f.series.groups) {
      int first = report.lines[f.series.points[g.begin].input_index];
      int last = report.lines[f.series.points[g.end - 1].input_index];
      std::string name = SeriesName(report, f, g);
      if (std::isnan(g.upl)) {
        diags.Warning(
            {file, first},
            fmt::format("{} (lines {}-{}) has no process limits: {}", name, first, last,
                        g.moving_ranges == 0 ? "it needs two consecutive values for a moving range"
                                             : "every moving range is 0 and was screened out as an "
                                               "outlier"),
            g.moving_ranges == 0 ? "" : "--no-screen-outliers keeps them");
      } else if (g.n < stats::kSpcShortGroupThreshold) {
        diags.Warning({file, first},
                      fmt::format("{} has only {} points (lines {}-{}); limits from fewer than "
                                  "{} points are unreliable",
                                  name, g.n, first, last, stats::kSpcShortGroupThreshold));
      }
    }
  }
}

void WarnAboutRebaseDates(const SpcReport& report, const std::string& file, Diagnostics& diags) {
  auto has = [](const SpcFacet& f, Date d) {
    for (const auto& p : f.series.points) {
      if (p.date == d) return true;
    }
    return false;
  };
  const SpcFacetOptions& o = report.options;
  for (const Date& d : o.common.rebase) {
    bool found = false;
    for (const SpcFacet& f : report.facets) found = found || has(f, d);
    if (!found) {
      diags.Warning({file}, fmt::format("rebase date {} is not the date of any point; ignored",
                                        d.ToString()));
    }
  }
  for (const SpcFacet& f : report.facets) {
    auto it = o.rebase.find(f.facet);
    if (it == o.rebase.end()) continue;
    for (const Date& d : it->second) {
      if (has(f, d)) continue;
      diags.Warning({file}, fmt::format("rebase date {} is not the date of a point in facet `{}`; "
                                        "ignored",
                                        d.ToString(), f.facet));
    }
  }
}

}  // namespace

std::string FormatSpcDiagnostics(const Diagnostics& diags, std::string_view source) {
  LineIndex lines(source);
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    out += d.ToString() + "\n";
    out += CaretLine(lines.From(d.where.line), 1, d.where.column);
  }
  return out;
}

Result<SpcFacetOptions> ParseSpcOptions(const SpcRequest& req, std::optional<PeriodKind> prefer) {
  SpcFacetOptions o;
  o.common = req.options;
  o.common.target.reset();
  o.common.rebase.clear();
  auto named_without_facets = [&](const std::string& opt, const std::string& s) {
    return Status::InvalidInput(
        fmt::format("{} {}: names a facet, but no --facet column was given", opt, s));
  };
  for (const std::string& t : req.targets) {
    auto [facet, text] = SplitNamed(t);
    auto v = ParseDouble(text);
    if (!v) {
      return Status::InvalidInput(
          fmt::format("--target {}: `{}` is not a number; expected X or FACET=X", t, text));
    }
    if (!facet.empty() && !req.facet_column) return named_without_facets("--target", t);
    if (facet.empty() && o.common.target) {
      return Status::InvalidInput("--target: give one target for every facet, or FACET=X for each");
    }
    if (facet.empty()) o.common.target = *v;
    if (!facet.empty()) o.targets[facet] = *v;
  }
  for (const std::string& r : req.rebase) {
    auto [facet, text] = SplitNamed(r);
    auto p = Period::Parse(text, prefer);
    if (!p) {
      return Status::InvalidInput(
          fmt::format("--rebase {}: `{}` is not a date; expected {}", r, text, kDateForms));
    }
    if (!facet.empty() && !req.facet_column) return named_without_facets("--rebase", r);
    if (facet.empty()) o.common.rebase.push_back(p->start);
    if (!facet.empty()) o.rebase[facet].push_back(p->start);
  }
  return o;
}

std::optional<SpcReport> BuildSpcReport(const CsvTable& table, std::string_view source,
                                        const SpcRequest& req, Diagnostics& diags) {
  auto columns = FindColumns(table, req, diags);
  if (!columns) return std::nullopt;
  if (table.rows() == 0) {
    diags.Error({table.file(), 1}, "no data rows after the header; nothing to chart");
    return std::nullopt;
  }
  SpcReport report;
  report.faceted = req.facet_column.has_value();
  RowReader reader(table, source, *columns, diags);
  std::vector<SpcFacetInput> points;
  for (size_t r = 0; r < table.rows(); ++r) reader.Read(r, report, points);
  if (diags.has_errors()) return std::nullopt;
  auto options = ParseSpcOptions(req, reader.prefer());
  if (!options.ok()) {
    diags.Error({}, options.status().message());
    return std::nullopt;
  }
  report.options = std::move(options).value();
  auto facets = stats::ComputeSpcByFacet(std::move(points), report.options);
  if (!facets.ok()) {
    diags.Error({table.file()}, facets.status().message());
    return std::nullopt;
  }
  report.facets = std::move(facets).value();
  WarnAboutRebaseDates(report, table.file(), diags);
  WarnAboutGroups(report, table.file(), diags);
  return report;
}

}  // namespace barometer::report
