#include "report/internal/tables.h"

#include "report/html.h"
#include "report/internal/present.h"

namespace barometer::report::internal {
namespace {

Cell Opt(std::optional<double> v) { return v ? Cell(*v) : Cell(); }
Cell Str(std::string s) { return s.empty() ? Cell() : Cell(std::move(s)); }

std::vector<Cell> MeasureRow(const strategy::Strategy& s, const strategy::Measure& m,
                             const MeasureResult* r) {
  static const MeasureResult kEmpty;
  const MeasureResult& x = r ? *r : kEmpty;
  strategy::Thread t = strategy::ThreadOf(s, m);
  std::string variation, assurance;
  if (x.spc) {
    variation = stats::VariationIconName(x.spc->variation_icon);
    assurance = stats::AssuranceIconName(x.spc->assurance);
  }
  const strategy::Committee* c =
      t.objective ? strategy::EffectiveCommittee(s, *t.objective)
                  : strategy::FindCommittee(s, t.priority ? t.priority->committee : "");
  return {Str(t.priority ? t.priority->id : ""),
          Str(t.priority ? t.priority->name : ""),
          Str(t.objective ? t.objective->id : ""),
          Str(t.objective ? t.objective->name : ""),
          Str(m.id),
          Str(m.name),
          Str(m.unit ? std::string(strategy::EnumName(*m.unit)) : ""),
          Str(x.latest_period),
          Opt(x.latest),
          Opt(x.target),
          Str(x.target_text),
          Str(std::string(StatusName(x.status))),
          Str(x.reason),
          Str(variation),
          Str(assurance),
          x.peers && x.peers->rank ? Cell(static_cast<double>(*x.peers->rank)) : Cell(),
          x.peers ? Cell(static_cast<double>(x.peers->count)) : Cell(),
          x.peers && x.peers->quartile ? Cell(static_cast<double>(*x.peers->quartile)) : Cell(),
          x.forecast ? Cell(x.forecast->value) : Cell(),
          x.forecast ? Str(x.forecast->date.ToString()) : Cell(),
          x.forecast ? Str(x.forecast->verdict) : Cell(),
          Str(t.objective ? RoleName(s, t.objective->owner) : ""),
          Str(c ? c->name : ""),
          Str(x.commentary)};
}

}  // namespace

std::vector<DataTable> MeasureTables(const strategy::Strategy& s, const Evaluation& e,
                                     const std::vector<const strategy::Measure*>& measures) {
  DataTable t{"measures", "Measures of success, " + e.period.ToString(), {}, {}};
  for (const char* c : {"priority_id",      "priority",       "objective_id",   "objective",
                        "measure_id",       "measure",        "unit",           "latest_period",
                        "latest",           "target",         "target_text",    "status",
                        "reason",           "variation_icon", "assurance_icon", "rank",
                        "peer_count",       "quartile",       "forecast",       "forecast_date",
                        "forecast_verdict", "owner",          "committee",      "commentary"})
    t.columns.push_back({c});
  DataTable obs{
      "observations", "Observations", {{"measure_id"}, {"period"}, {"date"}, {"value"}}, {}};
  for (const strategy::Measure* m : measures) {
    const MeasureResult* r = e.Find(m->id);
    t.rows.push_back(MeasureRow(s, *m, r));
    t.columns[8].decimals = -1;
    if (r == nullptr) continue;
    for (const ObservationPoint& p : r->series)
      obs.rows.push_back({m->id, p.period, p.date.ToString(), p.value});
  }
  return {std::move(t), std::move(obs)};
}

std::string GoldenThread(const strategy::Strategy& s, const Evaluation& e,
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
      MeasureStatus st = ObjectiveStatus(s, e, o->id);
      items += "<li><strong>" + Esc(o->name) + "</strong> " + Pill(StatusLabel(st), StatusTone(st));
      std::string meta = RoleName(s, o->owner);
      const strategy::Committee* c = strategy::EffectiveCommittee(s, *o);
      if (c) meta += (meta.empty() ? "" : " · ") + c->name;
      if (!meta.empty()) items += "<br><span class=\"small muted\">" + Esc(meta) + "</span>";
      items += "<ul>";
      for (const strategy::Measure* m : strategy::MeasuresOf(s, o->id)) {
        const MeasureResult* r = e.Find(m->id);
        MeasureStatus ms = r ? r->status : MeasureStatus::kNoData;
        items += "<li>" + Esc(m->name) + " — " + Esc(StatusLabel(ms)) + "</li>";
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
