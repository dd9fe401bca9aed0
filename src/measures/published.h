// measures/published.h — loading national published statistics (NHS England
// A&E, RTT and cancer waiting times, SHMI, the NHS Staff Survey, Fingertips
// exports) as the values of the measures a strategy binds to them
// (`[measures.source]`, docs/strategy-format.md) and every other
// organisation's values as peer benchmarks (docs/published-data.md).
//
//   auto csv = CsvReader::Open("ae_provider_monthly.csv");
//   auto table = ReadPublishedTable(*csv);
//   auto r = IngestPublished(store, strategy, Publication::kNhseAe, *table, options);
//   // r->problems: "file:line: reason"; nothing written unless r->ok()
//
// Like the other ingests, a file with any bad row is rejected whole and a
// good one is written in one transaction (one load: the measures' values,
// with numerator and denominator, and the peers' values as benchmarks).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"
#include "measures/ingest.h"
#include "measures/store.h"
#include "strategy/publications.h"
#include "strategy/strategy.h"

namespace barometer::measures {

// A whole table with named columns: a CSV file, or an ODBC result set.
struct PublishedTable {
  std::string name;                            // the file (or "DSN: query file")
  std::vector<std::string> columns;            // as in the header
  std::vector<std::vector<std::string>> rows;  // cells, one vector per row
  std::vector<int> lines;                      // each row's line in the file
};

// Reads a CSV file whole. Errors (kInvalidInput, with file:line) when the
// CSV itself is malformed or a row has more cells than the header.
Result<PublishedTable> ReadPublishedTable(CsvReader& csv);

// The layout a publication's file is in. kTidy is the staged layout of
// data/nhs-published/ (one row per organisation and period, snake_case
// columns); the others are NHS England's own A&E files as published
// (docs/published-data.md, "NHS England's own layouts").
enum class PublishedLayout {
  kAuto,              // detected from the header
  kTidy,              // data/nhs-published/ae/ae_provider_monthly.csv and the others
  kNhseAeMonthly,     // the monthly provider CSV: "Period,Org Code,Parent Org,Org name,..."
  kNhseAeByProvider,  // the "A&E by provider" sheet saved as CSV: "Code,Region,Name,..."
};
std::string_view LayoutName(PublishedLayout l);  // "auto", "tidy", "nhse-ae-monthly", ...
std::optional<PublishedLayout> ParseLayout(std::string_view name);
std::vector<std::string> LayoutNames();
// The layout a header is in (kTidy when it is neither of NHS England's).
PublishedLayout DetectLayout(strategy::Publication p, const std::vector<std::string>& columns);

struct PublishedOptions {
  PublishedLayout layout = PublishedLayout::kAuto;
  // The month of an "A&E by provider" sheet, which has no Period column;
  // default: from the file name ("March-2026-AE.csv").
  std::optional<Period> period;
  // The members read from the peer groups' `members_file`s, by peer group id
  // (ReadPeerGroupFiles); added to each group's `members`.
  std::map<std::string, std::vector<std::string>> member_files;
};

// Reads the file of ODS codes each `[[peer_groups]]` names in `members_file`
// (relative to the strategy file's directory): one code a line, the code
// first (anything after a comma, tab or space is ignored, so a CSV whose
// first column is the code reads too); blank lines, `#` comments and a
// header line `org_code` or `code` are skipped. Errors (kInvalidInput) list
// every bad line as "file:line: reason"; kIo when a file cannot be read.
Result<std::map<std::string, std::vector<std::string>>> ReadPeerGroupFiles(
    const strategy::Strategy& strategy, const std::string& strategy_file);

// NHS England's England total row of a monthly A&E CSV ("TOTAL"), kept out
// of the peers; the conversion checks it equals the sum of the providers.
struct PublishedTotal {
  int line = 0;
  std::map<std::string, double> counts;  // tidy column -> the TOTAL row's figure
};

// A table in one of NHS England's own layouts converted to the tidy one: the
// same columns as data/nhs-published/ae/ae_provider_monthly.csv, each row
// keeping its line in the original file. Problems ("file:line: reason") for
// every bad row; the caller writes nothing when there are any.
struct TidyTable {
  PublishedTable table;
  PublishedLayout layout = PublishedLayout::kTidy;
  std::optional<PublishedTotal> total;
};
TidyTable ToTidyLayout(const PublishedTable& raw, strategy::Publication p,
                       const PublishedOptions& options, std::vector<RowProblem>* problems);

struct PublishedReport : IngestReport {
  int64_t measures = 0;    // measures bound to the publication
  int64_t values = 0;      // of which the organisation's values put
  int64_t benchmarks = 0;  // peer values put
  int64_t blank = 0;       // organisation-months with no value (not reported, suppressed)
  std::string first_period, last_period;  // of the organisation's values
  std::string layout;          // the file's layout as read ("tidy", "nhse-ae-monthly", ...)
  bool total_checked = false;  // NHS England's TOTAL row was checked against the providers
  // Not errors: a peer group member with no row in the file, one line each.
  std::vector<std::string> warnings;
  // Process-change annotations made (definition changes, mergers), one line
  // each: "2024-02 within_18w: definition change: ...".
  std::vector<std::string> annotations;
};

// Stores every measure of `strategy` bound to `publication`: the bound
// organisation's values (observations, with numerator and denominator and a
// note naming the publication) and each peer's value (benchmarks under the
// measure's id and peer group). A non-ok Result only when the store fails.
Result<PublishedReport> IngestPublished(Store& store, const strategy::Strategy& strategy,
                                        strategy::Publication publication,
                                        const PublishedTable& table, const IngestOptions& options,
                                        const PublishedOptions& layout = {});

}  // namespace barometer::measures
