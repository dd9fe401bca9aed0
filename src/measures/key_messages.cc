// The key messages of a period record (record.h, DrawKeyMessages): what the
// front page of every paper says first, drawn once here so that every output
// shares them.
#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "measures/record.h"

namespace barometer::measures {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string MonthYear(Date d) {
  return std::string(kMonths[d.month - 1]) + " " + std::to_string(d.year);
}

std::string LowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && (s.size() < 2 || !(s[1] >= 'A' && s[1] <= 'Z')))
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

std::string Sentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (!s.empty() && s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return s;
}

// "up from 11.5% (worse)", from the latest two values and the measure's direction.
std::string Direction(const strategy::Measure& m, const MeasureEvaluation& e) {
  if (e.series.size() < 2) return "";
  double now = e.series.back().value, before = e.series[e.series.size() - 2].value;
  std::string was = FormatValue(before, m);
  if (FormatValue(now, m) == was) return "unchanged from " + was;
  bool up = now > before;
  std::string out = std::string(up ? "up" : "down") + " from " + was;
  if (m.direction == strategy::Direction::kHigher) out += up ? " (better)" : " (worse)";
  if (m.direction == strategy::Direction::kLower) out += up ? " (worse)" : " (better)";
  return out;
}

// "against a target of 10.5%" / "against a target of significant improvement
// on 6.94 (2020-21)": never the baseline as if it were the target.
std::string Against(const strategy::Measure& m, const MeasureEvaluation& e) {
  if (!e.target) return "";
  const TargetView& t = *e.target;
  if (t.numeric && t.goal) {
    double goal = t.goal_for_period ? *t.goal_for_period : *t.goal;
    return std::string("against ") + (t.goal_for_period ? "a trajectory of " : "a target of ") +
           FormatValue(goal, m);
  }
  if (t.kind == strategy::TargetKind::kImprovement && t.goal)
    return "against a target of significant improvement on " + FormatValue(*t.goal, m) +
           (e.baseline.period.empty() ? "" : " (" + e.baseline.period + ")");
  return "";
}

std::string StatusPhrase(MeasureStatus s) {
  switch (s) {
    case MeasureStatus::kOffTrack:
      return "is off track";
    case MeasureStatus::kAtRisk:
      return "is at risk";
    case MeasureStatus::kMilestoneOverdue:
      return "is overdue";
    default:
      return "is " + LowerFirst(std::string(StatusLabel(s)));
  }
}

bool Exception(MeasureStatus s) {
  return s == MeasureStatus::kOffTrack || s == MeasureStatus::kMilestoneOverdue ||
         s == MeasureStatus::kAtRisk;
}

KeyMessage For(const strategy::Strategy& s, const MeasureEvaluation& e, KeyMessageSource src) {
  KeyMessage k;
  k.source = src;
  k.measure_id = e.measure_id;
  k.objective_id = e.objective_id;
  k.priority_id = e.priority_id;
  k.committee_id = e.committee_id;
  if (k.committee_id.empty()) {
    const strategy::Priority* p = strategy::FindPriority(s, e.priority_id);
    if (p) k.committee_id = p->committee;
  }
  return k;
}

std::string ExceptionText(const strategy::Measure& m, const MeasureEvaluation& e, const Update* u) {
  std::string t = e.name + " " + StatusPhrase(e.status);
  if (e.latest && e.status != MeasureStatus::kMilestoneOverdue) {
    t += ": " + FormatValue(e.latest->value, m) + " in " + e.latest->period.ToString();
    std::string dir = Direction(m, e);
    if (!dir.empty()) t += ", " + dir;
    std::string against = Against(m, e);
    if (!against.empty()) t += ", " + against;
  } else if (e.target) {
    t += " (due " + MonthYear(e.target->due) + ")";
  }
  if (u && u->recovery)
    t += "; recovery expected by " + MonthYear(*u->recovery);
  else if (!u)
    t += "; " + NoUpdateText(e.owner_role, e.owner);
  return Sentence(t);
}

std::string_view Rank(AssuranceLevel a) {  // for "fell" / "rose"
  return a == AssuranceLevel::kSubstantial  ? "4"
         : a == AssuranceLevel::kReasonable ? "3"
         : a == AssuranceLevel::kPartial    ? "2"
                                            : "1";
}

}  // namespace

std::string NoUpdateText(std::string_view owner_role, std::string_view owner) {
  if (owner_role.empty() || owner_role == strategy::kUnnamed)
    return "no update submitted (the owner is not named in the strategy)";
  return "no update submitted by " + std::string(owner);
}

std::string_view KeyMessageSourceName(KeyMessageSource s) {
  switch (s) {
    case KeyMessageSource::kUpdate:
      return "update";
    case KeyMessageSource::kException:
      return "exception";
    case KeyMessageSource::kAssurance:
      return "assurance";
    case KeyMessageSource::kSpecialCause:
      return "special_cause";
  }
  return "exception";
}

std::vector<KeyMessage> DrawKeyMessages(const strategy::Strategy& s, const PeriodRecord& r) {
  std::vector<KeyMessage> out;
  std::set<std::string> named_measures, named_objectives;

  // (1) exceptions, worst first (stable: file order within a severity).
  std::vector<const MeasureEvaluation*> ex;
  for (const MeasureEvaluation& e : r.evaluation.measures)
    if (Exception(e.status)) ex.push_back(&e);
  std::stable_sort(ex.begin(), ex.end(), [](const auto* a, const auto* b) {
    return StatusSeverity(a->status) > StatusSeverity(b->status);
  });
  for (const MeasureEvaluation* e : ex) {
    const strategy::Measure* m = strategy::FindMeasure(s, e->measure_id);
    if (!m) continue;
    const Update* u = r.UpdateForMeasure(e->measure_id);
    KeyMessage k = For(
        s, *e,
        u && !u->key_message.empty() ? KeyMessageSource::kUpdate : KeyMessageSource::kException);
    k.text = u && !u->key_message.empty() ? Sentence(u->key_message) : ExceptionText(*m, *e, u);
    named_measures.insert(e->measure_id);
    out.push_back(std::move(k));
  }
  for (const DeliveryTarget& t : r.delivery_targets) {
    if (t.status != MeasureStatus::kMilestoneOverdue) continue;
    const strategy::Objective* o = strategy::FindObjective(s, t.objective_id);
    if (!o) continue;
    KeyMessage k;
    k.source = KeyMessageSource::kException;
    k.objective_id = o->id;
    k.priority_id = o->priority;
    const strategy::Committee* c = strategy::EffectiveCommittee(s, *o);
    if (c) k.committee_id = c->id;
    const Update* u = r.UpdateForObjective(o->id);
    if (u && !u->key_message.empty() && !named_objectives.count(o->id)) {
      k.source = KeyMessageSource::kUpdate;
      k.text = Sentence(u->key_message);
    } else {
      k.text =
          Sentence(o->name + ": delivery target \"" + t.text + "\" is overdue (" + t.reason + ")");
    }
    named_objectives.insert(o->id);
    out.push_back(std::move(k));
  }

  // (2) other updates' key messages, in the record's order.
  for (const Update& u : r.updates) {
    if (u.key_message.empty()) continue;
    if (!u.measure_id.empty()) {
      if (named_measures.count(u.measure_id)) continue;
      const MeasureEvaluation* e = r.Measure(u.measure_id);
      if (!e) continue;
      KeyMessage k = For(s, *e, KeyMessageSource::kUpdate);
      k.text = Sentence(u.key_message);
      named_measures.insert(u.measure_id);
      out.push_back(std::move(k));
    } else if (!u.objective_id.empty() && !named_objectives.count(u.objective_id)) {
      const strategy::Objective* o = strategy::FindObjective(s, u.objective_id);
      if (!o) continue;
      KeyMessage k;
      k.source = KeyMessageSource::kUpdate;
      k.objective_id = o->id;
      k.priority_id = o->priority;
      if (const strategy::Committee* c = strategy::EffectiveCommittee(s, *o))
        k.committee_id = c->id;
      k.text = Sentence(u.key_message);
      named_objectives.insert(o->id);
      out.push_back(std::move(k));
    }
  }

  // (3) assurance: changed since the earlier period, or partial / limited.
  for (const CommitteeAssurance& c : r.assurance) {
    const strategy::Committee* committee = strategy::FindCommittee(s, c.committee_id);
    std::string who = committee ? committee->name : "The Board";
    for (const ObjectiveAssurance& a : c.objectives) {
      if (named_objectives.count(a.objective_id)) continue;
      const strategy::Objective* o = strategy::FindObjective(s, a.objective_id);
      if (!o) continue;
      const EarlierAssurance* before = nullptr;
      for (const EarlierAssurance& x : r.earlier_assurance)
        if (x.objective_id == a.objective_id) before = &x;
      std::string level = LowerFirst(std::string(AssuranceLevelLabel(a.level)));
      std::string text;
      if (before && before->level != a.level) {
        bool fell = Rank(a.level) < Rank(before->level);
        text = who + " assurance on " + o->name + " " + (fell ? "fell" : "rose") + " from " +
               std::string(AssuranceLevelName(before->level)) + " (" + before->period.ToString() +
               ") to " + level;
      } else if (a.level == AssuranceLevel::kPartial || a.level == AssuranceLevel::kLimited) {
        text = who + " gives " + level + " assurance on " + o->name;
      } else {
        continue;
      }
      if (!a.comment.empty()) text += ": " + a.comment;
      KeyMessage k;
      k.source = KeyMessageSource::kAssurance;
      k.objective_id = o->id;
      k.priority_id = o->priority;
      k.committee_id = c.committee_id == kBoardCommittee ? "" : c.committee_id;
      k.text = Sentence(text);
      named_objectives.insert(o->id);
      out.push_back(std::move(k));
    }
  }

  // (4) special causes on measures not yet named: concern first.
  for (bool concern : {true, false}) {
    for (const MeasureEvaluation& e : r.evaluation.measures) {
      if (!e.spc || named_measures.count(e.measure_id) || !e.latest) continue;
      stats::VariationIcon v = e.spc->variation_icon;
      bool is_concern =
          v == stats::VariationIcon::kConcernHigh || v == stats::VariationIcon::kConcernLow;
      bool is_improvement =
          v == stats::VariationIcon::kImprovementHigh || v == stats::VariationIcon::kImprovementLow;
      if (concern ? !is_concern : !is_improvement) continue;
      const strategy::Measure* m = strategy::FindMeasure(s, e.measure_id);
      if (!m) continue;
      bool high =
          v == stats::VariationIcon::kConcernHigh || v == stats::VariationIcon::kImprovementHigh;
      KeyMessage k = For(s, e, KeyMessageSource::kSpecialCause);
      std::string text = e.name + " shows special-cause " + (concern ? "concern" : "improvement") +
                         " (" + (high ? "higher" : "lower") +
                         " values): " + FormatValue(e.latest->value, *m) + " in " +
                         e.latest->period.ToString();
      std::string dir = Direction(*m, e);
      if (!dir.empty()) text += ", " + dir;
      const Update* u = r.UpdateForMeasure(e.measure_id);
      k.text = Sentence(u && !u->key_message.empty() ? u->key_message : text);
      named_measures.insert(e.measure_id);
      out.push_back(std::move(k));
    }
  }
  return out;
}

}  // namespace barometer::measures
