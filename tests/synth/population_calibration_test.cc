// Calibration of the synthetic population against published figures: the
// generator writes 200,000 people, and the checked quantities are computed
// here, independently, from the files it wrote (the OHID/PHE methods below are
// first checked against the PHEindicatormethods reference vectors). The
// targets and accepted ranges are the ones in docs/synthetic-population.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <numeric>
#include <unordered_map>

#include "population_test_util.h"
#include "synth/population.h"

namespace barometer::synth {
namespace {

using testing::DirectlyStandardisedRate;
using testing::kLifeBands;
using testing::LifeBand;
using testing::LifeExpectancyAtBirth;
using testing::ReadCsv;
using testing::TempDir;

const std::string kRef = std::string(BAROMETER_REFERENCE_DIR) + "/phe/";

TEST(SynthTestMethods, ChiangLifeExpectancyMatchesPheReference) {
  auto rows = ReadCsv(kRef + "life_expectancy.csv");
  ASSERT_GT(rows.size(), 20u);
  std::array<double, kLifeBands> deaths{}, pops{};
  double expected = 0;
  int i = 0;
  for (const auto& r : rows) {
    if (r[0] != "le_basic") continue;
    pops[i] = *ParseDouble(r[3]);
    deaths[i] = *ParseDouble(r[4]);
    if (i == 0) expected = *ParseDouble(r[5]);
    ++i;
  }
  ASSERT_EQ(i, kLifeBands);
  EXPECT_NEAR(LifeExpectancyAtBirth(deaths, pops), expected, 1e-9);
}

TEST(SynthTestMethods, DsrMatchesPheReference) {
  auto rows = ReadCsv(kRef + "dsr.csv");
  CsvHeader h(std::vector<std::string_view>(rows[0].begin(), rows[0].end()));
  size_t c_case = *h.Find("case_id"), c_group = *h.Find("group"), c_x = *h.Find("x"),
         c_n = *h.Find("n"), c_w = *h.Find("stdpop"), c_v = *h.Find("expected_value");
  std::map<std::string, std::array<std::vector<double>, 3>> groups;
  std::map<std::string, std::string> expected;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][c_case] != "dsr_esp2013_mult1e5") continue;
    auto& g = groups[rows[i][c_group]];
    g[0].push_back(ParseDouble(rows[i][c_x]).value_or(0));
    g[1].push_back(*ParseDouble(rows[i][c_n]));
    g[2].push_back(*ParseDouble(rows[i][c_w]));
    expected[rows[i][c_group]] = rows[i][c_v];
  }
  int checked = 0;
  for (const auto& [group, g] : groups) {
    if (expected[group] == "NA") continue;  // suppressed (fewer than 10 events)
    double want = *ParseDouble(expected[group]);
    EXPECT_NEAR(DirectlyStandardisedRate(g[0], g[1], g[2], 1e5), want, 1e-9 * want) << group;
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

// Deaths and mid-year registered populations by sex, decile and life band,
// summed over the window, and the other tallies the checks need.
struct Tally {
  // [sex 0 male, 1 female][decile 0..9][band]
  double pop[2][10][kLifeBands] = {};
  double deaths[2][10][kLifeBands] = {};
  double u75_deaths[2][10][kLifeBands] = {};
  std::map<char, int> cause_chapter;  // first letter of the cause
  int all_deaths = 0, births = 0, infant_deaths = 0;
  std::vector<double> bed_days;  // one per person, 0 when none
};

Tally Read(const std::string& dir) {
  Tally t;
  std::unordered_map<std::string, int> decile_of;
  auto areas = ReadCsv(dir + "/areas.csv");
  for (size_t i = 1; i < areas.size(); ++i) decile_of[areas[i][0]] = std::stoi(areas[i][1]);
  std::unordered_map<std::string, size_t> index;
  auto r = CsvReader::Open(dir + "/persons.csv");
  EXPECT_TRUE(r.ok());
  r->Next();  // header (its columns are checked by the contract test)
  while (r->Next()) {
    const auto& f = r->fields();
    index.emplace(std::string(f[0]), t.bed_days.size());
    t.bed_days.push_back(0);
    int by = static_cast<int>(*ParseInt(f[2])), bm = static_cast<int>(*ParseInt(f[3]));
    auto from = Date::Parse(f[7]);
    auto to = f[8].empty() ? std::nullopt : Date::Parse(f[8]);
    auto died = f[9].empty() ? std::nullopt : Date::Parse(f[9]);
    if (by >= kWindowFirstYear) ++t.births;
    if (died) {
      ++t.all_deaths;
      ++t.cause_chapter[f[10][0]];
      if (died->year - by - (died->month < bm ? 1 : 0) < 1) ++t.infant_deaths;
    }
    if (f[1] != "1" && f[1] != "2") continue;
    int sex = f[1] == "1" ? 0 : 1, d = decile_of.at(std::string(f[4])) - 1;
    for (int y = kWindowFirstYear; y <= kWindowLastYear; ++y) {
      Date mid{y, 6, 30};
      int age = y - by - (bm > 6 ? 1 : 0);
      if (age < 0 || *from > mid || (to && *to <= mid) || (died && *died <= mid)) continue;
      t.pop[sex][d][LifeBand(age)] += 1;
    }
    if (died) {
      int age = died->year - by - (died->month < bm ? 1 : 0);
      t.deaths[sex][d][LifeBand(age)] += 1;
    }
  }
  auto a = CsvReader::Open(dir + "/activity.csv");
  EXPECT_TRUE(a.ok());
  a->Next();
  while (a->Next()) {
    const auto& f = a->fields();
    if (f[3].empty() || (f[1] != "emergency_admission" && f[1] != "elective_admission")) continue;
    t.bed_days[index.at(std::string(f[0]))] +=
        static_cast<double>(Date::Parse(f[3])->ToDays() - Date::Parse(f[2])->ToDays());
  }
  return t;
}

double LifeExpectancy(const Tally& t, int sex, int first_decile, int last_decile) {
  std::array<double, kLifeBands> d{}, p{};
  for (int dec = first_decile; dec <= last_decile; ++dec) {
    for (int b = 0; b < kLifeBands; ++b) {
      d[b] += t.deaths[sex][dec - 1][b];
      p[b] += t.pop[sex][dec - 1][b];
    }
  }
  return LifeExpectancyAtBirth(d, p);
}

// Decile 10 minus decile 1 on the least-squares line of life expectancy on decile.
double FittedGap(const Tally& t, int sex) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int d = 1; d <= 10; ++d) {
    double le = LifeExpectancy(t, sex, d, d);
    sx += d;
    sy += le;
    sxx += d * d;
    sxy += d * le;
  }
  double slope = (10 * sxy - sx * sy) / (10 * sxx - sx * sx);
  return 9 * slope;
}

// Under-75 all-cause mortality, persons, DSR per 100,000 (ESP 2013, 0-4 ... 70-74).
double Under75Dsr(const Tally& t, int first_decile, int last_decile) {
  std::vector<double> x(15), n(15), esp = testing::Esp2013();
  esp.resize(15);
  for (int sex = 0; sex < 2; ++sex) {
    for (int dec = first_decile; dec <= last_decile; ++dec) {
      for (int b = 0; b < 16; ++b) {  // life bands 0 and 1 make ESP band 0-4
        x[std::max(0, b - 1)] += t.deaths[sex][dec - 1][b];
        n[std::max(0, b - 1)] += t.pop[sex][dec - 1][b];
      }
    }
  }
  return DirectlyStandardisedRate(x, n, esp, 1e5);
}

double TopShare(std::vector<double> v, double top_fraction) {
  std::sort(v.begin(), v.end(), std::greater<>());
  double total = std::accumulate(v.begin(), v.end(), 0.0);
  auto top = static_cast<size_t>(top_fraction * static_cast<double>(v.size()) + 0.5);
  return std::accumulate(v.begin(), v.begin() + static_cast<long>(top), 0.0) / total;
}

Tally Generate(PopulationProfile profile, uint64_t people, uint64_t seed, const TempDir& dir) {
  PopulationOptions o;
  o.people = people;
  o.seed = seed;
  o.profile = profile;
  o.threads = 2;
  auto s = WriteSyntheticPopulation(o, dir.path());
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return Read(dir.path());
}

// One test (one generation) checks every documented range, so that CTest,
// which runs each test case in its own process, generates only once.
TEST(SynthPopulationCalibration, MixedCounty200kLandsOnPublishedFigures) {
  TempDir dir("synth-calibration");
  ASSERT_FALSE(dir.path().empty());
  Tally t = Generate(PopulationProfile::kMixedCounty, 200'000, 2024, dir);
  const double kEnglandLe[2] = {79.4, 83.1}, kOnsGap[2] = {9.4, 7.7};
  for (int sex = 0; sex < 2; ++sex) {
    SCOPED_TRACE(sex == 0 ? "males" : "females");
    double le = LifeExpectancy(t, sex, 1, 10);
    EXPECT_NEAR(le, kEnglandLe[sex], 1.5);
    EXPECT_NEAR(le, ModelLifeExpectancyAtBirth(PopulationProfile::kMixedCounty, sex + 1), 1.0);
    double model_gap =
        ModelLifeExpectancyAtBirth(sex + 1, 10) - ModelLifeExpectancyAtBirth(sex + 1, 1);
    // The gap between the two extreme deciles alone has a sampling error near
    // a year at this size, so the tight check is on the least-squares line
    // through all ten deciles; the raw gap only has to be plausible.
    double fitted = FittedGap(t, sex);
    EXPECT_NEAR(fitted, kOnsGap[sex], 1.5);
    EXPECT_NEAR(fitted, model_gap, 1.5);
    EXPECT_NEAR(LifeExpectancy(t, sex, 10, 10) - LifeExpectancy(t, sex, 1, 1), kOnsGap[sex], 3.0);
  }
  double u75 = Under75Dsr(t, 1, 10);
  EXPECT_GE(u75, 280);
  EXPECT_LE(u75, 450);
  double ratio = Under75Dsr(t, 1, 1) / Under75Dsr(t, 10, 10);
  EXPECT_GE(ratio, 2.0);
  EXPECT_LE(ratio, 3.5);
  double imr = 1000.0 * t.infant_deaths / t.births;
  EXPECT_GE(imr, 2.5);
  EXPECT_LE(imr, 6.0);
  double deaths = t.all_deaths;
  EXPECT_NEAR(t.cause_chapter['C'] / deaths, 0.28, 0.05);
  EXPECT_NEAR(t.cause_chapter['I'] / deaths, 0.24, 0.05);
  EXPECT_NEAR(t.cause_chapter['J'] / deaths, 0.13, 0.04);
  double top11 = TopShare(t.bed_days, 0.11);
  EXPECT_GE(top11, 0.65);
  EXPECT_LE(top11, 0.85);
  std::printf(
      "LE %.2f / %.2f, fitted gap %.2f / %.2f, raw gap %.2f / %.2f, u75 DSR %.0f (ratio %.2f), "
      "IMR %.2f, cancer %.1f%% circulatory %.1f%% respiratory %.1f%%, top 11%% bed-days %.1f%%\n",
      LifeExpectancy(t, 0, 1, 10), LifeExpectancy(t, 1, 1, 10), FittedGap(t, 0), FittedGap(t, 1),
      LifeExpectancy(t, 0, 10, 10) - LifeExpectancy(t, 0, 1, 1),
      LifeExpectancy(t, 1, 10, 10) - LifeExpectancy(t, 1, 1, 1), u75, ratio, imr,
      100 * t.cause_chapter['C'] / deaths, 100 * t.cause_chapter['I'] / deaths,
      100 * t.cause_chapter['J'] / deaths, 100 * top11);
}

TEST(SynthPopulationCalibration, DeprivedCityLivesShorterLives) {
  TempDir dir("synth-calibration-city");
  ASSERT_FALSE(dir.path().empty());
  Tally t = Generate(PopulationProfile::kDeprivedCity, 100'000, 7, dir);
  for (int sex = 0; sex < 2; ++sex) {
    SCOPED_TRACE(sex == 0 ? "males" : "females");
    double le = LifeExpectancy(t, sex, 1, 10);
    EXPECT_NEAR(le, ModelLifeExpectancyAtBirth(PopulationProfile::kDeprivedCity, sex + 1), 1.5);
    EXPECT_LT(ModelLifeExpectancyAtBirth(PopulationProfile::kDeprivedCity, sex + 1),
              ModelLifeExpectancyAtBirth(PopulationProfile::kMixedCounty, sex + 1) - 1.5);
  }
  double u75 = Under75Dsr(t, 1, 10);
  EXPECT_GE(u75, 400);
  EXPECT_LE(u75, 600);
  std::printf("deprived city: LE %.2f / %.2f, u75 DSR %.0f\n", LifeExpectancy(t, 0, 1, 10),
              LifeExpectancy(t, 1, 1, 10), u75);
}

}  // namespace
}  // namespace barometer::synth
