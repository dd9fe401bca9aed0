// Indicators on hand-made extracts, checked against the PHEindicatormethods
// reference vectors (reference/phe) and against the published formulas.
#include "population/indicators.h"

#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/number.h"
#include "core/table.h"
#include "extract_builder.h"
#include "population/codes.h"
#include "population/output.h"
#include "stats/indicators.h"

namespace barometer::population {
namespace {

using testing::TempExtract;

const std::string kPhe = std::string(BAROMETER_REFERENCE_DIR) + "/phe/";

Extract MustLoad(const TempExtract& t) {
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false}, &d);
  EXPECT_TRUE(x.ok()) << x.status().ToString() << "\n" << d.Format();
  return std::move(*x);
}

std::vector<IndicatorRow> Compute(const Extract& x, IndicatorRequest req) {
  auto rows = ComputeIndicators(x, req);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? *rows : std::vector<IndicatorRow>{};
}

const IndicatorRow* Find(const std::vector<IndicatorRow>& rows, std::string_view indicator,
                         std::string_view breakdown = "all", std::string_view value = "all") {
  for (const IndicatorRow& r : rows) {
    if (r.indicator == indicator && r.breakdown == breakdown && r.breakdown_value == value)
      return &r;
  }
  return nullptr;
}

void ExpectRelative(double got, double want, double tol, const std::string& what) {
  EXPECT_NEAR(got, want, tol * std::fabs(want)) << what;
}

double Cell(const CsvTable& t, size_t r, const char* col) {
  return *ParseDouble(t.cell(r, *t.Column(col)));
}

// Someone aged `age` on 1 July 2020 (born in December).
void PersonAged(TempExtract& t, const std::string& id, int age, const std::string& death = "",
                const std::string& cause = "") {
  int by = 2019 - age;
  t.Person(id, 1, by, 12, "E01000001", "A", fmt::format("{}-12-16", by), "", death, cause);
}

IndicatorRequest OnePeriod(int year, std::vector<IndicatorId> ids) {
  IndicatorRequest req;
  req.periods = {{year, year}};
  req.indicators = std::move(ids);
  req.threads = 2;
  return req;
}

// The methods, checked without disclosure control: under it, values are
// computed from the published (rounded) counts and printed to a fixed
// precision (DsrAndLimitsComeFromThePublishedCount below).
IndicatorRequest Exact(IndicatorRequest req) {
  req.disclosure.enabled = false;
  return req;
}

TEST(PopulationIndicators, EmergencyAdmissionsDsrMatchesThePheReference) {
  auto ref = ReadCsvTable(kPhe + "dsr.csv");
  ASSERT_TRUE(ref.ok());
  for (std::string group : {"testdata_big", "testdata_small"}) {
    TempExtract t;
    t.Area("E01000001", 1, "North", "Liverpool");
    size_t first = 0;
    int band = 0, id = 0;
    for (size_t r = 0; r < ref->rows(); ++r) {
      if (ref->cell(r, 0) != "dsr_esp2013_mult1e5" ||
          ref->cell(r, *ref->Column("group")) != group) {
        continue;
      }
      if (band == 0) first = r;
      double n = Cell(*ref, r, "n");
      int x = static_cast<int>(Cell(*ref, r, "x"));
      int start = band * 5;
      t.PopulationRow("E01000001", 2020, 1, band == 0 ? "1-4" : std::string(EspBandLabel(band)), n);
      for (int k = 0; k < x; ++k) {
        std::string pid = "P" + std::to_string(id++);
        PersonAged(t, pid, start + 1);
        t.Activity(pid, "emergency_admission", "2020-07-01", "2020-07-03");
      }
      ++band;
    }
    ASSERT_EQ(band, 19);
    t.Write();
    Extract x = MustLoad(t);
    auto rows = Compute(x, Exact(OnePeriod(2020, {IndicatorId::kEmergencyAdmissions})));
    const IndicatorRow* row = Find(rows, "emergency_admissions");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(*row->count, static_cast<int64_t>(Cell(*ref, first, "expected_total_count")));
    EXPECT_EQ(*row->denominator, Cell(*ref, first, "expected_total_pop"));
    ExpectRelative(row->value, Cell(*ref, first, "expected_value"), 1e-9, group + " value");
    ExpectRelative(row->lower95, Cell(*ref, first, "expected_lower95_0cl"), 1e-9, group + " l95");
    ExpectRelative(row->upper95, Cell(*ref, first, "expected_upper95_0cl"), 1e-9, group + " u95");
    ExpectRelative(row->lower998, Cell(*ref, first, "expected_lower99_8cl"), 1e-9, group + " l998");
    ExpectRelative(row->upper998, Cell(*ref, first, "expected_upper99_8cl"), 1e-9, group + " u998");
  }
}

// The le_basic case of the reference: populations in population.csv, and
// one person per death, dying at the band's start age.
void LeBasicExtract(TempExtract& t, const CsvTable& ref, const std::string& lsoa, int sex,
                    const std::string& prefix) {
  std::set<int> seen;
  int id = 0;
  for (size_t r = 0; r < ref.rows(); ++r) {
    if (ref.cell(r, 0) != "le_basic") continue;
    int start = static_cast<int>(Cell(ref, r, "startage"));
    if (!seen.insert(start).second) continue;  // the reference repeats two rows
    t.PopulationRow(lsoa, 2020, sex, std::string(LifeTableBandLabel(LifeTableBand(start))),
                    Cell(ref, r, "pops"));
    int deaths = static_cast<int>(Cell(ref, r, "deaths"));
    for (int k = 0; k < deaths; ++k) {
      int by = 2019 - start;
      t.Person(prefix + std::to_string(id++), sex, by, 12, lsoa, "A", fmt::format("{}-12-16", by),
               "", "2020-07-01", "");
    }
  }
}

TEST(PopulationIndicators, LifeExpectancyMatchesThePheReference) {
  auto ref = ReadCsvTable(kPhe + "life_expectancy.csv");
  ASSERT_TRUE(ref.ok());
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  LeBasicExtract(t, *ref, "E01000001", 1, "P");
  t.Write();
  Extract x = MustLoad(t);
  auto rows = Compute(
      x,
      Exact(OnePeriod(2020, {IndicatorId::kLifeExpectancyBirth, IndicatorId::kLifeExpectancy65})));
  for (auto [indicator, start] :
       {std::pair{"life_expectancy_birth", 0}, {"life_expectancy_65", 65}}) {
    const IndicatorRow* row = Find(rows, indicator);
    ASSERT_NE(row, nullptr);
    for (size_t r = 0; r < ref->rows(); ++r) {
      if (ref->cell(r, 0) != "le_basic" || Cell(*ref, r, "startage") != start) continue;
      ExpectRelative(row->value, Cell(*ref, r, "expected_value"), 1e-9, indicator);
      ExpectRelative(row->lower95, Cell(*ref, r, "expected_lower95_0cl"), 1e-9, indicator);
      ExpectRelative(row->upper95, Cell(*ref, r, "expected_upper95_0cl"), 1e-9, indicator);
      ExpectRelative(row->lower998, Cell(*ref, r, "expected_lower99_8cl"), 1e-9, indicator);
      ExpectRelative(row->upper998, Cell(*ref, r, "expected_upper99_8cl"), 1e-9, indicator);
      break;
    }
    EXPECT_FALSE(row->count.has_value());  // LE rows publish no counts
  }
}

TEST(PopulationIndicators, InfantMortalityIsACrudeRateOfBirthsMatchingTheReference) {
  // reference crude_rate.csv, rate_grouped_by_area_mult1e5 Area2: x = 10, n = 200.
  auto ref = ReadCsvTable(kPhe + "crude_rate.csv");
  ASSERT_TRUE(ref.ok());
  size_t r = 0;
  while (!(ref->cell(r, 0) == "rate_grouped_by_area_mult1e5" && ref->cell(r, 2) == "Area2")) ++r;
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  for (int i = 0; i < 200; ++i) {
    t.Person("B" + std::to_string(i), 1 + i % 2, 2021, 1, "E01000001", "A", "2021-01-16", "",
             i < 10 ? "2021-09-01" : "", i < 10 ? "P07" : "");
  }
  t.Person("OLD", 1, 1950, 1, "E01000001", "A", "2010-01-01", "", "2021-03-01", "I21");
  t.Write();
  Extract x = MustLoad(t);
  auto rows = Compute(x, Exact(OnePeriod(2021, {IndicatorId::kInfantMortality})));
  const IndicatorRow* row = Find(rows, "infant_mortality");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(*row->count, 10);
  EXPECT_EQ(*row->denominator, 200);
  double per_1000 = 1000.0 / 100000.0;
  ExpectRelative(row->value, Cell(*ref, r, "expected_value") * per_1000, 1e-12, "value");
  ExpectRelative(row->lower95, Cell(*ref, r, "expected_lower95_0cl") * per_1000, 1e-9, "l95");
  ExpectRelative(row->upper95, Cell(*ref, r, "expected_upper95_0cl") * per_1000, 1e-9, "u95");
  ExpectRelative(row->lower998, Cell(*ref, r, "expected_lower99_8cl") * per_1000, 1e-9, "l998");
  ExpectRelative(row->upper998, Cell(*ref, r, "expected_upper99_8cl") * per_1000, 1e-9, "u998");
}

// Under-75 mortality by the published DSR formula (PHE Technical Guide):
// DSR = Σ w_i d_i / p_i / Σ w_i × 100,000 over the 15 ESP bands under 75,
// Dobson limits DSR + sqrt(V / O) (Byar(O) - O), V = Σ w_i² d_i / p_i² / (Σ w_i)² × 10^10.
TEST(PopulationIndicators, Under75MortalityByHand) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  std::vector<double> pops(15), deaths(15), cancer(15);
  int id = 0;
  for (int b = 0; b < 15; ++b) {
    pops[b] = 40 + 7 * b;
    deaths[b] = 1 + b % 3;
    for (int k = 0; k < pops[b]; ++k) {
      bool dies = k < deaths[b];
      bool is_cancer = dies && k == 0;
      cancer[b] += is_cancer;
      PersonAged(t, "P" + std::to_string(id++), b * 5 + 2, dies ? "2020-09-01" : "",
                 dies ? (is_cancer ? "C34.1" : "I21") : "");
    }
  }
  for (int k = 0; k < 30; ++k)
    PersonAged(t, "OLD" + std::to_string(k), 80, k < 9 ? "2020-09-01" : "", k < 9 ? "I21" : "");
  t.Write();
  Extract x = MustLoad(t);
  auto rows = Compute(
      x, Exact(OnePeriod(2020, {IndicatorId::kU75MortalityAll, IndicatorId::kU75MortalityCancer})));
  auto expect = [&](const char* indicator, const std::vector<double>& d) {
    double w = 0, dsr = 0, var = 0, o = 0;
    for (int b = 0; b < 15; ++b) {
      double wb = stats::kEsp2013[b];
      w += wb, o += d[b];
      dsr += wb * d[b] / pops[b];
      var += wb * wb * d[b] / (pops[b] * pops[b]);
    }
    dsr = dsr / w * 1e5;
    var = var / (w * w) * 1e10;
    const IndicatorRow* row = Find(rows, indicator);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(*row->count, static_cast<int64_t>(o));
    if (o < 10) {
      EXPECT_TRUE(std::isnan(row->value));
      return;
    }
    ExpectRelative(row->value, dsr, 1e-12, indicator);
    ExpectRelative(row->lower95, dsr + std::sqrt(var / o) * (stats::ByarsLower(o, 0.95) - o), 1e-9,
                   indicator);
    ExpectRelative(row->upper998, dsr + std::sqrt(var / o) * (stats::ByarsUpper(o, 0.998) - o),
                   1e-9, indicator);
  };
  expect("u75_mortality_all", deaths);
  expect("u75_mortality_cancer", cancer);
  EXPECT_EQ(*Find(rows, "u75_mortality_all")->denominator,
            static_cast<int64_t>(std::accumulate(pops.begin(), pops.end(), 0.0)));
}

// A mixed extract for the consistency checks.
void MixedExtract(TempExtract& t) {
  const char* lsoas[] = {"E01000001", "E01000002", "E01000003", "E01000004"};
  t.Area(lsoas[0], 1, "North", "Liverpool");
  t.Area(lsoas[1], 2, "North", "Liverpool");
  t.Area(lsoas[2], 5, "South", "Liverpool");
  t.Area(lsoas[3], 10, "South", "Sefton");
  const char* ethnic[] = {"A", "B", "D", "H", "M", "R", "Z", "", "99"};
  for (int i = 0; i < 4000; ++i) {
    std::string id = "P" + std::to_string(i);
    int by = 1920 + (i * 7) % 95;  // born by 2014
    bool dies = i % 9 == 0;
    std::string cause = i % 4 == 0 ? "C50" : i % 4 == 1 ? "I64" : i % 4 == 2 ? "J18" : "X59";
    std::string from = "2015-01-01";
    t.Person(id, i % 13 == 0 ? 9 : 1 + i % 2, by, 1 + i % 12, i % 50 == 0 ? "" : lsoas[i % 4],
             ethnic[i % 9], from, "", dies ? fmt::format("{}-0{}-10", 2019 + i % 3, 1 + i % 9) : "",
             dies ? cause : "");
    if (i % 3 == 0)
      t.Activity(id, "emergency_admission", fmt::format("{}-03-0{}", 2019 + i % 3, 1 + i % 9),
                 fmt::format("{}-03-1{}", 2019 + i % 3, i % 9));
    if (i % 5 == 0) t.Activity(id, "emergency_admission", fmt::format("{}-05-01", 2019 + i % 3));
    if (i % 2 == 0) t.Activity(id, "ae", fmt::format("{}-06-01", 2019 + i % 3));
  }
  t.Write();
}

TEST(PopulationIndicators, BreakdownCountsAddUpToTheTotal) {
  TempExtract t;
  MixedExtract(t);
  Extract x = MustLoad(t);
  IndicatorRequest req;
  req.periods = {{2019, 2021}};
  req.breakdowns = *ParseBreakdowns(
      "sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,"
      "sex*imd_quintile");
  req.disclosure.enabled = false;
  auto rows = Compute(x, req);
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> sums, totals;
  for (const IndicatorRow& r : rows) {
    if (!r.count) continue;
    if (r.breakdown == "all") {
      totals[{r.indicator, r.breakdown}] = {*r.count, *r.denominator};
      continue;
    }
    auto& s = sums[{r.indicator, r.breakdown}];
    s.first += *r.count;
    s.second += *r.denominator;
  }
  ASSERT_FALSE(sums.empty());
  for (const auto& [key, s] : sums) {
    auto total = totals[{key.first, "all"}];
    EXPECT_EQ(s.first, total.first) << key.first << " by " << key.second;
    if (key.second == "age_band" && key.first.rfind("u75", 0) == 0) continue;  // 75+ bands left out
    EXPECT_EQ(s.second, total.second) << key.first << " by " << key.second;
  }
  EXPECT_GT((totals[{"u75_mortality_all", "all"}].first), 100);
  EXPECT_NE(Find(rows, "u75_mortality_all", "imd_decile", "unknown"), nullptr);
  EXPECT_NE(Find(rows, "emergency_admissions", "sex*imd_quintile", "female*3"), nullptr);
}

TEST(PopulationIndicators, TheSameRowsWithAnyNumberOfThreads) {
  TempExtract t;
  MixedExtract(t);
  Extract x = MustLoad(t);
  IndicatorRequest req;
  req.periods = {{2019, 2021}};
  req.breakdowns = *ParseBreakdowns("sex,imd_decile,ethnic_group,sex*neighbourhood");
  req.sii_repetitions = 1000;
  std::string one, many;
  req.threads = 1;
  one = Render(IndicatorTable(Compute(x, req)), OutputFormat::kCsv);
  req.threads = 5;
  many = Render(IndicatorTable(Compute(x, req)), OutputFormat::kCsv);
  EXPECT_EQ(one, many);
  EXPECT_GT(one.size(), 1000u);
}

TEST(PopulationIndicators, SmallCountsAreSuppressedWithTheirRatesAndASiblingToo) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Area("E01000002", 2, "South", "Liverpool");
  int id = 0;
  for (int k = 0; k < 400; ++k) {  // decile 2: 30 deaths; decile 1: 3 deaths
    bool d2 = k < 200;
    bool dies = d2 ? k < 30 : k < 203;
    t.Person("P" + std::to_string(id++), 1, 1960, 1, d2 ? "E01000002" : "E01000001", "A",
             "2010-01-01", "", dies ? "2020-09-01" : "", dies ? "I21" : "");
  }
  t.Write();
  Extract x = MustLoad(t);
  IndicatorRequest req = OnePeriod(2020, {IndicatorId::kU75MortalityAll});
  req.breakdowns = *ParseBreakdowns("imd_decile");
  auto rows = Compute(x, req);
  const IndicatorRow* d1 = Find(rows, "u75_mortality_all", "imd_decile", "1");
  const IndicatorRow* d2 = Find(rows, "u75_mortality_all", "imd_decile", "2");
  const IndicatorRow* all = Find(rows, "u75_mortality_all");
  ASSERT_TRUE(d1 && d2 && all);
  EXPECT_EQ(d1->suppressed, "count<=7");
  EXPECT_FALSE(d1->count.has_value());
  EXPECT_TRUE(std::isnan(d1->value) && std::isnan(d1->lower95));
  EXPECT_EQ(d2->suppressed, "secondary");  // else 35 - 30 gives decile 1 away
  EXPECT_TRUE(std::isnan(d2->value));
  EXPECT_EQ(*all->count, 35);
  EXPECT_EQ(Find(rows, "u75_mortality_all", "imd_decile", "7")->suppressed, "count<=7");
}

// Issue 10: separate runs by decile and by quintile (as the population
// report makes them) hid different deciles, so quintile minus decile gave a
// hidden decile back. Suppression now covers the whole IMD family in every run.
TEST(PopulationIndicators, DecileAndQuintileRunsHideTheSameCells) {
  TempExtract t;
  const int deaths[10] = {3, 40, 25, 30, 12, 20, 18, 22, 15, 30};
  for (int d = 0; d < 10; ++d) t.Area(fmt::format("E0100000{}", d), d + 1, "N", "Liverpool");
  int id = 0;
  for (int d = 0; d < 10; ++d) {
    for (int k = 0; k < 200; ++k) {
      bool dies = k < deaths[d];
      t.Person("P" + std::to_string(id++), 1 + k % 2, 1960, 1, fmt::format("E0100000{}", d), "A",
               "2010-01-01", "", dies ? "2020-09-01" : "", dies ? "I21" : "");
    }
  }
  t.Write();
  Extract x = MustLoad(t);
  std::map<std::string, std::string> seen;  // breakdown|value -> suppressed, from every run
  for (std::string by :
       {"imd_decile", "imd_quintile", "core20", "sex,imd_decile", "imd_quintile,ethnic_group"}) {
    IndicatorRequest req = OnePeriod(2020, {IndicatorId::kU75MortalityAll});
    req.breakdowns = *ParseBreakdowns(by);
    for (const IndicatorRow& r : Compute(x, req)) {
      std::string key = r.breakdown + "|" + r.breakdown_value;
      auto [it, fresh] = seen.emplace(key, r.suppressed);
      EXPECT_EQ(it->second, r.suppressed) << key << " differs in the run by " << by;
    }
  }
  // Decile 1 (3 deaths) is hidden; so is decile 2 (its quintile partner), or
  // quintile 1 minus decile 2 would give it back.
  EXPECT_EQ(seen["imd_decile|1"], "count<=7");
  EXPECT_EQ(seen["imd_decile|2"], "secondary");
  EXPECT_EQ(seen["imd_quintile|1"], "");
}

// Issue 10: a DSR's limits printed in full determined its exact count. They
// are now the limits of the published (rounded) count, and the value is that
// of the exact counts by age band scaled to it, to one decimal place.
TEST(PopulationIndicators, DsrAndLimitsComeFromThePublishedCount) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  int id = 0;
  // 500 people aged 60 (ESP band 60-64, weight 6000), 500 aged 40 (40-44,
  // 7000); 8 + 15 = 23 deaths, published as 25.
  for (int k = 0; k < 1000; ++k) {
    bool old = k < 500;
    bool dies = old ? k < 8 : k < 515;
    PersonAged(t, "P" + std::to_string(id++), old ? 60 : 40, dies ? "2020-09-01" : "",
               dies ? "I21" : "");
  }
  for (int b = 0; b < 19; ++b) {  // everyone else, so that no band is empty
    for (int k = 0; k < 3; ++k) PersonAged(t, "Q" + std::to_string(id++), b * 5 + 2);
  }
  t.Write();
  Extract x = MustLoad(t);
  auto rows = Compute(x, OnePeriod(2020, {IndicatorId::kU75MortalityAll}));
  const IndicatorRow* all = Find(rows, "u75_mortality_all");
  ASSERT_NE(all, nullptr);
  ASSERT_EQ(*all->count, 25);
  // By hand: counts scaled by 25/23; everyone is counted in the population
  // at 30 June (the deaths are in September).
  double scale = 25.0 / 23.0;
  std::vector<double> counts(15, 0), pops(15, 3);
  pops[12] += 500, pops[8] += 500;
  counts[12] = 8 * scale, counts[8] = 15 * scale;
  double w = 0, sum = 0, var = 0;
  for (int b = 0; b < 15; ++b) {
    w += stats::kEsp2013[b];
    sum += stats::kEsp2013[b] * counts[b] / pops[b];
    var += counts[b] * std::pow(stats::kEsp2013[b] / pops[b], 2);
  }
  double dsr = sum / w * 1e5, spread = std::sqrt(var / (w * w) / 25) * 1e5;
  double z = 1.959963984540054;
  double lower = 25 * std::pow(1 - 1 / (9.0 * 25) - z / (3 * std::sqrt(25.0)), 3);
  double upper = 26 * std::pow(1 - 1 / (9.0 * 26) + z / (3 * std::sqrt(26.0)), 3);
  EXPECT_NEAR(all->value, dsr, 0.05 + 1e-9);
  EXPECT_NEAR(all->lower95, dsr + spread * (lower - 25), 0.05 + 1e-9);
  EXPECT_NEAR(all->upper95, dsr + spread * (upper - 25), 0.05 + 1e-9);
  EXPECT_DOUBLE_EQ(all->value * 10, std::round(all->value * 10));
}

TEST(PopulationIndicators, ComparisonWithAComparatorFile) {
  auto ref = ReadCsvTable(kPhe + "life_expectancy.csv");
  ASSERT_TRUE(ref.ok());
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  LeBasicExtract(t, *ref, "E01000001", 1, "P");
  t.Write();
  t.WriteFile("england.csv",
              "indicator,period,breakdown,breakdown_value,value,lower95_0cl,upper95_0cl\n"
              "life_expectancy_birth,,all,all,82.0,81.9,82.1\n"
              "life_expectancy_65,2020,all,all,18.0,,\n");
  auto table = ReadCsvTable(t.path("england.csv"));
  ASSERT_TRUE(table.ok());
  Extract x = MustLoad(t);
  IndicatorRequest req = OnePeriod(2020, {IndicatorId::kLifeExpectancyBirth,
                                          IndicatorId::kLifeExpectancy65, IndicatorId::kLeGap});
  req.comparator = *Comparator::FromTable(*table);
  auto rows = Compute(x, Exact(req));
  const IndicatorRow* le = Find(rows, "life_expectancy_birth");
  const IndicatorRow* le65 = Find(rows, "life_expectancy_65");
  const IndicatorRow* gap = Find(rows, "le_gap");
  ASSERT_TRUE(le && le65 && gap);
  EXPECT_EQ(le->comparison, "worse");     // 80.17 (79.88-80.46) below 82.0
  EXPECT_EQ(le65->comparison, "better");  // 18.77 (18.58-18.96) above 18.0
  EXPECT_NEAR(gap->value, 82.0 - le->value, 1e-12);
  double z = 1.959963984540054;
  double se = std::hypot((le->upper95 - le->lower95) / (2 * z), 0.2 / (2 * z));
  EXPECT_NEAR(gap->upper95 - gap->value, z * se, 1e-9);
  EXPECT_EQ(gap->comparison, "not compared");
}

TEST(PopulationIndicators, DecileGapAndSiiWithTwoDeciles) {
  // Two deciles of equal population: decile 10 is le_basic, decile 1 has the
  // same populations and deaths scaled up in every band from age 40.
  auto ref = ReadCsvTable(kPhe + "life_expectancy.csv");
  ASSERT_TRUE(ref.ok());
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Area("E01000010", 10, "South", "Liverpool");
  LeBasicExtract(t, *ref, "E01000010", 1, "A");
  LeBasicExtract(t, *ref, "E01000001", 1, "B");
  LeBasicExtract(t, *ref, "E01000001", 2, "C");  // extra deaths in decile 1, as women
  t.Write();
  Extract x = MustLoad(t);
  IndicatorRequest req = OnePeriod(2020, {IndicatorId::kLifeExpectancyBirth, IndicatorId::kLeGap,
                                          IndicatorId::kSiiLifeExpectancy});
  req.breakdowns = *ParseBreakdowns("imd_decile");
  req.gap_between_deciles = true;
  req.sii_repetitions = 1000;
  auto rows = Compute(x, Exact(req));
  const IndicatorRow* d1 = Find(rows, "life_expectancy_birth", "imd_decile", "1");
  const IndicatorRow* d10 = Find(rows, "life_expectancy_birth", "imd_decile", "10");
  const IndicatorRow* gap = Find(rows, "le_gap");
  const IndicatorRow* sii = Find(rows, "sii_life_expectancy");
  ASSERT_TRUE(d1 && d10 && gap && sii);
  EXPECT_NEAR(gap->value, d10->value - d1->value, 1e-9);
  // Two quantiles: the regression goes through both points, whose
  // cumulative-midpoint ranks are half the population apart, so SII = 2 × gap
  // when the populations are equal... here decile 1 has twice the people.
  double p1 = 2, p10 = 1;  // relative populations
  double rank_gap = (p1 + p10 / 2) / (p1 + p10) - p1 / 2 / (p1 + p10);
  EXPECT_NEAR(sii->value, (d10->value - d1->value) / rank_gap, 1e-6);
  EXPECT_GT(sii->value, 0);
}

TEST(PopulationIndicators, PeriodsBreakdownsAndIndicatorsAreParsedStrictly) {
  EXPECT_EQ(ParseYearRange("2021-2023")->ToString(), "2021-2023");
  EXPECT_EQ(ParseYearRange("2023")->ToString(), "2023");
  EXPECT_EQ(ParseYearRange("2023-21").status().message(),
            "'2023-21' is not a period of calendar years; expected a year (2023) or a range "
            "(2021-2023)");
  EXPECT_FALSE(ParseYearRange("2023-2021").ok());
  auto b = ParseBreakdowns("sex, imd_decile,sex*segment");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 3u);
  EXPECT_EQ((*b)[2].Name(), "sex*segment");
  EXPECT_EQ(ParseBreakdowns("imd_decil").status().message(),
            "unknown breakdown 'imd_decil'; expected all, sex, age_band, imd_decile, "
            "imd_quintile, core20, ethnic_group, neighbourhood, local_authority, segment; did you "
            "mean `imd_decile`?");
  EXPECT_EQ(ParseBreakdowns("imd_decile*core20").status().message(),
            "'imd_decile*core20' cannot be crossed; only sex crosses with another breakdown "
            "(sex*imd_decile)");
  EXPECT_FALSE(ParseIndicators("u75_mortality").ok());
  EXPECT_EQ(ParseIndicators("le_gap,infant_mortality")->size(), 2u);
}

}  // namespace
}  // namespace barometer::population
