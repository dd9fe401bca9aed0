// population/internal/fields.h — fast, strict parsers for the field types of
// an extract (the hot path of loading).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace barometer::population::internal {

// Drops ASCII spaces at both ends.
inline std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// An ISO 8601 date YYYY-MM-DD as days since 1970-01-01; nullopt when
// malformed, not a real date, or outside 1880-01-01 .. 2099-12-31.
std::optional<int32_t> ParseDay(std::string_view s);

// A non-negative decimal integer of at most 9 digits; nullopt otherwise.
std::optional<int32_t> ParseCount(std::string_view s);

}  // namespace barometer::population::internal
