// synth/internal/population_causes.h — underlying causes of death (ICD-10).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "synth/internal/population_rng.h"

namespace barometer::synth::internal {

struct Person;

enum class CauseGroup {
  kNone,
  kCancer,       // C00–C97
  kCirculatory,  // I00–I99
  kRespiratory,  // J00–J99
  kDementia,     // F01, F03, G30
  kExternal,     // V01–Y98
  kOther,
  kCovid,      // U07.1
  kPerinatal,  // P and Q chapters, R95: deaths in the first year
};

struct WeightedCode {
  std::string_view code;
  double weight;
  int sex_only = 0;  // 0 either, 1 male only, 2 female only
};

// Draws a code from `codes` for a person of `sex` (0 male, 1 female).
std::string_view DrawCode(std::span<const WeightedCode> codes, int sex, Rng& rng);

// Draws the underlying cause for a death of person `p` on p.exit_day: the
// group by age, deprivation, the person's conditions and (2020–21) COVID-19,
// then a code within it. A few codes are written with a dot ("I21.9"), as
// some extracts do; most without ("I219").
std::string DrawCauseOfDeath(const Person& p, Rng& rng, CauseGroup* group);

// The group of an ICD-10 code as the generator assigns it (for checks).
CauseGroup CauseGroupOf(std::string_view code);

}  // namespace barometer::synth::internal
