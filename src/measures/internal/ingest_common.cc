#include "measures/internal/ingest_common.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"

namespace barometer::measures::internal {

void ProblemList::Add(int line, std::string reason) {
  ++report_.problem_count;
  if (report_.problems.size() < max_) {
    report_.problems.push_back({report_.file, line, std::move(reason)});
  }
}

std::optional<std::vector<std::optional<size_t>>> ReadHeader(
    const std::vector<std::string_view>& fields, int line, const ColumnSpec& spec,
    ProblemList& problems) {
  std::vector<std::string> known = spec.required;
  known.insert(known.end(), spec.optional.begin(), spec.optional.end());
  std::vector<std::optional<size_t>> columns(known.size());
  bool complete = true;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = ToLower(Trim(fields[i]));
    auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      std::string hint = DidYouMean(name, known);
      problems.Add(line, fmt::format("unknown column `{}`{}; the columns are {}", Trim(fields[i]),
                                     hint.empty() ? "" : "; " + hint, fmt::join(known, ", ")));
      complete = false;
      continue;
    }
    size_t k = static_cast<size_t>(it - known.begin());
    if (columns[k]) {
      problems.Add(line, fmt::format("column `{}` appears twice", name));
      complete = false;
    }
    columns[k] = i;
  }
  for (size_t k = 0; k < spec.required.size(); ++k) {
    if (!columns[k]) {
      problems.Add(line, fmt::format("missing column `{}`; the first line must name the columns "
                                     "{} (optional: {})",
                                     spec.required[k], fmt::join(spec.required, ", "),
                                     spec.optional.empty()
                                         ? "none"
                                         : fmt::format("{}", fmt::join(spec.optional, ", "))));
      complete = false;
    }
  }
  if (!complete) return std::nullopt;
  return columns;
}

std::string_view Cell(const std::vector<std::string_view>& row, std::optional<size_t> column) {
  if (!column || *column >= row.size()) return {};
  return Trim(row[*column]);
}

std::optional<double> OptionalNumber(std::string_view cell, std::string_view name, int line,
                                     ProblemList& problems, bool* ok) {
  if (cell.empty()) return std::nullopt;
  std::optional<double> v = ParseDouble(cell);
  if (!v) {
    problems.Add(line, fmt::format("{} `{}` is not a number", name, cell));
    *ok = false;
  }
  return v;
}

std::string UnknownMeasure(const strategy::Strategy& s, std::string_view id) {
  std::vector<std::string> ids;
  ids.reserve(s.measures.size());
  for (const strategy::Measure& m : s.measures) ids.push_back(m.id);
  std::string hint = DidYouMean(id, ids);
  return fmt::format("unknown measure `{}`{}", id,
                     hint.empty() ? "; the strategy does not define it" : "; " + hint);
}

namespace {

std::string_view UnitNoun(strategy::MeasureUnit u) {
  using strategy::MeasureUnit;
  switch (u) {
    case MeasureUnit::kPercent:
      return "a percentage";
    case MeasureUnit::kProportion:
      return "a proportion";
    case MeasureUnit::kCount:
      return "a count";
    case MeasureUnit::kRate:
      return "a rate";
    case MeasureUnit::kScore:
      return "a score";
    case MeasureUnit::kYears:
      return "a number of years";
    case MeasureUnit::kDays:
      return "a number of days";
    case MeasureUnit::kGbp:
      return "an amount in pounds";
    case MeasureUnit::kRatio:
      return "a ratio";
    case MeasureUnit::kRank:
      return "a rank";
    case MeasureUnit::kMilestone:
      return "a milestone (0 not done, 1 done, or percent complete)";
  }
  return "a value";
}

std::string RangeText(double lo, double hi) {
  if (std::isinf(lo) && std::isinf(hi)) return "any value";
  if (std::isinf(hi)) return fmt::format("{} or more", FormatShortest(lo));
  if (std::isinf(lo)) return fmt::format("{} or less", FormatShortest(hi));
  return fmt::format("{} to {}", FormatShortest(lo), FormatShortest(hi));
}

}  // namespace

std::optional<std::string> CheckValueRange(double v, const strategy::Measure& m) {
  if (!m.unit) return std::nullopt;
  strategy::NumberRange unit_range = strategy::DefaultRange(*m.unit);
  double lo = unit_range.min, hi = unit_range.max;
  if (*m.unit == strategy::MeasureUnit::kMilestone) hi = 100;  // percent complete
  if (m.range) {
    lo = std::max(lo, m.range->min);
    hi = std::min(hi, m.range->max);
  }
  if (v < lo || v > hi) {
    std::string whose = m.range ? fmt::format("the range of `{}`", m.id)
                                : fmt::format("the range of {}", UnitNoun(*m.unit));
    return fmt::format("value {} is outside {} ({})", FormatShortest(v), whose, RangeText(lo, hi));
  }
  if ((*m.unit == strategy::MeasureUnit::kCount || *m.unit == strategy::MeasureUnit::kRank) &&
      v != std::floor(v)) {
    return fmt::format("value {} is not a whole number, but `{}` is {}", FormatShortest(v), m.id,
                       UnitNoun(*m.unit));
  }
  return std::nullopt;
}

Status WriteLoad(Store& store, const LoadInfo& info, bool dry_run, IngestReport& report,
                 const std::function<Status(int64_t load_id)>& write) {
  Transaction tx(store);
  if (Status s = tx.Begin(); !s.ok()) return s;
  auto load = store.AddLoad(info);
  if (!load.ok()) return load.status();
  if (Status s = write(*load); !s.ok()) return s;
  if (report.problem_count > 0 || dry_run) {
    tx.Rollback();
    return Status::Ok();
  }
  if (Status s = store.SetLoadRows(*load, report.inserted + report.revised); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  report.written = true;
  report.load_id = *load;
  return Status::Ok();
}

void Count(PutResult r, IngestReport& report) {
  switch (r) {
    case PutResult::kInserted:
      ++report.inserted;
      break;
    case PutResult::kRevised:
      ++report.revised;
      break;
    case PutResult::kUnchanged:
      ++report.unchanged;
      break;
    case PutResult::kDuplicate:
      break;
  }
}

LoadInfo MakeLoadInfo(LoadKind kind, std::string_view file, const IngestOptions& options) {
  return {kind, std::string(file), options.strategy_file, options.loaded_at, options.loaded_by};
}

}  // namespace barometer::measures::internal
