// core/date.h — civil dates, NHS financial years (April–March) and the
// reporting periods measures are recorded against.
//
// Periods are written as users write them:
//   2023-07      a month                 (kMonth)
//   2023-24 Q2   a financial quarter     (kFinancialQuarter; also "2023-24Q2")
//   2023-24      a financial year        (kFinancialYear; April 2023 – March 2024)
//   2023         a calendar year         (kCalendarYear)
//   2023-07-31   a day, or a week ending (kDay)
// Financial quarter 1 is April–June, so "2023-24 Q1" is April–June 2023.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace barometer {

// A proleptic Gregorian calendar date.
struct Date {
  int year = 1970;
  int month = 1;  // 1–12
  int day = 1;    // 1–31

  // Days since 1970-01-01 (negative before).
  int64_t ToDays() const;
  static Date FromDays(int64_t days);
  // Parses YYYY-MM-DD exactly; nullopt when malformed or not a real date.
  static std::optional<Date> Parse(std::string_view s);
  std::string ToString() const;  // YYYY-MM-DD

  Date AddDays(int64_t n) const { return FromDays(ToDays() + n); }
  // Adds months, clamping the day to the end of the target month.
  Date AddMonths(int n) const;

  // The first year of the financial year holding this date (2023 for 2024-02-10).
  int FinancialYear() const { return month >= 4 ? year : year - 1; }
  // 1–4; Q1 is April–June.
  int FinancialQuarter() const { return (month >= 4 ? month - 4 : month + 8) / 3 + 1; }

  auto operator<=>(const Date&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// "2023-24" for 2023.
std::string FinancialYearLabel(int first_year);

// Today's date from the system clock (local time). The one place barometer
// reads the clock for a date; commands take `--today` to fix it.
Date TodayFromClock();

enum class PeriodKind { kDay, kMonth, kFinancialQuarter, kFinancialYear, kCalendarYear };

std::string_view PeriodKindName(PeriodKind k);  // "day", "month", ...

// A reporting period: a kind and its first and last day (inclusive).
struct Period {
  PeriodKind kind = PeriodKind::kDay;
  Date start;
  Date end;

  // Parses any of the forms above; nullopt when none fits. "YYYY-YY" where the
  // second part is the next year ("2011-12") is a financial year unless
  // `prefer` is kMonth, when it is read as a month (December 2011).
  static std::optional<Period> Parse(std::string_view s,
                                     std::optional<PeriodKind> prefer = std::nullopt);
  static Period Month(int year, int month);
  static Period FinancialQuarter(int first_year, int quarter);
  static Period FinancialYear(int first_year);
  static Period CalendarYear(int year);
  static Period Day(Date d);

  // Canonical text: "2023-07", "2023-24 Q2", "2023-24", "2023", "2023-07-31".
  std::string ToString() const;

  bool operator==(const Period& o) const = default;
  // Ordered by end date, then start date (so a quarter sorts with its last month).
  bool operator<(const Period& o) const { return end != o.end ? end < o.end : start < o.start; }
};

}  // namespace barometer
