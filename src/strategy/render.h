// strategy/render.h — a strategy as people and scripts read it.
//
//   std::cout << RenderTree(s);     // the golden thread as a tree (barometer show)
//   std::string j = ToJson(s);       // the whole model, stable key order
//   Result<Strategy> back = FromJson(j);
//   assert(ToJson(*back) == j);      // JSON round-trips
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "strategy/strategy.h"

namespace barometer::strategy {

// The strategy as a tree drawn with box-drawing characters: the organisation
// and its period, then priority → objective → measure (unit, direction,
// baseline, targets year by year), committees and owners by name; then
// programmes, enabling strategies, segments, the cascade and the risks.
// REQUIRES: `s` has been validated (dangling ids print as the bare id).
std::string RenderTree(const Strategy& s);

// The whole model as JSON (2-space indented, keys in the file format's
// order, absent and empty values left out; each element's source place as
// "where": "file:line:column"). The JSON keys are the TOML keys, so
// docs/strategy-format.md describes both.
std::string ToJson(const Strategy& s);

// Reads what ToJson writes. Checks structure and types only (kInvalidInput
// naming the JSON path of the first problem); run CheckStrategy (load.h) for
// the rest. Never throws.
Result<Strategy> FromJson(std::string_view json);

}  // namespace barometer::strategy
