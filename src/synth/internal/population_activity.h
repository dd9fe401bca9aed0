// synth/internal/population_activity.h — hospital activity with a heavy tail.
//
// For each calendar year a person is registered, the number of A&E
// attendances, emergency and elective admissions, day cases and outpatient
// attendances is Poisson, with a mean that rises with age, deprivation (for
// unplanned care), the number of long-term conditions, the person's frailty,
// a personal gamma-distributed propensity, and the last year of life. Stays
// have lognormal lengths that grow with age. About 45% of people who die
// (ONS: place of death) die in hospital at the end of an emergency admission.
#pragma once

#include "synth/internal/population_person.h"
#include "synth/internal/population_rng.h"

namespace barometer::synth::internal {

// Appends p's activity, sorted by start date. Needs everything else drawn.
void DrawActivity(Rng& rng, Person& p);

}  // namespace barometer::synth::internal
