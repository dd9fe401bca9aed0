// One truth per period (issue 9's Done test): for every example strategy,
// synthetic measures are generated and ingested as the demo does, then the
// same period is written by `evaluate --format json`, the Board report, each
// committee pack, the IPR and the BAF (their JSON forms) and the Board
// report's XLSX (its sheet XML, read with `unzip -p`). Every figure that
// appears in more than one of them for the same measure and period — value,
// target, baseline, status, reason, icons, forecast, rank — must be the same
// in all of them, as must each objective's roll-up status in the BAF.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../example_files.h"

namespace barometer {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Outcome {
  int code = -1;
  std::string out;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Outcome Shell(const std::string& cmd) {
  Outcome o;
  FILE* f = ::popen((cmd + " 2>&1").c_str(), "r");
  if (f == nullptr) return o;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) o.out.append(buf, n);
  int status = ::pclose(f);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

Outcome Barometer(const std::string& args) {
  return Shell(fmt::format("'{}' {}", BAROMETER_BINARY, args));
}

// ---- the figures of one measure, as each output holds them ----

// The figures compared, by the name the report tables use for them.
const std::vector<std::string> kFigures = {"period",
                                           "value",
                                           "baseline",
                                           "target",
                                           "target_for_period",
                                           "status",
                                           "reason",
                                           "variation_icon",
                                           "assurance_icon",
                                           "rank",
                                           "peers",
                                           "quartile",
                                           "forecast",
                                           "forecast_lower",
                                           "forecast_upper",
                                           "forecast_probability",
                                           "forecast_status"};

using Figures = std::map<std::string, Json>;  // figure -> value (null when absent)

Json Or(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j[key] : Json();
}

// evaluate --format json: one measure's figures.
Figures FromEvaluate(const Json& m) {
  Figures f;
  f["period"] = Or(m["latest"], "period");
  f["value"] = Or(m["latest"], "value");
  f["baseline"] = Or(m["baseline"], "value");
  f["target"] = Or(m["target"], "goal");
  f["target_for_period"] = Or(m["target"], "goal_for_period");
  f["status"] = m["status"];
  f["reason"] = m["reason"];
  f["variation_icon"] = Or(m["spc"], "variation_icon");
  Json a = Or(m["spc"], "assurance_icon");
  f["assurance_icon"] = a.is_string() && a.get<std::string>().empty() ? Json() : a;
  f["rank"] = Or(m["rank"], "rank");
  f["peers"] = Or(m["rank"], "peers");
  f["quartile"] = Or(m["rank"], "quartile");
  // The forecast every output shows: to the applicable target, else the first.
  Json shown;
  for (const Json& fc : m["forecasts"])
    if (m["target"].is_object() && fc["target_index"] == m["target"]["index"]) shown = fc;
  if (shown.is_null() && !m["forecasts"].empty()) shown = m["forecasts"][0];
  f["forecast"] = Or(shown, "value");
  f["forecast_lower"] = Or(shown, "lower");
  f["forecast_upper"] = Or(shown, "upper");
  f["forecast_probability"] = Or(shown, "probability");
  f["forecast_status"] = Or(shown, "forecast_status");
  return f;
}

// A report table (JSON form) as rows keyed by column name.
std::vector<std::map<std::string, Json>> TableRows(const Json& doc, const std::string& name) {
  std::vector<std::map<std::string, Json>> rows;
  for (const Json& t : doc["tables"]) {
    if (t["name"] != name) continue;
    for (const Json& r : t["rows"]) {
      std::map<std::string, Json> row;
      for (size_t i = 0; i < t["columns"].size(); ++i)
        row[t["columns"][i].get<std::string>()] = r[i];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// ---- XLSX: the sheet XML read back ----

std::string Unescape(std::string s) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"},
                          {"&gt;", ">"},
                          {"&quot;", "\""},
                          {"&apos;", "'"},
                          {"&amp;", "&"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

// Every cell of the first sheet as text (numbers as written in the XML,
// strings resolved through the shared strings), by row and column letter.
std::map<int, std::map<std::string, std::string>> XlsxSheet(const fs::path& xlsx) {
  std::string shared = Shell("unzip -p '" + xlsx.string() + "' xl/sharedStrings.xml").out;
  std::vector<std::string> strings;
  std::regex si("<si>(.*?)</si>");
  std::regex t("<t[^>]*>([^<]*)</t>");
  for (auto it = std::sregex_iterator(shared.begin(), shared.end(), si);
       it != std::sregex_iterator(); ++it) {
    std::string body = (*it)[1], text;
    for (auto jt = std::sregex_iterator(body.begin(), body.end(), t); jt != std::sregex_iterator();
         ++jt)
      text += (*jt)[1];
    strings.push_back(Unescape(text));
  }
  std::string sheet = Shell("unzip -p '" + xlsx.string() + "' xl/worksheets/sheet1.xml").out;
  std::map<int, std::map<std::string, std::string>> cells;
  std::regex c("<c r=\"([A-Z]+)([0-9]+)\"([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>");
  for (auto it = std::sregex_iterator(sheet.begin(), sheet.end(), c); it != std::sregex_iterator();
       ++it) {
    std::string v = (*it)[4];
    if (std::string((*it)[3]).find("t=\"s\"") != std::string::npos) v = strings.at(std::stoul(v));
    cells[std::stoi((*it)[2])][(*it)[1]] = v;
  }
  return cells;
}

// A JSON figure as the XLSX writer writes it: numbers to 16 significant
// digits (libxlsxwriter's "%.16G"), text as is, nothing for null.
std::string AsXlsx(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return fmt::format("{:.16G}", v.get<double>());
}

class RecordConsistency : public ::testing::TestWithParam<std::string> {};

TEST_P(RecordConsistency, EveryOutputShowsTheSameFiguresForTheSamePeriod) {
  const std::string strategy = GetParam();
  const std::string name = fs::path(strategy).parent_path().filename().string() + "_" +
                           fs::path(strategy).stem().string();
  fs::path dir =
      fs::path(::testing::TempDir()) / fmt::format("record_consistency_{}_{}", name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "m.db").string();
  const std::string data = (dir / "data").string();
  // As scripts/demo.sh does: synthetic measures, benchmarks and commentary.
  Outcome o =
      Barometer(fmt::format("synth measures --strategy '{}' --seed 1 --out '{}'", strategy, data));
  ASSERT_EQ(o.code, 0) << o.out;
  std::string values = Slurp(fs::path(data) / "values.csv");
  if (std::count(values.begin(), values.end(), '\n') <= 1) {
    // Objectives without measures (the 2023/24 board paper): the figures in
    // two outputs are the delivery targets' statuses, from the example's
    // synthetic updates, in `evaluate` and in the Board report.
    std::vector<fs::path> updates;
    if (fs::path(strategy).filename() == "strategy.toml") {
      for (const auto& e : fs::directory_iterator(fs::path(strategy).parent_path()))
        if (e.path().filename().string().rfind("updates-", 0) == 0) updates.push_back(e.path());
    }
    if (updates.empty()) {
      fs::remove_all(dir);
      GTEST_SKIP() << strategy << " sets no measures and has no updates: nothing in two outputs";
    }
    std::sort(updates.begin(), updates.end());
    for (const fs::path& u : updates) {
      o = Barometer(
          fmt::format("ingest --db '{}' --strategy '{}' --updates '{}'", db, strategy, u.string()));
      ASSERT_EQ(o.code, 0) << o.out;
    }
    std::string common = fmt::format("--strategy '{}' --db '{}'", strategy, db);
    o = Barometer("evaluate --format json " + common);
    ASSERT_EQ(o.code, 0) << o.out;
    Json ev = Json::parse(o.out);
    ASSERT_FALSE(ev["delivery_targets"].empty());
    fs::path out = dir / "board.json";
    o = Barometer(fmt::format("report board {} --period '{}' --out '{}'", common,
                              ev["period"].get<std::string>(), out.string()));
    ASSERT_EQ(o.code, 0) << o.out;
    Json board = Json::parse(Slurp(out));
    std::map<std::string, Json> shown;
    for (const Json& t : board["tables"]) {
      if (t["name"] != "delivery_targets") continue;
      for (const Json& row : t["rows"]) {
        Json r;
        for (size_t i = 0; i < t["columns"].size(); ++i)
          r[t["columns"][i].get<std::string>()] = row[i];
        shown[r["id"].get<std::string>()] = r;
      }
    }
    EXPECT_EQ(shown.size(), ev["delivery_targets"].size());
    for (const Json& t : ev["delivery_targets"]) {
      std::string id = t["id"].get<std::string>();
      SCOPED_TRACE("delivery target " + id);
      ASSERT_TRUE(shown.count(id)) << "not in the Board report";
      for (const char* f : {"objective_id", "text", "due", "done_on", "status", "reason"})
        EXPECT_EQ(shown[id][f], t[f]) << f;
    }
    std::string html_out = (dir / "board.html").string();
    o = Barometer(fmt::format("report board {} --period '{}' --out '{}'", common,
                              ev["period"].get<std::string>(), html_out));
    ASSERT_EQ(o.code, 0) << o.out;
    std::string html = Slurp(html_out);
    for (const Json& u : ev["updates"]) {
      if (u["objective_id"].is_null() || u["narrative"].get<std::string>().empty()) continue;
      // The narrative's first words (HTML-escaping aside) are on the page.
      std::string words = u["narrative"].get<std::string>().substr(0, 20);
      if (words.find_first_of("&<>\"'") != std::string::npos) continue;
      EXPECT_NE(html.find(words), std::string::npos) << words;
    }
    fs::remove_all(dir);
    return;
  }
  o = Barometer(
      fmt::format("ingest --db '{}' --strategy '{}' '{}/values.csv'", db, strategy, data));
  ASSERT_EQ(o.code, 0) << o.out;
  if (fs::file_size(fs::path(data) / "benchmarks.csv") > 0) {
    o = Barometer(fmt::format("ingest --db '{}' --benchmark '{}/benchmarks.csv'", db, data));
    ASSERT_EQ(o.code, 0) << o.out;
  }
  o = Barometer(fmt::format("ingest --db '{}' --strategy '{}' --commentary '{}/commentary.md'", db,
                            strategy, data));
  ASSERT_EQ(o.code, 0) << o.out;

  // evaluate picks the period (the latest quarter with data); everything else is given it.
  std::string common = fmt::format("--strategy '{}' --db '{}'", strategy, db);
  o = Barometer("evaluate --format json " + common);
  ASSERT_EQ(o.code, 0) << o.out;
  Json ev = Json::parse(o.out);
  const std::string period = ev["period"].get<std::string>();
  common += " --period '" + period + "'";
  o = Barometer("evaluate --format json " + common);
  ASSERT_EQ(o.code, 0) << o.out;
  ev = Json::parse(o.out);
  std::map<std::string, Figures> truth;
  for (const Json& m : ev["measures"]) truth[m["measure_id"].get<std::string>()] = FromEvaluate(m);
  if (truth.empty()) GTEST_SKIP() << strategy << " sets no measures: nothing to compare";

  // Each report's JSON: the figures it holds for each measure must be the truth.
  int compared = 0;
  std::set<std::string> seen_in_reports;
  auto check_table = [&](const std::string& what, const Json& doc, const std::string& table) {
    auto rows = TableRows(doc, table);
    EXPECT_FALSE(rows.empty()) << what;
    for (auto& row : rows) {
      std::string id = row["measure_id"].get<std::string>();
      SCOPED_TRACE(what + ", measure " + id);
      ASSERT_TRUE(truth.count(id)) << "not in evaluate's output";
      seen_in_reports.insert(id);
      for (const std::string& fig : kFigures) {
        if (!row.count(fig)) continue;  // this output does not show it
        EXPECT_EQ(row[fig], truth[id][fig]) << fig;
        ++compared;
      }
    }
  };
  auto report_json = [&](const std::string& kind, const std::string& extra) -> std::optional<Json> {
    fs::path out = dir / fmt::format("{}-{}.json", kind, std::hash<std::string>()(extra));
    Outcome r =
        Barometer(fmt::format("report {} {} {} --out '{}'", kind, common, extra, out.string()));
    if (r.code != 0) return std::nullopt;
    return Json::parse(Slurp(out));
  };

  auto board = report_json("board", "");
  ASSERT_TRUE(board) << "report board failed";
  check_table("board", *board, "measures");
  EXPECT_EQ(seen_in_reports.size(), truth.size()) << "the Board report shows every measure";

  int packs = 0;
  for (const Json& c : ev["rollup"]["committees"]) {
    if (c["measures"] == 0) continue;
    std::string id = c["id"].get<std::string>();
    auto pack = report_json("committee", "--committee " + id);
    ASSERT_TRUE(pack) << "committee " << id;
    check_table("committee " + id, *pack, "measures");
    EXPECT_EQ(TableRows(*pack, "measures").size(), c["measures"].get<size_t>()) << id;
    ++packs;
  }

  if (auto ipr = report_json("ipr", "")) check_table("ipr", *ipr, "ipr");

  // The BAF shows each objective's roll-up status: a made-up register with
  // one risk per objective (the examples publish none).
  std::map<std::string, std::string> headline;
  for (const Json& r : ev["rollup"]["objectives"])
    headline[r["id"].get<std::string>()] = r["headline"].get<std::string>();
  if (!headline.empty()) {
    std::string committee = ev["rollup"]["committees"].empty()
                                ? std::string("test_committee")
                                : ev["rollup"]["committees"][0]["id"].get<std::string>();
    std::string risks =
        "[[roles]]\nid = \"test_risk_owner\"\ntitle = \"Risk owner (test)\"\nkind = "
        "\"executive\"\n\n";
    if (ev["rollup"]["committees"].empty())
      risks += "[[committees]]\nid = \"test_committee\"\nname = \"Test committee\"\n\n";
    int n = 0;
    for (const auto& [id, h] : headline) {
      ++n;
      risks += fmt::format(
          "[[risks]]\nid = \"T{}\"\ntitle = \"Test risk {}\"\nobjectives = [\"{}\"]\n"
          "owner = \"test_risk_owner\"\ncommittee = \"{}\"\ninherent = {{ likelihood = 4, "
          "consequence = 4 }}\ncurrent = {{ likelihood = 3, consequence = 3 }}\ntarget = {{ "
          "likelihood = 2, consequence = 2 }}\n\n",
          n, n, id, committee);
    }
    std::ofstream(dir / "risks.toml") << risks;
    auto baf = report_json("baf", "--risks '" + (dir / "risks.toml").string() + "'");
    ASSERT_TRUE(baf) << "report baf failed";
    auto links = TableRows(*baf, "risk_objectives");
    EXPECT_EQ(links.size(), headline.size());
    for (auto& row : links) {
      std::string id = row["objective_id"].get<std::string>();
      EXPECT_EQ(row["status"], headline[id]) << "objective " << id;
      ++compared;
    }
  }

  // The XLSX of the Board report: its "measures" sheet, read back.
  if (!Shell("command -v unzip").out.empty()) {
    fs::path xlsx = dir / "board.xlsx";
    o = Barometer(fmt::format("report board {} --out '{}'", common, xlsx.string()));
    ASSERT_EQ(o.code, 0) << o.out;
    auto sheet = XlsxSheet(xlsx);
    ASSERT_FALSE(sheet.empty());
    std::map<std::string, std::string> column;  // name -> letter
    for (const auto& [letter, text] : sheet[1]) column[text] = letter;
    ASSERT_TRUE(column.count("measure_id"));
    size_t rows = 0;
    for (const auto& [r, row_cells] : sheet) {
      if (r == 1) continue;
      const auto& cells = row_cells;  // clang 14 cannot capture a structured binding
      auto at = [&](const std::string& name) {
        auto c = column.find(name);
        if (c == column.end()) return std::string();
        auto v = cells.find(c->second);
        return v == cells.end() ? std::string() : v->second;
      };
      std::string id = at("measure_id");
      SCOPED_TRACE("xlsx, measure " + id);
      ASSERT_TRUE(truth.count(id));
      ++rows;
      for (const std::string& fig : kFigures) {
        if (!column.count(fig)) continue;
        EXPECT_EQ(at(fig), AsXlsx(truth[id][fig])) << fig;
        ++compared;
      }
    }
    EXPECT_EQ(rows, truth.size());
  }
  EXPECT_GT(compared, static_cast<int>(truth.size()) * 10);
  std::printf("%s: %zu measures, %d committee packs, %d figures compared\n", name.c_str(),
              truth.size(), packs, compared);
  fs::remove_all(dir);
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  fs::path p(info.param);
  std::string n = p.parent_path().filename().string() + "_" + p.stem().string();
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Examples, RecordConsistency,
                         ::testing::ValuesIn(test_support::ExampleStrategyFiles()), CaseName);

}  // namespace
}  // namespace barometer
