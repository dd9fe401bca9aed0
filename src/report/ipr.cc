// The Integrated Performance Report: every monthly or weekly measure as a
// Making Data Count SPC chart, opened by the variation x assurance matrix.
#include <map>
#include <set>

#include "report/internal/cover.h"
#include "report/internal/present.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using internal::Id;
using measures::MeasureEvaluation;
using stats::AssuranceIcon;
using stats::VariationIcon;

bool InIpr(const strategy::Measure& m) {
  return m.frequency == strategy::Frequency::kMonthly ||
         m.frequency == strategy::Frequency::kWeekly;
}

enum class Row { kImprovement, kCommon, kConcern, kNeutral };

Row RowOf(VariationIcon v) {
  switch (v) {
    case VariationIcon::kImprovementHigh:
    case VariationIcon::kImprovementLow:
      return Row::kImprovement;
    case VariationIcon::kConcernHigh:
    case VariationIcon::kConcernLow:
      return Row::kConcern;
    case VariationIcon::kNeutralHigh:
    case VariationIcon::kNeutralLow:
      return Row::kNeutral;
    case VariationIcon::kCommonCause:
      break;
  }
  return Row::kCommon;
}

std::string Matrix(const strategy::Strategy& s, const measures::PeriodRecord& e,
                   const std::vector<const strategy::Measure*>& ms) {
  // cells[row][assurance] = links
  std::map<std::pair<Row, AssuranceIcon>, std::string> cells;
  for (const strategy::Measure* m : ms) {
    const MeasureEvaluation* r = e.Measure(m->id);
    if (r == nullptr || !r->spc) continue;
    cells[{RowOf(r->spc->variation_icon), r->spc->assurance}] +=
        "<li><a href=\"#" + Id("m", m->id) + "\">" + Esc(m->name) + "</a></li>";
  }
  (void)s;
  struct RowInfo {
    Row row;
    VariationIcon icon;
    const char* label;
  };
  const RowInfo rows[] = {
      {Row::kImprovement, VariationIcon::kImprovementHigh, "Special cause improvement"},
      {Row::kCommon, VariationIcon::kCommonCause, "Common cause variation"},
      {Row::kConcern, VariationIcon::kConcernHigh, "Special cause concern"},
      {Row::kNeutral, VariationIcon::kNeutralHigh, "Special cause (neither better nor worse)"}};
  const std::pair<AssuranceIcon, const char*> cols[] = {
      {AssuranceIcon::kPass, "Consistently passing the target"},
      {AssuranceIcon::kInconsistent, "Hit and miss"},
      {AssuranceIcon::kFail, "Consistently failing the target"},
      {AssuranceIcon::kNone, "No target"}};
  HtmlTable t;
  t.caption = "Making Data Count summary: variation (rows) by assurance (columns)";
  t.css_class = "matrix";
  t.headers.push_back("Variation \\ Assurance");
  for (auto& [icon, label] : cols)
    t.headers.push_back(AssuranceIconSvg(icon, 26) + " " + Esc(label));
  for (const RowInfo& ri : rows) {
    std::vector<std::string> cells_row = {VariationIconSvg(ri.icon, 26) + " " + Esc(ri.label)};
    for (auto& [icon, label] : cols) {
      auto it = cells.find({ri.row, icon});
      cells_row.push_back(it == cells.end() ? "" : "<ul>" + it->second + "</ul>");
    }
    t.rows.push_back(std::move(cells_row));
  }
  return RenderTable(t);
}

std::string SpcCard(const strategy::Strategy& s, const strategy::Measure& m,
                    const MeasureEvaluation& r, int* charts) {
  std::string tone(ToneClass(StatusTone(r.status)));
  std::string out = "<article class=\"measure " + tone + "\" id=\"" + Id("m", m.id) + "\">";
  out +=
      "<div class=\"measure-head\"><h4>" + Esc(m.name) + "</h4>" + StatusPill(r.status) + "</div>";
  out += "<p class=\"small\"><strong>Latest</strong> " +
         Esc(internal::Value(m, r.latest ? std::optional<double>(r.latest->value) : std::nullopt)) +
         (r.latest ? " (" + Esc(r.latest->period.ToString()) + ")" : "") +
         " · <strong>Target</strong> " + Esc(internal::Value(m, internal::TargetForPeriod(r))) +
         " · " + Esc(stats::VariationIconDescription(r.spc->variation_icon));
  if (r.spc->assurance != AssuranceIcon::kNone)
    out += " · " + Esc(stats::AssuranceIconDescription(r.spc->assurance));
  out += "</p>";
  SpcChart spec = internal::SpcSpec(m, r);
  spec.width = 680;
  spec.height = 220;
  out += "<figure>" + RenderSpcChart(*r.spc, spec) + "</figure>";
  ++*charts;
  if (r.commentary && !r.commentary->text.empty())
    out += "<div class=\"commentary\"><p>" + Esc(r.commentary->text) + "</p></div>";
  (void)s;
  return out + "</article>";
}

DataTable IprTable(const strategy::Strategy& s, const measures::PeriodRecord& e,
                   const std::vector<const strategy::Measure*>& ms) {
  DataTable t{"ipr", "Integrated performance: SPC summary, " + e.period.ToString(), {}, {}};
  for (const char* c : {"priority", "measure_id", "measure", "period", "value", "target",
                        "target_for_period", "status", "variation_icon", "assurance_icon", "points",
                        "mean", "lower_process_limit", "upper_process_limit"})
    t.columns.push_back({c});
  for (const strategy::Measure* m : ms) {
    const MeasureEvaluation* r = e.Measure(m->id);
    strategy::Thread th = strategy::ThreadOf(s, *m);
    std::vector<Cell> row = {th.priority ? Cell(th.priority->name) : Cell(), m->id, m->name};
    row.push_back(r && r->latest ? Cell(r->latest->period.ToString()) : Cell());
    row.push_back(r && r->latest ? Cell(r->latest->value) : Cell());
    row.push_back(r && r->target && r->target->goal ? Cell(*r->target->goal) : Cell());
    row.push_back(r && r->target && r->target->goal_for_period ? Cell(*r->target->goal_for_period)
                                                               : Cell());
    row.push_back(
        std::string(measures::StatusName(r ? r->status : measures::MeasureStatus::kNoData)));
    if (r && r->spc && !r->spc->groups.empty()) {
      const stats::SpcGroup& g = r->spc->groups.back();
      row.push_back(std::string(stats::VariationIconName(r->spc->variation_icon)));
      std::string assurance(stats::AssuranceIconName(r->spc->assurance));
      row.push_back(assurance.empty() ? Cell() : Cell(assurance));  // no target: none
      row.push_back(static_cast<double>(r->spc->points.size()));
      row.push_back(g.mean);
      row.push_back(g.lpl);
      row.push_back(g.upl);
    } else {
      row.resize(t.columns.size());
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

Result<Document> IntegratedPerformanceReport(const strategy::Strategy& s,
                                             const measures::PeriodRecord& e,
                                             const ReportOptions& o) {
  std::vector<const strategy::Measure*> ms;
  for (const strategy::Measure& m : s.measures)
    if (InIpr(m)) ms.push_back(&m);
  if (ms.empty())
    return Status::InvalidInput("the strategy has no monthly or weekly measure to chart");
  Document d;
  d.kind = "ipr";
  d.title = "Integrated Performance Report";
  std::string period = e.period.ToString();
  std::vector<const MeasureEvaluation*> results;
  for (const strategy::Measure* m : ms) results.push_back(e.Measure(m->id));
  internal::CoverSheet cs = internal::StrategyCover(s);
  cs.kind = d.kind;
  cs.title = d.title;
  cs.audience = "Board";
  cs.meeting = "Board of Directors";
  cs.period = period;
  cs.data_note = o.data_note;
  cs.as_of = internal::AsOf(e);
  cs.glance = "<p class=\"small\">" + std::to_string(ms.size()) +
              " measures in this report, by status:</p>" +
              internal::StatusTiles(internal::CountStatuses(results));
  cs.paper = o.paper;
  std::set<std::string> objectives, in_ipr;
  for (const strategy::Measure* m : ms) {
    in_ipr.insert(m->id);
    if (const strategy::Objective* ob = strategy::ThreadOf(s, *m).objective)
      objectives.insert(ob->id);
  }
  for (const strategy::Risk& risk : s.risks)
    for (const std::string& id : risk.objectives)
      if (objectives.count(id)) {
        cs.related_risks.push_back(&risk);
        break;
      }
  cs.considered_before = internal::AssuranceReports(s, e);
  cs.messages = internal::KeyMessagesIn(
      e, [&](const measures::KeyMessage& k) { return in_ipr.count(k.measure_id) > 0; },
      [](const measures::KeyMessage& k) { return "#" + Id("m", k.measure_id); });
  std::string body = internal::RenderCoverSheet(cs);
  body += "<section><h2 id=\"matrix\">Summary of variation and assurance</h2>";
  body +=
      "<p>Each measure is placed by its Making Data Count icons: the rows say whether the "
      "latest points show special-cause variation (improvement or concern) or only common-"
      "cause variation; the columns say whether the process limits show the target will be "
      "met consistently, missed consistently, or hit and miss.</p>";
  body += Matrix(s, e, ms) + "</section>";
  std::string not_charted;
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    std::string cards;
    for (const strategy::Measure* m : ms) {
      if (strategy::ThreadOf(s, *m).priority != p) continue;
      const MeasureEvaluation* r = e.Measure(m->id);
      if (r && r->spc && !r->spc->points.empty())
        cards += SpcCard(s, *m, *r, &d.charts);
      else
        not_charted += "<li>" + Esc(m->name) + " — not enough data points for SPC yet</li>";
    }
    if (!cards.empty())
      body += "<section class=\"priority\" id=\"" + Id("p", p->id) +
              "\"><div class=\"priority-head\"><h2>" + Esc(p->name) + "</h2></div>" + cards +
              "</section>";
  }
  if (!not_charted.empty())
    body += "<section><h2>Not yet charted</h2><ul>" + not_charted + "</ul></section>";
  std::string org =
      s.organisation.short_name.empty() ? s.organisation.name : s.organisation.short_name;
  d.html = RenderPage({d.title + " — " + period, org + " · " + d.title + " · " + period}, body);
  d.tables = {IprTable(s, e, ms)};
  return d;
}

}  // namespace barometer::report
