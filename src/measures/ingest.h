// measures/ingest.h — loading measure values, peer benchmarks and commentary
// into the store (docs/measures-data.md describes the files).
//
//   auto csv = CsvReader::Open("values.csv");
//   IngestOptions opt{.loaded_by = "jo", .loaded_at = "2024-05-01T09:30:00Z"};
//   Result<IngestReport> r = IngestValues(store, strategy, *csv, opt);
//   if (!r.ok()) return r.status();      // the store or the file failed
//   for (const RowProblem& p : r->problems) Print(p.ToString());
//   // r->written is false whenever r->problem_count > 0
//
// A file with any bad row is rejected whole: every bad row is listed (up to
// `max_listed_problems`, with the total), nothing is written. A good file is
// written in one transaction, so an ingest that fails or is killed part way
// leaves the store as it was. Values and commentary files are read whole
// (they are small); benchmark files stream, so memory stays flat however
// many rows they have.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/date.h"
#include "core/status.h"
#include "measures/store.h"
#include "strategy/strategy.h"

namespace barometer::measures {

// ---- periods and frequencies ----

// The period kinds a measure of this frequency accepts (docs/measures-data.md):
// weekly → a day (the week ending); monthly → a month; quarterly → a
// financial quarter; annual → a financial or calendar year; one-off → any.
bool PeriodFits(const Period& p, strategy::Frequency f);
// How the kinds PeriodFits accepts are written, for messages:
// "a month such as 2023-07".
std::string ExpectedPeriods(strategy::Frequency f);
// The kind to prefer when text is ambiguous ("2011-12" is December 2011 for a
// monthly measure, the financial year 2011-12 otherwise).
std::optional<PeriodKind> PreferredPeriodKind(strategy::Frequency f);
// Parses a period for a measure; a message saying what was expected when the
// text is not a period or does not fit the frequency.
Result<Period> ParseMeasurePeriod(std::string_view text, const strategy::Measure& m);

// ---- ingest ----

// One rejected row: "file:line: reason".
struct RowProblem {
  std::string file;
  int line = 0;
  std::string reason;

  std::string ToString() const;
};

struct IngestOptions {
  bool dry_run = false;       // check (and count) everything, write nothing
  std::string loaded_by;      // provenance: the user
  std::string loaded_at;      // provenance: ISO 8601 UTC time
  std::string strategy_file;  // provenance: the strategy the values were checked against
  size_t max_listed_problems = 100;
  // Called now and then with bytes read and the file's size (0 if unknown).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct IngestReport {
  std::string file;
  LoadKind kind = LoadKind::kValues;
  int64_t rows = 0;                  // data rows read
  int64_t inserted = 0;              // new values
  int64_t revised = 0;               // new revisions of (or replacements for) stored values
  int64_t unchanged = 0;             // identical to the stored value
  std::vector<RowProblem> problems;  // the first max_listed_problems
  int64_t problem_count = 0;         // all of them
  bool written = false;              // committed to the store
  int64_t load_id = 0;               // when written

  bool ok() const { return problem_count == 0; }
};

// Measure values: `measure_id, period, value[, numerator, denominator, lower,
// upper, note]`, checked against the strategy's measures. A non-ok Result
// only when the store fails (kIo, kCorrupt); bad rows are `problems`.
Result<IngestReport> IngestValues(Store& store, const strategy::Strategy& strategy, CsvReader& csv,
                                  const IngestOptions& options);

// Peer benchmarks: `indicator, period, org_code, org_name, peer_group, value`
// (an empty value: the organisation has none). Streams.
Result<IngestReport> IngestBenchmarks(Store& store, CsvReader& csv, const IngestOptions& options);

// Commentary from CSV (`measure_id, period, commentary[, author]`) or
// Markdown (a `## <measure_id> <period>` heading per entry, an optional
// `Author: name` line, then the text). With a strategy, measure ids and
// periods are checked against it.
Result<IngestReport> IngestCommentaryCsv(Store& store, const strategy::Strategy* strategy,
                                         CsvReader& csv, const IngestOptions& options);
Result<IngestReport> IngestCommentaryMarkdown(Store& store, const strategy::Strategy* strategy,
                                              std::string_view text, std::string_view file,
                                              const IngestOptions& options);

// Owners' updates, committees' assurance, objectives' delivery targets and
// measures' process changes from Markdown (docs/measures-data.md, "Updates"):
// sections `## measure <id> <period>`, `## objective <id> <period>`,
// `## committee <id> <period>`, `## targets <objective id>` and
// `## process change <measure id> <date>`. Checked against the strategy
// (ids, roles, committees' objectives) and the store (a locked period's
// updates are refused); any problem rejects the whole file.
Result<IngestReport> IngestUpdatesMarkdown(Store& store, const strategy::Strategy& strategy,
                                           std::string_view text, std::string_view file,
                                           const IngestOptions& options);

}  // namespace barometer::measures
