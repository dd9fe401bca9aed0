// server/app_views.cc — the reading pages beside the summary, each rendered
// from the period record with the report part's escaping, pills and SVG
// charts, and each with its JSON: the golden thread (strategy → priorities →
// objectives → measures, with the record's statuses), the Board Assurance
// Framework (the report part's BAF tables and heat map), the population
// outcomes (the record's outcome figures: values and 95% limits, never
// counts), and a measure's history of updates and value revisions.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/number.h"
#include "report/html.h"
#include "report/model.h"
#include "report/report.h"
#include "report/svg.h"
#include "server/internal/app.h"

namespace barometer::server {

using measures::PeriodRecord;
using nlohmann::ordered_json;
using report::Esc;

namespace {

std::string PeriodQuery(const Period& p) { return "?period=" + UrlEncode(p.ToString()); }

std::string Value(double v, int decimals) {
  return decimals < 0 ? FormatShortest(v) : FormatFixed(v, decimals);
}

measures::MeasureStatus Headline(const std::vector<measures::RollUp>& rollups,
                                 const std::string& id) {
  for (const measures::RollUp& r : rollups) {
    if (r.id == id) return r.headline;
  }
  return measures::MeasureStatus::kNoData;
}

std::string CommitteeName(const strategy::Strategy& s, const std::string& id) {
  const strategy::Committee* c = strategy::FindCommittee(s, id);
  return c ? c->name : id.empty() ? std::string("the Board") : id;
}

std::string MeasureLink(const measures::MeasureEvaluation& m, const Period& p) {
  return "<a href=\"/measure/" + Esc(UrlEncode(m.measure_id)) + Esc(PeriodQuery(p)) + "\">" +
         Esc(m.name) + "</a>";
}

ordered_json MeasureJson(const measures::MeasureEvaluation& m) {
  return {{"id", m.measure_id},
          {"name", m.name},
          {"status", measures::StatusName(m.status)},
          {"reason", m.reason}};
}

// The measures under an objective (or, with an empty objective, a priority's
// own headline measures), in strategy order, as the record evaluated them.
std::vector<const measures::MeasureEvaluation*> MeasuresUnder(const PeriodRecord& r,
                                                              const strategy::Strategy& s,
                                                              const std::string& priority,
                                                              const std::string& objective) {
  std::vector<const measures::MeasureEvaluation*> out;
  if (!objective.empty()) {
    for (const strategy::Measure* m : strategy::MeasuresOf(s, objective)) {
      if (const auto* e = r.Measure(m->id)) out.push_back(e);
    }
    return out;
  }
  for (const strategy::Measure& m : s.measures) {
    if (m.objective.empty() && m.priority == priority) {
      if (const auto* e = r.Measure(m.id)) out.push_back(e);
    }
  }
  return out;
}

std::string PeriodLine(const PeriodRecord& r) {
  return "<p>" + Esc(r.period.ToString()) + ": " + Esc(measures::RecordStateName(r.state)) + "; " +
         Esc(r.as_of) + ".</p>";
}

bool IsOutcome(const strategy::Measure& m) { return m.outcome || m.population.has_value(); }

}  // namespace

// ---- the golden thread ----

HttpResponse App::GoldenThreadPage(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const PeriodRecord& r = **record;
  const strategy::Strategy& s = strategy_;
  std::string body = PeriodLine(r);
  if (!s.organisation.vision.empty()) {
    body += "<p><strong>Vision:</strong> " + Esc(s.organisation.vision) + "</p>";
  }
  if (!s.strategic_ambitions.empty()) {
    body += "<h2>Strategic ambitions</h2><ul>";
    for (const strategy::StrategicAmbition& a : s.strategic_ambitions) {
      std::string serves;
      for (const std::string& id : a.priorities) {
        const strategy::Priority* p = strategy::FindPriority(s, id);
        serves += (serves.empty() ? "" : "; ") + (p ? p->name : id);
      }
      body +=
          "<li><strong>" + Esc(a.name) + "</strong>" +
          (serves.empty() ? "" : " <span class=\"small muted\">serves " + Esc(serves) + "</span>") +
          "</li>";
    }
    body += "</ul>";
  }
  auto measure_items = [&](const std::vector<const measures::MeasureEvaluation*>& ms) {
    std::string out;
    for (const auto* m : ms) {
      out += "<li>" + MeasureLink(*m, r.period) + " " + report::StatusPill(m->status) + "</li>";
    }
    return out;
  };
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    body += "<section class=\"thread\"><h2>" + Esc(p->name) + " " +
            report::StatusPill(Headline(r.evaluation.priorities, p->id)) + "</h2>";
    body += "<p class=\"small muted\">Committee: " + Esc(CommitteeName(s, p->committee)) +
            ". Lead: " + Esc(measures::OwnerName(s, p->lead)) + ".</p><ul>";
    body += measure_items(MeasuresUnder(r, s, p->id, ""));
    for (const strategy::Objective* o : strategy::ObjectivesOf(s, p->id)) {
      const strategy::Committee* c = strategy::EffectiveCommittee(s, *o);
      body += "<li><strong>" + Esc(o->name) + "</strong> " +
              report::StatusPill(Headline(r.evaluation.objectives, o->id)) +
              "<br><span class=\"small muted\">Executive owner: " +
              Esc(measures::OwnerName(s, o->owner)) + " · " +
              Esc(c ? c->name : std::string("the Board")) + "</span><ul>";
      body += measure_items(MeasuresUnder(r, s, p->id, o->id));
      for (const strategy::Unit& u : s.units) {
        for (const strategy::UnitObjective& uo : u.objectives) {
          for (const std::string& served : uo.serves) {
            if (served == o->id) {
              body += "<li class=\"small\">" + Esc(u.name) + ": " + Esc(uo.name) + "</li>";
            }
          }
        }
      }
      body += "</ul></li>";
    }
    body += "</ul></section>";
  }
  return Page(ctx, "The golden thread", body);
}

HttpResponse App::ApiGoldenThread(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const PeriodRecord& r = **record;
  const strategy::Strategy& s = strategy_;
  ordered_json j;
  j["period"] = r.period.ToString();
  j["state"] = measures::RecordStateName(r.state);
  j["organisation"] = s.organisation.name;
  j["strategy"] = s.organisation.strategy;
  j["vision"] = s.organisation.vision;
  j["ambitions"] = ordered_json::array();
  for (const strategy::StrategicAmbition& a : s.strategic_ambitions) {
    j["ambitions"].push_back({{"id", a.id}, {"name", a.name}, {"priorities", a.priorities}});
  }
  j["priorities"] = ordered_json::array();
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    ordered_json pj{{"id", p->id},
                    {"name", p->name},
                    {"status", measures::StatusName(Headline(r.evaluation.priorities, p->id))},
                    {"committee", p->committee},
                    {"lead_role", p->lead}};
    pj["measures"] = ordered_json::array();
    for (const auto* m : MeasuresUnder(r, s, p->id, "")) pj["measures"].push_back(MeasureJson(*m));
    pj["objectives"] = ordered_json::array();
    for (const strategy::Objective* o : strategy::ObjectivesOf(s, p->id)) {
      const strategy::Committee* c = strategy::EffectiveCommittee(s, *o);
      ordered_json oj{{"id", o->id},
                      {"name", o->name},
                      {"status", measures::StatusName(Headline(r.evaluation.objectives, o->id))},
                      {"owner_role", o->owner},
                      {"owner", measures::OwnerName(s, o->owner)},
                      {"committee", c ? c->id : std::string(measures::kBoardCommittee)}};
      oj["measures"] = ordered_json::array();
      for (const auto* m : MeasuresUnder(r, s, p->id, o->id))
        oj["measures"].push_back(MeasureJson(*m));
      oj["cascade"] = ordered_json::array();
      for (const strategy::Unit& u : s.units) {
        for (const strategy::UnitObjective& uo : u.objectives) {
          for (const std::string& served : uo.serves) {
            if (served == o->id)
              oj["cascade"].push_back({{"unit", u.name}, {"objective", uo.name}});
          }
        }
      }
      pj["objectives"].push_back(std::move(oj));
    }
    j["priorities"].push_back(std::move(pj));
  }
  return Json(200, j.dump(2) + "\n");
}

// ---- the Board Assurance Framework ----

namespace {

// The report part's BAF tables for the record (the flags are its own).
Result<std::vector<DataTable>> BafTables(const strategy::Strategy& s, const PeriodRecord& r) {
  auto d = report::BoardAssuranceFramework(s, r, {});
  if (!d.ok()) return d.status();
  return std::move(d->tables);
}

std::string CellOf(const DataTable& t, const std::string& key_column, const std::string& key,
                   const std::string& column) {
  std::vector<std::string> names = t.ColumnNames();
  size_t k = names.size(), c = names.size();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == key_column) k = i;
    if (names[i] == column) c = i;
  }
  if (k == names.size() || c == names.size()) return {};
  for (const auto& row : t.rows) {
    if (CellText(row[k]) == key) return CellText(row[c]);
  }
  return {};
}

}  // namespace

HttpResponse App::BafPage(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const PeriodRecord& r = **record;
  const strategy::Strategy& s = strategy_;
  std::string body = PeriodLine(r);
  if (s.risks.empty()) {
    body +=
        "<p>The strategy has no Board Assurance Framework risks ([[risks]] in the strategy "
        "file).</p>";
    return Page(ctx, "Board Assurance Framework", body);
  }
  auto tables = BafTables(s, r);
  if (!tables.ok()) return Error(ctx, 500, tables.status().message());
  const DataTable& risks = tables->front();
  body += "<figure>" + report::StrategyRiskHeatMapSvg(s) + "</figure>";
  report::HtmlTable t;
  t.caption = "Risk register: scores and the status of the objectives each risk threatens";
  t.headers = {"Risk", "Committee", "Current", "Target", "Appetite", "Objectives", "Flag"};
  t.numeric = {false, false, true, true, false, false, false};
  for (const strategy::Risk& k : s.risks) {
    std::string objectives = "<ul>";
    for (const std::string& id : k.objectives) {
      const strategy::Objective* o = strategy::FindObjective(s, id);
      objectives += "<li>" + Esc(o ? o->name : id) + " " +
                    report::StatusPill(Headline(r.evaluation.objectives, id)) + "</li>";
    }
    objectives += "</ul>";
    const std::string flag = CellOf(risks, "risk_id", k.id, "flag");
    t.rows.push_back({Esc(k.id) + " " + Esc(k.title), Esc(CommitteeName(s, k.committee)),
                      std::to_string(k.current.Score()), std::to_string(k.target.Score()),
                      Esc(k.appetite_score ? "up to " + std::to_string(*k.appetite_score)
                                           : std::string("not scored")),
                      objectives, Esc(flag)});
  }
  body += report::RenderTable(t);
  return Page(ctx, "Board Assurance Framework", body);
}

HttpResponse App::ApiBaf(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  std::vector<DataTable> tables;
  if (!strategy_.risks.empty()) {
    auto t = BafTables(strategy_, **record);
    if (!t.ok()) return Error(ctx, 500, t.status().message());
    tables = std::move(*t);
  }
  return Json(
      200,
      TablesToJson(tables, {{"period", period.ToString()},
                            {"state", std::string(measures::RecordStateName((*record)->state))}}));
}

// ---- population outcomes ----

namespace {

constexpr const char* kOutcomeNote =
    "Outcome values and their 95% confidence limits as the period record holds them. Values fed "
    "from the population engine passed its disclosure control when fed (counts of 7 or fewer "
    "suppressed, others rounded to the nearest 5, with secondary suppression); a suppressed "
    "period has no value. No counts are shown.";

std::string OutcomeChart(const measures::MeasureEvaluation& m) {
  report::LineChart c;
  c.x_kind = report::XKind::kDate;
  c.decimals = m.decimals;
  report::LineSeries area{"Value", report::SeriesStyle::kActual, {}};
  for (const measures::Observation& o : m.series) {
    area.points.emplace_back(static_cast<double>(o.period.end.ToDays()), o.value, o.lower, o.upper);
  }
  std::string desc = m.name + ": " + std::to_string(m.series.size()) + " values";
  if (m.latest) {
    desc += ", latest " + Value(m.latest->value, m.decimals) + " (" +
            measures::PeriodLabel(*m.latest) + ")";
  }
  desc += ". " + m.reason;
  c.text = {"o-" + m.measure_id, m.name + " — trend with 95% confidence limits", desc};
  c.series.push_back(std::move(area));
  if (m.target && m.target->numeric && m.target->goal) {
    c.targets.push_back(
        {static_cast<double>(m.target->due.ToDays()), *m.target->goal, m.target->text, ""});
  }
  return report::RenderLineChart(c);
}

}  // namespace

HttpResponse App::PopulationPage(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const PeriodRecord& r = **record;
  std::string body = PeriodLine(r) + "<p class=\"small muted\">" + Esc(kOutcomeNote) + "</p>";
  int shown = 0;
  for (const strategy::Measure& sm : strategy_.measures) {
    if (!IsOutcome(sm)) continue;
    const measures::MeasureEvaluation* m = r.Measure(sm.id);
    if (m == nullptr) continue;
    ++shown;
    body += "<section><h2>" + MeasureLink(*m, r.period) + " " + report::StatusPill(m->status) +
            "</h2><p>" + Esc(m->reason) + "</p>";
    if (m->latest) {
      body += "<p><strong>Latest (" + Esc(measures::PeriodLabel(*m->latest)) + "):</strong> " +
              Esc(Value(m->latest->value, m->decimals));
      if (m->latest->lower && m->latest->upper) {
        body += " (95% CI " + Esc(Value(*m->latest->lower, m->decimals)) + " to " +
                Esc(Value(*m->latest->upper, m->decimals)) + ")";
      }
      body += "</p>";
    }
    if (m->target) body += "<p><strong>Ambition:</strong> " + Esc(m->target->text) + "</p>";
    if (!m->series.empty()) body += "<figure>" + OutcomeChart(*m) + "</figure>";
    body += "</section>";
  }
  if (shown == 0) {
    body +=
        "<p>The strategy has no outcome measures (<code>outcome = true</code> or "
        "<code>[measures.population]</code>).</p>";
  }
  return Page(ctx, "Population outcomes", body);
}

HttpResponse App::ApiPopulation(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const PeriodRecord& r = **record;
  auto opt = [](const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(); };
  ordered_json j;
  j["period"] = r.period.ToString();
  j["state"] = measures::RecordStateName(r.state);
  j["note"] = kOutcomeNote;
  j["outcomes"] = ordered_json::array();
  for (const strategy::Measure& sm : strategy_.measures) {
    if (!IsOutcome(sm)) continue;
    const measures::MeasureEvaluation* m = r.Measure(sm.id);
    if (m == nullptr) continue;
    ordered_json o = MeasureJson(*m);
    o["indicator"] = sm.population ? sm.population->indicator : sm.indicator;
    o["ambition"] = m->target ? ordered_json(m->target->text) : ordered_json();
    o["values"] = ordered_json::array();
    for (const measures::Observation& v : m->series) {
      o["values"].push_back({{"period", v.period.ToString()},
                             {"value", v.value},
                             {"lower", opt(v.lower)},
                             {"upper", opt(v.upper)}});
    }
    j["outcomes"].push_back(std::move(o));
  }
  return Json(200, j.dump(2) + "\n");
}

// ---- a measure's history ----

Result<MeasureHistory> App::HistoryOf(const std::string& measure_id, const PeriodRecord& r) {
  // A locked period shows what stood at its lock; nothing after the period.
  const int64_t bound =
      r.state == measures::RecordState::kLocked ? r.lock_load_id : measures::kAllLoads;
  const int64_t end = r.period.end.ToDays();
  MeasureHistory h;
  auto updates = store_.UpdateHistory("measure", measure_id);
  if (!updates.ok()) return updates.status();
  for (measures::Update& u : *updates) {
    if (u.period.end.ToDays() <= end && u.provenance.load_id <= bound) {
      h.updates.push_back(std::move(u));
    }
  }
  auto values = store_.History(measure_id);
  if (!values.ok()) return values.status();
  for (measures::StoredObservation& v : *values) {
    if (v.observation.period.end.ToDays() <= end && v.provenance.load_id <= bound) {
      h.values.push_back(std::move(v));
    }
  }
  return h;
}

std::string RenderHistory(const MeasureHistory& h, int decimals) {
  std::string out = "<h2>History</h2>";
  if (h.updates.empty()) {
    out += "<p>No updates submitted up to this period.</p>";
  } else {
    report::HtmlTable t;
    t.caption = "Every revision of the owner's updates";
    t.headers = {"Period", "Revision", "Author", "Saved by", "Saved at", "Assurance", "Narrative"};
    for (auto it = h.updates.rbegin(); it != h.updates.rend(); ++it) {
      const measures::Update& u = *it;
      t.rows.push_back(
          {Esc(u.period.ToString()), std::to_string(u.revision), Esc(u.author_role),
           Esc(u.provenance.loaded_by), Esc(u.provenance.loaded_at),
           u.proposed_assurance ? Esc(measures::AssuranceLevelLabel(*u.proposed_assurance)) : "—",
           Esc(u.narrative)});
    }
    out += report::RenderTable(t);
  }
  // Values: the periods revised since first loaded, with every revision.
  std::map<std::string, int> revisions;
  for (const auto& v : h.values) revisions[v.observation.period.ToString()]++;
  report::HtmlTable t;
  t.caption = "Values revised after they were first loaded";
  t.headers = {"Period", "Revision", "Value", "Loaded by", "Loaded at", "Source"};
  t.numeric = {false, true, true, false, false, false};
  for (const auto& v : h.values) {
    if (revisions[v.observation.period.ToString()] < 2) continue;
    t.rows.push_back(
        {Esc(v.observation.period.ToString()), std::to_string(v.revision),
         Esc(Value(v.observation.value, decimals)), Esc(v.provenance.loaded_by),
         Esc(v.provenance.loaded_at),
         Esc(v.provenance.source_file + ":" + std::to_string(v.provenance.source_line))});
  }
  const auto revised =
      std::count_if(revisions.begin(), revisions.end(), [](const auto& e) { return e.second > 1; });
  out += "<p>" + std::to_string(revisions.size()) + " periods with a value, " +
         std::to_string(revised) + " revised since first loaded.</p>";
  if (!t.rows.empty()) out += report::RenderTable(t);
  return out;
}

ordered_json HistoryJson(const MeasureHistory& h) {
  ordered_json j;
  j["updates"] = ordered_json::array();
  for (const measures::Update& u : h.updates) {
    j["updates"].push_back(
        {{"period", u.period.ToString()},
         {"revision", u.revision},
         {"author_role", u.author_role},
         {"saved_by", u.provenance.loaded_by},
         {"saved_at", u.provenance.loaded_at},
         {"proposed_assurance",
          u.proposed_assurance ? ordered_json(measures::AssuranceLevelName(*u.proposed_assurance))
                               : ordered_json()},
         {"narrative", u.narrative}});
  }
  j["values"] = ordered_json::array();
  for (const measures::StoredObservation& v : h.values) {
    j["values"].push_back({{"period", v.observation.period.ToString()},
                           {"revision", v.revision},
                           {"value", v.observation.value},
                           {"current", v.current},
                           {"loaded_by", v.provenance.loaded_by},
                           {"loaded_at", v.provenance.loaded_at},
                           {"source", v.provenance.source_file},
                           {"line", v.provenance.source_line}});
  }
  return j;
}

}  // namespace barometer::server
