// Checks of a measure's population source ([measures.population]). The
// indicator and breakdown names are the population engine's; strategy does
// not know them, so `barometer population feed` checks those against the
// engine (naming this file's line) and this checks what the file alone says.
#include <fmt/format.h>

#include "core/number.h"
#include "strategy/internal/checks.h"

namespace barometer::strategy::internal {

void Checker::CheckPopulationSource(const Measure& m) {
  if (!m.population) return;
  const PopulationSource& p = *m.population;
  if (!m.indicator.empty() && !p.indicator.empty() && m.indicator != p.indicator) {
    d_.Error(p.At("indicator"),
             fmt::format("measure `{}` names indicator `{}` but its population source names `{}`",
                         m.id, m.indicator, p.indicator),
             "the two must agree; keep `indicator` in [measures.population] alone");
  }
  if (m.frequency && *m.frequency != Frequency::kAnnual) {
    d_.Error(m.At("frequency"),
             fmt::format("measure `{}` is fed from the population engine by calendar year, so its "
                         "frequency must be annual, found {}",
                         m.id, EnumName(*m.frequency)),
             "write frequency = \"annual\"");
  }
  bool total = p.breakdown.empty() || p.breakdown == "all";
  std::string_view allowed = "abcdefghijklmnopqrstuvwxyz_*";
  if (p.breakdown.find_first_not_of(allowed) != std::string::npos) {
    d_.Error(
        p.At("breakdown"),
        fmt::format("`breakdown` `{}` of measure `{}` is not a breakdown name", p.breakdown, m.id),
        "write one of the population engine's breakdowns, e.g. breakdown = \"sex\" or "
        "breakdown = \"imd_decile\" (docs/population-indicators.md)");
  } else if (total && !p.group.empty()) {
    d_.Error(p.At("group"),
             fmt::format("measure `{}` names group `{}` but no breakdown to take it from", m.id,
                         p.group),
             fmt::format("add breakdown = \"...\" (e.g. \"sex\" for group = \"male\"), or remove "
                         "`group` for the whole area"));
  } else if (!total && Trim(p.group).empty()) {
    d_.Error(
        p.At("group"),
        fmt::format("measure `{}` takes its values by `{}` but names no group", m.id, p.breakdown),
        "add group = \"...\": the breakdown's value to feed (e.g. \"male\", or \"1\" for the "
        "most deprived IMD decile)");
  }
}

}  // namespace barometer::strategy::internal
