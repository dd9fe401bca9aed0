// The Integrated Performance Report: every monthly or weekly measure as a
// Making Data Count SPC chart, opened by the variation x assurance matrix.
#include <map>
#include <set>

#include "report/internal/cover.h"
#include "report/internal/exceptions.h"
#include "report/internal/present.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using internal::Id;
using measures::MeasureEvaluation;
using stats::AssuranceIcon;
using stats::VariationIcon;

// How the IPR includes a measure (docs/reports.md, "ipr").
enum class Inclusion {
  kNone,      // one-off measures (milestones)
  kSpc,       // monthly, weekly or quarterly with kIprMinPoints values and SPC
  kRunChart,  // annual, with values: a run chart and a note
  kShort,     // monthly, weekly or quarterly with fewer values: listed, not charted
};
constexpr int kIprMinPoints = measures::kProvisionalLimitPoints;  // 15

Inclusion InclusionOf(const strategy::Measure& m, const MeasureEvaluation* e) {
  using strategy::Frequency;
  if (!m.frequency) return Inclusion::kNone;
  // A milestone is done or not: listed with its state, never drawn as a line.
  if (m.unit == strategy::MeasureUnit::kMilestone) return Inclusion::kShort;
  switch (*m.frequency) {
    case Frequency::kMonthly:
    case Frequency::kWeekly:
    case Frequency::kQuarterly:
      return e && e->spc && !e->spc->points.empty() &&
                     static_cast<int>(e->series.size()) >= kIprMinPoints
                 ? Inclusion::kSpc
                 : Inclusion::kShort;
    case Frequency::kAnnual:
      return e && !e->series.empty() ? Inclusion::kRunChart : Inclusion::kShort;
    case Frequency::kOneOff:
      break;
  }
  return Inclusion::kNone;
}

std::string VariationWord(VariationIcon v) {
  switch (v) {
    case VariationIcon::kImprovementHigh:
      return "Improvement (high)";
    case VariationIcon::kImprovementLow:
      return "Improvement (low)";
    case VariationIcon::kConcernHigh:
      return "Concern (high)";
    case VariationIcon::kConcernLow:
      return "Concern (low)";
    case VariationIcon::kNeutralHigh:
      return "Special cause (high)";
    case VariationIcon::kNeutralLow:
      return "Special cause (low)";
    case VariationIcon::kCommonCause:
      break;
  }
  return "Common cause";
}

std::string AssuranceWord(AssuranceIcon a) {
  switch (a) {
    case AssuranceIcon::kPass:
      return "Consistently passing";
    case AssuranceIcon::kFail:
      return "Consistently failing";
    case AssuranceIcon::kInconsistent:
      return "Hit and miss";
    case AssuranceIcon::kNone:
      break;
  }
  return "No numeric target";
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
  if (!r.reason.empty()) out += "<p class=\"message\">" + Esc(r.reason) + "</p>";
  out += "<p class=\"small\"><strong>Latest</strong> " +
         Esc(internal::Value(m, r.latest ? std::optional<double>(r.latest->value) : std::nullopt)) +
         (r.latest ? " (" + Esc(internal::PeriodOf(*r.latest)) + ")" : "") +
         (r.latest && !internal::NumeratorDenominator(*r.latest).empty()
              ? " <span class=\"small muted nd\">" +
                    Esc(internal::NumeratorDenominator(*r.latest)) + "</span>"
              : "") +
         " · <strong>Target</strong> " + Esc(internal::TargetText(m, r)) + " · " +
         Esc(stats::VariationIconDescription(r.spc->variation_icon));
  if (r.spc->assurance != AssuranceIcon::kNone)
    out += " · " + Esc(stats::AssuranceIconDescription(r.spc->assurance));
  out += "</p>";
  if (std::string why = internal::AssuranceContradiction(r); !why.empty())
    out += "<p class=\"small callout\">" + Esc(why) + "</p>";
  out += internal::CardHeader(m, r);
  for (const measures::SpcRebase& rb : r.spc_rebases)
    if (rb.starts)
      out += "<p class=\"small rebase-note\">" + Esc(internal::RebaseText(rb)) + ".</p>";
  SpcChart spec = internal::SpcSpec(m, r);
  spec.width = 680;
  spec.height = 220;
  out += "<figure>" + RenderSpcChart(*r.spc, spec) + "</figure>";
  ++*charts;
  if (r.funnel) {
    out += internal::FunnelFigure(s, m, r);  // the record's position among the peers
    ++*charts;
  }
  if (r.commentary && !r.commentary->text.empty())
    out += "<div class=\"commentary\"><p>" + Esc(r.commentary->text) + "</p></div>";
  (void)s;
  return out + "</article>";
}

std::string RunChartCard(const strategy::Strategy& s, const strategy::Measure& m,
                         const MeasureEvaluation& r, int* charts) {
  std::string tone(ToneClass(StatusTone(r.status)));
  std::string out = "<article class=\"measure " + tone + "\" id=\"" + Id("m", m.id) + "\">";
  out +=
      "<div class=\"measure-head\"><h4>" + Esc(m.name) + "</h4>" + StatusPill(r.status) + "</div>";
  if (!r.reason.empty()) out += "<p class=\"message\">" + Esc(r.reason) + "</p>";
  out += "<p class=\"small\"><strong>Latest</strong> " +
         Esc(internal::Value(m, r.latest ? std::optional<double>(r.latest->value) : std::nullopt)) +
         (r.latest ? " (" + Esc(internal::PeriodOf(*r.latest)) + ")" : "") +
         " · <strong>Target</strong> " + Esc(internal::TargetText(m, r)) + "</p>";
  out += internal::CardHeader(m, r);
  out += "<p class=\"small muted\">Annual measure: " + std::to_string(r.series.size()) + " value" +
         (r.series.size() == 1 ? "" : "s") + ", too few for Making Data Count SPC (which needs " +
         std::to_string(kIprMinPoints) +
         "), so shown as a run chart of its values against the trajectory.</p>";
  LineChart c = internal::TrendChart(s, m, r);
  c.width = 680;
  c.height = 200;
  out += "<figure>" + RenderLineChart(c) + "</figure>";
  ++*charts;
  if (r.funnel) {
    out += internal::FunnelFigure(s, m, r);
    ++*charts;
  }
  return out + "</article>";
}

// The Making Data Count summary table: every included measure once, grouped
// by priority, each linking to its chart.
std::string SummaryTable(const strategy::Strategy& s, const measures::PeriodRecord& e,
                         const std::vector<const strategy::Measure*>& ms) {
  std::string out =
      "<table class=\"summary\"><caption>Every measure in this report: latest value, target, "
      "Making Data Count icons and status</caption><thead><tr><th scope=\"col\">Measure</th>"
      "<th scope=\"col\" class=\"num\">Latest</th><th scope=\"col\">Target</th><th "
      "scope=\"col\">Variation</th><th scope=\"col\">Assurance</th><th "
      "scope=\"col\">Status</th></tr></thead>";
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    std::string rows;
    for (const strategy::Measure* m : ms) {
      if (strategy::ThreadOf(s, *m).priority != p) continue;
      const MeasureEvaluation* r = e.Measure(m->id);
      if (!r) continue;
      std::string variation = "<span class=\"muted\">Run chart (annual)</span>";
      std::string assurance = "<span class=\"muted\">–</span>";
      if (r->spc && InclusionOf(*m, r) == Inclusion::kSpc) {
        variation = VariationIconSvg(r->spc->variation_icon, 22) + " " +
                    Esc(VariationWord(r->spc->variation_icon));
        assurance =
            AssuranceIconSvg(r->spc->assurance, 22) + " " + Esc(AssuranceWord(r->spc->assurance));
        if (!internal::AssuranceContradiction(*r).empty())
          assurance += " <span title=\"see the chart\">†</span>";
      }
      rows += "<tr><td><a href=\"#" + Id("m", m->id) + "\">" + Esc(m->name) + "</a></td>";
      rows += "<td class=\"num\">" +
              Esc(internal::Value(
                  *m, r->latest ? std::optional<double>(r->latest->value) : std::nullopt)) +
              (r->latest ? "<br><span class=\"small muted\">" +
                               Esc(internal::PeriodOf(*r->latest)) + "</span>"
                         : "") +
              "</td>";
      rows += "<td>" + Esc(internal::TargetText(*m, *r)) + "</td><td>" + variation + "</td><td>" +
              assurance + "</td><td>" + StatusPill(r->status) + "</td></tr>";
    }
    if (!rows.empty())
      out += "<tbody><tr class=\"group\"><th colspan=\"6\" scope=\"colgroup\">" + Esc(p->name) +
             "</th></tr>" + rows + "</tbody>";
  }
  return out + "</table>";
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
  std::vector<const strategy::Measure*> ms;  // charted: SPC and run charts
  std::string not_charted;
  for (const strategy::Measure& m : s.measures) {
    const MeasureEvaluation* r = e.Measure(m.id);
    switch (InclusionOf(m, r)) {
      case Inclusion::kSpc:
      case Inclusion::kRunChart:
        ms.push_back(&m);
        break;
      case Inclusion::kShort:
        not_charted += "<tr><td>" + Esc(m.name) + "</td><td>" +
                       Esc(strategy::EnumName(*m.frequency)) + "</td><td class=\"num\">" +
                       std::to_string(r ? r->series.size() : 0) + "</td><td>" +
                       StatusPill(r ? r->status : measures::MeasureStatus::kNoData) + "</td></tr>";
        break;
      case Inclusion::kNone:
        break;
    }
  }
  if (ms.empty())
    return Status::InvalidInput(
        "no measure of the strategy has values to chart: the IPR charts monthly, weekly and "
        "quarterly measures with at least 15 values, and annual measures as run charts");
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
  body += "<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>";
  body += "<p class=\"rule\"><strong>What is included:</strong> every measure with at least " +
          std::to_string(kIprMinPoints) +
          " values at monthly, weekly or quarterly frequency, as a Making Data Count SPC chart; "
          "annual measures as run charts. Grouped by priority; each links to its chart.</p>";
  body += SummaryTable(s, e, ms) + "</section>";
  std::vector<const strategy::Measure*> spc;
  for (const strategy::Measure* m : ms)
    if (InclusionOf(*m, e.Measure(m->id)) == Inclusion::kSpc) spc.push_back(m);
  body += "<section><h2 id=\"matrix\">Variation and assurance</h2>";
  body +=
      "<p>Each SPC measure is placed by its Making Data Count icons: the rows say whether the "
      "latest points show special-cause variation (improvement or concern) or only common-"
      "cause variation; the columns say whether the process limits show the target will be "
      "met consistently, missed consistently, or hit and miss.</p>";
  body += Matrix(s, e, spc) + "</section>";
  body += "<div class=\"section-break\"></div>" + internal::ExceptionsSection(s, e, ms, {}, true);
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    std::string cards;
    for (const strategy::Measure* m : ms) {
      if (strategy::ThreadOf(s, *m).priority != p) continue;
      const MeasureEvaluation* r = e.Measure(m->id);
      if (InclusionOf(*m, r) == Inclusion::kSpc)
        cards += SpcCard(s, *m, *r, &d.charts);
      else
        cards += RunChartCard(s, *m, *r, &d.charts);
    }
    if (!cards.empty())
      body += "<section class=\"priority\" id=\"" + Id("p", p->id) +
              "\"><div class=\"priority-head\"><h2>" + Esc(p->name) + "</h2></div>" + cards +
              "</section>";
  }
  if (!not_charted.empty())
    body +=
        "<section class=\"section-break\"><h2 id=\"not-charted\">Appendix: measures not "
        "yet charted</h2><p>Too few values for an SPC chart (" +
        std::to_string(kIprMinPoints) +
        " are needed) or none yet.</p><table><thead><tr><th scope=\"col\">Measure</th><th "
        "scope=\"col\">Frequency</th><th scope=\"col\" class=\"num\">Values</th><th "
        "scope=\"col\">Status</th></tr></thead><tbody>" +
        not_charted + "</tbody></table></section>";
  std::string org =
      s.organisation.short_name.empty() ? s.organisation.name : s.organisation.short_name;
  d.html = RenderPage({d.title + " — " + period, org + " · " + d.title + " · " + period}, body);
  // The same exceptions as the paper's section, one row each (XLSX sheet 2).
  d.tables = {IprTable(s, e, ms), internal::ExceptionsTable(s, e, ms, {})};
  return d;
}

}  // namespace barometer::report
