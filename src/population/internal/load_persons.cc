// persons.csv.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "population/codes.h"
#include "population/internal/fields.h"
#include "population/internal/future_dates.h"
#include "population/internal/loader.h"
#include "population/internal/packed_map.h"

namespace barometer::population::internal {
namespace {

// Column order in CsvSource::columns (the `required` list below).
enum Col {
  kId,
  kSex,
  kBirthYear,
  kBirthMonth,
  kLsoa,
  kPractice,
  kEthnic,
  kFrom,
  kTo,
  kDeath,
  kCause,
};

const std::vector<std::string>& Required() {
  static const std::vector<std::string> names = {
      "person_id",     "sex",           "birth_year",      "birth_month",
      "lsoa",          "practice",      "ethnic_category", "registered_from",
      "registered_to", "date_of_death", "cause_of_death"};
  return names;
}

// Practice codes -> a piece's own ids (ODS practice codes are 6 bytes, so
// almost always one probe of a PackedMap).
class PracticeCodes {
 public:
  [[gnu::always_inline]] uint32_t Id(std::string_view code) {
    auto key = PackShort(code);
    if (key) {
      uint32_t id = packed_.Find(*key);
      if (id != PackedMap::kAbsent) return id;
      packed_.Insert(*key, static_cast<uint32_t>(names_.size()));
    } else {
      auto [it, fresh] = long_.try_emplace(std::string(code), static_cast<uint32_t>(names_.size()));
      if (!fresh) return it->second;
    }
    names_.emplace_back(code);
    return static_cast<uint32_t>(names_.size() - 1);
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  PackedMap packed_;
  std::unordered_map<std::string, uint32_t> long_;
  std::vector<std::string> names_;
};

// The columns of persons.csv, sized once for the whole file: piece i writes
// its rows from its first possible row on, and the pieces' ids are joined
// after parsing.
struct PersonsTable {
  LargeVector<uint64_t> id_ends;  // row r's id ends at id_ends[r + 1] (in its piece until merged)
  LargeVector<int8_t> sex;
  LargeVector<int16_t> birth_year;
  LargeVector<uint8_t> birth_month;
  LargeVector<uint32_t> area, practice;  // practice: the piece's own id until merged
  LargeVector<uint8_t> ethnic;
  LargeVector<int32_t> from, to, death;
  LargeVector<uint16_t> cause;
};

// LSOA codes -> areas for the fast path: every code of 8 to 16 bytes
// (LSOA codes are 9) in an open-addressing table of its two 8-byte words,
// built once from areas.csv and then only read, so a row costs one probe and
// two compares; other codes go to the index.
class AreaTable {
 public:
  AreaTable(const StringColumn& codes, const StringIndex& index) : index_(index) {
    size_t capacity = 16;
    while (capacity < codes.size() * 2) capacity <<= 1;
    entries_.resize(capacity);
    for (size_t i = 0; i < codes.size(); ++i) {
      std::string_view code = codes[i];
      if (!Fits(code)) continue;
      auto [a, b] = Words(code);
      size_t slot = Slot(a, b);
      while (entries_[slot].size != 0 && !Same(entries_[slot], a, b, code.size())) {
        slot = (slot + 1) & (entries_.size() - 1);
      }
      if (entries_[slot].size == 0) {  // the first of a repeated code stands
        entries_[slot] = {a, b, static_cast<uint32_t>(code.size()), static_cast<uint32_t>(i)};
      }
    }
  }
  uint32_t Find(std::string_view code) const {
    if (!Fits(code)) return index_.Find(code);
    auto [a, b] = Words(code);
    for (size_t slot = Slot(a, b);; slot = (slot + 1) & (entries_.size() - 1)) {
      const Entry& e = entries_[slot];
      if (e.size == 0) return kNoIndex;
      if (Same(e, a, b, code.size())) return e.area;
    }
  }

 private:
  struct Entry {
    uint64_t a = 0, b = 0;
    uint32_t size = 0, area = 0;  // size 0: an empty slot
  };
  static bool Fits(std::string_view code) { return code.size() >= 8 && code.size() <= 16; }
  static std::pair<uint64_t, uint64_t> Words(std::string_view code) {
    uint64_t a, b;
    std::memcpy(&a, code.data(), 8), std::memcpy(&b, code.data() + code.size() - 8, 8);
    return {a, b};
  }
  static bool Same(const Entry& e, uint64_t a, uint64_t b, size_t size) {
    return e.size == size && e.a == a && e.b == b;
  }
  size_t Slot(uint64_t a, uint64_t b) const {
    uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 31) ^ (h >> 47)) & (entries_.size() - 1);
  }
  const StringIndex& index_;
  std::vector<Entry> entries_;
};

struct PersonsPart {
  PersonsTable* table = nullptr;
  size_t first = 0, capacity = 0, rows = 0;  // rows [first, first + rows) written
  std::string id_chars;                      // the ids of the rows written, end to end
  const AreaTable* areas = nullptr;
  std::vector<LineRun> line_runs;  // the lines of the rows (made absolute by ParsePieces)
  PracticeCodes practices;
  int32_t latest = kFirstDay;
  std::vector<std::pair<std::string, int64_t>> bad_ids;  // ids of bad rows, with their lines
  ProblemList problems;

  void Push(std::string_view id, int8_t sex, int16_t birth_year, uint8_t birth_month, uint32_t area,
            std::string_view practice, uint8_t ethnic, int32_t from, int32_t to, int32_t death,
            uint16_t cause, int64_t line) {
    if (rows == capacity) throw std::logic_error("persons piece holds more records than lines");
    PersonsTable& t = *table;
    size_t i = first + rows++;
    id_chars.append(id);
    t.id_ends[i + 1] = id_chars.size();
    t.sex[i] = sex, t.birth_year[i] = birth_year, t.birth_month[i] = birth_month;
    t.area[i] = area;
    t.practice[i] = practice.empty() ? kNoIndex : practices.Id(practice);
    t.ethnic[i] = ethnic;
    t.from[i] = from, t.to[i] = to, t.death[i] = death, t.cause[i] = cause;
    AddLine(line_runs, rows - 1, line);
    latest = std::max({latest, from, to == kNever ? from : to, death == kNever ? from : death});
  }
};

std::string DayText(int32_t d) {
  YearMonthDay c = CivilFromDays(d);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

// An optional date: blank -> kNever; a problem when not a date.
int32_t OptionalDay(std::string_view text, std::string_view column, PersonsPart& part) {
  if (TrimSpaces(text).empty()) return kNever;
  auto d = ParseDay(text);
  if (d) return *d;
  part.problems.Add(
      fmt::format("{} '{}' is not a date; expected YYYY-MM-DD or blank", column, text));
  return kNever;
}

uint8_t ParseEthnic(std::string_view text, PersonsPart& part) {
  text = TrimSpaces(text);
  if (text.empty()) return 0;
  if (text == "99") return '9';
  if (text.size() == 1 && IsNhsEthnicCode(text[0])) return static_cast<uint8_t>(text[0]);
  part.problems.Add(fmt::format(
      "ethnic_category '{}' is not an NHS ethnic category code; expected A-H, J-N, P, R, S, Z, 99 "
      "or blank",
      text));
  return 0;
}

// Checks the dates against each other once each is known to be valid.
void CheckDateOrder(int by, int bm, int32_t from, int32_t to, int32_t death, PersonsPart& part) {
  int32_t born = DaysFromCivil(by, bm, 1);
  if (from < born) {
    part.problems.Add(fmt::format("registered_from {} is before the birth month {:04}-{:02}",
                                  DayText(from), by, bm));
  }
  if (to != kNever && to < from) {
    part.problems.Add(
        fmt::format("registered_to {} is before registered_from {}", DayText(to), DayText(from)));
  }
  if (death != kNever && death < born) {
    part.problems.Add(fmt::format("date_of_death {} is before the birth month {:04}-{:02}",
                                  DayText(death), by, bm));
  } else if (death != kNever && death < from) {
    part.problems.Add(fmt::format("date_of_death {} is before registered_from {}", DayText(death),
                                  DayText(from)));
  }
}

// A person's row as parsed, before it is known to be good.
struct PersonRow {
  std::string_view id, sex, practice;
  std::optional<int32_t> birth_year, birth_month, from;
  uint32_t area = kNoIndex;
  uint8_t ethnic = 0;
  int32_t to = kNever, death = kNever;
  uint16_t cause = 0;
};

std::optional<int32_t> BoundedCount(std::string_view text, int lo, int hi) {
  auto v = ParseCount(text);
  return v && *v >= lo && *v <= hi ? v : std::nullopt;
}

uint16_t ParseCause(std::string_view text, std::string_view death, PersonsPart& part) {
  text = TrimSpaces(text);
  if (text.empty()) return 0;
  auto c = ParseIcd10(text);
  if (!c) {
    part.problems.Add(fmt::format(
        "cause_of_death '{}' is not an ICD-10 code; expected e.g. C349 or I21.9", text));
  } else if (TrimSpaces(death).empty()) {
    part.problems.Add("cause_of_death is given but date_of_death is blank");
  }
  return c.value_or(0);
}

// Checks every field, filing a problem for each bad one.
PersonRow CheckPersonFields(const std::vector<size_t>& col, const StringIndex& lsoas,
                            const std::vector<std::string_view>& f, PersonsPart& part) {
  PersonRow r;
  r.id = TrimSpaces(f[col[kId]]);
  if (r.id.empty()) part.problems.Add("person_id is empty; expected the pseudonymised id");
  r.sex = TrimSpaces(f[col[kSex]]);
  if (r.sex.size() != 1 || std::string_view("0129").find(r.sex[0]) == std::string_view::npos) {
    part.problems.Add(
        fmt::format("sex '{}' is not an NHS Data Dictionary code; expected 1 (male), "
                    "2 (female), 9 (indeterminate) or 0 (not known)",
                    r.sex));
  }
  r.birth_year = BoundedCount(f[col[kBirthYear]], 1880, 2099);
  if (!r.birth_year) {
    part.problems.Add(
        fmt::format("birth_year '{}' is not a year between 1880 and 2099", f[col[kBirthYear]]));
  }
  r.birth_month = BoundedCount(f[col[kBirthMonth]], 1, 12);
  if (!r.birth_month) {
    part.problems.Add(
        fmt::format("birth_month '{}' is not a month; expected 1 to 12", f[col[kBirthMonth]]));
  }
  std::string_view lsoa = TrimSpaces(f[col[kLsoa]]);
  r.area = lsoa.empty() ? kNoIndex : lsoas.Find(lsoa);
  if (!lsoa.empty() && r.area == kNoIndex) {
    part.problems.Add(fmt::format("lsoa '{}' is not in areas.csv", lsoa));
  }
  r.practice = TrimSpaces(f[col[kPractice]]);
  r.ethnic = ParseEthnic(f[col[kEthnic]], part);
  r.from = ParseDay(f[col[kFrom]]);
  if (!r.from) {
    part.problems.Add(
        fmt::format("registered_from '{}' is not a date; expected YYYY-MM-DD", f[col[kFrom]]));
  }
  r.to = OptionalDay(f[col[kTo]], "registered_to", part);
  r.death = OptionalDay(f[col[kDeath]], "date_of_death", part);
  r.cause = ParseCause(f[col[kCause]], f[col[kDeath]], part);
  return r;
}

void ParsePersonRow(const std::vector<size_t>& col, const StringIndex& lsoas,
                    const std::vector<std::string_view>& f, int64_t line, int32_t no_dates_after,
                    PersonsPart& part) {
  PersonRow r = CheckPersonFields(col, lsoas, f, part);
  if (part.problems.row_ok()) {
    CheckDateOrder(*r.birth_year, *r.birth_month, *r.from, r.to, r.death, part);
    CheckNotAfter(*r.from, "registered_from", no_dates_after, part.problems);
    CheckNotAfter(r.death, "date_of_death", no_dates_after, part.problems);
  }
  if (part.problems.row_ok()) {
    part.Push(r.id, static_cast<int8_t>(r.sex[0] - '0'), static_cast<int16_t>(*r.birth_year),
              static_cast<uint8_t>(*r.birth_month), r.area, r.practice, r.ethnic, *r.from, r.to,
              r.death, r.cause, line);
  } else if (!r.id.empty()) {
    part.bad_ids.emplace_back(r.id, line);
  }
}

// Reads a persons row in its plain form (columns in contract order):
//   id,sex,birth_year,birth_month,lsoa,practice,ethnic,from,[to],[death],[cause]
// with every field good and the dates in order (as ParsePersonRow checks).
// Returns the start of the next line, or nullptr for any other row: the
// general path then reads it, with the same result for a good row and the
// problems of a bad one.
struct PlainPerson {
  std::string_view id, practice;
  int32_t from, to, death;
  uint32_t area;
  uint16_t cause;
  int16_t birth_year;
  int8_t sex;
  uint8_t birth_month, ethnic;
};
[[gnu::always_inline]] inline const char* ReadPlainPerson(const char* p, const char* end,
                                                          const AreaTable& areas, int32_t limit,
                                                          PlainPerson& out) {
  const char* c = PlainFieldEnd(p, end);
  if (c == nullptr || c == p) return nullptr;
  std::string_view id(p, static_cast<size_t>(c - p));
  const char* s = c + 1;
  // sex, then a 4-digit birth year: "S,YYYY," (7 bytes)
  if (end - s < 7 || s[1] != ',' || s[6] != ',') return nullptr;
  if (s[0] != '0' && s[0] != '1' && s[0] != '2' && s[0] != '9') return nullptr;
  const auto* y = reinterpret_cast<const unsigned char*>(s + 2);
  unsigned y0 = y[0] - 48u, y1 = y[1] - 48u, y2 = y[2] - 48u, y3 = y[3] - 48u;
  if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9)) return nullptr;
  unsigned by = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  if (by - 1880u > 2099u - 1880u) return nullptr;
  auto sex = static_cast<int8_t>(s[0] - '0');
  s += 7;
  // birth month: 1 or 2 digits, 1..12
  if (end - s < 3) return nullptr;
  unsigned bm = static_cast<unsigned char>(s[0]) - 48u;
  if (bm > 9) return nullptr;
  if (s[1] == ',') {
    s += 2;
  } else {
    unsigned d = static_cast<unsigned char>(s[1]) - 48u;
    if (d > 9 || s[2] != ',') return nullptr;
    bm = bm * 10 + d, s += 3;
  }
  if (bm - 1u > 11u) return nullptr;
  // lsoa (in areas.csv, or blank) and practice (any plain text, or blank)
  c = PlainFieldEnd(s, end);
  if (c == nullptr) return nullptr;
  uint32_t area = kNoIndex;
  if (c != s) {
    area = areas.Find(std::string_view(s, static_cast<size_t>(c - s)));
    if (area == kNoIndex) return nullptr;
  }
  s = c + 1;
  c = PlainFieldEnd(s, end);
  if (c == nullptr) return nullptr;
  std::string_view practice(s, static_cast<size_t>(c - s));
  s = c + 1;
  // ethnic category: one NHS code letter, or blank ("99" takes the general path)
  if (end - s < 2) return nullptr;
  uint8_t ethnic = 0;
  if (s[0] != ',') {
    if (s[1] != ',' || !IsNhsEthnicCode(s[0])) return nullptr;
    ethnic = static_cast<uint8_t>(s[0]);
    s += 2;
  } else {
    s += 1;
  }
  // registered_from, then registered_to and date_of_death (dates or blank)
  if (end - s < 11 || s[10] != ',') return nullptr;
  int32_t from = ParseDay10(s);
  if (from == kBadDay) return nullptr;
  s += 11;
  int32_t dates[2];
  for (int32_t& d : dates) {
    if (end - s < 1) return nullptr;
    if (s[0] == ',') {
      d = kNever, s += 1;
      continue;
    }
    if (end - s < 11 || s[10] != ',') return nullptr;
    d = ParseDay10(s);
    if (d == kBadDay) return nullptr;
    s += 11;
  }
  const int32_t to = dates[0], death = dates[1];
  // cause_of_death, then the end of the line
  c = PlainLastFieldEnd(s, end);
  if (c == nullptr) return nullptr;
  uint16_t cause = 0;
  if (c != s) {
    if (death == kNever) return nullptr;  // a cause without a death: a problem
    auto code = ParseIcd10(std::string_view(s, static_cast<size_t>(c - s)));
    if (!code) return nullptr;
    cause = *code;
  }
  const char* next = LineEndAt(c, end);
  // The checks of CheckDateOrder and CheckNotAfter.
  const int32_t born = kMonthStarts.days[(by - 1880u) * 12u + bm - 1u];
  if (from < born || (to != kNever && to < from)) return nullptr;
  if (death != kNever && (death < born || death < from)) return nullptr;
  if (limit < kLastDay && (from > limit || (death != kNever && death > limit))) return nullptr;
  out = {id,    practice,
         from,  to,
         death, area,
         cause, static_cast<int16_t>(by),
         sex,   static_cast<uint8_t>(bm),
         ethnic};
  return next;
}

// Reads plain persons rows (ReadPlainPerson) until the first that is not or
// the end of the piece, writing through local pointers (stores of bytes may
// alias anything, so going through `part` would reload them on every row).
FastRun FastPersonRows(const char* p, const char* end, int64_t line, int32_t limit,
                       PersonsPart& part) {
  PersonsTable& t = *part.table;
  const size_t f = part.first;
  uint64_t* const id_ends = t.id_ends.data() + f + 1;
  int8_t* const sex = t.sex.data() + f;
  int16_t* const birth_year = t.birth_year.data() + f;
  uint8_t* const birth_month = t.birth_month.data() + f;
  uint8_t* const ethnic = t.ethnic.data() + f;
  uint32_t* const area = t.area.data() + f;
  uint32_t* const practice = t.practice.data() + f;
  int32_t *const from = t.from.data() + f, *const to = t.to.data() + f;
  int32_t* const death = t.death.data() + f;
  uint16_t* const cause = t.cause.data() + f;
  const AreaTable& areas = *part.areas;
  const size_t first_row = part.rows, capacity = part.capacity;
  size_t rows = first_row;
  int32_t latest = part.latest;
  PlainPerson r;
  while (p < end) {
    const char* next = ReadPlainPerson(p, end, areas, limit, r);
    if (next == nullptr) break;
    if (rows == capacity) throw std::logic_error("persons piece holds more records than lines");
    part.id_chars.append(r.id);
    id_ends[rows] = part.id_chars.size();
    sex[rows] = r.sex, birth_year[rows] = r.birth_year, birth_month[rows] = r.birth_month;
    area[rows] = r.area, ethnic[rows] = r.ethnic;
    practice[rows] = r.practice.empty() ? kNoIndex : part.practices.Id(r.practice);
    from[rows] = r.from, to[rows] = r.to, death[rows] = r.death, cause[rows] = r.cause;
    latest = std::max(
        {latest, r.from, r.to == kNever ? r.from : r.to, r.death == kNever ? r.from : r.death});
    ++rows;
    p = next;
  }
  const auto lines = static_cast<int64_t>(rows - first_row);
  if (lines > 0) AddLine(part.line_runs, first_row, line);
  part.rows = rows;
  part.latest = latest;
  return {p, lines};
}

template <typename V>
V Keep(const V& v, const std::vector<bool>& keep) {
  V out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (keep[i]) out.push_back(v[i]);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& PersonsColumns() { return Required(); }

namespace {

// Joins the pieces' ids, closes up the rows the pieces left unused (blank
// or bad lines) and gives practice codes one dictionary. Returns the ids'
// bytes.
LargeVector<char> MergeParts(std::vector<PersonsPart>& parts, PersonsTable& t, int threads,
                             std::vector<std::string>* practice_names,
                             std::unordered_map<std::string, int64_t>* bad_ids,
                             ProblemList* problems, int32_t* latest) {
  std::unordered_map<std::string, uint32_t> practice_ids;
  std::vector<std::vector<uint32_t>> remaps(parts.size());
  std::vector<size_t> row_base(parts.size());
  std::vector<uint64_t> char_base(parts.size());
  size_t rows = 0;
  uint64_t chars = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    PersonsPart& p = parts[i];
    problems->Merge(std::move(p.problems));
    std::vector<uint32_t>& remap = remaps[i];
    remap.resize(p.practices.names().size());
    for (size_t k = 0; k < remap.size(); ++k) {
      auto [it, fresh] = practice_ids.try_emplace(p.practices.names()[k],
                                                  static_cast<uint32_t>(practice_names->size()));
      if (fresh) practice_names->push_back(p.practices.names()[k]);
      remap[k] = it->second;
    }
    if (p.first != rows && p.rows > 0) {  // rows left unused before: move up (rare)
      auto move = [&](auto& column, size_t shift) {
        std::memmove(&column[rows + shift], &column[p.first + shift], p.rows * sizeof(column[0]));
      };
      move(t.sex, 0), move(t.birth_year, 0), move(t.birth_month, 0), move(t.area, 0);
      move(t.ethnic, 0), move(t.from, 0), move(t.to, 0), move(t.death, 0), move(t.cause, 0);
      move(t.practice, 0), move(t.id_ends, 1);
    }
    row_base[i] = rows, char_base[i] = chars;
    rows += p.rows;
    chars += p.id_chars.size();
    *latest = std::max(*latest, p.latest);
    for (auto& [id, line] : p.bad_ids) bad_ids->emplace(std::move(id), line);
  }
  LargeVector<char> id_chars(chars);
  ParallelFor(parts.size(), threads, [&](size_t i) {
    PersonsPart& p = parts[i];
    if (!p.id_chars.empty()) {
      std::memcpy(id_chars.data() + char_base[i], p.id_chars.data(), p.id_chars.size());
    }
    std::string().swap(p.id_chars);
    const std::vector<uint32_t>& remap = remaps[i];
    for (size_t r = row_base[i]; r < row_base[i] + p.rows; ++r) {
      t.id_ends[r + 1] += char_base[i];
      uint32_t local = t.practice[r];
      t.practice[r] = local == kNoIndex ? kNoIndex : remap[local];
    }
  });
  t.id_ends[0] = 0;
  t.id_ends.resize(rows + 1);
  for (auto* column : {&t.area, &t.practice}) column->resize(rows);
  for (auto* column : {&t.from, &t.to, &t.death}) column->resize(rows);
  for (auto* column : {&t.birth_month, &t.ethnic}) column->resize(rows);
  t.sex.resize(rows), t.birth_year.resize(rows), t.cause.resize(rows);
  return id_chars;
}

// The line of row `row` after MergeParts.
int64_t LineOfRow(const std::vector<PersonsPart>& parts, size_t row) {
  for (const PersonsPart& p : parts) {
    if (row < p.rows) return LineOf(p.line_runs, row);
    row -= p.rows;
  }
  return 0;
}

// A repeated person_id: the first row stands, later ones are problems (and
// are left out when rows are skipped).
void DropRepeatedIds(const std::vector<std::pair<uint32_t, uint32_t>>& dups,
                     const std::vector<PersonsPart>& parts, PersonsTable& t, StringColumn& ids,
                     StringIndex& index, int threads, ProblemList* problems) {
  std::vector<bool> keep(t.sex.size(), true);
  for (auto [later, first] : dups) {
    keep[later] = false;
    problems->Add(fmt::format("person_id '{}' is repeated (first at line {})", ids[later],
                              LineOfRow(parts, first)));
    problems->Commit(LineOfRow(parts, later), "");
  }
  std::vector<std::string> kept_ids;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) kept_ids.emplace_back(ids[i]);
  }
  ids = StringColumn::FromStrings(kept_ids);
  index = StringIndex(ids, nullptr, threads);
  t.sex = Keep(t.sex, keep), t.birth_year = Keep(t.birth_year, keep);
  t.birth_month = Keep(t.birth_month, keep), t.area = Keep(t.area, keep);
  t.practice = Keep(t.practice, keep), t.ethnic = Keep(t.ethnic, keep);
  t.from = Keep(t.from, keep), t.to = Keep(t.to, keep);
  t.death = Keep(t.death, keep), t.cause = Keep(t.cause, keep);
}

}  // namespace

Result<People> LoadPersons(const CsvSource& src, const LoaderContext& ctx, const StringIndex& lsoas,
                           Extract* extract, ProblemList* problems) {
  PhaseTrace trace("persons.csv");
  const size_t lines = RecordCapacity(src);
  const AreaTable areas(extract->areas.lsoa, lsoas);
  PersonsTable t;
  t.id_ends.resize(lines + 1);
  for (auto* column : {&t.area, &t.practice}) column->resize(lines);
  for (auto* column : {&t.from, &t.to, &t.death}) column->resize(lines);
  for (auto* column : {&t.birth_month, &t.ethnic}) column->resize(lines);
  t.sex.resize(lines), t.birth_year.resize(lines), t.cause.resize(lines);
  auto init = [&](PersonsPart& part, size_t first, size_t capacity) {
    part.table = &t, part.first = first, part.capacity = capacity;
    part.id_chars.reserve(capacity * 16);  // ids are usually shorter: grown only if not
    part.areas = &areas;
  };
  auto parse = [&](const std::vector<std::string_view>& f, int64_t line, PersonsPart& part) {
    ParsePersonRow(src.columns, lsoas, f, line, ctx.no_dates_after, part);
  };
  std::vector<PersonsPart> parts = ParsePiecesFast<PersonsPart>(
      src, ctx, parse, init, [&](const char* p, const char* end, int64_t line, PersonsPart& part) {
        return FastPersonRows(p, end, line, ctx.no_dates_after, part);
      });
  trace.Mark("parse");
  std::vector<std::string> practice_names;
  People people;
  int32_t latest = kFirstDay;
  LargeVector<char> id_chars =
      MergeParts(parts, t, ctx.threads, &practice_names, &people.bad, problems, &latest);
  StringColumn ids(ToColumn(std::move(id_chars)), ToColumn(std::move(t.id_ends)));
  trace.Mark("merge");
  std::vector<std::pair<uint32_t, uint32_t>> dups;
  StringIndex index(ids, &dups, ctx.threads);
  trace.Mark("index");
  if (!dups.empty()) DropRepeatedIds(dups, parts, t, ids, index, ctx.threads, problems);
  Persons& out = extract->persons;
  out.id = std::move(ids);
  out.sex = ToColumn(std::move(t.sex));
  out.birth_year = ToColumn(std::move(t.birth_year));
  out.birth_month = ToColumn(std::move(t.birth_month));
  out.area = ToColumn(std::move(t.area));
  out.practice = ToColumn(std::move(t.practice));
  out.ethnic = ToColumn(std::move(t.ethnic));
  out.registered_from = ToColumn(std::move(t.from));
  out.registered_to = ToColumn(std::move(t.to));
  out.date_of_death = ToColumn(std::move(t.death));
  out.cause = ToColumn(std::move(t.cause));
  extract->practices = StringColumn::FromStrings(practice_names);
  extract->latest_date = std::max(extract->latest_date, latest);
  people.index = std::move(index);
  return people;
}

}  // namespace barometer::population::internal
