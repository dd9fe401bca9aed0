// The scan's cubes (rolled up from its area-class and person-class
// accumulators, by year or by period) against the straightforward count:
// every person's contributions added to every key's cube for every period,
// straight from the definitions.
#include "population/internal/cube.h"

#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/codes.h"

namespace barometer::population::internal {
namespace {

using testing::TempExtract;

using testing::IsoDay;

// A random extract: areas in several deciles, neighbourhoods and local
// authorities (and people with no area), births, deaths of each cause,
// registrations that start and end, and activity of every setting.
void RandomExtract(TempExtract& t, bool population_table) {
  std::mt19937 rng(20261207);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int areas = 9;
  for (int a = 0; a < areas; ++a) {
    t.Area(fmt::format("E0100000{}", a), uniform(1, 10), fmt::format("N{}", a % 4),
           fmt::format("L{}", a % 3));
  }
  const char* ethnic[] = {"A", "B", "D", "H", "M", "R", "Z", "", "S"};
  const char* causes[] = {"C50", "I64", "J18", "X59", ""};
  const char* settings[] = {"ae", "emergency_admission", "elective_admission", "daycase",
                            "outpatient"};
  const int32_t last = DaysFromCivil(2024, 12, 31);
  for (int i = 0; i < 700; ++i) {
    std::string id = fmt::format("P{}", i);
    int by = uniform(1925, 2023), bm = uniform(1, 12);
    int32_t born = DaysFromCivil(by, bm, 15);
    // (one draw per statement: the order of a call's arguments is the compiler's)
    int from_year = uniform(2014, 2023), from_month = uniform(1, 12);
    int32_t from = std::max(born, DaysFromCivil(from_year, from_month, 1));
    bool dies = uniform(0, 9) == 0 && from + 30 < last;
    int32_t death = dies ? uniform(from + 1, last) : kNever;
    std::string to = !dies && uniform(0, 3) == 0 ? IsoDay(uniform(from, last)) : "";
    std::string lsoa = uniform(0, 19) == 0 ? "" : fmt::format("E0100000{}", uniform(0, areas - 1));
    int sex = std::array{0, 1, 2, 9}[uniform(0, 3)];
    const char* group = ethnic[uniform(0, 8)];
    const char* cause = dies ? causes[uniform(0, 4)] : "";
    t.Person(id, sex, by, bm, lsoa, group, IsoDay(from), to, dies ? IsoDay(death) : "", cause);
    int events = uniform(0, 3) == 0 ? 0 : uniform(1, 14);
    for (int e = 0; e < events; ++e) {
      int32_t start = uniform(born, std::min(death - 1, last - 10));
      std::string setting = settings[uniform(0, 4)];
      bool stay = setting == "emergency_admission" || setting == "elective_admission";
      t.Activity(id, setting, IsoDay(start), stay ? IsoDay(start + uniform(0, 9)) : "");
    }
  }
  // A death of each cause group in every year, so every layout of periods
  // has deaths of every kind.
  for (int year = 2014; year <= 2024; ++year) {
    for (const char* cause : {"C50", "I64", "J18"}) {
      t.Person(fmt::format("D{}{}", year, cause), 1, 1940, 6,
               fmt::format("E0100000{}", year % areas), "A", "2000-01-01", "",
               fmt::format("{}-07-01", year), cause);
    }
  }
  // Someone whose squared A&E attendances in one band and year overflow 32
  // bits (46,341 of them).
  t.Person("FREQUENT", 2, 1960, 3, "E01000001", "A", "2000-01-01");
  for (int e = 0; e < 46341; ++e)
    t.Activity("FREQUENT", "ae", IsoDay(DaysFromCivil(2022, 1, 1) + e % 300));
  if (population_table) {
    for (int a = 0; a < areas; ++a) {
      for (int year : {2019, 2021, 2022, 2023}) {
        for (int sex : {1, 2}) {
          std::string band(LifeTableBandLabel(uniform(0, 19)));
          int people = uniform(50, 900);
          t.PopulationRow(fmt::format("E0100000{}", a), year, sex, band, people + 0.4);
        }
      }
    }
  }
  t.Write();
}

Extract MustLoad(const TempExtract& t) {
  Diagnostics d;
  LoadOptions options{false, "", false, 2, 100, false, {}, false};
  options.today = DaysFromCivil(2025, 6, 1);
  auto x = LoadExtract(t.dir(), options, &d);
  EXPECT_TRUE(x.ok()) << x.status().ToString() << "\n" << d.Format();
  return std::move(*x);
}

uint32_t ValueOf(const Extract& x, const ScanSpec& spec, ScanKey key, size_t i) {
  const uint32_t area = x.persons.area[i];
  switch (key) {
    case ScanKey::kTotal:
      return 0;
    case ScanKey::kImdDecile:
      return area == kNoIndex ? 10 : x.areas.imd_decile[area] - 1u;
    case ScanKey::kEthnicGroup:
      return static_cast<uint32_t>(EthnicGroupOf(x.persons.ethnic[i]));
    case ScanKey::kNeighbourhood:
      return area == kNoIndex ? static_cast<uint32_t>(x.areas.neighbourhood_names.size())
                              : x.areas.neighbourhood[area];
    case ScanKey::kLocalAuthority:
      return area == kNoIndex ? static_cast<uint32_t>(x.areas.local_authority_names.size())
                              : x.areas.local_authority[area];
    case ScanKey::kSegment:
      return (*spec.segments)[i];
  }
  return 0;
}

// The definitions, one person, key and period at a time.
std::vector<Cube> Straightforward(const Extract& x, const ScanSpec& spec) {
  std::vector<Cube> cubes;
  for (ScanKey k : spec.keys)
    cubes.emplace_back(spec.periods.size(), KeyValues(x, k, spec.segment_count));
  auto registered_pop = [&](ScanKey k) {
    return !x.has_population || k == ScanKey::kEthnicGroup || k == ScanKey::kSegment;
  };
  const Persons& ps = x.persons;
  const Activity& a = x.activity;
  for (size_t i = 0; i < ps.size(); ++i) {
    const int sex = SexIndex(ps.sex[i]);
    const int by = ps.birth_year[i], bm = ps.birth_month[i];
    const int32_t from = ps.registered_from[i], to = ps.registered_to[i];
    const int32_t death = ps.date_of_death[i];
    for (size_t k = 0; k < spec.keys.size(); ++k) {
      const uint32_t v = ValueOf(x, spec, spec.keys[k], i);
      for (size_t p = 0; p < spec.periods.size(); ++p) {
        const YearRange& r = spec.periods[p];
        auto in = [&](int year) { return year >= r.first && year <= r.last; };
        auto add = [&](int band, int m, int64_t n) { cubes[k].at(p, v, sex, band, m) += n; };
        for (int y = r.first; y <= r.last; ++y) {
          int32_t mid = DaysFromCivil(y, 6, 30);
          int age = AgeAtMidYear(y, by, bm);
          if (registered_pop(spec.keys[k]) && from <= mid && mid <= to && mid < death && age >= 0)
            add(LifeTableBand(age), kPop, 1);
        }
        if (in(by)) add(0, kBirths, 1);
        if (death != kNever && from <= death && death <= to && in(CivilFromDays(death).year)) {
          int band = LifeTableBand(std::max(0, AgeAt(death, by, bm)));
          add(band, kDeaths, 1);
          if (IsCancer(ps.cause[i])) add(band, kDeathsCancer, 1);
          if (IsCirculatory(ps.cause[i])) add(band, kDeathsCirculatory, 1);
          if (IsRespiratory(ps.cause[i])) add(band, kDeathsRespiratory, 1);
        }
        std::map<std::pair<int, int>, int64_t> events;  // (count measure, band) -> events
        for (uint64_t e = a.offsets[i]; e < a.offsets[i + 1]; ++e) {
          auto setting = static_cast<Setting>(a.setting[e]);
          if (setting != Setting::kAe && setting != Setting::kEmergencyAdmission) continue;
          if (a.start[e] < from || a.start[e] > to || !in(CivilFromDays(a.start[e]).year)) continue;
          int band = LifeTableBand(std::max(0, AgeAt(a.start[e], by, bm)));
          ++events[{setting == Setting::kAe ? kAe : kEmergency, band}];
        }
        for (const auto& [key, n] : events) {
          add(key.second, key.first, n);
          add(key.second, key.first == kAe ? kAeSquares : kEmergencySquares, n * n);
        }
      }
    }
  }
  const PopulationTable& t = x.population;
  for (size_t row = 0; row < t.size(); ++row) {
    for (size_t k = 0; k < spec.keys.size(); ++k) {
      if (registered_pop(spec.keys[k])) continue;
      uint32_t v = 0;
      ScanKey key = spec.keys[k];
      if (key == ScanKey::kImdDecile) v = x.areas.imd_decile[t.area[row]] - 1u;
      if (key == ScanKey::kNeighbourhood) v = x.areas.neighbourhood[t.area[row]];
      if (key == ScanKey::kLocalAuthority) v = x.areas.local_authority[t.area[row]];
      for (size_t p = 0; p < spec.periods.size(); ++p) {
        if (t.year[row] < spec.periods[p].first || t.year[row] > spec.periods[p].last) continue;
        cubes[k].at(p, v, SexIndex(t.sex[row]), t.band[row], kPop) +=
            static_cast<int64_t>(std::llround(t.population[row]));
      }
    }
  }
  return cubes;
}

void ExpectSameCubes(const Extract& x, ScanSpec spec, const std::string& what) {
  std::vector<Cube> expected = Straightforward(x, spec);
  // The data exercise every measure (squares above counts: people with
  // several events in a band).
  std::array<int64_t, kMeasureCount> sums{};
  const auto& first = expected.front().counts();
  for (size_t c = 0; c < first.size(); ++c) sums[c % kMeasureCount] += first[c];
  for (int m = 0; m < kMeasureCount; ++m) EXPECT_GT(sums[m], 0) << what << ", measure " << m;
  EXPECT_GT(sums[kAeSquares], sums[kAe]) << what;
  EXPECT_GT(sums[kEmergencySquares], sums[kEmergency]) << what;
  for (int threads : {1, 3}) {
    spec.threads = threads;
    std::vector<Cube> got = Scan(x, spec);
    ASSERT_EQ(got.size(), expected.size()) << what;
    for (size_t k = 0; k < got.size(); ++k) {
      const auto& g = got[k].counts();
      const auto& e = expected[k].counts();
      ASSERT_EQ(g.size(), e.size()) << what << " key " << k;
      for (size_t c = 0; c < g.size(); ++c) {
        ASSERT_EQ(g[c], e[c]) << what << ", threads " << threads << ", key " << k << ", cell " << c
                              << " (measure " << c % kMeasureCount << ")";
      }
    }
  }
}

class PopulationCube : public ::testing::TestWithParam<bool> {};

TEST_P(PopulationCube, ScanMatchesTheStraightforwardCountForEveryLayout) {
  TempExtract t;
  RandomExtract(t, GetParam());
  Extract x = MustLoad(t);
  ASSERT_EQ(x.has_population, GetParam());
  std::vector<uint8_t> segments(x.persons.size());
  for (size_t i = 0; i < segments.size(); ++i) segments[i] = static_cast<uint8_t>(i * 7 % 4);
  const std::vector<ScanKey> every = {ScanKey::kTotal,          ScanKey::kImdDecile,
                                      ScanKey::kEthnicGroup,    ScanKey::kNeighbourhood,
                                      ScanKey::kLocalAuthority, ScanKey::kSegment};
  struct Case {
    std::string what;
    std::vector<YearRange> periods;
    std::vector<ScanKey> keys;
  };
  const std::vector<Case> cases = {
      {"a pooled period and its years (by year)",
       {{2021, 2023}, {2021, 2021}, {2022, 2022}, {2023, 2023}},
       every},
      {"one long period (by period), total with the ethnic groups",
       {{2016, 2023}},
       {ScanKey::kTotal, ScanKey::kEthnicGroup}},
      {"years in no period (by period)",
       {{2017, 2017}, {2023, 2023}, {2019, 2020}},
       {ScanKey::kImdDecile, ScanKey::kSegment, ScanKey::kLocalAuthority}},
      {"overlapping pooled periods (by year)",
       {{2020, 2020}, {2021, 2021}, {2020, 2021}, {2021, 2022}},
       {ScanKey::kNeighbourhood, ScanKey::kTotal, ScanKey::kSegment}},
      {"the total alone", {{2022, 2024}, {2024, 2024}}, {ScanKey::kTotal}},
      {"person keys alone", {{2019, 2023}}, {ScanKey::kSegment, ScanKey::kEthnicGroup}},
  };
  for (const Case& c : cases) {
    ScanSpec spec;
    spec.periods = c.periods;
    spec.keys = c.keys;
    spec.segments = &segments;
    spec.segment_count = 4;
    ExpectSameCubes(x, spec, c.what);
  }
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutPopulationCsv, PopulationCube, ::testing::Bool());

}  // namespace
}  // namespace barometer::population::internal
