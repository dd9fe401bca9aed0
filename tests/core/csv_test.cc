#include "core/csv.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace barometer {
namespace {

std::vector<std::vector<std::string>> ReadAll(CsvReader& r, std::vector<int>* lines = nullptr) {
  std::vector<std::vector<std::string>> rows;
  while (r.Next()) {
    rows.emplace_back(r.fields().begin(), r.fields().end());
    if (lines) lines->push_back(r.line());
  }
  return rows;
}

TEST(CsvReader, PlainRowsAndLineNumbers) {
  auto r = CsvReader::FromString("a,b\n1,2\n\n3,4\n", "t.csv");
  std::vector<int> lines;
  auto rows = ReadAll(r, &lines);
  ASSERT_TRUE(r.status().ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2], (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 4}));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto r = CsvReader::FromString("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nx,,\n");
  std::vector<int> lines;
  auto rows = ReadAll(r, &lines);
  ASSERT_TRUE(r.status().ok()) << r.status().ToString();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x", "", ""}));
  EXPECT_EQ(lines, (std::vector<int>{1, 3}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  auto r = CsvReader::FromString("\xEF\xBB\xBFname\nx\n");
  auto rows = ReadAll(r);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "name");
}

TEST(CsvReader, UnterminatedQuoteNamesWhereItOpened) {
  auto r = CsvReader::FromString("a,b\n1,\"oops\n2,3\n", "v.csv");
  ReadAll(r);
  EXPECT_EQ(r.status().ToString(), "v.csv:2:3: unterminated quoted field (a \" is never closed)");
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  auto r = CsvReader::FromString("\"ab\"c,d\n", "v.csv");
  ReadAll(r);
  EXPECT_EQ(r.status().ToString(),
            "v.csv:1:5: unexpected character 'c' after a closing quote; expected ',' or end of "
            "line");
}

TEST(CsvReader, StreamsAFileLargerThanOneChunk) {
  std::string path = testing::TempDir() + "/big-" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream f(path);
    f << "id,text\n";
    for (int i = 0; i < 200000; ++i) f << i << ",\"row " << i << ", quoted\"\n";
  }
  auto r = CsvReader::Open(path);
  ASSERT_TRUE(r.ok());
  int n = 0;
  std::string last;
  while (r->Next()) {
    ++n;
    last = std::string(r->fields()[1]);
  }
  EXPECT_TRUE(r->status().ok());
  EXPECT_EQ(n, 200001);
  EXPECT_EQ(last, "row 199999, quoted");
  EXPECT_EQ(r->bytes_read(), r->size());
  std::remove(path.c_str());
}

TEST(CsvReader, MissingFileIsNotFound) {
  auto r = CsvReader::Open("/nonexistent/x.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(CsvHeader, FindsTrimmedNames) {
  std::vector<std::string_view> f{"measure_id", " period", "value "};
  CsvHeader h(f);
  EXPECT_EQ(h.Find("period"), 1u);
  EXPECT_EQ(h.Find("value"), 2u);
  EXPECT_FALSE(h.Find("note").has_value());
}

TEST(CsvWriter, EscapesOnlyWhenNeeded) {
  std::string out;
  AppendCsvRow(out, {"plain", "a,b", "q\"t", ""});
  EXPECT_EQ(out, "plain,\"a,b\",\"q\"\"t\",\n");
}

TEST(CsvWrite, TextASpreadsheetWouldRunIsNeutralisedNumbersAreNot) {
  std::string out;
  AppendCsvRow(out, {"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                     "=cmd|' /C calc'!A0"});
  EXPECT_EQ(out,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tx,\"'\rx\","
            "'=cmd|' /C calc'!A0\n");
  out.clear();
  AppendCsvRow(out, {"-12", "-12.5", "+3", "-1.2e-5", "-inf", "2023-07", "a=b", "-", "--x"});
  EXPECT_EQ(out, "-12,-12.5,+3,-1.2e-5,-inf,2023-07,a=b,'-,'--x\n");
}

TEST(CsvRead, TextThatIsNotUtf8OrHoldsControlCharactersIsAnErrorWithItsLine) {
  for (const auto& [text, line] :
       std::vector<std::pair<std::string, int>>{{"a,b\n1,Caf\xE9\n", 2},
                                                {std::string("a,b\n1,x\0y\n", 11), 2},
                                                {"a,b\n1,2\n\"multi\nline\x1b\",3\n", 4}}) {
    CsvReader r = CsvReader::FromString(text, "t.csv");
    while (r.Next()) {
    }
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << text;
    EXPECT_EQ(r.status().where().line, line) << text;
  }
  CsvReader bom = CsvReader::FromString(
      "\xEF\xBB\xBF"
      "a,b\n1,\xC2\xA3\n",
      "t.csv");
  int n = 0;
  while (bom.Next()) ++n;
  EXPECT_TRUE(bom.status().ok());
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace barometer
