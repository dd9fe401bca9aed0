// synth/internal/population_writer.h — the contract's rows, formatted fast.
//
// PersonRows appends one person's rows to three text buffers (persons,
// conditions, activity) without allocating per field; dates come from a
// table of "YYYY-MM-DD" strings built once. Pseudonyms are a keyed
// permutation of the person index, so they are unique by construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "synth/internal/population_areas.h"
#include "synth/internal/population_person.h"

namespace barometer::synth::internal {

inline constexpr std::string_view kPersonsHeader =
    "person_id,sex,birth_year,birth_month,lsoa,practice,ethnic_category,registered_from,"
    "registered_to,date_of_death,cause_of_death\n";
inline constexpr std::string_view kConditionsHeader = "person_id,code_system,code,recorded_on\n";
inline constexpr std::string_view kActivityHeader = "person_id,setting,start_date,end_date\n";
inline constexpr std::string_view kAreasHeader = "lsoa,imd_decile,neighbourhood,local_authority\n";

// A ten-character lower-case hexadecimal pseudonym for person `index`: a
// 40-bit Feistel permutation keyed by the seed. REQUIRES: index < 2^40.
std::string Pseudonym(uint64_t seed, uint64_t index);

struct RowBuffers {
  std::string persons, conditions, activity;
  uint64_t condition_rows = 0, activity_rows = 0;
  void clear() {
    persons.clear();
    conditions.clear();
    activity.clear();
    condition_rows = activity_rows = 0;
  }
};

// Formats the rows of generated people. Immutable; shared across threads.
class PersonRows {
 public:
  PersonRows(const AreaTable& areas, uint64_t seed);
  void Append(const Person& p, RowBuffers& out) const;

 private:
  uint64_t seed_;
  std::vector<std::string> lsoa_codes_;
  std::vector<std::string> practice_codes_;
};

// All of areas.csv.
std::string AreaRows(const AreaTable& areas);

// "YYYY-MM-DD" for days since 1970-01-01 from 1890 to 2030.
std::string_view DateText(int32_t day);

}  // namespace barometer::synth::internal
