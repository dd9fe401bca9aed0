// measures/internal/ingest_common.h — what the three ingest paths share:
// collecting rejected rows, checking a header, reading optional numbers, and
// running the writes of a load in one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "measures/ingest.h"
#include "measures/store.h"
#include "strategy/strategy.h"

namespace barometer::measures::internal {

// Collects problems into a report, keeping the first `max` and counting all.
class ProblemList {
 public:
  ProblemList(IngestReport& report, size_t max) : report_(report), max_(max) {}
  void Add(int line, std::string reason);

 private:
  IngestReport& report_;
  size_t max_;
};

// A file's columns by name: required ones must be there, optional ones may
// be, and any other is a problem (with a did-you-mean).
struct ColumnSpec {
  std::vector<std::string> required;
  std::vector<std::string> optional;
};

// Column indexes in spec order (required, then optional); nullopt for an
// absent optional column. Problems on the header's line; nullopt when a
// required column is missing (the rows cannot be read then).
std::optional<std::vector<std::optional<size_t>>> ReadHeader(
    const std::vector<std::string_view>& fields, int line, const ColumnSpec& spec,
    ProblemList& problems);

// The cell in `column` of a row, trimmed; "" when the column is absent or
// the row is short.
std::string_view Cell(const std::vector<std::string_view>& row, std::optional<size_t> column);

// Parses an optional number cell: nullopt when empty, and a problem when
// it is not a number (then *ok is false).
std::optional<double> OptionalNumber(std::string_view cell, std::string_view name, int line,
                                     ProblemList& problems, bool* ok);

// The unknown-measure reason: "unknown measure `x`; did you mean `y`?".
std::string UnknownMeasure(const strategy::Strategy& s, std::string_view id);

// "the range of a percentage (0 to 100)" style check of a value against the
// measure's unit and `range`; the reason when outside.
std::optional<std::string> CheckValueRange(double v, const strategy::Measure& m);

// Opens the transaction, adds the load, runs `write` (which puts rows and
// counts them in the report), records the row count and commits — or, for a
// dry run or when `write` fails, rolls back.
Status WriteLoad(Store& store, const LoadInfo& info, bool dry_run, IngestReport& report,
                 const std::function<Status(int64_t load_id)>& write);

// Adds a PutResult to the report's counts.
void Count(PutResult r, IngestReport& report);

// A LoadInfo from options.
LoadInfo MakeLoadInfo(LoadKind kind, std::string_view file, const IngestOptions& options);

}  // namespace barometer::measures::internal
