// conditions.csv and activity.csv: rows that refer to people, kept in CSR
// form (grouped by person, ordered by date).
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/text.h"
#include "population/codes.h"
#include "population/internal/fields.h"
#include "population/internal/future_dates.h"
#include "population/internal/loader.h"

namespace barometer::population::internal {
namespace {

// Resolves person ids, remembering the last one: rows usually come grouped
// by person and in the order of persons.csv, so most look-ups are a string
// compare with the last id or with the next few people. One per piece.
struct PersonLookup {
  uint32_t Find(const StringIndex& index, std::string_view id) {
    if (last_id_set && id == last_id) return last_found;
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

struct ConditionsPart {
  std::vector<uint32_t> person, code;
  std::vector<int32_t> date;
  std::unordered_map<std::string, uint32_t> code_ids;  // raw "<system char><code>" -> local id
  std::vector<std::string> code_names;                 // normalised "icd10:E119"
  std::string key;
  PersonLookup lookup;
  int32_t latest = kFirstDay;
  ProblemList problems;
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

void ParseConditionRow(const std::vector<size_t>& col, const People& people,
                       const std::vector<std::string_view>& f, int32_t no_dates_after,
                       ConditionsPart& part) {
  std::string_view id = TrimSpaces(f[col[0]]);
  uint32_t person = part.lookup.Find(people.index, id);
  std::string& key = part.key;
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
  if (system_ok) {
    key.assign(1, system[0]);
    key.append(code);
    auto it = part.code_ids.find(key);
    if (it != part.code_ids.end()) {
      local = it->second;
    } else {
      std::string normal = NormaliseCode(system, code, part);
      if (!normal.empty()) {
        local = static_cast<uint32_t>(part.code_names.size());
        part.code_names.push_back(std::move(normal));
        part.code_ids.emplace(key, local);
      }
    }
  }
  if (!part.problems.row_ok()) return;
  part.person.push_back(person);
  part.code.push_back(local);
  part.date.push_back(*date);
  part.latest = std::max(part.latest, *date);
}

struct ActivityPart {
  std::vector<uint32_t> person;
  std::vector<uint8_t> setting;
  std::vector<int32_t> start, end;
  PersonLookup lookup;
  int32_t latest = kFirstDay;
  ProblemList problems;
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
  part.person.push_back(person);
  part.setting.push_back(static_cast<uint8_t>(setting));
  part.start.push_back(*start);
  part.end.push_back(*end);
  part.latest = std::max(part.latest, *end);
}

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
  std::vector<T>().swap(from);
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
  auto parts = ParsePieces<ConditionsPart>(
      src, ctx, [&](const std::vector<std::string_view>& f, int64_t, ConditionsPart& part) {
        ParseConditionRow(src.columns, people, f, ctx.no_dates_after, part);
      });
  ConditionsPart all;
  size_t rows = 0;
  for (const ConditionsPart& p : parts) rows += p.person.size();
  all.person.reserve(rows), all.code.reserve(rows), all.date.reserve(rows);
  std::unordered_map<std::string, uint32_t> code_ids;
  std::vector<std::string> code_names;
  for (ConditionsPart& p : parts) {
    problems->Merge(std::move(p.problems));
    std::vector<uint32_t> remap(p.code_names.size());
    for (size_t i = 0; i < remap.size(); ++i) {
      auto [it, fresh] =
          code_ids.try_emplace(p.code_names[i], static_cast<uint32_t>(code_names.size()));
      if (fresh) code_names.push_back(p.code_names[i]);
      remap[i] = it->second;
    }
    for (uint32_t& c : p.code) c = remap[c];
    Append(all.person, p.person);
    Append(all.code, p.code);
    Append(all.date, p.date);
    all.latest = std::max(all.latest, p.latest);
    ReleaseFreedMemory();
  }
  size_t people_count = extract->persons.size();
  SortByPersonAndDate(all.person, all.date, people_count, ctx.threads, all.code);
  Conditions& c = extract->conditions;
  c.offsets = Column<uint64_t>(CsrOffsets(all.person, people_count));
  c.code = Column<uint32_t>(std::move(all.code));
  c.recorded_on = Column<int32_t>(std::move(all.date));
  extract->condition_codes = StringColumn::FromStrings(code_names);
  extract->latest_date = std::max(extract->latest_date, all.latest);
  return Status::Ok();
}

Status LoadActivity(const CsvSource& src, const LoaderContext& ctx, const People& people,
                    Extract* extract, ProblemList* problems) {
  auto parts = ParsePieces<ActivityPart>(
      src, ctx, [&](const std::vector<std::string_view>& f, int64_t, ActivityPart& part) {
        ParseActivityRow(src.columns, people, f, ctx.no_dates_after, part);
      });
  ActivityPart all;
  size_t rows = 0;
  for (const ActivityPart& p : parts) rows += p.person.size();
  all.person.reserve(rows), all.setting.reserve(rows), all.start.reserve(rows);
  all.end.reserve(rows);
  for (ActivityPart& p : parts) {
    problems->Merge(std::move(p.problems));
    Append(all.person, p.person);
    Append(all.setting, p.setting);
    Append(all.start, p.start);
    Append(all.end, p.end);
    all.latest = std::max(all.latest, p.latest);
    ReleaseFreedMemory();
  }
  size_t people_count = extract->persons.size();
  SortByPersonAndDate(all.person, all.start, people_count, ctx.threads, all.setting, all.end);
  Activity& a = extract->activity;
  a.offsets = Column<uint64_t>(CsrOffsets(all.person, people_count));
  a.setting = Column<uint8_t>(std::move(all.setting));
  a.start = Column<int32_t>(std::move(all.start));
  a.end = Column<int32_t>(std::move(all.end));
  extract->latest_date = std::max(extract->latest_date, all.latest);
  return Status::Ok();
}

}  // namespace barometer::population::internal
