// Ingest of measure values (docs/measures-data.md, "Measure values").
#include <map>
#include <utility>

#include <fmt/format.h>

#include "core/number.h"
#include "measures/ingest.h"
#include "measures/internal/ingest_common.h"

namespace barometer::measures {

using internal::Cell;
using internal::ProblemList;

namespace {

enum Column {
  kMeasure,
  kPeriod,
  kValue,
  kNumerator,
  kDenominator,
  kLower,
  kUpper,
  kNote,
  kProvisional
};

const internal::ColumnSpec& ValueColumns() {
  static const internal::ColumnSpec spec = {
      {"measure_id", "period", "value"},
      {"numerator", "denominator", "lower", "upper", "note", "provisional"}};
  return spec;
}

// The `provisional` cell: blank means final. Spreadsheets write TRUE/FALSE,
// publications "P" (provisional) or "R" (revised); both are read.
std::optional<bool> ParseProvisional(std::string_view cell) {
  std::string lower;
  for (char c : cell) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  for (const char* yes : {"yes", "y", "true", "1", "p", "provisional"}) {
    if (lower == yes) return true;
  }
  for (const char* no : {"", "no", "n", "false", "0", "f", "final", "r", "revised"}) {
    if (lower == no) return false;
  }
  return std::nullopt;
}

// Checks that belong to the row as a whole, once each number has parsed.
void CheckConsistency(const Observation& o, const strategy::Measure& m, int line,
                      ProblemList& problems) {
  if (auto reason = internal::CheckValueRange(o.value, m)) problems.Add(line, *reason);
  if (o.denominator && *o.denominator <= 0) {
    problems.Add(line,
                 fmt::format("denominator {} must be above 0", FormatShortest(*o.denominator)));
  }
  if (o.numerator && *o.numerator < 0) {
    problems.Add(line,
                 fmt::format("numerator {} must not be negative", FormatShortest(*o.numerator)));
  }
  bool share =
      m.unit == strategy::MeasureUnit::kPercent || m.unit == strategy::MeasureUnit::kProportion;
  if (share && o.numerator && o.denominator && *o.numerator > *o.denominator) {
    problems.Add(line, fmt::format("numerator {} is above its denominator {}",
                                   FormatShortest(*o.numerator), FormatShortest(*o.denominator)));
  }
  if (o.numerator.has_value() != o.denominator.has_value()) {
    problems.Add(line, "give both numerator and denominator, or neither");
  }
  if (o.lower.has_value() != o.upper.has_value()) {
    problems.Add(line, "give both lower and upper confidence limits, or neither");
  } else if (o.lower && *o.lower > *o.upper) {
    problems.Add(line, fmt::format("lower limit {} is above upper limit {}",
                                   FormatShortest(*o.lower), FormatShortest(*o.upper)));
  } else if (o.lower && (o.value < *o.lower || o.value > *o.upper)) {
    problems.Add(line, fmt::format("value {} is outside its confidence limits {} to {}",
                                   FormatShortest(o.value), FormatShortest(*o.lower),
                                   FormatShortest(*o.upper)));
  }
}

// Parses one data row; nullopt (with problems added) when it is bad.
std::optional<Observation> ParseRow(const std::vector<std::string_view>& row,
                                    const std::vector<std::optional<size_t>>& cols, int line,
                                    const strategy::Strategy& s, ProblemList& problems) {
  bool ok = true;
  Observation o;
  std::string_view id = Cell(row, cols[kMeasure]);
  const strategy::Measure* m = id.empty() ? nullptr : strategy::FindMeasure(s, id);
  if (id.empty()) {
    problems.Add(line, "missing measure_id");
    ok = false;
  } else if (m == nullptr) {
    problems.Add(line, internal::UnknownMeasure(s, id));
    ok = false;
  }
  o.measure_id = std::string(id);
  std::string_view period = Cell(row, cols[kPeriod]);
  if (m != nullptr) {
    auto p = ParseMeasurePeriod(period, *m);
    if (p.ok()) {
      o.period = *p;
    } else {
      problems.Add(line, p.status().message());
      ok = false;
    }
  }
  std::string_view value = Cell(row, cols[kValue]);
  if (value.empty()) {
    problems.Add(line, "missing value; leave a period out of the file rather than blank");
    ok = false;
  } else if (std::optional<double> v = ParseDouble(value)) {
    o.value = *v;
  } else {
    problems.Add(line, fmt::format("value `{}` is not a number", value));
    ok = false;
  }
  o.numerator =
      internal::OptionalNumber(Cell(row, cols[kNumerator]), "numerator", line, problems, &ok);
  o.denominator =
      internal::OptionalNumber(Cell(row, cols[kDenominator]), "denominator", line, problems, &ok);
  o.lower = internal::OptionalNumber(Cell(row, cols[kLower]), "lower", line, problems, &ok);
  o.upper = internal::OptionalNumber(Cell(row, cols[kUpper]), "upper", line, problems, &ok);
  o.note = std::string(Cell(row, cols[kNote]));
  std::string_view provisional = Cell(row, cols[kProvisional]);
  if (std::optional<bool> p = ParseProvisional(provisional)) {
    o.provisional = *p;
  } else {
    problems.Add(line, fmt::format("provisional `{}` is not one of yes, no (or blank), true, "
                                   "false, 1, 0, P (provisional), F (final)",
                                   provisional));
    ok = false;
  }
  if (!ok || m == nullptr) return std::nullopt;
  CheckConsistency(o, *m, line, problems);
  return o;
}

}  // namespace

Result<IngestReport> IngestValues(Store& store, const strategy::Strategy& strategy, CsvReader& csv,
                                  const IngestOptions& options) {
  IngestReport report;
  report.file = csv.name();
  report.kind = LoadKind::kValues;
  ProblemList problems(report, options.max_listed_problems);
  if (!csv.Next()) {
    problems.Add(csv.status().ok() ? 1 : csv.status().where().line,
                 csv.status().ok() ? "the file is empty; the first line must name the columns "
                                     "measure_id, period, value"
                                   : csv.status().message());
    return report;
  }
  const size_t width = csv.fields().size();
  auto cols = internal::ReadHeader(csv.fields(), csv.line(), ValueColumns(), problems);
  if (!cols) return report;
  std::vector<std::pair<Observation, int>> rows;
  std::map<std::pair<std::string, std::string>, int> seen;  // (measure, period) -> line
  while (csv.Next()) {
    ++report.rows;
    const int line = csv.line();
    if (csv.fields().size() > width) {
      problems.Add(line, fmt::format("{} fields, but the header names {} columns",
                                     csv.fields().size(), width));
      continue;
    }
    int64_t before = report.problem_count;
    std::optional<Observation> o = ParseRow(csv.fields(), *cols, line, strategy, problems);
    if (!o || report.problem_count != before) continue;
    if (options.today && !options.forecasts && *options.today < o->period.start) {
      problems.Add(line, fmt::format("period {} starts after today ({}); values are "
                                     "observations, not plans (give --forecasts if the file "
                                     "holds forecasts)",
                                     o->period.ToString(), options.today->ToString()));
      continue;
    }
    auto [it, fresh] = seen.emplace(std::make_pair(o->measure_id, o->period.ToString()), line);
    if (!fresh) {
      problems.Add(line, fmt::format("duplicate row: `{}` for {} is already on line {}",
                                     o->measure_id, o->period.ToString(), it->second));
      continue;
    }
    rows.emplace_back(std::move(*o), line);
  }
  if (!csv.status().ok()) problems.Add(csv.status().where().line, csv.status().message());
  if (report.problem_count > 0) return report;
  Status s =
      internal::WriteLoad(store, internal::MakeLoadInfo(LoadKind::kValues, report.file, options),
                          options.dry_run, report, [&](int64_t load_id) -> Status {
                            for (const auto& [obs, line] : rows) {
                              auto put = store.PutObservation(obs, load_id, line);
                              if (!put.ok()) return put.status();
                              internal::Count(*put, report);
                            }
                            return Status::Ok();
                          });
  if (!s.ok()) return s;
  return report;
}

}  // namespace barometer::measures
