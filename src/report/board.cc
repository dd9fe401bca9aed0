// The Board strategy report and committee packs: cover, headline status,
// exceptions, each priority with its objectives and measures, and the
// golden thread appendix.
#include <algorithm>
#include <map>

#include "core/text.h"
#include "report/internal/cover.h"
#include "report/internal/exceptions.h"
#include "report/internal/present.h"
#include "report/internal/risks.h"
#include "report/internal/tables.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using internal::Id;
using measures::MeasureEvaluation;

struct Scope {
  const strategy::Strategy* s;
  const measures::PeriodRecord* r;
  std::string committee;  // empty: the whole Board

  bool Covers(const strategy::Objective& o) const {
    if (committee.empty()) return true;
    const strategy::Committee* c = strategy::EffectiveCommittee(*s, o);
    return c != nullptr && c->id == committee;
  }
  bool Covers(const strategy::Priority& p) const {
    if (committee.empty() || p.committee == committee) return true;
    for (const strategy::Objective* o : strategy::ObjectivesOf(*s, p.id))
      if (Covers(*o)) return true;
    return false;
  }
  // A priority-level measure belongs to the priority's committee.
  bool Covers(const strategy::Measure& m) const {
    strategy::Thread t = strategy::ThreadOf(*s, m);
    if (t.objective) return Covers(*t.objective);
    return committee.empty() || (t.priority && t.priority->committee == committee);
  }
};

std::vector<const strategy::Measure*> MeasuresInScope(const Scope& sc) {
  std::vector<const strategy::Measure*> out;
  for (const strategy::Measure& m : sc.s->measures)
    if (sc.Covers(m)) out.push_back(&m);
  return out;
}

// A measure without a target, or whose target is not yet due, goes into the
// compact appendix table rather than a card.
bool Compact(const strategy::Measure& m, const MeasureEvaluation* e) {
  return m.targets.empty() || (e && e->status == measures::MeasureStatus::kNotYetDue);
}

std::string CompactNote(int n) {
  if (n == 0) return "";
  return "<p class=\"small muted\">" + std::to_string(n) + " measure" + (n == 1 ? "" : "s") +
         " without a target or whose target is not yet due: in the <a "
         "href=\"#appendix-measures\">appendix table</a>.</p>";
}

std::string CompactAppendix(const Scope& sc, const std::vector<const strategy::Measure*>& ms) {
  std::string rows;
  for (const strategy::Measure* m : ms) {
    const MeasureEvaluation* e = sc.r->Measure(m->id);
    if (!Compact(*m, e)) continue;
    strategy::Thread t = strategy::ThreadOf(*sc.s, *m);
    std::string why = m->targets.empty() ? "No target set in the strategy" : "Target not yet due";
    if (e && !m->targets.empty())
      for (const measures::TargetView& tv : e->targets)
        if (tv.due > sc.r->period.end) {
          why += " (first due " + tv.due.ToString() + ")";
          break;
        }
    rows += "<tr id=\"" + Id("m", m->id) + "\"><td>" + Esc(m->name) + "</td><td>" +
            Esc(t.objective  ? t.objective->name
                : t.priority ? t.priority->name
                             : "") +
            "</td><td class=\"num\">" +
            Esc(internal::Value(
                *m, e && e->latest ? std::optional<double>(e->latest->value) : std::nullopt)) +
            (e && e->latest ? " <span class=\"small muted\">(" +
                                  Esc(internal::PeriodOf(*e->latest)) + ")</span>"
                            : "") +
            "</td><td>" + Esc(why) + "</td><td>" +
            StatusPill(e ? e->status : measures::MeasureStatus::kNoData) + "</td></tr>";
  }
  if (rows.empty()) return "";
  return "<section class=\"section-break\" aria-labelledby=\"appendix-measures\"><h2 "
         "id=\"appendix-measures\">Appendix: measures without a target or not yet due</h2><p>"
         "Listed for completeness, without charts: nothing here is judged against a target "
         "this period.</p><table class=\"compact\"><thead><tr><th scope=\"col\">Measure</th><th "
         "scope=\"col\">Objective</th><th scope=\"col\" class=\"num\">Latest</th><th "
         "scope=\"col\">Why here</th><th scope=\"col\">Status</th></tr></thead><tbody>" +
         rows + "</tbody></table></section>";
}

std::string ObjectiveSection(const Scope& sc, const strategy::Objective& o, int* charts) {
  std::string out =
      "<section class=\"objective\" id=\"" + Id("o", o.id) + "\"><h3>" + Esc(o.name) + "</h3>";
  std::string meta = "Executive owner: " + Esc(internal::RoleName(*sc.s, o.owner));
  const strategy::Committee* c = strategy::EffectiveCommittee(*sc.s, o);
  if (c) meta += std::string(meta.empty() ? "" : " · ") + "Monitored by: " + Esc(c->name);
  if (!o.theme.empty()) meta += std::string(meta.empty() ? "" : " · ") + "Theme: " + Esc(o.theme);
  if (!meta.empty()) out += "<p class=\"meta\">" + meta + "</p>";
  auto ms = strategy::MeasuresOf(*sc.s, o.id);
  if (ms.empty()) out += "<p class=\"muted\">The strategy sets no measure for this objective.</p>";
  out += internal::ObjectiveRecord(*sc.s, *sc.r, o);
  int compact = 0;
  for (const strategy::Measure* m : ms) {
    const MeasureEvaluation* e = sc.r->Measure(m->id);
    if (Compact(*m, e))
      ++compact;
    else
      out += internal::MeasureCard(*sc.s, *m, e, {}, charts);
  }
  return out + CompactNote(compact) + "</section>";
}

std::string PrioritySection(const Scope& sc, const strategy::Priority& p, int* charts) {
  std::string out = "<section class=\"priority\" id=\"" + Id("p", p.id) + "\">";
  out += "<div class=\"priority-head\"><h2>" + Esc(p.name) + "</h2>";
  if (!p.ambition.empty())
    out += "<p>" + Esc(p.ambition) + "</p>";
  else if (!p.statement.empty())
    out += "<p>" + Esc(p.statement) + "</p>";
  std::string meta;
  if (!p.committee.empty())
    meta += "Monitored by: " + Esc(internal::CommitteeName(*sc.s, p.committee));
  if (!p.lead.empty())
    meta += (meta.empty() ? "" : " · ") + std::string("Executive lead: ") +
            Esc(internal::RoleName(*sc.s, p.lead));
  if (!meta.empty()) out += "<p class=\"meta\">" + meta + "</p>";
  out += "</div>";
  if (sc.committee.empty()) {
    if (const measures::RollUp* u = internal::FindRollUp(sc.r->evaluation.priorities, p.id))
      out += internal::StatusTiles(u->counts);
  }
  int compact = 0;
  for (const strategy::Measure& m : sc.s->measures) {  // priority-level measures
    if (!m.objective.empty() || m.priority != p.id || !sc.Covers(m)) continue;
    const MeasureEvaluation* e = sc.r->Measure(m.id);
    if (Compact(m, e))
      ++compact;
    else
      out += internal::MeasureCard(*sc.s, m, e, {}, charts);
  }
  out += CompactNote(compact);
  for (const strategy::Objective* o : strategy::ObjectivesOf(*sc.s, p.id))
    if (sc.Covers(*o)) out += ObjectiveSection(sc, *o, charts);
  return out + "</section>";
}

std::string Contents(const Scope& sc) {
  std::string out = "<nav aria-label=\"Contents\"><h2>Contents</h2><ol>";
  out += "<li><a href=\"#exceptions\">Exceptions</a></li>";
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(*sc.s))
    if (sc.Covers(*p))
      out += "<li><a href=\"#" + Id("p", p->id) + "\">" + Esc(p->name) + "</a></li>";
  bool compact = false;
  for (const strategy::Measure* m : MeasuresInScope(sc))
    compact = compact || Compact(*m, sc.r->Measure(m->id));
  if (compact)
    out +=
        "<li><a href=\"#appendix-measures\">Appendix: measures without a target or not yet "
        "due</a></li>";
  out += "<li><a href=\"#golden-thread\">Appendix: the golden thread</a></li></ol></nav>";
  return out;
}

std::string HowToRead() {
  return "<div class=\"callout\"><p><strong>How to read this report.</strong> Each measure shows "
         "its "
         "latest value, this year's target and a status in words and colour: " +
         StatusPill(measures::MeasureStatus::kOnTrack) + " " +
         StatusPill(measures::MeasureStatus::kAtRisk) + " " +
         StatusPill(measures::MeasureStatus::kOffTrack) + " " +
         StatusPill(measures::MeasureStatus::kNoData) +
         ". Trend charts show the actual values (blue), the planned trajectory (dashed grey) "
         "and the yearly targets (diamonds); a line breaks where a period has no data, and a "
         "milestone measure lists its milestones with their dates and states instead. SPC charts "
         "follow NHS England's Making Data Count: "
         "blue points are special-cause improvement, orange special-cause concern, purple "
         "special cause that is neither, grey common cause.</p></div>";
}

Result<Document> Build(const Scope& sc, const ReportOptions& o, std::string kind,
                       std::string title) {
  const strategy::Strategy& s = *sc.s;
  auto measures = MeasuresInScope(sc);
  const measures::RollUp* scope =
      sc.committee.empty() ? &sc.r->evaluation.organisation
                           : internal::FindRollUp(sc.r->evaluation.committees, sc.committee);
  Document d;
  d.kind = kind;
  d.title = title;
  std::string period = sc.r->period.ToString();
  internal::CoverSheet cs = internal::StrategyCover(s);
  cs.kind = kind;
  cs.title = title;
  cs.audience = sc.committee.empty() ? "Board" : "Committee";
  cs.meeting =
      sc.committee.empty() ? "Board of Directors" : internal::CommitteeName(s, sc.committee);
  cs.period = period;
  cs.data_note = o.data_note;
  cs.as_of = internal::AsOf(*sc.r);
  if (scope)
    cs.glance = "<p class=\"small\">" + std::to_string(measures.size()) + " measures of success" +
                (sc.committee.empty()
                     ? ""
                     : " monitored by the " + Esc(internal::CommitteeName(s, sc.committee))) +
                ", by status:</p>" + internal::StatusTiles(scope->counts);
  if (measures.empty() && !sc.r->delivery_targets.empty()) {
    // Objectives without measures: the glance counts their delivery targets.
    std::map<measures::MeasureStatus, int> by_status;
    int n = 0;
    for (const measures::DeliveryTarget& t : sc.r->delivery_targets) {
      const strategy::Objective* ob = strategy::FindObjective(s, t.objective_id);
      if (ob && sc.Covers(*ob)) ++by_status[t.status], ++n;
    }
    std::string counts;
    for (const auto& [st, k] : by_status)
      counts += (counts.empty() ? "" : " ") + StatusPill(st) + " " + std::to_string(k);
    cs.glance = "<p class=\"small\">No measures of success: " + std::to_string(n) +
                " delivery targets of the objectives, by status:</p><p>" + counts + "</p>";
  }
  cs.paper = o.paper;
  for (const strategy::Risk& risk : s.risks) {
    bool related = sc.committee.empty() || risk.committee == sc.committee;
    for (const std::string& id : risk.objectives) {
      const strategy::Objective* ob = strategy::FindObjective(s, id);
      related = related || (ob && sc.Covers(*ob));
    }
    if (related) cs.related_risks.push_back(&risk);
  }
  cs.considered_before = internal::AssuranceReports(s, *sc.r, sc.committee);
  cs.messages = internal::KeyMessagesIn(
      *sc.r,
      [&](const measures::KeyMessage& k) {
        if (!k.measure_id.empty()) {
          const strategy::Measure* m = strategy::FindMeasure(s, k.measure_id);
          return m != nullptr && sc.Covers(*m);
        }
        const strategy::Objective* ob = strategy::FindObjective(s, k.objective_id);
        return ob != nullptr && sc.Covers(*ob);
      },
      [](const measures::KeyMessage& k) {
        return "#" + (k.measure_id.empty() ? Id("o", k.objective_id) : Id("m", k.measure_id));
      });
  std::string body = internal::RenderCoverSheet(cs);
  std::vector<const strategy::Objective*> objectives;
  for (const strategy::Objective& ob : s.objectives)
    if (sc.Covers(ob)) objectives.push_back(&ob);
  body += internal::ExceptionsSection(s, *sc.r, measures, objectives, true);
  body +=
      "<section class=\"section-break\" aria-labelledby=\"summary\"><h2 id=\"summary\">About this "
      "report</h2>";
  if (!s.organisation.vision.empty())
    body += "<p><strong>Our vision:</strong> " + Esc(s.organisation.vision) + "</p>";
  body += HowToRead() + Contents(sc) + "</section>";
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s))
    if (sc.Covers(*p)) body += PrioritySection(sc, *p, &d.charts);
  body += CompactAppendix(sc, measures);
  if (!sc.committee.empty()) {  // the risks the committee leads on
    std::string risks;
    for (const strategy::Risk& risk : s.risks)
      if (risk.committee == sc.committee) risks += internal::RiskCard(s, *sc.r, risk);
    if (!risks.empty())
      body +=
          "<section class=\"section-break\" aria-labelledby=\"risks\"><h2 id=\"risks\">Board "
          "Assurance Framework risks this committee oversees</h2>" +
          risks + "</section>";
  }
  body += internal::GoldenThread(s, *sc.r,
                                 [&](const strategy::Objective& ob) { return sc.Covers(ob); });
  std::string org =
      s.organisation.short_name.empty() ? s.organisation.name : s.organisation.short_name;
  d.html = RenderPage({title + " — " + s.organisation.strategy + " — " + period,
                       org + " · " + title + " · " + period},
                      body);
  d.tables = internal::MeasureTables(s, *sc.r, measures);
  d.tables.push_back(internal::ExceptionsTable(s, *sc.r, measures, objectives));
  if (!sc.r->delivery_targets.empty())
    d.tables.push_back(internal::DeliveryTargetTable(*sc.r, objectives));
  return d;
}

}  // namespace

Result<Document> BoardReport(const strategy::Strategy& s, const measures::PeriodRecord& r,
                             const ReportOptions& o) {
  // Objectives without measures are reported from their delivery targets and
  // updates (the 2023/24 board paper sets such objectives).
  if (s.measures.empty() && s.objectives.empty())
    return Status::InvalidInput("the strategy has no measures or objectives to report");
  return Build({&s, &r, ""}, o, "board", "Board strategy report");
}

Result<Document> CommitteePack(const strategy::Strategy& s, const measures::PeriodRecord& r,
                               const ReportOptions& o) {
  if (o.committee.empty()) return Status::InvalidInput("a committee pack needs --committee ID");
  const strategy::Committee* c = strategy::FindCommittee(s, o.committee);
  if (c == nullptr) {
    std::vector<std::string> ids;
    for (const auto& k : s.committees) ids.push_back(k.id);
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    return Status::InvalidInput("no committee `" + o.committee + "` in the strategy" +
                                DidYouMean(o.committee, ids) +
                                (list.empty() ? "" : " (committees: " + list + ")"));
  }
  Scope sc{&s, &r, c->id};
  if (MeasuresInScope(sc).empty())
    return Status::InvalidInput("committee `" + c->id + "` monitors no measure in the strategy");
  return Build(sc, o, "committee", c->name + " pack");
}

}  // namespace barometer::report
