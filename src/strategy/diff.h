// strategy/diff.h — what a strategy refresh changed.
//
//   StrategyDiff d = DiffStrategies(last_year, this_year);
//   std::cout << RenderDiff(d, "old.toml", "new.toml");
//
// Every element of the model is compared: the organisation's keys, values,
// reporting, committees, roles, peer groups, priorities, strategic
// ambitions, objectives, measures and their targets, segments, programmes,
// enabling strategies, the cascade (its levels, units, unit and individual
// objectives) and risks. Elements are matched by id first (reporting lines by
// audience); those left over are matched by wording (core/text.h
// WordSimilarity of their names, more than kRewordThreshold, best pairs
// first), so an objective whose id changed with its wording is still
// "reworded", not "removed" and "added". Matched elements report rewording, a
// move (an objective under a different priority, a measure under a different
// objective) and every changed key; a list of texts (actions, aligned_with,
// behaviours) reports each item added or removed. References show names but
// compare by id: a role's new post holder is one change, on the role. Targets
// are compared per financial year (or `by` date): added, removed or changed.
// `todo` notes are about the file, not the strategy, and are not compared.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "strategy/strategy.h"

namespace barometer::strategy {

// Two names sharing more than this fraction of their content words (Dice
// coefficient of lower-case words, leaving out function words and words every
// strategy uses, such as "develop", "implementation" and "strategy") are the
// same element reworded. It pairs "Develop world class facilities." with
// "Develop World Class Facilitate" (0.67) but not "Great Research" with
// "Great Ambitions" (0.5), nor "Implementation of Green strategy" with
// "Implementation of the clinical strategy" (0).
inline constexpr double kRewordThreshold = 0.5;

enum class ChangeKind { kAdded, kRemoved, kReworded, kMoved, kChanged };
enum class DiffElement {
  kStrategy,
  kPriority,
  kObjective,
  kMeasure,
  kTarget,
  kValue,
  kReporting,
  kCommittee,
  kRole,
  kPeerGroup,
  kAmbition,
  kSegment,
  kProgramme,
  kEnablingStrategy,
  kUnit,
  kUnitObjective,
  kIndividualObjective,
  kRisk
};

std::string_view ChangeKindName(ChangeKind k);    // "added", ...
std::string_view DiffElementName(DiffElement e);  // "priority", ...

struct Change {
  ChangeKind kind = ChangeKind::kChanged;
  DiffElement element = DiffElement::kStrategy;
  std::string old_id;    // empty when added
  std::string new_id;    // empty when removed
  std::string priority;  // id of the priority it is grouped under (new, else old); "" for kStrategy
  std::string field;     // what changed: "name", "priority", "unit", "2022-23 (year 2)", ...
  std::string before;    // old text or value ("" when added)
  std::string after;     // new text or value ("" when removed)
  bool item = false;     // one item added to (before "") or removed from a list field
  double similarity = 1.0;  // of the names, when matched by wording (< 1 only then)
  bool by_wording = false;  // matched by wording because the ids differ
  SourceLocation old_where;
  SourceLocation new_where;
};

struct StrategyDiff {
  std::vector<Change> changes;  // grouped by priority in the new file's order
  bool empty() const { return changes.empty(); }
  int Count(ChangeKind k) const;
};

StrategyDiff DiffStrategies(const Strategy& before, const Strategy& after);

// Readable text: a header naming both files, then the changes grouped by
// priority with `+` added, `-` removed, `~` reworded/moved/changed, then a
// summary line. "No differences." when there are none.
std::string RenderDiff(const StrategyDiff& d, const Strategy& before, const Strategy& after,
                       std::string_view old_name, std::string_view new_name);

// {"old": ..., "new": ..., "changes": [...], "summary": {...}}
std::string DiffToJson(const StrategyDiff& d, std::string_view old_name, std::string_view new_name);

}  // namespace barometer::strategy
