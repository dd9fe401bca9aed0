// population/internal/fields.h — fast, strict parsers for the field types of
// an extract (the hot path of loading).
#pragma once

#include <climits>
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

// kMonthStarts.days: the first day (days since 1970-01-01) of each month of 1880..2099 and of
// January 2100, month i of year y at (y - 1880) * 12 + i - 1.
struct MonthStartTable {
  int32_t days[(2099 - 1880 + 1) * 12 + 1];
};
extern const MonthStartTable kMonthStarts;

inline constexpr int32_t kBadDay = INT32_MIN;

// The 10 bytes at `p` as a date YYYY-MM-DD (no spaces), or kBadDay: the
// allocation-free core of ParseDay, with the same checks.
inline int32_t ParseDay10(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  if (u[4] != '-' || u[7] != '-') return kBadDay;
  unsigned v0 = u[0] - 48u, v1 = u[1] - 48u, v2 = u[2] - 48u, v3 = u[3] - 48u;
  unsigned v4 = u[5] - 48u, v5 = u[6] - 48u, v6 = u[8] - 48u, v7 = u[9] - 48u;
  if ((v0 > 9) | (v1 > 9) | (v2 > 9) | (v3 > 9) | (v4 > 9) | (v5 > 9) | (v6 > 9) | (v7 > 9))
    return kBadDay;
  unsigned year = v0 * 1000 + v1 * 100 + v2 * 10 + v3;
  unsigned month = v4 * 10 + v5, day = v6 * 10 + v7;
  // Unsigned wrap-around turns the lower bounds into upper ones.
  if (year - 1880u > 2099u - 1880u || month - 1u > 11u || day == 0) return kBadDay;
  unsigned i = (year - 1880u) * 12u + month - 1u;
  if (static_cast<int32_t>(day) > kMonthStarts.days[i + 1] - kMonthStarts.days[i]) return kBadDay;
  return kMonthStarts.days[i] + static_cast<int32_t>(day) - 1;
}

// An ISO 8601 date YYYY-MM-DD as days since 1970-01-01; nullopt when
// malformed, not a real date, or outside 1880-01-01 .. 2099-12-31.
std::optional<int32_t> ParseDay(std::string_view s);

// A non-negative decimal integer of at most 9 digits; nullopt otherwise.
std::optional<int32_t> ParseCount(std::string_view s);

}  // namespace barometer::population::internal
