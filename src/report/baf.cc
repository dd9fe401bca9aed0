// The Board Assurance Framework: the risk register beside the status of the
// objectives each risk threatens, a 5x5 heat map of current against target
// scores, and a flag where the objectives are off track while the risk score
// says all is well.
#include <algorithm>
#include <set>

#include "report/internal/cover.h"
#include "report/internal/present.h"
#include "report/internal/risks.h"
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

std::string List(const char* title, const std::vector<std::string>& items,
                 const char* none = nullptr) {
  if (items.empty())
    return none ? "<h4>" + std::string(title) + "</h4><p class=\"small not-given\">" + none + "</p>"
                : "";
  std::string out = "<h4>" + std::string(title) + "</h4><ul>";
  for (const std::string& i : items) out += "<li>" + Esc(i) + "</li>";
  return out + "</ul>";
}

std::string LongDate(Date d) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

// "↑ worse, from 12", "↓ better, from 20", "→ unchanged"; "" without a previous score.
std::string Trend(const strategy::Risk& r) {
  if (!r.previous) return "";
  int now = r.current.Score(), before = r.previous->Score();
  if (now == before) return "→ unchanged since the previous review";
  return std::string(now > before ? "↑ worse" : "↓ better") + ", from " + std::to_string(before);
}

std::string TrendName(const strategy::Risk& r) {
  if (!r.previous) return "";
  int now = r.current.Score(), before = r.previous->Score();
  return now == before ? "unchanged" : now > before ? "worse" : "better";
}

// The next review against the reporting period.
std::string NextReview(const strategy::Risk& r, const measures::PeriodRecord& e) {
  if (!r.next_review) return "not set";
  std::string when = LongDate(*r.next_review);
  if (*r.next_review < e.period.start) return when + " (overdue: before this period)";
  if (*r.next_review <= e.period.end) return when + " (due this period)";
  return when + " (after this period)";
}

}  // namespace

namespace internal {

std::optional<bool> AboveAppetite(const strategy::Risk& r) {
  if (!r.appetite_score) return std::nullopt;
  return r.current.Score() > *r.appetite_score;
}

std::string RiskCard(const strategy::Strategy& s, const measures::PeriodRecord& e,
                     const strategy::Risk& r) {
  std::string flag = FlagReason(s, e, r);
  std::optional<bool> above = AboveAppetite(r);
  bool bad = !flag.empty() || above.value_or(false);
  std::string out = "<article class=\"measure risk " + std::string(bad ? "bad" : "info") +
                    "\" id=\"" + Id("r", r.id) + "\">";
  out += "<div class=\"measure-head\"><h4>" + Esc(r.id + ": " + r.title) + "</h4><span>" +
         (above.value_or(false) ? Pill("⚑ Above appetite", Tone::kBad) + " " : std::string()) +
         (flag.empty() ? "" : Pill("⚑ Check score", Tone::kBad)) + "</span></div>";
  if (!r.description.empty()) out += "<p>" + Esc(r.description) + "</p>";
  out += "<dl class=\"facts\">";
  out += "<div><dt>Inherent</dt><dd>" + Esc(ScoreText(r.inherent)) + "</dd></div>";
  std::string trend = Trend(r);
  out += "<div><dt>Current</dt><dd>" + Esc(ScoreText(r.current)) +
         (trend.empty() ? "" : "<br><span class=\"small\">" + Esc(trend) + "</span>") +
         "</dd></div>";
  out += "<div><dt>Target</dt><dd>" + Esc(ScoreText(r.target)) + "<br><span class=\"small\">" +
         Esc(r.target_date ? "by " + LongDate(*r.target_date) : "no target date") +
         "</span></dd></div>";
  std::string appetite =
      r.appetite ? std::string(strategy::EnumName(*r.appetite)) : std::string("not stated");
  if (r.appetite_score) appetite += " (up to " + std::to_string(*r.appetite_score) + ")";
  std::string verdict =
      !above   ? "not checked: no appetite score"
      : *above ? "⚑ current score " + std::to_string(r.current.Score()) + " is ABOVE appetite"
               : "✔ within appetite";
  out += "<div><dt>Appetite</dt><dd>" + Esc(appetite) + "<br><span class=\"small" +
         std::string(above.value_or(false) ? " flag" : "") + "\">" + Esc(verdict) +
         "</span></dd></div>";
  out += "</dl>";
  out += "<p class=\"small\">Owner: " + Esc(RoleName(s, r.owner)) +
         " · Lead committee: " + Esc(CommitteeName(s, r.committee)) +
         " · Last reviewed: " + Esc(r.reviewed ? LongDate(*r.reviewed) : "not recorded") +
         " · Next review: " + Esc(NextReview(r, e)) + "</p>";
  if (!flag.empty()) out += "<p class=\"flag\">⚑ " + Esc(flag) + "</p>";
  out += "<h4>Objectives at risk</h4>" + ObjectivePills(s, e, r);
  out += "<div class=\"two-col\"><div>" + List("Controls", r.controls, "None recorded") +
         "</div><div>" + List("Gaps in control", r.gaps_in_control, "None recorded") +
         List("Gaps in control or assurance", r.gaps) + "</div></div>";
  out += "<h4>Assurances by line</h4><table class=\"lines\"><tbody>";
  for (auto [label, items] : {std::pair{"First line (management)", &r.assurances_first_line},
                              std::pair{"Second line (oversight)", &r.assurances_second_line},
                              std::pair{"Third line (independent)", &r.assurances_third_line},
                              std::pair{"Line not stated", &r.assurances}}) {
    if (items->empty() && std::string_view(label) == "Line not stated") continue;
    std::string cell;
    for (const std::string& i : *items) cell += (cell.empty() ? "" : "<br>") + Esc(i);
    out += "<tr><th scope=\"row\">" + std::string(label) + "</th><td>" +
           (cell.empty() ? "<span class=\"not-given\">None recorded</span>" : cell) + "</td></tr>";
  }
  out += "</tbody></table>";
  out += List("Gaps in assurance", r.gaps_in_assurance, "None recorded");
  out += "<h4>Actions</h4>";
  if (r.actions.empty()) {
    out += "<p class=\"small not-given\">No action recorded</p>";
  } else {
    out +=
        "<table class=\"risk-actions\"><thead><tr><th scope=\"col\">Action</th><th "
        "scope=\"col\">Owner</th><th scope=\"col\">Due</th></tr></thead><tbody>";
    for (const strategy::RiskAction& a : r.actions)
      out +=
          "<tr class=\"action\"><td>" + Esc(a.text) + "</td><td>" + Esc(RoleName(s, a.owner)) +
          "</td><td>" + Esc(LongDate(a.due)) +
          (a.due <= e.period.end ? " <span class=\"flag\">(due by this period's end)</span>" : "") +
          "</td></tr>";
    out += "</tbody></table>";
  }
  return out + "</article>";
}

}  // namespace internal

namespace {

std::vector<DataTable> RiskTables(const strategy::Strategy& s, const measures::PeriodRecord& e) {
  DataTable t{"risks", "Board Assurance Framework risks", {}, {}};
  for (const char* c :
       {"risk_id", "title", "owner", "committee", "inherent_score", "current_likelihood",
        "current_consequence", "current_score", "target_score", "appetite", "appetite_score",
        "objectives_off_track", "flag", "previous_score", "trend", "target_date", "above_appetite",
        "reviewed", "next_review"})
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
         flag.empty() ? Cell() : Cell(flag),
         r.previous ? Cell(static_cast<double>(r.previous->Score())) : Cell(),
         r.previous ? Cell(TrendName(r)) : Cell(),
         r.target_date ? Cell(r.target_date->ToString()) : Cell(),
         internal::AboveAppetite(r) ? Cell(*internal::AboveAppetite(r) ? "yes" : "no") : Cell(),
         r.reviewed ? Cell(r.reviewed->ToString()) : Cell(),
         r.next_review ? Cell(r.next_review->ToString()) : Cell()});
  }
  return {std::move(t), std::move(links)};
}

std::string Register(const strategy::Strategy& s, const measures::PeriodRecord& e) {
  HtmlTable t;
  t.caption = "Risk register: scores and the status of the objectives each risk threatens";
  t.headers = {"Risk",   "Lead committee", "Current",    "Trend",
               "Target", "Appetite",       "Objectives", "Flag"};
  t.numeric = {false, false, true, false, true, false, false, false};
  for (const strategy::Risk& r : s.risks) {
    std::string flag = FlagReason(s, e, r);
    std::optional<bool> above = internal::AboveAppetite(r);
    std::string flags = above.value_or(false) ? Pill("⚑ Above appetite", Tone::kBad) : "";
    if (!flag.empty()) flags += (flags.empty() ? "" : " ") + Pill("⚑ Check score", Tone::kBad);
    t.rows.push_back({"<a href=\"#" + Id("r", r.id) + "\">" + Esc(r.id) + "</a> " + Esc(r.title),
                      Esc(internal::CommitteeName(s, r.committee)),
                      std::to_string(r.current.Score()), Esc(r.previous ? Trend(r) : "–"),
                      std::to_string(r.target.Score()) +
                          (r.target_date ? "<br><span class=\"small\">by " +
                                               Esc(LongDate(*r.target_date)) + "</span>"
                                         : ""),
                      Esc(r.appetite_score ? "up to " + std::to_string(*r.appetite_score)
                                           : std::string("not scored")),
                      ObjectivePills(s, e, r), flags});
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
  int flagged = 0, above = 0;
  for (const strategy::Risk& r : s.risks) {
    flagged += FlagReason(s, e, r).empty() ? 0 : 1;
    above += internal::AboveAppetite(r).value_or(false) ? 1 : 0;
  }
  std::string glance =
      "<div class=\"tiles\"><div class=\"tile info\"><div class=\"n\">" +
      std::to_string(s.risks.size()) +
      "</div><div class=\"l\">Risks</div></div>"
      "<div class=\"tile " +
      std::string(flagged ? "bad" : "good") + "\"><div class=\"n\">" + std::to_string(flagged) +
      "</div><div class=\"l\">Flagged: objectives off track, score says all is "
      "well</div></div><div class=\"tile " +
      std::string(above ? "bad" : "good") + "\"><div class=\"n\">" + std::to_string(above) +
      "</div><div class=\"l\">Above appetite</div></div></div>";
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
  // Risks above appetite first (the strategy's scores), then the record's
  // key messages on the objectives the risks threaten.
  for (const strategy::Risk& r : s.risks)
    if (internal::AboveAppetite(r).value_or(false) &&
        cs.messages.size() < internal::kMaxKeyMessages)
      cs.messages.push_back({r.id + " (" + r.title + ") is above appetite: current score " +
                                 std::to_string(r.current.Score()) + " against an appetite of " +
                                 std::to_string(*r.appetite_score) +
                                 (r.previous ? ", " + Trend(r) : std::string()),
                             "#" + Id("r", r.id), false});
  for (internal::CoverMessage& m : internal::KeyMessagesIn(
           e, [&](const measures::KeyMessage& k) { return objectives.count(k.objective_id) > 0; },
           {}))
    if (cs.messages.size() < internal::kMaxKeyMessages) cs.messages.push_back(std::move(m));
  for (internal::CoverMessage& m : cs.messages)
    if (!m.text.empty() && m.text.back() != '.') m.text += '.';
  std::string body = internal::RenderCoverSheet(cs);
  if (!o.risk_note.empty())
    body += "<div class=\"callout warn\"><p><strong>" + Esc(o.risk_note) + "</strong></p></div>";
  body +=
      "<section><h2>Heat map</h2><p>Likelihood × consequence on the 5 × 5 matrix. Each risk's "
      "current "
      "score is a filled badge and its target an outlined one, joined by a dashed "
      "line.</p><figure>" +
      StrategyRiskHeatMapSvg(s) + "</figure>";
  ++d.charts;
  body += Register(s, e) + "</section>";
  body += "<section class=\"section-break\"><h2>Risks in detail</h2>";
  for (const strategy::Risk& r : s.risks) body += internal::RiskCard(s, e, r);
  body += "</section>";
  std::string org =
      s.organisation.short_name.empty() ? s.organisation.name : s.organisation.short_name;
  d.html = RenderPage({d.title + " — " + period, org + " · " + d.title + " · " + period}, body);
  d.tables = RiskTables(s, e);
  return d;
}

std::string StrategyRiskHeatMapSvg(const strategy::Strategy& s) {
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
  return RenderRiskHeatMap(hm);
}

}  // namespace barometer::report
