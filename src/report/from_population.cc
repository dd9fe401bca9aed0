#include "report/from_population.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "population/outcomes.h"
#include "population/phm.h"
#include "report/internal/canvas.h"
#include "report/internal/present.h"

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
      const std::string& name = m.population ? m.population->indicator : m.indicator;
      if (!m.outcome || name.empty()) continue;
      auto ids = pop::ParseIndicators(name);
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
  return pop::PooledPeriods(first, last, last - first >= 2 ? 3 : 1);
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

double YearOf(Date d) { return d.year + (d.month - 1) / 12.0; }

// An outcome fed to the store: every figure as the measures evaluation holds
// it (the period record), so this report and the Board report agree.
void FromRecord(const strategy::Measure& m, const measures::MeasureEvaluation& e, OutcomeView& v) {
  const double half = (strategy::PooledYears(*m.population) - 1) / 2.0;
  auto years = [&](const measures::Observation& o) {
    int last = o.period.end.year, first = last - strategy::PooledYears(*m.population) + 1;
    return pop::YearRange{first, last}.ToString();
  };
  for (const measures::Observation& o : e.series)
    v.area.push_back({o.period.end.year - half, o.value, o.lower, o.upper});
  if (e.latest) {
    v.value = e.latest->value;
    v.lower = e.latest->lower;
    v.upper = e.latest->upper;
    v.value_period = years(*e.latest);
  }
  v.status = e.status;
  v.verdict = e.reason;
  v.source = "the measure store (values fed by `population feed`, as the Board report shows them)";
  // The ambition drawn: the target that applies, else the last dated goal.
  std::optional<measures::TargetView> t = e.target;
  if (!t || !t->goal)
    for (const measures::TargetView& x : e.targets)
      if (x.goal) t = x;
  if (t && t->goal) {
    v.ambition = t->goal;
    v.ambition_year = YearOf(t->due);
    v.ambition_text = t->text;
  }
  for (const measures::ForecastInfo& f : e.forecasts) {
    if (t && f.target_index != t->index) continue;
    if (!v.area.empty()) {
      v.projection = {{v.area.back().x, v.area.back().y}, {YearOf(f.due), f.value}};
      v.projection_method = f.method_text;
    }
    break;
  }
}

// An outcome the store does not hold: the engine's trend and projection,
// with no ambition to judge it against.
Status FromEngine(const pop::Extract& x, const Outcome& oc,
                  const std::vector<pop::YearRange>& periods, const PopulationViewOptions& o,
                  OutcomeView& v) {
  pop::TrendRequest tr;
  tr.indicator = oc.id;
  tr.periods = periods;
  tr.target_year = periods.back().last + 3;
  tr.base.disclosure = o.disclosure;
  tr.base.threads = o.threads;
  tr.base.sii_repetitions = o.sii_repetitions;
  if (o.comparator) tr.base.comparator = *o.comparator;
  v.status = MeasureStatus::kNotYetDue;
  std::string why =
      oc.measure == nullptr ? std::string()
      : oc.measure->population
          ? " Not judged against the ambition: its values are not in the measure store (run "
            "`barometer population feed` and give the store with --db)."
          : " Not judged against the ambition: the strategy names no population source for it "
            "([measures.population]).";
  auto trend = pop::ComputeTrend(x, tr);
  if (!trend.ok() && trend.status().code() == StatusCode::kInvalidInput) {
    // Too few periods with a value (a small area, or counts suppressed by
    // disclosure control): the outcome stays in the report and says so.
    v.status = MeasureStatus::kNoData;
    v.verdict = "No trend: " + trend.status().message() + "." + why;
    return Status::Ok();
  }
  if (!trend.ok()) return trend.status();
  for (const pop::TrendPoint& p : trend->points)
    if (std::isfinite(p.value)) {
      v.area.push_back({p.x, p.value, Finite(p.lower95), Finite(p.upper95)});
      v.value = p.value;
      v.lower = Finite(p.lower95);
      v.upper = Finite(p.upper95);
      v.value_period = p.period;
    }
  auto fmt = [&](double d) { return internal::Num(d, v.decimals) + v.unit; };
  if (!v.area.empty() && std::isfinite(trend->projected)) {
    v.projection = {{v.area.back().x, v.area.back().y},
                    {static_cast<double>(tr.target_year) + 0.5, trend->projected}};
    v.projection_method =
        "weighted least-squares line through the " + std::to_string(v.area.size()) +
        " periods (weights from each value's standard error, the spread widened when the points "
        "scatter more than their errors say), projected to " +
        std::to_string(tr.target_year) + "; 95% interval";
    v.verdict = "The trend projects " + fmt(trend->projected) + " in " +
                std::to_string(tr.target_year) + " (95% CI " + fmt(trend->lower95) + " to " +
                fmt(trend->upper95) + ")." + why;
  } else {
    v.verdict = (trend->note.empty() ? "Not enough data to project the trend." : trend->note) + why;
  }
  return Status::Ok();
}

Result<OutcomeView> BuildOutcome(const pop::Extract& x, const Outcome& oc,
                                 const std::vector<pop::YearRange>& periods,
                                 const PopulationViewOptions& o) {
  const pop::IndicatorInfo& info = pop::Info(oc.id);
  OutcomeView v;
  v.id = std::string(info.name);
  v.name = oc.measure ? oc.measure->name : std::string(info.description);
  v.definition = std::string(info.description) + " (" + std::string(info.unit) + ")";
  v.unit = UnitOf(oc.id);
  v.decimals = 1;
  v.higher_is_better = info.polarity == pop::Polarity::kHighIsGood;
  v.comparator_name = "England";
  v.source = "computed from the extract by the population engine";
  const measures::MeasureEvaluation* fed = oc.measure && oc.measure->population && o.record
                                               ? o.record->Measure(oc.measure->id)
                                               : nullptr;
  if (fed != nullptr) {
    FromRecord(*oc.measure, *fed, v);
  } else if (Status s = FromEngine(x, oc, periods, o, v); !s.ok()) {
    return s;
  }
  if (o.comparator) {
    for (const pop::YearRange& p : periods) {
      const pop::ComparatorRow* r =
          o.comparator->Find(info.name, p.ToString(), pop::Breakdown{}, "all", "all");
      if (r) v.comparator.push_back({Mid(p), r->value});
    }
  }
  return v;
}

// Values by national IMD decile for the chart, and the slope index of
// inequality, both from the engine (population/outcomes.h).
void Deciles(const pop::Extract& x, pop::IndicatorId id, const pop::YearRange& period,
             const PopulationViewOptions& o, OutcomeView& v) {
  pop::IndicatorRequest base;
  base.disclosure = o.disclosure;
  base.threads = o.threads;
  base.sii_repetitions = o.sii_repetitions;
  auto in = pop::ComputeInequality(x, id, period, base);
  if (!in.ok()) return;
  for (const pop::IndicatorRow& r : in->deciles) {
    std::string label = r.breakdown_value + (r.group == 1    ? " (most deprived)"
                                             : r.group == 10 ? " (least deprived)"
                                                             : "");
    v.deciles.push_back({label, Finite(r.value), Finite(r.lower95), Finite(r.upper95)});
  }
  v.decile_period = period.ToString();
  v.decile_title = std::string(pop::Info(in->indicator).description);
  v.sii_groups = in->groups == pop::Dimension::kImdQuintile ? "quintiles" : "deciles";
  v.sii = in->sii;
  v.sii_lower = in->lower95;
  v.sii_upper = in->upper95;
  if (v.sii) return;
  if (!in->note.empty()) {
    v.sii_note = "No slope index of inequality: " + in->note + ".";
  } else if (!in->missing_deciles.empty()) {
    const std::vector<int>& d = in->missing_deciles;
    const std::vector<int>& q = in->missing_quintiles;
    v.sii_note = fmt::format(
        "No slope index of inequality: disclosure control suppressed decile{} {}{}.",
        d.size() == 1 ? "" : "s", fmt::join(d, ", "),
        q.empty()
            ? ""
            : fmt::format(" and quintile{} {}", q.size() == 1 ? "" : "s", fmt::join(q, ", ")));
  }
}

void Segments(const pop::Extract& x, int32_t at, const PopulationViewOptions& o,
              PopulationView& v) {
  auto rules = pop::DefaultSegmentationRules();
  if (!rules.ok()) return;
  pop::SegmentAssignment seg = pop::AssignSegments(x, *rules, at, o.threads);
  std::vector<pop::SegmentRow> rows =
      pop::SummariseSegments(x, *rules, seg, 12, o.disclosure, o.threads);
  auto find = [&](int segment, pop::UseMeasure use) -> const pop::SegmentRow* {
    for (const pop::SegmentRow& r : rows)
      if (r.segment_index == segment && r.whole_segment && r.use == use) return &r;
    return nullptr;
  };
  const pop::SegmentRow* all_people = find(pop::kEveryone, pop::UseMeasure::kPeople);
  const pop::SegmentRow* all_beds = find(pop::kEveryone, pop::UseMeasure::kBedDays);
  if (all_people && all_people->count) v.population = static_cast<double>(*all_people->count);
  for (size_t i = 0; i < rules->segments.size(); ++i) {
    SegmentRow r;
    r.name = rules->segments[i].label;
    const int seg_index = static_cast<int>(i);
    const pop::SegmentRow* people = find(seg_index, pop::UseMeasure::kPeople);
    const pop::SegmentRow* adm = find(seg_index, pop::UseMeasure::kEmergencyAdmissions);
    const pop::SegmentRow* beds = find(seg_index, pop::UseMeasure::kBedDays);
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
    using Stat = pop::ConcentrationStatistic;
    if (r.segment_index != pop::kEveryone || r.use != pop::UseMeasure::kBedDays || !r.value)
      continue;
    if (r.stat == Stat::kLorenz && r.x) v.lorenz.push_back({*r.x / 100, *r.value / 100});
    if (r.stat == Stat::kGini) v.gini = *r.value;
    if (r.stat == Stat::kTopShare && r.x && *r.x == 5) v.top5_share = *r.value;
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
  if (o.record) v.period += "; reporting period " + o.record->period.ToString();
  v.data_note = o.data_note;
  for (const Outcome& oc : Outcomes(s)) {
    auto out = BuildOutcome(x, oc, periods, o);
    if (!out.ok()) return out.status();
    // Inequality in the latest period shown (the fed value's pooled years).
    pop::YearRange latest = periods.back();
    if (auto p = pop::ParseYearRange(out->value_period); p.ok()) latest = *p;
    Deciles(x, oc.id, latest, o, *out);
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
