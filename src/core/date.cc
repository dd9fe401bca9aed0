#include "core/date.h"

#include <ctime>

#include <fmt/format.h>

#include "core/number.h"

namespace barometer {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain
// descriptions); std::chrono's year_month_day would do, but this is
// constexpr-simple and avoids chrono's overflow-checked types in hot loops.
int64_t Date::ToDays() const {
  int64_t y = year - (month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

namespace {
bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
int Digits(std::string_view s) { return static_cast<int>(*ParseInt(s)); }
}  // namespace

std::optional<Date> Date::Parse(std::string_view s) {
  s = Trim(s);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  std::string_view ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!AllDigits(ys) || !AllDigits(ms) || !AllDigits(ds)) return std::nullopt;
  Date d{Digits(ys), Digits(ms), Digits(ds)};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > DaysInMonth(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

std::string Date::ToString() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

Date Date::AddMonths(int n) const {
  int total = year * 12 + (month - 1) + n;
  int y = total / 12, m = total % 12 + 1;
  if (m <= 0) m += 12, --y;
  return {y, m, std::min(day, DaysInMonth(y, m))};
}

std::string FinancialYearLabel(int first_year) {
  return fmt::format("{:04}-{:02}", first_year, (first_year + 1) % 100);
}

Date TodayFromClock() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string_view PeriodKindName(PeriodKind k) {
  switch (k) {
    case PeriodKind::kDay:
      return "day";
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kFinancialQuarter:
      return "financial quarter";
    case PeriodKind::kFinancialYear:
      return "financial year";
    case PeriodKind::kCalendarYear:
      return "calendar year";
  }
  return "period";
}

Period Period::Month(int y, int m) {
  return {PeriodKind::kMonth, {y, m, 1}, {y, m, DaysInMonth(y, m)}};
}

Period Period::FinancialQuarter(int fy, int q) {
  Date start = Date{fy, 4, 1}.AddMonths(3 * (q - 1));
  Date end = start.AddMonths(3).AddDays(-1);
  return {PeriodKind::kFinancialQuarter, start, end};
}

Period Period::FinancialYear(int fy) {
  return {PeriodKind::kFinancialYear, {fy, 4, 1}, {fy + 1, 3, 31}};
}

Period Period::CalendarYear(int y) { return {PeriodKind::kCalendarYear, {y, 1, 1}, {y, 12, 31}}; }

Period Period::Day(Date d) { return {PeriodKind::kDay, d, d}; }

std::optional<Period> Period::Parse(std::string_view s, std::optional<PeriodKind> prefer) {
  s = Trim(s);
  if (auto d = Date::Parse(s)) return Day(*d);
  if (s.size() == 4 && AllDigits(s)) return CalendarYear(Digits(s));
  if (s.size() < 7 || !AllDigits(s.substr(0, 4)) || s[4] != '-' || !AllDigits(s.substr(5, 2))) {
    return std::nullopt;
  }
  int y = Digits(s.substr(0, 4)), two = Digits(s.substr(5, 2));
  if (s.size() == 7) {
    // "2023-07" is a month; "2023-24" is a financial year (second part = next year).
    bool month_ok = two >= 1 && two <= 12;
    if (month_ok && prefer == PeriodKind::kMonth) return Month(y, two);
    if (two == (y + 1) % 100) return FinancialYear(y);
    if (month_ok) return Month(y, two);
    return std::nullopt;
  }
  if (two != (y + 1) % 100) return std::nullopt;
  std::string_view rest = Trim(s.substr(7));
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    return FinancialQuarter(y, rest[1] - '0');
  }
  return std::nullopt;
}

std::string Period::ToString() const {
  switch (kind) {
    case PeriodKind::kDay:
      return start.ToString();
    case PeriodKind::kMonth:
      return fmt::format("{:04}-{:02}", start.year, start.month);
    case PeriodKind::kFinancialQuarter:
      return fmt::format("{} Q{}", FinancialYearLabel(start.FinancialYear()),
                         start.FinancialQuarter());
    case PeriodKind::kFinancialYear:
      return FinancialYearLabel(start.year);
    case PeriodKind::kCalendarYear:
      return fmt::format("{:04}", start.year);
  }
  return {};
}

}  // namespace barometer
