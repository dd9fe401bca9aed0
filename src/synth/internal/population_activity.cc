#include "synth/internal/population_activity.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/date.h"
#include "synth/internal/population_conditions.h"
#include "synth/internal/population_mortality.h"

namespace barometer::synth::internal {
namespace {

constexpr int kSettings = 5;  // in the order of Setting
constexpr int kBands = 8;
constexpr double kBandStart[kBands] = {0, 5, 15, 25, 45, 65, 75, 85};

struct SettingModel {
  std::array<double, kBands> rate;  // per person-year before the multipliers below
  double deprivation;               // log relative rate at deprivation score +1
  std::array<double, kFrailtyLevels> frailty;
  double per_condition;  // rate multiplier 1 + per_condition * long-term conditions
  double last_year;      // multiplier in the last 365 days of life
  double gamma_shape;    // personal propensity, gamma with mean 1
};

// Tuned so that rates per head by age are near HES 2019-20 (docs/synthetic-population.md).
constexpr SettingModel kModels[kSettings] = {
    // A&E attendances
    {{0.55, 0.28, 0.42, 0.35, 0.28, 0.28, 0.42, 0.65},
     0.25,
     {0.6, 0.85, 1.1, 1.5, 2.2},
     0.15,
     3.0,
     1.0},
    // emergency admissions
    {{0.13, 0.037, 0.055, 0.055, 0.058, 0.08, 0.14, 0.25},
     0.25,
     {0.5, 0.75, 1.1, 1.8, 3.0},
     0.35,
     3.0,
     1.5},
    // elective (ordinary) admissions
    {{0.008, 0.008, 0.012, 0.016, 0.028, 0.05, 0.05, 0.025},
     -0.05,
     {0.8, 0.9, 1.1, 1.3, 1.4},
     0.10,
     1.0,
     1.0},
    // day cases
    {{0.023, 0.023, 0.038, 0.06, 0.14, 0.27, 0.27, 0.15},
     -0.05,
     {0.8, 0.9, 1.1, 1.3, 1.4},
     0.15,
     1.2,
     1.0},
    // outpatient attendances
    {{0.55, 0.45, 0.65, 0.85, 1.2, 1.4, 1.5, 1.2}, 0.0, {0.6, 0.8, 1.1, 1.5, 2.0}, 0.30, 1.5, 1.5},
};

constexpr double kSameDayEmergency = 0.35;  // emergency admissions discharged the same day
constexpr double kDiesInHospital = 0.45;
constexpr double kLosSpread = 0.8;  // sigma of log length of stay
constexpr int kMaxStay = 200;

int Band(double age) {
  int b = 0;
  while (b + 1 < kBands && age >= kBandStart[b + 1]) ++b;
  return b;
}

double MedianStay(double age) { return age < 18 ? 1.5 : age < 65 ? 2.5 : age < 80 ? 4.5 : 7.0; }

int DrawStay(double age, bool last_year, Rng& rng) {
  double days = MedianStay(age) * std::exp(kLosSpread * rng.Normal()) * (last_year ? 1.3 : 1.0);
  return std::clamp(static_cast<int>(std::lround(days)), 1, kMaxStay);
}

void AddEvent(Setting s, int32_t from, int32_t to, double age, bool last_year, const Person& p,
              Rng& rng, std::vector<ActivityRecord>& out) {
  int32_t start = from + static_cast<int32_t>(rng.Below(to - from));
  int32_t end = -1;
  if (s == Setting::kEmergency && !rng.Bernoulli(kSameDayEmergency)) {
    end = start + DrawStay(age, last_year, rng);
  } else if (s == Setting::kElective) {
    end = start + std::max(1, DrawStay(age, false, rng) / 2);
  }
  if (end >= 0) end = std::min(end, p.ObservedUntil() - 1);
  out.push_back({s, start, end > start ? end : -1});
}

// Per-person multipliers of each setting's rate that do not change over time.
using Propensity = std::array<double, kSettings>;

Propensity DrawPropensity(const Person& p, Rng& rng) {
  Propensity c;
  double score = DeprivationScore(p.decile);
  for (int s = 0; s < kSettings; ++s) {
    const SettingModel& m = kModels[s];
    c[s] = rng.GammaMeanOne(m.gamma_shape) * std::exp(m.deprivation * score) * m.frailty[p.frailty];
  }
  return c;
}

// Events in [from, to), all at one age and count of conditions (its middle's).
// One Poisson draw for all settings, then a setting for each event.
void AddPiece(int32_t from, int32_t to, bool last_year, const Propensity& c, Person& p, Rng& rng) {
  if (to <= from) return;
  int32_t mid = from + (to - from) / 2;
  double age = p.AgeAt(mid);
  int band = Band(age);
  int ltc = LongTermConditionsAt(p, mid);
  double years = (to - from) / 365.25;
  std::array<double, kSettings> mean;
  double total = 0;
  for (int s = 0; s < kSettings; ++s) {
    const SettingModel& m = kModels[s];
    mean[s] =
        m.rate[band] * c[s] * (1 + m.per_condition * ltc) * (last_year ? m.last_year : 1.0) * years;
    total += mean[s];
  }
  int n = rng.Poisson(total);
  for (int i = 0; i < n; ++i) {
    auto s = static_cast<Setting>(rng.Categorical(mean));
    AddEvent(s, from, to, age, last_year, p, rng, p.activity);
  }
}

}  // namespace

void DrawActivity(Rng& rng, Person& p) {
  const Propensity c = DrawPropensity(p, rng);
  const int32_t from = std::max(p.registered_from, WindowStartDay());
  const int32_t until = p.ObservedUntil();
  const int32_t last_year = p.died ? p.exit_day - 365 : until;
  for (int y = kWindowFirstYear; y <= kWindowLastYear; ++y) {
    int32_t a = std::max(from, YearStartDay(y));
    int32_t b = std::min(until, YearStartDay(y + 1));
    if (b <= a) continue;
    AddPiece(a, std::min(b, std::max(a, last_year)), false, c, p, rng);
    AddPiece(std::max(a, last_year), b, true, c, p, rng);
  }
  if (p.died && p.AgeAt(p.exit_day) >= 1 && rng.Bernoulli(kDiesInHospital)) {
    double age = p.AgeAt(p.exit_day);
    int32_t start = std::max({p.exit_day - DrawStay(age, true, rng), from});
    p.activity.push_back({Setting::kEmergency, start, p.exit_day > start ? p.exit_day : -1});
  }
  std::sort(p.activity.begin(), p.activity.end(),
            [](const ActivityRecord& a, const ActivityRecord& b) {
              if (a.start != b.start) return a.start < b.start;
              return a.setting != b.setting ? a.setting < b.setting : a.end < b.end;
            });
}

}  // namespace barometer::synth::internal
