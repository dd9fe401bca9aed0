#include "population/internal/cube.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "population/codes.h"
#include "population/internal/parallel.h"

namespace barometer::population::internal {
namespace {

constexpr size_t kGrain = 1 << 14;

// The scan does not fill the cubes directly: a person's contributions go to
// a few fine accumulators and the cubes are rolled up from them afterwards.
//
// - Keys are gathered into groups whose values travel together: the area
//   keys (total, IMD decile, neighbourhood, local authority) are functions of
//   a person's area, so an area group counts by "area class" (one for each
//   distinct combination of their values, plus one for no area); the person
//   keys (ethnic group, segment) are counted by their combination. Each
//   contribution is added once per group instead of once per key.
// - Counts are kept by slot: a year when there are no more years than
//   periods (each contribution added once, then summed into every period
//   holding the year), otherwise a period (as the cubes are). The squares of
//   the non-independent DSR are per-period squares of per-person counts, so
//   they cannot be summed from years: they are always kept by period.
//
// Everything is integer counts, so the roll-up is exact and the cubes are
// the same as adding every contribution to every cube.

// The measures kept by slot (every measure but the squares), and where each
// goes in a cube.
enum SlotMeasure : int {
  kSlotPop,
  kSlotDeaths,
  kSlotDeathsCancer,
  kSlotDeathsCirculatory,
  kSlotDeathsRespiratory,
  kSlotBirths,
  kSlotEmergency,
  kSlotAe,
  kSlotMeasures,
};
constexpr std::array<int, kSlotMeasures> kCubeMeasure = {
    kPop, kDeaths, kDeathsCancer, kDeathsCirculatory, kDeathsRespiratory, kBirths, kEmergency, kAe};
constexpr std::array<int, 2> kSquaresMeasure = {kEmergencySquares, kAeSquares};
constexpr size_t kBands = 20;

// One group of keys whose values are functions of a class.
struct Group {
  size_t classes = 0;
  bool by_area = false;
  std::vector<uint32_t> class_of;           // by area: per area, then the class of no area
  bool ethnic = false;                      // otherwise: ethnic group x segment
  std::array<uint8_t, 256> ethnic_group{};  // EthnicGroupOf(code), looked up once
  size_t segments = 0;                      // 0: not by segment
  std::vector<std::pair<size_t, std::vector<uint32_t>>> keys;  // (key, its value per class)
};

bool IsAreaKey(ScanKey k) { return k != ScanKey::kEthnicGroup && k != ScanKey::kSegment; }

uint32_t AreaValue(const Extract& x, ScanKey key, uint32_t area) {
  const Areas& a = x.areas;
  bool none = area == kNoIndex;
  switch (key) {
    case ScanKey::kImdDecile:
      return none ? 10 : a.imd_decile[area] - 1u;
    case ScanKey::kNeighbourhood:
      return none ? static_cast<uint32_t>(a.neighbourhood_names.size()) : a.neighbourhood[area];
    case ScanKey::kLocalAuthority:
      return none ? static_cast<uint32_t>(a.local_authority_names.size()) : a.local_authority[area];
    default:
      return 0;
  }
}

// The calendar, slots and groups of a scan.
struct ScanPlan {
  int first = 0, last = -1;                       // the years of the periods
  int32_t first_day = 0, last_day = -1;           // 1 January of first, 31 December of last
  std::vector<uint16_t> year_of_day;              // per day - first_day: year - first
  std::vector<int32_t> mid_year;                  // per year - first: 30 June
  std::vector<std::array<int32_t, 13>> birthday;  // per year - first, birth month: the 15th
  std::vector<uint32_t> year_slots;  // the slots of year y: [slots_from[y], slots_from[y + 1])
  std::vector<uint32_t> slots_from;
  std::vector<std::vector<uint32_t>> periods_of_slot;  // the periods a slot adds to
  std::vector<std::pair<int, int>> period_years;       // per period: (first, last) - first
  size_t slots = 0, periods = 0;
  std::vector<Group> groups;         // the area group (if any) first
  std::vector<bool> registered_pop;  // per key

  bool Used(size_t year) const { return slots_from[year] != slots_from[year + 1]; }
  // Where a group's count is: [slot measure][class][sex][band][slot], so that
  // one measure's counts are together (the population's fit in a core's
  // cache) and a person's years are next to each other.
  size_t CountAt(const Group& g, size_t m, size_t c, size_t sex, size_t band, size_t slot) const {
    return (((m * g.classes + c) * kSexes + sex) * kBands + band) * slots + slot;
  }
  // Where a square is: [emergency, A&E][class][sex][band][period].
  size_t SquareAt(const Group& g, size_t q, size_t c, size_t sex, size_t band,
                  size_t period) const {
    return (((q * g.classes + c) * kSexes + sex) * kBands + band) * periods + period;
  }
  // Age at `day` (in year first + year) in completed years.
  int AgeAt(size_t year, int32_t day, int birth_year, int birth_month) const {
    return first + static_cast<int>(year) - birth_year -
           (day < birthday[year][birth_month] ? 1 : 0);
  }
};

// Whether a key's population comes from population.csv rather than from
// registrations (geographic keys, when the file is given).
bool FromPopulationTable(const Extract& x, ScanKey key) {
  return x.has_population && key != ScanKey::kEthnicGroup && key != ScanKey::kSegment;
}

void PlanCalendar(const std::vector<YearRange>& periods, ScanPlan* plan) {
  ScanPlan& s = *plan;
  if (periods.empty()) return;
  s.first = 9999, s.last = 0;
  for (const YearRange& r : periods)
    s.first = std::min(s.first, r.first), s.last = std::max(s.last, r.last);
  s.first_day = DaysFromCivil(s.first, 1, 1);
  s.last_day = DaysFromCivil(s.last, 12, 31);
  const size_t years = s.last - s.first + 1;
  s.year_of_day.resize(s.last_day - s.first_day + 1);
  for (size_t y = 0; y < years; ++y) {
    int year = s.first + static_cast<int>(y);
    int32_t from = DaysFromCivil(year, 1, 1), to = DaysFromCivil(year, 12, 31);
    for (int32_t d = from; d <= to; ++d) s.year_of_day[d - s.first_day] = static_cast<uint16_t>(y);
    s.mid_year.push_back(DaysFromCivil(year, 6, 30));
    std::array<int32_t, 13> b{};
    for (int m = 1; m <= 12; ++m) b[m] = DaysFromCivil(year, m, 15);
    s.birthday.push_back(b);
  }
  std::vector<std::vector<uint32_t>> periods_of_year(years);
  for (size_t p = 0; p < periods.size(); ++p) {
    s.period_years.emplace_back(periods[p].first - s.first, periods[p].last - s.first);
    for (int y = periods[p].first; y <= periods[p].last; ++y)
      periods_of_year[y - s.first].push_back(static_cast<uint32_t>(p));
  }
  size_t used_years = std::count_if(periods_of_year.begin(), periods_of_year.end(),
                                    [](const auto& v) { return !v.empty(); });
  const bool by_year = used_years <= periods.size();
  for (size_t y = 0; y < years; ++y) {
    s.slots_from.push_back(static_cast<uint32_t>(s.year_slots.size()));
    if (periods_of_year[y].empty()) continue;
    if (by_year) {
      s.year_slots.push_back(static_cast<uint32_t>(s.periods_of_slot.size()));
      s.periods_of_slot.push_back(periods_of_year[y]);
    } else {
      for (uint32_t p : periods_of_year[y]) s.year_slots.push_back(p);
    }
  }
  s.slots_from.push_back(static_cast<uint32_t>(s.year_slots.size()));
  if (!by_year) {
    for (size_t p = 0; p < periods.size(); ++p)
      s.periods_of_slot.push_back({static_cast<uint32_t>(p)});
  }
  s.slots = s.periods_of_slot.size();
  s.periods = periods.size();
}

void PlanGroups(const Extract& x, const ScanSpec& spec, ScanPlan* plan) {
  bool other_area_keys = false, person_keys = false;
  for (ScanKey k : spec.keys) {
    other_area_keys |= IsAreaKey(k) && k != ScanKey::kTotal;
    person_keys |= !IsAreaKey(k);
  }
  // The total goes with the area keys, or with the person keys when it is
  // the only area key.
  auto in_area_group = [&](ScanKey k) { return IsAreaKey(k) && (other_area_keys || !person_keys); };
  Group area, person;
  area.by_area = true;
  // Area classes: the distinct combinations of the area keys' values.
  std::map<std::vector<uint32_t>, uint32_t> classes;
  std::vector<std::vector<uint32_t>> values;  // per class
  const size_t areas = x.areas.size();
  for (size_t a = 0; a <= areas; ++a) {
    uint32_t area_index = a == areas ? kNoIndex : static_cast<uint32_t>(a);
    std::vector<uint32_t> v;
    for (ScanKey k : spec.keys) {
      if (in_area_group(k)) v.push_back(AreaValue(x, k, area_index));
    }
    auto [it, added] = classes.emplace(v, static_cast<uint32_t>(values.size()));
    if (added) values.push_back(v);
    area.class_of.push_back(it->second);
  }
  area.classes = values.size();
  // Person classes: ethnic group x segment (of those asked for).
  // (A segment key without segments has no values, and is left empty.)
  const bool segment = spec.segments != nullptr && spec.segment_count > 0;
  person.ethnic = std::count(spec.keys.begin(), spec.keys.end(), ScanKey::kEthnicGroup) > 0;
  person.segments = segment && std::count(spec.keys.begin(), spec.keys.end(), ScanKey::kSegment) > 0
                        ? spec.segment_count
                        : 0;
  for (int code = 0; code < 256; ++code)
    person.ethnic_group[code] = static_cast<uint8_t>(EthnicGroupOf(static_cast<uint8_t>(code)));
  const size_t segment_count = std::max<size_t>(person.segments, 1);
  person.classes = (person.ethnic ? kEthnicGroupCount : 1) * segment_count;
  size_t in_area = 0;
  for (size_t k = 0; k < spec.keys.size(); ++k) {
    ScanKey key = spec.keys[k];
    if (in_area_group(key)) {
      std::vector<uint32_t> v(area.classes);
      for (size_t c = 0; c < area.classes; ++c) v[c] = values[c][in_area];
      area.keys.emplace_back(k, std::move(v));
      ++in_area;
      continue;
    }
    if (key == ScanKey::kSegment && person.segments == 0) continue;
    std::vector<uint32_t> v(person.classes);
    for (size_t c = 0; c < person.classes; ++c) {
      v[c] = key == ScanKey::kEthnicGroup ? static_cast<uint32_t>(c / segment_count)
             : key == ScanKey::kSegment   ? static_cast<uint32_t>(c % segment_count)
                                          : 0;
    }
    person.keys.emplace_back(k, std::move(v));
  }
  if (!area.keys.empty()) plan->groups.push_back(std::move(area));
  if (!person.keys.empty()) plan->groups.push_back(std::move(person));
}

// One worker's accumulators, per group. Counts are 32-bit while being
// added (half the cache); Widen moves them to 64-bit before any could
// overflow, which takes 2^31 people-years and events (or, for the squares,
// squared events of a person) in one worker.
struct Accumulator {
  std::vector<int32_t> counts;              // plan.CountAt
  std::vector<int32_t> squares;             // plan.SquareAt
  std::vector<int64_t> wide, wide_squares;  // moved out of them (empty until then)
};

struct WorkerState {
  std::vector<Accumulator> groups;
  // The most any 32-bit count or square can have grown since the last Widen.
  uint64_t growth = 0, square_growth = 0;
  bool widened = false;  // the 64-bit arrays are there
};

WorkerState EmptyState(const ScanPlan& plan) {
  WorkerState w;
  for (const Group& g : plan.groups) {
    w.groups.push_back({std::vector<int32_t>(plan.CountAt(g, kSlotMeasures, 0, 0, 0, 0), 0),
                        std::vector<int32_t>(plan.SquareAt(g, 2, 0, 0, 0, 0), 0),
                        {},
                        {}});
  }
  return w;
}

void Widen(WorkerState* w) {
  for (Accumulator& a : w->groups) {
    if (a.wide.empty()) a.wide.assign(a.counts.size(), 0);
    if (a.wide_squares.empty()) a.wide_squares.assign(a.squares.size(), 0);
    for (size_t i = 0; i < a.counts.size(); ++i) a.wide[i] += a.counts[i];
    for (size_t i = 0; i < a.squares.size(); ++i) a.wide_squares[i] += a.squares[i];
    std::fill(a.counts.begin(), a.counts.end(), 0);
    std::fill(a.squares.begin(), a.squares.end(), 0);
  }
  w->growth = w->square_growth = 0;
  w->widened = true;
}

class Scanner {
 public:
  Scanner(const Extract& x, const ScanSpec& spec, const ScanPlan& plan, WorkerState* state)
      : x_(x), spec_(spec), plan_(plan), state_(*state) {
    for (size_t g = 0; g < plan.groups.size(); ++g) {
      counts_[g] = state->groups[g].counts.data();
      squares_[g] = state->groups[g].squares.data();
      measure_stride_[g] = plan.CountAt(plan.groups[g], 1, 0, 0, 0, 0);
      square_stride_[g] = plan.SquareAt(plan.groups[g], 1, 0, 0, 0, 0);
    }
  }

  // Person i adds at most `growth` to any count and their squares at most
  // rows^2 (rows: their activity): widens first if a 32-bit value could
  // overflow (a person with more than 46340 rows has 64-bit squares).
  void Reserve(size_t i, uint64_t growth) {
    constexpr auto kMost = static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
    const uint64_t rows = x_.activity.offsets[i + 1] - x_.activity.offsets[i];
    wide_squares_ = rows > 46340;
    const uint64_t squares = wide_squares_ ? 0 : rows * rows;
    if (state_.growth + growth > kMost || state_.square_growth + squares > kMost ||
        (wide_squares_ && !state_.widened)) {
      Widen(&state_);
    }
    state_.growth += growth;
    state_.square_growth += squares;
  }
  void Person(size_t i);

 private:
  static constexpr size_t kMaxGroups = 2;
  void Add(size_t year, int band, int m, int32_t n) {
    const size_t groups = plan_.groups.size();
    for (uint32_t k = plan_.slots_from[year]; k < plan_.slots_from[year + 1]; ++k) {
      const size_t at = band * plan_.slots + plan_.year_slots[k];
      for (size_t g = 0; g < groups; ++g) counts_[g][base_[g] + m * measure_stride_[g] + at] += n;
    }
  }
  void AddSquare(size_t period, int band, int q, int64_t n) {
    const size_t at = band * plan_.periods + period;
    for (size_t g = 0; g < plan_.groups.size(); ++g) {
      size_t i = square_base_[g] + q * square_stride_[g] + at;
      if (wide_squares_) {
        state_.groups[g].wide_squares[i] += n;
      } else {
        squares_[g][i] += static_cast<int32_t>(n);
      }
    }
  }
  // Consecutive events of one setting in the same year and band.
  struct Run {
    uint32_t year;
    int band;
    int32_t count;
  };
  void Events(size_t i);
  void AddRuns(const std::vector<Run>& runs, int count_measure, int squares);

  const Extract& x_;
  const ScanSpec& spec_;
  const ScanPlan& plan_;
  WorkerState& state_;
  std::array<int32_t*, kMaxGroups> counts_{}, squares_{};
  std::array<size_t, kMaxGroups> measure_stride_{}, square_stride_{};
  std::array<size_t, kMaxGroups> base_{}, square_base_{};  // of the person's class and sex
  bool wide_squares_ = false;   // this person's squares could overflow 32 bits
  std::vector<uint32_t> kept_;  // the rows of a person's activity in the scan
  std::vector<Run> emergency_, ae_;
};

void Scanner::Person(size_t i) {
  const Persons& p = x_.persons;
  const size_t sex = SexIndex(p.sex[i]);
  const uint32_t area = p.area[i];
  const uint64_t rows = x_.activity.offsets[i + 1] - x_.activity.offsets[i];
  for (size_t g = 0; g < plan_.groups.size(); ++g) {
    const Group& group = plan_.groups[g];
    size_t c;
    if (group.by_area) {
      c = group.class_of[area == kNoIndex ? group.class_of.size() - 1 : area];
    } else {
      size_t e = group.ethnic ? group.ethnic_group[p.ethnic[i]] : 0;
      c = group.segments == 0 ? e : e * group.segments + (*spec_.segments)[i];
    }
    base_[g] = plan_.CountAt(group, 0, c, sex, 0, 0);
    square_base_[g] = plan_.SquareAt(group, 0, c, sex, 0, 0);
  }
  const int by = p.birth_year[i], bm = p.birth_month[i];
  const int32_t from = p.registered_from[i], to = p.registered_to[i], death = p.date_of_death[i];
  // Alive and registered at 30 June.
  const size_t years = plan_.mid_year.size();
  for (size_t y = 0; y < years; ++y) {
    int32_t mid = plan_.mid_year[y];
    int age = AgeAtMidYear(plan_.first + static_cast<int>(y), by, bm);
    if (from <= mid && mid <= to && mid < death && age >= 0)
      Add(y, LifeTableBand(age), kSlotPop, 1);
  }
  if (by >= plan_.first && by <= plan_.last) Add(by - plan_.first, 0, kSlotBirths, 1);
  if (death != kNever && from <= death && death <= to && death >= plan_.first_day &&
      death <= plan_.last_day) {
    size_t y = plan_.year_of_day[death - plan_.first_day];
    int band = LifeTableBand(std::max(0, plan_.AgeAt(y, death, by, bm)));
    uint16_t cause = p.cause[i];
    Add(y, band, kSlotDeaths, 1);
    if (IsCancer(cause)) Add(y, band, kSlotDeathsCancer, 1);
    if (IsCirculatory(cause)) Add(y, band, kSlotDeathsCirculatory, 1);
    if (IsRespiratory(cause)) Add(y, band, kSlotDeathsRespiratory, 1);
  }
  if (rows > 0) Events(i);
}

// A person's emergency admissions and A&E attendances while registered in
// the scanned years, in one pass over their activity (in date order).
void Scanner::Events(size_t i) {
  const Activity& a = x_.activity;
  const Persons& p = x_.persons;
  constexpr auto kEmergencySetting = static_cast<uint8_t>(Setting::kEmergencyAdmission);
  constexpr auto kAeSetting = static_cast<uint8_t>(Setting::kAe);
  const int32_t from = std::max(p.registered_from[i], plan_.first_day);
  const int32_t to = std::min(p.registered_to[i], plan_.last_day);
  // The rows that count, without a branch per row (which setting a row is
  // and whether it is in the years are unpredictable).
  const uint64_t begin = a.offsets[i], rows = a.offsets[i + 1] - begin;
  if (kept_.size() < rows) kept_.resize(rows);
  const uint8_t* setting = a.setting.data() + begin;
  const int32_t* start = a.start.data() + begin;
  size_t kept = 0;
  for (uint64_t e = 0; e < rows; ++e) {
    kept_[kept] = static_cast<uint32_t>(e);
    kept += ((setting[e] == kEmergencySetting) | (setting[e] == kAeSetting)) & (start[e] >= from) &
            (start[e] <= to);
  }
  if (kept == 0) return;
  emergency_.clear();
  ae_.clear();
  const int by = p.birth_year[i], bm = p.birth_month[i];
  for (size_t k = 0; k < kept; ++k) {
    const uint32_t e = kept_[k];
    const uint32_t year = plan_.year_of_day[start[e] - plan_.first_day];
    if (!plan_.Used(year)) continue;
    const int band = LifeTableBand(std::max(0, plan_.AgeAt(year, start[e], by, bm)));
    std::vector<Run>& runs = setting[e] == kAeSetting ? ae_ : emergency_;
    if (!runs.empty() && runs.back().year == year && runs.back().band == band) {
      ++runs.back().count;
    } else {
      runs.push_back({year, band, 1});
    }
  }
  if (!emergency_.empty()) AddRuns(emergency_, kSlotEmergency, 0);
  if (!ae_.empty()) AddRuns(ae_, kSlotAe, 1);
}

// Adds a person's events of one setting, and for the non-independent DSR
// the square of how many they had in each (period, band).
void Scanner::AddRuns(const std::vector<Run>& runs, int count_measure, int squares) {
  for (const Run& r : runs) Add(r.year, r.band, count_measure, r.count);
  // Within a period, a band's events are consecutive (events are in date
  // order): the runs of one band in a period are summed before squaring.
  for (size_t period = 0; period < plan_.period_years.size(); ++period) {
    const auto [first, last] = plan_.period_years[period];
    int band = -1;
    int64_t run = 0;
    for (const Run& r : runs) {
      if (static_cast<int>(r.year) < first || static_cast<int>(r.year) > last) continue;
      if (r.band != band) {
        if (run != 0) AddSquare(period, band, squares, run * run);
        band = r.band, run = 0;
      }
      run += r.count;
    }
    if (run != 0) AddSquare(period, band, squares, run * run);
  }
}

// Adds a worker's accumulators to the cubes.
void RollUp(const ScanPlan& plan, const WorkerState& w, std::vector<Cube>* cubes) {
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    const Group& group = plan.groups[g];
    const Accumulator& a = w.groups[g];
    auto count = [&](size_t i) { return a.counts[i] + (a.wide.empty() ? 0 : a.wide[i]); };
    auto square = [&](size_t i) {
      return a.squares[i] + (a.wide_squares.empty() ? 0 : a.wide_squares[i]);
    };
    for (const auto& [k, value_of] : group.keys) {
      Cube& cube = (*cubes)[k];
      const int first_measure = plan.registered_pop[k] ? 0 : 1;
      for (size_t c = 0; c < group.classes; ++c) {
        const uint32_t v = value_of[c];
        for (int sex = 0; sex < kSexes; ++sex) {
          for (int band = 0; band < static_cast<int>(kBands); ++band) {
            for (int m = first_measure; m < kSlotMeasures; ++m) {
              for (size_t slot = 0; slot < plan.slots; ++slot) {
                const int64_t n = count(plan.CountAt(group, m, c, sex, band, slot));
                for (uint32_t p : plan.periods_of_slot[slot])
                  cube.at(p, v, sex, band, kCubeMeasure[m]) += n;
              }
            }
            for (int q = 0; q < 2; ++q) {
              for (size_t p = 0; p < plan.periods; ++p) {
                cube.at(p, v, sex, band, kSquaresMeasure[q]) +=
                    square(plan.SquareAt(group, q, c, sex, band, p));
              }
            }
          }
        }
      }
    }
  }
}

// population.csv rows into the keys that take their population from it.
void AddPopulationTable(const Extract& x, const ScanSpec& spec, const ScanPlan& plan,
                        std::vector<Cube>* cubes) {
  const PopulationTable& t = x.population;
  for (size_t r = 0; r < t.size(); ++r) {
    if (t.year[r] < plan.first || t.year[r] > plan.last) continue;
    const size_t year = t.year[r] - plan.first;
    auto n = static_cast<int64_t>(std::llround(t.population[r]));
    for (size_t k = 0; k < spec.keys.size(); ++k) {
      if (plan.registered_pop[k]) continue;
      uint32_t v = AreaValue(x, spec.keys[k], t.area[r]);
      for (size_t p = 0; p < spec.periods.size(); ++p) {
        if (static_cast<int>(year) < plan.period_years[p].first ||
            static_cast<int>(year) > plan.period_years[p].second)
          continue;
        (*cubes)[k].at(p, v, SexIndex(t.sex[r]), t.band[r], kPop) += n;
      }
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
  ScanPlan plan;
  PlanCalendar(spec.periods, &plan);
  PlanGroups(x, spec, &plan);
  for (ScanKey k : spec.keys) plan.registered_pop.push_back(!FromPopulationTable(x, k));
  const size_t periods = spec.periods.size();
  // 0 (the CLI's default) means every core; the accumulators are integer
  // counts summed in worker order, so the answer does not depend on the
  // number of workers.
  const int threads = ResolveThreads(spec.threads);
  const size_t pieces = spec.periods.empty() ? 0 : PieceCount(x.persons.size(), kGrain);
  const size_t workers = WorkerCount(pieces, threads);
  std::vector<WorkerState> partial(workers);
  for (auto& p : partial) p = EmptyState(plan);
  // A person adds at most one to a count per year of a slot, an event one.
  const uint64_t per_person = std::max<size_t>(plan.mid_year.size(), 1);
  ParallelForWorkers(pieces, threads, [&](size_t worker, size_t piece) {
    const size_t begin = piece * kGrain, end = std::min(x.persons.size(), begin + kGrain);
    WorkerState& state = partial[worker];
    Scanner scanner(x, spec, plan, &state);
    const uint64_t* offsets = x.activity.offsets.data();
    for (size_t i = begin; i < end; ++i) {
      scanner.Reserve(i, per_person + (offsets[i + 1] - offsets[i]));
      scanner.Person(i);
    }
  });
  std::vector<Cube> cubes;
  for (ScanKey k : spec.keys) cubes.emplace_back(periods, KeyValues(x, k, spec.segment_count));
  for (const WorkerState& w : partial) RollUp(plan, w, &cubes);
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
  AddPopulationTable(x, spec, plan, &cubes);
  return cubes;
}

}  // namespace barometer::population::internal
