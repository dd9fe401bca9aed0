#include "population/internal/fields.h"

#include "population/codes.h"

namespace barometer::population::internal {

namespace {

// Days from 1970-01-01 (the civil-from-days algorithm of H. Hinnant).
constexpr int32_t CivilDays(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr MonthStartTable BuildMonthStarts() {
  MonthStartTable t{};
  for (int i = 0; i < (2099 - 1880 + 1) * 12 + 1; ++i) {
    t.days[i] = CivilDays(1880 + i / 12, i % 12 + 1, 1);
  }
  return t;
}

}  // namespace

constexpr MonthStartTable kMonthStarts = BuildMonthStarts();

std::optional<int32_t> ParseDay(std::string_view s) {
  if (s.size() != 10) s = TrimSpaces(s);
  if (s.size() != 10) return std::nullopt;
  int32_t d = ParseDay10(s.data());
  if (d == kBadDay) return std::nullopt;
  return d;
}

std::optional<int32_t> ParseCount(std::string_view s) {
  s = TrimSpaces(s);
  if (s.empty() || s.size() > 9) return std::nullopt;
  int32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace barometer::population::internal
