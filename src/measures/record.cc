#include "measures/record.h"

#include <array>

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

Result<PeriodRecord> BuildRecord(Store& store, const strategy::Strategy& strategy,
                                 const EvaluateOptions& options) {
  Result<EvaluationData> data = ReadEvaluationData(store, strategy);
  if (!data.ok()) return data.status();
  Result<Evaluation> e = Evaluate(strategy, *data, options);
  if (!e.ok()) return e.status();
  PeriodRecord r;
  r.period = e->period;
  std::optional<Date> latest;
  for (const MeasureEvaluation& m : e->measures)
    if (m.latest && (!latest || m.latest->period.end > *latest)) latest = m.latest->period.end;
  r.as_of =
      latest ? "the latest data are for the period ending " + LongDate(*latest) : "no data yet";
  r.evaluation = std::move(*e);
  return r;
}

std::string OwnerName(const strategy::Strategy& s, std::string_view role_id) {
  if (role_id.empty()) return "not named in the strategy";
  const strategy::Role* r = strategy::FindRole(s, role_id);
  if (!r) return std::string(role_id);
  if (!r->person.empty()) return r->title + " (" + r->person + ")";
  return r->title;
}

}  // namespace barometer::measures
