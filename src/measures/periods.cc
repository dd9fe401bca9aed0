// Which periods fit which measure frequencies (docs/measures-data.md).
#include <fmt/format.h>

#include "measures/ingest.h"

namespace barometer::measures {

bool PeriodFits(const Period& p, strategy::Frequency f) {
  using strategy::Frequency;
  switch (f) {
    case Frequency::kWeekly:
      return p.kind == PeriodKind::kDay;
    case Frequency::kMonthly:
      return p.kind == PeriodKind::kMonth;
    case Frequency::kQuarterly:
      return p.kind == PeriodKind::kFinancialQuarter;
    case Frequency::kAnnual:
      return p.kind == PeriodKind::kFinancialYear || p.kind == PeriodKind::kCalendarYear;
    case Frequency::kOneOff:
      return true;
  }
  return false;
}

std::string ExpectedPeriods(strategy::Frequency f) {
  using strategy::Frequency;
  switch (f) {
    case Frequency::kWeekly:
      return "a week-ending date such as 2023-07-30";
    case Frequency::kMonthly:
      return "a month such as 2023-07";
    case Frequency::kQuarterly:
      return "a financial quarter such as 2023-24 Q2";
    case Frequency::kAnnual:
      return "a financial year such as 2023-24 or a calendar year such as 2023";
    case Frequency::kOneOff:
      return "a period such as 2023-07-31, 2023-07, 2023-24 Q2, 2023-24 or 2023";
  }
  return "a period";
}

std::optional<PeriodKind> PreferredPeriodKind(strategy::Frequency f) {
  if (f == strategy::Frequency::kMonthly) return PeriodKind::kMonth;
  return std::nullopt;
}

namespace {

std::string_view FrequencyWords(strategy::Frequency f) {
  using strategy::Frequency;
  switch (f) {
    case Frequency::kWeekly:
      return "weekly";
    case Frequency::kMonthly:
      return "monthly";
    case Frequency::kQuarterly:
      return "quarterly";
    case Frequency::kAnnual:
      return "annually";
    case Frequency::kOneOff:
      return "once";
  }
  return "";
}

}  // namespace

Result<Period> ParseMeasurePeriod(std::string_view text, const strategy::Measure& m) {
  std::optional<PeriodKind> prefer = m.frequency ? PreferredPeriodKind(*m.frequency) : std::nullopt;
  std::optional<Period> p = Period::Parse(text, prefer);
  if (!p) {
    std::string expected =
        m.frequency ? ExpectedPeriods(*m.frequency) : ExpectedPeriods(strategy::Frequency::kOneOff);
    return Status::InvalidInput(
        text.empty() ? fmt::format("missing period; expected {}", expected)
                     : fmt::format("`{}` is not a period; expected {}", text, expected));
  }
  if (m.frequency && !PeriodFits(*p, *m.frequency)) {
    return Status::InvalidInput(fmt::format(
        "period `{}` is a {}, but `{}` is measured {}; give {}", text, PeriodKindName(p->kind),
        m.id, FrequencyWords(*m.frequency), ExpectedPeriods(*m.frequency)));
  }
  return *p;
}

std::string RowProblem::ToString() const {
  return fmt::format("{}: {}", SourceLocation{file, line, 0}.ToString(), reason);
}

}  // namespace barometer::measures
