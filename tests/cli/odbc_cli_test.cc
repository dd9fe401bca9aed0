// `barometer ingest --odbc` against a real PostgreSQL server that the test
// starts (a temporary cluster under a temporary directory, through Debian's
// odbc-postgresql driver): the same store as the CSV path; a broken query or
// a missing column names the column, and nothing is written. SKIPs, saying
// why, when PostgreSQL or the ODBC driver is not installed.
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "measures/store.h"

namespace barometer {
namespace {

namespace fs = std::filesystem;

struct Ran {
  int code = -1;
  std::string out;  // stdout and stderr
};

Ran Shell(const std::string& cmd) {
  Ran r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string FindPgBin() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (fs::exists(e.path() / "bin" / "initdb")) return (e.path() / "bin").string();
  }
  return "";
}

std::string FindDriver() {
  for (const char* p :
       {"/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so",
        "/usr/lib/aarch64-linux-gnu/odbc/psqlodbcw.so", "/usr/lib/odbc/psqlodbcw.so"}) {
    if (fs::exists(p)) return p;
  }
  return "";
}

class OdbcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pg_ = FindPgBin();
    if (pg_.empty()) GTEST_SKIP() << "PostgreSQL is not installed (Debian: postgresql)";
    driver_ = FindDriver();
    if (driver_.empty())
      GTEST_SKIP() << "the PostgreSQL ODBC driver is not installed "
                      "(Debian: odbc-postgresql)";
    char tmpl[] = "/tmp/barometer-odbc-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    chmod(dir_.c_str(), 0777);
    // initdb refuses to run as root: run the server as `postgres` then.
    if (geteuid() == 0) {
      if (Shell("id postgres").code != 0) {
        GTEST_SKIP() << "running as root and there is no `postgres` user to run the server as";
      }
      as_ = "su postgres -s /bin/sh -c ";
    }
    port_ = 20000 + static_cast<int>(getpid() % 20000);
    Ran init = Pg("initdb -D " + dir_ + "/data -A trust -U barometer --no-sync");
    if (init.code != 0) GTEST_SKIP() << "initdb failed: " << init.out;
    Ran start = Pg("pg_ctl -D " + dir_ + "/data -w -l " + dir_ + "/log -o \"-k " + dir_ + " -p " +
                   std::to_string(port_) + " -c listen_addresses=''\" start");
    if (start.code != 0) {
      std::ifstream log(dir_ + "/log");
      std::string text((std::istreambuf_iterator<char>(log)), {});
      GTEST_SKIP() << "PostgreSQL did not start: " << start.out << text;
    }
    started_ = true;
    Ran sql = Psql(
        "CREATE TABLE ipr (measure_id text, period text, value double precision, "
        "numerator double precision, denominator double precision, note text);"
        "INSERT INTO ipr VALUES "
        "('rtt_18w', '2024-01', 55.5, 555, 1000, 'from the warehouse, with a \"quote\", and "
        "a comma'),"
        "('rtt_18w', '2024-02', 56.25, 225, 400, NULL),"
        "('rtt_52w', '2024-01', 120, NULL, NULL, NULL);");
    ASSERT_EQ(sql.code, 0) << sql.out;
    conn_ = "Driver=" + driver_ + ";Server=" + dir_ + ";Port=" + std::to_string(port_) +
            ";Database=postgres;Uid=barometer;";
  }

  void TearDown() override {
    if (started_) Pg("pg_ctl -D " + dir_ + "/data -m immediate -w stop");
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Ran Pg(const std::string& cmd) {
    std::string full = pg_ + "/" + cmd;
    if (as_.empty()) return Shell(full);
    std::string quoted;
    for (char c : full) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return Shell(as_ + "'" + quoted + "'");
  }
  Ran Psql(const std::string& sql) {
    std::string file = dir_ + "/setup.sql";
    std::ofstream(file) << sql << "\n";
    chmod(file.c_str(), 0644);
    return Pg("psql -v ON_ERROR_STOP=1 -h " + dir_ + " -p " + std::to_string(port_) +
              " -U barometer -d postgres -f " + file);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  Ran Barometer(const std::string& args) {
    return Shell(std::string(BAROMETER_BINARY) + " " + args);
  }

  std::string Strategy() const {
    return std::string(BAROMETER_SOURCE_DIR) +
           "/examples/our-future-together/published-statistics.toml";
  }

  // measure, period, value, numerator, denominator, note of every current value.
  std::vector<std::string> Stored(const std::string& db) {
    auto store = measures::Store::Open(db, measures::Store::kMustExist);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    std::vector<std::string> out;
    if (!store.ok()) return out;
    auto all = store->CurrentObservations();
    EXPECT_TRUE(all.ok());
    for (const auto& s : *all) {
      const auto& o = s.observation;
      out.push_back(o.measure_id + "|" + o.period.ToString() + "|" + std::to_string(o.value) + "|" +
                    (o.numerator ? std::to_string(*o.numerator) : "") + "|" +
                    (o.denominator ? std::to_string(*o.denominator) : "") + "|" + o.note +
                    "|line " + std::to_string(s.provenance.source_line));
    }
    return out;
  }

  std::string pg_, driver_, dir_, as_, conn_;
  int port_ = 0;
  bool started_ = false;
};

TEST_F(OdbcTest, AQueryGivesTheSameStoreAsTheCsvFile) {
  std::string q = Write("ipr.sql",
                        "SELECT measure_id, period, value, numerator, denominator, note FROM ipr "
                        "ORDER BY measure_id, period");
  std::string csv =
      Write("ipr.csv",
            "measure_id,period,value,numerator,denominator,note\n"
            "rtt_18w,2024-01,55.5,555,1000,\"from the warehouse, with a \"\"quote\"\", "
            "and a comma\"\n"
            "rtt_18w,2024-02,56.25,225,400,\n"
            "rtt_52w,2024-01,120,,,\n");
  Ran viaodbc = Barometer("ingest --odbc '" + conn_ + "' --query " + q +
                          " --as values --strategy " + Strategy() + " --db " + dir_ + "/odbc.db");
  ASSERT_EQ(viaodbc.code, 0) << viaodbc.out;
  Ran viacsv = Barometer("ingest " + csv + " --strategy " + Strategy() + " --db " + dir_ +
                         "/csv.db --no-progress");
  ASSERT_EQ(viacsv.code, 0) << viacsv.out;
  std::vector<std::string> a = Stored(dir_ + "/odbc.db"), b = Stored(dir_ + "/csv.db");
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(a, b);
}

TEST_F(OdbcTest, ABrokenQueryNamesTheColumnAndWritesNothing) {
  std::string q = Write("bad.sql", "SELECT measure_id, period, valu FROM ipr");
  Ran r = Barometer("ingest --odbc '" + conn_ + "' --query " + q + " --as values --strategy " +
                    Strategy() + " --db " + dir_ + "/bad.db");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("valu"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the query failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was written"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ + "/bad.db"));
}

TEST_F(OdbcTest, AMissingColumnIsNamedAndNothingIsWritten) {
  std::string q = Write("short.sql", "SELECT measure_id, period FROM ipr");
  std::string db = dir_ + "/short.db";
  Ran r = Barometer("ingest --odbc '" + conn_ + "' --query " + q + " --as values --strategy " +
                    Strategy() + " --db " + db);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("missing column `value`"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("short.sql:1:"), std::string::npos) << r.out;
  auto store = measures::Store::Open(db, measures::Store::kMustExist);
  if (store.ok()) {
    auto loads = store->CountRows("loads");
    ASSERT_TRUE(loads.ok());
    EXPECT_EQ(*loads, 0);
  }
}

// `ingest --source` from the command line: a good publication is written in
// one load; a malformed one exits 1 naming file:line, and writes nothing.
TEST(IngestSourceCliTest, AMalformedPublicationExitsOneAndWritesNothing) {
  char tmpl[] = "/tmp/barometer-source-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string strategy =
      std::string(BAROMETER_SOURCE_DIR) + "/examples/our-future-together/published-statistics.toml";
  const std::string bin = BAROMETER_BINARY;
  const std::string bad = dir + "/rtt.csv";
  std::ofstream(bad) << "period,org_code,incomplete_total,incomplete_within_18w,over_52w\n"
                        "2024-01,REM,1000,600,3\n"
                        "2024-02,REM,1000,six hundred,3\n"
                        "2024-03,REM,1000,1200,3\n";
  Ran r = Shell(bin + " ingest --source nhse-rtt " + bad + " --strategy " + strategy + " --db " +
                dir + "/bad.db --no-progress");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find(bad + ":3: incomplete_within_18w `six hundred` is not a number"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(bad + ":4: incomplete_within_18w 1200 is above incomplete_total 1000"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("nothing was written"), std::string::npos) << r.out;
  {
    auto store = measures::Store::Open(dir + "/bad.db", measures::Store::kMustExist);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (const char* t : {"loads", "observations", "benchmarks"}) {
      auto n = store->CountRows(t);
      ASSERT_TRUE(n.ok());
      EXPECT_EQ(*n, 0) << t;
    }
  }

  const std::string good =
      std::string(BAROMETER_SOURCE_DIR) + "/data/nhs-published/shmi/shmi_trust.csv";
  r = Shell(bin + " ingest --source shmi " + good + " --strategy " + strategy + " --db " + dir +
            "/good.db --no-progress --format json");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"values\": 1,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"benchmarks\": 122,"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace barometer
