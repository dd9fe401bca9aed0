// report/internal/risks.h — a Board Assurance Framework risk as the BAF and
// the committee packs show it (defined in baf.cc).
#pragma once

#include <optional>
#include <string>

#include "measures/record.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

// Where the current score stands against the appetite score: nullopt when
// the risk has no appetite_score (not checked).
std::optional<bool> AboveAppetite(const strategy::Risk& r);

// One risk's card: scores (inherent, current with its trend from the
// previous review, target with its date), appetite with a flag when the
// current score is above it, owner, committee, review dates, the objectives
// at risk with their status in the record, controls and gaps in control,
// assurances by line and gaps in assurance, actions with owners and due dates.
std::string RiskCard(const strategy::Strategy& s, const measures::PeriodRecord& r,
                     const strategy::Risk& risk);

}  // namespace barometer::report::internal
