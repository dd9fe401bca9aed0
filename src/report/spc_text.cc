// `barometer spc` output as text: CSV (docs/spc.md), JSON and an aligned table.
#include "report/spc.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/number.h"

namespace barometer::report {
namespace {

using stats::SpcFacet;
using stats::SpcGroup;
using stats::SpcPoint;
using Json = nlohmann::ordered_json;

std::string Value(const SpcPoint& p) { return p.value ? FormatShortest(*p.value) : ""; }

// Six significant figures: enough to read, short enough to line up.
std::string Short(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : ""; }

std::string Table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::vector<std::string> PointRow(const SpcReport& r, const SpcFacet& f, const SpcPoint& p,
                                  bool table) {
  std::vector<std::string> row;
  if (r.faceted) row.push_back(f.facet);
  auto num = [&](double v) { return table ? Short(v) : SpcNumber(v); };
  row.insert(row.end(), {r.date_text[p.input_index], table && p.value ? Short(*p.value) : Value(p),
                         std::to_string(p.rebase_group), num(p.mean), num(p.lpl), num(p.upl),
                         p.special_cause_type, std::string(PointTypeName(p.point_type))});
  return row;
}

std::vector<std::string> IconRow(const SpcReport& r, const SpcFacet& f) {
  std::vector<std::string> row;
  if (r.faceted) row.push_back(f.facet);
  const SpcPoint& last = f.series.points.back();
  row.insert(row.end(), {r.date_text[last.input_index],
                         std::string(VariationIconName(f.series.variation_icon)),
                         std::string(AssuranceIconName(f.series.assurance))});
  return row;
}

std::vector<std::string> Header(const SpcReport& r, std::vector<std::string> rest) {
  if (r.faceted) rest.insert(rest.begin(), "facet");
  return rest;
}

Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json Str(std::string_view s) { return s.empty() ? Json(nullptr) : Json(std::string(s)); }

Json OptionsJson(const stats::SpcFacetOptions& o) {
  Json j;
  j["improvement"] = std::string(ImprovementName(o.common.improvement));
  j["target"] = Opt(o.common.target);
  j["targets"] = Json::object();
  for (const auto& [facet, t] : o.targets) j["targets"][facet] = t;
  j["rebase"] = Json::array();
  for (const Date& d : o.common.rebase) j["rebase"].push_back(d.ToString());
  j["facet_rebase"] = Json::object();
  for (const auto& [facet, dates] : o.rebase) {
    for (const Date& d : dates) j["facet_rebase"][facet].push_back(d.ToString());
  }
  j["fix_after_n_points"] = Opt(o.common.fix_after_n_points);
  j["screen_outliers"] = o.common.screen_outliers;
  j["shift_length"] = o.common.shift_length;
  j["trend_length"] = o.common.trend_length;
  j["two_in_three"] = std::string(TwoInThreeRuleName(o.common.two_in_three));
  return j;
}

Json GroupJson(const SpcReport& r, const SpcFacet& f, const SpcGroup& g) {
  const auto& pts = f.series.points;
  return Json{{"rebase_group", g.rebase_group},
              {"first_date", r.date_text[pts[g.begin].input_index]},
              {"last_date", r.date_text[pts[g.end - 1].input_index]},
              {"n", g.n},
              {"values", g.values},
              {"baseline_points", g.baseline_points},
              {"mean", Num(g.mean)},
              {"lpl", Num(g.lpl)},
              {"upl", Num(g.upl)},
              {"mean_moving_range", Num(g.mean_moving_range)},
              {"moving_ranges", g.moving_ranges},
              {"moving_ranges_screened", g.moving_ranges_screened},
              {"common_cause", g.common_cause},
              {"special_cause_improvement", g.special_cause_improvement},
              {"special_cause_concern", g.special_cause_concern},
              {"special_cause_neutral", g.special_cause_neutral},
              {"variation_type", std::string(PointTypeName(g.variation_type))},
              {"assurance_type", Str(AssuranceTypeName(g.assurance))}};
}

Json PointJson(const SpcReport& r, const SpcPoint& p) {
  return Json{{"date", r.date_text[p.input_index]},
              {"line", r.lines[p.input_index]},
              {"value", Opt(p.value)},
              {"rebase_group", p.rebase_group},
              {"in_baseline", p.baseline_value.has_value()},
              {"mean", Num(p.mean)},
              {"lpl", Num(p.lpl)},
              {"upl", Num(p.upl)},
              {"outside_limits", Opt(p.outside_limits)},
              {"relative_to_mean", Opt(p.relative_to_mean)},
              {"close_to_limits", Opt(p.close_to_limits)},
              {"special_cause_type", p.special_cause_type},
              {"special_cause_flag", p.special_cause_flag},
              {"point_type", std::string(PointTypeName(p.point_type))},
              {"short_group_warning", p.short_group_warning},
              {"target", Opt(p.target)}};
}

}  // namespace

std::string SpcNumber(double v) { return std::isfinite(v) ? FormatShortest(v) : ""; }

std::string SpcPointsCsv(const SpcReport& report) {
  std::string out;
  AppendCsvRow(out, Header(report, {"date", "value", "rebase_group", "mean", "lpl", "upl",
                                    "special_cause_type", "point_type"}));
  for (const SpcFacet& f : report.facets) {
    for (const SpcPoint& p : f.series.points) AppendCsvRow(out, PointRow(report, f, p, false));
  }
  return out;
}

std::string SpcIconsCsv(const SpcReport& report) {
  std::string out;
  AppendCsvRow(out, Header(report, {"last_date", "variation_icon", "assurance_icon"}));
  for (const SpcFacet& f : report.facets) AppendCsvRow(out, IconRow(report, f));
  return out;
}

std::string SpcPointsTable(const SpcReport& report) {
  std::vector<std::vector<std::string>> rows = {Header(
      report, {"date", "value", "group", "mean", "lpl", "upl", "special cause", "point type"})};
  for (const SpcFacet& f : report.facets) {
    for (const SpcPoint& p : f.series.points) rows.push_back(PointRow(report, f, p, true));
  }
  return Table(rows);
}

std::string SpcIconsTable(const SpcReport& report) {
  std::vector<std::vector<std::string>> rows = {
      Header(report, {"last date", "variation", "assurance"})};
  for (const SpcFacet& f : report.facets) {
    std::vector<std::string> row = IconRow(report, f);
    if (row.back().empty()) row.back() = "-";
    rows.push_back(std::move(row));
  }
  return Table(rows);
}

std::string SpcJson(const SpcReport& report, const std::vector<Diagnostic>& warnings,
                    bool icons_only) {
  Json j;
  j["method"] = "NHS England Making Data Count XmR chart (as NHSRplotthedots 0.2.2)";
  j["options"] = OptionsJson(report.options);
  j["facets"] = Json::array();
  for (const SpcFacet& f : report.facets) {
    const auto& s = f.series;
    Json fj;
    fj["facet"] = report.faceted ? Json(f.facet) : Json(nullptr);
    fj["last_date"] = report.date_text[s.points.back().input_index];
    fj["variation_icon"] = std::string(VariationIconName(s.variation_icon));
    fj["assurance_icon"] = Str(AssuranceIconName(s.assurance));
    fj["assurance_type"] = Str(AssuranceTypeName(s.assurance));
    fj["target"] = Opt(s.target);
    if (!icons_only) {
      fj["groups"] = Json::array();
      for (const SpcGroup& g : s.groups) fj["groups"].push_back(GroupJson(report, f, g));
      fj["points"] = Json::array();
      for (const SpcPoint& p : s.points) fj["points"].push_back(PointJson(report, p));
    }
    j["facets"].push_back(std::move(fj));
  }
  j["warnings"] = Json::array();
  for (const Diagnostic& d : warnings) j["warnings"].push_back(d.ToString());
  return j.dump(2) + "\n";
}

}  // namespace barometer::report
