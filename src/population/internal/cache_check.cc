#include "population/internal/cache_check.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "population/codes.h"

namespace barometer::population::internal {
namespace {

// Whether `ok` holds for every value: branch-free within blocks (so the
// compiler can vectorise it), stopping at the first block with a bad value.
template <typename T, typename Ok>
bool AllOf(const T* v, size_t n, Ok ok) {
  constexpr size_t kBlock = 4096;
  for (size_t i = 0; i < n; i += kBlock) {
    const size_t end = std::min(n, i + kBlock);
    unsigned bad = 0;
    for (size_t j = i; j < end; ++j) bad |= !ok(v[j]);
    if (bad != 0) return false;
  }
  return true;
}
template <typename T, typename Ok>
bool AllOf(const Column<T>& c, Ok ok) {
  return AllOf(c.data(), c.size(), ok);
}

// Whether offsets never decrease (blocks as in AllOf).
bool Ascending(const uint64_t* v, size_t n) {
  constexpr size_t kBlock = 4096;
  for (size_t i = 1; i < n; i += kBlock) {
    const size_t end = std::min(n, i + kBlock);
    unsigned bad = 0;
    for (size_t j = i; j < end; ++j) bad |= v[j - 1] > v[j];
    if (bad != 0) return false;
  }
  return true;
}

bool StringsOk(const StringColumn& s) {
  const auto& off = s.offsets();
  if (off.empty()) return s.chars().empty();
  if (off[0] != 0 || off[off.size() - 1] != s.chars().size()) return false;
  return Ascending(off.data(), off.size());
}

bool IndexOk(const Column<uint32_t>& c, size_t limit, bool allow_none) {
  if (limit == 0 && !allow_none) return c.empty();
  // kNoIndex when it is allowed, otherwise an index that is valid anyway.
  const uint32_t none = allow_none ? kNoIndex : 0;
  return AllOf(c, [&](uint32_t v) { return (v < limit) | (v == none); });
}

bool DaysOk(const Column<int32_t>& c, bool allow_never) {
  // kFirstDay <= d <= kLastDay as one unsigned comparison.
  constexpr uint32_t kSpan = static_cast<uint32_t>(kLastDay - kFirstDay);
  // kNever when it is allowed, otherwise a date that is in range anyway.
  const int32_t never = allow_never ? kNever : kFirstDay;
  return AllOf(c, [&](int32_t d) {
    return (static_cast<uint32_t>(d) - static_cast<uint32_t>(kFirstDay) <= kSpan) | (d == never);
  });
}

bool OffsetsOk(const Column<uint64_t>& off, size_t people, size_t rows) {
  if (off.size() != people + 1 || off[0] != 0 || off[people] != rows) return false;
  return Ascending(off.data(), off.size());
}

Status PersonsOk(const Extract& x) {
  const Persons& p = x.persons;
  size_t n = p.size();
  bool sizes = p.id.size() == n && p.birth_year.size() == n && p.birth_month.size() == n &&
               p.area.size() == n && p.practice.size() == n && p.ethnic.size() == n &&
               p.registered_from.size() == n && p.registered_to.size() == n &&
               p.date_of_death.size() == n && p.cause.size() == n;
  if (!sizes || !StringsOk(p.id)) return Status::Corrupt("persons columns differ in length");
  bool values = AllOf(p.sex, [](int8_t s) { return (s == 0) | (s == 1) | (s == 2) | (s == 9); }) &&
                AllOf(p.birth_year, [](int16_t y) { return (y >= 1880) & (y <= 2099); }) &&
                AllOf(p.birth_month, [](uint8_t m) { return (m >= 1) & (m <= 12); }) &&
                AllOf(p.cause, [](uint16_t c) { return c <= 1 + 2599 * 11 + 10; }) &&
                IndexOk(p.area, x.areas.size(), true) &&
                IndexOk(p.practice, x.practices.size(), true) && DaysOk(p.registered_from, false) &&
                DaysOk(p.registered_to, true) && DaysOk(p.date_of_death, true);
  return values ? Status::Ok() : Status::Corrupt("a persons value is out of range");
}

Status EventsOk(const Extract& x) {
  size_t n = x.persons.size();
  const Conditions& c = x.conditions;
  const Activity& a = x.activity;
  if (c.recorded_on.size() != c.code.size() || !OffsetsOk(c.offsets, n, c.code.size()) ||
      !IndexOk(c.code, x.condition_codes.size(), false) || !DaysOk(c.recorded_on, false) ||
      !StringsOk(x.condition_codes)) {
    return Status::Corrupt("conditions columns are inconsistent");
  }
  if (a.start.size() != a.size() || a.end.size() != a.size() ||
      !OffsetsOk(a.offsets, n, a.size()) || !DaysOk(a.start, false) || !DaysOk(a.end, false) ||
      !AllOf(a.setting, [](uint8_t s) { return s < kSettingCount; })) {
    return Status::Corrupt("activity columns are inconsistent");
  }
  return Status::Ok();
}

Status AreasOk(const Extract& x) {
  const Areas& ar = x.areas;
  size_t n = ar.size();
  if (ar.lsoa.size() != n || ar.neighbourhood.size() != n || ar.local_authority.size() != n ||
      !StringsOk(ar.lsoa) || !StringsOk(ar.neighbourhood_names) ||
      !StringsOk(ar.local_authority_names) || !StringsOk(x.practices) ||
      !IndexOk(ar.neighbourhood, ar.neighbourhood_names.size(), false) ||
      !IndexOk(ar.local_authority, ar.local_authority_names.size(), false) ||
      !std::all_of(ar.imd_decile.begin(), ar.imd_decile.end(),
                   [](uint8_t d) { return d >= 1 && d <= 10; })) {
    return Status::Corrupt("areas columns are inconsistent");
  }
  const PopulationTable& t = x.population;
  size_t m = t.size();
  if (t.year.size() != m || t.sex.size() != m || t.band.size() != m || t.population.size() != m ||
      !IndexOk(t.area, n, false) ||
      !std::all_of(t.band.begin(), t.band.end(), [](uint8_t b) { return b < kLifeTableBands; }) ||
      !std::all_of(t.sex.begin(), t.sex.end(), [](int8_t s) { return s == 1 || s == 2; }) ||
      !std::all_of(t.year.begin(), t.year.end(),
                   [](int16_t y) { return y >= 1880 && y <= 2099; }) ||
      !std::all_of(t.population.begin(), t.population.end(), [](double v) { return v >= 0; })) {
    return Status::Corrupt("population columns are inconsistent");
  }
  return Status::Ok();
}

}  // namespace

Status CheckConsistency(const Extract& x) {
  Status s = AreasOk(x);
  if (s.ok()) s = PersonsOk(x);
  if (s.ok()) s = EventsOk(x);
  if (s.ok() && (x.latest_date < kFirstDay || x.latest_date > kLastDay)) {
    s = Status::Corrupt("the latest date is out of range");
  }
  return s;
}

uint64_t FileDigest(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return 0;
  std::vector<char> buf(1 << 20);
  uint64_t h = 0x243F6A8885A308D3ULL, length = 0;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    size_t whole = n / 8 * 8;
    for (size_t i = 0; i < whole; i += 8) {
      uint64_t w;
      std::memcpy(&w, buf.data() + i, 8);
      h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
      h ^= h >> 29;
    }
    for (size_t i = whole; i < n; ++i) {
      h = (h ^ static_cast<unsigned char>(buf[i])) * 0x100000001B3ULL;
    }
    length += n;
  }
  bool error = std::ferror(f) != 0;
  std::fclose(f);
  if (error) return 0;
  h ^= length;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}

}  // namespace barometer::population::internal
