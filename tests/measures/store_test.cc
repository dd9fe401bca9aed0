#include "measures/store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace barometer::measures {
namespace {

namespace fs = std::filesystem;

Observation Obs(std::string measure, std::string_view period, double value) {
  Observation o;
  o.measure_id = std::move(measure);
  o.period = *Period::Parse(period, PeriodKind::kMonth);
  o.value = value;
  return o;
}

LoadInfo Info(std::string file) {
  return {LoadKind::kValues, std::move(file), "strategy.toml", "2024-05-01T09:30:00Z", "tester"};
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("barometer-store-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

Result<PutResult> PutInLoad(Store& store, const Observation& o, const std::string& file, int line) {
  Transaction tx(store);
  if (Status s = tx.Begin(); !s.ok()) return s;
  auto load = store.AddLoad(Info(file));
  if (!load.ok()) return load.status();
  auto put = store.PutObservation(o, *load, line);
  if (!put.ok()) return put;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return put;
}

TEST(StoreTest, NewStoreIsAtTheLatestSchemaVersion) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->schema_version(), Store::LatestSchemaVersion());
  EXPECT_GE(Store::LatestSchemaVersion(), 1);
}

TEST(StoreTest, FileStoreUsesWalAndRecordsItsVersion) {
  TempDir dir;
  std::string path = dir.File("b.db");
  { ASSERT_TRUE(Store::Open(path, Store::kCreate).ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), Store::LatestSchemaVersion());
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(StoreTest, MustExistReportsAMissingStore) {
  TempDir dir;
  auto store = Store::Open(dir.File("none.db"), Store::kMustExist);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_NE(store.status().message().find("barometer ingest"), std::string::npos);
}

TEST(StoreTest, NewerSchemaIsRefusedAsCorrupt) {
  TempDir dir;
  std::string path = dir.File("newer.db");
  { ASSERT_TRUE(Store::Open(path, Store::kCreate).ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql = "PRAGMA user_version = " + std::to_string(Store::LatestSchemaVersion() + 1);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto store = Store::Open(path, Store::kMustExist);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(store.status().message().find("newer barometer"), std::string::npos)
      << store.status().message();
}

TEST(StoreTest, AFileThatIsNotADatabaseIsCorrupt) {
  TempDir dir;
  std::string path = dir.File("text.db");
  std::ofstream(path) << "measure_id,period,value\nx,2023-07,1\n" << std::string(4096, 'x');
  auto store = Store::Open(path, Store::kMustExist);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(store.status().message().find("not a barometer store"), std::string::npos);
}

TEST(StoreTest, AnotherApplicationsDatabaseIsNotTouched) {
  TempDir dir;
  std::string path = dir.File("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto store = Store::Open(path, Store::kCreate);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kCorrupt);
}

TEST(StoreTest, ReloadingAPeriodKeepsTheEarlierValueAsARevision) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  auto first = PutInLoad(*store, Obs("turnover", "2023-07", 11.2), "june.csv", 4);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, PutResult::kInserted);
  auto second = PutInLoad(*store, Obs("turnover", "2023-07", 11.5), "july.csv", 9);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, PutResult::kRevised);
  auto same = PutInLoad(*store, Obs("turnover", "2023-07", 11.5), "again.csv", 2);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, PutResult::kUnchanged);

  auto current = store->CurrentObservations();
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].observation.value, 11.5);
  EXPECT_EQ((*current)[0].revision, 2);
  EXPECT_EQ((*current)[0].provenance.source_file, "july.csv");
  EXPECT_EQ((*current)[0].provenance.source_line, 9);

  auto history = store->History("turnover");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].observation.value, 11.2);
  EXPECT_FALSE((*history)[0].current);
  EXPECT_EQ((*history)[0].provenance.source_file, "june.csv");
  EXPECT_EQ((*history)[0].provenance.loaded_by, "tester");
  EXPECT_EQ((*history)[0].provenance.loaded_at, "2024-05-01T09:30:00Z");
  EXPECT_TRUE((*history)[1].current);
}

// Every revision of a measure's updates, by period then revision; another
// measure's and objective's updates are not in it.
TEST(StoreTest, UpdateHistoryHasEveryRevisionInOrder) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  auto put = [&](const std::string& measure, const std::string& period, const std::string& text) {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store->AddLoad({LoadKind::kUpdates, "u.md", "", "2024-01-01T00:00:00Z", "t"});
    ASSERT_TRUE(load.ok());
    Update u;
    u.measure_id = measure;
    u.period = *Period::Parse(period);
    u.author_role = "chief_nurse";
    u.narrative = text;
    ASSERT_TRUE(store->PutUpdate(u, *load, 1).ok());
    ASSERT_TRUE(tx.Commit().ok());
  };
  put("falls", "2023-24 Q3", "Q3 first");
  put("falls", "2023-24 Q2", "Q2 only");
  put("turnover", "2023-24 Q3", "not falls");
  put("falls", "2023-24 Q3", "Q3 second");
  auto h = store->UpdateHistory("measure", "falls");
  ASSERT_TRUE(h.ok()) << h.status().message();
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].narrative, "Q2 only");
  EXPECT_EQ((*h)[1].narrative, "Q3 first");
  EXPECT_EQ((*h)[1].revision, 1);
  EXPECT_EQ((*h)[2].narrative, "Q3 second");
  EXPECT_EQ((*h)[2].revision, 2);
  auto none = store->UpdateHistory("objective", "falls");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(StoreTest, AmbiguousMonthTextReadsBackAsAMonth) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(PutInLoad(*store, Obs("m", "2011-12", 1), "a.csv", 2).ok());
  auto current = store->CurrentObservations();
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].observation.period.kind, PeriodKind::kMonth);
  EXPECT_EQ((*current)[0].observation.period.start, (Date{2011, 12, 1}));
}

TEST(StoreTest, CommentaryIsRevisedLikeValues) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  for (std::string text : {"First draft", "Final words"}) {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store->AddLoad(Info("c.md"));
    ASSERT_TRUE(load.ok());
    Commentary c{"turnover", *Period::Parse("2023-24 Q2"), text, "Chief People Officer"};
    ASSERT_TRUE(store->PutCommentary(c, *load, 3).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto current = store->CurrentCommentary();
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].commentary.text, "Final words");
  EXPECT_EQ((*current)[0].revision, 2);
}

TEST(StoreTest, BenchmarkDuplicateWithinALoadAndReplacementAcrossLoads) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  BenchmarkRow row{
      "fft", Period::FinancialQuarter(2023, 1), "RBQ", "Liverpool Heart and Chest", "acute", 91.0};
  {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store->AddLoad(Info("peers.csv"));
    ASSERT_TRUE(load.ok());
    auto a = store->PutBenchmark(row, *load, 2);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, PutResult::kInserted);
    int first = 0;
    auto b = store->PutBenchmark(row, *load, 7, &first);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*b, PutResult::kDuplicate);
    EXPECT_EQ(first, 2);
    ASSERT_TRUE(tx.Commit().ok());
  }
  {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store->AddLoad(Info("peers-v2.csv"));
    ASSERT_TRUE(load.ok());
    row.value = 92.5;
    auto c = store->PutBenchmark(row, *load, 2);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(*c, PutResult::kRevised);
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto values = store->Benchmarks("fft");
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values->size(), 1u);
  EXPECT_EQ((*values)[0].value, 92.5);
  EXPECT_EQ((*values)[0].org_name, "Liverpool Heart and Chest");
  EXPECT_EQ((*values)[0].period.kind, PeriodKind::kFinancialQuarter);
}

TEST(StoreTest, AnInjectedWriteFailureLeavesNothingWritten) {
  auto store = Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(PutInLoad(*store, Obs("turnover", "2023-06", 11.0), "before.csv", 2).ok());
  store->FailWritesAfter(3);  // the load and two rows succeed, the third row fails
  {
    Transaction tx(*store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store->AddLoad(Info("failing.csv"));
    ASSERT_TRUE(load.ok());
    ASSERT_TRUE(store->PutObservation(Obs("turnover", "2023-07", 1), *load, 2).ok());
    ASSERT_TRUE(store->PutObservation(Obs("turnover", "2023-06", 2), *load, 3).ok());
    auto failed = store->PutObservation(Obs("turnover", "2023-08", 3), *load, 4);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.status().code(), StatusCode::kIo);
  }  // the guard rolls back
  store->FailWritesAfter(-1);
  auto loads = store->Loads();
  ASSERT_TRUE(loads.ok());
  ASSERT_EQ(loads->size(), 1u);
  auto history = store->History("turnover");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].observation.value, 11.0);
}

}  // namespace
}  // namespace barometer::measures
