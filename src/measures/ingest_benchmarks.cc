// Ingest of peer benchmark values (docs/measures-data.md, "Peer benchmarks").
// Streams: each good row is written as it is read, inside the load's one
// transaction; the store's primary key finds duplicate rows, so nothing but
// a few small caches is held in memory however long the file is.
#include <fmt/format.h>

#include "core/number.h"
#include "measures/ingest.h"
#include "measures/internal/ingest_common.h"
#include "measures/internal/schema.h"

namespace barometer::measures {

using internal::Cell;
using internal::ProblemList;

namespace {

enum Column {
  kIndicator,
  kPeriod,
  kOrgCode,
  kOrgName,
  kPeerGroup,
  kValue,
  kNumerator,
  kDenominator
};

const internal::ColumnSpec& BenchmarkColumns() {
  static const internal::ColumnSpec spec = {
      {"indicator", "period", "org_code", "org_name", "peer_group", "value"},
      {"numerator", "denominator"}};
  return spec;
}

constexpr uint64_t kProgressEvery = 1 << 14;  // rows

// Remembers the last period text parsed: benchmark files list the same
// period for every organisation in turn.
class PeriodCache {
 public:
  const Period* Parse(std::string_view text) {
    if (valid_ && text == raw_) return &period_;
    std::optional<Period> p = Period::Parse(text);
    valid_ = p.has_value();
    if (!valid_) return nullptr;
    raw_.assign(text);
    period_ = *p;
    return &period_;
  }

 private:
  bool valid_ = false;
  std::string raw_;
  Period period_;
};

class BenchmarkLoader {
 public:
  BenchmarkLoader(Store& store, CsvReader& csv, const IngestOptions& options, IngestReport& report,
                  ProblemList& problems, const std::vector<std::optional<size_t>>& cols)
      : store_(store),
        csv_(csv),
        options_(options),
        report_(report),
        problems_(problems),
        cols_(cols) {}

  Status Run(int64_t load_id, size_t width) {
    while (csv_.Next()) {
      ++report_.rows;
      if (options_.progress && report_.rows % kProgressEvery == 0) {
        options_.progress(csv_.bytes_read(), csv_.size());
      }
      if (csv_.fields().size() > width) {
        problems_.Add(csv_.line(), fmt::format("{} fields, but the header names {} columns",
                                               csv_.fields().size(), width));
        continue;
      }
      if (Status s = Row(load_id); !s.ok()) return s;
    }
    if (!csv_.status().ok()) problems_.Add(csv_.status().where().line, csv_.status().message());
    if (options_.progress) options_.progress(csv_.bytes_read(), csv_.size());
    return Status::Ok();
  }

 private:
  Status Row(int64_t load_id) {
    const auto& f = csv_.fields();
    const int line = csv_.line();
    bool ok = true;
    BenchmarkRow row;
    row.indicator = Required(f, kIndicator, "indicator", &ok);
    row.org_code = Required(f, kOrgCode, "org_code", &ok);
    row.peer_group = Required(f, kPeerGroup, "peer_group", &ok);
    std::string_view org_name = Cell(f, cols_[kOrgName]);
    std::string_view period = Cell(f, cols_[kPeriod]);
    const Period* p = periods_.Parse(period);
    if (p == nullptr) {
      problems_.Add(line, period.empty()
                              ? std::string("missing period")
                              : fmt::format("`{}` is not a period; expected 2023-07, 2023-24 Q2, "
                                            "2023-24, 2023 or 2023-07-31",
                                            period));
      ok = false;
    } else if (!FitsStore(*p)) {
      problems_.Add(line, fmt::format("period `{}` is outside the years benchmarks can be stored "
                                      "for; expected a period from 1900 to 2258",
                                      period));
      ok = false;
    } else {
      row.period = *p;
    }
    row.value = internal::OptionalNumber(Cell(f, cols_[kValue]), "value", line, problems_, &ok);
    // Optional: the peer's count and population (for funnel plots).
    row.numerator =
        internal::OptionalNumber(Cell(f, cols_[kNumerator]), "numerator", line, problems_, &ok);
    row.denominator =
        internal::OptionalNumber(Cell(f, cols_[kDenominator]), "denominator", line, problems_, &ok);
    if (row.numerator && *row.numerator < 0) {
      problems_.Add(line, "numerator must not be negative");
      ok = false;
    }
    if (row.denominator && *row.denominator <= 0) {
      problems_.Add(line, "denominator must be above 0");
      ok = false;
    }
    if (row.numerator.has_value() != row.denominator.has_value()) {
      problems_.Add(line, "numerator and denominator go together: give both or neither");
      ok = false;
    }
    if (!ok) return Status::Ok();
    row.org_name = org_name;
    int first_line = 0;
    auto put = store_.PutBenchmark(row, load_id, line, &first_line);
    if (!put.ok()) return put.status();
    if (*put == PutResult::kDuplicate) {
      problems_.Add(line, fmt::format("duplicate row: `{}` for {} in peer group `{}` for {} is "
                                      "already on line {}",
                                      row.indicator, row.org_code, row.peer_group,
                                      row.period.ToString(), first_line));
    }
    internal::Count(*put, report_);
    return Status::Ok();
  }

  // The store packs a benchmark's start day into BenchmarkKeyLimits::kDayBits
  // bits from 1900-01-01; a period outside them is the row's problem, not a
  // store failure that would end the whole load without a line.
  static bool FitsStore(const Period& p) {
    using L = internal::BenchmarkKeyLimits;
    int64_t day = p.start.ToDays() - L::kDayOrigin;
    return day >= 0 && day < (int64_t{1} << L::kDayBits);
  }

  std::string_view Required(const std::vector<std::string_view>& f, Column c, std::string_view name,
                            bool* ok) {
    std::string_view v = Cell(f, cols_[c]);
    if (v.empty()) {
      problems_.Add(csv_.line(), fmt::format("missing {}", name));
      *ok = false;
    }
    return v;
  }

  Store& store_;
  CsvReader& csv_;
  const IngestOptions& options_;
  IngestReport& report_;
  ProblemList& problems_;
  const std::vector<std::optional<size_t>>& cols_;
  PeriodCache periods_;
};

}  // namespace

Result<IngestReport> IngestBenchmarks(Store& store, CsvReader& csv, const IngestOptions& options) {
  IngestReport report;
  report.file = csv.name();
  report.kind = LoadKind::kBenchmark;
  ProblemList problems(report, options.max_listed_problems);
  if (!csv.Next()) {
    problems.Add(csv.status().ok() ? 1 : csv.status().where().line,
                 csv.status().ok() ? "the file is empty; the first line must name the columns "
                                     "indicator, period, org_code, org_name, peer_group, value"
                                   : csv.status().message());
    return report;
  }
  const size_t width = csv.fields().size();
  auto cols = internal::ReadHeader(csv.fields(), csv.line(), BenchmarkColumns(), problems);
  if (!cols) return report;
  BenchmarkLoader loader(store, csv, options, report, problems, *cols);
  Status s = internal::WriteLoad(
      store, internal::MakeLoadInfo(LoadKind::kBenchmark, report.file, options), options.dry_run,
      report, [&](int64_t load_id) { return loader.Run(load_id, width); });
  if (!s.ok()) return s;
  return report;
}

}  // namespace barometer::measures
