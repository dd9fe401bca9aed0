// The fast splitter reads 16 bytes at a time (SSE2): records whose commas,
// quotes and line ends fall on every position of a block, and on both sides
// of block edges, must give exactly the fields and lines of core/csv.h.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/csv.h"
#include "population/internal/fast_csv.h"

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
    if (!header) out.push_back({r.line(), {r.fields().begin(), r.fields().end()}});
    header = false;
  }
  return out;
}

std::vector<Record> WithPieces(const std::string& text, size_t piece_bytes) {
  auto plan = PlanCsv(text, "t.csv", piece_bytes);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  std::vector<Record> out;
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
  for (size_t i = 0; i < per_piece.size(); ++i) {
    for (Record& r : per_piece[i]) {
      r.line += offsets[i];
      out.push_back(std::move(r));
    }
  }
  return out;
}

TEST(PopulationFastCsvWide, SeparatorsAtEveryPositionOfABlock) {
  // A comma, then a quote, then a line end at each offset 0..40 of a record.
  std::string text = "a,b\n";
  for (int at = 0; at <= 40; ++at) {
    text += std::string(at, 'x') + "," + std::string(40 - at, 'y') + "\n";
    text += std::string(at, 'p') + ",\"q,\"\"" + std::string(at % 7, 'z') + "\"\r\n";
    text += std::string(at, 'k') + ",\n";  // an empty last field
    if (at % 5 == 0) text += "\n\r\n";     // blank lines
  }
  text += std::string(33, 'e') + "," + std::string(17, 'f');  // no final newline
  std::vector<Record> expected = WithCore(text);
  ASSERT_GT(expected.size(), 120u);
  for (size_t piece : {size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{100}, size_t{4096}}) {
    EXPECT_EQ(WithPieces(text, piece), expected) << "piece " << piece;
  }
}

TEST(PopulationFastCsvWide, RandomWellFormedFilesReadAsCoreReadsThem) {
  std::mt19937 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int file = 0; file < 20; ++file) {
    std::string text = "c1,c2,c3\n";
    for (int row = 0; row < 200; ++row) {
      for (int f = 0; f < 3; ++f) {
        if (f > 0) text += ',';
        int len = pick(40);
        if (pick(6) == 0) {  // a quoted field: commas, doubled quotes, newlines inside
          text += '"';
          for (int i = 0; i < len; ++i) {
            int c = pick(10);
            text += c == 0   ? std::string(",")
                    : c == 1 ? std::string("\"\"")
                    : c == 2 ? std::string("\n")
                             : std::string(1, 'a' + pick(26));
          }
          text += '"';
        } else {
          for (int i = 0; i < len; ++i)
            text += pick(8) == 0 ? ' ' : static_cast<char>('a' + pick(26));
        }
      }
      text += pick(4) == 0 ? "\r\n" : "\n";
    }
    std::vector<Record> expected = WithCore(text);
    for (size_t piece : {size_t{64}, size_t{1000}, size_t{1} << 20}) {
      EXPECT_EQ(WithPieces(text, piece), expected) << "file " << file << " piece " << piece;
    }
  }
}

}  // namespace
}  // namespace barometer::population::internal
