#include "population/internal/fields.h"

#include "population/codes.h"

namespace barometer::population::internal {

namespace {

// Days from 1970-01-01 to the first of each month of 1880..2099, so that
// parsing a date is digits, a range check and one look-up.
struct MonthStarts {
  int32_t days[(2099 - 1880 + 1) * 12];
  MonthStarts() {
    for (int y = 1880; y <= 2099; ++y) {
      for (int m = 1; m <= 12; ++m) days[(y - 1880) * 12 + m - 1] = DaysFromCivil(y, m, 1);
    }
  }
};

const MonthStarts& Starts() {
  static const MonthStarts starts;
  return starts;
}

}  // namespace

std::optional<int32_t> ParseDay(std::string_view s) {
  s = TrimSpaces(s);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[8];
  static constexpr int kPos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    char c = s[kPos[i]];
    if (c < '0' || c > '9') return std::nullopt;
    v[i] = c - '0';
  }
  int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  int month = v[4] * 10 + v[5];
  int day = v[6] * 10 + v[7];
  if (year < 1880 || year > 2099 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  return Starts().days[(year - 1880) * 12 + month - 1] + day - 1;
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
