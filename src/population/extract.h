// population/extract.h — a pseudonymised patient-level extract, loaded into
// columnar memory.
//
// An extract is a folder of CSV files in the contract of docs/population-data.md
// (persons.csv, conditions.csv, activity.csv, areas.csv, optional population.csv).
// LoadExtract() parses it on all cores, validates every row (all problems are
// reported, not only the first), and keeps a binary cache beside it
// (DIR/.barometer-cache) that later loads map straight into memory.
//
//   Diagnostics problems;
//   Result<Extract> x = LoadExtract("extract/", LoadOptions{}, &problems);
//   if (!x.ok()) { Print(problems); return x.status(); }
//   for (size_t i = 0; i < x->persons.size(); ++i) Use(x->persons.sex[i]);
//
// The data are a struct of arrays: one Column per field, people in file order,
// and conditions and activity in CSR form (per person, ordered by date), so a
// scan over people touches only the columns it needs. An Extract is immutable
// once loaded and safe to read from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/status.h"

namespace barometer::population {

// A read-only array that either owns its values or views memory owned by
// someone else (the mapped cache file), kept alive by `owner`.
template <typename T>
class Column {
 public:
  Column() = default;
  explicit Column(std::vector<T> values) {
    auto owned = std::make_shared<std::vector<T>>(std::move(values));
    data_ = owned->data();
    size_ = owned->size();
    owner_ = std::move(owned);
  }
  Column(std::shared_ptr<const void> owner, const T* data, size_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return data_; }
  // REQUIRES: i < size()
  const T& operator[](size_t i) const { return data_[i]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::span<const T> span() const { return {data_, size_}; }

 private:
  std::shared_ptr<const void> owner_;
  const T* data_ = nullptr;
  size_t size_ = 0;
};

// Strings as one blob of characters and size()+1 offsets into it.
class StringColumn {
 public:
  StringColumn() = default;
  StringColumn(Column<char> chars, Column<uint64_t> offsets)
      : chars_(std::move(chars)), offsets_(std::move(offsets)) {}
  static StringColumn FromStrings(const std::vector<std::string>& strings);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  // REQUIRES: i < size()
  std::string_view operator[](size_t i) const {
    return {chars_.data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
  }
  const Column<char>& chars() const { return chars_; }
  const Column<uint64_t>& offsets() const { return offsets_; }
  std::vector<std::string> ToVector() const;

 private:
  Column<char> chars_;
  Column<uint64_t> offsets_;
};

// Days since 1970-01-01; kNever marks an absent date (an open registration,
// no death), so "date <= registered_to" holds for open registrations.
inline constexpr int32_t kNever = std::numeric_limits<int32_t>::max();
// No area (a blank lsoa) or no dictionary entry.
inline constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

// NHS Data Dictionary person stated gender codes.
enum class Sex : int8_t { kNotKnown = 0, kMale = 1, kFemale = 2, kIndeterminate = 9 };

// The activity settings of the contract, in this order.
enum class Setting : uint8_t {
  kAe = 0,
  kEmergencyAdmission = 1,
  kElectiveAdmission = 2,
  kDaycase = 3,
  kOutpatient = 4,
};
inline constexpr int kSettingCount = 5;
// "ae", "emergency_admission", ...
std::string_view SettingName(Setting s);

struct Persons {
  StringColumn id;     // pseudonymised person_id, unique
  Column<int8_t> sex;  // Sex codes
  Column<int16_t> birth_year;
  Column<uint8_t> birth_month;      // 1-12
  Column<uint32_t> area;            // index into Areas, or kNoIndex when lsoa is blank
  Column<uint32_t> practice;        // index into Extract::practices, or kNoIndex
  Column<uint8_t> ethnic;           // 'A'..'Z', '9' for "99", 0 for blank
  Column<int32_t> registered_from;  // days
  Column<int32_t> registered_to;    // days, kNever when still registered
  Column<int32_t> date_of_death;    // days, kNever when alive
  Column<uint16_t> cause;           // Icd10 code (see icd10.h); 0 when none

  size_t size() const { return sex.size(); }
};

// Conditions in CSR form: person i's rows are [offsets[i], offsets[i+1]),
// ordered by recorded_on.
struct Conditions {
  Column<uint64_t> offsets;     // persons + 1
  Column<uint32_t> code;        // index into Extract::condition_codes
  Column<int32_t> recorded_on;  // days
  size_t size() const { return code.size(); }
};

// Activity in CSR form, ordered by start date within each person.
struct Activity {
  Column<uint64_t> offsets;  // persons + 1
  Column<uint8_t> setting;   // Setting
  Column<int32_t> start;     // days
  Column<int32_t> end;       // days; equal to start when same-day
  size_t size() const { return setting.size(); }
};

struct Areas {
  StringColumn lsoa;                 // LSOA 2011 codes
  Column<uint8_t> imd_decile;        // 1 (most deprived) .. 10
  Column<uint32_t> neighbourhood;    // index into neighbourhood_names
  Column<uint32_t> local_authority;  // index into local_authority_names
  StringColumn neighbourhood_names;
  StringColumn local_authority_names;
  size_t size() const { return imd_decile.size(); }
};

// Optional population.csv: one row per (area, year, sex, life-table band).
struct PopulationTable {
  Column<uint32_t> area;  // index into Areas
  Column<int16_t> year;
  Column<int8_t> sex;    // 1 or 2
  Column<uint8_t> band;  // 0..19, the life-table bands 0, 1-4, 5-9, ..., 90+
  Column<double> population;
  size_t size() const { return area.size(); }
};

// When an extract is one shard of a larger one (`barometer population
// indicators --shards DIR` under mpirun), the scans that support it combine
// their partial results across the processes through this (indicators and
// trend: cubes of counts; segments: counts; concentration: histograms of use
// per person; case-finding: each process's top rows). Every process
// makes the same calls in the same order (collective operations); each gets
// the combined values back. The engine itself has no MPI dependency; the CLI
// provides the implementation (docs/scale-out.md).
class ShardGroup {
 public:
  virtual ~ShardGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Element-wise sum, then maximum, of `values` over every process, in place.
  virtual void SumAll(std::vector<int64_t>& values) const = 0;
  virtual void MaxAll(std::vector<int64_t>& values) const = 0;
  // Every process's `bytes`, in rank order, on process 0; an empty list on
  // the others. (Case-finding sends each process's top-k rows this way.)
  virtual std::vector<std::string> GatherToFirst(const std::string& bytes) const = 0;
};

struct Extract {
  std::string dir;
  Persons persons;
  Conditions conditions;
  Activity activity;
  Areas areas;
  PopulationTable population;  // empty when population.csv is absent
  bool has_population = false;
  StringColumn practices;        // ODS codes
  StringColumn condition_codes;  // "icd10:E119", "snomed:44054006"
  int32_t latest_date = 0;       // the latest date anywhere in the extract (days)

  // How it was loaded.
  bool from_cache = false;
  uint64_t csv_bytes = 0;  // size of the CSV files
  int64_t rejected_rows = 0;

  // Set when this is one shard of a larger extract: the people here are a
  // part of the whole, and scans combine their counts through it. Null for
  // an ordinary extract.
  std::shared_ptr<const ShardGroup> group;
};

struct LoadOptions {
  // Strict by default: any bad row fails the load. With skip_bad_rows, bad
  // rows (and rows that refer to them) are left out and listed in
  // rejects_path (file, line, reason) when it is not empty.
  bool skip_bad_rows = false;
  std::string rejects_path;
  bool use_cache = true;    // read and write DIR/.barometer-cache
  int threads = 0;          // 0: all hardware threads
  size_t max_listed = 100;  // problems listed in the diagnostics (all are counted)
  // The rejects file lists file, line and reason; the rows themselves (patient
  // data) only when this is set (the CLI's --person-level). Mode 0600 always.
  bool rejects_with_rows = false;
  // Dates after `today` (days since 1970-01-01; unset: the system's date) are
  // bad rows, unless the files hold forecasts.
  std::optional<int32_t> today;
  bool forecasts = false;
};

// Today's date (local time) in days since 1970-01-01, or the date in the
// environment variable BAROMETER_TODAY (YYYY-MM-DD) when it is set: the one
// place a population command reads the clock, so tests and the demo can fix it.
Result<int32_t> PopulationToday();

// Loads the extract in `dir`. Problems with rows go to `problems` (at most
// options.max_listed of them; sorted by file and line); warnings (e.g. a
// cache that could not be written) too. Errors: NotFound/Io for missing or
// unreadable files, InvalidInput when rows are bad (the message gives the
// total count), never an exception.
Result<Extract> LoadExtract(const std::string& dir, const LoadOptions& options,
                            Diagnostics* problems);

// ---- shards (docs/scale-out.md) ----------------------------------------------
//
// A sharded extract is a folder holding a manifest (shards.txt: `format 1`,
// `shards N`) and N extracts shard-0000 .. shard-(N-1), each with the
// contract's files: every person in exactly one shard, with all their
// conditions and activity; areas.csv and population.csv whole in each.
inline constexpr std::string_view kShardManifest = "shards.txt";
inline constexpr int kShardFormat = 1;

// DIR/shard-0007.
std::string ShardDir(const std::string& shards_dir, int shard);
// The shard of a person in `shards` shards (a hash of the trimmed id).
int ShardOf(std::string_view person_id, int shards);
// Splits the (valid) extract in `dir` into `shards` shards in the new folder
// `out`, copying each record's text unchanged. Nothing is left behind on
// failure; an existing `out` is refused.
Status PartitionExtract(const std::string& dir, int shards, const std::string& out);
// The number of shards in the manifest of `shards_dir` (NotFound, or
// Corrupt for a manifest this version does not read).
Result<int> ReadShardManifest(const std::string& shards_dir);

// The cache file LoadExtract uses for `dir`.
std::string CachePath(const std::string& dir);

}  // namespace barometer::population
