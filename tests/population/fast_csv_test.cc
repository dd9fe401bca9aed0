// The fast splitter must give exactly the fields and line numbers of
// core/csv.h's RFC 4180 reader, however the file is cut into pieces.
#include "population/internal/fast_csv.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"

namespace barometer::population::internal {
namespace {

struct Record {
  int64_t line;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

std::vector<Record> WithCore(const std::string& text) {
  CsvReader r = CsvReader::FromString(text, "t.csv");
  std::vector<Record> out;
  bool header = true;
  while (r.Next()) {
    if (header) {
      header = false;
      continue;
    }
    out.push_back({r.line(), {r.fields().begin(), r.fields().end()}});
  }
  return out;
}

// Parses each piece on its own, with lines relative to the piece, then makes
// them absolute as the loaders do.
std::vector<Record> WithPieces(const std::string& text, size_t piece_bytes) {
  auto plan = PlanCsv(text, "t.csv", piece_bytes);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::vector<std::vector<Record>> per_piece;
  std::vector<int64_t> newlines;
  for (const CsvPiece& p : plan->pieces) {
    RecordCursor c(text, p);
    per_piece.emplace_back();
    while (c.Next()) {
      EXPECT_FALSE(c.malformed()) << c.error();
      per_piece.back().push_back({c.line(), {c.fields().begin(), c.fields().end()}});
    }
    newlines.push_back(std::count(text.begin() + p.begin, text.begin() + p.end, '\n'));
  }
  std::vector<int64_t> offsets = LineOffsets(*plan, newlines);
  std::vector<Record> out;
  for (size_t i = 0; i < per_piece.size(); ++i) {
    for (Record& r : per_piece[i]) {
      r.line += offsets[i];
      out.push_back(std::move(r));
    }
  }
  return out;
}

TEST(PopulationFastCsv, SameRecordsAsCoreReaderForEveryPieceSize) {
  const std::vector<std::string> inputs = {
      "a,b\n1,2\n3,4\n",
      "a,b\r\n1,2\r\n\r\n3,4",
      "\xEF\xBB\xBFid,name\nP1,\"Smith, J\"\nP2,\"say \"\"hi\"\"\"\n",
      "id,note\nP1,\"two\nlines\"\nP2,plain\nP3,\"x\ny\nz\"\n\nP4,\n",
      "a,b,c\n,,\n\"\",x,\"\"\n",
      "h\nonly\n",
      "h1,h2\nx\"y,z\n",  // a quote inside an unquoted field is literal
  };
  for (const std::string& in : inputs) {
    std::vector<Record> expected = WithCore(in);
    for (size_t piece = 1; piece <= in.size() + 1; ++piece) {
      EXPECT_EQ(WithPieces(in, piece), expected) << "piece " << piece << " input:\n" << in;
    }
  }
}

TEST(PopulationFastCsv, HeaderNamesAreTrimmed) {
  auto plan = PlanCsv("person_id, sex ,x\n", "t.csv", 100);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->header, (std::vector<std::string>{"person_id", "sex", "x"}));
  EXPECT_TRUE(plan->pieces.empty());
}

TEST(PopulationFastCsv, EmptyFileIsAnError) {
  auto plan = PlanCsv("", "t.csv", 100);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().ToString(), "t.csv:1: the file is empty; expected a header row");
}

TEST(PopulationFastCsv, BadQuotingIsReportedWithLineAndColumnAndReadingGoesOn) {
  std::string text = "a,b\n\"ab\"c,d\n1,2\n";
  auto plan = PlanCsv(text, "t.csv", 1000);
  ASSERT_TRUE(plan.ok());
  RecordCursor c(text, plan->pieces[0]);
  ASSERT_TRUE(c.Next());
  EXPECT_TRUE(c.malformed());
  EXPECT_EQ(c.line() + plan->data_first_line - 1, 2);  // lines count from the piece's start
  EXPECT_EQ(c.error_column(), 5);
  EXPECT_EQ(c.error(),
            "unexpected character 'c' after a closing quote; expected ',' or end of line");
  EXPECT_EQ(c.raw(), "\"ab\"c,d");
  ASSERT_TRUE(c.Next());
  EXPECT_FALSE(c.malformed());
  EXPECT_EQ(c.line() + plan->data_first_line - 1, 3);
}

TEST(PopulationFastCsv, UnterminatedQuoteNamesWhereItOpened) {
  std::string text = "a,b\n1,2\n3,\"oops\n4,5\n";
  auto plan = PlanCsv(text, "t.csv", 1000);
  ASSERT_TRUE(plan.ok());
  RecordCursor c(text, plan->pieces[0]);
  ASSERT_TRUE(c.Next());
  ASSERT_TRUE(c.Next());
  EXPECT_TRUE(c.malformed());
  EXPECT_EQ(c.line() + plan->data_first_line - 1, 3);
  EXPECT_EQ(c.error_column(), 3);
  EXPECT_EQ(c.error(), "unterminated quoted field (a \" is never closed)");
  EXPECT_FALSE(c.Next());
}

// Found by fuzz/fuzz_extract.cc: a quote inside an unquoted field is literal,
// so the planner must not count it as opening a quoted field; it did, and
// then cut the file at a newline inside the next quoted field.
TEST(PopulationFastCsv, LiteralQuoteDoesNotMisplacePieceCuts) {
  const std::vector<std::string> inputs = {
      "h1,h2\nx\"y,z\n1,\"a\nb\nc\nd\"\n2,3\n",
      "h\nun\nCentre\",Ct\n,\"15\n,\"\n",
      "h1,h2\nx\"\"\"y,z\n\"q\"\"\n,\",\"r\ns\"\n",
  };
  for (const std::string& in : inputs) {
    std::vector<Record> expected = WithCore(in);
    for (size_t piece = 1; piece <= in.size() + 1; ++piece) {
      EXPECT_EQ(WithPieces(in, piece), expected) << "piece " << piece << " input:\n" << in;
    }
  }
}

}  // namespace
}  // namespace barometer::population::internal
