#include "population/internal/cube.h"

#include <algorithm>
#include <cmath>

#include "population/codes.h"
#include "population/internal/parallel.h"

namespace barometer::population::internal {
namespace {

constexpr size_t kGrain = 1 << 14;

// Per key, the value of every area (and the value for "no area").
struct AreaKeys {
  std::vector<std::vector<uint32_t>> of_area;
  std::vector<uint32_t> unknown;
};

AreaKeys MakeAreaKeys(const Extract& x, const ScanSpec& spec) {
  AreaKeys k;
  const Areas& a = x.areas;
  for (ScanKey key : spec.keys) {
    std::vector<uint32_t> v(a.size(), 0);
    uint32_t unknown = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (key == ScanKey::kImdDecile) v[i] = a.imd_decile[i] - 1u;
      if (key == ScanKey::kNeighbourhood) v[i] = a.neighbourhood[i];
      if (key == ScanKey::kLocalAuthority) v[i] = a.local_authority[i];
    }
    if (key == ScanKey::kImdDecile) unknown = 10;
    if (key == ScanKey::kNeighbourhood)
      unknown = static_cast<uint32_t>(a.neighbourhood_names.size());
    if (key == ScanKey::kLocalAuthority)
      unknown = static_cast<uint32_t>(a.local_authority_names.size());
    k.of_area.push_back(std::move(v));
    k.unknown.push_back(unknown);
  }
  return k;
}

// Where a year's contributions go: the periods that contain it.
struct YearMap {
  int first = 0, last = -1;
  int32_t first_day = 0, last_day = -1;        // 1 January of first, 31 December of last
  std::vector<int32_t> mid_year;               // 30 June of each year (days), per year - first
  std::vector<std::vector<uint32_t>> periods;  // per year - first
  const std::vector<uint32_t>& of(int year) const {
    static const std::vector<uint32_t> kNone;
    return year < first || year > last ? kNone : periods[year - first];
  }
};

YearMap MakeYearMap(const std::vector<YearRange>& periods) {
  YearMap m;
  m.first = 9999, m.last = 0;
  for (const YearRange& r : periods)
    m.first = std::min(m.first, r.first), m.last = std::max(m.last, r.last);
  m.periods.resize(m.last - m.first + 1);
  for (int y = m.first; y <= m.last; ++y) m.mid_year.push_back(DaysFromCivil(y, 6, 30));
  m.first_day = DaysFromCivil(m.first, 1, 1);
  m.last_day = DaysFromCivil(m.last, 12, 31);
  for (size_t p = 0; p < periods.size(); ++p) {
    for (int y = periods[p].first; y <= periods[p].last; ++y) m.periods[y - m.first].push_back(p);
  }
  return m;
}

// Whether a key's population comes from population.csv rather than from
// registrations (geographic keys, when the file is given).
bool FromPopulationTable(const Extract& x, ScanKey key) {
  return x.has_population && key != ScanKey::kEthnicGroup && key != ScanKey::kSegment;
}

// What every piece of a scan shares.
struct ScanShared {
  AreaKeys areas;
  YearMap years;
  std::vector<bool> registered_pop;  // per key
};

class Scanner {
 public:
  Scanner(const Extract& x, const ScanSpec& spec, const ScanShared& shared,
          std::vector<Cube>* cubes)
      : x_(x),
        spec_(spec),
        cubes_(*cubes),
        areas_(shared.areas),
        years_(shared.years),
        registered_pop_(shared.registered_pop),
        keys_(spec.keys.size()) {}

  void Person(size_t i);

 private:
  void Add(size_t p, int band, int m, int64_t n) {
    for (size_t k = 0; k < cubes_.size(); ++k) {
      if (m != kPop || registered_pop_[k]) cubes_[k].at(p, keys_[k], sex_, band, m) += n;
    }
  }
  void AddToYear(int year, int band, int m, int64_t n) {
    for (uint32_t p : years_.of(year)) Add(p, band, m, n);
  }
  struct Event {
    int year;
    int band;
  };
  void Events(size_t i);
  void AddRuns(const std::vector<Event>& events, int count_measure, int squares_measure);

  const Extract& x_;
  const ScanSpec& spec_;
  std::vector<Cube>& cubes_;
  const AreaKeys& areas_;
  const YearMap& years_;
  const std::vector<bool>& registered_pop_;
  std::vector<uint32_t> keys_;
  int sex_ = 0;
  std::vector<Event> emergency_, ae_;
};

void Scanner::Person(size_t i) {
  const Persons& p = x_.persons;
  sex_ = SexIndex(p.sex[i]);
  uint32_t area = p.area[i];
  for (size_t k = 0; k < spec_.keys.size(); ++k) {
    switch (spec_.keys[k]) {
      case ScanKey::kTotal:
        keys_[k] = 0;
        break;
      case ScanKey::kEthnicGroup:
        keys_[k] = static_cast<uint32_t>(EthnicGroupOf(p.ethnic[i]));
        break;
      case ScanKey::kSegment:
        keys_[k] = (*spec_.segments)[i];
        break;
      default:
        keys_[k] = area == kNoIndex ? areas_.unknown[k] : areas_.of_area[k][area];
    }
  }
  const int by = p.birth_year[i], bm = p.birth_month[i];
  const int32_t from = p.registered_from[i], to = p.registered_to[i], death = p.date_of_death[i];
  // Alive and registered at 30 June.
  for (int y = years_.first; y <= years_.last; ++y) {
    int32_t mid = years_.mid_year[y - years_.first];
    int age = AgeAtMidYear(y, by, bm);
    if (from <= mid && mid <= to && mid < death && age >= 0)
      AddToYear(y, LifeTableBand(age), kPop, 1);
  }
  AddToYear(by, 0, kBirths, 1);
  if (death != kNever && from <= death && death <= to) {
    int y = CivilFromDays(death).year;
    int band = LifeTableBand(std::max(0, AgeAt(death, by, bm)));
    uint16_t cause = p.cause[i];
    AddToYear(y, band, kDeaths, 1);
    if (IsCancer(cause)) AddToYear(y, band, kDeathsCancer, 1);
    if (IsCirculatory(cause)) AddToYear(y, band, kDeathsCirculatory, 1);
    if (IsRespiratory(cause)) AddToYear(y, band, kDeathsRespiratory, 1);
  }
  Events(i);
}

// A person's emergency admissions and A&E attendances while registered in
// the scanned years, in one pass over their activity (in date order).
void Scanner::Events(size_t i) {
  const Activity& a = x_.activity;
  const Persons& p = x_.persons;
  emergency_.clear();
  ae_.clear();
  constexpr auto kEmergencySetting = static_cast<uint8_t>(Setting::kEmergencyAdmission);
  constexpr auto kAeSetting = static_cast<uint8_t>(Setting::kAe);
  const int32_t from = std::max(p.registered_from[i], years_.first_day);
  const int32_t to = std::min(p.registered_to[i], years_.last_day);
  for (uint64_t e = a.offsets[i]; e < a.offsets[i + 1]; ++e) {
    const uint8_t setting = a.setting[e];
    if (setting != kEmergencySetting && setting != kAeSetting) continue;
    int32_t start = a.start[e];
    if (start < from || start > to) continue;
    int year = CivilFromDays(start).year;
    if (years_.of(year).empty()) continue;
    int age = std::max(0, AgeAt(start, p.birth_year[i], p.birth_month[i]));
    (setting == kAeSetting ? ae_ : emergency_).push_back({year, LifeTableBand(age)});
  }
  if (!emergency_.empty()) AddRuns(emergency_, kEmergency, kEmergencySquares);
  if (!ae_.empty()) AddRuns(ae_, kAe, kAeSquares);
}

// Adds a person's events of one setting, and for the non-independent DSR
// the square of how many they had in each (period, band).
void Scanner::AddRuns(const std::vector<Event>& events, int count_measure, int squares_measure) {
  // Events are in date order, so within a period each band's events are a run.
  for (size_t period = 0; period < spec_.periods.size(); ++period) {
    const YearRange& r = spec_.periods[period];
    int band = -1;
    int64_t run = 0;
    auto flush = [&] {
      if (run == 0) return;
      Add(period, band, count_measure, run);
      Add(period, band, squares_measure, run * run);
    };
    for (const Event& ev : events) {
      if (ev.year < r.first || ev.year > r.last) continue;
      if (ev.band != band) flush(), band = ev.band, run = 0;
      ++run;
    }
    flush();
  }
}

// population.csv rows into the keys that take their population from it.
void AddPopulationTable(const Extract& x, const ScanSpec& spec, const ScanShared& shared,
                        std::vector<Cube>* cubes) {
  const PopulationTable& t = x.population;
  for (size_t r = 0; r < t.size(); ++r) {
    const auto& periods = shared.years.of(t.year[r]);
    if (periods.empty()) continue;
    auto n = static_cast<int64_t>(std::llround(t.population[r]));
    for (size_t k = 0; k < spec.keys.size(); ++k) {
      if (shared.registered_pop[k]) continue;
      uint32_t v = spec.keys[k] == ScanKey::kTotal ? 0 : shared.areas.of_area[k][t.area[r]];
      for (uint32_t p : periods) (*cubes)[k].at(p, v, SexIndex(t.sex[r]), t.band[r], kPop) += n;
    }
  }
}

}  // namespace

size_t KeyValues(const Extract& x, ScanKey key, size_t segment_count) {
  switch (key) {
    case ScanKey::kTotal:
      return 1;
    case ScanKey::kImdDecile:
      return 11;
    case ScanKey::kEthnicGroup:
      return kEthnicGroupCount;
    case ScanKey::kNeighbourhood:
      return x.areas.neighbourhood_names.size() + 1;
    case ScanKey::kLocalAuthority:
      return x.areas.local_authority_names.size() + 1;
    case ScanKey::kSegment:
      return segment_count;
  }
  return 1;
}

std::vector<Cube> Scan(const Extract& x, const ScanSpec& spec) {
  auto empty = [&] {
    std::vector<Cube> cubes;
    for (ScanKey k : spec.keys)
      cubes.emplace_back(spec.periods.size(), KeyValues(x, k, spec.segment_count));
    return cubes;
  };
  ScanShared shared{MakeAreaKeys(x, spec), MakeYearMap(spec.periods), {}};
  for (ScanKey k : spec.keys) shared.registered_pop.push_back(!FromPopulationTable(x, k));
  // 0 (the CLI's default) means every core; the cube is integer counts merged
  // in worker order, so the answer does not depend on the number of workers.
  const int threads = ResolveThreads(spec.threads);
  size_t pieces = PieceCount(x.persons.size(), kGrain);
  size_t workers = WorkerCount(pieces, threads);
  std::vector<std::vector<Cube>> partial(workers);
  for (auto& p : partial) p = empty();
  ParallelForWorkers(pieces, threads, [&](size_t worker, size_t piece) {
    Scanner scanner(x, spec, shared, &partial[worker]);
    size_t end = std::min(x.persons.size(), (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) scanner.Person(i);
  });
  std::vector<Cube> cubes = empty();
  for (const auto& p : partial) {
    for (size_t k = 0; k < cubes.size(); ++k) cubes[k].Merge(p[k]);
  }
  if (x.group != nullptr) {
    // One shard of the people: the sum over every process's cubes is the
    // cube of the whole extract (integer counts: exact in any order).
    std::vector<int64_t> all;
    for (Cube& c : cubes) all.insert(all.end(), c.counts().begin(), c.counts().end());
    x.group->SumAll(all);
    size_t at = 0;
    for (Cube& c : cubes) {
      std::copy(all.begin() + at, all.begin() + at + c.counts().size(), c.counts().begin());
      at += c.counts().size();
    }
  }
  // population.csv is area-level and copied whole to every shard: added once,
  // after the people are combined.
  AddPopulationTable(x, spec, shared, &cubes);
  return cubes;
}

}  // namespace barometer::population::internal
