#include "strategy/strategy.h"

#include "strategy/publications.h"

#include <algorithm>
#include <limits>

namespace barometer::strategy {

const SourceLocation& Element::At(std::string_view key) const {
  auto it = where_of.find(key);
  return it == where_of.end() ? where : it->second;
}

bool Element::Written(std::string_view key) const {
  return where_of.count(key) > 0 ||
         std::find(unreadable.begin(), unreadable.end(), key) != unreadable.end();
}

namespace {
template <typename T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}
}  // namespace

const Priority* FindPriority(const Strategy& s, std::string_view id) {
  return FindById(s.priorities, id);
}
const Objective* FindObjective(const Strategy& s, std::string_view id) {
  return FindById(s.objectives, id);
}
const Measure* FindMeasure(const Strategy& s, std::string_view id) {
  return FindById(s.measures, id);
}
const Committee* FindCommittee(const Strategy& s, std::string_view id) {
  return FindById(s.committees, id);
}
const Role* FindRole(const Strategy& s, std::string_view id) { return FindById(s.roles, id); }
const PeerGroup* FindPeerGroup(const Strategy& s, std::string_view id) {
  return FindById(s.peer_groups, id);
}
const Unit* FindUnit(const Strategy& s, std::string_view id) { return FindById(s.units, id); }

const UnitObjective* FindUnitObjective(const Strategy& s, std::string_view id) {
  for (const Unit& u : s.units) {
    if (const UnitObjective* o = FindById(u.objectives, id)) return o;
  }
  return nullptr;
}

int FinancialYearStartMonth(const Strategy& s) {
  int m = s.organisation.financial_year_start_month.value_or(4);
  return m >= 1 && m <= 12 ? m : 4;
}

namespace {
// The first day of strategy year 1: the start of the financial year holding
// the period's start.
Date FirstYearStart(const Strategy& s) {
  int m = FinancialYearStartMonth(s);
  const Date& start = s.organisation.period.start;
  return {start.month >= m ? start.year : start.year - 1, m, 1};
}
}  // namespace

Period StrategyYear(const Strategy& s, int n) {
  Date start = FirstYearStart(s).AddMonths(12 * (n - 1));
  return {PeriodKind::kFinancialYear, start, start.AddMonths(12).AddDays(-1)};
}

int StrategyYearCount(const Strategy& s) {
  const StrategyPeriod& p = s.organisation.period;
  if (p.end < p.start) return 0;
  Date first = FirstYearStart(s);
  int months = (p.end.year - first.year) * 12 + (p.end.month - first.month);
  return months / 12 + 1;
}

std::optional<int> YearOf(const Strategy& s, Date d) {
  const StrategyPeriod& p = s.organisation.period;
  if (d < p.start || d > p.end) return std::nullopt;
  Date first = FirstYearStart(s);
  int months = (d.year - first.year) * 12 + (d.month - first.month);
  return months / 12 + 1;
}

const Committee* EffectiveCommittee(const Strategy& s, const Objective& o) {
  if (!o.committee.empty()) return FindCommittee(s, o.committee);
  const Priority* p = FindPriority(s, o.priority);
  return p == nullptr ? nullptr : FindCommittee(s, p->committee);
}

Thread ThreadOf(const Strategy& s, const Measure& m) {
  Thread t;
  t.measure = &m;
  if (!m.objective.empty()) {
    t.objective = FindObjective(s, m.objective);
    if (t.objective != nullptr) t.priority = FindPriority(s, t.objective->priority);
  } else {
    t.priority = FindPriority(s, m.priority);
  }
  return t;
}

std::vector<const Measure*> MeasuresOf(const Strategy& s, std::string_view objective_id) {
  std::vector<const Measure*> out;
  for (const Measure& m : s.measures) {
    bool also = std::find(m.also_objectives.begin(), m.also_objectives.end(), objective_id) !=
                m.also_objectives.end();
    if (m.objective == objective_id || also) out.push_back(&m);
  }
  return out;
}

std::vector<const Objective*> ObjectivesOf(const Strategy& s, std::string_view priority_id) {
  std::vector<const Objective*> out;
  for (const Objective& o : s.objectives) {
    if (o.priority == priority_id) out.push_back(&o);
  }
  return out;
}

std::vector<const Priority*> PrioritiesInOrder(const Strategy& s) {
  std::vector<const Priority*> out;
  for (const Priority& p : s.priorities) out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](const Priority* a, const Priority* b) {
    constexpr int kLast = std::numeric_limits<int>::max();
    return a->order.value_or(kLast) < b->order.value_or(kLast);
  });
  return out;
}

std::optional<Date> DueDate(const Strategy& s, const Target& t) {
  if (t.by) return t.by;
  if (t.year) return StrategyYear(s, *t.year).end;
  return std::nullopt;
}

std::optional<int> TargetYear(const Strategy& s, const Target& t) {
  if (t.year) return t.year;
  if (t.by) return YearOf(s, *t.by);
  return std::nullopt;
}

std::vector<const Target*> TargetsInYear(const Strategy& s, const Measure& m, int n) {
  std::vector<const Target*> out;
  for (const Target& t : m.targets) {
    if (TargetYear(s, t) == n) out.push_back(&t);
  }
  return out;
}

Op EffectiveOp(const Target& t, const Measure& m) {
  if (t.op) return *t.op;
  switch (m.direction.value_or(Direction::kNeutral)) {
    case Direction::kHigher:
      return Op::kGreaterEqual;
    case Direction::kLower:
      return Op::kLessEqual;
    case Direction::kNeutral:
      return Op::kEqual;
  }
  return Op::kEqual;
}

const std::string& EffectivePeerGroup(const Target& t, const Measure& m) {
  return t.peer_group.empty() ? m.peer_group : t.peer_group;
}

NumberRange DefaultRange(MeasureUnit u) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  switch (u) {
    case MeasureUnit::kPercent:
      return {0, 100};
    case MeasureUnit::kProportion:
      return {0, 1};
    case MeasureUnit::kRank:
      return {1, kInf};
    case MeasureUnit::kMilestone:
      return {0, 100};  // 0/1 done, or percent complete
    case MeasureUnit::kScore:
    case MeasureUnit::kGbp:
      return {-kInf, kInf};
    case MeasureUnit::kCount:
    case MeasureUnit::kRate:
    case MeasureUnit::kYears:
    case MeasureUnit::kDays:
    case MeasureUnit::kRatio:
      return {0, kInf};
  }
  return {-kInf, kInf};
}

int DefaultDecimals(MeasureUnit u) {
  switch (u) {
    case MeasureUnit::kPercent:
    case MeasureUnit::kRate:
    case MeasureUnit::kYears:
    case MeasureUnit::kDays:
      return 1;
    case MeasureUnit::kProportion:
      return 3;
    case MeasureUnit::kScore:
    case MeasureUnit::kRatio:
      return 2;
    case MeasureUnit::kCount:
    case MeasureUnit::kGbp:
    case MeasureUnit::kRank:
    case MeasureUnit::kMilestone:
      return 0;
  }
  return 2;
}

std::string BindingDescription(const SourceBinding& b) {
  if (!b.name.empty()) return b.name;
  if (!b.publication) return "";
  std::string text(PublicationTitle(*b.publication));
  if (const PublishedSeries* s = FindSeries(*b.publication, b.series)) {
    text += ": " + std::string(s->title);
  } else if (!b.series.empty()) {
    text += ": " + b.series;
  }
  return text;
}

std::string BoundOrg(const Strategy& s, const SourceBinding& b) {
  if (!b.org.empty()) return b.org;
  const std::string& ods = s.organisation.ods_code;
  return ods == "unknown" ? "" : ods;
}

}  // namespace barometer::strategy

namespace barometer::strategy {

PopulationPeriods EffectivePeriods(const PopulationSource& p) {
  return p.periods.value_or(PopulationPeriods::kRolling3Year);
}

int PooledYears(const PopulationSource& p) {
  return EffectivePeriods(p) == PopulationPeriods::kRolling3Year ? 3 : 1;
}

}  // namespace barometer::strategy
