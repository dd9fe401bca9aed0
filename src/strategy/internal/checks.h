// strategy/internal/checks.h — the checks that need the whole model: ids,
// references, the strategy period, targets and trajectories, risks, and the
// gaps a file records. Each check adds diagnostics and never stops early.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "strategy/strategy.h"

namespace barometer::strategy::internal {

class Checker {
 public:
  Checker(const Strategy& s, Diagnostics& diags);
  void Run();

 private:
  // checks.cc
  void CheckFormatAndOrganisation();
  void CheckIds();
  void CheckPriorities();
  void CheckObjectives();
  void CheckProgrammes();
  void CheckCascade();
  void CheckRisks();
  void CheckRiskScore(const RiskScore& r, std::string_view which, const Risk& risk);
  void CheckTodos();

  // checks_measures.cc
  void CheckMeasures();
  void CheckMeasure(const Measure& m);
  void CheckBaseline(const Measure& m);
  void CheckBinding(const Measure& m, const SourceBinding& b);
  void CheckTarget(const Measure& m, const Target& t);
  void CheckTargetWhen(const Measure& m, const Target& t);
  void CheckTargetKeys(const Measure& m, const Target& t);
  void CheckTargetValues(const Measure& m, const Target& t);
  void CheckYearCoverage(const Measure& m);
  void CheckTrajectory(const Measure& m);
  void CheckPopulationSource(const Measure& m);  // checks_population.cc
  void CheckValueInRange(const Measure& m, const Element& e, std::string_view key, double v,
                         std::string_view what);

  // A reference from `e`'s `key` to an element of kind `noun` whose ids are
  // `known`; reports a dangling one with a suggestion.
  void Ref(const Element& e, std::string_view key, const std::string& id, std::string_view noun,
           const std::vector<std::string>& known);
  // Reports each dangling reference once, at its first place, counting the
  // others.
  void ReportDangling();
  void RefList(const Element& e, std::string_view key, const std::vector<std::string>& ids,
               std::string_view noun, const std::vector<std::string>& known);

  // True when [organisation.period] was read and is a real span.
  bool PeriodKnown() const;
  // "2021-22 to 2023-24"
  std::string PeriodText() const;

  const Strategy& s_;
  Diagnostics& d_;
  // Ids of each kind, for references and suggestions.
  std::vector<std::string> priorities_, objectives_, measures_, committees_, roles_, peer_groups_,
      units_, unit_objectives_;
  std::set<std::string, std::less<>> incomplete_;  // kinds with an element missing its id
  // Lower-case names (and role titles and holders) -> {kind, id}, to tell
  // someone who refers to "Quality Committee" that its id is `quality`.
  std::map<std::string, std::pair<std::string, std::string>> names_;
  // Dangling references by {kind, id}: every place, the hint, first-seen order.
  struct Dangling {
    std::vector<SourceLocation> places;
    std::string hint;
    size_t order = 0;
  };
  std::map<std::pair<std::string, std::string>, Dangling> dangling_;
};

// "did you mean `x`?", else a list of the known ids, else "none are defined".
std::string ReferenceHint(std::string_view id, std::string_view noun,
                          const std::vector<std::string>& known);

// "higher is better" etc.
std::string DirectionText(Direction d);

}  // namespace barometer::strategy::internal
