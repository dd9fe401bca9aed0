#include "synth/internal/population_mortality.h"

#include <algorithm>
#include <cmath>

namespace barometer::synth::internal {
namespace {

// Calibration targets (docs/synthetic-population.md, "Mortality").
constexpr double kTargetLe[2] = {79.4, 83.1};  // ONS, England 2018–20
constexpr double kTargetGap[2] = {9.4, 7.7};   // ONS, decile 1 vs 10
// ONS, England 2019: 4.2 (boys) and 3.5 (girls) per 1,000 live births, less the
// average deprivation multiplier (about 1.04) applied below.
constexpr double kInfantDeathRisk[2] = {0.0041, 0.0034};
constexpr double kNeonatalShare = 0.7;      // share of infant deaths in the first month
constexpr double kInfantDeprivation = 0.4;  // log relative risk at deprivation score 1
// Children, adults: per person-year.
constexpr double kChild1to4[2] = {0.00013, 0.00011};
constexpr double kChild5to14[2] = {0.00008, 0.00007};
constexpr double kMakeham[2] = {0.0002, 0.0001};
constexpr double kHump[2] = {0.0006, 0.00015};
constexpr double kGompertzSlope[2] = {0.102, 0.110};

// How strongly deprivation acts at each age: full at working ages, less in
// childhood and in old age (where the relative gap in death rates narrows).
double AgeWeight(double age) {
  if (age < 15) return 0.5;
  if (age < 70) return 1.0;
  if (age < 95) return 1.0 - 0.5 * (age - 70) / 25;
  return 0.5;
}

// Hazard at the 2019 level for decile score 0 and frailty 1, without the infant part.
double AdultAndChildHazard(int sex, double age, double level) {
  if (age < 5) return kChild1to4[sex];
  if (age < 15) return kChild5to14[sex];
  double x = std::min(age, double{kMaxTabulatedAge});
  double hump = kHump[sex] * std::exp(-((x - 23) / 7) * ((x - 23) / 7));
  return kMakeham[sex] + hump + level * std::exp(kGompertzSlope[sex] * (x - 50));
}

// Life expectancy for hazards per interval, each constant within it.
double LifeExpectancyOf(const double* mu) {
  double l = 1, total = 0;
  for (int j = 0; j < kAgeIntervals; ++j) {
    if (j == kAgeIntervals - 1) return total + l / mu[j];
    double n = MortalityModel::IntervalEnd(j) - MortalityModel::IntervalStart(j);
    double survive = std::exp(-mu[j] * n);
    total += l * (1 - survive) / mu[j];
    l *= survive;
  }
  return total;
}

}  // namespace

int MortalityModel::Interval(double age) {
  if (age < 1.0 / 12) return 0;
  if (age < 1) return 1;
  return std::min(kAgeIntervals - 1, static_cast<int>(age) + 1);
}

double MortalityModel::IntervalStart(int j) { return j == 0 ? 0 : j == 1 ? 1.0 / 12 : j - 1; }

double MortalityModel::IntervalEnd(int j) {
  return j == kAgeIntervals - 1 ? 1e9 : j == 0 ? 1.0 / 12 : j;
}

double MortalityModel::CovidFactor(int year) {
  return year == 2020 ? 1.13 : year == 2021 ? 1.07 : 1.0;
}

double MortalityModel::CalendarFactor(int year) {
  return CovidFactor(year) * std::exp(-0.01 * (year - 2019));
}

const MortalityModel& MortalityModel::Get() {
  static const MortalityModel model;
  return model;
}

MortalityModel::MortalityModel()
    : hazard_(2 * 10 * kFrailtyLevels * kAgeIntervals),
      frailty_(2 * 10 * (kMaxTabulatedAge + 1) * kFrailtyLevels) {
  for (int sex = 0; sex < 2; ++sex) Calibrate(sex);
}

void MortalityModel::Build(int sex, double level, double beta) {
  level_[sex] = level;
  beta_[sex] = beta;
  double infant = -std::log(1 - kInfantDeathRisk[sex]);
  for (int d = 1; d <= 10; ++d) {
    double score = DeprivationScore(d);
    for (int k = 0; k < kFrailtyLevels; ++k) {
      double* mu = &hazard_[Index(sex, d, k) * kAgeIntervals];
      double infant_rr = std::exp(kInfantDeprivation * score);
      mu[0] = infant_rr * kNeonatalShare * infant * 12;
      mu[1] = infant_rr * (1 - kNeonatalShare) * infant * 12 / 11;
      for (int j = 2; j < kAgeIntervals; ++j) {
        double mid = IntervalStart(j) + 0.5;
        double rr = std::exp(beta * score * AgeWeight(mid));
        mu[j] = AdultAndChildHazard(sex, mid, level) * rr * kFrailtyHazard[k];
      }
    }
  }
}

std::vector<double> MortalityModel::MixtureHazard(int sex, int decile) const {
  std::vector<double> mixed(kAgeIntervals);
  std::array<double, kFrailtyLevels> alive = kFrailtyShare;
  for (int j = 0; j < kAgeIntervals; ++j) {
    double n = std::min(1.0, IntervalEnd(j) - IntervalStart(j));
    double num = 0, den = 0;
    for (int k = 0; k < kFrailtyLevels; ++k) {
      double mu = Hazard(sex, decile, k, j);
      double at_mid = alive[k] * std::exp(-mu * n / 2);
      num += at_mid * mu;
      den += at_mid;
      alive[k] *= std::exp(-mu * n);
    }
    mixed[j] = den > 0 ? num / den : Hazard(sex, decile, kFrailtyLevels - 1, j);
  }
  return mixed;
}

double MortalityModel::LifeExpectancy(int sex, int decile) const {
  double le = 0;
  for (int k = 0; k < kFrailtyLevels; ++k) {
    le += kFrailtyShare[k] * LifeExpectancyOf(&hazard_[Index(sex, decile, k) * kAgeIntervals]);
  }
  return le;
}

double MortalityModel::PooledLifeExpectancy(int sex, std::span<const double> decile_share) const {
  std::vector<double> pooled(kAgeIntervals, 0.0);
  double total = 0;
  for (int d = 1; d <= 10; ++d) total += decile_share[d - 1];
  for (int d = 1; d <= 10; ++d) {
    std::vector<double> mixed = MixtureHazard(sex, d);
    for (int j = 0; j < kAgeIntervals; ++j) pooled[j] += mixed[j] * decile_share[d - 1] / total;
  }
  return LifeExpectancyOf(pooled.data());
}

// Bisection in two levels: for a deprivation gradient, the adult level that
// gives England's life expectancy; then the gradient that gives the gap.
void MortalityModel::Calibrate(int sex) {
  const std::array<double, 10> even = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  auto fit_level = [&](double beta) {
    double lo = std::log(1e-5), hi = std::log(0.05);
    for (int i = 0; i < 40; ++i) {
      double mid = (lo + hi) / 2;
      Build(sex, std::exp(mid), beta);
      (PooledLifeExpectancy(sex, even) > kTargetLe[sex] ? lo : hi) = mid;
    }
    Build(sex, std::exp((lo + hi) / 2), beta);
  };
  double lo = 0, hi = 2;
  for (int i = 0; i < 30; ++i) {
    double beta = (lo + hi) / 2;
    fit_level(beta);
    (LifeExpectancy(sex, 10) - LifeExpectancy(sex, 1) < kTargetGap[sex] ? lo : hi) = beta;
  }
  fit_level((lo + hi) / 2);
  // Frailty mix among survivors to each exact age.
  for (int d = 1; d <= 10; ++d) {
    std::array<double, kFrailtyLevels> alive = kFrailtyShare;
    for (int age = 0, j = 0; age <= kMaxTabulatedAge; ++age) {
      double sum = 0;
      for (double a : alive) sum += a;
      for (int k = 0; k < kFrailtyLevels; ++k) {
        frailty_[((sex * 10 + d - 1) * (kMaxTabulatedAge + 1) + age) * kFrailtyLevels + k] =
            alive[k] / sum;
      }
      for (; j < kAgeIntervals && IntervalEnd(j) <= age + 1; ++j) {
        double n = IntervalEnd(j) - IntervalStart(j);
        for (int k = 0; k < kFrailtyLevels; ++k) alive[k] *= std::exp(-Hazard(sex, d, k, j) * n);
      }
    }
  }
}

std::span<const double> MortalityModel::FrailtyGivenAge(int sex, int decile, int age) const {
  age = std::clamp(age, 0, kMaxTabulatedAge);
  return {&frailty_[((sex * 10 + decile - 1) * (kMaxTabulatedAge + 1) + age) * kFrailtyLevels],
          kFrailtyLevels};
}

}  // namespace barometer::synth::internal
