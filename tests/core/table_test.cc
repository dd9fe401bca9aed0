#include "core/table.h"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(CsvTable, ReadsCellsAndLines) {
  auto t = ParseCsvTable("date,value\n2023-01-01,5\n\n2023-02-01,\n", "d.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(t->cell(0, 1), "5");
  EXPECT_EQ(t->cell(1, 1), "");
  EXPECT_EQ(t->line(1), 4);
}

TEST(CsvTable, MissingColumnSuggestsTheClosest) {
  auto t = ParseCsvTable("date,value\n", "d.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->Column("valeu").status().ToString(),
            "d.csv:1: no column `valeu` (the columns are: date, value); did you mean `value`?");
}

TEST(CsvTable, TooManyCellsNamesTheLine) {
  auto t = ParseCsvTable("a,b\n1,2\n1,2,3\n", "d.csv");
  EXPECT_EQ(t.status().ToString(), "d.csv:3: row has 3 cells but the header has 2 columns");
}

TEST(CsvTable, EmptyFileIsAnError) {
  EXPECT_EQ(ParseCsvTable("", "e.csv").status().ToString(),
            "e.csv:1: the file is empty; expected a header row");
}

}  // namespace
}  // namespace barometer
