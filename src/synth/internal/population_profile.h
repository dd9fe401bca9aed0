// synth/internal/population_profile.h — the published figures behind each
// profile: age–sex structure, deprivation, ethnicity, births and migration.
// Sources and caveats are in docs/synthetic-population.md. Plain constant data.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "synth/population.h"

namespace barometer::synth::internal {

inline constexpr int kAgeBands = 19;  // 0–4, 5–9, ..., 85–89, 90+

struct EthnicShare {
  std::string_view code;  // NHS ethnic category A–S
  double share;
};

struct ProfileParams {
  std::array<double, kAgeBands> age_share;        // residents by five-year band
  std::array<double, kAgeBands> male_share;       // share of each band that is male
  std::array<double, kAgeBands> mover_age_share;  // people moving in, by band
  std::array<double, 10> decile_share;            // LSOAs by national IMD decile
  std::span<const EthnicShare> ethnicity;
  double birth_rate;      // live births per resident per year
  double in_move_rate;    // people registering from elsewhere per resident per year
  double out_move_scale;  // multiplier of the out-migration rates by age
  int people_per_la;      // size of a local authority, in persons.csv rows
  int neighbourhoods_per_la;
  std::span<const std::string_view> la_names;
  std::span<const std::string_view> neighbourhood_names;
  char practice_letter;  // first letter of the practices' ODS codes
};

const ProfileParams& Profile(PopulationProfile profile);

// Recorded-ethnicity messiness: "Z" (not stated), blank (never recorded) and
// "99" (not known), taking the place of the true category at these rates.
inline constexpr double kEthnicNotStated = 0.03;
inline constexpr double kEthnicBlank = 0.05;
inline constexpr double kEthnicNotKnown99 = 0.005;
// Recorded sex 9 (indeterminate) and 0 (not known), each at this rate.
inline constexpr double kSexIndeterminate = 0.0002;
inline constexpr double kSexNotKnown = 0.0002;

// Out-migration (registration ended alive) per person-year at `age`, before the profile's scale.
double OutMoveRate(double age);

}  // namespace barometer::synth::internal
