// strategy/internal/describe.h — short human descriptions of model values,
// shared by `show` (render_tree.cc) and `diff` (diff.cc).
#pragma once

#include <string>
#include <string_view>

#include "strategy/strategy.h"

namespace barometer::strategy::internal {

// An enumeration's file spelling for people: "foundation_trust" -> "foundation trust".
std::string Humanise(std::string_view name);
// "≥", "≤", ">", "<", "=".
std::string OpSymbol(Op op);
// A value as the measure shows it: its decimals, "%" for percentages.
std::string FormatValue(const Measure& m, double v);
// "score (0 to 10), higher is better, annual"
std::string DescribeMeasureKind(const Measure& m);
// "6.6 (2023)", "to be established in year 1", "to be established", "none".
std::string DescribeBaseline(const Measure& m);
// "Year 1 2024-25", "by 2026-12-31 (year 3)", "by 2025-12-31 (after the
// strategy period)", "undated".
std::string DescribeWhen(const Strategy& s, const Target& t);
// What a target asks: "≥ 7.0", "-10% from baseline", "top quartile of All NHS
// acute trusts", "significant improvement on baseline", ...
std::string DescribeTarget(const Strategy& s, const Measure& m, const Target& t);
// A role id as a name: "Chief Nurse (A. N. Example)"; unknown ids and free
// text are returned as they are; "unnamed" as "not named".
std::string RoleName(const Strategy& s, const std::string& id);
// A committee id as its name, or the id when unknown.
std::string CommitteeName(const Strategy& s, const std::string& id);

}  // namespace barometer::strategy::internal
