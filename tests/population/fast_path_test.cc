// The loader's fast paths must read exactly what the general path reads:
//  - the SIMD byte census and block classifier agree with plain loops on
//    every byte value, at every alignment;
//  - ParseDay10 accepts and refuses the same text as the calendar says;
//  - activity, persons and conditions rows in their plain form (read by the
//    fast paths) give the same columns and the same problems, at the same
//    file:line, as the same rows with every field quoted (which always takes
//    the general RFC 4180 path), in files of many pieces, with bad rows at
//    piece edges all reported.
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
  // Ids that begin with other ids, one after the other (a person is not
  // taken for the one before because their ids share the first bytes).
  ids->insert(ids->end(), {"q", "qq", "qqqqqqqqqqqqqqq", "qqqqqqqqqqqqqqqq"});
  for (int k = 0; k < 20; ++k) {
    lines.push_back(fmt::format("q,ae,2020-01-{:02},", 1 + k));
    lines.push_back(fmt::format("qq,ae,2020-02-{:02},", 1 + k));
    lines.push_back(fmt::format("qqqqqqqqqqqqqqq,ae,2020-03-{:02},", 1 + k));
    lines.push_back(fmt::format("qqqqqqqqqqqqqqqq,ae,2020-04-{:02},", 1 + k));
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
    // Each person's rows come out in date order (the file's are not).
    ASSERT_EQ(a.offsets.size(), ids.size() + 1);
    for (size_t p = 0; p + 1 < a.offsets.size(); ++p) {
      ASSERT_TRUE(std::is_sorted(a.start.begin() + static_cast<ptrdiff_t>(a.offsets[p]),
                                 a.start.begin() + static_cast<ptrdiff_t>(a.offsets[p + 1])))
          << "person " << p;
    }
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

// Persons rows of every shape: good ones with every kind of blank, long
// practice codes, two-digit months, "99" ethnicity and causes of death; and
// bad ones in every field and in the order of their dates, repeated ids,
// spaces, CRLF ends, wrong field counts and blank lines.
std::vector<std::string> PersonLines(int n, std::vector<std::string>* good_ids) {
  std::mt19937 rng(11);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + rng() % xs.size()));
  };
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    std::string id = fmt::format("q{}{}", i, std::string(static_cast<size_t>(i % 13), 'y'));
    int y = 1900 + static_cast<int>(rng() % 124), m = 1 + static_cast<int>(rng() % 12);
    std::string month = rng() % 10 == 0 ? fmt::format("{:02}", m) : std::to_string(m);
    int fy = std::min(2024, y + static_cast<int>(rng() % 40));
    std::string from = fmt::format("{:04}-{:02}-{:02}", fy, fy == y ? m : 1 + rng() % 12, 15);
    if (fy == 2024 && from > "2024-12-31") from = "2024-12-15";
    std::string to = rng() % 3 == 0 ? fmt::format("{:04}-12-31", std::min(2024, fy + 1)) : "";
    std::string death, cause;
    if (rng() % 6 == 0) {
      death = fmt::format("{:04}-12-30", std::min(2024, fy + 1));
      cause = pick({"", "C349", "I21.9", "J44"});
    }
    std::string line = fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}", id, pick({"0", "1", "2", "9"}), y, month,
        pick({"E01000001", "E01000002", ""}), pick({"P001", "N81188", "", "LONGPRACTICE1"}),
        pick({"A", "", "Z", "99", "S"}), from, to, death, cause);
    bool good = false;
    switch (rng() % 300) {
      case 0:
        line = fmt::format("{},3,{},{},E01000001,P001,A,{},,,", id, y, m, from);
        break;
      case 1:
        line = fmt::format("{},1,1879,1,E01000001,P001,A,1990-01-01,,,", id);
        break;
      case 2:
        line = fmt::format("{},1,2100,1,E01000001,P001,A,1990-01-01,,,", id);
        break;
      case 3:
        line = fmt::format("{},1,1950,0,E01000001,P001,A,1990-01-01,,,", id);
        break;
      case 4:
        line = fmt::format("{},1,1950,13,E01000001,P001,A,1990-01-01,,,", id);
        break;
      case 5:
        line = fmt::format("{},1,1950,1,E0XXXX,P001,A,1990-01-01,,,", id);
        break;
      case 6:
        line = fmt::format("{},1,1950,1,E01000001,P001,I,1990-01-01,,,", id);
        break;
      case 7:
        line = fmt::format("{},1,1950,1,E01000001,P001,a,1990-01-01,,,", id);
        break;
      case 8:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,2020-02-30,,,", id);
        break;
      case 9:
        line = fmt::format("{},1,1950,6,E01000001,P001,A,1950-05-31,,,", id);
        break;
      case 10:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,1989-12-31,,", id);
        break;
      case 11:
        line = fmt::format("{},1,1950,6,E01000001,P001,A,1990-01-01,,1950-05-01,", id);
        break;
      case 12:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,,1989-01-01,", id);
        break;
      case 13:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,,,C349", id);
        break;
      case 14:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,,2000-01-01,XYZ", id);
        break;
      case 15:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,2030-01-01,,,", id);
        break;
      case 16:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,,2030-01-01,", id);
        break;
      case 17:
        if (!good_ids->empty()) line = good_ids->back() + line.substr(id.size());
        break;  // a repeated id
      case 18:
        line = fmt::format(" {} ,1,1950,1,E01000001,P001,A,1990-01-01,,,", id);
        good = true;
        break;
      case 19:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,,", id);
        break;
      case 20:
        line = "";
        break;
      case 21:
        line += "\r";
        good = true;
        break;
      case 22:
        line = fmt::format("{},1,1950,1,E01000001,P001,A,1990-01-01,2030-01-01,,", id);
        good = true;
        break;
      case 23:
        line = fmt::format("{},1,01950,1,E01000001,P001,A,1990-01-01,,,", id);
        good = true;
        break;
      default:
        good = true;
        break;
    }
    if (good) good_ids->push_back(id);
    lines.push_back(line);
  }
  return lines;
}

// Conditions rows: good ICD-10 and SNOMED CT codes in several written forms
// (long ones too), and bad ones in every field.
std::vector<std::string> ConditionLines(const std::vector<std::string>& ids, int n) {
  std::mt19937 rng(13);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + rng() % xs.size()));
  };
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    const std::string& id = ids[static_cast<size_t>(i / 3) % ids.size()];
    std::string date =
        fmt::format("{:04}-{:02}-{:02}", 1990 + rng() % 30, 1 + rng() % 12, 1 + rng() % 28);
    std::string line = rng() % 2 == 0
                           ? fmt::format("{},icd10,{},{}", id,
                                         pick({"E11", "E11.9", "E119", "I10", "C349", "e11",
                                               "E11.9XYZW", "Q", "123", "J45.909"}),
                                         date)
                           : fmt::format("{},snomed,{},{}", id,
                                         pick({"925791000000100", "44054006", "0123456", "12345",
                                               "1234567890123456789", "abc", "73211009"}),
                                         date);
    switch (rng() % 200) {
      case 0:
        line = fmt::format("nobody{},icd10,E11,{}", i, date);
        break;
      case 1:
        line = fmt::format("{},icd9,250,{}", id, date);
        break;
      case 2:
        line = fmt::format("{},ICD10,E11,{}", id, date);
        break;
      case 3:
        line = fmt::format("{},icd10,E11,2020-13-01", id);
        break;
      case 4:
        line = fmt::format("{},icd10,E11,2030-01-01", id);
        break;
      case 5:
        line = fmt::format(" {} , icd10 , E11 , {} ", id, date);
        break;
      case 6:
        line = fmt::format("{},icd10,E11", id);
        break;
      case 7:
        line = "";
        break;
      case 8:
        line += "\r";
        break;
      case 9:
        line = fmt::format("{},icd10,,{}", id, date);
        break;
      default:
        break;
    }
    lines.push_back(line);
  }
  return lines;
}

// The lines as a file, plain or with every field quoted; the last line has
// no line end.
std::string FileText(const std::vector<std::string>& lines, bool quoted) {
  std::string text;
  for (const std::string& l : lines) {
    std::string body = l, cr;
    if (!body.empty() && body.back() == '\r') body.pop_back(), cr = "\r";
    text += (quoted && !body.empty() ? Quoted(body) : body) + cr + "\n";
  }
  text.pop_back();
  return text;
}

template <typename T>
std::vector<T> Values(const Column<T>& c) {
  return std::vector<T>(c.begin(), c.end());
}

std::vector<std::string> Strings(const StringColumn& c) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.size(); ++i) out.emplace_back(c[i]);
  return out;
}

TEST(PopulationFastPath, PersonsAndConditionsReadAsTheirQuotedCopiesOverManyPieces) {
  std::vector<std::string> ids;
  std::vector<std::string> persons = PersonLines(260000, &ids);
  ids.push_back("nobody");
  std::vector<std::string> conditions = ConditionLines(ids, 330000);
  auto write = [&](TempExtract& t, bool quoted) {
    t.Area("E01000001", 3, "Mid", "Liverpool");
    t.Area("E01000002", 7, "North", "Liverpool");
    t.Raw("persons.csv", FileText(persons, quoted));
    t.Raw("conditions.csv", FileText(conditions, quoted));
    t.Write();
  };
  TempExtract plain, quoted;
  write(plain, false);
  write(quoted, true);
  ASSERT_GT(std::filesystem::file_size(plain.path("persons.csv")), size_t{3} * (4 << 20));
  ASSERT_GT(std::filesystem::file_size(plain.path("conditions.csv")), size_t{2} * (4 << 20));
  for (int threads : {1, 2}) {
    auto load = [&](const TempExtract& t, std::vector<std::string>* diagnostics) {
      Diagnostics d;
      LoadOptions o;
      o.use_cache = false;
      o.threads = threads;
      o.max_listed = 1000000;
      o.skip_bad_rows = true;
      o.today = DaysFromCivil(2024, 12, 31);
      auto x = LoadExtract(t.dir(), o, &d);
      for (const Diagnostic& diag : d.items()) {
        std::string s = diag.ToString();
        diagnostics->push_back(s.substr(s.find(t.dir()) + t.dir().size()));
      }
      return x;
    };
    std::vector<std::string> da, db;
    auto a = load(plain, &da), b = load(quoted, &db);
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_EQ(da, db);
    const Persons &pa = a->persons, &pb = b->persons;
    EXPECT_EQ(Strings(pa.id), Strings(pb.id));
    EXPECT_EQ(Values(pa.sex), Values(pb.sex));
    EXPECT_EQ(Values(pa.birth_year), Values(pb.birth_year));
    EXPECT_EQ(Values(pa.birth_month), Values(pb.birth_month));
    EXPECT_EQ(Values(pa.area), Values(pb.area));
    EXPECT_EQ(Values(pa.practice), Values(pb.practice));
    EXPECT_EQ(Values(pa.ethnic), Values(pb.ethnic));
    EXPECT_EQ(Values(pa.registered_from), Values(pb.registered_from));
    EXPECT_EQ(Values(pa.registered_to), Values(pb.registered_to));
    EXPECT_EQ(Values(pa.date_of_death), Values(pb.date_of_death));
    EXPECT_EQ(Values(pa.cause), Values(pb.cause));
    EXPECT_EQ(Strings(a->practices), Strings(b->practices));
    EXPECT_EQ(Values(a->conditions.offsets), Values(b->conditions.offsets));
    EXPECT_EQ(Values(a->conditions.code), Values(b->conditions.code));
    EXPECT_EQ(Values(a->conditions.recorded_on), Values(b->conditions.recorded_on));
    EXPECT_EQ(Strings(a->condition_codes), Strings(b->condition_codes));
    const Conditions& c = a->conditions;  // each person's in date order (the file's are not)
    for (size_t p = 0; p + 1 < c.offsets.size(); ++p) {
      ASSERT_TRUE(std::is_sorted(c.recorded_on.begin() + c.offsets[p],
                                 c.recorded_on.begin() + c.offsets[p + 1]));
    }
    // Every good person row is kept, and every bad row of both files is listed by its line.
    EXPECT_EQ(pa.id.size(), ids.size() - 1);
    size_t listed_persons = 0, listed_conditions = 0;
    for (const std::string& s : da) {
      listed_persons += s.starts_with("/persons.csv:");
      listed_conditions += s.starts_with("/conditions.csv:");
    }
    size_t bad_persons = persons.size() - (ids.size() - 1) -
                         static_cast<size_t>(std::count(persons.begin(), persons.end(), ""));
    EXPECT_EQ(listed_persons, bad_persons);
    EXPECT_GT(bad_persons, 500u);
    EXPECT_GT(listed_conditions, 1000u);
    EXPECT_GT(a->conditions.code.size(), conditions.size() / 3);
  }
}

// Activity grouped by person (as extracts usually come), every person's rows
// in date order but for one row that goes back in time from the row before
// (the same person's): either inside a piece, or at each piece edge (the row
// before in the piece before). The loader must notice in both cases and sort
// those people's rows.
TEST(PopulationFastPath, GroupedActivityOutOfDateOrderInsideOrAtPieceEdgesIsSorted) {
  constexpr int kPeople = 6000, kRows = 40;
  for (bool at_edges : {false, true}) {
    std::vector<std::string> lines;
    std::vector<int> person_of;
    for (int p = 0; p < kPeople; ++p) {
      for (int r = 0; r < kRows; ++r) {
        lines.push_back(
            fmt::format("person{:05},outpatient,{:04}-{:02}-15,", p, 2001 + r / 12, 1 + r % 12));
        person_of.push_back(p);
      }
    }
    auto back_in_time = [&](size_t row) {
      lines[row].replace(lines[row].find(",20") + 1, 10, "2000-01-01");
    };
    const std::string header = "person_id,setting,start_date,end_date\n";
    auto text_of = [&] {
      std::string t = header;
      for (const std::string& l : lines) t += l + "\n";
      return t;
    };
    if (at_edges) {
      // Where the loader's 4 MB pieces begin (dates are fixed-width, so
      // editing them moves no edge).
      std::string text = text_of();
      auto plan = internal::PlanCsv(text, "activity.csv", 4 << 20);
      ASSERT_TRUE(plan.ok());
      ASSERT_GT(plan->pieces.size(), 2u);
      int edges = 0;
      for (size_t i = 1; i < plan->pieces.size(); ++i) {
        size_t at = header.size(), row = 0;
        while (at < plan->pieces[i].begin) at += lines[row++].size() + 1;
        ASSERT_EQ(at, plan->pieces[i].begin);
        if (row == 0 || person_of[row] != person_of[row - 1]) continue;
        back_in_time(row);
        ++edges;
      }
      ASSERT_GT(edges, 0);
    } else {
      back_in_time(3 * kRows + 5);
    }
    TempExtract t;
    t.Area("E01000001", 3, "Mid", "Liverpool");
    for (int p = 0; p < kPeople; ++p) {
      t.Person(fmt::format("person{:05}", p), 1, 1950, 1, "E01000001");
    }
    t.Raw("activity.csv", text_of().substr(header.size()));
    t.Write();
    for (int threads : {1, 2}) {
      Loaded a = Load(t.dir(), threads);
      ASSERT_TRUE(a.ok);
      ASSERT_EQ(a.start.size(), lines.size());
      for (size_t p = 0; p + 1 < a.offsets.size(); ++p) {
        ASSERT_TRUE(std::is_sorted(a.start.begin() + static_cast<ptrdiff_t>(a.offsets[p]),
                                   a.start.begin() + static_cast<ptrdiff_t>(a.offsets[p + 1])))
            << "person " << p << (at_edges ? " (at edges)" : " (inside)");
      }
    }
  }
}

}  // namespace
}  // namespace barometer::population
