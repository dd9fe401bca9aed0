// The population outcomes report, in the manner of One Liverpool's outcomes
// appendix: each ambition's trend, projection, comparator and target;
// inequality by deprivation decile with the slope index of inequality; the
// population segments; the concentration of use (Lorenz curve).
#include "report/internal/canvas.h"
#include "report/internal/cover.h"
#include "report/internal/present.h"
#include "report/report.h"

namespace barometer::report {
namespace {

using internal::Id;
using internal::Num;

std::string Fmt(const OutcomeView& o, std::optional<double> v) {
  return v ? Num(*v, o.decimals) + o.unit : "–";
}

LineChart OutcomeChart(const OutcomeView& o) {
  LineChart c;
  c.x_kind = XKind::kYear;
  c.decimals = o.decimals;
  c.unit = o.unit;
  c.width = 680;
  c.height = 250;
  std::string desc = o.name + ". ";
  if (!o.area.empty())
    desc += "Area values from " + Num(o.area.front().x, 0) + " (" + Fmt(o, o.area.front().y) +
            ") to " + Num(o.area.back().x, 0) + " (" + Fmt(o, o.area.back().y) + "). ";
  if (!o.comparator.empty())
    desc += o.comparator_name + " " + Num(o.comparator.back().x, 0) + ": " +
            Fmt(o, o.comparator.back().y) + ". ";
  if (o.ambition) desc += "Ambition " + Fmt(o, o.ambition) + ". ";
  desc += o.verdict;
  if (!o.projection_method.empty()) desc += " Projection: " + o.projection_method + ".";
  // The title states the message: the status, as the card's pill says it.
  c.text = {
      Id("o", o.id, "trend"),
      o.name + ": " + std::string(StatusLabel(o.status)) + " — trend, projection and ambition",
      desc};
  if (!o.comparator.empty())
    c.series.push_back({o.comparator_name, SeriesStyle::kComparator, o.comparator});
  c.series.push_back({"Area", SeriesStyle::kActual, o.area});
  if (!o.projection.empty())
    c.series.push_back({"Projection", SeriesStyle::kProjection, o.projection});
  if (o.ambition) {
    c.ambition = o.ambition;
    c.ambition_label = "Ambition";
    if (o.ambition_year)
      c.targets.push_back(
          {*o.ambition_year, *o.ambition, "Ambition: " + o.ambition_text, Fmt(o, o.ambition)});
  }
  return c;
}

// What is charted, in what unit, over which periods, from where; as the
// measure cards of the other papers say it.
std::string Subtitle(const PopulationView& p, const OutcomeView& o) {
  std::string unit = o.unit.empty() ? "no unit" : o.unit.substr(o.unit.find_first_not_of(' '));
  std::string out = o.name + " · unit: " + unit;
  if (!o.area.empty()) {
    out += " · pooled periods centred on " + Num(o.area.front().x, 0);
    if (o.area.size() > 1) out += " to " + Num(o.area.back().x, 0);
    out += " (" + std::to_string(o.area.size()) + " value" + (o.area.size() == 1 ? "" : "s") + ")";
    if (!o.value_period.empty()) out += ", latest " + o.value_period;
  } else {
    out += " · no values";
  }
  out += " · source: " + (o.source.empty() ? std::string("the population extract") : o.source);
  if (!p.area.empty()) out += ", " + p.area;
  if (!p.data_note.empty()) out += " (" + p.data_note + ")";
  return out;
}

std::string OutcomeSection(const PopulationView& p, const OutcomeView& o, int* charts) {
  std::string tone(ToneClass(StatusTone(o.status)));
  std::string out = "<article class=\"measure " + tone + "\" id=\"" + Id("o", o.id) + "\">";
  out += "<div class=\"measure-head\"><h3>" + Esc(o.name) + "</h3>" +
         Pill(StatusLabel(o.status), StatusTone(o.status)) + "</div>";
  if (o.value)
    out += "<p><strong>Latest" + (o.value_period.empty() ? "" : " (" + Esc(o.value_period) + ")") +
           ":</strong> " + Esc(Fmt(o, o.value)) +
           (o.lower && o.upper
                ? " (95% CI " + Esc(Fmt(o, o.lower)) + " to " + Esc(Fmt(o, o.upper)) + ")"
                : "") +
           "</p>";
  if (!o.ambition_text.empty())
    out += "<p><strong>Ambition:</strong> " + Esc(o.ambition_text) + "</p>";
  if (!o.verdict.empty()) out += "<p>" + Esc(o.verdict) + "</p>";
  if (!o.definition.empty()) out += "<p class=\"small muted\">" + Esc(o.definition) + "</p>";
  out += "<p class=\"subtitle small muted\">" + Esc(Subtitle(p, o)) + "</p>";
  std::string caption = "Area values with their 95% confidence intervals";
  if (!o.comparator.empty()) caption += "; " + o.comparator_name + " for comparison";
  if (!o.projection.empty())
    caption +=
        "; projection (dashed): " +
        (o.projection_method.empty() ? std::string("method not recorded") : o.projection_method);
  if (o.ambition) caption += "; the ambition as a line and a diamond at its date";
  out += "<figure>" + RenderLineChart(OutcomeChart(o)) + "<figcaption>" + Esc(caption) +
         ".</figcaption></figure>";
  ++*charts;
  if (!o.deciles.empty()) {
    WhiskerChart w;
    std::string desc = "Values by deprivation decile (1 = most deprived)";
    if (!o.decile_period.empty()) desc += ", " + o.decile_period;
    desc += ": ";
    for (const GroupValue& g : o.deciles)
      desc += g.label + " " + (g.value ? Fmt(o, g.value) : "suppressed") + "; ";
    if (o.sii) desc += "Slope index of inequality " + Fmt(o, o.sii) + ".";
    if (!o.sii && !o.sii_note.empty()) desc += o.sii_note;
    w.text = {Id("o", o.id, "deciles"), o.name + " — by deprivation decile", desc};
    w.groups = o.deciles;
    w.decimals = o.decimals;
    w.unit = o.unit;
    w.width = 680;
    w.height = 220;
    out += "<p class=\"small muted\">" + Esc(o.decile_title.empty() ? o.name : o.decile_title) +
           " by national IMD decile" +
           (o.decile_period.empty() ? "" : ", " + Esc(o.decile_period)) + "</p>";
    out += "<figure>" + RenderWhiskerChart(w) + "<figcaption>";
    if (o.sii)
      out += "Slope index of inequality (SII, over " + Esc(o.sii_groups) +
             "): " + Esc(Fmt(o, o.sii)) +
             (o.sii_lower && o.sii_upper
                  ? " (95% CI " + Esc(Fmt(o, o.sii_lower)) + " to " + Esc(Fmt(o, o.sii_upper)) + ")"
                  : "") +
             " — the modelled gap between the most and least deprived ends of the area. ";
    else if (!o.sii_note.empty())
      out += Esc(o.sii_note) + " ";
    out += "“s”: suppressed by disclosure control.</figcaption></figure>";
    ++*charts;
  }
  return out + "</article>";
}

std::string Segments(const PopulationView& p) {
  HtmlTable t;
  t.caption = "Population segments (population health management)";
  t.headers = {"Segment", "People", "% of population", "Emergency admissions per 1,000",
               "% of emergency bed days"};
  t.numeric = {false, true, true, true, true};
  auto f = [](std::optional<double> v, int d) { return v ? Num(*v, d) : std::string("s"); };
  for (const SegmentRow& s : p.segments)
    t.rows.push_back({Esc(s.name), f(s.people, 0), f(s.percent, 1),
                      f(s.emergency_admissions_per_1000, 1), f(s.bed_days_share, 1)});
  return RenderTable(t);
}

std::vector<DataTable> Tables(const PopulationView& p) {
  DataTable outcomes{"outcomes",
                     "Outcome indicators by year",
                     {{"indicator_id"},
                      {"indicator"},
                      {"series"},
                      {"year"},
                      {"value"},
                      {"lower_95"},
                      {"upper_95"}},
                     {}};
  DataTable deciles{"deciles",
                    "Outcome indicators by deprivation decile",
                    {{"indicator_id"}, {"decile"}, {"value"}, {"lower_95"}, {"upper_95"}},
                    {}};
  DataTable ambitions{"ambitions",
                      "Ambitions",
                      {{"indicator_id"},
                       {"indicator"},
                       {"period"},
                       {"value"},
                       {"lower_95"},
                       {"upper_95"},
                       {"ambition"},
                       {"ambition_year"},
                       {"status"},
                       {"verdict"},
                       {"sii"},
                       {"sii_lower_95"},
                       {"sii_upper_95"}},
                      {}};
  auto opt = [](std::optional<double> v) { return v ? Cell(*v) : Cell(); };
  for (const OutcomeView& o : p.outcomes) {
    for (auto [name, pts] : {std::pair{"area", &o.area}, std::pair{"projection", &o.projection},
                             std::pair{"comparator", &o.comparator}})
      for (const ChartPoint& c : *pts)
        outcomes.rows.push_back({o.id, o.name, std::string(name), c.x, c.y, opt(c.lo), opt(c.hi)});
    for (const GroupValue& g : o.deciles)
      deciles.rows.push_back({o.id, g.label, opt(g.value), opt(g.lo), opt(g.hi)});
    ambitions.rows.push_back({o.id, o.name, o.value_period, opt(o.value), opt(o.lower),
                              opt(o.upper), opt(o.ambition), opt(o.ambition_year),
                              std::string(StatusName(o.status)), o.verdict, opt(o.sii),
                              opt(o.sii_lower), opt(o.sii_upper)});
  }
  DataTable segs{
      "segments",
      "Population segments",
      {{"segment"}, {"people"}, {"percent"}, {"emergency_admissions_per_1000"}, {"bed_days_share"}},
      {}};
  for (const SegmentRow& s : p.segments)
    segs.rows.push_back({s.name, opt(s.people), opt(s.percent),
                         opt(s.emergency_admissions_per_1000), opt(s.bed_days_share)});
  DataTable lorenz{"lorenz",
                   "Concentration of " + p.concentration_measure,
                   {{"people_share"}, {"use_share"}},
                   {}};
  for (const ChartPoint& c : p.lorenz) lorenz.rows.push_back({c.x, c.y});
  return {outcomes, deciles, ambitions, segs, lorenz};
}

}  // namespace

Result<Document> PopulationReport(const PopulationView& p, const ReportOptions& o) {
  if (p.outcomes.empty()) return Status::InvalidInput("no outcome indicators to report");
  Document d;
  d.kind = "population";
  d.title = "Population outcomes report";
  std::string tiles = "<div class=\"tiles\">";
  if (p.population)
    tiles += "<div class=\"tile info\"><div class=\"n\">" + Num(*p.population, 0) +
             "</div><div class=\"l\">People</div></div>";
  int off = 0, on = 0;
  for (const OutcomeView& x : p.outcomes) {
    if (IsException(x.status)) ++off;
    if (x.status == MeasureStatus::kOnTrack || x.status == MeasureStatus::kAchieved) ++on;
  }
  tiles += "<div class=\"tile info\"><div class=\"n\">" + std::to_string(p.outcomes.size()) +
           "</div><div class=\"l\">Outcome ambitions</div></div>";
  tiles += "<div class=\"tile bad\"><div class=\"n\">" + std::to_string(off) +
           "</div><div class=\"l\">Off track or at risk</div></div>";
  tiles += "<div class=\"tile good\"><div class=\"n\">" + std::to_string(on) +
           "</div><div class=\"l\">On track or achieved</div></div></div>";
  internal::CoverSheet cs;
  cs.organisation = p.area;
  cs.subject = "outcome ambitions";
  cs.kind = d.kind;
  cs.title = d.title;
  cs.audience = "Board";
  cs.meeting = "Board of Directors";
  cs.period = p.period;
  cs.data_note = p.data_note.empty() ? o.data_note : p.data_note;
  cs.as_of = p.disclosure_note;
  cs.glance = tiles;
  cs.paper = o.paper;
  cs.default_purpose = Purpose::kNote;
  cs.messages_note = "The outcome ambitions off track or at risk, with their verdicts.";
  // The outcomes whose status is an exception, with the verdict the view holds.
  for (const OutcomeView& x : p.outcomes)
    if (IsException(x.status) && !x.verdict.empty() &&
        cs.messages.size() < internal::kMaxKeyMessages)
      cs.messages.push_back({x.name + ": " + x.verdict, "#" + Id("o", x.id), false});
  std::string body = internal::RenderCoverSheet(cs);
  body += "<section><h2>Outcome ambitions</h2>";
  for (const OutcomeView& x : p.outcomes) body += OutcomeSection(p, x, &d.charts);
  body += "</section><section class=\"section-break\"><h2>Population segments</h2>";
  body += Segments(p);
  if (!p.lorenz.empty()) {
    LorenzChart l;
    l.text = {
        "lorenz", "Concentration of " + p.concentration_measure,
        "Lorenz curve: cumulative share of " + p.concentration_measure +
            " against cumulative share of people" +
            (p.gini ? ", Gini coefficient " + Num(*p.gini, 2) : std::string()) +
            (p.top5_share ? "; the top 5% of people account for " + Num(*p.top5_share, 1) + "%"
                          : std::string()) +
            "."};
    l.curve = p.lorenz;
    l.gini = p.gini;
    l.y_label = "Cumulative share of " + p.concentration_measure;
    body += "<h2>Concentration of use</h2><div class=\"two-col\"><figure>" + RenderLorenzChart(l) +
            "</figure><div>";
    if (p.top5_share)
      body += "<p class=\"small\"><strong>" + Num(*p.top5_share, 1) + "%</strong> of " +
              Esc(p.concentration_measure) + " are used by 5% of people.</p>";
    if (p.gini)
      body += "<p class=\"small\">Gini coefficient " + Num(*p.gini, 2) +
              " (0 = everyone uses the same, 1 = one person uses all).</p>";
    body += "</div></div>";
    ++d.charts;
  }
  body += "</section><footer class=\"doc\">" + Esc(p.disclosure_note) + "</footer>";
  d.html =
      RenderPage({d.title + " — " + p.area, p.area + " · " + d.title + " · " + p.period}, body);
  d.tables = Tables(p);
  return d;
}

}  // namespace barometer::report
