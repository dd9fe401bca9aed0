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
      "priority_id,objective_id,committee_id,measure_id,name,unit,period,value,provisional,"
      "baseline,target,target_for_period,target_due,status,variation_icon,assurance_icon,rank,"
      "peers,quartile,"
      "forecast,forecast_lower,forecast_upper,forecast_probability,forecast_status,reason,"
      "owner,record_state,proposed_assurance,recovery,open_actions,key_message,"
      "spc_rebased_from,spc_provisional_limits\n"));
  EXPECT_NE(o.out.find("people,staff,people,engagement,Staff engagement,score,2022,7.3,no,6.8,7.2,"
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

// ---- the period record: updates, objectives without measures, locking ----

// Synthetic Our Future Together values (seed 1) in `db`.
void SynthOft(const std::string& db) {
  std::string s = Example("our-future-together/strategy.toml");
  ASSERT_EQ(Barometer(fmt::format("synth measures --strategy '{}' --seed 1 --out oft", s)).code, 0);
  Outcome o = Barometer(fmt::format("ingest --db {} --strategy '{}' oft/values.csv", db, s));
  ASSERT_EQ(o.code, 0) << o.err;
}

TEST(MeasuresCliTest, EveryExampleUpdatesFileLoadsAndShowsInTheRecord) {
  // OFT: values and its updates; evaluate shows both, with owners.
  SynthOft("oft.db");
  std::string oft = Example("our-future-together/strategy.toml");
  Outcome u = Barometer(fmt::format("ingest --db oft.db --strategy '{}' --updates '{}'", oft,
                                    Example("our-future-together/updates-2022-23-q3.md")));
  ASSERT_EQ(u.code, 0) << u.err;
  Outcome j = Barometer(
      fmt::format("evaluate --db oft.db --strategy '{}' --period '2022-23 Q3' --format json", oft));
  ASSERT_EQ(j.code, 0) << j.err;
  nlohmann::json r = nlohmann::json::parse(j.out);
  EXPECT_EQ(r["record"]["state"], "open");
  EXPECT_EQ(r["updates"].size(), 4u);
  EXPECT_EQ(r["assurance"].size(), 3u);
  EXPECT_EQ(r["process_changes"].size(), 1u);
  for (const auto& m : r["measures"]) {
    EXPECT_EQ(m["owner"], "not named in the strategy") << m["measure_id"];
    if (m["measure_id"] == "staff_turnover") {
      ASSERT_EQ(m["spc_rebases"].size(), 1u);
      EXPECT_EQ(m["spc_rebases"][0]["starts"], "2022-04-01");
    }
  }
  Outcome table =
      Barometer(fmt::format("evaluate --db oft.db --strategy '{}' --period '2022-23 Q3'", oft));
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Committee assurance"), std::string::npos);
  EXPECT_NE(table.out.find("Record: open"), std::string::npos);

  // The board paper: objectives without measures, no values at all — only
  // delivery targets, quarterly updates and the Board's assurance.
  std::string paper = Example("board-paper-2023-24/strategy.toml");
  for (const char* q : {"q1", "q2"}) {
    Outcome o = Barometer(
        fmt::format("ingest --db paper.db --strategy '{}' --updates '{}'", paper,
                    Example(fmt::format("board-paper-2023-24/updates-2023-24-{}.md", q))));
    ASSERT_EQ(o.code, 0) << o.err;
  }
  Outcome p = Barometer(fmt::format("evaluate --db paper.db --strategy '{}' --format json", paper));
  ASSERT_EQ(p.code, 0) << p.err;
  nlohmann::json b = nlohmann::json::parse(p.out);
  EXPECT_EQ(b["period"], "2023-24 Q2");  // the latest period with updates
  EXPECT_EQ(b["measures"].size(), 0u);
  EXPECT_EQ(b["updates"].size(), 3u);
  ASSERT_EQ(b["assurance"].size(), 1u);
  EXPECT_EQ(b["assurance"][0]["committee"], "Board of Directors");
  EXPECT_GE(b["delivery_targets"].size(), 20u);
  std::set<std::string> statuses;
  for (const auto& t : b["delivery_targets"]) statuses.insert(t["status"]);
  EXPECT_EQ(statuses,
            (std::set<std::string>{"milestone_complete", "milestone_overdue", "not_yet_due"}));
  for (const auto& o : b["rollup"]["objectives"])
    EXPECT_EQ(o["owner"], "not named in the strategy");
  Outcome t = Barometer(fmt::format("evaluate --db paper.db --strategy '{}'", paper));
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("delivery target"), std::string::npos) << t.out;

  // Every example updates file is good against its strategy.
  int files = 0;
  for (const auto& dir : fs::directory_iterator(std::string(BAROMETER_SOURCE_DIR) + "/examples")) {
    if (!dir.is_directory() || !fs::exists(dir.path() / "strategy.toml")) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      std::string name = f.path().filename().string();
      if (!name.starts_with("updates-") || !name.ends_with(".md")) continue;
      ++files;
      Outcome o =
          Barometer(fmt::format("ingest --dry-run --db dry.db --strategy '{}' --updates '{}'",
                                (dir.path() / "strategy.toml").string(), f.path().string()));
      EXPECT_EQ(o.code, 0) << name << ": " << o.err;
    }
  }
  EXPECT_GE(files, 4);
}

TEST(MeasuresCliTest, ABadUpdatesFileIsRejectedWithEveryProblemAndNothingWritten) {
  Write("bad.md",
        "## measure turnovr 2022-23 Q3\nAuthor: nobody\nText.\n\n"
        "## committee quality 2022-23 Q3\n### Assurance\n- safe: moderate\n");
  Outcome o =
      Barometer(fmt::format("ingest --db u.db --strategy '{}' --updates bad.md", TestStrategy()));
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("bad.md:1: unknown measure `turnovr`; did you mean `turnover`?"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("bad.md:2: author `nobody` is not one of the strategy's roles"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("bad.md:7: unknown assurance level `moderate`"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("bad.md: rejected: 3 problems; nothing was written"), std::string::npos)
      << o.err;
  // Updates need the strategy.
  EXPECT_EQ(Barometer("ingest --db u.db --updates bad.md").code, 2);
}

TEST(MeasuresCliTest, ALockedPeriodIsTheBoardsRecordByteForByte) {
  SynthOft("s.db");
  std::string oft = Example("our-future-together/strategy.toml");
  auto evaluate = [&](const std::string& period, const std::string& format) {
    Outcome o = Barometer(fmt::format(
        "evaluate --db s.db --strategy '{}' --period '{}' --format {}", oft, period, format));
    EXPECT_EQ(o.code, 0) << o.err;
    return o.out;
  };
  auto period = [&](const std::string& args) {
    return Barometer(fmt::format("period {} --db s.db --strategy '{}'", args, oft));
  };
  EXPECT_EQ(period("open --period '2022-23 Q3'").code, 0);
  Outcome lock = period("lock --period '2022-23 Q3'");
  ASSERT_EQ(lock.code, 0) << lock.err;
  EXPECT_NE(lock.out.find("2022-23 Q3: locked"), std::string::npos) << lock.out;
  const std::string json = evaluate("2022-23 Q3", "json");
  const std::string csv = evaluate("2022-23 Q3", "csv");

  // A value the Board saw is revised afterwards.
  Write("revised.csv", "measure_id,period,value,note\nstaff_turnover,2022-12,19.5,restated\n");
  Outcome ingest = Barometer(fmt::format("ingest --db s.db --strategy '{}' revised.csv", oft));
  ASSERT_EQ(ingest.code, 0) << ingest.err;
  EXPECT_EQ(evaluate("2022-23 Q3", "json"), json);
  EXPECT_EQ(evaluate("2022-23 Q3", "csv"), csv);
  Outcome status = period("status --period '2022-23 Q3'");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("staff_turnover 2022-12: now 19.5 (the Board saw "), std::string::npos)
      << status.out;
  Outcome table =
      Barometer(fmt::format("evaluate --db s.db --strategy '{}' --period '2022-23 Q3'", oft));
  EXPECT_NE(table.out.find("Revised since the Board saw it"), std::string::npos);

  // The next, open, period shows the revision.
  nlohmann::json next = nlohmann::json::parse(evaluate("2022-23 Q4", "json"));
  EXPECT_EQ(next["record"]["state"], "open");
  bool found = false;
  for (const auto& m : next["measures"]) {
    if (m["measure_id"] != "staff_turnover") continue;
    for (const auto& o : m["series"]) {
      if (o["period"] == "2022-12") {
        EXPECT_EQ(o["value"], 19.5);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);

  // Updates for the locked period are refused; the state machine's refusals.
  Outcome u = Barometer(fmt::format("ingest --db s.db --strategy '{}' --updates '{}'", oft,
                                    Example("our-future-together/updates-2022-23-q3.md")));
  EXPECT_EQ(u.code, 1);
  EXPECT_NE(u.err.find("2022-23 Q3 is locked"), std::string::npos) << u.err;
  EXPECT_EQ(period("lock --period '2022-23 Q3'").code, 1);
  EXPECT_EQ(period("open --period '2022-23 Q3'").code, 1);
  EXPECT_EQ(period("reopen --period '2022-23 Q3' --note 'late correction'").code, 0);
  EXPECT_EQ(period("reopen --period '2022-23 Q3'").code, 1);
  EXPECT_NE(evaluate("2022-23 Q3", "json"), json);  // open again: current data
  EXPECT_EQ(period("status --period 'Q9'").code, 2);
  EXPECT_EQ(
      Barometer(fmt::format("period status --db none.db --strategy '{}' --period 2022-23", oft))
          .code,
      3);
  Outcome help = Barometer("period --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
}

}  // namespace
}  // namespace barometer
