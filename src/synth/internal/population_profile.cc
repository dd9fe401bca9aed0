#include "synth/internal/population_profile.h"

namespace barometer::synth::internal {
namespace {

// ONS mid-2019 population estimates, England, by five-year band (approximate, %).
constexpr std::array<double, kAgeBands> kEnglandAge = {
    5.9, 6.3, 5.9, 5.6, 6.2, 6.8, 6.8, 6.5, 6.1, 6.7, 6.9, 6.4, 5.5, 4.9, 4.9, 3.5, 2.5, 1.5, 0.9};
// ONS mid-2019 population estimates, Liverpool (approximate, %): a student city.
constexpr std::array<double, kAgeBands> kCityAge = {
    5.8, 5.6, 5.1, 6.3, 11.0, 8.6, 7.0, 6.0, 5.4, 5.8, 6.5, 6.4, 5.5, 4.4, 4.1, 2.8, 2.0, 1.2, 0.6};
// Share male by band (ONS mid-2019, England, approximate).
constexpr std::array<double, kAgeBands> kMaleShare = {
    0.512, 0.512, 0.512, 0.515, 0.510, 0.505, 0.500, 0.495, 0.495, 0.493,
    0.492, 0.490, 0.487, 0.483, 0.475, 0.460, 0.430, 0.390, 0.300};
// Internal and international migrants by age (ONS migration flows: young adults dominate).
constexpr std::array<double, kAgeBands> kMoverAge = {5, 4, 3,   10, 25,  18,  11,  7,   5,  4,
                                                     3, 2, 1.5, 1,  0.8, 0.6, 0.5, 0.4, 0.2};

// 2021 Census, ethnic group (approximate %), as NHS ethnic category codes.
constexpr EthnicShare kEnglandEthnicity[] = {{"A", 73.5}, {"B", 0.9}, {"C", 6.3}, {"D", 0.8},
                                             {"E", 0.4},  {"F", 0.8}, {"G", 0.7}, {"H", 3.3},
                                             {"J", 2.7},  {"K", 1.1}, {"L", 1.6}, {"M", 1.1},
                                             {"N", 2.5},  {"P", 0.5}, {"R", 0.8}, {"S", 2.2}};
constexpr EthnicShare kCityEthnicity[] = {{"A", 77.3}, {"B", 1.0}, {"C", 4.5}, {"D", 1.0},
                                          {"E", 0.5},  {"F", 0.9}, {"G", 1.1}, {"H", 0.8},
                                          {"J", 0.3},  {"K", 0.4}, {"L", 1.4}, {"M", 0.3},
                                          {"N", 2.2},  {"P", 0.8}, {"R", 1.5}, {"S", 3.7}};

// Fictional place names: the deciles are synthetic, so no real place is named.
constexpr std::string_view kCityNames[] = {
    "Northport", "Eastwick",  "Southam Bay", "Westmoor",  "Ravensfield", "Ashbury",   "Kingsmere",
    "Oakhaven",  "Fairholme", "Thornbridge", "Millbrook", "Hollowdale",  "Stonemoor", "Brightwater",
    "Greyford",  "Larkhill",  "Elmstead",    "Marshgate", "Hawkridge",   "Redcliffe"};
constexpr std::string_view kCountyNames[] = {
    "Brackenshire Vale", "Upper Wold",   "Lowfield",      "Harrowdene",   "Copperdale",
    "Wickham Moor",      "Silverbourne", "Fennington",    "Aldermoor",    "Greenholt",
    "Pennywell",         "Sedgebrook",   "Bramblecote",   "Foxley Heath", "Cranmere",
    "Dunsworth",         "Evenlode",     "Marlow Fields", "Oxley Downs",  "Quarrington"};
// Nine neighbourhoods per city authority, as in One Liverpool's model.
constexpr std::string_view kCityNeighbourhoods[] = {"Central",    "North",      "North East",
                                                    "East",       "South East", "South",
                                                    "South West", "West",       "North West"};
constexpr std::string_view kCountyNeighbourhoods[] = {"North", "East", "South", "West"};

constexpr ProfileParams kDeprivedCity = {
    .age_share = kCityAge,
    .male_share = kMaleShare,
    .mover_age_share = kMoverAge,
    // English Indices of Deprivation 2019, Liverpool: about six in ten LSOAs in
    // the most deprived fifth nationally, almost half in the most deprived tenth.
    .decile_share = {0.46, 0.15, 0.10, 0.07, 0.06, 0.05, 0.04, 0.03, 0.025, 0.015},
    .ethnicity = kCityEthnicity,
    .birth_rate = 0.0115,
    .in_move_rate = 0.030,
    .out_move_scale = 1.25,
    .people_per_la = 600'000,
    .neighbourhoods_per_la = 9,
    .la_names = kCityNames,
    .neighbourhood_names = kCityNeighbourhoods,
    .practice_letter = 'N',
};

constexpr ProfileParams kMixedCounty = {
    .age_share = kEnglandAge,
    .male_share = kMaleShare,
    .mover_age_share = kMoverAge,
    // Deciles are national tenths of LSOAs, so England as a whole is even.
    .decile_share = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
    .ethnicity = kEnglandEthnicity,
    .birth_rate = 0.0105,
    .in_move_rate = 0.022,
    .out_move_scale = 1.0,
    .people_per_la = 200'000,
    .neighbourhoods_per_la = 4,
    .la_names = kCountyNames,
    .neighbourhood_names = kCountyNeighbourhoods,
    .practice_letter = 'M',
};

}  // namespace

const ProfileParams& Profile(PopulationProfile profile) {
  return profile == PopulationProfile::kDeprivedCity ? kDeprivedCity : kMixedCounty;
}

double OutMoveRate(double age) {
  if (age < 16) return 0.02;
  if (age < 25) return 0.08;
  if (age < 35) return 0.05;
  if (age < 65) return 0.015;
  return 0.008;
}

}  // namespace barometer::synth::internal
