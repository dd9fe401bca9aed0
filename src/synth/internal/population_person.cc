#include "synth/internal/population_person.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/date.h"
#include "synth/internal/population_activity.h"
#include "synth/internal/population_causes.h"
#include "synth/internal/population_conditions.h"
#include "synth/internal/population_mortality.h"

namespace barometer::synth::internal {
namespace {

// Independent random streams per concern, so that changing one part of the
// model leaves the draws of the others as they were.
constexpr uint64_t kDemographyStream = 1;
constexpr uint64_t kConditionStream = 2;
constexpr uint64_t kCauseStream = 3;
constexpr uint64_t kActivityStream = 4;

constexpr int kYears = kWindowLastYear - kWindowFirstYear + 1;

const std::array<int32_t, kYears + 1>& YearStarts() {
  static const auto starts = [] {
    std::array<int32_t, kYears + 1> s{};
    for (int i = 0; i <= kYears; ++i) {
      s[i] = static_cast<int32_t>(Date{kWindowFirstYear + i, 1, 1}.ToDays());
    }
    return s;
  }();
  return starts;
}

const std::array<double, kYears>& CalendarFactors() {
  static const auto factors = [] {
    std::array<double, kYears> f{};
    for (int i = 0; i < kYears; ++i) f[i] = MortalityModel::CalendarFactor(kWindowFirstYear + i);
    return f;
  }();
  return factors;
}

// An exact age in years within five-year band `band` (the last band is 90+).
double DrawAgeInBand(int band, Rng& rng) {
  if (band == kAgeBands - 1) return 90 + std::min(19.0, 4 * rng.Exponential());
  return 5 * band + 5 * rng.Uniform();
}

std::string_view DrawEthnicity(const ProfileParams& profile, Rng& rng) {
  double u = rng.Uniform();
  double total = 0;
  for (const EthnicShare& e : profile.ethnicity) total += e.share;
  double v = rng.Uniform() * total;
  std::string_view code = profile.ethnicity.back().code;
  for (const EthnicShare& e : profile.ethnicity) {
    if (v < e.share) {
      code = e.code;
      break;
    }
    v -= e.share;
  }
  if (u < kEthnicNotStated) return "Z";
  if (u < kEthnicNotStated + kEthnicBlank) return "";
  if (u < kEthnicNotStated + kEthnicBlank + kEthnicNotKnown99) return "99";
  return code;
}

}  // namespace

std::string_view SettingName(Setting s) {
  switch (s) {
    case Setting::kAe:
      return "ae";
    case Setting::kEmergency:
      return "emergency_admission";
    case Setting::kElective:
      return "elective_admission";
    case Setting::kDaycase:
      return "daycase";
    case Setting::kOutpatient:
      return "outpatient";
  }
  return "";
}

int32_t WindowStartDay() { return YearStarts().front(); }
int32_t WindowEndDay() { return YearStarts().back(); }
int32_t YearStartDay(int year) { return YearStarts()[year - kWindowFirstYear]; }

int32_t Person::ObservedUntil() const {
  if (exit_day < 0) return WindowEndDay();
  return died ? exit_day + 1 : exit_day;
}

PersonGenerator::PersonGenerator(const AreaTable& areas, PopulationProfile profile, uint64_t seed)
    : areas_(areas), profile_(Profile(profile)), seed_(seed) {
  double births = kYears * profile_.birth_rate, movers = kYears * profile_.in_move_rate;
  birth_share_ = births / (1 + births + movers);
  mover_share_ = movers / (1 + births + movers);
  MortalityModel::Get();  // calibrate before threads start
}

void PersonGenerator::DrawDemography(Rng& rng, Person& p) const {
  const int32_t start = WindowStartDay(), span = WindowEndDay() - start;
  double u = rng.Uniform();
  double age = 0;  // at entry
  int32_t entry = start;
  if (u < birth_share_) {
    entry = start + static_cast<int32_t>(rng.Below(span));
    p.sex = rng.Bernoulli(profile_.male_share[0]) ? 0 : 1;
    p.born_in_window = true;
  } else {
    bool mover = u < birth_share_ + mover_share_;
    const auto& shares = mover ? profile_.mover_age_share : profile_.age_share;
    int band = static_cast<int>(rng.Categorical(shares));
    age = DrawAgeInBand(band, rng);
    p.sex = rng.Bernoulli(profile_.male_share[band]) ? 0 : 1;
    if (mover) entry = start + static_cast<int32_t>(rng.Below(span));
  }
  p.birth_day = entry - static_cast<int32_t>(age * 365.25);
  p.registered_from = entry;
  if (entry == start && !p.born_in_window) {
    // Resident at the start: registered some time before it (up to 30 years).
    double back = std::min(age, 30.0) * 365.25 * rng.Uniform();
    p.registered_from = std::max(p.birth_day, start - 1 - static_cast<int32_t>(back));
  }
  p.lsoa = areas_.DrawLsoa(rng);
  p.decile = areas_.lsoas()[p.lsoa].decile;
  p.practice = areas_.DrawPractice(p.lsoa, rng);
  p.ethnic = DrawEthnicity(profile_, rng);
  double s = rng.Uniform();
  p.recorded_sex = s < kSexIndeterminate                  ? '9'
                   : s < kSexIndeterminate + kSexNotKnown ? '0'
                   : p.sex == 0                           ? '1'
                                                          : '2';
  auto frailty = p.born_in_window ? std::span<const double>(MortalityModel::kFrailtyShare)
                                  : MortalityModel::Get().FrailtyGivenAge(p.sex, p.decile,
                                                                          static_cast<int>(age));
  p.frailty = static_cast<int>(rng.Categorical(frailty));
}

// Competing risks of death and of moving away, walked through pieces of time
// in which both hazards are constant (an age interval within a calendar year).
void PersonGenerator::DrawExit(Rng& rng, Person& p) const {
  const MortalityModel& model = MortalityModel::Get();
  const auto& years = YearStarts();
  const auto& calendar = CalendarFactors();
  double need_death = rng.Exponential(), need_move = rng.Exponential();
  double t = std::max(p.registered_from, WindowStartDay());
  const double end = WindowEndDay();
  int y = 0;
  while (t < end) {
    while (years[y + 1] <= t) ++y;
    double age = (t - p.birth_day) / 365.25;
    int j = MortalityModel::Interval(age);
    double piece_end =
        std::min<double>(years[y + 1], p.birth_day + MortalityModel::IntervalEnd(j) * 365.25);
    double dt = std::max(piece_end - t, 1e-9);
    double mu = model.Hazard(p.sex, p.decile, p.frailty, j) * calendar[y] / 365.25;
    double rho = OutMoveRate(age) * profile_.out_move_scale / 365.25;
    double to_death = need_death / mu, to_move = need_move / rho;
    if (std::min(to_death, to_move) < dt) {
      p.died = to_death <= to_move;
      p.exit_day = static_cast<int32_t>(std::floor(t + std::min(to_death, to_move)));
      return;
    }
    need_death -= mu * dt;
    need_move -= rho * dt;
    t += dt;
  }
}

void PersonGenerator::Generate(uint64_t index, Person& p) const {
  p.index = index;
  p.exit_day = -1;
  p.died = p.born_in_window = false;
  p.cause.clear();
  p.conditions.clear();
  p.activity.clear();
  Rng demography(seed_, kDemographyStream, index);
  DrawDemography(demography, p);
  DrawExit(demography, p);
  Rng conditions(seed_, kConditionStream, index);
  DrawConditions(conditions, p);
  if (p.died) {
    Rng cause(seed_, kCauseStream, index);
    CauseGroup group = CauseGroup::kNone;
    p.cause = DrawCauseOfDeath(p, cause, &group);
    DrawPalliativeCare(cause, group, p);
  }
  Rng activity(seed_, kActivityStream, index);
  DrawActivity(activity, p);
}

}  // namespace barometer::synth::internal
