#include "report/from_population.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "population/phm.h"
#include "report/internal/canvas.h"
#include "report/internal/present.h"
#include "stats/indicators.h"

namespace barometer::report {
namespace {

namespace pop = population;

struct Outcome {
  pop::IndicatorId id;
  const strategy::Measure* measure = nullptr;  // the ambition, if the strategy has one
};

std::vector<Outcome> Outcomes(const strategy::Strategy* s) {
  std::vector<Outcome> out;
  if (s != nullptr) {
    for (const strategy::Measure& m : s->measures) {
      if (!m.outcome || m.indicator.empty()) continue;
      auto ids = pop::ParseIndicators(m.indicator);
      if (ids.ok() && ids->size() == 1) out.push_back({ids->front(), &m});
    }
  }
  if (out.empty()) {
    for (pop::IndicatorId id :
         {pop::IndicatorId::kLifeExpectancyBirth, pop::IndicatorId::kU75MortalityCancer,
          pop::IndicatorId::kU75MortalityCirculatory, pop::IndicatorId::kU75MortalityRespiratory,
          pop::IndicatorId::kInfantMortality})
      out.push_back({id, nullptr});
  }
  return out;
}

// Rolling three-year periods (as Fingertips pools mortality), or single
// years when the extract is shorter.
std::vector<pop::YearRange> Periods(int first, int last) {
  std::vector<pop::YearRange> p;
  if (last - first >= 2)
    for (int y = first + 2; y <= last; ++y) p.push_back({y - 2, y});
  else
    for (int y = first; y <= last; ++y) p.push_back({y, y});
  return p;
}

double Mid(const pop::YearRange& r) { return (r.first + r.last) / 2.0; }

std::optional<double> Finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string UnitOf(pop::IndicatorId id) {
  switch (id) {
    case pop::IndicatorId::kLifeExpectancyBirth:
    case pop::IndicatorId::kLifeExpectancy65:
    case pop::IndicatorId::kLeGap:
    case pop::IndicatorId::kSiiLifeExpectancy:
      return " years";
    case pop::IndicatorId::kInfantMortality:
      return " per 1,000 live births";
    default:
      return " per 100,000";
  }
}

// The ambition's value and year from the measure's last dated numeric target.
void Ambition(const strategy::Strategy& s, const strategy::Measure& m, OutcomeView& o) {
  std::optional<double> base = m.baseline.value;
  if (!base && !o.area.empty()) base = o.area.front().y;
  for (const strategy::Target& t : m.targets) {
    auto v = internal::TargetValue(m, t, base);
    auto due = strategy::DueDate(s, t);
    if (!v || !due) continue;
    o.ambition = v;
    o.ambition_year = due->year + (due->month - 1) / 12.0;
    o.ambition_text = t.text;
  }
}

void Verdict(const pop::TrendResult& t, int year, OutcomeView& o) {
  auto fmt = [&](double v) { return internal::Num(v, o.decimals) + o.unit; };
  if (!std::isfinite(t.projected)) {
    o.verdict = t.note.empty() ? "Not enough data to project the trend." : t.note;
    return;
  }
  o.verdict = "The trend projects " + fmt(t.projected) + " in " + std::to_string(year) +
              " (95% CI " + fmt(t.lower95) + " to " + fmt(t.upper95) + ")";
  if (!o.ambition) {
    o.status = MeasureStatus::kNotYetDue;
    o.verdict += ".";
    return;
  }
  bool meets = o.higher_is_better ? t.projected >= *o.ambition : t.projected <= *o.ambition;
  bool could = o.higher_is_better ? t.upper95 >= *o.ambition : t.lower95 <= *o.ambition;
  o.status = meets   ? MeasureStatus::kOnTrack
             : could ? MeasureStatus::kAtRisk
                     : MeasureStatus::kOffTrack;
  o.verdict += std::string(" against the ambition of ") + fmt(*o.ambition) + ": " +
               (meets   ? "on course to meet it."
                : could ? "could still meet it, but the trend says it will not."
                        : "projected to miss it.");
}

Result<OutcomeView> BuildOutcome(const pop::Extract& x, const strategy::Strategy* s,
                                 const Outcome& oc, const std::vector<pop::YearRange>& periods,
                                 const PopulationViewOptions& o) {
  const pop::IndicatorInfo& info = pop::Info(oc.id);
  OutcomeView v;
  v.id = std::string(info.name);
  v.name = oc.measure ? oc.measure->name : std::string(info.description);
  v.definition = std::string(info.description) + " (" + std::string(info.unit) + ")";
  v.unit = UnitOf(oc.id);
  v.decimals = v.unit == " years" ? 1 : 1;
  v.higher_is_better = info.polarity == pop::Polarity::kHighIsGood;
  v.comparator_name = "England";
  pop::TrendRequest tr;
  tr.indicator = oc.id;
  tr.periods = periods;
  tr.base.disclosure = o.disclosure;
  tr.base.threads = o.threads;
  tr.base.sii_repetitions = o.sii_repetitions;
  if (o.comparator) tr.base.comparator = *o.comparator;
  auto trend = pop::ComputeTrend(x, tr);
  if (!trend.ok() && trend.status().code() == StatusCode::kInvalidInput) {
    // Too few periods with a value (a small area, or counts suppressed by
    // disclosure control): the outcome stays in the report and says so.
    if (oc.measure && s) Ambition(*s, *oc.measure, v);
    v.status = MeasureStatus::kNoData;
    v.verdict = "No trend: " + trend.status().message() + ".";
    return v;
  }
  if (!trend.ok()) return trend.status();
  for (const pop::TrendPoint& p : trend->points)
    if (std::isfinite(p.value))
      v.area.push_back({p.x, p.value, Finite(p.lower95), Finite(p.upper95)});
  if (oc.measure && s) Ambition(*s, *oc.measure, v);
  int target_year =
      v.ambition_year ? static_cast<int>(std::floor(*v.ambition_year)) : periods.back().last + 3;
  if (std::isfinite(trend->projected) || v.ambition) {
    tr.target_year = target_year;
    tr.target = v.ambition;
    if (auto t2 = pop::ComputeTrend(x, tr); t2.ok()) *trend = *t2;
  }
  if (!v.area.empty() && std::isfinite(trend->projected))
    v.projection = {{v.area.back().x, v.area.back().y},
                    {static_cast<double>(target_year) + 0.5, trend->projected}};
  Verdict(*trend, target_year, v);
  if (o.comparator) {
    for (const pop::YearRange& p : periods) {
      const pop::ComparatorRow* r =
          o.comparator->Find(info.name, p.ToString(), pop::Breakdown{}, "all", "all");
      if (r) v.comparator.push_back({Mid(p), r->value});
    }
  }
  return v;
}

// Rows of `by` broken down by one deprivation dimension, in the period.
Result<std::vector<pop::IndicatorRow>> ByDeprivation(const pop::Extract& x,
                                                     std::vector<pop::IndicatorId> indicators,
                                                     pop::Dimension dim,
                                                     const pop::YearRange& period,
                                                     const PopulationViewOptions& o) {
  pop::IndicatorRequest req;
  req.periods = {period};
  req.breakdowns = {{dim, false}};
  req.indicators = std::move(indicators);
  req.disclosure = o.disclosure;
  req.threads = o.threads;
  req.sii_repetitions = o.sii_repetitions;
  return pop::ComputeIndicators(x, req);
}

// The SII over deprivation groups (PHE method, 95% limits), when every group
// has a value that disclosure control let through; else the groups missing.
struct SiiResult {
  std::optional<double> sii, lower, upper;
  std::vector<std::string> missing;
};

SiiResult SiiOver(const std::vector<pop::IndicatorRow>& rows, std::string_view breakdown,
                  stats::ValueType type, const PopulationViewOptions& o) {
  SiiResult out;
  std::vector<stats::SiiQuantile> q;
  for (const pop::IndicatorRow& r : rows) {
    if (r.breakdown != breakdown) continue;
    if (!std::isfinite(r.value) || !r.denominator || !std::isfinite(r.lower95)) {
      out.missing.push_back(r.breakdown_value);
      continue;
    }
    q.push_back({static_cast<double>(*r.denominator), r.value,
                 stats::SiiStandardError(r.lower95, r.upper95, type)});
  }
  if (!out.missing.empty() || q.size() < 2) return out;
  stats::SiiOptions so;
  so.value_type = type;
  so.repetitions = std::max(1000, o.sii_repetitions);
  auto sii = stats::Sii(q, so);
  if (!sii.ok()) return out;
  out.sii = Finite(sii->sii);
  if (!sii->sii_limits.empty()) {
    out.lower = Finite(sii->sii_limits[0].lower);
    out.upper = Finite(sii->sii_limits[0].upper);
  }
  return out;
}

// Values by national IMD decile for the chart, and the SII: over deciles,
// or over quintiles when disclosure control suppressed a decile (a deprived
// city has few people in the least deprived deciles); when a quintile is
// suppressed too, the view says why there is no SII.
void Deciles(const pop::Extract& x, pop::IndicatorId id, const pop::YearRange& period,
             const PopulationViewOptions& o, OutcomeView& v) {
  pop::IndicatorId by =
      id == pop::IndicatorId::kLeGap ? pop::IndicatorId::kLifeExpectancyBirth : id;
  // Life expectancy's SII comes from the engine in the same scan: its own
  // life tables per decile need no published counts
  // (docs/population-indicators.md).
  const bool le = by == pop::IndicatorId::kLifeExpectancyBirth;
  std::vector<pop::IndicatorId> wanted = {by};
  if (le) wanted.push_back(pop::IndicatorId::kSiiLifeExpectancy);
  auto rows = ByDeprivation(x, wanted, pop::Dimension::kImdDecile, period, o);
  if (!rows.ok()) return;
  for (const pop::IndicatorRow& r : *rows) {
    if (r.breakdown != "imd_decile") continue;
    std::string label = r.breakdown_value + (r.breakdown_value == "1"    ? " (most deprived)"
                                             : r.breakdown_value == "10" ? " (least deprived)"
                                                                         : "");
    v.deciles.push_back({label, Finite(r.value), Finite(r.lower95), Finite(r.upper95)});
  }
  std::sort(v.deciles.begin(), v.deciles.end(), [](const GroupValue& a, const GroupValue& b) {
    return std::stoi(a.label) < std::stoi(b.label);
  });
  v.decile_period = period.ToString();
  v.decile_title = std::string(pop::Info(by).description);
  v.sii_groups = "deciles";
  if (le) {
    for (const pop::IndicatorRow& r : *rows) {
      if (r.indicator != pop::Info(pop::IndicatorId::kSiiLifeExpectancy).name ||
          r.breakdown != "all")
        continue;
      v.sii = Finite(r.value);
      v.sii_lower = Finite(r.lower95);
      v.sii_upper = Finite(r.upper95);
      if (!v.sii) v.sii_note = "No slope index of inequality: " + r.note + ".";
    }
    return;
  }
  stats::ValueType type = stats::ValueType::kRate;
  SiiResult sii = SiiOver(*rows, "imd_decile", type, o);
  if (!sii.sii && !sii.missing.empty()) {
    std::vector<std::string> deciles = sii.missing;
    auto quintiles = ByDeprivation(x, {by}, pop::Dimension::kImdQuintile, period, o);
    if (quintiles.ok()) sii = SiiOver(*quintiles, "imd_quintile", type, o);
    v.sii_groups = "quintiles";
    if (!sii.sii) {
      v.sii_note =
          fmt::format("No slope index of inequality: disclosure control suppressed decile{} {}{}.",
                      deciles.size() == 1 ? "" : "s", fmt::join(deciles, ", "),
                      sii.missing.empty()
                          ? ""
                          : fmt::format(" and quintile{} {}", sii.missing.size() == 1 ? "" : "s",
                                        fmt::join(sii.missing, ", ")));
    }
  }
  v.sii = sii.sii;
  v.sii_lower = sii.lower;
  v.sii_upper = sii.upper;
}

void Segments(const pop::Extract& x, int32_t at, const PopulationViewOptions& o,
              PopulationView& v) {
  auto rules = pop::DefaultSegmentationRules();
  if (!rules.ok()) return;
  pop::SegmentAssignment seg = pop::AssignSegments(x, *rules, at, o.threads);
  std::vector<pop::SegmentRow> rows =
      pop::SummariseSegments(x, *rules, seg, 12, o.disclosure, o.threads);
  auto find = [&](const std::string& segment, const char* measure) -> const pop::SegmentRow* {
    for (const pop::SegmentRow& r : rows)
      if (r.segment == segment && r.breakdown == "all" && r.measure == measure) return &r;
    return nullptr;
  };
  const pop::SegmentRow* all_people = find("all", "people");
  const pop::SegmentRow* all_beds = find("all", "bed_days");
  if (all_people && all_people->count) v.population = static_cast<double>(*all_people->count);
  for (const pop::SegmentDef& d : rules->segments) {
    SegmentRow r;
    r.name = d.label;
    const pop::SegmentRow* people = find(d.id, "people");
    const pop::SegmentRow* adm = find(d.id, "emergency_admissions");
    const pop::SegmentRow* beds = find(d.id, "bed_days");
    if (people && people->count) r.people = static_cast<double>(*people->count);
    if (r.people && v.population && *v.population > 0) r.percent = 100 * *r.people / *v.population;
    if (adm && adm->per_1000) r.emergency_admissions_per_1000 = *adm->per_1000;
    if (beds && beds->count && all_beds && all_beds->count && *all_beds->count > 0)
      r.bed_days_share =
          100.0 * static_cast<double>(*beds->count) / static_cast<double>(*all_beds->count);
    v.segments.push_back(r);
  }
}

void Lorenz(const pop::Extract& x, int32_t at, const PopulationViewOptions& o, PopulationView& v) {
  pop::ConcentrationOptions co;
  co.threads = o.threads;
  auto rows = pop::Concentration(x, at, nullptr, nullptr, co, o.disclosure);
  v.concentration_measure = "hospital bed days";
  v.lorenz.push_back({0, 0});
  for (const pop::ConcentrationRow& r : rows) {
    if (r.group != "all" || r.measure != "bed_days" || !r.value) continue;
    if (r.statistic == "lorenz" && r.x) v.lorenz.push_back({*r.x / 100, *r.value / 100});
    if (r.statistic == "gini") v.gini = *r.value;
    if (r.statistic == "top_share" && r.x && *r.x == 5) v.top5_share = *r.value;
  }
  std::sort(v.lorenz.begin(), v.lorenz.end(),
            [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
  if (v.lorenz.back().x < 1) v.lorenz.push_back({1, 1});
  if (v.lorenz.size() <= 2) v.lorenz.clear();
}

}  // namespace

Result<PopulationView> BuildPopulationView(const population::Extract& x,
                                           const strategy::Strategy* s,
                                           const PopulationViewOptions& o) {
  int first = o.first_year > 0 ? o.first_year : pop::FirstYear(x);
  int last = o.last_year > 0 ? o.last_year : pop::LastCompleteYear(x);
  if (last < first)
    return Status::InvalidInput("no complete calendar year from " + std::to_string(first) + " to " +
                                std::to_string(last) + " in the extract");
  std::vector<pop::YearRange> periods = Periods(first, last);
  PopulationView v;
  v.area = o.area;
  v.period = periods.front().ToString() + " to " + periods.back().ToString();
  v.data_note = o.data_note;
  for (const Outcome& oc : Outcomes(s)) {
    auto out = BuildOutcome(x, s, oc, periods, o);
    if (!out.ok()) return out.status();
    Deciles(x, oc.id, periods.back(), o, *out);
    v.outcomes.push_back(std::move(*out));
  }
  int32_t at = static_cast<int32_t>(Date{last, 12, 31}.ToDays());
  Segments(x, at, o, v);
  Lorenz(x, at, o, v);
  v.disclosure_note =
      !pop::Weakened(o.disclosure)
          ? "Disclosure control: counts of " + std::to_string(o.disclosure.suppress_at) +
                " or fewer are suppressed (shown as “s”), other counts are rounded to the "
                "nearest " +
                std::to_string(o.disclosure.round_to) +
                ", with secondary suppression; values from suppressed counts are not shown."
          : pop::UnsafeToPublish(o.disclosure);
  return v;
}

}  // namespace barometer::report
