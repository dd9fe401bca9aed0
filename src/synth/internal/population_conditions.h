// synth/internal/population_conditions.h — long-term conditions and the other
// coded facts segmentation rules match on (frailty, complex lives, end of life).
//
// Each condition has an onset age drawn per person: a logistic curve rising
// with age (hypertension, diabetes, COPD, ...) or a uniform onset early in
// life (asthma, learning disability, SMI, ...), scaled by deprivation and by
// the person's frailty. The code lists are documented in
// docs/synthetic-population.md, because segmentation rules match on them.
#pragma once

#include <span>
#include <string_view>

#include "synth/internal/population_causes.h"
#include "synth/internal/population_person.h"

namespace barometer::synth::internal {

struct CodeChoice {
  std::string_view system;  // "icd10" or "snomed"
  std::string_view code;
  double weight;
  int sex_only = 0;  // 0 either, 1 male only, 2 female only
};

enum class Onset { kRisingWithAge, kEarlyInLife };

struct ConditionSpec {
  std::string_view name;
  Onset onset;
  double probability[2];  // by sex: the curve's ceiling, or the lifetime chance
  double mid[2];          // rising: age at half the ceiling, by sex
  double scale;           // rising: spread of the logistic curve (years)
  double min_age;         // earliest onset
  double max_age;         // early: latest onset
  double deprivation;     // log relative risk at deprivation score +1 (decile 1)
  double frailty;         // log relative risk per frailty level
  bool long_term;         // counts toward multimorbidity (activity)
  CauseGroup related_cause;
  std::span<const CodeChoice> codes;
};

std::span<const ConditionSpec> ConditionCatalogue();

// Appends the conditions person `p` has by the end of their observation,
// sorted by recorded_on. Needs demography and exit drawn.
void DrawConditions(Rng& rng, Person& p);
// Appends a palliative-care code (Z51.5) in the months before death, with a
// chance depending on the cause group.
void DrawPalliativeCare(Rng& rng, CauseGroup cause, Person& p);
// Long-term conditions recorded on or before `day`.
int LongTermConditionsAt(const Person& p, int32_t day);

}  // namespace barometer::synth::internal
