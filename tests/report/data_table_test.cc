// The data behind the reports: CSV is RFC 4180, JSON numbers are numbers, and
// an XLSX read back (unzip + the sheet XML, as Excel's Open XML format
// defines it) has one sheet per table and numeric cells stored as numbers.
#include "report/data_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "test_util.h"

namespace barometer::report {
namespace {

DataTable Sample() {
  DataTable t{"measures", "Measures", {{"Measure"}, {"Latest", 1}, {"Target", 2}}, {}};
  t.rows.push_back({std::string("Staff engagement, \"score\""), 7.1, 7.2});
  t.rows.push_back({std::string("Turnover"), 11.25, Cell{}});
  t.rows.push_back({std::string("Paper records"), 1234567.0, 0.5});
  return t;
}

TEST(ReportCsv, QuotesAndRoundTrips) {
  EXPECT_EQ(TableToCsv(Sample()),
            "Measure,Latest,Target\n"
            "\"Staff engagement, \"\"score\"\"\",7.1,7.2\n"
            "Turnover,11.25,\n"
            "Paper records,1234567,0.5\n");
}

TEST(ReportJson, NumbersAreNumbersAndEmptyIsNull) {
  auto j = nlohmann::json::parse(TablesToJson({Sample()}, {{"report", "board"}}));
  EXPECT_EQ(j["report"], "board");
  const auto& rows = j["tables"][0]["rows"];
  EXPECT_TRUE(rows[0][1].is_number());
  EXPECT_DOUBLE_EQ(rows[1][1].get<double>(), 11.25);
  EXPECT_TRUE(rows[1][2].is_null());
  EXPECT_EQ(j["tables"][0]["columns"].size(), 3u);
}

class ReportXlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::Capture("command -v unzip").empty()) GTEST_SKIP() << "unzip not installed";
    dir_ =
        std::filesystem::temp_directory_path() / ("barometer-xlsx-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Part(const std::string& file, const std::string& part) {
    return testing::Capture("unzip -p '" + file + "' '" + part + "'");
  }
  std::filesystem::path dir_;
};

TEST_F(ReportXlsx, OneSheetPerTableNumbersStoredAsNumbers) {
  DataTable second = Sample();
  second.name = "measures";  // duplicate names are made unique
  std::string file = (dir_ / "t.xlsx").string();
  ASSERT_TRUE(WriteXlsx(file, {Sample(), second}).ok());
  std::string wb = Part(file, "xl/workbook.xml");
  EXPECT_EQ(testing::Count(wb, "<sheet "), 2u);
  EXPECT_NE(wb.find("name=\"measures\""), std::string::npos);
  EXPECT_NE(wb.find("name=\"measures_2\""), std::string::npos);
  std::string sheet = Part(file, "xl/worksheets/sheet1.xml");
  // Numeric cells: <c r="B2" s=".."><v>7.1</v></c> with no t="s" (shared string).
  for (const char* cell : {"B2", "C2", "B3", "B4", "C4"}) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        sheet, m, std::regex(std::string("<c r=\"") + cell + "\"([^>]*)>(<v>[^<]*</v>)")))
        << cell;
    EXPECT_EQ(m[1].str().find("t="), std::string::npos) << cell << " is not a number";
  }
  EXPECT_NE(sheet.find("<v>1234567</v>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>11.25</v>"), std::string::npos);
  // Text cells are shared strings; the empty target cell is not written.
  EXPECT_NE(sheet.find("<c r=\"A2\" t=\"s\""), std::string::npos);
  EXPECT_EQ(sheet.find("<c r=\"C3\""), std::string::npos);
  std::string strings = Part(file, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Staff engagement, \"score\""), std::string::npos);
}

TEST_F(ReportXlsx, UnwritablePathIsAnIoError) {
  Status s = WriteXlsx((dir_ / "no-such-dir" / "t.xlsx").string(), {Sample()});
  EXPECT_EQ(s.code(), StatusCode::kIo);
}

}  // namespace
}  // namespace barometer::report
