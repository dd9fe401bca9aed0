// persons.csv.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "population/codes.h"
#include "population/internal/fields.h"
#include "population/internal/future_dates.h"
#include "population/internal/loader.h"

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

struct PersonsPart {
  std::string id_chars;
  std::vector<uint64_t> id_ends;
  std::vector<int8_t> sex;
  std::vector<int16_t> birth_year;
  std::vector<uint8_t> birth_month;
  std::vector<uint32_t> area, practice;
  std::vector<uint8_t> ethnic;
  std::vector<int32_t> from, to, death;
  std::vector<uint16_t> cause;
  std::vector<int64_t> lines;
  std::unordered_map<std::string, uint32_t> practice_ids;
  std::vector<std::string> practice_names;
  int32_t latest = kFirstDay;
  std::vector<std::pair<std::string, int64_t>> bad_ids;  // ids of bad rows, with their lines
  ProblemList problems;

  // Room for `rows` rows, so the columns never move while they fill.
  void Reserve(size_t rows) {
    id_ends.reserve(rows), sex.reserve(rows), birth_year.reserve(rows);
    birth_month.reserve(rows), area.reserve(rows), practice.reserve(rows);
    ethnic.reserve(rows), from.reserve(rows), to.reserve(rows), death.reserve(rows);
    cause.reserve(rows), lines.reserve(rows);
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

void AppendPerson(const PersonRow& r, int64_t line, PersonsPart& part) {
  part.id_chars.append(r.id);
  part.id_ends.push_back(part.id_chars.size());
  part.sex.push_back(static_cast<int8_t>(r.sex[0] - '0'));
  part.birth_year.push_back(static_cast<int16_t>(*r.birth_year));
  part.birth_month.push_back(static_cast<uint8_t>(*r.birth_month));
  part.area.push_back(r.area);
  uint32_t p = kNoIndex;
  if (!r.practice.empty()) {
    auto [it, fresh] = part.practice_ids.try_emplace(
        std::string(r.practice), static_cast<uint32_t>(part.practice_names.size()));
    if (fresh) part.practice_names.emplace_back(r.practice);
    p = it->second;
  }
  part.practice.push_back(p);
  part.ethnic.push_back(r.ethnic);
  part.from.push_back(*r.from);
  part.to.push_back(r.to);
  part.death.push_back(r.death);
  part.cause.push_back(r.cause);
  part.lines.push_back(line);
  int32_t from = *r.from;
  part.latest = std::max(
      {part.latest, from, r.to == kNever ? from : r.to, r.death == kNever ? from : r.death});
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
    AppendPerson(r, line, part);
  } else if (!r.id.empty()) {
    part.bad_ids.emplace_back(r.id, line);
  }
}

template <typename T>
void Append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

template <typename T>
std::vector<T> Keep(const std::vector<T>& v, const std::vector<bool>& keep) {
  std::vector<T> out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (keep[i]) out.push_back(v[i]);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& PersonsColumns() { return Required(); }

namespace {

// The parts, in order, as one PersonsPart; practice codes get one dictionary.
PersonsPart MergeParts(std::vector<PersonsPart>& parts, std::vector<std::string>* practice_names,
                       std::unordered_map<std::string, int64_t>* bad_ids, ProblemList* problems) {
  PersonsPart all;
  size_t rows = 0, chars = 0;
  for (const PersonsPart& p : parts) rows += p.sex.size(), chars += p.id_chars.size();
  all.id_chars.reserve(chars);
  all.id_ends.reserve(rows), all.sex.reserve(rows), all.birth_year.reserve(rows);
  all.birth_month.reserve(rows), all.area.reserve(rows), all.practice.reserve(rows);
  all.ethnic.reserve(rows), all.from.reserve(rows), all.to.reserve(rows);
  all.death.reserve(rows), all.cause.reserve(rows), all.lines.reserve(rows);
  std::unordered_map<std::string, uint32_t> practice_ids;
  for (PersonsPart& p : parts) {
    problems->Merge(std::move(p.problems));
    uint64_t base = all.id_chars.size();
    all.id_chars += p.id_chars;
    for (uint64_t e : p.id_ends) all.id_ends.push_back(base + e);
    Append(all.sex, p.sex), Append(all.birth_year, p.birth_year);
    Append(all.birth_month, p.birth_month), Append(all.area, p.area);
    Append(all.ethnic, p.ethnic), Append(all.from, p.from), Append(all.to, p.to);
    Append(all.death, p.death), Append(all.cause, p.cause), Append(all.lines, p.lines);
    std::vector<uint32_t> remap(p.practice_names.size());
    for (size_t i = 0; i < remap.size(); ++i) {
      auto [it, fresh] = practice_ids.try_emplace(p.practice_names[i],
                                                  static_cast<uint32_t>(practice_names->size()));
      if (fresh) practice_names->push_back(p.practice_names[i]);
      remap[i] = it->second;
    }
    for (uint32_t local : p.practice) {
      all.practice.push_back(local == kNoIndex ? kNoIndex : remap[local]);
    }
    all.latest = std::max(all.latest, p.latest);
    for (auto& [id, line] : p.bad_ids) bad_ids->emplace(std::move(id), line);
    p = PersonsPart();  // free the piece as we go
  }
  ReleaseFreedMemory();
  return all;
}

// A repeated person_id: the first row stands, later ones are problems (and
// are left out when rows are skipped).
void DropRepeatedIds(const std::vector<std::pair<uint32_t, uint32_t>>& dups, PersonsPart& all,
                     StringColumn& ids, StringIndex& index, int threads, ProblemList* problems) {
  std::vector<bool> keep(all.sex.size(), true);
  for (auto [later, first] : dups) {
    keep[later] = false;
    problems->Add(
        fmt::format("person_id '{}' is repeated (first at line {})", ids[later], all.lines[first]));
    problems->Commit(all.lines[later], "");
  }
  std::vector<std::string> kept_ids;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) kept_ids.emplace_back(ids[i]);
  }
  ids = StringColumn::FromStrings(kept_ids);
  index = StringIndex(ids, nullptr, threads);
  all.sex = Keep(all.sex, keep), all.birth_year = Keep(all.birth_year, keep);
  all.birth_month = Keep(all.birth_month, keep), all.area = Keep(all.area, keep);
  all.practice = Keep(all.practice, keep), all.ethnic = Keep(all.ethnic, keep);
  all.from = Keep(all.from, keep), all.to = Keep(all.to, keep);
  all.death = Keep(all.death, keep), all.cause = Keep(all.cause, keep);
}

}  // namespace

Result<People> LoadPersons(const CsvSource& src, const LoaderContext& ctx, const StringIndex& lsoas,
                           Extract* extract, ProblemList* problems) {
  auto parts = ParsePieces<PersonsPart>(
      src, ctx,
      [&](const std::vector<std::string_view>& f, int64_t line, PersonsPart& part) {
        ParsePersonRow(src.columns, lsoas, f, line, ctx.no_dates_after, part);
      },
      [](PersonsPart& part, size_t, size_t rows) { part.Reserve(rows); });
  std::vector<std::string> practice_names;
  People people;
  PersonsPart all = MergeParts(parts, &practice_names, &people.bad, problems);
  std::vector<uint64_t> offsets = {0};
  Append(offsets, all.id_ends);
  StringColumn ids(Column<char>(std::vector<char>(all.id_chars.begin(), all.id_chars.end())),
                   Column<uint64_t>(std::move(offsets)));
  std::vector<std::pair<uint32_t, uint32_t>> dups;
  StringIndex index(ids, &dups, ctx.threads);
  if (!dups.empty()) DropRepeatedIds(dups, all, ids, index, ctx.threads, problems);
  Persons& out = extract->persons;
  out.id = std::move(ids);
  out.sex = Column<int8_t>(std::move(all.sex));
  out.birth_year = Column<int16_t>(std::move(all.birth_year));
  out.birth_month = Column<uint8_t>(std::move(all.birth_month));
  out.area = Column<uint32_t>(std::move(all.area));
  out.practice = Column<uint32_t>(std::move(all.practice));
  out.ethnic = Column<uint8_t>(std::move(all.ethnic));
  out.registered_from = Column<int32_t>(std::move(all.from));
  out.registered_to = Column<int32_t>(std::move(all.to));
  out.date_of_death = Column<int32_t>(std::move(all.death));
  out.cause = Column<uint16_t>(std::move(all.cause));
  extract->practices = StringColumn::FromStrings(practice_names);
  extract->latest_date = std::max(extract->latest_date, all.latest);
  people.index = std::move(index);
  return people;
}

}  // namespace barometer::population::internal
