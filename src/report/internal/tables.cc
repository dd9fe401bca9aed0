#include "report/internal/tables.h"

#include "report/html.h"
#include "report/internal/present.h"

namespace barometer::report::internal {
namespace {

using measures::MeasureEvaluation;

Cell Opt(std::optional<double> v) { return v ? Cell(*v) : Cell(); }
Cell Str(std::string s) { return s.empty() ? Cell() : Cell(std::move(s)); }
Cell Int(int v, bool show) { return show ? Cell(static_cast<double>(v)) : Cell(); }

// The columns of "measures": the names `evaluate --format csv` uses for the
// same figures (docs/evaluation.md), then the thread, owner and commentary.
constexpr const char* kColumns[] = {"priority_id",
                                    "priority",
                                    "objective_id",
                                    "objective",
                                    "committee_id",
                                    "committee",
                                    "measure_id",
                                    "measure",
                                    "unit",
                                    "period",
                                    "value",
                                    "provisional",
                                    "baseline",
                                    "baseline_period",
                                    "baseline_source",
                                    "target",
                                    "target_for_period",
                                    "target_op",
                                    "target_due",
                                    "target_text",
                                    "status",
                                    "status_label",
                                    "reason",
                                    "variation_icon",
                                    "assurance_icon",
                                    "rank",
                                    "peers",
                                    "quartile",
                                    "forecast",
                                    "forecast_lower",
                                    "forecast_upper",
                                    "forecast_probability",
                                    "forecast_due",
                                    "forecast_status",
                                    "forecast_verdict",
                                    "owner",
                                    "commentary"};

std::vector<Cell> MeasureRow(const strategy::Strategy& s, const strategy::Measure& m,
                             const MeasureEvaluation* e) {
  static const MeasureEvaluation kEmpty;
  const MeasureEvaluation& x = e ? *e : kEmpty;
  strategy::Thread t = strategy::ThreadOf(s, m);
  std::string variation, assurance;
  if (x.spc) {
    variation = stats::VariationIconName(x.spc->variation_icon);
    assurance = stats::AssuranceIconName(x.spc->assurance);
  }
  const measures::TargetView* tv = x.target ? &*x.target : nullptr;
  const measures::ForecastInfo* f = measures::MainForecast(x);
  const measures::RankInfo* r = x.rank ? &*x.rank : nullptr;
  std::string owner = t.objective ? RoleName(s, t.objective->owner)
                                  : RoleName(s, t.priority ? t.priority->lead : "");
  return {Str(x.priority_id),
          Str(t.priority ? t.priority->name : ""),
          Str(x.objective_id),
          Str(t.objective ? t.objective->name : ""),
          Str(x.committee_id),
          Str(x.committee_id.empty() ? "" : CommitteeName(s, x.committee_id)),
          Str(m.id),
          Str(m.name),
          Str(x.unit),
          Str(x.latest ? x.latest->period.ToString() : ""),
          Opt(x.latest ? std::optional<double>(x.latest->value) : std::nullopt),
          Str(x.latest ? (x.latest->provisional ? "yes" : "no") : ""),
          Opt(x.baseline.value),
          Str(x.baseline.period),
          Str(std::string(measures::BaselineSourceName(x.baseline.source))),
          Opt(tv ? tv->goal : std::nullopt),
          Opt(tv ? tv->goal_for_period : std::nullopt),
          Str(tv ? tv->op : ""),
          Str(tv ? tv->due.ToString() : ""),
          Str(tv ? tv->text : ""),
          Str(std::string(measures::StatusName(x.status))),
          Str(std::string(measures::StatusLabel(x.status))),
          Str(x.reason),
          Str(variation),
          Str(assurance),
          Int(r ? r->rank : 0, r != nullptr),
          Int(r ? r->peers : 0, r != nullptr),
          Int(r ? r->quartile : 0, r && r->quartile > 0),
          f ? Cell(f->value) : Cell(),
          f ? Cell(f->lower) : Cell(),
          f ? Cell(f->upper) : Cell(),
          f ? Cell(f->probability) : Cell(),
          f ? Str(f->due.ToString()) : Cell(),
          f ? Str(f->projected_to_meet ? "projected_to_meet" : "projected_to_miss") : Cell(),
          f ? Str(ForecastVerdict(m, *f)) : Cell(),
          Str(owner),
          Str(x.commentary ? x.commentary->text : "")};
}

}  // namespace

DataTable DeliveryTargetTable(const measures::PeriodRecord& r,
                              const std::vector<const strategy::Objective*>& objectives) {
  DataTable t{"delivery_targets",
              "Delivery targets, " + r.period.ToString(),
              {{"objective_id"}, {"id"}, {"text"}, {"due"}, {"done_on"}, {"status"}, {"reason"}}};
  for (const strategy::Objective* o : objectives) {
    for (const measures::DeliveryTarget* d : r.DeliveryTargetsOf(o->id)) {
      t.rows.push_back({d->objective_id, d->id, d->text, d->due.ToString(),
                        d->done_on ? Cell(d->done_on->ToString()) : Cell(),
                        std::string(measures::StatusName(d->status)), Str(d->reason)});
    }
  }
  return t;
}

std::vector<DataTable> MeasureTables(const strategy::Strategy& s, const measures::PeriodRecord& r,
                                     const std::vector<const strategy::Measure*>& measures) {
  DataTable t{"measures", "Measures of success, " + r.period.ToString(), {}, {}};
  for (const char* c : kColumns) t.columns.push_back({c});
  DataTable obs{"observations",
                "Observations",
                {{"measure_id"},
                 {"period"},
                 {"date"},
                 {"value"},
                 {"numerator"},
                 {"denominator"},
                 {"provisional"}},
                {}};
  for (const strategy::Measure* m : measures) {
    const MeasureEvaluation* e = r.Measure(m->id);
    t.rows.push_back(MeasureRow(s, *m, e));
    if (e == nullptr) continue;
    for (const measures::Observation& o : e->series)
      obs.rows.push_back({m->id, o.period.ToString(), o.period.end.ToString(), o.value,
                          Opt(o.numerator), Opt(o.denominator), Str(o.provisional ? "yes" : "no")});
  }
  return {std::move(t), std::move(obs)};
}

std::string GoldenThread(const strategy::Strategy& s, const measures::PeriodRecord& r,
                         const std::function<bool(const strategy::Objective&)>& include) {
  std::string out =
      "<section class=\"section-break thread\" aria-labelledby=\"golden-thread\">"
      "<h2 id=\"golden-thread\">Appendix: the golden thread</h2>"
      "<p>How each measure connects to the objective it evidences, the priority it serves, the "
      "committee that monitors it and the executive who owns it";
  if (s.cascade && !s.cascade->levels.empty()) {
    out += ", and how the strategy cascades: ";
    for (size_t i = 0; i < s.cascade->levels.size(); ++i)
      out += (i ? " → " : "") + Esc(s.cascade->levels[i]);
  }
  out += ".</p>";
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    std::string items;
    for (const strategy::Objective* o : strategy::ObjectivesOf(s, p->id)) {
      if (!include(*o)) continue;
      items +=
          "<li><strong>" + Esc(o->name) + "</strong> " + StatusPill(ObjectiveHeadline(r, o->id));
      std::string meta = "Executive owner: " + RoleName(s, o->owner);
      const strategy::Committee* c = strategy::EffectiveCommittee(s, *o);
      if (c) meta += " · " + c->name;
      items += "<br><span class=\"small muted\">" + Esc(meta) + "</span>";
      items += "<ul>";
      for (const strategy::Measure* m : strategy::MeasuresOf(s, o->id)) {
        const MeasureEvaluation* e = r.Measure(m->id);
        measures::MeasureStatus ms = e ? e->status : measures::MeasureStatus::kNoData;
        items += "<li>" + Esc(m->name) + " — " + Esc(measures::StatusLabel(ms)) + "</li>";
      }
      for (const strategy::Unit& u : s.units)
        for (const strategy::UnitObjective& uo : u.objectives)
          for (const std::string& served : uo.serves)
            if (served == o->id)
              items += "<li class=\"small\">" + Esc(u.name) + ": " + Esc(uo.name) + "</li>";
      items += "</ul></li>";
    }
    if (items.empty()) continue;
    out += "<h3>" + Esc(p->name) + "</h3>";
    std::string serving;
    for (const strategy::Programme& g : s.programmes)
      for (const std::string& id : g.priorities)
        if (id == p->id) serving += (serving.empty() ? "" : "; ") + g.name;
    for (const strategy::EnablingStrategy& g : s.enabling_strategies)
      for (const std::string& id : g.priorities)
        if (id == p->id) serving += (serving.empty() ? "" : "; ") + g.name;
    if (!serving.empty())
      out += "<p class=\"small\"><strong>Delivered through:</strong> " + Esc(serving) + "</p>";
    out += "<ul>" + items + "</ul>";
  }
  return out + "</section>";
}

}  // namespace barometer::report::internal
