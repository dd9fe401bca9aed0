#include "report/internal/present.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "report/html.h"
#include "report/internal/canvas.h"

namespace barometer::report::internal {
namespace {

using strategy::MeasureUnit;

double Days(Date d) { return static_cast<double>(d.ToDays()); }

// The trajectory: the baseline (or first value), then each yearly target value.
std::vector<ChartPoint> Trajectory(const strategy::Strategy& s, const strategy::Measure& m,
                                   const MeasureResult& r) {
  std::vector<ChartPoint> pts;
  if (r.baseline && !r.series.empty()) pts.push_back({Days(r.series.front().date), *r.baseline});
  for (const strategy::Target& t : m.targets) {
    auto due = strategy::DueDate(s, t);
    auto v = TargetValue(m, t, r.baseline);
    if (due && v) pts.push_back({Days(*due), *v});
  }
  std::sort(pts.begin(), pts.end(),
            [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
  return pts.size() >= 2 ? pts : std::vector<ChartPoint>{};
}

std::string Fact(std::string_view label, std::string_view value_markup) {
  return "<div><dt>" + Esc(label) + "</dt><dd>" + std::string(value_markup) + "</dd></div>";
}

std::string TrendDescription(const strategy::Strategy& s, const strategy::Measure& m,
                             const MeasureResult& r) {
  std::string d = m.name + ". ";
  if (r.series.empty()) {
    d += "No values yet. ";
  } else {
    d += std::to_string(r.series.size()) + " values from " + r.series.front().period + " (" +
         FormatValue(m, r.series.front().value) + ") to " + r.series.back().period + " (" +
         FormatValue(m, r.series.back().value) + "). ";
  }
  std::string targets;
  for (const strategy::Target& t : m.targets) {
    auto v = TargetValue(m, t, r.baseline);
    auto due = strategy::DueDate(s, t);
    if (!v || !due) continue;
    targets += (targets.empty() ? "" : "; ") + FormatValue(m, *v) + " by " + MonthLabel(Days(*due));
  }
  if (!targets.empty()) d += "Targets: " + targets + ". ";
  if (r.forecast) d += r.forecast->verdict + ". ";
  d += "Status: " + std::string(StatusLabel(r.status)) + ".";
  return d;
}

}  // namespace

int Decimals(const strategy::Measure& m) {
  if (m.decimals) return *m.decimals;
  return m.unit ? strategy::DefaultDecimals(*m.unit) : 1;
}

std::string UnitSuffix(const strategy::Measure& m) {
  if (!m.unit) return "";
  switch (*m.unit) {
    case MeasureUnit::kPercent:
      return "%";
    case MeasureUnit::kDays:
      return " days";
    case MeasureUnit::kYears:
      return " years";
    default:
      return "";
  }
}

std::string FormatValue(const strategy::Measure& m, std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "–";
  if (m.unit == MeasureUnit::kMilestone && (*v == 0 || *v == 1))
    return *v == 1 ? "Done" : "Not done";
  if (m.unit == MeasureUnit::kGbp) return (*v < 0 ? "−£" : "£") + Num(std::fabs(*v), Decimals(m));
  std::string out = Num(*v, Decimals(m)) + UnitSuffix(m);
  if (m.unit == MeasureUnit::kRate && m.per) out += " per " + Num(*m.per, 0);
  return out;
}

std::optional<double> TargetValue(const strategy::Measure& m, const strategy::Target& t,
                                  std::optional<double> baseline) {
  using strategy::TargetKind;
  if (!t.kind) return std::nullopt;
  switch (*t.kind) {
    case TargetKind::kThreshold:
      return t.value;
    case TargetKind::kMaintain:
      return t.value ? t.value : baseline;
    case TargetKind::kChange:
      if (!t.change || !baseline) return std::nullopt;
      return t.change_unit == strategy::ChangeUnit::kAbsolute ? *baseline + *t.change
                                                              : *baseline * (1 + *t.change / 100);
    default:
      break;
  }
  (void)m;
  return std::nullopt;
}

std::string TargetsText(const strategy::Strategy& s, const strategy::Measure& m, int year) {
  std::string out;
  for (const strategy::Target* t : strategy::TargetsInYear(s, m, year))
    out += (out.empty() ? "" : "; ") + t->text;
  return out;
}

int ReportingYear(const strategy::Strategy& s, const Evaluation& e) {
  if (auto y = strategy::YearOf(s, e.period.end)) return *y;
  return e.period.end < s.organisation.period.start ? 1
                                                    : std::max(1, strategy::StrategyYearCount(s));
}

std::string Id(std::string_view a, std::string_view b, std::string_view c) {
  std::string out;
  for (std::string_view part : {a, b, c}) {
    if (part.empty()) continue;
    if (!out.empty()) out += '-';
    for (char ch : part)
      out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' ? ch : '_';
  }
  return out;
}

std::string RoleName(const strategy::Strategy& s, std::string_view role_id) {
  if (role_id.empty()) return "";
  if (role_id == strategy::kUnnamed) return "Not yet named";
  const strategy::Role* r = strategy::FindRole(s, role_id);
  if (r == nullptr) return std::string(role_id);
  return r->person.empty() ? r->title : r->title + " (" + r->person + ")";
}

std::string CommitteeName(const strategy::Strategy& s, std::string_view committee_id) {
  const strategy::Committee* c = strategy::FindCommittee(s, committee_id);
  return c ? c->name : std::string(committee_id);
}

LineChart TrendChart(const strategy::Strategy& s, const strategy::Measure& m,
                     const MeasureResult& r) {
  LineChart c;
  c.text = {Id("m", m.id, "trend"), m.name + " — trend against trajectory",
            TrendDescription(s, m, r)};
  c.width = 340;
  c.height = 230;
  c.decimals = Decimals(m);
  c.unit = UnitSuffix(m);
  if (m.range) c.y_min = m.range->min, c.y_max = m.range->max;
  if (m.unit) {
    auto range = strategy::DefaultRange(*m.unit);
    if (std::isfinite(range.min)) c.y_min = c.y_min ? std::max(*c.y_min, range.min) : range.min;
    if (std::isfinite(range.max)) c.y_max = c.y_max ? std::min(*c.y_max, range.max) : range.max;
  }
  std::vector<ChartPoint> traj = Trajectory(s, m, r);
  if (!traj.empty()) c.series.push_back({"Trajectory", SeriesStyle::kTrajectory, traj});
  LineSeries actual{"Actual", SeriesStyle::kActual, {}};
  for (const ObservationPoint& p : r.series) actual.points.push_back({Days(p.date), p.value});
  c.series.push_back(actual);
  if (r.forecast && !r.series.empty()) {
    const ObservationPoint& last = r.series.back();
    c.series.push_back(
        {"Forecast",
         SeriesStyle::kForecast,
         {{Days(last.date), last.value, last.value, last.value},
          {Days(r.forecast->date), r.forecast->value, r.forecast->lower, r.forecast->upper}}});
  }
  for (const strategy::Target& t : m.targets) {
    auto v = TargetValue(m, t, r.baseline);
    auto due = strategy::DueDate(s, t);
    auto year = strategy::TargetYear(s, t);
    if (!v || !due) continue;
    std::string label = (year ? "Year " + std::to_string(*year) + " target " : "Target ") +
                        FormatValue(m, *v) + (t.text.empty() ? "" : ": " + t.text);
    c.targets.push_back({Days(*due), *v, label});
  }
  return c;
}

SpcChart SpcSpec(const strategy::Measure& m, const MeasureResult& r) {
  SpcChart c;
  std::string desc = m.name + ": Making Data Count XmR chart of " +
                     std::to_string(r.spc ? r.spc->points.size() : 0) + " points. ";
  if (r.spc) {
    desc += std::string(stats::VariationIconDescription(r.spc->variation_icon)) + ". ";
    if (r.spc->assurance != stats::AssuranceIcon::kNone)
      desc += std::string(stats::AssuranceIconDescription(r.spc->assurance)) + ".";
  }
  c.text = {Id("m", m.id, "spc"), m.name + " — statistical process control", desc};
  c.width = 340;
  c.height = 230;
  c.decimals = Decimals(m);
  c.unit = UnitSuffix(m);
  c.improvement = m.direction == strategy::Direction::kLower    ? stats::Improvement::kDecrease
                  : m.direction == strategy::Direction::kHigher ? stats::Improvement::kIncrease
                                                                : stats::Improvement::kNeutral;
  return c;
}

PeerStrip PeerSpec(const strategy::Strategy& s, const strategy::Measure& m,
                   const MeasureResult& r) {
  PeerStrip c;
  const PeerPosition& p = *r.peers;
  std::string who = s.organisation.short_name.empty() ? "Us" : s.organisation.short_name;
  std::string pos = p.rank ? "ranked " + std::to_string(*p.rank) + " of " + std::to_string(p.count)
                           : "not ranked";
  if (p.quartile) pos += ", quartile " + std::to_string(*p.quartile) + " (1 = best)";
  c.text = {Id("m", m.id, "peers"), m.name + " — position among " + p.peer_group,
            who + " " + pos + " among " + std::to_string(p.values.size()) + " " + p.peer_group +
                (p.period.empty() ? "" : " in " + p.period) + "."};
  c.peers = p.values;
  c.width = 680;
  c.height = 96;
  c.higher_is_better = m.direction != strategy::Direction::kLower;
  c.decimals = Decimals(m);
  c.unit = UnitSuffix(m);
  auto ours = p.value ? p.value : r.latest;
  c.ours = ours;
  c.our_label = who + " " + FormatValue(m, ours);
  return c;
}

std::string MeasureCard(const strategy::Strategy& s, const strategy::Measure& m,
                        const MeasureResult* r, const CardOptions& o, int* charts) {
  static const MeasureResult kEmpty;
  const MeasureResult& res = r ? *r : kEmpty;
  std::string tone(ToneClass(StatusTone(res.status)));
  std::string out = "<article class=\"measure " + tone + "\" id=\"" + Id("m", m.id) + "\">";
  out += "<div class=\"measure-head\"><h4>" + Esc(m.name) + "</h4>" +
         Pill(StatusLabel(res.status), StatusTone(res.status)) + "</div>";
  if (!res.reason.empty()) out += "<p class=\"small\">" + Esc(res.reason) + "</p>";
  out += "<dl class=\"facts\">";
  out += Fact("Latest" + (res.latest_period.empty() ? "" : " (" + res.latest_period + ")"),
              Esc(FormatValue(m, res.latest)));
  out += Fact("Target this period", Esc(res.target                ? FormatValue(m, res.target)
                                        : res.target_text.empty() ? "–"
                                                                  : "See below"));
  out += Fact("Forecast", res.forecast
                              ? Esc(FormatValue(m, res.forecast->value) + " by " +
                                    MonthLabel(static_cast<double>(res.forecast->date.ToDays())))
                              : "–");
  std::string peer = "–";
  if (res.peers && res.peers->rank)
    peer = Esc(std::to_string(*res.peers->rank) + " of " + std::to_string(res.peers->count) +
               (res.peers->quartile ? " (Q" + std::to_string(*res.peers->quartile) + ")" : ""));
  out += Fact("Peer rank", peer);
  out += "</dl>";
  if (!res.target_text.empty())
    out += "<p class=\"small\"><strong>Target:</strong> " + Esc(res.target_text) + "</p>";
  if (res.forecast && !res.forecast->verdict.empty())
    out += "<p class=\"small\"><strong>Forecast:</strong> " + Esc(res.forecast->verdict) + "</p>";
  out += "<div class=\"charts\">";
  if (o.trend && !res.series.empty()) {
    out += "<figure>" + RenderLineChart(TrendChart(s, m, res)) + "</figure>";
    ++*charts;
  }
  if (o.spc && res.spc && !res.spc->points.empty()) {
    out += "<figure>" + RenderSpcChart(*res.spc, SpcSpec(m, res)) + "</figure>";
    ++*charts;
  }
  if (o.peers && res.peers && !res.peers->values.empty()) {
    out += "<figure class=\"wide\">" + RenderPeerStrip(PeerSpec(s, m, res)) + "</figure>";
    ++*charts;
  }
  out += "</div>";
  if (!res.commentary.empty()) {
    out += "<div class=\"commentary\"><p>" + Esc(res.commentary) + "</p>";
    if (!res.commentary_author.empty())
      out += "<p class=\"who\">— " + Esc(res.commentary_author) + "</p>";
    out += "</div>";
  }
  if (!m.source.empty()) out += "<p class=\"small muted\">Source: " + Esc(m.source) + "</p>";
  return out + "</article>";
}

MeasureStatus ObjectiveStatus(const strategy::Strategy& s, const Evaluation& e,
                              std::string_view objective_id) {
  MeasureStatus worst = MeasureStatus::kNoData;
  bool any = false;
  for (const strategy::Measure* m : strategy::MeasuresOf(s, objective_id)) {
    const MeasureResult* r = e.Find(m->id);
    if (r == nullptr || r->status == MeasureStatus::kNoData) continue;
    if (!any || StatusSeverity(r->status) > StatusSeverity(worst) ||
        (StatusSeverity(r->status) == StatusSeverity(worst) && r->status < worst))
      worst = r->status;
    any = true;
  }
  return worst;
}

std::string StatusTiles(const std::vector<const MeasureResult*>& results) {
  std::map<MeasureStatus, int> n;
  for (const MeasureResult* r : results) ++n[r ? r->status : MeasureStatus::kNoData];
  std::string out = "<div class=\"tiles\" role=\"list\" aria-label=\"Measures by status\">";
  for (auto& [status, count] : n) {
    out += "<div class=\"tile " + std::string(ToneClass(StatusTone(status))) +
           "\" role=\"listitem\"><div class=\"n\">" + std::to_string(count) +
           "</div><div class=\"l\">" + Esc(StatusLabel(status)) + "</div></div>";
  }
  return out + "</div>";
}

std::string Cover(const strategy::Strategy& s, std::string_view kind, std::string_view period,
                  std::string_view extra_note, std::string_view headline_markup) {
  const strategy::Organisation& org = s.organisation;
  std::string out = "<header class=\"cover\">";
  out += "<p class=\"org\">" + Esc(org.name) + "</p>";
  out += "<p class=\"kind\">" + Esc(kind) + "</p>";
  out += "<h1>" + Esc(org.strategy) + "</h1>";
  out += "<p class=\"period\">Reporting period: " + Esc(period) + "</p>";
  if (!org.vision.empty())
    out += "<blockquote><strong>Our vision:</strong> " + Esc(org.vision) + "</blockquote>";
  if (!s.values.empty()) {
    out += "<ul class=\"values\" aria-label=\"Our values\">";
    for (const auto& v : s.values) out += "<li>" + Esc(v.name) + "</li>";
    out += "</ul>";
  }
  if (!extra_note.empty()) out += "<p class=\"banner\">" + Esc(extra_note) + "</p>";
  if (!headline_markup.empty())
    out += "<div class=\"headline\">" + std::string(headline_markup) + "</div>";
  return out + "</header>";
}

}  // namespace barometer::report::internal
