#include "report/internal/present.h"

#include <algorithm>
#include <cmath>

#include "report/html.h"
#include "report/internal/canvas.h"

namespace barometer::report::internal {
namespace {

using measures::MeasureEvaluation;
using strategy::MeasureUnit;

double Days(Date d) { return static_cast<double>(d.ToDays()); }

std::string OpSymbol(std::string_view op) {
  if (op == ">=") return "≥ ";
  if (op == "<=") return "≤ ";
  if (op == ">") return "> ";
  if (op == "<") return "< ";
  return "";
}

// The trajectory as the record holds it: from the baseline (its value at the
// end of its period) to each numeric target at its due date, straight lines
// between (docs/evaluation.md, "Trajectories").
std::vector<ChartPoint> TrajectoryPoints(const MeasureEvaluation& e) {
  std::vector<ChartPoint> pts;
  if (e.baseline.value && e.baseline.date)
    pts.push_back({Days(*e.baseline.date), *e.baseline.value});
  for (const measures::TargetView& t : e.targets)
    if (t.numeric) pts.push_back({Days(t.due), *t.goal});
  std::stable_sort(pts.begin(), pts.end(),
                   [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
  return pts.size() >= 2 ? pts : std::vector<ChartPoint>{};
}

std::string LongDay(Date d) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

// The record's missing periods that lie between two values (so the line
// breaks between them).
bool GapBetween(const MeasureEvaluation& e, const Period& a, const Period& b) {
  for (const Period& p : e.missing_periods)
    if (p.end > a.end && p.end < b.end) return true;
  return false;
}

std::string Fact(std::string_view label, std::string_view value_markup) {
  return "<div><dt>" + Esc(label) + "</dt><dd>" + std::string(value_markup) + "</dd></div>";
}

std::string TrendDescription(const strategy::Measure& m, const MeasureEvaluation& e) {
  std::string d = m.name + ". ";
  if (e.series.empty()) {
    d += "No values yet. ";
  } else {
    d += std::to_string(e.series.size()) + " values from " + e.series.front().period.ToString() +
         " (" + Value(m, e.series.front().value) + ") to " + e.series.back().period.ToString() +
         " (" + Value(m, e.series.back().value) + "). ";
  }
  if (e.baseline.value)
    d += "Baseline " + Value(m, e.baseline.value) +
         (e.baseline.period.empty() ? "" : " (" + e.baseline.period + ")") + ". ";
  std::string targets;
  for (const measures::TargetView& t : e.targets) {
    if (!t.numeric) continue;
    targets += (targets.empty() ? "" : "; ") + Value(m, t.goal) + " by " + MonthLabel(Days(t.due));
  }
  if (!targets.empty()) d += "Targets: " + targets + ". ";
  if (!e.missing_periods.empty())
    d += std::to_string(e.missing_periods.size()) + " period" +
         (e.missing_periods.size() == 1 ? "" : "s") + " without a value, from " +
         e.missing_periods.front().ToString() + ": the line is broken there. ";
  if (const measures::ForecastInfo* f = measures::MainForecast(e))
    d += ForecastVerdict(m, *f) + " (" + f->method_text + "). ";
  d += "Status: " + std::string(measures::StatusLabel(e.status)) + ".";
  return d;
}

}  // namespace

std::string Value(const strategy::Measure& m, std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "–";
  return measures::FormatValue(*v, m);
}

std::string NumeratorDenominator(const measures::Observation& o) {
  if (!o.numerator || !o.denominator) return "";
  auto count = [](double v) { return Num(v, v == std::floor(v) ? 0 : 1); };
  return count(*o.numerator) + " of " + count(*o.denominator);
}

std::string RebaseText(const measures::SpcRebase& r) {
  std::string s = "Limits recalculated from " +
                  (r.starts ? MonthLabel(Days(*r.starts)) : MonthLabel(Days(r.date))) + ": ";
  if (r.source == measures::RebaseSource::kProcessChange)
    s += "process change recorded with the data" +
         (r.description.empty() ? std::string() : " — " + r.description);
  else
    s += "rebase date set in the strategy";
  return s + " (" + std::to_string(r.points) + " values since)";
}

// Why the assurance icon and the status can disagree, when they do.
std::string AssuranceContradiction(const MeasureEvaluation& r) {
  if (!r.spc) return "";
  bool good = r.status == measures::MeasureStatus::kOnTrack ||
              r.status == measures::MeasureStatus::kAchieved;
  bool bad = r.status == measures::MeasureStatus::kOffTrack ||
             r.status == measures::MeasureStatus::kAtRisk;
  if (!(good && r.spc->assurance == stats::AssuranceIcon::kFail) &&
      !(bad && r.spc->assurance == stats::AssuranceIcon::kPass))
    return "";
  return "The assurance icon and the status answer different questions: the icon asks whether "
         "the process limits (" +
         std::string(r.spc_rebases.empty() ? "over the whole series"
                                           : "since the last recorded process change") +
         ") lie on the target's side, the status whether the latest value meets this period's "
         "trajectory.";
}

std::string CardSubtitle(const strategy::Measure& m, const MeasureEvaluation& e) {
  std::string unit = e.unit.empty() ? "no unit given" : e.unit;
  std::replace(unit.begin(), unit.end(), '_', ' ');
  std::vector<std::string> parts = {m.name, "unit: " + unit};
  std::string period = e.frequency.empty() ? "" : e.frequency;
  std::replace(period.begin(), period.end(), '_', ' ');
  if (!e.series.empty()) {
    period += (period.empty() ? "" : ", ") + e.series.front().period.ToString();
    if (e.series.size() > 1) period += " to " + e.series.back().period.ToString();
    period +=
        " (" + std::to_string(e.series.size()) + " value" + (e.series.size() == 1 ? "" : "s") + ")";
  } else {
    period += (period.empty() ? "" : ", ") + std::string("no values yet");
  }
  parts.push_back(period);
  parts.push_back("source: " +
                  (m.source.empty() ? std::string("not stated in the strategy") : m.source));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::vector<std::string> DataFlags(const MeasureEvaluation& e) {
  std::vector<std::string> out;
  if (e.latest)
    out.push_back("Data as at " + LongDay(e.latest->period.end) + " (latest value " +
                  e.latest->period.ToString() + ")");
  else
    out.push_back("No data up to the period");
  if (!e.missing_periods.empty()) {
    std::string list;
    size_t shown = std::min<size_t>(e.missing_periods.size(), 4);
    for (size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + e.missing_periods[i].ToString();
    if (e.missing_periods.size() > shown)
      list += " and " + std::to_string(e.missing_periods.size() - shown) + " more";
    out.push_back("Missing data: " + list + " (the line is broken there, not bridged)");
  }
  if (e.baseline.value && e.baseline.provisional)
    out.push_back("Provisional baseline: its year (" + e.baseline.period + ") is not over");
  if (e.spc && e.spc_provisional_limits)
    out.push_back("Provisional SPC limits: " + std::to_string(e.spc_phase_points) +
                  " values since the limits were last set (" +
                  std::to_string(measures::kProvisionalLimitPoints) + " are needed)");
  std::vector<const measures::Observation*> provisional;
  for (const measures::Observation& o : e.series)
    if (o.provisional) provisional.push_back(&o);
  if (!provisional.empty()) {
    std::string which = provisional.front()->period.ToString();
    if (provisional.size() > 1) which += " to " + provisional.back()->period.ToString();
    out.push_back("Provisional: " + std::to_string(provisional.size()) + " value" +
                  (provisional.size() == 1 ? " (" : "s (") + which +
                  ") will be revised by the publisher; drawn as hollow points" +
                  (e.latest && e.latest->provisional ? ", the latest value among them" : ""));
  }
  if (e.latest && !e.latest->note.empty())
    out.push_back("Note on the latest value: " + e.latest->note);
  return out;
}

std::string CardHeader(const strategy::Measure& m, const MeasureEvaluation& e) {
  std::string out = "<p class=\"subtitle small muted\">" + Esc(CardSubtitle(m, e)) + "</p>";
  out += "<ul class=\"data-flags small\">";
  for (const std::string& f : DataFlags(e)) out += "<li>" + Esc(f) + "</li>";
  return out + "</ul>";
}

std::string MilestoneList(const strategy::Measure& m, const MeasureEvaluation& e) {
  std::string items;
  for (const measures::MilestoneView& v : e.milestones) {
    std::string when = v.year ? "Year " + std::to_string(*v.year) + ", due " : "Due ";
    items += "<li class=\"milestone\"><span class=\"due\">" + Esc(when + LongDay(v.due)) +
             "</span> " + StatusPill(v.status) + " <span class=\"what\">" + Esc(v.text) + "</span>";
    if (v.done_in)
      items += " <span class=\"small muted\">" +
               Esc("done in " + v.done_in->ToString() + (v.late ? ", late" : "")) + "</span>";
    items += "</li>";
  }
  if (items.empty()) return "";
  return "<figure class=\"wide\"><figcaption>Milestones of " + Esc(m.name) +
         ", by due date, with their state</figcaption><ol class=\"milestones\">" + items +
         "</ol></figure>";
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

std::optional<double> TargetForPeriod(const MeasureEvaluation& e) {
  if (!e.target || !e.target->goal || !e.target->numeric) return std::nullopt;
  return e.target->goal_for_period ? e.target->goal_for_period : e.target->goal;
}

std::string TargetText(const strategy::Measure& m, const MeasureEvaluation& e,
                       std::string_view long_text) {
  if (!e.target) return "–";
  if (std::optional<double> v = TargetForPeriod(e)) return OpSymbol(e.target->op) + Value(m, v);
  if (e.target->kind == strategy::TargetKind::kImprovement && e.target->goal)
    return "significant improvement on " + Value(m, e.target->goal) +
           (e.baseline.period.empty() ? "" : " (" + e.baseline.period + ")");
  if (!e.target->text.empty()) return std::string(long_text);
  return "–";
}

std::string ForecastVerdict(const strategy::Measure& m, const measures::ForecastInfo& f) {
  return std::string(f.projected_to_meet ? "Projected to meet" : "Projected to miss") +
         " the target of " + OpSymbol(f.op) + measures::FormatValue(f.goal, m) + " by " +
         MonthLabel(Days(f.due)) + ": trend gives " + measures::FormatValue(f.value, m) +
         " (chance of meeting it " + Num(100 * f.probability, 0) + "%)";
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
  if (role_id == strategy::kUnnamed) return measures::OwnerName(s, "");
  return measures::OwnerName(s, role_id);
}

std::string CommitteeName(const strategy::Strategy& s, std::string_view committee_id) {
  const strategy::Committee* c = strategy::FindCommittee(s, committee_id);
  return c ? c->name : std::string(committee_id);
}

LineChart TrendChart(const strategy::Strategy& s, const strategy::Measure& m,
                     const MeasureEvaluation& e) {
  (void)s;
  LineChart c;
  // The title states the message: the measure, its status, what is drawn.
  c.text = {
      Id("m", m.id, "trend"),
      m.name + ": " + std::string(measures::StatusLabel(e.status)) + " — trend against trajectory",
      TrendDescription(m, e)};
  c.width = 340;
  c.height = 230;
  c.decimals = e.decimals;
  c.unit = UnitSuffix(m);
  if (m.range) c.y_min = m.range->min, c.y_max = m.range->max;
  if (m.unit) {
    auto range = strategy::DefaultRange(*m.unit);
    if (std::isfinite(range.min)) c.y_min = c.y_min ? std::max(*c.y_min, range.min) : range.min;
    if (std::isfinite(range.max)) c.y_max = c.y_max ? std::min(*c.y_max, range.max) : range.max;
  }
  std::vector<ChartPoint> traj = TrajectoryPoints(e);
  if (!traj.empty()) c.series.push_back({"Trajectory", SeriesStyle::kTrajectory, traj});
  LineSeries actual{"Actual", SeriesStyle::kActual, {}};
  for (size_t i = 0; i < e.series.size(); ++i) {
    const measures::Observation& o = e.series[i];
    ChartPoint p{Days(o.period.end), o.value};
    p.gap_before = i > 0 && GapBetween(e, e.series[i - 1].period, o.period);
    p.detail = NumeratorDenominator(o);
    p.provisional = o.provisional;
    actual.points.push_back(std::move(p));
  }
  c.series.push_back(actual);
  // An improvement target is drawn as what it is: the baseline to improve
  // on significantly, a reference line, never a target mark.
  if (e.target && e.target->kind == strategy::TargetKind::kImprovement && e.baseline.value) {
    c.reference = e.baseline.value;
    c.reference_label = "Baseline to improve on: " + Value(m, e.baseline.value) +
                        (e.baseline.period.empty() ? "" : " (" + e.baseline.period + ")");
  }
  const measures::ForecastInfo* f = measures::MainForecast(e);
  if (f && !e.series.empty()) {
    const measures::Observation& last = e.series.back();
    std::string method = f->method;
    std::replace(method.begin(), method.end(), '_', ' ');
    c.series.push_back({"Forecast (" + method + ", " + std::to_string(f->points) + " values)",
                        SeriesStyle::kForecast,
                        {{Days(last.period.end), last.value, last.value, last.value},
                         {Days(f->due), f->value, f->lower, f->upper}}});
  }
  for (const measures::TargetView& t : e.targets) {
    if (!t.numeric) continue;
    std::string label = (t.year ? "Year " + std::to_string(*t.year) + " target " : "Target ") +
                        Value(m, t.goal) + (t.text.empty() ? "" : ": " + t.text);
    c.targets.push_back({Days(t.due), *t.goal, label, Value(m, t.goal)});
  }
  return c;
}

SpcChart SpcSpec(const strategy::Measure& m, const MeasureEvaluation& e) {
  SpcChart c;
  std::string desc = m.name + ": Making Data Count XmR chart of " +
                     std::to_string(e.spc ? e.spc->points.size() : 0) + " points. ";
  if (e.spc) {
    desc += std::string(stats::VariationIconDescription(e.spc->variation_icon)) + ". ";
    if (e.spc->assurance != stats::AssuranceIcon::kNone)
      desc += std::string(stats::AssuranceIconDescription(e.spc->assurance)) + ".";
  }
  if (e.spc_provisional_limits) desc += " Provisional limits.";
  for (const measures::SpcRebase& r : e.spc_rebases)
    if (r.starts) desc += " " + RebaseText(r) + ".";
  std::string message = e.spc ? std::string(stats::VariationIconDescription(e.spc->variation_icon))
                              : std::string("no SPC");
  c.text = {Id("m", m.id, "spc"), m.name + ": " + message + " — statistical process control", desc};
  c.width = 340;
  c.height = 230;
  c.decimals = e.decimals;
  c.unit = UnitSuffix(m);
  c.improvement = m.direction == strategy::Direction::kLower    ? stats::Improvement::kDecrease
                  : m.direction == strategy::Direction::kHigher ? stats::Improvement::kIncrease
                                                                : stats::Improvement::kNeutral;
  for (const measures::SpcRebase& r : e.spc_rebases) {
    if (!r.starts) continue;
    c.rebases.push_back({Days(*r.starts), "Limits recalculated", RebaseText(r)});
  }
  if (e.spc && e.spc_provisional_limits)
    c.limits_note = "Provisional limits: " + std::to_string(e.spc_phase_points) + " values";
  for (const measures::Observation& o : e.series)
    if (o.provisional) c.provisional.push_back(o.period.start);
  return c;
}

PeerStrip PeerSpec(const strategy::Strategy& s, const strategy::Measure& m,
                   const MeasureEvaluation& e) {
  PeerStrip c;
  const measures::RankInfo& r = *e.rank;
  const strategy::PeerGroup* g = strategy::FindPeerGroup(s, r.peer_group);
  std::string group = g ? g->name : r.peer_group;
  std::string who = s.organisation.short_name.empty() ? "Us" : s.organisation.short_name;
  std::string pos = r.rank > 0
                        ? "ranked " + std::to_string(r.rank) + " of " + std::to_string(r.peers)
                        : "not ranked";
  if (r.quartile > 0) pos += ", quartile " + std::to_string(r.quartile) + " (1 = best)";
  c.text = {Id("m", m.id, "peers"), m.name + " — position among " + group,
            who + " " + pos + " among " + std::to_string(r.peer_values.size()) + " " + group +
                " in " + r.period.ToString() + "."};
  c.peers = r.peer_values;
  c.width = 680;
  c.height = 96;
  c.higher_is_better = m.direction != strategy::Direction::kLower;
  c.decimals = e.decimals;
  c.unit = UnitSuffix(m);
  c.quartile_cuts = r.cut_points;
  c.ours = r.value;
  c.our_label = who + " " + Value(m, r.value);
  return c;
}

FunnelChart FunnelSpec(const strategy::Strategy& s, const strategy::Measure& m,
                       const MeasureEvaluation& e) {
  const measures::FunnelInfo& f = *e.funnel;
  FunnelChart c;
  const strategy::PeerGroup* g = strategy::FindPeerGroup(s, f.peer_group);
  std::string group = g ? g->name : f.peer_group;
  std::string who = s.organisation.short_name.empty() ? "Us" : s.organisation.short_name;
  auto count = [](double v) { return Num(v, 0); };
  for (const measures::FunnelPeer& p : f.peers) {
    FunnelChartPoint pt{p.denominator, p.value,
                        (p.org_name.empty() ? p.org_code : p.org_code + " " + p.org_name) + ": " +
                            Value(m, p.value) + " (" + count(p.numerator) + " of " +
                            count(p.denominator) + "); " + p.significance};
    if (p.ours) {
      c.ours = pt;
      c.our_label = who + " " + Value(m, p.value);
    } else {
      c.peers.push_back(std::move(pt));
    }
  }
  for (const measures::FunnelLimitPoint& l : f.limits)
    c.limits.push_back({l.x, l.lower95, l.upper95, l.lower998, l.upper998});
  c.average = f.average;
  c.average_label = "Peers overall " + Value(m, f.average);
  c.text = {Id("m", m.id, "funnel"), m.name + " — funnel plot among " + group,
            who + ": " + f.position_text + ", " + f.period.ToString() + ". " +
                std::to_string(f.peers.size()) + " " + group + " plotted against their " +
                "denominators; " + std::to_string(f.above998) + " above and " +
                std::to_string(f.below998) + " below the 99.8% limits."};
  c.x_label = "Denominator (" + f.period.ToString() + ")";
  c.decimals = e.decimals;
  c.unit = UnitSuffix(m);
  if (m.unit == strategy::MeasureUnit::kPercent) c.y_min = 0, c.y_max = 100;
  c.width = 680;
  c.height = 280;
  return c;
}

std::string FunnelFigure(const strategy::Strategy& s, const strategy::Measure& m,
                         const MeasureEvaluation& e) {
  if (!e.funnel) return "";
  return "<figure class=\"wide funnel\">" + RenderFunnelChart(FunnelSpec(s, m, e)) +
         "<figcaption>" + Esc(e.funnel->position_text) +
         ". <span class=\"method\">Method: " + Esc(e.funnel->method) +
         ".</span></figcaption></figure>";
}

std::string MeasureCard(const strategy::Strategy& s, const strategy::Measure& m,
                        const MeasureEvaluation* e, const CardOptions& o, int* charts) {
  static const MeasureEvaluation kEmpty;
  const MeasureEvaluation& x = e ? *e : kEmpty;
  std::string tone(ToneClass(StatusTone(x.status)));
  std::string out = "<article class=\"measure " + tone + "\" id=\"" + Id("m", m.id) + "\">";
  // The card's top (name, status, message, subtitle, flags, facts) is never
  // split across pages in print; the card may break after it.
  out += "<div class=\"card-top\"><div class=\"measure-head\"><h4>" + Esc(m.name) + "</h4>" +
         StatusPill(x.status) + "</div>";
  // The message first (the record's reason), then what is measured, in what
  // unit, over which periods, from which source; then the data's flags.
  if (!x.reason.empty()) out += "<p class=\"message\">" + Esc(x.reason) + "</p>";
  out += CardHeader(m, x);
  const bool milestones = !x.milestones.empty();
  out += "<dl class=\"facts\">";
  std::string latest =
      Esc(Value(m, x.latest ? std::optional<double>(x.latest->value) : std::nullopt));
  if (x.latest)
    if (std::string nd = NumeratorDenominator(*x.latest); !nd.empty())
      latest += " <span class=\"small muted nd\">" + Esc(nd) + "</span>";
  out += Fact("Latest" + (x.latest ? " (" + PeriodOf(*x.latest) + ")" : ""), latest);
  out += Fact(milestones ? "Milestone this period" : "Target this period",
              Esc(TargetText(m, x, "See below")));
  if (!milestones)
    out += Fact(
        "Baseline",
        Esc(Value(m, x.baseline.value) +
            (x.baseline.value && !x.baseline.period.empty() ? " (" + x.baseline.period + ")" : "") +
            (x.baseline.value && x.baseline.provisional ? ", provisional" : "")));
  const measures::ForecastInfo* f = measures::MainForecast(x);
  if (!milestones)
    out += Fact("Forecast", f ? Esc(Value(m, f->value) + " by " +
                                    MonthLabel(static_cast<double>(f->due.ToDays())))
                              : "–");
  std::string peer = "–";
  if (x.rank && x.rank->rank > 0)
    peer = Esc(std::to_string(x.rank->rank) + " of " + std::to_string(x.rank->peers) +
               (x.rank->quartile > 0 ? " (Q" + std::to_string(x.rank->quartile) + ")" : ""));
  if (!milestones || x.rank) out += Fact("Peer rank", peer);
  out += "</dl></div>";
  if (x.target && !x.target->text.empty() && !milestones)
    out += "<p class=\"small\"><strong>Target:</strong> " + Esc(x.target->text) + "</p>";
  if (f)
    out += "<p class=\"small forecast\"><strong>Forecast:</strong> " + Esc(ForecastVerdict(m, *f)) +
           ". <span class=\"method\">Method: " + Esc(f->method_text) + ".</span></p>";
  for (const measures::SpcRebase& r : x.spc_rebases)
    if (r.starts && x.spc) out += "<p class=\"small rebase-note\">" + Esc(RebaseText(r)) + ".</p>";
  if (std::string why = AssuranceContradiction(x); !why.empty() && o.spc && !milestones)
    out += "<p class=\"small callout assurance-note\">" + Esc(why) + "</p>";
  out += "<div class=\"charts\">";
  if (milestones) {
    // A milestone is done or not: a list with dates and states, never a line of 0–1.
    out += MilestoneList(m, x);
  } else {
    if (o.trend && !x.series.empty()) {
      out += "<figure>" + RenderLineChart(TrendChart(s, m, x)) +
             "<figcaption>Trend against the trajectory from the baseline to the "
             "targets</figcaption></figure>";
      ++*charts;
    }
    if (o.spc && x.spc && !x.spc->points.empty()) {
      std::string msg(stats::VariationIconDescription(x.spc->variation_icon));
      if (x.spc->assurance != stats::AssuranceIcon::kNone)
        msg += "; " + std::string(stats::AssuranceIconDescription(x.spc->assurance));
      if (x.spc_provisional_limits) msg += " (provisional limits)";
      out += "<figure>" + RenderSpcChart(*x.spc, SpcSpec(m, x)) + "<figcaption>" + Esc(msg) +
             "</figcaption></figure>";
      ++*charts;
    }
  }
  if (o.peers && x.rank && !x.rank->peer_values.empty()) {
    out += "<figure class=\"wide\">" + RenderPeerStrip(PeerSpec(s, m, x)) + "</figure>";
    ++*charts;
  }
  if (o.peers && x.funnel) {
    out += FunnelFigure(s, m, x);
    ++*charts;
  }
  out += "</div>";
  if (x.commentary && !x.commentary->text.empty()) {
    out += "<div class=\"commentary\"><p>" + Esc(x.commentary->text) + "</p>";
    if (!x.commentary->author.empty())
      out += "<p class=\"who\">— " + Esc(x.commentary->author) + "</p>";
    out += "</div>";
  }
  return out + "</article>";
}

const measures::RollUp* FindRollUp(const std::vector<measures::RollUp>& rollups,
                                   std::string_view id) {
  for (const measures::RollUp& r : rollups)
    if (r.id == id) return &r;
  return nullptr;
}

measures::MeasureStatus ObjectiveHeadline(const measures::PeriodRecord& r,
                                          std::string_view objective_id) {
  const measures::RollUp* u = FindRollUp(r.evaluation.objectives, objective_id);
  return u ? u->headline : measures::MeasureStatus::kNoData;
}

std::string StatusTiles(const StatusCounts& counts) {
  std::vector<measures::MeasureStatus> order;
  for (int i = 0; i < measures::kStatusCount; ++i)
    if (counts[i] > 0) order.push_back(static_cast<measures::MeasureStatus>(i));
  std::stable_sort(order.begin(), order.end(), [](auto a, auto b) {
    return measures::StatusSeverity(a) > measures::StatusSeverity(b);
  });
  std::string out = "<div class=\"tiles\" role=\"list\" aria-label=\"Measures by status\">";
  for (measures::MeasureStatus status : order) {
    out += "<div class=\"tile " + std::string(ToneClass(StatusTone(status))) +
           "\" role=\"listitem\"><div class=\"n\">" +
           std::to_string(counts[static_cast<int>(status)]) + "</div><div class=\"l\">" +
           std::string(StatusSymbol(status)) + " " + Esc(measures::StatusLabel(status)) +
           "</div></div>";
  }
  return out + "</div>";
}

StatusCounts CountStatuses(const std::vector<const MeasureEvaluation*>& measures) {
  StatusCounts n{};
  for (const MeasureEvaluation* m : measures)
    ++n[static_cast<int>(m ? m->status : measures::MeasureStatus::kNoData)];
  return n;
}

std::string AsOf(const measures::PeriodRecord& r) {
  std::string s = "Evaluated for " + r.period.ToString() + "; " + r.as_of + ".";
  if (r.state == measures::RecordState::kLocked)
    s += " Locked" + (r.locked_at.empty() ? std::string() : " on " + r.locked_at) + ".";
  return s;
}

}  // namespace barometer::report::internal
