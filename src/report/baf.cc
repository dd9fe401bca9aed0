// The Board Assurance Framework: the risk register beside the status of the
// objectives each risk threatens, a 5x5 heat map of current against target
// scores, and a flag where the objectives are off track while the risk score
// says all is well.
#include <algorithm>
#include <set>

#include "report/internal/cover.h"
#include "report/internal/present.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using internal::Id;

// An objective the record rolls up to off track or milestone overdue.
bool OffTrack(measures::MeasureStatus s) {
  return s == measures::MeasureStatus::kOffTrack || s == measures::MeasureStatus::kMilestoneOverdue;
}

std::string ScoreText(const strategy::RiskScore& r) {
  return std::to_string(r.Score()) + " (L" + std::to_string(r.likelihood) + " × C" +
         std::to_string(r.consequence) + ")";
}

// Why a risk's score understates it, or "" when it does not.
std::string FlagReason(const strategy::Strategy& s, const measures::PeriodRecord& e,
                       const strategy::Risk& r) {
  std::vector<std::string> off;
  for (const std::string& id : r.objectives)
    if (OffTrack(internal::ObjectiveHeadline(e, id))) off.push_back(id);
  if (off.empty()) return "";
  int cur = r.current.Score();
  std::string why;
  if (cur <= r.target.Score())
    why = "the current score (" + std::to_string(cur) + ") is already at or below its target (" +
          std::to_string(r.target.Score()) + ")";
  else if (r.appetite_score && cur <= *r.appetite_score)
    why = "the current score (" + std::to_string(cur) + ") is within appetite (" +
          std::to_string(*r.appetite_score) + ")";
  else if (cur <= 6)
    why = "the current score (" + std::to_string(cur) + ") is rated low or moderate";
  if (why.empty()) return "";
  std::string names;
  for (const std::string& id : off) {
    const strategy::Objective* o = strategy::FindObjective(s, id);
    names += (names.empty() ? "" : "; ") + (o ? o->name : id);
  }
  return "Objective(s) off track (" + names + ") while " + why + ": is the score too optimistic?";
}

std::string ObjectivePills(const strategy::Strategy& s, const measures::PeriodRecord& e,
                           const strategy::Risk& r) {
  std::string out = "<ul>";
  for (const std::string& id : r.objectives) {
    const strategy::Objective* o = strategy::FindObjective(s, id);
    out += "<li>" + Esc(o ? o->name : id) + " " + StatusPill(internal::ObjectiveHeadline(e, id)) +
           "</li>";
  }
  return out + "</ul>";
}

std::string List(const char* title, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = "<h4>" + std::string(title) + "</h4><ul>";
  for (const std::string& i : items) out += "<li>" + Esc(i) + "</li>";
  return out + "</ul>";
}

std::string RiskCard(const strategy::Strategy& s, const measures::PeriodRecord& e,
                     const strategy::Risk& r) {
  std::string flag = FlagReason(s, e, r);
  std::string out = "<article class=\"measure " + std::string(flag.empty() ? "info" : "bad") +
                    "\" id=\"" + Id("r", r.id) + "\">";
  out += "<div class=\"measure-head\"><h4>" + Esc(r.id + ": " + r.title) + "</h4>" +
         (flag.empty() ? "" : Pill("Flag: check score", Tone::kBad)) + "</div>";
  if (!r.description.empty()) out += "<p>" + Esc(r.description) + "</p>";
  out += "<dl class=\"facts\">";
  out += "<div><dt>Inherent</dt><dd>" + Esc(ScoreText(r.inherent)) + "</dd></div>";
  out += "<div><dt>Current</dt><dd>" + Esc(ScoreText(r.current)) + "</dd></div>";
  out += "<div><dt>Target</dt><dd>" + Esc(ScoreText(r.target)) + "</dd></div>";
  out += "<div><dt>Appetite</dt><dd>" +
         Esc(r.appetite ? std::string(strategy::EnumName(*r.appetite)) : std::string("–")) +
         (r.appetite_score ? " (" + std::to_string(*r.appetite_score) + ")" : "") + "</dd></div>";
  out += "</dl>";
  out += "<p class=\"small\">Owner: " + Esc(internal::RoleName(s, r.owner)) +
         " · Lead committee: " + Esc(internal::CommitteeName(s, r.committee)) +
         (r.reviewed ? " · Reviewed " + Esc(r.reviewed->ToString()) : "") + "</p>";
  if (!flag.empty()) out += "<p class=\"flag\">⚑ " + Esc(flag) + "</p>";
  out += "<h4>Objectives at risk</h4>" + ObjectivePills(s, e, r);
  out += "<div class=\"two-col\"><div>" + List("Controls", r.controls) + "</div><div>" +
         List("Assurances", r.assurances) + "</div></div>" +
         List("Gaps in control or assurance", r.gaps);
  return out + "</article>";
}

std::vector<DataTable> RiskTables(const strategy::Strategy& s, const measures::PeriodRecord& e) {
  DataTable t{"risks", "Board Assurance Framework risks", {}, {}};
  for (const char* c :
       {"risk_id", "title", "owner", "committee", "inherent_score", "current_likelihood",
        "current_consequence", "current_score", "target_score", "appetite", "appetite_score",
        "objectives_off_track", "flag"})
    t.columns.push_back({c});
  DataTable links{"risk_objectives",
                  "Risks and the status of their objectives",
                  {{"risk_id"}, {"objective_id"}, {"objective"}, {"status"}},
                  {}};
  for (const strategy::Risk& r : s.risks) {
    double off = 0;
    for (const std::string& id : r.objectives) {
      measures::MeasureStatus st = internal::ObjectiveHeadline(e, id);
      if (OffTrack(st)) ++off;
      const strategy::Objective* o = strategy::FindObjective(s, id);
      links.rows.push_back(
          {r.id, id, o ? Cell(o->name) : Cell(), std::string(measures::StatusName(st))});
    }
    std::string flag = FlagReason(s, e, r);
    t.rows.push_back(
        {r.id, r.title, internal::RoleName(s, r.owner), internal::CommitteeName(s, r.committee),
         static_cast<double>(r.inherent.Score()), static_cast<double>(r.current.likelihood),
         static_cast<double>(r.current.consequence), static_cast<double>(r.current.Score()),
         static_cast<double>(r.target.Score()),
         r.appetite ? Cell(std::string(strategy::EnumName(*r.appetite))) : Cell(),
         r.appetite_score ? Cell(static_cast<double>(*r.appetite_score)) : Cell(), off,
         flag.empty() ? Cell() : Cell(flag)});
  }
  return {std::move(t), std::move(links)};
}

std::string Register(const strategy::Strategy& s, const measures::PeriodRecord& e) {
  HtmlTable t;
  t.caption = "Risk register: scores and the status of the objectives each risk threatens";
  t.headers = {"Risk", "Lead committee", "Current", "Target", "Objectives", "Flag"};
  t.numeric = {false, false, true, true, false, false};
  for (const strategy::Risk& r : s.risks) {
    std::string flag = FlagReason(s, e, r);
    t.rows.push_back({"<a href=\"#" + Id("r", r.id) + "\">" + Esc(r.id) + "</a> " + Esc(r.title),
                      Esc(internal::CommitteeName(s, r.committee)),
                      std::to_string(r.current.Score()), std::to_string(r.target.Score()),
                      ObjectivePills(s, e, r),
                      flag.empty() ? "" : Pill("Check score", Tone::kBad)});
  }
  return RenderTable(t);
}

}  // namespace

Result<Document> BoardAssuranceFramework(const strategy::Strategy& s,
                                         const measures::PeriodRecord& e, const ReportOptions& o) {
  if (s.risks.empty())
    return Status::InvalidInput(
        "the strategy has no [[risks]]; add the Board Assurance Framework risks to the strategy "
        "file (docs/strategy-format.md, [[risks]])");
  Document d;
  d.kind = "baf";
  d.title = "Board Assurance Framework";
  std::string period = e.period.ToString();
  int flagged = 0;
  for (const strategy::Risk& r : s.risks) flagged += FlagReason(s, e, r).empty() ? 0 : 1;
  std::string glance = "<div class=\"tiles\"><div class=\"tile info\"><div class=\"n\">" +
                       std::to_string(s.risks.size()) +
                       "</div><div class=\"l\">Risks</div></div>"
                       "<div class=\"tile " +
                       std::string(flagged ? "bad" : "good") + "\"><div class=\"n\">" +
                       std::to_string(flagged) +
                       "</div><div class=\"l\">Flagged: objectives off track, score says all is "
                       "well</div></div></div>";
  std::string note = o.risk_note.empty()
                         ? o.data_note
                         : o.risk_note + (o.data_note.empty() ? "" : ". " + o.data_note);
  internal::CoverSheet cs = internal::StrategyCover(s);
  cs.kind = d.kind;
  cs.title = d.title;
  cs.audience = "Board";
  cs.meeting = "Board of Directors";
  cs.period = period;
  cs.data_note = note;
  cs.as_of = internal::AsOf(e);
  cs.glance = glance;
  cs.default_purpose = Purpose::kApprove;
  cs.paper = o.paper;
  std::set<std::string> objectives;
  for (const strategy::Risk& r : s.risks) {
    cs.related_risks.push_back(&r);
    objectives.insert(r.objectives.begin(), r.objectives.end());
  }
  cs.considered_before = internal::AssuranceReports(s, e);
  cs.messages = internal::KeyMessagesIn(
      e, [&](const measures::KeyMessage& k) { return objectives.count(k.objective_id) > 0; }, {});
  std::string body = internal::RenderCoverSheet(cs);
  if (!o.risk_note.empty())
    body += "<div class=\"callout warn\"><p><strong>" + Esc(o.risk_note) + "</strong></p></div>";
  RiskHeatMap hm;
  std::string desc = "Current (filled) and target (outlined) scores of " +
                     std::to_string(s.risks.size()) + " risks: ";
  for (const strategy::Risk& r : s.risks) {
    hm.risks.push_back({r.id, r.current.likelihood, r.current.consequence, r.target.likelihood,
                        r.target.consequence});
    desc += r.id + " current " + std::to_string(r.current.Score()) + ", target " +
            std::to_string(r.target.Score()) + "; ";
  }
  hm.text = {"baf-heatmap", "Risk heat map: current against target scores", desc};
  body +=
      "<section><h2>Heat map</h2><p>Likelihood × consequence on the 5 × 5 matrix. Each risk's "
      "current "
      "score is a filled badge and its target an outlined one, joined by a dashed "
      "line.</p><figure>" +
      RenderRiskHeatMap(hm) + "</figure>";
  ++d.charts;
  body += Register(s, e) + "</section>";
  body += "<section class=\"section-break\"><h2>Risks in detail</h2>";
  for (const strategy::Risk& r : s.risks) body += RiskCard(s, e, r);
  body += "</section>";
  std::string org =
      s.organisation.short_name.empty() ? s.organisation.name : s.organisation.short_name;
  d.html = RenderPage({d.title + " — " + period, org + " · " + d.title + " · " + period}, body);
  d.tables = RiskTables(s, e);
  return d;
}

}  // namespace barometer::report
