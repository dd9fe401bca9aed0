// population/internal/fields.h — fast, strict parsers for the field types of
// an extract (the hot path of loading).
#pragma once

#include <climits>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
[[gnu::always_inline]] inline int32_t ParseDay10(const char* p) {
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

// ---- The plain-row fast paths of the loaders --------------------------------
// A good row in its plain form (no quotes, no spaces, contract column order)
// is read in one pass over its bytes; any other row goes to the general path,
// which files the same problems as always.

// The bytes at `s` begin with the literal `lit` (compared 8 bytes at a
// time; the caller has checked that they are there).
template <size_t N>
inline bool HasPrefix(const char* s, const char (&lit)[N]) {
  constexpr size_t n = N - 1;
  if constexpr (n < 8) {
    return std::memcmp(s, lit, n) == 0;
  } else {
    uint64_t diff = 0;
    for (size_t k = 0; k + 8 <= n; k += 8) {
      uint64_t x, y;
      std::memcpy(&x, s + k, 8), std::memcpy(&y, lit + k, 8);
      diff |= x ^ y;
    }
    if constexpr (n % 8 != 0) {
      uint64_t x, y;
      std::memcpy(&x, s + n - 8, 8), std::memcpy(&y, lit + n - 8, 8);
      diff |= x ^ y;
    }
    return diff == 0;
  }
}

// Where the field starting at `p` ends: the first ',' before `end`; nullptr
// when a '"', '\n', '\r' or ' ' comes first (a record for the general
// path) or there is no ','.
[[gnu::always_inline]] inline const char* PlainFieldEnd(const char* p, const char* end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto is = [&](char c) {
      return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
    };
    uint32_t commas = is(',');
    uint32_t others = is('"') | is('\n') | is('\r') | is(' ');
    if (commas != 0) {
      uint32_t before = (commas & -commas) - 1;  // the bytes before the first comma
      return (others & before) == 0 ? p + __builtin_ctz(commas) : nullptr;
    }
    if (others != 0) return nullptr;
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    char c = *p;
    if (c == ',') return p;
    if (c == '"' || c == '\n' || c == '\r' || c == ' ') return nullptr;
  }
  return nullptr;
}

// The start of the next line when a line ends at `s` (\n or \r\n), else
// nullptr.
inline const char* LineEndAt(const char* s, const char* end) {
  if (s < end && s[0] == '\n') return s + 1;
  if (end - s >= 2 && s[0] == '\r' && s[1] == '\n') return s + 2;
  return nullptr;
}

// Where the last field of a record starting at `p` ends: the first '\n' or
// '\r\n' before `end`; nullptr when a '"', ',', ' ' or lone '\r' comes first
// or the line does not end before `end`.
inline const char* PlainLastFieldEnd(const char* p, const char* end) {
  for (; p < end; ++p) {
    char c = *p;
    if (c == '\n' || (c == '\r' && end - p >= 2 && p[1] == '\n')) return p;
    if (c == '"' || c == ',' || c == ' ' || c == '\r') return nullptr;
  }
  return nullptr;
}

}  // namespace barometer::population::internal
