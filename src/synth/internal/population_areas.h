// synth/internal/population_areas.h — the places people live: LSOAs with
// their national IMD decile, neighbourhoods, local authorities and GP practices.
//
// Built once per run from (profile, people, seed); immutable afterwards, so
// generating threads share it without locks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/internal/population_profile.h"
#include "synth/internal/population_rng.h"

namespace barometer::synth::internal {

struct Lsoa {
  int decile = 1;         // national IMD 2019 decile, 1 = most deprived
  int neighbourhood = 0;  // index into AreaTable::neighbourhoods()
};

struct Neighbourhood {
  std::string name;
  int local_authority = 0;  // index into AreaTable::local_authorities()
  int first_practice = 0;   // practices [first_practice, first_practice + practices)
  int practices = 1;
};

class AreaTable {
 public:
  AreaTable(PopulationProfile profile, uint64_t people, uint64_t seed);

  const std::vector<Lsoa>& lsoas() const { return lsoas_; }
  const std::vector<Neighbourhood>& neighbourhoods() const { return neighbourhoods_; }
  const std::vector<std::string>& local_authorities() const { return las_; }
  int practice_count() const { return practices_; }

  // "E01900001": synthetic codes in the LSOA 2011 pattern that no real LSOA has.
  static std::string LsoaCode(size_t index);
  // An ODS-style GP practice code, e.g. "M81001".
  std::string PracticeCode(int index) const;

  // Draws a home LSOA and a practice in its neighbourhood.
  size_t DrawLsoa(Rng& rng) const { return rng.Below(lsoas_.size()); }
  int DrawPractice(size_t lsoa, Rng& rng) const;

 private:
  std::vector<Lsoa> lsoas_;
  std::vector<Neighbourhood> neighbourhoods_;
  std::vector<std::string> las_;
  int practices_ = 0;
  char practice_letter_ = 'M';
};

// About 1,600 residents per LSOA (ONS LSOA 2011 average) and 8,000 per practice.
inline constexpr uint64_t kPeoplePerLsoa = 2'000;  // persons.csv rows, incl. movers and births
inline constexpr uint64_t kMinLsoas = 40;
inline constexpr uint64_t kPeoplePerPractice = 10'000;

}  // namespace barometer::synth::internal
