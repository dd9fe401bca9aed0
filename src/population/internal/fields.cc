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

// The first day of each month of 1880..2099 and of January 2100, so that a
// date is digits, a range check and two look-ups (the month's length is the
// difference of its start and the next).
struct MonthStarts {
  int32_t days[(2099 - 1880 + 1) * 12 + 1] = {};
  constexpr MonthStarts() {
    for (int i = 0; i < (2099 - 1880 + 1) * 12 + 1; ++i) {
      days[i] = CivilDays(1880 + i / 12, i % 12 + 1, 1);
    }
  }
};

constexpr MonthStarts kStarts;

}  // namespace

std::optional<int32_t> ParseDay(std::string_view s) {
  if (s.size() != 10) s = TrimSpaces(s);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned v[8] = {p[0] - 48u, p[1] - 48u, p[2] - 48u, p[3] - 48u,
                   p[5] - 48u, p[6] - 48u, p[8] - 48u, p[9] - 48u};
  bool digits = true;
  for (unsigned x : v) digits &= x <= 9;
  if (!digits) return std::nullopt;
  int year = static_cast<int>(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
  int month = static_cast<int>(v[4] * 10 + v[5]);
  int day = static_cast<int>(v[6] * 10 + v[7]);
  if (year < 1880 || year > 2099 || month < 1 || month > 12 || day < 1) return std::nullopt;
  int i = (year - 1880) * 12 + month - 1;
  if (day > kStarts.days[i + 1] - kStarts.days[i]) return std::nullopt;
  return kStarts.days[i] + day - 1;
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
