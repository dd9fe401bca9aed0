// Roll-ups to objective, priority, committee and organisation
// (docs/evaluation.md, "Roll-ups").
#include <algorithm>
#include <map>
#include <set>

#include "measures/internal/eval.h"
#include "measures/record.h"

namespace barometer::measures::internal {
namespace {

RollUp Make(RollUpLevel level, std::string id, std::string name,
            const std::vector<const MeasureEvaluation*>& measures) {
  RollUp r;
  r.level = level;
  r.id = std::move(id);
  r.name = std::move(name);
  std::set<std::string> seen;
  for (const MeasureEvaluation* m : measures) {
    if (!seen.insert(m->measure_id).second) continue;
    ++r.counts[static_cast<int>(m->status)];
    ++r.measures;
    r.measure_ids.push_back(m->measure_id);
    if (r.measures == 1 || StatusSeverity(m->status) > StatusSeverity(r.headline)) {
      r.headline = m->status;
    }
  }
  return r;
}

}  // namespace

void RollUpAll(const strategy::Strategy& s, Evaluation& e) {
  std::map<std::string, const MeasureEvaluation*, std::less<>> by_id;
  for (const MeasureEvaluation& m : e.measures) by_id[m.measure_id] = &m;
  // Each measure's objectives: its own and `also_objectives`.
  std::map<std::string, std::vector<const MeasureEvaluation*>, std::less<>> of_objective,
      of_priority, of_committee;
  for (const strategy::Measure& m : s.measures) {
    const MeasureEvaluation* me = by_id[m.id];
    std::vector<std::string> objectives;
    if (!m.objective.empty()) objectives.push_back(m.objective);
    objectives.insert(objectives.end(), m.also_objectives.begin(), m.also_objectives.end());
    for (const std::string& oid : objectives) {
      of_objective[oid].push_back(me);
      const strategy::Objective* o = strategy::FindObjective(s, oid);
      if (o == nullptr) continue;
      of_priority[o->priority].push_back(me);
      if (const strategy::Committee* c = strategy::EffectiveCommittee(s, *o)) {
        of_committee[c->id].push_back(me);
      }
    }
    if (m.objective.empty() && !m.priority.empty()) {
      of_priority[m.priority].push_back(me);
      const strategy::Priority* p = strategy::FindPriority(s, m.priority);
      if (p != nullptr && !p->committee.empty()) of_committee[p->committee].push_back(me);
    }
  }
  for (const strategy::Objective& o : s.objectives) {
    e.objectives.push_back(Make(RollUpLevel::kObjective, o.id, o.name, of_objective[o.id]));
    e.objectives.back().owner_role = o.owner;
    e.objectives.back().owner = OwnerName(s, o.owner);
  }
  for (const strategy::Priority* p : strategy::PrioritiesInOrder(s)) {
    e.priorities.push_back(Make(RollUpLevel::kPriority, p->id, p->name, of_priority[p->id]));
    e.priorities.back().owner_role = p->lead;
    e.priorities.back().owner = OwnerName(s, p->lead);
  }
  for (const strategy::Committee& c : s.committees) {
    e.committees.push_back(Make(RollUpLevel::kCommittee, c.id, c.name, of_committee[c.id]));
    e.committees.back().owner_role = c.chair;
    e.committees.back().owner = OwnerName(s, c.chair);
  }
  std::vector<const MeasureEvaluation*> all;
  for (const MeasureEvaluation& m : e.measures) all.push_back(&m);
  e.organisation =
      Make(RollUpLevel::kOrganisation, s.organisation.ods_code, s.organisation.name, all);
  e.organisation.owner = OwnerName(s, "");
}

}  // namespace barometer::measures::internal
