#include "population/output.h"

namespace barometer::population {
namespace {

OutputCell Num(double v) { return NumberCell(v); }
OutputCell Count(const std::optional<int64_t>& v) { return CountCell(v); }
OutputCell Opt(const std::optional<double>& v) { return NumberCell(v); }

}  // namespace

std::string Render(const OutputTable& t, OutputFormat format, int decimals) {
  switch (format) {
    case OutputFormat::kCsv:
      return TableToCsv(t);
    case OutputFormat::kJson:
      return TableToJson(t, JsonShape::kDocument);
    case OutputFormat::kTable:
      return TableToText(t, {.decimals = decimals});
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
