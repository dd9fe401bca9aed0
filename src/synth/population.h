// synth/population.h — a realistic synthetic population extract of any size.
//
// WriteSyntheticPopulation() writes a pseudonymised patient-level extract in
// the population data contract (docs/population-data.md): persons.csv,
// conditions.csv, activity.csv and areas.csv. People are generated one by one
// from a seeded counter-based random stream keyed by (seed, person index), so
// the files are byte-identical for a seed whatever the thread count, and
// memory does not grow with the number of people (rows stream through a
// bounded window of chunks into buffered files). Every modelling assumption
// and its source is in docs/synthetic-population.md.
//
//   PopulationOptions o;
//   o.people = 200'000;
//   o.seed = 7;
//   o.profile = PopulationProfile::kMixedCounty;
//   Result<PopulationSummary> s = WriteSyntheticPopulation(o, "/tmp/extract");
//   if (!s.ok()) return s.status();
//
// Thread-safe: concurrent calls with different directories are independent.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer::synth {

// Which kind of place the population lives in.
enum class PopulationProfile {
  kDeprivedCity,  // like Liverpool: most LSOAs in national IMD deciles 1–2, a young age structure
  kMixedCounty,   // near the national spread of deprivation and England's age structure
};

// "deprived-city" / "mixed-county".
std::string_view PopulationProfileName(PopulationProfile p);
std::optional<PopulationProfile> ParsePopulationProfile(std::string_view name);

inline constexpr uint64_t kMinSyntheticPeople = 10'000;
inline constexpr uint64_t kMaxSyntheticPeople = 60'000'000;
// The observation window: registrations, deaths, conditions and activity are
// observed from 1 January of the first year to 31 December of the last.
inline constexpr int kWindowFirstYear = 2015;
inline constexpr int kWindowLastYear = 2024;

struct PopulationOptions {
  uint64_t people = 100'000;  // rows of persons.csv; kMinSyntheticPeople..kMaxSyntheticPeople
  uint64_t seed = 1;
  PopulationProfile profile = PopulationProfile::kMixedCounty;
  int threads = 1;  // generating threads, 1..256; the output does not depend on it
  // Called from the writing thread with the number of people written so far.
  std::function<void(uint64_t people_done)> on_progress;
  // When set and it becomes true, generation stops and returns a kInternal
  // status saying it was cancelled (the files written so far are incomplete).
  const std::atomic<bool>* cancel = nullptr;
};

struct WrittenFile {
  std::string name;   // "persons.csv"
  uint64_t rows = 0;  // data rows, without the header
  uint64_t bytes = 0;
};

struct PopulationSummary {
  uint64_t people = 0;
  uint64_t births = 0;             // people born inside the window
  uint64_t deaths = 0;             // deaths inside the window
  uint64_t moved_out = 0;          // people whose registration ended alive (registered_to set)
  std::vector<WrittenFile> files;  // in the order written
};

// Checks the options; an InvalidInput status says which one is wrong and why.
Status ValidatePopulationOptions(const PopulationOptions& options);

// Writes the four contract files into `dir`, which must be an existing
// directory; files of the same names there are replaced. On failure the
// files may be partly written: callers wanting all-or-nothing write into a
// temporary directory and rename it (as `barometer synth population` does).
Result<PopulationSummary> WriteSyntheticPopulation(const PopulationOptions& options,
                                                   const std::string& dir);

// The generator's own expectation, from its calibrated hazard model without
// sampling: period life expectancy at birth (years) at the 2019 mortality
// level, for `sex` 1 (male) or 2 (female) and national IMD decile 1–10.
double ModelLifeExpectancyAtBirth(int sex, int imd_decile);
// The same for a whole profile's population (rates pooled over its deciles,
// weighted by the share of its LSOAs in each).
double ModelLifeExpectancyAtBirth(PopulationProfile profile, int sex);

}  // namespace barometer::synth
