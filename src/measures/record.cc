#include "measures/record.h"

#include <array>
#include <map>
#include <utility>

namespace barometer::measures {
namespace {

constexpr std::array<std::string_view, 4> kAssuranceNames = {"substantial", "reasonable", "partial",
                                                             "limited"};
constexpr std::array<std::string_view, 4> kAssuranceLabels = {"Substantial", "Reasonable",
                                                              "Partial", "Limited"};
constexpr std::array<std::string_view, 4> kActionStateNames = {"open", "done", "overdue",
                                                               "cancelled"};
constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string LongDate(Date d) {
  return std::to_string(d.day) + " " + std::string(kMonths[d.month - 1]) + " " +
         std::to_string(d.year);
}

}  // namespace

std::string_view AssuranceLevelName(AssuranceLevel a) {
  return kAssuranceNames[static_cast<int>(a)];
}
std::string_view AssuranceLevelLabel(AssuranceLevel a) {
  return kAssuranceLabels[static_cast<int>(a)];
}
std::optional<AssuranceLevel> ParseAssuranceLevel(std::string_view s) {
  for (size_t i = 0; i < kAssuranceNames.size(); ++i)
    if (s == kAssuranceNames[i]) return static_cast<AssuranceLevel>(i);
  return std::nullopt;
}
std::string_view ActionStateName(ActionState s) { return kActionStateNames[static_cast<int>(s)]; }
std::optional<ActionState> ParseActionState(std::string_view s) {
  for (size_t i = 0; i < kActionStateNames.size(); ++i)
    if (s == kActionStateNames[i]) return static_cast<ActionState>(i);
  return std::nullopt;
}
std::string_view RecordStateName(RecordState s) {
  return s == RecordState::kLocked ? "locked" : "open";
}

const MeasureEvaluation* PeriodRecord::Measure(std::string_view measure_id) const {
  for (const MeasureEvaluation& m : evaluation.measures)
    if (m.measure_id == measure_id) return &m;
  return nullptr;
}
const Update* PeriodRecord::UpdateForMeasure(std::string_view measure_id) const {
  for (const Update& u : updates)
    if (u.measure_id == measure_id) return &u;
  return nullptr;
}
const Update* PeriodRecord::UpdateForObjective(std::string_view objective_id) const {
  for (const Update& u : updates)
    if (u.objective_id == objective_id) return &u;
  return nullptr;
}
std::optional<AssuranceLevel> PeriodRecord::AssuranceFor(std::string_view objective_id) const {
  for (const CommitteeAssurance& c : assurance)
    for (const ObjectiveAssurance& o : c.objectives)
      if (o.objective_id == objective_id) return o.level;
  return std::nullopt;
}
const CommitteeAssurance* PeriodRecord::AssuranceOf(std::string_view committee_id) const {
  for (const CommitteeAssurance& c : assurance)
    if (c.committee_id == committee_id) return &c;
  return nullptr;
}
std::vector<const DeliveryTarget*> PeriodRecord::DeliveryTargetsOf(
    std::string_view objective_id) const {
  std::vector<const DeliveryTarget*> out;
  for (const DeliveryTarget& t : delivery_targets)
    if (t.objective_id == objective_id) out.push_back(&t);
  return out;
}

namespace {

// A delivery target's status at the end of the record's period.
DeliveryTarget TargetAt(const StoredDeliveryTarget& s, Date period_end) {
  DeliveryTarget t;
  t.objective_id = s.objective_id;
  t.id = s.id;
  t.text = s.text;
  t.due = s.due;
  t.revision = s.revision;
  t.provenance = s.provenance;
  t.done = s.done && (!s.done_on || *s.done_on <= period_end);
  if (t.done) t.done_on = s.done_on;
  if (t.done) {
    t.status = MeasureStatus::kMilestoneComplete;
    t.reason = t.done_on ? "done on " + LongDate(*t.done_on) : "done";
  } else if (t.due <= period_end) {
    t.status = MeasureStatus::kMilestoneOverdue;
    t.reason = "due " + LongDate(t.due) + " and not done by the end of the period";
  } else {
    t.status = MeasureStatus::kNotYetDue;
    t.reason = "due " + LongDate(t.due);
  }
  return t;
}

// The values the Board saw (as of the lock) against the store's now.
Result<std::vector<RevisionSinceLock>> RevisionsSince(Store& store,
                                                      const strategy::Strategy& strategy,
                                                      int64_t lock_load, Date period_end) {
  auto seen = store.ObservationsAsOf(lock_load);
  if (!seen.ok()) return seen.status();
  auto now = store.CurrentObservations();
  if (!now.ok()) return now.status();
  std::map<std::pair<std::string, std::string>, double> before;
  for (const StoredObservation& o : *seen)
    before[{o.observation.measure_id, o.observation.period.ToString()}] = o.observation.value;
  std::vector<RevisionSinceLock> out;
  for (const StoredObservation& o : *now) {
    if (o.provenance.load_id <= lock_load || o.observation.period.end > period_end) continue;
    if (strategy::FindMeasure(strategy, o.observation.measure_id) == nullptr) continue;
    RevisionSinceLock r;
    r.measure_id = o.observation.measure_id;
    r.period = o.observation.period;
    r.value_now = o.observation.value;
    r.provenance = o.provenance;
    auto it = before.find({r.measure_id, r.period.ToString()});
    if (it == before.end()) {
      r.added = true;
    } else if (it->second == r.value_now) {
      continue;  // revised in its note or limits only
    } else {
      r.value_seen = it->second;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<PeriodRecord> BuildRecord(Store& store, const strategy::Strategy& strategy,
                                 const EvaluateOptions& options) {
  EvaluateOptions opt = options;
  std::optional<Period> period = options.period;
  std::optional<EvaluationData> current;
  if (!period) {
    // The latest quarter with values; else with updates or assurance.
    Result<EvaluationData> data = ReadEvaluationData(store, strategy);
    if (!data.ok()) return data.status();
    if (!data->observations.empty()) {
      period = LatestQuarterWithData(data->observations);
    } else {
      auto updates = store.Updates();
      if (!updates.ok()) return updates.status();
      auto assurance = store.Assurance();
      if (!assurance.ok()) return assurance.status();
      std::optional<Date> last;
      for (const Update& u : *updates)
        if (!last || u.period.end > *last) last = u.period.end;
      for (const CommitteeAssurance& c : *assurance)
        if (!last || c.period.end > *last) last = c.period.end;
      period = last ? Period::FinancialQuarter(last->FinancialYear(), last->FinancialQuarter())
                    : DefaultPeriod(strategy, {}, options.today);
    }
    current = std::move(data).value();
  }
  auto state = store.GetPeriodState(*period);
  if (!state.ok()) return state.status();
  const bool locked = *state && (*state)->state == RecordState::kLocked;
  const int64_t as_of = locked ? (*state)->lock_load_id : kAllLoads;
  if (locked) opt.today = (*state)->lock_today;
  opt.period = period;
  if (!current || locked) {
    Result<EvaluationData> data = ReadEvaluationData(store, strategy, as_of);
    if (!data.ok()) return data.status();
    current = std::move(data).value();
  }
  Result<Evaluation> e = Evaluate(strategy, *current, opt);
  if (!e.ok()) return e.status();
  e->period_defaulted = !options.period;
  PeriodRecord r;
  r.period = e->period;
  const Date end = r.period.end;
  if (locked) {
    r.state = RecordState::kLocked;
    r.locked_at = (*state)->changed_at;
    r.locked_by = (*state)->changed_by;
    r.lock_load_id = (*state)->lock_load_id;
    r.lock_today = (*state)->lock_today;
    auto revised = RevisionsSince(store, strategy, as_of, end);
    if (!revised.ok()) return revised.status();
    r.revisions_since_lock = std::move(revised).value();
  }
  auto updates = store.Updates(as_of);
  if (!updates.ok()) return updates.status();
  for (Update& u : *updates)
    if (u.period == r.period) r.updates.push_back(std::move(u));
  auto assurance = store.Assurance(as_of);
  if (!assurance.ok()) return assurance.status();
  std::map<std::string, EarlierAssurance> earlier;  // each objective's latest before the period
  for (const CommitteeAssurance& c : *assurance) {
    if (c.period.end >= r.period.start) continue;
    for (const ObjectiveAssurance& a : c.objectives) {
      auto it = earlier.find(a.objective_id);
      if (it == earlier.end() || it->second.period < c.period)
        earlier[a.objective_id] = {a.objective_id, c.period, a.level};
    }
  }
  for (auto& [id, a] : earlier) r.earlier_assurance.push_back(std::move(a));
  for (CommitteeAssurance& c : *assurance)
    if (c.period == r.period) r.assurance.push_back(std::move(c));
  auto targets = store.DeliveryTargets(as_of);
  if (!targets.ok()) return targets.status();
  for (const StoredDeliveryTarget& t : *targets) {
    if (strategy::FindObjective(strategy, t.objective_id) != nullptr)
      r.delivery_targets.push_back(TargetAt(t, end));
  }
  for (const ProcessChange& c : current->process_changes) {
    if (c.date <= end && strategy::FindMeasure(strategy, c.measure_id) != nullptr)
      r.process_changes.push_back(c);
  }
  std::optional<Date> latest;
  for (const MeasureEvaluation& m : e->measures)
    if (m.latest && (!latest || m.latest->period.end > *latest)) latest = m.latest->period.end;
  r.as_of =
      latest ? "the latest data are for the period ending " + LongDate(*latest) : "no data yet";
  r.evaluation = std::move(*e);
  r.key_messages = DrawKeyMessages(strategy, r);
  return r;
}

std::string OwnerName(const strategy::Strategy& s, std::string_view role_id) {
  if (role_id.empty() || role_id == strategy::kUnnamed) return "not named in the strategy";
  const strategy::Role* r = strategy::FindRole(s, role_id);
  if (!r) return std::string(role_id);
  if (!r->person.empty()) return r->title + " (" + r->person + ")";
  return r->title;
}

}  // namespace barometer::measures
