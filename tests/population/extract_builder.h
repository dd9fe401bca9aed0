// tests/population/extract_builder.h — hand-made extracts for the tests: a
// temporary folder with the contract's CSV files, removed afterwards.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "population/codes.h"

namespace barometer::population::testing {

// A day (days since 1970-01-01) as YYYY-MM-DD, for writing test extracts.
inline std::string IsoDay(int32_t days) {
  YearMonthDay d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

class TempExtract {
 public:
  TempExtract() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "barometer-pop-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    persons_ =
        "person_id,sex,birth_year,birth_month,lsoa,practice,ethnic_category,registered_from,"
        "registered_to,date_of_death,cause_of_death\n";
    conditions_ = "person_id,code_system,code,recorded_on\n";
    activity_ = "person_id,setting,start_date,end_date\n";
    areas_ = "lsoa,imd_decile,neighbourhood,local_authority\n";
  }
  ~TempExtract() { std::filesystem::remove_all(dir_); }
  TempExtract(const TempExtract&) = delete;
  TempExtract& operator=(const TempExtract&) = delete;

  const std::string& dir() const { return dir_; }
  std::string path(const std::string& file) const { return dir_ + "/" + file; }

  void Area(const std::string& lsoa, int decile, const std::string& nb, const std::string& la) {
    areas_ += fmt::format("{},{},{},{}\n", lsoa, decile, nb, la);
  }
  // A person registered from `from` (default 2010-01-01), alive unless `death` is given.
  void Person(const std::string& id, int sex, int birth_year, int birth_month,
              const std::string& lsoa, const std::string& ethnic = "A",
              const std::string& from = "2010-01-01", const std::string& to = "",
              const std::string& death = "", const std::string& cause = "") {
    persons_ += fmt::format("{},{},{},{},{},P001,{},{},{},{},{}\n", id, sex, birth_year,
                            birth_month, lsoa, ethnic, from, to, death, cause);
  }
  void Condition(const std::string& id, const std::string& system, const std::string& code,
                 const std::string& date) {
    conditions_ += fmt::format("{},{},{},{}\n", id, system, code, date);
  }
  void Activity(const std::string& id, const std::string& setting, const std::string& start,
                const std::string& end = "") {
    activity_ += fmt::format("{},{},{},{}\n", id, setting, start, end);
  }
  void PopulationRow(const std::string& area, int year, int sex, const std::string& band,
                     double n) {
    if (population_.empty()) population_ = "area,year,sex,age_band,population\n";
    population_ += fmt::format("{},{},{},{},{}\n", area, year, sex, band, n);
  }
  // Appends raw text to a file's contents (for bad rows).
  void Raw(const std::string& file, const std::string& text) {
    if (file == "persons.csv") persons_ += text;
    if (file == "conditions.csv") conditions_ += text;
    if (file == "activity.csv") activity_ += text;
    if (file == "areas.csv") areas_ += text;
    if (file == "population.csv") population_ += text;
  }

  void Write() const {
    WriteFile("persons.csv", persons_);
    WriteFile("conditions.csv", conditions_);
    WriteFile("activity.csv", activity_);
    WriteFile("areas.csv", areas_);
    if (!population_.empty()) WriteFile("population.csv", population_);
  }
  void WriteFile(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }

 private:
  std::string dir_;
  std::string persons_, conditions_, activity_, areas_, population_;
};

}  // namespace barometer::population::testing
