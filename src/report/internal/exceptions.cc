#include "report/internal/exceptions.h"

#include <algorithm>

#include "report/html.h"
#include "report/internal/present.h"
#include "report/model.h"

namespace barometer::report::internal {
namespace {

using measures::MeasureEvaluation;

std::string LongDate(Date d) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

std::string Item(std::string_view label, const std::string& markup) {
  return "<dt>" + Esc(label) + "</dt><dd>" + markup + "</dd>";
}

std::string NotGiven(std::string_view what) {
  return "<span class=\"not-given\">" + Esc(what) + "</span>";
}

// Actions, mitigations, recovery and assurance from an update (or the line
// saying there is none), and the committee's level for the objective.
std::string FromUpdate(const strategy::Strategy& s, const measures::PeriodRecord& r,
                       const measures::Update* u, std::string_view owner_role,
                       std::string_view owner, std::string_view objective_id) {
  std::string out;
  if (!u) {
    out += Item("Why", "<span class=\"no-update\">" +
                           Esc(measures::NoUpdateText(owner_role, owner)) + "</span>");
  } else {
    out += Item("Why", u->narrative.empty() ? NotGiven("The update gives no narrative")
                                            : Esc(u->narrative));
    std::string actions;
    for (const measures::Action& a : u->actions)
      actions += "<li class=\"action\">" + Esc(a.text) +
                 " <span class=\"who\">— owner: " + Esc(RoleName(s, a.owner_role)) + "; due " +
                 Esc(LongDate(a.due)) + "; " + Esc(measures::ActionStateName(a.state)) +
                 "</span></li>";
    out += Item("Actions", actions.empty()
                               ? "<span class=\"no-update\">The update names no action</span>"
                               : "<ul>" + actions + "</ul>");
    std::string mitigations;
    for (const std::string& m : u->mitigations) mitigations += "<li>" + Esc(m) + "</li>";
    out += Item("Mitigations",
                mitigations.empty() ? NotGiven("None given") : "<ul>" + mitigations + "</ul>");
    out += Item("Recovery by", u->recovery ? Esc(LongDate(*u->recovery)) : NotGiven("Not given"));
    out += Item("Author", Esc(RoleName(s, u->author_role)));
  }
  std::string assurance;
  if (!objective_id.empty()) {
    const strategy::Objective* o = strategy::FindObjective(s, objective_id);
    const strategy::Committee* c = o ? strategy::EffectiveCommittee(s, *o) : nullptr;
    std::string who = c ? c->name : "The Board";
    if (auto level = r.AssuranceFor(objective_id)) {
      assurance = Esc(std::string(measures::AssuranceLevelLabel(*level)) + " (" + who + ", " +
                      r.period.ToString() + ")");
    } else {
      assurance = NotGiven("No level given by " + who + " for " + r.period.ToString());
    }
    if (u && u->proposed_assurance)
      assurance += " <span class=\"small muted\">· proposed by the owner: " +
                   Esc(measures::AssuranceLevelName(*u->proposed_assurance)) + "</span>";
  }
  if (!assurance.empty()) out += Item("Committee assurance", assurance);
  return out;
}

struct Exceptions {
  std::vector<std::pair<const strategy::Measure*, const MeasureEvaluation*>> measures;
  std::vector<const measures::DeliveryTarget*> overdue;
};

// The paper's exceptions by the rule printed on the page, in its order.
Exceptions Select(const measures::PeriodRecord& r, const std::vector<const strategy::Measure*>& ms,
                  const std::vector<const strategy::Objective*>& objectives) {
  Exceptions x;
  for (const strategy::Measure* m : ms) {
    const MeasureEvaluation* e = r.Measure(m->id);
    if (e && IsException(e->status)) x.measures.emplace_back(m, e);
  }
  std::stable_sort(x.measures.begin(), x.measures.end(), [](const auto& a, const auto& b) {
    return measures::StatusSeverity(a.second->status) > measures::StatusSeverity(b.second->status);
  });
  for (const strategy::Objective* o : objectives)
    for (const measures::DeliveryTarget* t : r.DeliveryTargetsOf(o->id))
      if (t->status == measures::MeasureStatus::kMilestoneOverdue) x.overdue.push_back(t);
  return x;
}

// The update's columns of a row of the exceptions table.
void UpdateCells(const strategy::Strategy& s, const measures::PeriodRecord& r,
                 const measures::Update* u, std::string_view owner_role, std::string_view owner,
                 std::string_view objective_id, std::vector<Cell>& row) {
  auto str = [](std::string v) { return v.empty() ? Cell() : Cell(std::move(v)); };
  if (!u) {
    row.push_back(Cell(std::string("no")));
    row.push_back(Cell(measures::NoUpdateText(owner_role, owner)));
    row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
  } else {
    row.push_back(Cell(std::string("yes")));
    row.push_back(str(u->narrative));
    std::string actions;
    for (const measures::Action& a : u->actions)
      actions += (actions.empty() ? "" : "; ") + a.text + " (owner: " + RoleName(s, a.owner_role) +
                 "; due " + a.due.ToString() + "; " +
                 std::string(measures::ActionStateName(a.state)) + ")";
    row.push_back(str(actions));
    std::string mitigations;
    for (const std::string& m : u->mitigations)
      mitigations += (mitigations.empty() ? "" : "; ") + m;
    row.push_back(str(mitigations));
    row.push_back(u->recovery ? Cell(u->recovery->ToString()) : Cell());
    row.push_back(str(RoleName(s, u->author_role)));
  }
  std::optional<measures::AssuranceLevel> level;
  if (!objective_id.empty()) level = r.AssuranceFor(objective_id);
  row.push_back(level ? Cell(std::string(measures::AssuranceLevelName(*level))) : Cell());
}

}  // namespace

DataTable ExceptionsTable(const strategy::Strategy& s, const measures::PeriodRecord& r,
                          const std::vector<const strategy::Measure*>& ms,
                          const std::vector<const strategy::Objective*>& objectives) {
  DataTable t{"exceptions",
              "Exceptions, " + r.period.ToString(),
              {{"kind"},
               {"id"},
               {"objective_id"},
               {"name"},
               {"status"},
               {"status_label"},
               {"what_happened"},
               {"period"},
               {"value"},
               {"owner"},
               {"update"},
               {"why"},
               {"actions"},
               {"mitigations"},
               {"recovery"},
               {"author"},
               {"committee_assurance"}}};
  Exceptions x = Select(r, ms, objectives);
  for (auto [m, e] : x.measures) {
    std::string owner = e->owner.empty() ? RoleName(s, e->owner_role) : e->owner;
    std::vector<Cell> row = {Cell(std::string("measure")),
                             Cell(m->id),
                             e->objective_id.empty() ? Cell() : Cell(e->objective_id),
                             Cell(m->name),
                             Cell(std::string(measures::StatusName(e->status))),
                             Cell(std::string(measures::StatusLabel(e->status))),
                             e->reason.empty() ? Cell() : Cell(e->reason),
                             e->latest ? Cell(e->latest->period.ToString()) : Cell(),
                             e->latest ? Cell(e->latest->value) : Cell(),
                             Cell(owner)};
    UpdateCells(s, r, r.UpdateForMeasure(m->id), e->owner_role, owner, e->objective_id, row);
    t.rows.push_back(std::move(row));
  }
  for (const measures::DeliveryTarget* d : x.overdue) {
    const strategy::Objective* o = strategy::FindObjective(s, d->objective_id);
    std::string owner_role = o ? o->owner : "";
    std::vector<Cell> row = {Cell(std::string("delivery_target")),
                             Cell(d->id),
                             Cell(d->objective_id),
                             Cell(d->text),
                             Cell(std::string(measures::StatusName(d->status))),
                             Cell(std::string(measures::StatusLabel(d->status))),
                             Cell("Delivery target " + d->reason),
                             Cell(),
                             Cell(),
                             Cell(RoleName(s, owner_role))};
    UpdateCells(s, r, r.UpdateForObjective(d->objective_id), owner_role, RoleName(s, owner_role),
                d->objective_id, row);
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string ExceptionsSection(const strategy::Strategy& s, const measures::PeriodRecord& r,
                              const std::vector<const strategy::Measure*>& ms,
                              const std::vector<const strategy::Objective*>& objectives,
                              bool cards) {
  Exceptions x = Select(r, ms, objectives);
  const auto& rows = x.measures;
  const auto& overdue = x.overdue;

  std::string out =
      "<section class=\"exceptions\" aria-labelledby=\"exceptions\"><h2 "
      "id=\"exceptions\">Exceptions</h2>";
  out +=
      "<p class=\"rule\"><strong>The rule:</strong> a measure is an exception when its status "
      "for " +
      Esc(r.period.ToString()) + " is " + StatusPill(measures::MeasureStatus::kOffTrack) + ", " +
      StatusPill(measures::MeasureStatus::kMilestoneOverdue) + " or " +
      StatusPill(measures::MeasureStatus::kAtRisk) +
      " (as barometer evaluate judges it); so is a delivery target due by the "
      "period's end and not done. Off track and overdue come first, then at risk. Each shows "
      "what happened, why, the actions with owners and due dates, mitigations, the recovery "
      "date and the committee's assurance, from the owners' updates for the period.</p>";
  if (rows.empty() && overdue.empty())
    return out +
           "<p>No measure or delivery target of this paper is an exception this period.</p>"
           "</section>";
  out += "<p>" + std::to_string(rows.size() + overdue.size()) + " exception" +
         (rows.size() + overdue.size() == 1 ? "" : "s") + ".</p>";
  for (auto [m, e] : rows) {
    std::string tone(ToneClass(StatusTone(e->status)));
    out += "<article class=\"exception " + tone + "\" id=\"" + Id("x", m->id) + "\">";
    out += "<div class=\"measure-head\"><h3>" + Esc(m->name) + "</h3>" + StatusPill(e->status) +
           "</div><dl>";
    std::string what = Esc(e->reason);
    if (e->latest)
      what += " <span class=\"small muted\">Latest " +
              Esc(Value(*m, e->latest->value) + " (" + PeriodOf(*e->latest) + ")") + "</span>";
    out += Item("What happened", what);
    out += Item("Owner", Esc(e->owner.empty() ? RoleName(s, e->owner_role) : e->owner));
    const measures::Update* u = r.UpdateForMeasure(m->id);
    out += FromUpdate(s, r, u, e->owner_role,
                      e->owner.empty() ? RoleName(s, e->owner_role) : e->owner, e->objective_id);
    out += "</dl>";
    if (cards)
      out += "<p class=\"small\"><a href=\"#" + Id("m", m->id) + "\">The measure's charts</a></p>";
    out += "</article>";
  }
  for (const measures::DeliveryTarget* t : overdue) {
    const strategy::Objective* o = strategy::FindObjective(s, t->objective_id);
    out += "<article class=\"exception bad\" id=\"" + Id("x", t->objective_id, t->id) + "\">";
    out += "<div class=\"measure-head\"><h3>" +
           Esc((o ? o->name : t->objective_id) + ": " + t->text) + "</h3>" + StatusPill(t->status) +
           "</div><dl>";
    out += Item("What happened", Esc("Delivery target " + t->reason));
    std::string owner_role = o ? o->owner : "";
    out += Item("Owner", Esc(RoleName(s, owner_role)));
    out += FromUpdate(s, r, r.UpdateForObjective(t->objective_id), owner_role,
                      RoleName(s, owner_role), t->objective_id);
    out += "</dl></article>";
  }
  return out + "</section>";
}

std::string ObjectiveRecord(const strategy::Strategy& s, const measures::PeriodRecord& r,
                            const strategy::Objective& o) {
  const auto targets = r.DeliveryTargetsOf(o.id);
  const measures::Update* u = r.UpdateForObjective(o.id);
  const bool has_measures = !strategy::MeasuresOf(s, o.id).empty();
  if (targets.empty() && !u && has_measures) return "";
  std::string out;
  if (!targets.empty()) {
    HtmlTable t;
    t.caption = "Delivery targets for " + o.name;
    t.headers = {"Delivery target", "Due", "Status", "Why"};
    t.numeric = {false, false, false, false};
    for (const measures::DeliveryTarget* d : targets)
      t.rows.push_back(
          {Esc(d->text), Esc(LongDate(d->due)), StatusPill(d->status), Esc(d->reason)});
    out += RenderTable(t);
  } else if (!has_measures) {
    out += "<p class=\"muted\">No delivery target has been recorded for this objective yet.</p>";
  }
  out += "<dl class=\"update\">";
  if (u) out += Item("Period", Esc(u->period.ToString()));
  out += FromUpdate(s, r, u, o.owner, RoleName(s, o.owner), o.id) + "</dl>";
  return "<div class=\"objective-record\"><h4>Quarterly update</h4>" + out + "</div>";
}

}  // namespace barometer::report::internal
