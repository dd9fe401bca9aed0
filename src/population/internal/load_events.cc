// conditions.csv and activity.csv: rows that refer to people, kept in CSR
// form (grouped by person, ordered by date).
#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "core/text.h"
#include "population/codes.h"
#include "population/internal/fields.h"
#include "population/internal/future_dates.h"
#include "population/internal/loader.h"
#include "population/internal/packed_map.h"

namespace barometer::population::internal {
namespace {

// Resolves person ids, remembering the last one: rows usually come grouped
// by person and in the order of persons.csv, so most look-ups are a string
// compare with the last id or with the next few people. One per piece.
struct PersonLookup {
  uint32_t Find(const StringIndex& index, std::string_view id) {
    if (last_id_set && StringIndex::SameString(id, last_id)) return last_found;
    uint32_t found = index.FindAfter(id, last);
    if (found != kNoIndex) last = found;  // an unknown id keeps the hint
    last_id.assign(id);
    last_id_set = true;
    last_found = found;
    return found;
  }
  std::string last_id;
  bool last_id_set = false;
  uint32_t last = kNoIndex;        // the last person found (the hint)
  uint32_t last_found = kNoIndex;  // what last_id resolved to
};

// The problem with an unresolved person_id: unknown, or a person whose own
// row is bad (then only a consequence of that row's problem).
template <typename Part>
void UnknownPerson(const People& people, std::string_view id, Part& part) {
  auto bad = people.bad.find(std::string(id));
  if (bad == people.bad.end()) {
    part.problems.Add(fmt::format("person_id '{}' is not in persons.csv", id));
  } else {
    part.problems.AddConsequence(fmt::format(
        "person_id '{}' is left out with its bad row in persons.csv (line {})", id, bad->second));
  }
}

// A piece's condition codes as written (system and raw code) -> its own ids.
// Every SNOMED CT concept id that is valid packs into an integer, and so does
// any ICD-10 code of up to 7 bytes: one probe of a PackedMap; the rest go to
// a string map.
class CodeIds {
 public:
  uint32_t Find(bool snomed, std::string_view code) {
    if (auto key = Pack(snomed, code)) return packed_.Find(*key);
    key_.assign(1, snomed ? 's' : 'i');
    key_.append(code);
    auto it = long_.find(key_);
    return it == long_.end() ? PackedMap::kAbsent : it->second;
  }
  // REQUIRES: Find(snomed, code) is absent
  void Insert(bool snomed, std::string_view code, uint32_t id) {
    if (auto key = Pack(snomed, code)) return packed_.Insert(*key, id);
    key_.assign(1, snomed ? 's' : 'i');
    key_.append(code);
    long_.emplace(key_, id);
  }

 private:
  // SNOMED: the number (at most 18 digits, so below 2^60) with bit 62 set;
  // ICD-10: PackShort's bytes (bits 62 and 63 clear).
  static std::optional<uint64_t> Pack(bool snomed, std::string_view code) {
    if (!snomed) return PackShort(code);
    if (code.empty() || code.size() > 18) return std::nullopt;
    uint64_t v = 0;
    for (char c : code) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (code.size() > 1 && code[0] == '0') return std::nullopt;  // "07" and "7" differ
    return v | (uint64_t{1} << 62);
  }
  PackedMap packed_;
  std::unordered_map<std::string, uint32_t> long_;
  std::string key_;
};

// Rows that refer to people almost always come grouped by person, so a
// part keeps the person of each row as runs (a person and how many rows in a
// row are theirs) rather than as a column: the CSR offsets follow from the
// runs, and a column (4 bytes a row) is built only for a file that needs
// sorting. It also notes whether each person's rows come in date order, with
// its first and last rows' dates (for a person whose rows run on into the
// next part), so that a file in order skips the sort.
struct PersonRun {
  uint32_t person;
  uint32_t rows;
};

struct RowOrder {
  std::vector<PersonRun> runs;  // of the rows written, in order
  bool dates_in_order = true;
  int32_t first_date = 0, last_date = 0;

  void Add(uint32_t person, int32_t date) {
    if (runs.empty() || runs.back().person != person || runs.back().rows == UINT32_MAX) {
      if (runs.empty()) first_date = date;
      runs.push_back({person, 1});
    } else {
      dates_in_order &= date >= last_date;
      ++runs.back().rows;
    }
    last_date = date;
  }
};

// The columns of conditions.csv, sized once for the whole file; each piece
// writes its rows from its first possible row on.
struct ConditionsTable {
  LargeVector<uint32_t> code;  // the piece's own code ids until merged
  LargeVector<int32_t> date;
};

struct ConditionsPart {
  ConditionsTable* columns = nullptr;
  size_t first = 0, capacity = 0, rows = 0;  // rows [first, first + rows) written
  RowOrder order;
  CodeIds code_ids;                     // raw system and code -> local id
  std::vector<std::string> code_names;  // normalised "icd10:E119"
  PersonLookup lookup;
  int32_t latest = kFirstDay;
  ProblemList problems;

  void Push(uint32_t person, uint32_t code, int32_t date) {
    if (rows == capacity) throw std::logic_error("conditions piece holds more records than lines");
    size_t i = first + rows++;
    order.Add(person, date);
    columns->code[i] = code;
    columns->date[i] = date;
    latest = std::max(latest, date);
  }
};

bool IsSnomedId(std::string_view s) {
  return s.size() >= 6 && s.size() <= 18 && s[0] != '0' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The normalised "system:code" text, or "" after filing a problem.
std::string NormaliseCode(std::string_view system, std::string_view code, ConditionsPart& part) {
  if (system == "icd10") {
    auto n = NormaliseIcd10(code);
    if (n) return "icd10:" + *n;
    part.problems.Add(
        fmt::format("code '{}' is not an ICD-10 code; expected e.g. E11 or E11.9", code));
  } else if (IsSnomedId(code)) {
    return "snomed:" + std::string(code);
  } else {
    part.problems.Add(
        fmt::format("code '{}' is not a SNOMED CT concept id; expected 6 to 18 digits", code));
  }
  return "";
}

// The local id of a code, adding it when new; kNoIndex after filing a
// problem when it is not a code of its system.
uint32_t CodeId(bool snomed, std::string_view code, ConditionsPart& part) {
  uint32_t local = part.code_ids.Find(snomed, code);
  if (local != PackedMap::kAbsent) return local;
  std::string normal = NormaliseCode(snomed ? "snomed" : "icd10", code, part);
  if (normal.empty()) return kNoIndex;
  local = static_cast<uint32_t>(part.code_names.size());
  part.code_names.push_back(std::move(normal));
  part.code_ids.Insert(snomed, code, local);
  return local;
}

void ParseConditionRow(const std::vector<size_t>& col, const People& people,
                       const std::vector<std::string_view>& f, int32_t no_dates_after,
                       ConditionsPart& part) {
  std::string_view id = TrimSpaces(f[col[0]]);
  uint32_t person = part.lookup.Find(people.index, id);
  if (person == kNoIndex) UnknownPerson(people, id, part);
  std::string_view system = TrimSpaces(f[col[1]]);
  bool system_ok = system == "icd10" || system == "snomed";
  if (!system_ok) {
    std::string hint = DidYouMean(system, {"icd10", "snomed"});
    part.problems.Add(fmt::format("code_system '{}' is not icd10 or snomed{}", system,
                                  hint.empty() ? "" : "; " + hint));
  }
  std::string_view code = TrimSpaces(f[col[2]]);
  auto date = ParseDay(f[col[3]]);
  if (!date) {
    part.problems.Add(
        fmt::format("recorded_on '{}' is not a date; expected YYYY-MM-DD", f[col[3]]));
  } else {
    CheckNotAfter(*date, "recorded_on", no_dates_after, part.problems);
  }
  uint32_t local = kNoIndex;
  if (system_ok) local = CodeId(system == "snomed", code, part);
  if (!part.problems.row_ok()) return;
  part.Push(person, local, *date);
}

// The columns of activity.csv, sized once for the whole file; each piece
// writes its rows from its first possible row on (ParsePieces' init hook).
struct ActivityTable {
  LargeVector<uint8_t> setting;
  LargeVector<int32_t> start, end;
};

struct ActivityPart {
  ActivityTable* columns = nullptr;
  size_t first = 0, capacity = 0, rows = 0;  // rows [first, first + rows) written
  RowOrder order;
  PersonLookup lookup;
  int32_t latest = kFirstDay;
  ProblemList problems;

  void Push(uint32_t person, uint8_t setting, int32_t start, int32_t end) {
    if (rows == capacity) throw std::logic_error("activity piece holds more records than lines");
    size_t i = first + rows++;
    order.Add(person, start);
    columns->setting[i] = setting;
    columns->start[i] = start;
    columns->end[i] = end;
    latest = std::max(latest, end);
  }
};

int ParseSetting(std::string_view s) {
  for (int i = 0; i < kSettingCount; ++i) {
    if (SettingName(static_cast<Setting>(i)) == s) return i;
  }
  return -1;
}

void ParseActivityRow(const std::vector<size_t>& col, const People& people,
                      const std::vector<std::string_view>& f, int32_t no_dates_after,
                      ActivityPart& part) {
  std::string_view id = TrimSpaces(f[col[0]]);
  uint32_t person = part.lookup.Find(people.index, id);
  if (person == kNoIndex) UnknownPerson(people, id, part);
  std::string_view setting_text = TrimSpaces(f[col[1]]);
  int setting = ParseSetting(setting_text);
  if (setting < 0) {
    std::vector<std::string> names;
    for (int i = 0; i < kSettingCount; ++i)
      names.emplace_back(SettingName(static_cast<Setting>(i)));
    std::string hint = DidYouMean(setting_text, names);
    part.problems.Add(fmt::format(
        "setting '{}' is not one of ae, emergency_admission, elective_admission, daycase, "
        "outpatient{}",
        setting_text, hint.empty() ? "" : "; " + hint));
  }
  auto start = ParseDay(f[col[2]]);
  if (!start) {
    part.problems.Add(fmt::format("start_date '{}' is not a date; expected YYYY-MM-DD", f[col[2]]));
  }
  std::optional<int32_t> end = start;
  if (!TrimSpaces(f[col[3]]).empty()) {
    end = ParseDay(f[col[3]]);
    if (!end) {
      part.problems.Add(
          fmt::format("end_date '{}' is not a date; expected YYYY-MM-DD or blank", f[col[3]]));
    } else if (start && *end < *start) {
      part.problems.Add(fmt::format("end_date {} is before start_date {}", TrimSpaces(f[col[3]]),
                                    TrimSpaces(f[col[2]])));
    }
  }
  if (start && end) {
    CheckNotAfter(*start, "start_date", no_dates_after, part.problems);
    if (*end != *start) CheckNotAfter(*end, "end_date", no_dates_after, part.problems);
  }
  if (!part.problems.row_ok()) return;
  part.Push(person, static_cast<uint8_t>(setting), *start, *end);
}

// Reads activity rows in their plain form (columns in contract order):
//   id,setting,YYYY-MM-DD,[YYYY-MM-DD] then \n or \r\n
// with a known person, a known setting, real dates, end >= start and no date
// after the limit, until the first row that is not (the general path then
// reads it, with the same result for a good row and the problems of a bad
// one) or the end of the piece. The columns' pointers, the row count and the
// current person live in locals: stores of bytes may alias anything, so
// going through `part` for each would reload them on every row.
FastRun FastActivityRows(const char* p, const char* end, const People& people, int32_t limit,
                         ActivityPart& part) {
  uint8_t* const setting_out = part.columns->setting.data() + part.first;
  int32_t* const start_out = part.columns->start.data() + part.first;
  int32_t* const end_out = part.columns->end.data() + part.first;
  const size_t capacity = part.capacity;
  size_t rows = part.rows;
  int32_t latest = part.latest;
  uint32_t person = part.lookup.last_found;
  std::string_view last_id = part.lookup.last_id_set ? part.lookup.last_id : std::string_view();
  uint32_t run_person = kNoIndex;
  uint64_t run_rows = 0;
  RowOrder& order = part.order;
  const bool had_rows = !order.runs.empty();
  if (had_rows) {
    run_person = order.runs.back().person, run_rows = order.runs.back().rows;
    order.runs.pop_back();
  }
  int32_t last_start = order.last_date;
  bool in_order = order.dates_in_order;
  const size_t first_row_of_batch = rows;
  int64_t lines = 0;
#if defined(__SSE2__)
  // The first 16 bytes of the last row whose id was resolved here, and the
  // mask of its id and the comma after it: a row that starts with the same
  // bytes is the same person's (most rows are), found with one compare.
  __m128i same_bytes = _mm_setzero_si128();
  uint32_t same_mask = 0;  // 0: none yet
#endif
  while (p < end) {
    const char* comma = nullptr;
    bool same_id = false;
#if defined(__SSE2__)
    if (end - p >= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      auto equal = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, same_bytes)));
      if (same_mask != 0 && (equal & same_mask) == same_mask) {
        comma = p + std::countr_one(same_mask) - 1;
        same_id = true;
      } else {
        comma = PlainFieldEnd(p, end);
        if (comma != nullptr && comma - p < 16) {
          same_bytes = v;
          same_mask = (uint32_t{1} << (comma - p + 1)) - 1;
        } else {
          same_mask = 0;
        }
      }
    } else {
      comma = PlainFieldEnd(p, end);
      same_mask = 0;
    }
#else
    comma = PlainFieldEnd(p, end);
#endif
    if (comma == nullptr || comma == p) break;
    // The longest rest: ",emergency_admission,YYYY-MM-DD,YYYY-MM-DD\r\n" (44 bytes).
    if (end - comma < 44) break;
    const char* s = comma + 1;
    Setting setting;
    const char* a;
    if (s[0] == 'o' && HasPrefix(s, "outpatient,")) {
      setting = Setting::kOutpatient, a = s + 11;
    } else if (s[0] == 'a' && HasPrefix(s, "ae,")) {
      setting = Setting::kAe, a = s + 3;
    } else if (s[0] == 'd' && HasPrefix(s, "daycase,")) {
      setting = Setting::kDaycase, a = s + 8;
    } else if (s[0] == 'e' && HasPrefix(s, "emergency_admission,")) {
      setting = Setting::kEmergencyAdmission, a = s + 20;
    } else if (s[0] == 'e' && HasPrefix(s, "elective_admission,")) {
      setting = Setting::kElectiveAdmission, a = s + 19;
    } else {
      break;
    }
    const int32_t start = ParseDay10(a);
    if (start == kBadDay || a[10] != ',') break;
    const char* b = a + 11;
    int32_t stop = start;
    const char* next;
    if (b[0] == '\n') {
      next = b + 1;
    } else if (b[0] == '\r' && b[1] == '\n') {
      next = b + 2;
    } else {
      stop = ParseDay10(b);
      if (stop == kBadDay || stop < start) break;
      if (b[10] == '\n') {
        next = b + 11;
      } else if (b[10] == '\r' && b[11] == '\n') {
        next = b + 12;
      } else {
        break;
      }
    }
    if (limit < kLastDay && stop > limit) break;  // start <= stop: both checked
    std::string_view id(p, static_cast<size_t>(comma - p));
    if (!same_id && !StringIndex::SameString(id, last_id)) {
      person = part.lookup.Find(people.index, id);
      last_id = part.lookup.last_id;
    }
    if (person == kNoIndex) break;
    if (rows == capacity) throw std::logic_error("activity piece holds more records than lines");
    setting_out[rows] = static_cast<uint8_t>(setting);
    start_out[rows] = start;
    end_out[rows] = stop;
    ++rows;
    latest = std::max(latest, stop);
    if (person == run_person && run_rows < UINT32_MAX) {
      in_order &= start >= last_start;
      ++run_rows;
    } else {
      if (run_rows > 0) order.runs.push_back({run_person, static_cast<uint32_t>(run_rows)});
      run_person = person, run_rows = 1;
    }
    last_start = start;
    p = next;
    ++lines;
  }
  if (run_rows > 0) order.runs.push_back({run_person, static_cast<uint32_t>(run_rows)});
  if (!had_rows && lines > 0) order.first_date = start_out[first_row_of_batch];
  order.last_date = last_start;
  order.dates_in_order = in_order;
  part.rows = rows;
  part.latest = latest;
  return {p, lines};
}

// Reads conditions rows in their plain form (columns in contract order):
//   id,icd10|snomed,code,YYYY-MM-DD then \n or \r\n
// with a known person, a good code and a date not after the limit, until the
// first that is not (the general path then reads it, with the same result
// for a good row) or the end of the piece; state in locals as for activity.
FastRun FastConditionRows(const char* p, const char* end, const People& people, int32_t limit,
                          ConditionsPart& part) {
  uint32_t* const code_out = part.columns->code.data() + part.first;
  int32_t* const date_out = part.columns->date.data() + part.first;
  const size_t capacity = part.capacity;
  size_t rows = part.rows;
  int32_t latest = part.latest;
  uint32_t person = part.lookup.last_found;
  std::string_view last_id = part.lookup.last_id_set ? part.lookup.last_id : std::string_view();
  int64_t lines = 0;
  while (p < end) {
    const char* comma = PlainFieldEnd(p, end);
    if (comma == nullptr || comma == p) break;
    // The shortest rest: ",icd10,X,YYYY-MM-DD\n" (20 bytes).
    if (end - comma < 20) break;
    const char* s = comma + 1;
    bool snomed;
    if (HasPrefix(s, "icd10,")) {
      snomed = false, s += 6;
    } else if (HasPrefix(s, "snomed,")) {
      snomed = true, s += 7;
    } else {
      break;
    }
    const char* code_end = PlainFieldEnd(s, end);
    if (code_end == nullptr || code_end == s || end - code_end < 12) break;
    const int32_t date = ParseDay10(code_end + 1);
    if (date == kBadDay) break;
    const char* next = LineEndAt(code_end + 11, end);
    if (next == nullptr) break;
    if (limit < kLastDay && date > limit) break;
    std::string_view id(p, static_cast<size_t>(comma - p));
    if (!StringIndex::SameString(id, last_id)) {
      person = part.lookup.Find(people.index, id);
      last_id = part.lookup.last_id;
    }
    if (person == kNoIndex) break;
    std::string_view code(s, static_cast<size_t>(code_end - s));
    uint32_t local = part.code_ids.Find(snomed, code);
    if (local == PackedMap::kAbsent) {
      // A new code: the general path checks it (and files a problem if bad).
      if (snomed ? !IsSnomedId(code) : !NormaliseIcd10(code)) break;
      local = CodeId(snomed, code, part);
    }
    if (rows == capacity) throw std::logic_error("conditions piece holds more records than lines");
    code_out[rows] = local;
    date_out[rows] = date;
    ++rows;
    part.order.Add(person, date);
    latest = std::max(latest, date);
    p = next;
    ++lines;
  }
  part.rows = rows;
  part.latest = latest;
  return {p, lines};
}

// Whether the runs of all parts, in order, have persons that never decrease
// (rows grouped by person in the order of persons.csv).
template <typename Part>
bool RunsAscend(const std::vector<Part>& parts) {
  uint32_t last = 0;
  for (const Part& p : parts) {
    for (PersonRun r : p.order.runs) {
      if (r.person < last) return false;
      last = r.person;
    }
  }
  return true;
}

// Whether every person's rows come in date order (the parts' own checks,
// and a person whose rows run on from one part into the next).
template <typename Part>
bool DatesInOrder(const std::vector<Part>& parts) {
  const RowOrder* before = nullptr;  // of the last part with rows
  for (const Part& p : parts) {
    const RowOrder& o = p.order;
    if (!o.dates_in_order) return false;
    if (o.runs.empty()) continue;
    if (before != nullptr && before->runs.back().person == o.runs.front().person &&
        o.first_date < before->last_date) {
      return false;
    }
    before = &o;
  }
  return true;
}

// The CSR offsets (people + 1) of rows whose runs ascend.
template <typename Part>
std::vector<uint64_t> OffsetsOfRuns(const std::vector<Part>& parts, size_t people, size_t rows) {
  std::vector<uint64_t> offsets(people + 1);
  size_t next = 0;  // the first person whose offset is not yet set
  uint64_t at = 0;
  for (const Part& p : parts) {
    for (PersonRun r : p.order.runs) {
      for (; next <= r.person; ++next) offsets[next] = at;
      at += r.rows;
    }
  }
  for (; next <= people; ++next) offsets[next] = rows;
  return offsets;
}

// Puts the merged rows (`rows` of them, the parts' in order) in CSR order:
// grouped by person, by date within each, moving `others` with `date`.
// Returns the offsets.
template <typename Part, typename D, typename... Others>
std::vector<uint64_t> CsrFromParts(std::vector<Part>& parts, size_t rows, size_t people,
                                   int threads, D& date, Others&... others) {
  if (RunsAscend(parts)) {
    std::vector<uint64_t> offsets = OffsetsOfRuns(parts, people, rows);
    if (!DatesInOrder(parts)) SortDatesWithinPeople(offsets, date, people, threads, others...);
    return offsets;
  }
  LargeVector<uint32_t> person(rows);
  size_t at = 0;
  for (const Part& p : parts) {
    for (PersonRun r : p.order.runs)
      std::fill_n(person.begin() + at, r.rows, r.person), at += r.rows;
  }
  for (Part& p : parts) std::vector<PersonRun>().swap(p.order.runs);
  return SortByPersonAndDate(person, date, people, threads, others...);
}

}  // namespace

const std::vector<std::string>& ConditionsColumns() {
  static const std::vector<std::string> names = {"person_id", "code_system", "code", "recorded_on"};
  return names;
}

const std::vector<std::string>& ActivityColumns() {
  static const std::vector<std::string> names = {"person_id", "setting", "start_date", "end_date"};
  return names;
}

Status LoadConditions(const CsvSource& src, const LoaderContext& ctx, const People& people,
                      Extract* extract, ProblemList* problems) {
  PhaseTrace trace("conditions.csv");
  ConditionsTable cols;
  const size_t lines = RecordCapacity(src);
  cols.code.resize(lines), cols.date.resize(lines);
  auto parse = [&](const std::vector<std::string_view>& f, int64_t, ConditionsPart& part) {
    ParseConditionRow(src.columns, people, f, ctx.no_dates_after, part);
  };
  auto init = [&](ConditionsPart& part, size_t first, size_t capacity) {
    part.columns = &cols, part.first = first, part.capacity = capacity;
  };
  std::vector<ConditionsPart> parts = ParsePiecesFast<ConditionsPart>(
      src, ctx, parse, init, [&](const char* p, const char* end, int64_t, ConditionsPart& part) {
        return FastConditionRows(p, end, people, ctx.no_dates_after, part);
      });
  trace.Mark("parse");
  // One dictionary of codes; rows left unused by a piece (blank or bad
  // lines) closed up.
  std::unordered_map<std::string, uint32_t> code_ids;
  std::vector<std::string> code_names;
  std::vector<std::vector<uint32_t>> remaps(parts.size());
  std::vector<size_t> row_base(parts.size());
  size_t rows = 0;
  int32_t latest = kFirstDay;
  for (size_t i = 0; i < parts.size(); ++i) {
    ConditionsPart& p = parts[i];
    problems->Merge(std::move(p.problems));
    remaps[i].resize(p.code_names.size());
    for (size_t k = 0; k < remaps[i].size(); ++k) {
      auto [it, fresh] =
          code_ids.try_emplace(p.code_names[k], static_cast<uint32_t>(code_names.size()));
      if (fresh) code_names.push_back(p.code_names[k]);
      remaps[i][k] = it->second;
    }
    if (p.first != rows && p.rows > 0) {
      std::memmove(&cols.code[rows], &cols.code[p.first], p.rows * sizeof(uint32_t));
      std::memmove(&cols.date[rows], &cols.date[p.first], p.rows * sizeof(int32_t));
    }
    row_base[i] = rows;
    rows += p.rows;
    latest = std::max(latest, p.latest);
  }
  ParallelFor(parts.size(), ctx.threads, [&](size_t i) {
    for (size_t r = row_base[i]; r < row_base[i] + parts[i].rows; ++r) {
      cols.code[r] = remaps[i][cols.code[r]];
    }
  });
  cols.code.resize(rows), cols.date.resize(rows);
  trace.Mark("merge");
  std::vector<uint64_t> offsets =
      CsrFromParts(parts, rows, extract->persons.size(), ctx.threads, cols.date, cols.code);
  trace.Mark("sort");
  Conditions& c = extract->conditions;
  c.offsets = Column<uint64_t>(std::move(offsets));
  c.code = ToColumn(std::move(cols.code));
  c.recorded_on = ToColumn(std::move(cols.date));
  extract->condition_codes = StringColumn::FromStrings(code_names);
  extract->latest_date = std::max(extract->latest_date, latest);
  return Status::Ok();
}

Status LoadActivity(const CsvSource& src, const LoaderContext& ctx, const People& people,
                    Extract* extract, ProblemList* problems) {
  // Sized for the most records the file can hold; a piece's unused rows
  // (blank or bad lines, quoted line breaks) are closed up below.
  PhaseTrace trace("activity.csv");
  const size_t lines = RecordCapacity(src);
  ActivityTable cols;
  cols.setting.resize(lines), cols.start.resize(lines), cols.end.resize(lines);
  auto init = [&](ActivityPart& part, size_t first, size_t capacity) {
    part.columns = &cols, part.first = first, part.capacity = capacity;
  };
  auto parse = [&](const std::vector<std::string_view>& f, int64_t, ActivityPart& part) {
    ParseActivityRow(src.columns, people, f, ctx.no_dates_after, part);
  };
  std::vector<ActivityPart> parts = ParsePiecesFast<ActivityPart>(
      src, ctx, parse, init, [&](const char* p, const char* end, int64_t, ActivityPart& part) {
        return FastActivityRows(p, end, people, ctx.no_dates_after, part);
      });
  trace.Mark("parse");
  size_t rows = 0;
  int32_t latest = kFirstDay;
  for (ActivityPart& p : parts) {
    problems->Merge(std::move(p.problems));
    if (p.first != rows) {  // close up the gap left by blank or bad lines
      std::memmove(&cols.setting[rows], &cols.setting[p.first], p.rows * sizeof(uint8_t));
      std::memmove(&cols.start[rows], &cols.start[p.first], p.rows * sizeof(int32_t));
      std::memmove(&cols.end[rows], &cols.end[p.first], p.rows * sizeof(int32_t));
    }
    rows += p.rows;
    latest = std::max(latest, p.latest);
  }
  cols.setting.resize(rows), cols.start.resize(rows), cols.end.resize(rows);
  std::vector<uint64_t> offsets = CsrFromParts(parts, rows, extract->persons.size(), ctx.threads,
                                               cols.start, cols.setting, cols.end);
  trace.Mark("sort");
  Activity& a = extract->activity;
  a.offsets = Column<uint64_t>(std::move(offsets));
  a.setting = ToColumn(std::move(cols.setting));
  a.start = ToColumn(std::move(cols.start));
  a.end = ToColumn(std::move(cols.end));
  extract->latest_date = std::max(extract->latest_date, latest);
  return Status::Ok();
}

}  // namespace barometer::population::internal
