#include "measures/store.h"

#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "measures/internal/schema.h"
#include "measures/internal/sqlite.h"

namespace barometer::measures {

using internal::Exec;
using internal::SqliteError;
using internal::Statement;

std::string_view LoadKindName(LoadKind k) {
  switch (k) {
    case LoadKind::kValues:
      return "values";
    case LoadKind::kBenchmark:
      return "benchmark";
    case LoadKind::kCommentary:
      return "commentary";
    case LoadKind::kUpdates:
      return "updates";
  }
  return "values";
}

namespace {

std::optional<LoadKind> ParseLoadKind(std::string_view s) {
  for (LoadKind k :
       {LoadKind::kValues, LoadKind::kBenchmark, LoadKind::kCommentary, LoadKind::kUpdates}) {
    if (LoadKindName(k) == s) return k;
  }
  return std::nullopt;
}

std::optional<PeriodKind> ParsePeriodKind(std::string_view s) {
  for (PeriodKind k : {PeriodKind::kDay, PeriodKind::kMonth, PeriodKind::kFinancialQuarter,
                       PeriodKind::kFinancialYear, PeriodKind::kCalendarYear}) {
    if (PeriodKindName(k) == s) return k;
  }
  return std::nullopt;
}

// A period read back from the store; its kind disambiguates "2011-12".
Result<Period> StoredPeriod(std::string_view text, std::string_view kind_name) {
  std::optional<PeriodKind> kind = ParsePeriodKind(kind_name);
  std::optional<Period> p = kind ? Period::Parse(text, kind) : std::nullopt;
  if (!p || p->kind != *kind) {
    return Status::Corrupt(
        fmt::format("the store holds a malformed period `{}` ({})", text, kind_name));
  }
  return *p;
}

// The period of `kind` (PeriodKind's value) that starts on `start`.
std::optional<Period> PeriodStarting(int64_t kind, Date start) {
  switch (kind) {
    case static_cast<int64_t>(PeriodKind::kDay):
      return Period::Day(start);
    case static_cast<int64_t>(PeriodKind::kMonth):
      return Period::Month(start.year, start.month);
    case static_cast<int64_t>(PeriodKind::kFinancialQuarter):
      return Period::FinancialQuarter(start.FinancialYear(), start.FinancialQuarter());
    case static_cast<int64_t>(PeriodKind::kFinancialYear):
      return Period::FinancialYear(start.FinancialYear());
    case static_cast<int64_t>(PeriodKind::kCalendarYear):
      return Period::CalendarYear(start.year);
    default:
      return std::nullopt;
  }
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Result<int64_t> QueryInt(sqlite3* db, std::string_view sql) {
  auto st = Statement::Prepare(db, sql);
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return *row ? st->Int(0) : int64_t{0};
}

bool SameOptional(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

}  // namespace

// Hashing that finds std::string keys from a string_view without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using TextMap = std::unordered_map<std::string, V, TextHash, std::equal_to<>>;

struct Store::Impl {
  internal::SqliteHandle db;
  Statement add_load, set_load_rows;
  Statement latest_obs, insert_obs;
  Statement latest_comm, insert_comm;
  Statement find_dim[2], insert_dim[2];  // indicators, peer_groups
  Statement find_org, insert_org, rename_org;
  Statement insert_bench, replace_bench, bench_line;
  // Ids already looked up. Valid for committed rows and the open transaction;
  // cleared on rollback, when ids handed out in it are gone.
  TextMap<int64_t> dims[2];
  struct Org {
    int64_t id;
    std::string name;
  };
  TextMap<Org> orgs;
  struct Last {
    std::string name;
    int64_t id = 0;
  };
  Last last_dim[2];
};

Store::Store() : impl_(std::make_unique<Impl>()) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::LatestSchemaVersion() { return internal::Migrations().back().version; }

namespace {

// Checks that `db` is empty or a barometer store no newer than this build.
Status CheckIdentity(sqlite3* db, const std::string& path, int* version) {
  auto app = QueryInt(db, "PRAGMA application_id");
  if (!app.ok()) {
    if (app.status().code() == StatusCode::kCorrupt) {
      return Status::Corrupt(
          fmt::format("`{}` is not a barometer store (not an SQLite database)", path));
    }
    return app.status();
  }
  auto user_version = QueryInt(db, "PRAGMA user_version");
  if (!user_version.ok()) return user_version.status();
  auto tables = QueryInt(db, "SELECT count(*) FROM sqlite_master");
  if (!tables.ok()) return tables.status();
  bool ours = *app == internal::kApplicationId;
  if (!ours && (*app != 0 || *tables > 0)) {
    return Status::Corrupt(fmt::format(
        "`{}` is an SQLite database but not a barometer store; give another path with --db", path));
  }
  int latest = Store::LatestSchemaVersion();
  if (*user_version > latest) {
    return Status::Corrupt(fmt::format(
        "`{}` was written by a newer barometer (store schema version {}; this barometer reads "
        "versions up to {}); upgrade barometer to read it",
        path, *user_version, latest));
  }
  *version = static_cast<int>(*user_version);
  return Status::Ok();
}

Status Migrate(sqlite3* db, int* version) {
  if (*version == Store::LatestSchemaVersion()) return Status::Ok();
  if (Status s = Exec(db, "BEGIN IMMEDIATE"); !s.ok()) return s;
  // Another process may have migrated between our check and the lock.
  auto now = QueryInt(db, "PRAGMA user_version");
  if (!now.ok()) {
    (void)Exec(db, "ROLLBACK");
    return now.status();
  }
  for (const internal::Migration& m : internal::Migrations()) {
    if (m.version <= *now) continue;
    Status s = Exec(db, m.sql);
    if (s.ok()) s = Exec(db, fmt::format("PRAGMA user_version = {}", m.version));
    if (!s.ok()) {
      (void)Exec(db, "ROLLBACK");
      return Status(s.code(), fmt::format("migrating the store to version {} ({}): {}", m.version,
                                          m.description, s.message()));
    }
  }
  Status s = Exec(db, fmt::format("PRAGMA application_id = {}", internal::kApplicationId));
  if (s.ok()) s = Exec(db, "COMMIT");
  if (!s.ok()) {
    (void)Exec(db, "ROLLBACK");
    return s;
  }
  *version = Store::LatestSchemaVersion();
  return Status::Ok();
}

}  // namespace

Result<Store> Store::Open(const std::string& path, OpenMode mode) {
  bool memory = path == ":memory:";
  if (mode == kMustExist && !memory && !FileExists(path)) {
    return Status::NotFound(fmt::format(
        "no store at `{}`; load data first with `barometer ingest`, or give its path with --db",
        path));
  }
  Store store;
  store.path_ = path;
  sqlite3* raw = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == kCreate ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  store.impl_->db.reset(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, fmt::format("opening the store `{}`", path));
  sqlite3* db = raw;
  sqlite3_busy_timeout(db, 5000);
  if (Status s = CheckIdentity(db, path, &store.schema_version_); !s.ok()) return s;
  if (!memory) {
    if (Status s = Exec(db, "PRAGMA journal_mode = WAL"); !s.ok()) return s;
  }
  if (Status s = Exec(db,
                      "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; "
                      "PRAGMA temp_store = FILE");
      !s.ok()) {
    return s;
  }
  // Foreign keys are checked from here on; a migration that rebuilds a table
  // runs before (SQLite's documented procedure for altering a table).
  if (Status s = Migrate(db, &store.schema_version_); !s.ok()) return s;
  if (Status s = Exec(db, "PRAGMA foreign_keys = ON"); !s.ok()) return s;
  if (Status s = store.Prepare(); !s.ok()) return s;
  return store;
}

sqlite3* Store::db() const { return impl_->db.get(); }

Result<Store> Store::OpenInMemory() { return Open(":memory:", kCreate); }

Status Store::Prepare() {
  sqlite3* db = impl_->db.get();
  struct Item {
    Statement* statement;
    const char* sql;
  };
  const Item items[] = {
      {&impl_->add_load,
       "INSERT INTO loads (kind, source_file, strategy_file, loaded_at, loaded_by) "
       "VALUES (?, ?, ?, ?, ?)"},
      {&impl_->set_load_rows, "UPDATE loads SET row_count = ? WHERE load_id = ?"},
      {&impl_->latest_obs,
       "SELECT revision, value, numerator, denominator, lower, upper, note, provisional "
       "FROM observations "
       "WHERE measure_id = ? AND period = ? ORDER BY revision DESC LIMIT 1"},
      {&impl_->insert_obs,
       "INSERT INTO observations (measure_id, period, period_kind, period_start, period_end, "
       "revision, value, numerator, denominator, lower, upper, note, load_id, source_line, "
       "provisional) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&impl_->latest_comm,
       "SELECT revision, author, body FROM commentary WHERE measure_id = ? AND period = ? "
       "ORDER BY revision DESC LIMIT 1"},
      {&impl_->insert_comm,
       "INSERT INTO commentary (measure_id, period, period_kind, period_start, period_end, "
       "revision, author, body, load_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&impl_->find_dim[0], "SELECT indicator_id FROM indicators WHERE name = ?"},
      {&impl_->insert_dim[0], "INSERT INTO indicators (name) VALUES (?)"},
      {&impl_->find_dim[1], "SELECT peer_group_id FROM peer_groups WHERE name = ?"},
      {&impl_->insert_dim[1], "INSERT INTO peer_groups (name) VALUES (?)"},
      {&impl_->find_org, "SELECT org_id, org_name FROM organisations WHERE org_code = ?"},
      {&impl_->insert_org, "INSERT INTO organisations (org_code, org_name) VALUES (?, ?)"},
      {&impl_->rename_org, "UPDATE organisations SET org_name = ? WHERE org_id = ?"},
      {&impl_->insert_bench,
       "INSERT INTO benchmarks (benchmark_key, value, load_id, source_line, numerator, "
       "denominator) VALUES (?, ?, ?, ?, ?, ?)"},
      {&impl_->replace_bench,
       "UPDATE benchmarks SET value = ?2, load_id = ?3, source_line = ?4, numerator = ?5, "
       "denominator = ?6 WHERE benchmark_key = ?1 AND load_id != ?3"},
      {&impl_->bench_line, "SELECT source_line FROM benchmarks WHERE benchmark_key = ?"},
  };
  for (const Item& item : items) {
    auto st = Statement::Prepare(db, item.sql);
    if (!st.ok()) return st.status();
    *item.statement = std::move(st).value();
  }
  return Status::Ok();
}

Status Store::BeginWrite() { return Exec(impl_->db.get(), "BEGIN IMMEDIATE"); }
Status Store::Commit() { return Exec(impl_->db.get(), "COMMIT"); }
void Store::Rollback() {
  if (in_transaction()) (void)Exec(impl_->db.get(), "ROLLBACK");
  for (auto& d : impl_->dims) d.clear();
  for (auto& l : impl_->last_dim) l = {};
  impl_->orgs.clear();
}
bool Store::in_transaction() const { return sqlite3_get_autocommit(impl_->db.get()) == 0; }

Status Store::CheckInjectedFailure() {
  if (fail_after_ < 0) return Status::Ok();
  if (fail_after_ == 0) return Status::Io("writing to the store failed (injected for a test)");
  --fail_after_;
  return Status::Ok();
}

Result<int64_t> Store::AddLoad(const LoadInfo& info) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  Statement& st = impl_->add_load;
  st.Bind(1, LoadKindName(info.kind));
  st.Bind(2, info.source_file);
  st.Bind(3, info.strategy_file);
  st.Bind(4, info.loaded_at);
  st.Bind(5, info.loaded_by);
  if (Status s = st.Run(); !s.ok()) return s;
  return static_cast<int64_t>(sqlite3_last_insert_rowid(impl_->db.get()));
}

Status Store::SetLoadRows(int64_t load_id, int64_t rows) {
  Statement& st = impl_->set_load_rows;
  st.Bind(1, rows);
  st.Bind(2, load_id);
  return st.Run();
}

namespace {

void BindPeriod(Statement& st, int first, const Period& p) {
  st.Bind(first, p.ToString());
  st.Bind(first + 1, PeriodKindName(p.kind));
  st.Bind(first + 2, p.start.ToString());
  st.Bind(first + 3, p.end.ToString());
}

}  // namespace

Result<PutResult> Store::PutObservation(const Observation& o, int64_t load_id, int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  std::string period = o.period.ToString();
  Statement& q = impl_->latest_obs;
  q.Bind(1, o.measure_id);
  q.Bind(2, period);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  int revision = 1;
  if (*row) {
    bool same = q.Double(1) == o.value && SameOptional(q.OptDouble(2), o.numerator) &&
                SameOptional(q.OptDouble(3), o.denominator) &&
                SameOptional(q.OptDouble(4), o.lower) && SameOptional(q.OptDouble(5), o.upper) &&
                q.Text(6) == o.note && (q.Int(7) != 0) == o.provisional;
    revision = static_cast<int>(q.Int(0)) + 1;
    q.Reset();
    if (same) return PutResult::kUnchanged;
  } else {
    q.Reset();
  }
  Statement& st = impl_->insert_obs;
  st.Bind(1, o.measure_id);
  BindPeriod(st, 2, o.period);
  st.Bind(6, static_cast<int64_t>(revision));
  st.Bind(7, o.value);
  st.Bind(8, o.numerator);
  st.Bind(9, o.denominator);
  st.Bind(10, o.lower);
  st.Bind(11, o.upper);
  st.Bind(12, o.note);
  st.Bind(13, load_id);
  st.Bind(14, static_cast<int64_t>(line));
  st.Bind(15, static_cast<int64_t>(o.provisional ? 1 : 0));
  if (Status s = st.Run(); !s.ok()) return s;
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Result<PutResult> Store::PutCommentary(const Commentary& c, int64_t load_id, int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  std::string period = c.period.ToString();
  Statement& q = impl_->latest_comm;
  q.Bind(1, c.measure_id);
  q.Bind(2, period);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  int revision = 1;
  if (*row) {
    bool same = q.Text(1) == c.author && q.Text(2) == c.text;
    revision = static_cast<int>(q.Int(0)) + 1;
    q.Reset();
    if (same) return PutResult::kUnchanged;
  } else {
    q.Reset();
  }
  Statement& st = impl_->insert_comm;
  st.Bind(1, c.measure_id);
  BindPeriod(st, 2, c.period);
  st.Bind(6, static_cast<int64_t>(revision));
  st.Bind(7, c.author);
  st.Bind(8, c.text);
  st.Bind(9, load_id);
  st.Bind(10, static_cast<int64_t>(line));
  if (Status s = st.Run(); !s.ok()) return s;
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Result<int64_t> Store::DimensionId(int which, std::string_view name) {
  // Files repeat the same indicator and peer group row after row.
  Impl::Last& last = impl_->last_dim[which];
  if (last.id != 0 && last.name == name) return last.id;
  TextMap<int64_t>& cache = impl_->dims[which];
  if (auto it = cache.find(name); it != cache.end()) {
    last = {std::string(name), it->second};
    return it->second;
  }
  Statement& find = impl_->find_dim[which];
  find.BindStatic(1, name);
  auto row = find.Step();
  if (!row.ok()) return row.status();
  int64_t id = *row ? find.Int(0) : 0;
  find.Reset();
  if (!*row) {
    Statement& insert = impl_->insert_dim[which];
    insert.BindStatic(1, name);
    if (Status s = insert.Run(); !s.ok()) return s;
    id = sqlite3_last_insert_rowid(impl_->db.get());
  }
  cache.emplace(std::string(name), id);
  last = {std::string(name), id};
  return id;
}

Result<int64_t> Store::OrganisationId(std::string_view code, std::string_view name) {
  auto it = impl_->orgs.find(code);
  if (it == impl_->orgs.end()) {
    Statement& find = impl_->find_org;
    find.BindStatic(1, code);
    auto row = find.Step();
    if (!row.ok()) return row.status();
    Impl::Org org{0, ""};
    if (*row) org = {find.Int(0), std::string(find.Text(1))};
    find.Reset();
    if (!*row) {
      Statement& insert = impl_->insert_org;
      insert.BindStatic(1, code);
      insert.BindStatic(2, name);
      if (Status s = insert.Run(); !s.ok()) return s;
      org = {sqlite3_last_insert_rowid(impl_->db.get()), std::string(name)};
    }
    it = impl_->orgs.emplace(std::string(code), std::move(org)).first;
  }
  if (!name.empty() && it->second.name != name) {
    Statement& rename = impl_->rename_org;
    rename.BindStatic(1, name);
    rename.Bind(2, it->second.id);
    if (Status s = rename.Run(); !s.ok()) return s;
    it->second.name = std::string(name);
  }
  return it->second.id;
}

namespace {

// The packed key of a benchmark row (internal/schema.h); nullopt (with the
// reason) when a part does not fit its bits.
std::optional<int64_t> PackKey(int64_t indicator, int64_t group, const Period& p, int64_t org,
                               std::string* why) {
  using L = internal::BenchmarkKeyLimits;
  int64_t day = p.start.ToDays() - L::kDayOrigin;
  auto fits = [](int64_t v, int bits) { return v >= 0 && v < (int64_t{1} << bits); };
  if (!fits(indicator, L::kIndicatorBits)) *why = "more than 65,535 benchmark indicators";
  if (!fits(group, L::kPeerGroupBits)) *why = "more than 255 peer groups";
  if (!fits(org, L::kOrgBits)) *why = "more than 524,287 organisations";
  if (!fits(day, L::kDayBits)) *why = "a benchmark period before 1900 or after 2258";
  if (!why->empty()) return std::nullopt;
  int64_t key = indicator;
  key = (key << L::kPeerGroupBits) | group;
  key = (key << L::kDayBits) | day;
  key = (key << L::kKindBits) | static_cast<int64_t>(p.kind);
  return (key << L::kOrgBits) | org;
}

}  // namespace

Result<PutResult> Store::PutBenchmark(const BenchmarkRow& row, int64_t load_id, int line,
                                      int* first_line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  auto indicator = DimensionId(0, row.indicator);
  if (!indicator.ok()) return indicator.status();
  auto group = DimensionId(1, row.peer_group);
  if (!group.ok()) return group.status();
  auto org = OrganisationId(row.org_code, row.org_name);
  if (!org.ok()) return org.status();
  std::string why;
  std::optional<int64_t> key = PackKey(*indicator, *group, row.period, *org, &why);
  if (!key) return Status::InvalidInput("the store cannot hold " + why);
  Statement& ins = impl_->insert_bench;
  ins.Bind(1, *key);
  ins.Bind(2, row.value);
  ins.Bind(3, load_id);
  ins.Bind(4, static_cast<int64_t>(line));
  ins.Bind(5, row.numerator);
  ins.Bind(6, row.denominator);
  int rc = ins.RunCode();
  if (rc == SQLITE_DONE) return PutResult::kInserted;
  if ((rc & 0xff) != SQLITE_CONSTRAINT) {
    return SqliteError(impl_->db.get(), rc, "adding a benchmark value");
  }
  // The key exists: replace a value from an earlier load; within this load it
  // is a duplicate row.
  Statement& rep = impl_->replace_bench;
  rep.Bind(1, *key);
  rep.Bind(2, row.value);
  rep.Bind(3, load_id);
  rep.Bind(4, static_cast<int64_t>(line));
  rep.Bind(5, row.numerator);
  rep.Bind(6, row.denominator);
  if (Status s = rep.Run(); !s.ok()) return s;
  if (sqlite3_changes(impl_->db.get()) > 0) return PutResult::kRevised;
  if (first_line != nullptr) {
    Statement& q = impl_->bench_line;
    q.Bind(1, *key);
    auto found = q.Step();
    if (!found.ok()) return found.status();
    *first_line = *found ? static_cast<int>(q.Int(0)) : 0;
    q.Reset();
  }
  return PutResult::kDuplicate;
}

namespace {

constexpr const char* kObservationColumns =
    "o.measure_id, o.period, o.period_kind, o.revision, o.value, o.numerator, o.denominator, "
    "o.lower, o.upper, o.note, o.load_id, o.source_line, l.source_file, l.loaded_at, "
    "l.loaded_by, o.provisional";

Provenance ReadProvenance(const Statement& st, int first) {
  Provenance p;
  p.load_id = st.Int(first);
  p.source_line = static_cast<int>(st.Int(first + 1));
  p.source_file = std::string(st.Text(first + 2));
  p.loaded_at = std::string(st.Text(first + 3));
  p.loaded_by = std::string(st.Text(first + 4));
  return p;
}

Result<StoredObservation> ReadObservation(const Statement& st) {
  StoredObservation s;
  Observation& o = s.observation;
  o.measure_id = std::string(st.Text(0));
  auto period = StoredPeriod(st.Text(1), st.Text(2));
  if (!period.ok()) return period.status();
  o.period = *period;
  s.revision = static_cast<int>(st.Int(3));
  o.value = st.Double(4);
  o.numerator = st.OptDouble(5);
  o.denominator = st.OptDouble(6);
  o.lower = st.OptDouble(7);
  o.upper = st.OptDouble(8);
  o.note = std::string(st.Text(9));
  s.provenance = ReadProvenance(st, 10);
  o.provisional = st.Int(15) != 0;
  return s;
}

template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(Statement& st, ReadFn read) {
  std::vector<T> out;
  while (true) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto item = read(st);
    if (!item.ok()) return item.status();
    out.push_back(std::move(item).value());
  }
  return out;
}

}  // namespace

Result<std::vector<StoredObservation>> Store::CurrentObservations() {
  auto st = Statement::Prepare(
      impl_->db.get(),
      fmt::format("SELECT {} FROM current_observations AS o JOIN loads AS l USING (load_id) "
                  "ORDER BY o.measure_id, o.period_end, o.period_start",
                  kObservationColumns));
  if (!st.ok()) return st.status();
  return ReadAll<StoredObservation>(*st, ReadObservation);
}

Result<std::vector<StoredObservation>> Store::ObservationsAsOf(int64_t as_of_load) {
  if (as_of_load == kAllLoads) return CurrentObservations();
  auto st = Statement::Prepare(
      impl_->db.get(),
      fmt::format("SELECT {} FROM observations AS o JOIN loads AS l USING (load_id) "
                  "WHERE o.revision = (SELECT max(i.revision) FROM observations AS i "
                  "WHERE i.measure_id = o.measure_id AND i.period = o.period AND i.load_id <= ?1) "
                  "ORDER BY o.measure_id, o.period_end, o.period_start",
                  kObservationColumns));
  if (!st.ok()) return st.status();
  st->Bind(1, as_of_load);
  return ReadAll<StoredObservation>(*st, ReadObservation);
}

Result<std::vector<StoredObservation>> Store::History(std::string_view measure_id) {
  auto st = Statement::Prepare(
      impl_->db.get(),
      fmt::format("SELECT {}, o.revision = (SELECT max(i.revision) FROM observations AS i "
                  "WHERE i.measure_id = o.measure_id AND i.period = o.period) "
                  "FROM observations AS o JOIN loads AS l USING (load_id) "
                  "WHERE o.measure_id = ? ORDER BY o.period_end, o.period_start, o.revision",
                  kObservationColumns));
  if (!st.ok()) return st.status();
  st->Bind(1, measure_id);
  return ReadAll<StoredObservation>(*st, [](const Statement& s) -> Result<StoredObservation> {
    auto o = ReadObservation(s);
    if (o.ok()) o->current = s.Int(16) != 0;
    return o;
  });
}

Result<std::vector<StoredCommentary>> Store::CurrentCommentary() {
  return CommentaryAsOf(kAllLoads);
}

Result<std::vector<StoredCommentary>> Store::CommentaryAsOf(int64_t as_of_load) {
  auto st = Statement::Prepare(
      impl_->db.get(),
      "SELECT c.measure_id, c.period, c.period_kind, c.revision, c.author, c.body, c.load_id, "
      "c.source_line, l.source_file, l.loaded_at, l.loaded_by FROM commentary AS c "
      "JOIN loads AS l USING (load_id) WHERE c.revision = (SELECT max(i.revision) FROM "
      "commentary AS i WHERE i.measure_id = c.measure_id AND i.period = c.period AND "
      "i.load_id <= ?1) ORDER BY c.measure_id, c.period_end, c.period_start");
  if (!st.ok()) return st.status();
  st->Bind(1, as_of_load);
  return ReadAll<StoredCommentary>(*st, [](const Statement& s) -> Result<StoredCommentary> {
    StoredCommentary out;
    out.commentary.measure_id = std::string(s.Text(0));
    auto period = StoredPeriod(s.Text(1), s.Text(2));
    if (!period.ok()) return period.status();
    out.commentary.period = *period;
    out.revision = static_cast<int>(s.Int(3));
    out.commentary.author = std::string(s.Text(4));
    out.commentary.text = std::string(s.Text(5));
    out.provenance = ReadProvenance(s, 6);
    return out;
  });
}

Result<std::vector<BenchmarkValue>> Store::Benchmarks(std::string_view indicator,
                                                      int64_t as_of_load) {
  // An indicator's rows are one range of the packed key; the view decodes it.
  auto id =
      Statement::Prepare(impl_->db.get(), "SELECT indicator_id FROM indicators WHERE name = ?");
  if (!id.ok()) return id.status();
  id->Bind(1, indicator);
  auto found = id->Step();
  if (!found.ok()) return found.status();
  if (!*found) return std::vector<BenchmarkValue>{};
  constexpr int kShift = 63 - internal::BenchmarkKeyLimits::kIndicatorBits;
  const int64_t from = id->Int(0) << kShift, to = (id->Int(0) + 1) << kShift;
  // As of a load: each key's row from the latest load up to it, current or
  // kept in benchmark_revisions (decoded as the view benchmark_values does).
  std::string sql =
      as_of_load == kAllLoads
          ? fmt::format(
                "SELECT indicator, period_start, org_code, org_name, peer_group, value, "
                "period_kind, numerator, denominator FROM benchmark_values WHERE "
                "benchmark_key >= {} AND "
                "benchmark_key < {} ORDER BY benchmark_key",
                from, to)
          : fmt::format(
                "WITH rows AS (SELECT benchmark_key, value, numerator, denominator, "
                "max(load_id) AS load_id FROM ("
                "SELECT benchmark_key, value, numerator, denominator, load_id FROM benchmarks "
                "WHERE benchmark_key >= {0} AND benchmark_key < {1} AND load_id <= {2} UNION ALL "
                "SELECT benchmark_key, value, numerator, denominator, load_id FROM "
                "benchmark_revisions WHERE "
                "benchmark_key >= {0} AND benchmark_key < {1} AND load_id <= {2}) "
                "GROUP BY benchmark_key) "
                "SELECT i.name, ((r.benchmark_key >> 22) & 131071) - 25567, o.org_code, "
                "o.org_name, g.name, r.value, (r.benchmark_key >> 19) & 7, r.numerator, "
                "r.denominator FROM rows AS r "
                "JOIN indicators AS i ON i.indicator_id = r.benchmark_key >> 47 "
                "JOIN peer_groups AS g ON g.peer_group_id = (r.benchmark_key >> 39) & 255 "
                "JOIN organisations AS o ON o.org_id = r.benchmark_key & 524287 "
                "ORDER BY r.benchmark_key",
                from, to, as_of_load);
  auto st = Statement::Prepare(impl_->db.get(), sql);
  if (!st.ok()) return st.status();
  return ReadAll<BenchmarkValue>(*st, [](const Statement& s) -> Result<BenchmarkValue> {
    BenchmarkValue b;
    b.indicator = std::string(s.Text(0));
    std::optional<Period> p = PeriodStarting(s.Int(6), Date::FromDays(s.Int(1)));
    if (!p) {
      return Status::Corrupt(
          fmt::format("the store holds a malformed benchmark period (kind {}, "
                      "day {})",
                      s.Int(6), s.Int(1)));
    }
    b.period = *p;
    b.org_code = std::string(s.Text(2));
    b.org_name = std::string(s.Text(3));
    b.peer_group = std::string(s.Text(4));
    b.value = s.OptDouble(5);
    b.numerator = s.OptDouble(7);
    b.denominator = s.OptDouble(8);
    return b;
  });
}

Result<std::vector<LoadRecord>> Store::Loads() {
  auto st = Statement::Prepare(impl_->db.get(),
                               "SELECT load_id, kind, source_file, strategy_file, loaded_at, "
                               "loaded_by, row_count FROM loads ORDER BY load_id");
  if (!st.ok()) return st.status();
  return ReadAll<LoadRecord>(*st, [](const Statement& s) -> Result<LoadRecord> {
    LoadRecord r;
    r.load_id = s.Int(0);
    std::optional<LoadKind> kind = ParseLoadKind(s.Text(1));
    if (!kind)
      return Status::Corrupt(fmt::format("the store holds an unknown load kind `{}`", s.Text(1)));
    r.info.kind = *kind;
    r.info.source_file = std::string(s.Text(2));
    r.info.strategy_file = std::string(s.Text(3));
    r.info.loaded_at = std::string(s.Text(4));
    r.info.loaded_by = std::string(s.Text(5));
    r.rows = s.Int(6);
    return r;
  });
}

Result<int64_t> Store::CountRows(std::string_view table) {
  for (std::string_view known :
       {"observations", "commentary", "benchmarks", "organisations", "updates", "update_actions",
        "update_mitigations", "committee_reports", "committee_assurance", "committee_report_items",
        "delivery_targets", "process_changes", "period_states", "benchmark_revisions", "indicators",
        "peer_groups", "loads"}) {
    if (known == table)
      return QueryInt(impl_->db.get(), fmt::format("SELECT count(*) FROM {}", table));
  }
  return Status::Internal(fmt::format("no table `{}` in the store", table));
}

// ---- the record's tables: updates, committee reports, delivery targets,
// process changes, period states (docs/store.md) ----

namespace {

constexpr const char* kLoadsJoin = "JOIN loads AS l USING (load_id)";

// A date column: nullopt when NULL; Corrupt when not a date.
Result<std::optional<Date>> ReadOptDate(const Statement& st, int col) {
  if (st.IsNull(col)) return std::optional<Date>();
  std::optional<Date> d = Date::Parse(st.Text(col));
  if (!d)
    return Status::Corrupt(fmt::format("the store holds a malformed date `{}`", st.Text(col)));
  return d;
}

Result<Date> ReadDate(const Statement& st, int col) {
  auto d = ReadOptDate(st, col);
  if (!d.ok()) return d.status();
  if (!*d) return Status::Corrupt("the store holds an empty date where one is required");
  return **d;
}

void BindOptDate(Statement& st, int i, const std::optional<Date>& d) {
  if (d) {
    st.Bind(i, d->ToString());
  } else {
    st.BindNull(i);
  }
}

// The latest revision of a key (0 when none) from `sql`, which selects
// `max(revision)` with the key bound by `bind`.
template <typename Bind>
Result<int> LatestRevision(sqlite3* db, std::string_view sql, Bind bind) {
  auto st = Statement::Prepare(db, sql);
  if (!st.ok()) return st.status();
  bind(*st);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return *row && !st->IsNull(0) ? static_cast<int>(st->Int(0)) : 0;
}

std::string_view SubjectKind(const Update& u) {
  return u.measure_id.empty() ? "objective" : "measure";
}
const std::string& SubjectId(const Update& u) {
  return u.measure_id.empty() ? u.objective_id : u.measure_id;
}

bool SameContent(const Update& a, const Update& b) {
  auto same_actions = [](const std::vector<Action>& x, const std::vector<Action>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i].text != y[i].text || x[i].owner_role != y[i].owner_role || x[i].due != y[i].due ||
          x[i].state != y[i].state)
        return false;
    }
    return true;
  };
  return a.author_role == b.author_role && a.narrative == b.narrative &&
         same_actions(a.actions, b.actions) && a.recovery == b.recovery &&
         a.mitigations == b.mitigations && a.proposed_assurance == b.proposed_assurance &&
         a.key_message == b.key_message;
}

bool SameContent(const CommitteeAssurance& a, const CommitteeAssurance& b) {
  if (a.objectives.size() != b.objectives.size()) return false;
  for (size_t i = 0; i < a.objectives.size(); ++i) {
    const ObjectiveAssurance &x = a.objectives[i], &y = b.objectives[i];
    if (x.objective_id != y.objective_id || x.level != y.level || x.comment != y.comment)
      return false;
  }
  return a.alert == b.alert && a.advise == b.advise && a.assure == b.assure;
}

// Reads the updates whose rows `where` selects (binding ?1 to the load bound),
// with their actions and mitigations.
Result<std::vector<Update>> ReadUpdates(sqlite3* db, std::string_view where,
                                        const std::function<void(Statement&)>& bind) {
  auto st = Statement::Prepare(
      db, fmt::format("SELECT u.subject_kind, u.subject_id, u.period, u.period_kind, u.revision, "
                      "u.author_role, u.narrative, u.recovery, u.proposed_assurance, "
                      "u.key_message, u.load_id, u.source_line, l.source_file, l.loaded_at, "
                      "l.loaded_by FROM updates AS u {} WHERE {} "
                      "ORDER BY u.period_end, u.period_start, u.subject_kind, u.subject_id",
                      kLoadsJoin, where));
  if (!st.ok()) return st.status();
  bind(*st);
  auto actions = Statement::Prepare(
      db,
      "SELECT text, owner_role, due, state FROM update_actions WHERE subject_kind = ? AND "
      "subject_id = ? AND period = ? AND revision = ? ORDER BY position");
  if (!actions.ok()) return actions.status();
  auto mitigations = Statement::Prepare(
      db,
      "SELECT text FROM update_mitigations WHERE subject_kind = ? AND subject_id = ? AND "
      "period = ? AND revision = ? ORDER BY position");
  if (!mitigations.ok()) return mitigations.status();
  return ReadAll<Update>(*st, [&](const Statement& s) -> Result<Update> {
    Update u;
    std::string kind(s.Text(0)), id(s.Text(1)), period_text(s.Text(2));
    (kind == "measure" ? u.measure_id : u.objective_id) = id;
    auto period = StoredPeriod(s.Text(2), s.Text(3));
    if (!period.ok()) return period.status();
    u.period = *period;
    u.revision = static_cast<int>(s.Int(4));
    u.author_role = std::string(s.Text(5));
    u.narrative = std::string(s.Text(6));
    auto recovery = ReadOptDate(s, 7);
    if (!recovery.ok()) return recovery.status();
    u.recovery = *recovery;
    if (!s.IsNull(8)) {
      u.proposed_assurance = ParseAssuranceLevel(s.Text(8));
      if (!u.proposed_assurance)
        return Status::Corrupt("the store holds an unknown assurance level");
    }
    u.key_message = std::string(s.Text(9));
    u.provenance = ReadProvenance(s, 10);
    for (Statement* child : {&*actions, &*mitigations}) {
      child->Bind(1, kind);
      child->Bind(2, id);
      child->Bind(3, period_text);
      child->Bind(4, static_cast<int64_t>(u.revision));
    }
    while (true) {
      auto row = actions->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      Action a;
      a.text = std::string(actions->Text(0));
      a.owner_role = std::string(actions->Text(1));
      auto due = ReadDate(*actions, 2);
      if (!due.ok()) return due.status();
      a.due = *due;
      std::optional<ActionState> state = ParseActionState(actions->Text(3));
      if (!state) return Status::Corrupt("the store holds an unknown action state");
      a.state = *state;
      u.actions.push_back(std::move(a));
    }
    actions->Reset();
    while (true) {
      auto row = mitigations->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      u.mitigations.emplace_back(mitigations->Text(0));
    }
    mitigations->Reset();
    return u;
  });
}

Result<std::vector<CommitteeAssurance>> ReadCommitteeReports(
    sqlite3* db, std::string_view where, const std::function<void(Statement&)>& bind) {
  auto st = Statement::Prepare(
      db, fmt::format("SELECT c.committee_id, c.period, c.period_kind, c.revision, c.load_id, "
                      "c.source_line, l.source_file, l.loaded_at, l.loaded_by FROM "
                      "committee_reports AS c {} WHERE {} ORDER BY c.period_end, c.period_start, "
                      "c.committee_id",
                      kLoadsJoin, where));
  if (!st.ok()) return st.status();
  bind(*st);
  auto levels = Statement::Prepare(
      db,
      "SELECT objective_id, level, comment FROM committee_assurance WHERE committee_id = ? AND "
      "period = ? AND revision = ? ORDER BY position");
  if (!levels.ok()) return levels.status();
  auto items = Statement::Prepare(
      db,
      "SELECT section, text FROM committee_report_items WHERE committee_id = ? AND period = ? "
      "AND revision = ? ORDER BY position");
  if (!items.ok()) return items.status();
  return ReadAll<CommitteeAssurance>(*st, [&](const Statement& s) -> Result<CommitteeAssurance> {
    CommitteeAssurance c;
    c.committee_id = std::string(s.Text(0));
    std::string period_text(s.Text(1));
    auto period = StoredPeriod(s.Text(1), s.Text(2));
    if (!period.ok()) return period.status();
    c.period = *period;
    c.revision = static_cast<int>(s.Int(3));
    c.provenance = ReadProvenance(s, 4);
    for (Statement* child : {&*levels, &*items}) {
      child->Bind(1, c.committee_id);
      child->Bind(2, period_text);
      child->Bind(3, static_cast<int64_t>(c.revision));
    }
    while (true) {
      auto row = levels->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      ObjectiveAssurance o;
      o.objective_id = std::string(levels->Text(0));
      std::optional<AssuranceLevel> level = ParseAssuranceLevel(levels->Text(1));
      if (!level) return Status::Corrupt("the store holds an unknown assurance level");
      o.level = *level;
      o.comment = std::string(levels->Text(2));
      c.objectives.push_back(std::move(o));
    }
    levels->Reset();
    while (true) {
      auto row = items->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::string_view section = items->Text(0);
      std::vector<std::string>& to = section == "alert"    ? c.alert
                                     : section == "advise" ? c.advise
                                                           : c.assure;
      to.emplace_back(items->Text(1));
    }
    items->Reset();
    return c;
  });
}

}  // namespace

Result<PutResult> Store::PutUpdate(const Update& u, int64_t load_id, int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  sqlite3* db = impl_->db.get();
  std::string period = u.period.ToString();
  std::string kind(SubjectKind(u));
  auto bind_key = [&](Statement& st) {
    st.Bind(1, kind);
    st.Bind(2, SubjectId(u));
    st.Bind(3, period);
  };
  auto latest = ReadUpdates(
      db,
      "u.subject_kind = ?1 AND u.subject_id = ?2 AND u.period = ?3 AND u.revision = (SELECT "
      "max(i.revision) FROM updates AS i WHERE i.subject_kind = ?1 AND i.subject_id = ?2 AND "
      "i.period = ?3)",
      bind_key);
  if (!latest.ok()) return latest.status();
  int revision = 1;
  if (!latest->empty()) {
    if (SameContent(latest->front(), u)) return PutResult::kUnchanged;
    revision = latest->front().revision + 1;
  }
  auto st = Statement::Prepare(
      db,
      "INSERT INTO updates (subject_kind, subject_id, period, period_kind, period_start, "
      "period_end, revision, author_role, narrative, recovery, proposed_assurance, key_message, "
      "load_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, kind);
  st->Bind(2, SubjectId(u));
  BindPeriod(*st, 3, u.period);
  st->Bind(7, static_cast<int64_t>(revision));
  st->Bind(8, u.author_role);
  st->Bind(9, u.narrative);
  BindOptDate(*st, 10, u.recovery);
  if (u.proposed_assurance) {
    st->Bind(11, AssuranceLevelName(*u.proposed_assurance));
  } else {
    st->BindNull(11);
  }
  st->Bind(12, u.key_message);
  st->Bind(13, load_id);
  st->Bind(14, static_cast<int64_t>(line));
  if (Status s = st->Run(); !s.ok()) return s;
  auto action = Statement::Prepare(
      db,
      "INSERT INTO update_actions (subject_kind, subject_id, period, revision, position, text, "
      "owner_role, due, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!action.ok()) return action.status();
  for (size_t i = 0; i < u.actions.size(); ++i) {
    const Action& a = u.actions[i];
    bind_key(*action);
    action->Bind(4, static_cast<int64_t>(revision));
    action->Bind(5, static_cast<int64_t>(i));
    action->Bind(6, a.text);
    action->Bind(7, a.owner_role);
    action->Bind(8, a.due.ToString());
    action->Bind(9, ActionStateName(a.state));
    if (Status s = action->Run(); !s.ok()) return s;
  }
  auto mitigation = Statement::Prepare(
      db,
      "INSERT INTO update_mitigations (subject_kind, subject_id, period, revision, position, "
      "text) VALUES (?, ?, ?, ?, ?, ?)");
  if (!mitigation.ok()) return mitigation.status();
  for (size_t i = 0; i < u.mitigations.size(); ++i) {
    bind_key(*mitigation);
    mitigation->Bind(4, static_cast<int64_t>(revision));
    mitigation->Bind(5, static_cast<int64_t>(i));
    mitigation->Bind(6, u.mitigations[i]);
    if (Status s = mitigation->Run(); !s.ok()) return s;
  }
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Result<PutResult> Store::PutCommitteeAssurance(const CommitteeAssurance& c, int64_t load_id,
                                               int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  sqlite3* db = impl_->db.get();
  std::string period = c.period.ToString();
  auto bind_key = [&](Statement& st) {
    st.Bind(1, c.committee_id);
    st.Bind(2, period);
  };
  auto latest = ReadCommitteeReports(
      db,
      "c.committee_id = ?1 AND c.period = ?2 AND c.revision = (SELECT max(i.revision) FROM "
      "committee_reports AS i WHERE i.committee_id = ?1 AND i.period = ?2)",
      bind_key);
  if (!latest.ok()) return latest.status();
  int revision = 1;
  if (!latest->empty()) {
    if (SameContent(latest->front(), c)) return PutResult::kUnchanged;
    revision = latest->front().revision + 1;
  }
  auto st = Statement::Prepare(
      db,
      "INSERT INTO committee_reports (committee_id, period, period_kind, period_start, "
      "period_end, revision, load_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, c.committee_id);
  BindPeriod(*st, 2, c.period);
  st->Bind(6, static_cast<int64_t>(revision));
  st->Bind(7, load_id);
  st->Bind(8, static_cast<int64_t>(line));
  if (Status s = st->Run(); !s.ok()) return s;
  auto level = Statement::Prepare(
      db,
      "INSERT INTO committee_assurance (committee_id, period, revision, position, objective_id, "
      "level, comment) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!level.ok()) return level.status();
  for (size_t i = 0; i < c.objectives.size(); ++i) {
    bind_key(*level);
    level->Bind(3, static_cast<int64_t>(revision));
    level->Bind(4, static_cast<int64_t>(i));
    level->Bind(5, c.objectives[i].objective_id);
    level->Bind(6, AssuranceLevelName(c.objectives[i].level));
    level->Bind(7, c.objectives[i].comment);
    if (Status s = level->Run(); !s.ok()) return s;
  }
  auto item = Statement::Prepare(
      db,
      "INSERT INTO committee_report_items (committee_id, period, revision, position, section, "
      "text) VALUES (?, ?, ?, ?, ?, ?)");
  if (!item.ok()) return item.status();
  int64_t position = 0;
  for (auto [section, texts] :
       {std::pair<std::string_view, const std::vector<std::string>*>{"alert", &c.alert},
        {"advise", &c.advise},
        {"assure", &c.assure}}) {
    for (const std::string& text : *texts) {
      bind_key(*item);
      item->Bind(3, static_cast<int64_t>(revision));
      item->Bind(4, position++);
      item->Bind(5, section);
      item->Bind(6, text);
      if (Status s = item->Run(); !s.ok()) return s;
    }
  }
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Result<PutResult> Store::PutDeliveryTarget(const StoredDeliveryTarget& t, int64_t load_id,
                                           int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  sqlite3* db = impl_->db.get();
  auto q = Statement::Prepare(
      db,
      "SELECT revision, text, due, done, done_on FROM delivery_targets WHERE objective_id = ? "
      "AND target_id = ? ORDER BY revision DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, t.objective_id);
  q->Bind(2, t.id);
  auto row = q->Step();
  if (!row.ok()) return row.status();
  int revision = 1;
  if (*row) {
    std::string done_on = t.done_on ? t.done_on->ToString() : "";
    bool same = q->Text(1) == t.text && q->Text(2) == t.due.ToString() &&
                (q->Int(3) != 0) == t.done && q->Text(4) == done_on;
    if (same) return PutResult::kUnchanged;
    revision = static_cast<int>(q->Int(0)) + 1;
  }
  auto st = Statement::Prepare(
      db,
      "INSERT INTO delivery_targets (objective_id, target_id, revision, text, due, done, "
      "done_on, load_id, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, t.objective_id);
  st->Bind(2, t.id);
  st->Bind(3, static_cast<int64_t>(revision));
  st->Bind(4, t.text);
  st->Bind(5, t.due.ToString());
  st->Bind(6, static_cast<int64_t>(t.done ? 1 : 0));
  BindOptDate(*st, 7, t.done_on);
  st->Bind(8, load_id);
  st->Bind(9, static_cast<int64_t>(line));
  if (Status s = st->Run(); !s.ok()) return s;
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Result<PutResult> Store::PutProcessChange(const ProcessChange& c, int64_t load_id, int line) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  sqlite3* db = impl_->db.get();
  auto q = Statement::Prepare(
      db,
      "SELECT revision, description FROM process_changes WHERE measure_id = ? AND change_date = "
      "? ORDER BY revision DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(1, c.measure_id);
  q->Bind(2, c.date.ToString());
  auto row = q->Step();
  if (!row.ok()) return row.status();
  int revision = 1;
  if (*row) {
    if (q->Text(1) == c.description) return PutResult::kUnchanged;
    revision = static_cast<int>(q->Int(0)) + 1;
  }
  auto st = Statement::Prepare(
      db,
      "INSERT INTO process_changes (measure_id, change_date, revision, description, load_id, "
      "source_line) VALUES (?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, c.measure_id);
  st->Bind(2, c.date.ToString());
  st->Bind(3, static_cast<int64_t>(revision));
  st->Bind(4, c.description);
  st->Bind(5, load_id);
  st->Bind(6, static_cast<int64_t>(line));
  if (Status s = st->Run(); !s.ok()) return s;
  return revision == 1 ? PutResult::kInserted : PutResult::kRevised;
}

Status Store::PutPeriodState(const PeriodState& p) {
  if (Status s = CheckInjectedFailure(); !s.ok()) return s;
  sqlite3* db = impl_->db.get();
  auto revision = LatestRevision(
      db, "SELECT max(revision) FROM period_states WHERE period = ? AND period_kind = ?",
      [&](Statement& st) {
        st.Bind(1, p.period.ToString());
        st.Bind(2, PeriodKindName(p.period.kind));
      });
  if (!revision.ok()) return revision.status();
  auto st = Statement::Prepare(
      db,
      "INSERT INTO period_states (period, period_kind, period_start, period_end, revision, "
      "state, changed_at, changed_by, lock_load_id, lock_today, note) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  BindPeriod(*st, 1, p.period);
  st->Bind(5, static_cast<int64_t>(*revision + 1));
  st->Bind(6, RecordStateName(p.state));
  st->Bind(7, p.changed_at);
  st->Bind(8, p.changed_by);
  st->Bind(9, p.lock_load_id);
  BindOptDate(*st, 10, p.lock_today);
  st->Bind(11, p.note);
  return st->Run();
}

Result<std::vector<Update>> Store::Updates(int64_t as_of_load) {
  return ReadUpdates(impl_->db.get(),
                     "u.revision = (SELECT max(i.revision) FROM updates AS i WHERE "
                     "i.subject_kind = u.subject_kind AND i.subject_id = u.subject_id AND "
                     "i.period = u.period AND i.load_id <= ?1)",
                     [as_of_load](Statement& st) { st.Bind(1, as_of_load); });
}

Result<std::vector<Update>> Store::UpdateHistory(std::string_view kind, std::string_view id) {
  auto all =
      ReadUpdates(impl_->db.get(), "u.subject_kind = ?1 AND u.subject_id = ?2", [&](Statement& st) {
        st.Bind(1, kind);
        st.Bind(2, id);
      });
  if (!all.ok()) return all.status();
  auto key = [](const Update& u) {
    return std::make_tuple(u.period.end.ToDays(), u.period.start.ToDays(), u.revision);
  };
  std::stable_sort(all->begin(), all->end(),
                   [&](const Update& a, const Update& b) { return key(a) < key(b); });
  return all;
}

Result<std::vector<CommitteeAssurance>> Store::Assurance(int64_t as_of_load) {
  return ReadCommitteeReports(impl_->db.get(),
                              "c.revision = (SELECT max(i.revision) FROM committee_reports AS i "
                              "WHERE i.committee_id = c.committee_id AND i.period = c.period AND "
                              "i.load_id <= ?1)",
                              [as_of_load](Statement& st) { st.Bind(1, as_of_load); });
}

Result<std::vector<StoredDeliveryTarget>> Store::DeliveryTargets(int64_t as_of_load) {
  auto st = Statement::Prepare(
      impl_->db.get(),
      fmt::format("SELECT t.objective_id, t.target_id, t.revision, t.text, t.due, t.done, "
                  "t.done_on, t.load_id, t.source_line, l.source_file, l.loaded_at, l.loaded_by "
                  "FROM delivery_targets AS t {} WHERE t.revision = (SELECT max(i.revision) FROM "
                  "delivery_targets AS i WHERE i.objective_id = t.objective_id AND i.target_id = "
                  "t.target_id AND i.load_id <= ?1) ORDER BY t.objective_id, t.due, t.target_id",
                  kLoadsJoin));
  if (!st.ok()) return st.status();
  st->Bind(1, as_of_load);
  return ReadAll<StoredDeliveryTarget>(*st, [](const Statement& s) -> Result<StoredDeliveryTarget> {
    StoredDeliveryTarget t;
    t.objective_id = std::string(s.Text(0));
    t.id = std::string(s.Text(1));
    t.revision = static_cast<int>(s.Int(2));
    t.text = std::string(s.Text(3));
    auto due = ReadDate(s, 4);
    if (!due.ok()) return due.status();
    t.due = *due;
    t.done = s.Int(5) != 0;
    auto done_on = ReadOptDate(s, 6);
    if (!done_on.ok()) return done_on.status();
    t.done_on = *done_on;
    t.provenance = ReadProvenance(s, 7);
    return t;
  });
}

Result<std::vector<ProcessChange>> Store::ProcessChanges(int64_t as_of_load) {
  auto st = Statement::Prepare(
      impl_->db.get(),
      fmt::format("SELECT c.measure_id, c.change_date, c.revision, c.description, c.load_id, "
                  "c.source_line, l.source_file, l.loaded_at, l.loaded_by FROM process_changes "
                  "AS c {} WHERE c.revision = (SELECT max(i.revision) FROM process_changes AS i "
                  "WHERE i.measure_id = c.measure_id AND i.change_date = c.change_date AND "
                  "i.load_id <= ?1) ORDER BY c.measure_id, c.change_date",
                  kLoadsJoin));
  if (!st.ok()) return st.status();
  st->Bind(1, as_of_load);
  return ReadAll<ProcessChange>(*st, [](const Statement& s) -> Result<ProcessChange> {
    ProcessChange c;
    c.measure_id = std::string(s.Text(0));
    auto date = ReadDate(s, 1);
    if (!date.ok()) return date.status();
    c.date = *date;
    c.revision = static_cast<int>(s.Int(2));
    c.description = std::string(s.Text(3));
    c.provenance = ReadProvenance(s, 4);
    return c;
  });
}

namespace {

Result<std::vector<PeriodState>> ReadPeriodStates(sqlite3* db, std::string_view where,
                                                  const std::function<void(Statement&)>& bind) {
  auto st = Statement::Prepare(
      db, fmt::format("SELECT p.period, p.period_kind, p.revision, p.state, p.changed_at, "
                      "p.changed_by, p.lock_load_id, p.lock_today, p.note FROM period_states AS "
                      "p WHERE p.revision = (SELECT max(i.revision) FROM period_states AS i "
                      "WHERE i.period = p.period AND i.period_kind = p.period_kind) AND {} "
                      "ORDER BY p.period_end, p.period_start",
                      where));
  if (!st.ok()) return st.status();
  bind(*st);
  return ReadAll<PeriodState>(*st, [](const Statement& s) -> Result<PeriodState> {
    PeriodState p;
    auto period = StoredPeriod(s.Text(0), s.Text(1));
    if (!period.ok()) return period.status();
    p.period = *period;
    p.revision = static_cast<int>(s.Int(2));
    p.state = s.Text(3) == "locked" ? RecordState::kLocked : RecordState::kOpen;
    p.changed_at = std::string(s.Text(4));
    p.changed_by = std::string(s.Text(5));
    p.lock_load_id = s.Int(6);
    auto today = ReadOptDate(s, 7);
    if (!today.ok()) return today.status();
    p.lock_today = *today;
    p.note = std::string(s.Text(8));
    return p;
  });
}

}  // namespace

Result<std::optional<PeriodState>> Store::GetPeriodState(const Period& period) {
  auto states =
      ReadPeriodStates(impl_->db.get(), "p.period = ?1 AND p.period_kind = ?2", [&](Statement& st) {
        st.Bind(1, period.ToString());
        st.Bind(2, PeriodKindName(period.kind));
      });
  if (!states.ok()) return states.status();
  if (states->empty()) return std::optional<PeriodState>();
  return std::optional<PeriodState>(std::move(states->front()));
}

Result<std::vector<PeriodState>> Store::PeriodStates() {
  return ReadPeriodStates(impl_->db.get(), "1", [](Statement&) {});
}

Result<int64_t> Store::LastLoadId() {
  return QueryInt(impl_->db.get(), "SELECT coalesce(max(load_id), 0) FROM loads");
}

Status Transaction::Begin() {
  Status s = store_.BeginWrite();
  open_ = s.ok();
  return s;
}

Status Transaction::Commit() {
  Status s = store_.Commit();
  if (!s.ok()) store_.Rollback();
  open_ = false;
  return s;
}

void Transaction::Rollback() {
  if (open_) store_.Rollback();
  open_ = false;
}

}  // namespace barometer::measures
