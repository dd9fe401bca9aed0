// measures/store.h — the measure store: an embedded SQLite database
// (default ./barometer.db) holding every measure's observations with
// provenance and revisions, the owners' commentary, and peer benchmark
// values. The schema is versioned (PRAGMA user_version) with forward
// migrations; docs/store.md describes every table.
//
//   auto store = Store::Open("barometer.db", Store::kCreate);
//   if (!store.ok()) return store.status();
//   Transaction tx(*store);                       // BEGIN IMMEDIATE
//   if (Status s = tx.Begin(); !s.ok()) return s;
//   auto load = store->AddLoad({LoadKind::kValues, "values.csv", ...});
//   auto put = store->PutObservation(obs, *load, /*line=*/2);
//   if (Status s = tx.Commit(); !s.ok()) return s;  // else rolled back
//
// Revisions: putting a value for a (measure, period) that already has one
// keeps the earlier value as a revision and makes the new one current
// ("the latest wins"); putting an identical value changes nothing.
// Benchmarks are not revised: the latest load replaces a value.
//
// A Store owns one SQLite connection. Not thread-safe; use one Store per
// thread. Several processes may open the same file (SQLite's WAL locking);
// a writer waits up to 5 s for another writer to finish.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace barometer::measures {

inline constexpr const char* kDefaultStorePath = "barometer.db";

// One value of a measure for a period, as loaded.
struct Observation {
  std::string measure_id;
  Period period;
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> lower;  // confidence limits, when the source gives them
  std::optional<double> upper;
  std::string note;
};

enum class LoadKind { kValues, kBenchmark, kCommentary };
std::string_view LoadKindName(LoadKind k);  // "values", "benchmark", "commentary"

// Who loaded what, when: one row per ingest.
struct LoadInfo {
  LoadKind kind = LoadKind::kValues;
  std::string source_file;
  std::string strategy_file;  // empty when none was given
  std::string loaded_at;      // ISO 8601 UTC, e.g. "2024-05-01T09:30:00Z"
  std::string loaded_by;      // the user name
};

struct LoadRecord {
  int64_t load_id = 0;
  LoadInfo info;
  int64_t rows = 0;  // rows the load added or changed
};

// Where a stored row came from.
struct Provenance {
  int64_t load_id = 0;
  std::string source_file;
  int source_line = 0;
  std::string loaded_at;
  std::string loaded_by;
};

struct StoredObservation {
  Observation observation;
  int revision = 1;     // 1 for the first value loaded for the period
  bool current = true;  // the latest revision
  Provenance provenance;
};

// The owner's narrative for a measure in a period.
struct Commentary {
  std::string measure_id;
  Period period;
  std::string text;
  std::string author;  // may be empty
};

struct StoredCommentary {
  Commentary commentary;
  int revision = 1;
  bool current = true;
  Provenance provenance;
};

// One organisation's published value of an indicator among its peers.
struct BenchmarkValue {
  std::string indicator;
  Period period;
  std::string org_code;
  std::string org_name;
  std::string peer_group;
  std::optional<double> value;  // nullopt: the organisation has no value (a missing peer)
};

// A benchmark row borrowed from the reader (no copies on the bulk path).
struct BenchmarkRow {
  std::string_view indicator;
  Period period;
  std::string_view org_code;
  std::string_view org_name;  // empty: keep the name already stored
  std::string_view peer_group;
  std::optional<double> value;
};

enum class PutResult {
  kInserted,   // a new (measure, period) or benchmark key
  kRevised,    // a new revision of an existing value (or a replaced benchmark)
  kUnchanged,  // identical to the current value; nothing written
  kDuplicate,  // benchmarks only: this load already has the key
};

class Store {
 public:
  enum OpenMode { kCreate, kMustExist };

  // Opens (and with kCreate, creates) the store at `path`, bringing an older
  // schema up to date. Errors: NotFound (kMustExist and no file), Corrupt (not
  // a barometer store, damaged, or written by a newer barometer), Io.
  static Result<Store> Open(const std::string& path, OpenMode mode);
  // A private in-memory store (tests, dry runs).
  static Result<Store> OpenInMemory();

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The schema version this build writes; a file at a higher version is
  // refused as Corrupt.
  static int LatestSchemaVersion();
  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

  // Write transactions: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK). Prefer the
  // Transaction guard below.
  Status BeginWrite();
  Status Commit();
  void Rollback();
  bool in_transaction() const;

  // REQUIRES (all Put* and AddLoad): inside a write transaction.
  Result<int64_t> AddLoad(const LoadInfo& info);
  Status SetLoadRows(int64_t load_id, int64_t rows);
  Result<PutResult> PutObservation(const Observation& o, int64_t load_id, int line);
  Result<PutResult> PutCommentary(const Commentary& c, int64_t load_id, int line);
  // Adds (or, from an earlier load, replaces) a peer value; the indicator,
  // peer group and organisation get ids in their own tables the first time
  // they are seen, and the organisation's name is updated when it changes.
  // kDuplicate when this load already holds the key; then `*first_line` (if
  // given) is the line that put it there.
  Result<PutResult> PutBenchmark(const BenchmarkRow& row, int64_t load_id, int line,
                                 int* first_line = nullptr);

  // The current revision of every observation, by measure then period end.
  Result<std::vector<StoredObservation>> CurrentObservations();
  // Every revision of one measure's observations, by period end then revision.
  Result<std::vector<StoredObservation>> History(std::string_view measure_id);
  Result<std::vector<StoredCommentary>> CurrentCommentary();
  // Every benchmark value of an indicator (all peer groups and periods).
  Result<std::vector<BenchmarkValue>> Benchmarks(std::string_view indicator);
  Result<std::vector<LoadRecord>> Loads();
  Result<int64_t> CountRows(std::string_view table);  // "observations", "benchmarks", ...

  // Test seam: after `n` more successful Put*/AddLoad calls, every write
  // fails with an Io error (as a full disk would). Negative turns it off.
  void FailWritesAfter(int64_t n) { fail_after_ = n; }

 private:
  struct Impl;
  Store();
  Status Prepare();
  Status CheckInjectedFailure();
  // The id of `name` in a dimension table, added when new (cached).
  Result<int64_t> DimensionId(int which, std::string_view name);
  Result<int64_t> OrganisationId(std::string_view code, std::string_view name);

  std::unique_ptr<Impl> impl_;
  std::string path_;
  int schema_version_ = 0;
  int64_t fail_after_ = -1;
};

// Rolls back on destruction unless committed.
//   Transaction tx(store);
//   if (Status s = tx.Begin(); !s.ok()) return s;
//   ... writes ...
//   return tx.Commit();
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) store_.Rollback();
  }
  Status Begin();
  Status Commit();
  void Rollback();

 private:
  Store& store_;
  bool open_ = false;
};

}  // namespace barometer::measures
