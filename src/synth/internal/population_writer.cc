#include "synth/internal/population_writer.h"

#include <array>
#include <vector>

#include "core/csv.h"
#include "core/date.h"
#include "synth/internal/population_rng.h"

namespace barometer::synth::internal {
namespace {

constexpr int kFirstTableYear = 1890;
constexpr int kLastTableYear = 2030;

struct DateTable {
  int32_t first_day = 0;
  std::vector<std::array<char, 10>> text;
  DateTable() {
    first_day = static_cast<int32_t>(Date{kFirstTableYear, 1, 1}.ToDays());
    int32_t last = static_cast<int32_t>(Date{kLastTableYear, 12, 31}.ToDays());
    text.resize(last - first_day + 1);
    for (int32_t d = first_day; d <= last; ++d) {
      std::string s = Date::FromDays(d).ToString();
      std::copy(s.begin(), s.end(), text[d - first_day].begin());
    }
  }
};

const DateTable& Dates() {
  static const DateTable table;
  return table;
}

void AppendUint(std::string& out, uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out.push_back(buf[--n]);
}

void AppendDate(std::string& out, int32_t day) { out.append(DateText(day)); }

}  // namespace

std::string_view DateText(int32_t day) {
  const DateTable& t = Dates();
  return {t.text[day - t.first_day].data(), 10};
}

std::string Pseudonym(uint64_t seed, uint64_t index) {
  constexpr uint64_t kHalf = (1u << 20) - 1;
  uint64_t left = (index >> 20) & kHalf, right = index & kHalf;
  for (uint64_t round = 0; round < 4; ++round) {
    uint64_t f = Mix64(right ^ Mix64(seed + round * 0x9e3779b97f4a7c15ULL)) & kHalf;
    uint64_t next = left ^ f;
    left = right;
    right = next;
  }
  uint64_t v = (left << 20) | right;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(10, '0');
  for (int i = 9; i >= 0; --i, v >>= 4) s[i] = kHex[v & 15];
  return s;
}

PersonRows::PersonRows(const AreaTable& areas, uint64_t seed) : seed_(seed) {
  for (size_t i = 0; i < areas.lsoas().size(); ++i) lsoa_codes_.push_back(AreaTable::LsoaCode(i));
  for (int i = 0; i < areas.practice_count(); ++i) practice_codes_.push_back(areas.PracticeCode(i));
  Dates();
}

void PersonRows::Append(const Person& p, RowBuffers& out) const {
  const std::string id = Pseudonym(seed_, p.index);
  Date birth = Date::FromDays(p.birth_day);
  std::string& s = out.persons;
  s += id;
  s += ',';
  s += p.recorded_sex;
  s += ',';
  AppendUint(s, birth.year);
  s += ',';
  AppendUint(s, birth.month);
  s += ',';
  s += lsoa_codes_[p.lsoa];
  s += ',';
  s += practice_codes_[p.practice];
  s += ',';
  s += p.ethnic;
  s += ',';
  AppendDate(s, p.registered_from);
  s += ',';
  if (p.exit_day >= 0 && !p.died) AppendDate(s, p.exit_day);
  s += ',';
  if (p.died) AppendDate(s, p.exit_day);
  s += ',';
  s += p.cause;
  s += '\n';
  for (const ConditionRecord& c : p.conditions) {
    std::string& t = out.conditions;
    t += id;
    t += ',';
    t += c.system;
    t += ',';
    t += c.code;
    t += ',';
    AppendDate(t, c.day);
    t += '\n';
  }
  out.condition_rows += p.conditions.size();
  for (const ActivityRecord& a : p.activity) {
    std::string& t = out.activity;
    t += id;
    t += ',';
    t += SettingName(a.setting);
    t += ',';
    AppendDate(t, a.start);
    t += ',';
    if (a.end >= 0) AppendDate(t, a.end);
    t += '\n';
  }
  out.activity_rows += p.activity.size();
}

std::string AreaRows(const AreaTable& areas) {
  std::string out(kAreasHeader);
  for (size_t i = 0; i < areas.lsoas().size(); ++i) {
    const Lsoa& l = areas.lsoas()[i];
    const Neighbourhood& n = areas.neighbourhoods()[l.neighbourhood];
    AppendCsvRow(out, {AreaTable::LsoaCode(i), std::to_string(l.decile), n.name,
                       areas.local_authorities()[n.local_authority]});
  }
  return out;
}

}  // namespace barometer::synth::internal
