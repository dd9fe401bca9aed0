// synth/internal/population_person.h — one synthetic person, start to end.
//
// PersonGenerator::Generate(i) draws everything about person i from the
// random stream keyed by (seed, i): how they enter the registered population
// (resident at the window start, born, or moved in), sex, age, home LSOA,
// practice, ethnicity, frailty, when they leave (death, moving away, or
// still registered at the end), long-term conditions, cause of death and
// hospital activity. Dates are days since 1970-01-01.
//
// Thread-compatible: one generator may be shared by threads (it is const
// after construction); each thread fills its own Person.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "synth/internal/population_areas.h"
#include "synth/internal/population_rng.h"

namespace barometer::synth::internal {

enum class Setting : uint8_t { kAe, kEmergency, kElective, kDaycase, kOutpatient };
std::string_view SettingName(Setting s);  // contract value, e.g. "emergency_admission"

struct ConditionRecord {
  int condition = 0;        // index into the condition catalogue
  std::string_view system;  // "icd10" or "snomed"
  std::string_view code;
  int32_t day = 0;  // recorded_on
};

struct ActivityRecord {
  Setting setting = Setting::kAe;
  int32_t start = 0;
  int32_t end = -1;  // -1: same day (end_date blank)
};

struct Person {
  uint64_t index = 0;
  int sex = 0;              // 0 male, 1 female: drives the model
  char recorded_sex = '1';  // NHS Data Dictionary code as written
  int32_t birth_day = 0;
  int32_t registered_from = 0;
  int32_t exit_day = -1;  // death or registration end; -1 while registered at the end
  bool died = false;
  bool born_in_window = false;
  size_t lsoa = 0;
  int decile = 1;
  int practice = 0;
  int frailty = 0;
  std::string_view ethnic;  // as written: a code, "Z", "99" or empty
  std::string cause;        // underlying cause of death (ICD-10), empty when alive
  std::vector<ConditionRecord> conditions;
  std::vector<ActivityRecord> activity;

  // The day observation of this person stops (exclusive).
  int32_t ObservedUntil() const;
  double AgeAt(int32_t day) const { return (day - birth_day) / 365.25; }
};

// Window bounds in days since 1970-01-01; the end is exclusive (2025-01-01).
int32_t WindowStartDay();
int32_t WindowEndDay();
// 1 January of `year`, for kWindowFirstYear..kWindowLastYear + 1.
int32_t YearStartDay(int year);

class PersonGenerator {
 public:
  PersonGenerator(const AreaTable& areas, PopulationProfile profile, uint64_t seed);

  // Fills `p` (its vectors are reused, so pass the same Person to save allocations).
  void Generate(uint64_t index, Person& p) const;

 private:
  void DrawDemography(Rng& rng, Person& p) const;
  void DrawExit(Rng& rng, Person& p) const;

  const AreaTable& areas_;
  const ProfileParams& profile_;
  uint64_t seed_;
  double birth_share_;  // of persons.csv rows: born in the window
  double mover_share_;  // moved in during the window
};

}  // namespace barometer::synth::internal
