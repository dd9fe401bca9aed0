// The loader's fast paths must read exactly what the general path reads:
//  - the SIMD byte census and block classifier agree with plain loops on
//    every byte value, at every alignment;
//  - ParseDay10 accepts and refuses the same text as the calendar says;
//  - activity rows in their plain form (read by the fast path) give the same
//    columns and the same problems, at the same file:line, as the same rows
//    with every field quoted (which always takes the general RFC 4180 path),
//    in files of many pieces, with bad rows at piece edges all reported.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/codes.h"
#include "population/extract.h"
#include "population/internal/fast_csv.h"
#include "population/internal/fields.h"

namespace barometer::population {
namespace {

using internal::ByteCensus;
using internal::StructuralMasks;
using testing::TempExtract;

TEST(PopulationFastPath, ByteCensusAgreesWithAPlainLoopOnEveryByteValue) {
  std::mt19937 rng(7);
  std::string text(4096 + 64, '\0');
  for (char& c : text) c = static_cast<char>(rng() & 0xFF);
  // Long runs of newlines overflow a byte lane if the counter is not flushed.
  std::string runs(70000, '\n');
  runs[12345] = '"';
  for (const std::string* t : {&text, &runs}) {
    for (size_t begin : {0, 1, 7, 15, 16, 17, 63}) {
      for (size_t n : {0, 1, 15, 16, 17, 31, 255, 4080, 4081}) {
        n = std::min(n, t->size() - begin);
        ByteCensus c = internal::CountNewlinesAndQuotes(t->data() + begin, n);
        auto first = t->begin() + static_cast<ptrdiff_t>(begin);
        EXPECT_EQ(c.newlines, std::count(first, first + static_cast<ptrdiff_t>(n), '\n'))
            << begin << " " << n;
        EXPECT_EQ(c.quote, std::find(first, first + static_cast<ptrdiff_t>(n), '"') !=
                               first + static_cast<ptrdiff_t>(n));
      }
    }
    ByteCensus all = internal::CountNewlinesAndQuotes(t->data(), t->size());
    EXPECT_EQ(all.newlines, std::count(t->begin(), t->end(), '\n'));
  }
}

TEST(PopulationFastPath, BlockClassifierAgreesWithAPlainLoop) {
  std::mt19937 rng(11);
  std::string block(64, 'x');
  auto same = [&](const char* p) {
    StructuralMasks a = internal::ClassifyBlock64(p), b = internal::ClassifyBlock64Scalar(p);
    return a.commas == b.commas && a.newlines == b.newlines && a.quotes == b.quotes;
  };
  for (int round = 0; round < 2000; ++round) {
    for (char& c : block) c = static_cast<char>(rng() & 0xFF);
    ASSERT_TRUE(same(block.data()));
  }
  // Each structural byte alone at each position (block edges included).
  for (char s : {',', '\n', '"'}) {
    for (int i = 0; i < 64; ++i) {
      std::string b(64, 'a');
      b[static_cast<size_t>(i)] = s;
      StructuralMasks m = internal::ClassifyBlock64(b.data());
      uint64_t want = uint64_t{1} << i;
      EXPECT_EQ(m.commas, s == ',' ? want : 0);
      EXPECT_EQ(m.newlines, s == '\n' ? want : 0);
      EXPECT_EQ(m.quotes, s == '"' ? want : 0);
    }
  }
}

TEST(PopulationFastPath, ParseDay10AgreesWithParseDayOnDamagedDates) {
  // Every byte value at every position of a few real dates.
  for (std::string date : {"2020-02-29", "1880-01-01", "2099-12-31", "1999-11-30"}) {
    for (size_t pos = 0; pos < date.size(); ++pos) {
      for (int b = 0; b < 256; ++b) {
        std::string d = date;
        d[pos] = static_cast<char>(b);
        // The reference: digits and dashes where they belong, then the calendar.
        bool shape = true;
        for (size_t i = 0; i < 10; ++i) {
          bool dash = i == 4 || i == 7;
          shape &= dash ? d[i] == '-' : (d[i] >= '0' && d[i] <= '9');
        }
        std::optional<int32_t> want;
        if (shape) {
          int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
              day = std::stoi(d.substr(8, 2));
          static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
          bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
          if (y >= 1880 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 &&
              day <= kDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
            want = DaysFromCivil(y, m, day);
          }
        }
        int32_t got = internal::ParseDay10(d.data());
        ASSERT_EQ(got == internal::kBadDay ? std::nullopt : std::optional<int32_t>(got), want) << d;
        ASSERT_EQ(internal::ParseDay(d), want) << d;
      }
    }
  }
}

// A quoted copy of a plain CSV line: every field in quotes.
std::string Quoted(const std::string& line) {
  std::string out = "\"";
  for (char c : line) out += c == ',' ? std::string("\",\"") : std::string(1, c);
  return out + "\"";
}

struct Loaded {
  bool ok = false;
  std::vector<std::string> diagnostics;
  std::vector<uint64_t> offsets;
  std::vector<uint8_t> setting;
  std::vector<int32_t> start, end;
};

Loaded Load(const std::string& dir, int threads) {
  Diagnostics d;
  LoadOptions o;
  o.use_cache = false;
  o.threads = threads;
  o.max_listed = 100000;
  o.skip_bad_rows = true;
  o.today = DaysFromCivil(2024, 12, 31);
  auto x = LoadExtract(dir, o, &d);
  Loaded l;
  l.ok = x.ok();
  for (const Diagnostic& diag : d.items()) {
    std::string s = diag.ToString();
    l.diagnostics.push_back(
        s.substr(s.find("activity.csv") == std::string::npos ? 0 : s.find("activity.csv")));
  }
  if (x.ok()) {
    const Activity& a = x->activity;
    l.offsets.assign(a.offsets.begin(), a.offsets.end());
    l.setting.assign(a.setting.begin(), a.setting.end());
    l.start.assign(a.start.begin(), a.start.end());
    l.end.assign(a.end.begin(), a.end.end());
  }
  return l;
}

// Activity rows of every shape: good ones in each setting, CRLF ends, ids of
// 1 to 24 bytes, and bad ones (unknown person, bad setting, bad or reversed
// dates, dates after today, spaces, wrong field counts, blank lines), spread
// over a file of several 4 MB pieces.
std::vector<std::string> ActivityLines(int people, std::vector<std::string>* ids) {
  std::mt19937 rng(5);
  for (int i = 0; i < people; ++i) {
    size_t len = 1 + static_cast<size_t>(i % 24);
    std::string id = fmt::format("{:0>{}}", i, len);
    if (id.size() > len) id = id.substr(id.size() - len);
    ids->push_back(fmt::format("p{}", i) + std::string(len, 'x'));
  }
  static const char* kSettings[] = {"ae", "emergency_admission", "elective_admission", "daycase",
                                    "outpatient"};
  std::vector<std::string> lines;
  for (int i = 0; i < 300000; ++i) {
    const std::string& id = (*ids)[static_cast<size_t>(i / 7) % ids->size()];
    int y = 2000 + static_cast<int>(rng() % 24), m = 1 + static_cast<int>(rng() % 12),
        d = 1 + static_cast<int>(rng() % 28);
    std::string start = fmt::format("{:04}-{:02}-{:02}", y, m, d);
    std::string end = rng() % 3 == 0 ? "" : fmt::format("{:04}-{:02}-{:02}", y + 1, m, d);
    std::string line = fmt::format("{},{},{},{}", id, kSettings[rng() % 5], start, end);
    switch (rng() % 400) {
      case 0:
        line = fmt::format("nobody{},ae,{},", i, start);
        break;
      case 1:
        line = fmt::format("{},emergency,{},", id, start);
        break;
      case 2:
        line = fmt::format("{},ae,2020-02-30,", id);
        break;
      case 3:
        line = fmt::format("{},ae,2020-02-03,2020-02-01", id);
        break;
      case 4:
        line = fmt::format("{},ae,2030-01-01,", id);
        break;
      case 5:
        line = fmt::format(" {} ,ae, {} ,", id, start);
        break;  // good, with spaces
      case 6:
        line = fmt::format("{},ae,{}", id, start);
        break;
      case 7:
        line = "";
        break;
      case 8:
        line = fmt::format("{},ae,{},{}\r", id, start, end);
        break;  // a CRLF end
      case 9:
        line = fmt::format("{},ae,{},2030-01-01", id, start);
        break;
      default:
        break;
    }
    lines.push_back(line);
  }
  return lines;
}

TEST(PopulationFastPath, PlainRowsReadAsTheirQuotedCopiesOverManyPieces) {
  std::vector<std::string> ids;
  std::vector<std::string> lines = ActivityLines(20000, &ids);
  auto write = [&](TempExtract& t, bool quoted) {
    t.Area("E01000001", 3, "Mid", "Liverpool");
    for (const std::string& id : ids) t.Person(id, 1, 1950, 1, "E01000001");
    std::string text;
    for (const std::string& l : lines) {
      bool blank = l.empty();
      std::string body = l, cr;
      if (!body.empty() && body.back() == '\r') body.pop_back(), cr = "\r";
      text += (quoted && !blank ? Quoted(body) : body) + cr + "\n";
    }
    text.pop_back();  // the last line without a line end
    t.Raw("activity.csv", text);
    t.Write();
  };
  TempExtract plain, quoted;
  write(plain, false);
  write(quoted, true);
  ASSERT_GT(std::filesystem::file_size(plain.path("activity.csv")), size_t{3} * (4 << 20));
  for (int threads : {1, 2}) {
    Loaded a = Load(plain.dir(), threads), b = Load(quoted.dir(), threads);
    ASSERT_TRUE(a.ok);
    ASSERT_TRUE(b.ok);
    EXPECT_EQ(a.offsets, b.offsets);
    EXPECT_EQ(a.setting, b.setting);
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.diagnostics, b.diagnostics);
    // Every bad row is listed, by its line.
    size_t bad = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      bool wrong = l.starts_with("nobody") || l.find(",emergency,") != std::string::npos ||
                   l.find("2020-02-30") != std::string::npos ||
                   l.find("2020-02-03,2020-02-01") != std::string::npos ||
                   l.find("2030-01-01") != std::string::npos ||
                   (!l.empty() && std::count(l.begin(), l.end(), ',') != 3);
      if (!wrong) continue;
      ++bad;
      std::string at = fmt::format("activity.csv:{}: ", i + 2);
      EXPECT_TRUE(std::any_of(a.diagnostics.begin(), a.diagnostics.end(),
                              [&](const std::string& s) { return s.starts_with(at); }))
          << at << l;
    }
    EXPECT_GT(bad, 100u);
    EXPECT_EQ(
        a.start.size() + bad + static_cast<size_t>(std::count(lines.begin(), lines.end(), "")),
        lines.size());
  }
}

}  // namespace
}  // namespace barometer::population
