// End-to-end tests of `barometer synth measures`, `ingest`, `history` and
// `evaluate`: the built binary (BAROMETER_BINARY) run as a user would, on
// every example strategy, and killed with SIGKILL in the middle of a large
// ingest to show the store is left as it was.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../example_files.h"

extern char** environ;

namespace barometer {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory of this test's own; commands run in it.
fs::path TestDir() {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir =
      fs::path(testing::TempDir()) /
      fmt::format("measures_cli_{}_{}_{}", info->test_suite_name(), info->name(), getpid());
  static std::set<std::string> made;
  if (made.insert(dir.string()).second) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  return dir;
}

// Runs `barometer <args>` in the test's directory.
Outcome Barometer(const std::string& args) {
  fs::path dir = TestDir();
  std::string cmd =
      fmt::format("cd '{}' && '{}' {} >out.txt 2>err.txt", dir.string(), BAROMETER_BINARY, args);
  int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = Slurp(dir / "out.txt");
  o.err = Slurp(dir / "err.txt");
  return o;
}

std::string Example(const std::string& name) {
  return std::string(BAROMETER_SOURCE_DIR) + "/examples/" + name;
}

// ---- synth → ingest → evaluate on every example ----

struct Seen {
  std::set<std::string> statuses, variation, assurance;
  bool neutral_measure = false;
};

void SynthIngestEvaluate(const std::string& strategy, const std::string& tag, Seen& seen) {
  std::string db = tag + ".db";
  Outcome synth =
      Barometer(fmt::format("synth measures --strategy '{}' --seed 1 --out {}", strategy, tag));
  ASSERT_EQ(synth.code, 0) << synth.err;
  Outcome values =
      Barometer(fmt::format("ingest --db {} --strategy '{}' {}/values.csv", db, strategy, tag));
  ASSERT_EQ(values.code, 0) << values.err;
  Outcome peers = Barometer(fmt::format("ingest --db {} --benchmark {}/benchmarks.csv", db, tag));
  ASSERT_EQ(peers.code, 0) << peers.err;
  // As the "Next:" lines synth prints: commentary only when there is some.
  if (synth.out.find("--commentary") != std::string::npos) {
    Outcome notes = Barometer(fmt::format(
        "ingest --db {} --strategy '{}' --commentary {}/commentary.md", db, strategy, tag));
    ASSERT_EQ(notes.code, 0) << notes.err;
  }
  Outcome table = Barometer(fmt::format("evaluate --db {} --strategy '{}'", db, strategy));
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Evaluated at"), std::string::npos);
  Outcome json =
      Barometer(fmt::format("evaluate --db {} --strategy '{}' --format json", db, strategy));
  ASSERT_EQ(json.code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  for (const auto& m : j["measures"]) {
    seen.statuses.insert(m["status"].get<std::string>());
    if (m["direction"] == "neutral") seen.neutral_measure = true;
    if (m["spc"].is_null()) continue;
    seen.variation.insert(m["spc"]["variation_icon"].get<std::string>());
    std::string a = m["spc"]["assurance_icon"].get<std::string>();
    if (!a.empty()) seen.assurance.insert(a);
  }
}

TEST(MeasuresCliTest, EveryStatusAndIconAppearsAcrossTheExamples) {
  std::vector<std::string> strategies = barometer::test_support::ExampleStrategyFiles();
  if (strategies.empty()) GTEST_SKIP() << "no examples yet";
  Seen seen;
  for (size_t i = 0; i < strategies.size(); ++i) {
    SCOPED_TRACE(strategies[i]);
    SynthIngestEvaluate(strategies[i], fmt::format("ex{}", i), seen);
  }
  for (const char* s : {"achieved", "on_track", "at_risk", "off_track", "not_yet_due", "no_data",
                        "milestone_complete", "milestone_overdue"}) {
    EXPECT_TRUE(seen.statuses.count(s)) << "no measure is " << s;
  }
  std::vector<std::string> icons = {"common_cause", "improvement_high", "improvement_low",
                                    "concern_high", "concern_low"};
  // Neutral icons need a measure whose direction is neutral; no example has one.
  if (seen.neutral_measure) {
    icons.push_back("neutral_high");
    icons.push_back("neutral_low");
  }
  for (const std::string& icon : icons) {
    EXPECT_TRUE(seen.variation.count(icon)) << "no measure shows " << icon;
  }
  for (const char* a : {"pass", "fail", "inconsistent"}) {
    EXPECT_TRUE(seen.assurance.count(a)) << "no measure shows assurance " << a;
  }
}

TEST(MeasuresCliTest, SynthIsDeterministicForASeed) {
  std::string s = Example("our-future-together/strategy.toml");
  ASSERT_EQ(Barometer(fmt::format("synth measures --strategy '{}' --seed 7 --out a", s)).code, 0);
  ASSERT_EQ(Barometer(fmt::format("synth measures --strategy '{}' --seed 7 --out b", s)).code, 0);
  ASSERT_EQ(Barometer(fmt::format("synth measures --strategy '{}' --seed 8 --out c", s)).code, 0);
  fs::path dir = TestDir();
  for (const char* f : {"values.csv", "benchmarks.csv", "commentary.md"}) {
    EXPECT_EQ(Slurp(dir / "a" / f), Slurp(dir / "b" / f)) << f;
    EXPECT_NE(Slurp(dir / "a" / f), Slurp(dir / "c" / f)) << f;
  }
}

// ---- ingest as a user meets it ----

constexpr const char* kStrategy = "/tests/measures/eval_strategy.toml";

std::string TestStrategy() { return std::string(BAROMETER_SOURCE_DIR) + kStrategy; }

void Write(const std::string& name, const std::string& text) {
  std::ofstream(TestDir() / name, std::ios::binary) << text;
}

TEST(MeasuresCliTest, ABadFileIsRejectedWithEveryRowAndExitCode1) {
  Write("bad.csv",
        "measure_id,period,value\nengagement,2021,7.1\nturnovr,2022-01,11\n"
        "engagement,2022-07,7.2\n");
  Outcome o = Barometer(fmt::format("ingest --strategy '{}' bad.csv", TestStrategy()));
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.err,
            "bad.csv:3: unknown measure `turnovr`; did you mean `turnover`?\n"
            "bad.csv:4: period `2022-07` is a month, but `engagement` is measured annually; give "
            "a financial year such as 2023-24 or a calendar year such as 2023\n"
            "bad.csv: rejected: 2 bad rows; nothing was written\n");
  EXPECT_EQ(o.out, "");
  // The store was created empty; nothing from the file is in it.
  Outcome h = Barometer("history engagement");
  EXPECT_EQ(h.code, 1);
  EXPECT_NE(h.err.find("no values for `engagement`"), std::string::npos);
}

TEST(MeasuresCliTest, SeveralFilesLoadAllOrNothing) {
  Write("good.csv", "measure_id,period,value\nturnover,2022-01,11.6\n");
  Write("bad2.csv", "measure_id,period,value\nturnovr,2022-02,11\n");
  Outcome o = Barometer(
      fmt::format("ingest --db aon.db --strategy '{}' good.csv bad2.csv", TestStrategy()));
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("bad2.csv:2: unknown measure `turnovr`"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("nothing was loaded"), std::string::npos) << o.err;
  Outcome h = Barometer("history turnover --db aon.db");
  EXPECT_EQ(h.code, 1) << h.out;  // the good file was not committed either
  // Both clean: both load.
  Write("good2.csv", "measure_id,period,value\nturnover,2022-02,11.2\n");
  o = Barometer(
      fmt::format("ingest --db aon.db --strategy '{}' good.csv good2.csv", TestStrategy()));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(Barometer("history turnover --db aon.db").code, 0);
}

TEST(MeasuresCliTest, DryRunWritesNothing) {
  Write("v.csv", "measure_id,period,value\nengagement,2021,7.1\n");
  Outcome o = Barometer(fmt::format("ingest --dry-run --strategy '{}' v.csv", TestStrategy()));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out,
            "v.csv: 1 rows read, all good: 1 new, 0 revised, 0 unchanged (dry run: "
            "nothing written)\n");
  EXPECT_FALSE(fs::exists(TestDir() / "barometer.db"));
}

TEST(MeasuresCliTest, HistoryShowsRevisionsWithProvenance) {
  Write("a.csv", "measure_id,period,value\nturnover,2022-01,11.6\n");
  Write("b.csv", "measure_id,period,value,note\nturnover,2022-01,11.4,restated\n");
  ASSERT_EQ(Barometer(fmt::format("ingest --db s.db --strategy '{}' a.csv", TestStrategy())).code,
            0);
  ASSERT_EQ(Barometer(fmt::format("ingest --db s.db --strategy '{}' b.csv", TestStrategy())).code,
            0);
  Outcome o = Barometer("history turnover --db s.db --format csv");
  ASSERT_EQ(o.code, 0) << o.err;
  std::istringstream lines(o.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header,
            "measure_id,period,revision,current,value,numerator,denominator,lower,upper,note,"
            "source_file,source_line,loaded_at,loaded_by");
  EXPECT_TRUE(first.starts_with("turnover,2022-01,1,false,11.6,,,,,,a.csv,2,")) << first;
  EXPECT_TRUE(second.starts_with("turnover,2022-01,2,true,11.4,,,,,restated,b.csv,2,")) << second;
}

TEST(MeasuresCliTest, EvaluateCsvHasTheDocumentedColumns) {
  Write("v.csv", "measure_id,period,value\nengagement,2022,7.3\n");
  ASSERT_EQ(Barometer(fmt::format("ingest --strategy '{}' v.csv", TestStrategy())).code, 0);
  Outcome o = Barometer(fmt::format("evaluate --strategy '{}' --format csv", TestStrategy()));
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(o.out.starts_with(
      "priority_id,objective_id,committee_id,measure_id,name,unit,period,value,baseline,target,"
      "target_for_period,target_due,status,variation_icon,assurance_icon,rank,peers,quartile,"
      "forecast,forecast_lower,forecast_upper,forecast_probability,forecast_status,reason\n"));
  EXPECT_NE(o.out.find("people,staff,people,engagement,Staff engagement,score,2022,7.3,6.8,7.2,"
                       "7.2,2023-03-31,achieved,"),
            std::string::npos)
      << o.out;
}

TEST(MeasuresCliTest, EvaluateWithoutAStoreSaysHowToMakeOne) {
  Outcome o = Barometer(fmt::format("evaluate --strategy '{}'", TestStrategy()));
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(o.err,
            "barometer evaluate: no store at `barometer.db`; load data first with "
            "`barometer ingest`, or give its path with --db\n");
}

TEST(MeasuresCliTest, ABadPeriodIsAUsageError) {
  Outcome o = Barometer(fmt::format("evaluate --strategy '{}' --period 2022-23Q5", TestStrategy()));
  EXPECT_EQ(o.code, 2);
}

// ---- kill -9 in the middle of a large ingest ----

// The store's contents as text, for comparing before and after.
std::string Snapshot(const std::string& path, std::string* integrity) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  std::string out;
  auto query = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += c + 1 < sqlite3_column_count(st) ? "|" : "\n";
      }
    }
    sqlite3_finalize(st);
  };
  query("SELECT count(*) FROM benchmarks");
  query("SELECT * FROM loads ORDER BY load_id");
  query("SELECT * FROM observations ORDER BY measure_id, period, revision");
  query("SELECT * FROM benchmark_values ORDER BY indicator, peer_group, period_start, org_code");
  query("SELECT * FROM organisations ORDER BY org_code");
  std::string before = out;
  out.clear();
  query("PRAGMA integrity_check");
  *integrity = out;
  out = before;
  sqlite3_close(db);
  return out;
}

uint64_t FileSize(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

TEST(MeasuresCliTest, KillDuringALargeIngestLeavesTheStoreAsItWas) {
  fs::path dir = TestDir();
  // The state before: a values load and a small benchmark load.
  Write("v.csv", "measure_id,period,value\nengagement,2021,7.1\nturnover,2022-01,11.6\n");
  Write("small.csv",
        "indicator,period,org_code,org_name,peer_group,value\n"
        "experience_score,2021,RAA,Alpha,acute,80\n");
  ASSERT_EQ(Barometer(fmt::format("ingest --db s.db --strategy '{}' v.csv", TestStrategy())).code,
            0);
  ASSERT_EQ(Barometer("ingest --db s.db --benchmark small.csv").code, 0);
  std::string integrity;
  const std::string before = Snapshot((dir / "s.db").string(), &integrity);
  ASSERT_EQ(integrity, "ok\n");

  // A benchmark file several times larger than what is written before the kill.
  {
    std::ofstream big(dir / "big.csv", std::ios::binary);
    big << "indicator,period,org_code,org_name,peer_group,value\n";
    std::string chunk;
    for (int i = 0; i < 600'000; ++i) {
      int month = (i / 1000) % 600;
      chunk += "ind" + std::to_string(i / 100'000) + "," + std::to_string(1980 + month / 12) +
               (month % 12 < 9 ? "-0" : "-") + std::to_string(1 + month % 12) + ",R" +
               std::to_string(10000 + i % 1000) + ",Org " + std::to_string(i % 1000) + ",acute," +
               std::to_string(i % 97) + ".5\n";
      if (chunk.size() > (1 << 20)) {
        big << chunk;
        chunk.clear();
      }
    }
    big << chunk;
  }

  std::string db = (dir / "s.db").string(), csv = (dir / "big.csv").string();
  std::vector<std::string> args = {BAROMETER_BINARY, "ingest", "--db",         db,
                                   "--benchmark",    csv,      "--no-progress"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  // Wait until the ingest has written a good part of its transaction to the
  // WAL (polling the file and the process, no fixed sleep), then kill it.
  const fs::path wal = dir / "s.db-wal";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool exited = false;
  while (FileSize(wal) < (4u << 20)) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the ingest never got going";
    std::this_thread::yield();
  }
  ASSERT_FALSE(exited) << "the ingest finished before it could be killed";
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  const std::string after = Snapshot(db, &integrity);
  EXPECT_EQ(integrity, "ok\n");
  EXPECT_EQ(after, before);
  // And barometer itself opens it and reads the same values.
  Outcome h = Barometer("history turnover --db s.db --format csv");
  EXPECT_EQ(h.code, 0) << h.err;
}

}  // namespace
}  // namespace barometer
