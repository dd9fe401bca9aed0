#include "population/output.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/number.h"

namespace barometer::population {
namespace {

OutputCell Num(double v) { return std::isnan(v) ? OutputCell{} : OutputCell{v}; }
OutputCell Count(const std::optional<int64_t>& v) { return v ? OutputCell{*v} : OutputCell{}; }
OutputCell Opt(const std::optional<double>& v) { return v ? Num(*v) : OutputCell{}; }

std::string Text(const OutputCell& c, int decimals) {
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  if (std::holds_alternative<int64_t>(c)) return std::to_string(std::get<int64_t>(c));
  if (std::holds_alternative<double>(c)) {
    double v = std::get<double>(c);
    return decimals < 0 ? FormatShortest(v) : FormatFixed(v, decimals);
  }
  return "";
}

std::string RenderCsv(const OutputTable& t) {
  std::string out;
  if (!t.banner.empty()) out += "# " + t.banner + "\n";
  AppendCsvRow(out, t.columns);
  std::vector<std::string> fields;
  for (const auto& row : t.rows) {
    fields.clear();
    for (const OutputCell& c : row) fields.push_back(Text(c, -1));
    AppendCsvRow(out, fields);
  }
  return out;
}

std::string RenderJson(const OutputTable& t) {
  nlohmann::ordered_json doc;
  if (!t.banner.empty()) doc["warning"] = t.banner;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    nlohmann::ordered_json r;
    for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
      const OutputCell& c = row[i];
      if (std::holds_alternative<std::string>(c))
        r[t.columns[i]] = std::get<std::string>(c);
      else if (std::holds_alternative<int64_t>(c))
        r[t.columns[i]] = std::get<int64_t>(c);
      else if (std::holds_alternative<double>(c))
        r[t.columns[i]] = std::get<double>(c);
      else
        r[t.columns[i]] = nullptr;
    }
    rows.push_back(std::move(r));
  }
  doc["rows"] = std::move(rows);
  return doc.dump(2) + "\n";
}

std::string RenderText(const OutputTable& t, int decimals) {
  std::vector<size_t> width(t.columns.size());
  std::vector<std::vector<std::string>> cells;
  for (size_t i = 0; i < t.columns.size(); ++i) width[i] = t.columns[i].size();
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      r.push_back(i < row.size() ? Text(row[i], decimals) : "");
      width[i] = std::max(width[i], r.back().size());
    }
    cells.push_back(std::move(r));
  }
  std::string out;
  if (!t.banner.empty()) out += "!! " + t.banner + "\n";
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (size_t i = 0; i < r.size(); ++i) {
      if (i > 0) l += "  ";
      l += r[i] + std::string(width[i] - r[i].size(), ' ');
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(t.columns);
  for (const auto& r : cells) line(r);
  return out;
}

}  // namespace

std::string Render(const OutputTable& t, OutputFormat format, int decimals) {
  switch (format) {
    case OutputFormat::kCsv:
      return RenderCsv(t);
    case OutputFormat::kJson:
      return RenderJson(t);
    case OutputFormat::kTable:
      return RenderText(t, decimals);
  }
  return "";
}

std::string UnsafeBanner() { return UnsafeToPublish(DisclosureOptions{false}); }

OutputTable IndicatorTable(const std::vector<IndicatorRow>& rows) {
  OutputTable t;
  t.columns = {"indicator",   "period",      "area",       "breakdown",   "breakdown_value",
               "count",       "denominator", "value",      "lower95_0cl", "upper95_0cl",
               "lower99_8cl", "upper99_8cl", "comparison", "suppressed",  "note"};
  for (const IndicatorRow& r : rows) {
    t.rows.push_back({r.indicator, r.period, r.area, r.breakdown, r.breakdown_value, Count(r.count),
                      Count(r.denominator), Num(r.value), Num(r.lower95), Num(r.upper95),
                      Num(r.lower998), Num(r.upper998), r.comparison, r.suppressed, r.note});
  }
  return t;
}

OutputTable TrendTable(const TrendResult& tr, const std::string& indicator, const std::string& area,
                       const std::string& sex, int target_year, std::optional<double> target) {
  OutputTable t;
  t.columns = {"indicator", "area",        "sex",         "period",      "kind",
               "value",     "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl",
               "target",    "assessment",  "suppressed"};
  for (const TrendPoint& p : tr.points) {
    t.rows.push_back({indicator, area, sex, p.period, std::string("observed"), Num(p.value),
                      Num(p.lower95), Num(p.upper95), Num(p.lower998), Num(p.upper998),
                      OutputCell{}, std::string(), p.suppressed});
  }
  t.rows.push_back({indicator, area, sex, std::to_string(target_year), std::string("projected"),
                    Num(tr.projected), Num(tr.lower95), Num(tr.upper95), Num(tr.lower998),
                    Num(tr.upper998), Opt(target), tr.assessment, std::string()});
  return t;
}

OutputTable SegmentTable(const std::vector<SegmentRow>& rows) {
  OutputTable t;
  t.columns = {"segment", "breakdown", "breakdown_value", "measure",
               "count",   "per_1000",  "suppressed"};
  for (const SegmentRow& r : rows) {
    t.rows.push_back({r.segment, r.breakdown, r.breakdown_value, r.measure, Count(r.count),
                      Opt(r.per_1000), r.suppressed});
  }
  return t;
}

OutputTable ConcentrationTable(const std::vector<ConcentrationRow>& rows) {
  OutputTable t;
  t.columns = {"group", "measure", "statistic", "x", "value", "suppressed"};
  for (const ConcentrationRow& r : rows) {
    t.rows.push_back({r.group, r.measure, r.statistic, Opt(r.x), Opt(r.value), r.suppressed});
  }
  return t;
}

OutputTable CaseFindingTable(const std::vector<CaseFindingRow>& rows) {
  OutputTable t;
  t.columns = {"rank",
               "person_id",
               "score",
               "rules",
               "emergency_admissions",
               "ae_attendances",
               "bed_days",
               "long_term_conditions",
               "age_band",
               "segment"};
  for (const CaseFindingRow& r : rows) {
    t.rows.push_back({r.rank, r.person_id, r.score, r.rules,
                      static_cast<int64_t>(r.emergency_admissions),
                      static_cast<int64_t>(r.ae_attendances), static_cast<int64_t>(r.bed_days),
                      static_cast<int64_t>(r.long_term_conditions), r.age_band, r.segment});
  }
  return t;
}

}  // namespace barometer::population
