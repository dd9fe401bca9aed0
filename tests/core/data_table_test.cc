// The one table type's writers: every part's CSV, JSON and text output goes
// through them, so each shape is pinned here once. Expected texts are written
// out by hand from RFC 4180 and the JSON grammar, not copied from output.
#include "core/data_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace barometer {
namespace {

DataTable Sample() {
  DataTable t("deaths", "Deaths", {{"area"}, {"count"}, {"rate", 1}});
  t.rows.push_back({std::string("Liverpool, North"), int64_t{895}, 123.456});
  t.rows.push_back({std::string("=cmd()"), TableCell{}, NumberCell(std::nan(""))});
  t.rows.push_back({std::string("Wirral"), CountCell(std::nullopt), 2.0});
  return t;
}

TEST(DataTable, CsvQuotesNeutralisesFormulasAndLeavesMissingEmpty) {
  EXPECT_EQ(TableToCsv(Sample()),
            "area,count,rate\n"
            "\"Liverpool, North\",895,123.456\n"
            "'=cmd(),,\n"
            "Wirral,,2\n");
}

TEST(DataTable, ABannerLeadsEveryFormat) {
  DataTable t = Sample();
  t.banner = "UNSAFE TO PUBLISH";
  EXPECT_EQ(TableToCsv(t).rfind("# UNSAFE TO PUBLISH\narea,", 0), 0u);
  EXPECT_EQ(TableToText(t).rfind("!! UNSAFE TO PUBLISH\narea", 0), 0u);
  auto doc = nlohmann::json::parse(TableToJson(t, JsonShape::kDocument));
  EXPECT_EQ(doc["warning"], "UNSAFE TO PUBLISH");
  EXPECT_EQ(doc["rows"].size(), 3u);
}

TEST(DataTable, JsonNumbersAreNumbersWholeOnesIntegersMissingNull) {
  auto rows = nlohmann::json::parse(TableToJson(Sample(), JsonShape::kRecords));
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["count"], 895);
  EXPECT_TRUE(rows[0]["count"].is_number_integer());
  EXPECT_DOUBLE_EQ(rows[0]["rate"].get<double>(), 123.456);
  EXPECT_TRUE(rows[1]["count"].is_null());
  EXPECT_TRUE(rows[1]["rate"].is_null());
  EXPECT_TRUE(rows[2]["rate"].is_number_integer());
  EXPECT_EQ(TableToJson(Sample(), JsonShape::kRecords).find("2.0"), std::string::npos);
}

TEST(DataTable, TablesDocumentCarriesMetaNamesAndArrays) {
  auto doc = nlohmann::json::parse(TablesToJson({Sample()}, {{"report", "board"}}));
  EXPECT_EQ(doc["report"], "board");
  ASSERT_EQ(doc["tables"].size(), 1u);
  EXPECT_EQ(doc["tables"][0]["name"], "deaths");
  EXPECT_EQ(doc["tables"][0]["columns"], nlohmann::json({"area", "count", "rate"}));
  EXPECT_EQ(doc["tables"][0]["rows"][0][0], "Liverpool, North");
}

TEST(DataTable, TextAlignsRoundsAndTrimsTrailingSpace) {
  DataTable t("t", "", {{"a"}, {"value"}});
  t.rows.push_back({std::string("long name"), 1.0 / 3});
  t.rows.push_back({std::string("b"), TableCell{}});
  EXPECT_EQ(TableToText(t, {.decimals = 2}),
            "a          value\n"
            "long name  0.33\n"
            "b\n");
  EXPECT_EQ(TableToText(t, {.decimals = -1, .significant = 3}),
            "a          value\n"
            "long name  0.333\n"
            "b\n");
}

TEST(DataTable, TextThatIsNotUtf8IsReplacedNotThrown) {
  DataTable t("t", "", {{"a"}});
  t.rows.push_back({std::string("\xff\xfe")});
  EXPECT_NO_THROW(TableToJson(t, JsonShape::kRecords));
  EXPECT_NO_THROW(TablesToJson({t}, {}));
}

TEST(DataTable, InfiniteNumbersAreMissing) {
  EXPECT_TRUE(
      std::holds_alternative<std::monostate>(NumberCell(std::numeric_limits<double>::infinity())));
  EXPECT_EQ(CellText(TableCell{std::numeric_limits<double>::infinity()}), "");
  EXPECT_EQ(CellText(TableCell{2.75}, 0), "3");
}

}  // namespace
}  // namespace barometer
