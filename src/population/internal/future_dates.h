// population/internal/future_dates.h — dates after "today" in an extract.
//
// An extract records what has happened: a death dated 2098 is an error in
// the data (it would move every default period past today and leave every
// indicator empty). Rows with such a date are bad rows, named by file:line,
// unless the user says the files hold forecasts (LoadOptions::forecasts).
#pragma once

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "population/codes.h"
#include "population/extract.h"
#include "population/internal/loader.h"

namespace barometer::population::internal {

// Files a problem with the current row when `day` (a date of column
// `column`, or kNever) is after `limit`; a limit of kLastDay or more (kNever)
// checks nothing.
inline void CheckNotAfter(int32_t day, std::string_view column, int32_t limit,
                          ProblemList& problems) {
  if (limit >= kLastDay || day == kNever || day <= limit) return;
  YearMonthDay d = CivilFromDays(day), t = CivilFromDays(limit);
  problems.Add(fmt::format(
      "{} {:04}-{:02}-{:02} is after today ({:04}-{:02}-{:02}); an extract records what has "
      "happened (use --forecasts if the file holds forecasts)",
      column, d.year, d.month, d.day, t.year, t.month, t.day));
}

}  // namespace barometer::population::internal
