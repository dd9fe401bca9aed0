// synth/internal/population_mortality.h — the generator's mortality model.
//
// A hazard of death per year by age, sex, national IMD decile and a hidden
// frailty level: infant and child rates, then Gompertz–Makeham with a young
// adult "accident hump", multiplied by a deprivation relative risk that is
// largest at working ages, by the person's frailty, and by a calendar-year
// factor (a slow improvement and the COVID-19 excess of 2020–21).
//
// The model calibrates itself once (Get()): for each sex it finds the adult
// mortality level and the deprivation gradient for which life expectancy at
// birth, with rates pooled evenly over the ten deciles, equals England's and
// the decile 1 – decile 10 gap equals the ONS gap (docs/synthetic-population.md).
// Immutable after construction; Get() is thread-safe.
#pragma once

#include <array>
#include <span>
#include <vector>

namespace barometer::synth::internal {

inline constexpr int kFrailtyLevels = 5;
// Age intervals: [0, 1/12), [1/12, 1), [1, 2), ..., [109, 110), [110, inf).
inline constexpr int kAgeIntervals = 112;
inline constexpr int kMaxTabulatedAge = 110;

// +1 for national decile 1 (most deprived) down to -1 for decile 10.
inline double DeprivationScore(int decile) { return (5.5 - decile) / 4.5; }

class MortalityModel {
 public:
  // Share of people at birth in each frailty level, and its hazard multiplier.
  static constexpr std::array<double, kFrailtyLevels> kFrailtyShare = {0.30, 0.30, 0.20, 0.13,
                                                                       0.07};
  static constexpr std::array<double, kFrailtyLevels> kFrailtyHazard = {0.60, 0.85, 1.15, 1.60,
                                                                        2.40};

  // The calibrated model (built on first use).
  static const MortalityModel& Get();

  // Interval holding `age` (years), and the interval's bounds in years.
  static int Interval(double age);
  static double IntervalStart(int j);
  static double IntervalEnd(int j);  // a large number for the open last interval
  // Multiplier of every hazard in calendar year `year` (1 in 2019).
  static double CalendarFactor(int year);
  // The COVID-19 part of it: 1.13 in 2020, 1.07 in 2021, else 1.
  static double CovidFactor(int year);

  // Deaths per person-year in interval j at the 2019 level. sex: 0 male, 1 female.
  double Hazard(int sex, int decile, int frailty, int j) const {
    return hazard_[Index(sex, decile, frailty) * kAgeIntervals + j];
  }
  // Weights of the frailty levels among people alive at exact age `age`
  // (0..kMaxTabulatedAge): frailer people are rarer at older ages.
  std::span<const double> FrailtyGivenAge(int sex, int decile, int age) const;

  // Period life expectancy at birth for one decile (frailty levels mixed).
  double LifeExpectancy(int sex, int decile) const;
  // With rates pooled over deciles weighted by `decile_share` (equal age structure).
  double PooledLifeExpectancy(int sex, std::span<const double> decile_share) const;

  double adult_level(int sex) const { return level_[sex]; }
  double deprivation_gradient(int sex) const { return beta_[sex]; }

 private:
  MortalityModel();
  static int Index(int sex, int decile, int frailty) {
    return (sex * 10 + (decile - 1)) * kFrailtyLevels + frailty;
  }
  void Build(int sex, double level, double beta);
  void Calibrate(int sex);
  std::vector<double> MixtureHazard(int sex, int decile) const;

  std::array<double, 2> level_{};
  std::array<double, 2> beta_{};
  std::vector<double> hazard_;   // [sex][decile][frailty][interval]
  std::vector<double> frailty_;  // [sex][decile][age 0..110][frailty]
};

}  // namespace barometer::synth::internal
