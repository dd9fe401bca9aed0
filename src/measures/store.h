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

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

struct sqlite3;

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
  // A first release the publisher will revise (e.g. the latest months of
  // cancer waiting times); charts and tables mark it.
  bool provisional = false;
};

enum class LoadKind { kValues, kBenchmark, kCommentary, kUpdates };
std::string_view LoadKindName(LoadKind k);  // "values", "benchmark", "commentary", "updates"

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

// ---- updates from owners, assurance from committees (record.h shows them) ----

// As NHS committees grade it: substantial, reasonable, partial, limited.
enum class AssuranceLevel { kSubstantial, kReasonable, kPartial, kLimited };
std::string_view AssuranceLevelName(AssuranceLevel a);   // "substantial", ...
std::string_view AssuranceLevelLabel(AssuranceLevel a);  // "Substantial", ...
std::optional<AssuranceLevel> ParseAssuranceLevel(std::string_view s);

enum class ActionState { kOpen, kDone, kOverdue, kCancelled };
std::string_view ActionStateName(ActionState s);  // "open", "done", ...
std::optional<ActionState> ParseActionState(std::string_view s);

struct Action {
  std::string text;
  std::string owner_role;  // a role id of the strategy
  Date due;
  ActionState state = ActionState::kOpen;
};

// An owner's update for one measure or objective in one period.
struct Update {
  std::string measure_id;  // exactly one of measure_id / objective_id is set
  std::string objective_id;
  Period period;
  std::string author_role;  // the role that submitted it (a role id)
  std::string narrative;
  std::vector<Action> actions;
  std::optional<Date> recovery;  // expected back on trajectory by
  std::vector<std::string> mitigations;
  std::optional<AssuranceLevel> proposed_assurance;
  std::string key_message;  // overrides the drawn key message, when given
  int revision = 1;
  Provenance provenance;
};

// A dated milestone an objective's director adds during the year, as stored
// (record.h's DeliveryTarget adds its status at a period).
struct StoredDeliveryTarget {
  std::string objective_id;
  std::string id;
  std::string text;
  Date due;
  std::optional<Date> done_on;  // set when done
  bool done = false;
  int revision = 1;
  Provenance provenance;
};

struct ObjectiveAssurance {
  std::string objective_id;
  AssuranceLevel level = AssuranceLevel::kReasonable;
  std::string comment;
};

// A committee's assurance for a period and its chair's report to the Board.
struct CommitteeAssurance {
  std::string committee_id;
  Period period;
  std::vector<ObjectiveAssurance> objectives;
  std::vector<std::string> alert;  // the chair's report: alert / advise / assure
  std::vector<std::string> advise;
  std::vector<std::string> assure;
  int revision = 1;
  Provenance provenance;
};

// A process change recorded with a measure's data: SPC limits are
// recalculated from the first period on or after `date`.
struct ProcessChange {
  std::string measure_id;
  Date date;
  std::string description;  // "new pathway from this period"
  int revision = 1;
  Provenance provenance;
};

enum class RecordState { kOpen, kLocked };
std::string_view RecordStateName(RecordState s);  // "open", "locked"

// A reporting period's state: open (data and updates may change) or locked
// (the Board has seen its record; it is read back as of `lock_load_id`).
struct PeriodState {
  Period period;
  RecordState state = RecordState::kOpen;
  std::string changed_at;  // ISO 8601 UTC of this state's start
  std::string changed_by;
  int64_t lock_load_id = 0;        // locked: the last load the Board's record read
  std::optional<Date> lock_today;  // locked: the evaluation's `today`
  std::string note;
  int revision = 1;  // state changes so far, this one included
};

// "Every load up to now": the bound that reads the current revision of each row.
inline constexpr int64_t kAllLoads = INT64_MAX;

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
  // Where the publication gives them (a proportion's count and population):
  // what a funnel plot is drawn from.
  std::optional<double> numerator{}, denominator{};
};

// A benchmark row borrowed from the reader (no copies on the bulk path).
struct BenchmarkRow {
  std::string_view indicator;
  Period period;
  std::string_view org_code;
  std::string_view org_name;  // empty: keep the name already stored
  std::string_view peer_group;
  std::optional<double> value;
  std::optional<double> numerator{}, denominator{};  // where the publication gives them
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
  // Updates, committee reports, delivery targets and process changes: a new
  // revision when the content differs from the current one, else kUnchanged.
  // Keys: (measure or objective, period); (committee, period); (objective,
  // target id); (measure, date).
  Result<PutResult> PutUpdate(const Update& u, int64_t load_id, int line);
  Result<PutResult> PutCommitteeAssurance(const CommitteeAssurance& c, int64_t load_id, int line);
  Result<PutResult> PutDeliveryTarget(const StoredDeliveryTarget& t, int64_t load_id, int line);
  Result<PutResult> PutProcessChange(const ProcessChange& c, int64_t load_id, int line);
  // Records a period's new state (a new revision of its state).
  Status PutPeriodState(const PeriodState& state);
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
  // Every benchmark value of an indicator (all peer groups and periods); with
  // `as_of_load`, the values as they stood after that load (earlier values
  // are kept while a locked period needs them).
  Result<std::vector<BenchmarkValue>> Benchmarks(std::string_view indicator,
                                                 int64_t as_of_load = kAllLoads);

  // The revision of each row current after load `as_of_load` (kAllLoads:
  // now), in key order. What a locked period's record reads.
  Result<std::vector<StoredObservation>> ObservationsAsOf(int64_t as_of_load);
  Result<std::vector<StoredCommentary>> CommentaryAsOf(int64_t as_of_load);
  Result<std::vector<Update>> Updates(int64_t as_of_load = kAllLoads);
  // Every revision of the updates of one measure or objective (`kind`
  // "measure" or "objective"), by period then revision: its history.
  Result<std::vector<Update>> UpdateHistory(std::string_view kind, std::string_view id);
  Result<std::vector<CommitteeAssurance>> Assurance(int64_t as_of_load = kAllLoads);
  Result<std::vector<StoredDeliveryTarget>> DeliveryTargets(int64_t as_of_load = kAllLoads);
  Result<std::vector<ProcessChange>> ProcessChanges(int64_t as_of_load = kAllLoads);
  // The current state of a period; nullopt when it was never opened or
  // locked (it is open then).
  Result<std::optional<PeriodState>> GetPeriodState(const Period& p);
  // The current state of every period with one, by period end.
  Result<std::vector<PeriodState>> PeriodStates();
  // The id of the latest load; 0 when there is none.
  Result<int64_t> LastLoadId();
  Result<std::vector<LoadRecord>> Loads();
  Result<int64_t> CountRows(std::string_view table);  // "observations", "benchmarks", ...

  // The store's SQLite connection, for a part that keeps its own tables in
  // the store (src/server: users, sessions, reviews, audit log; schema
  // version 3). Same thread as the Store; writes inside its transactions.
  sqlite3* connection() const { return db(); }

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
  // Helpers of the record's tables (store_record.cc).
  sqlite3* db() const;

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
