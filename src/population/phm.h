// population/phm.h — population health management on an extract: primary
// segments by highest need, what each segment uses, how concentrated use is,
// and case-finding lists of at-risk people.
//
//   auto rules = DefaultSegmentationRules();          // config/segmentation.toml
//   SegmentAssignment seg = AssignSegments(extract, *rules, at, /*threads=*/0);
//   auto rows = SummariseSegments(extract, *rules, seg, at, DisclosureOptions{});
//
// The rule format and the reasons behind the default set are in
// docs/segmentation.md. All functions are pure computations over a loaded
// Extract (no I/O) and deterministic for any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "population/disclosure.h"
#include "population/extract.h"

namespace barometer::population {

// One rule: every condition written in it must hold. Unset conditions hold.
struct Rule {
  std::string name;            // case-finding rules only
  std::vector<int> codelists;  // indices into SegmentationRules::codelist_names
  int min_codelists = 1;       // of `codelists`, at least this many present
  int within_months = 0;       // codes recorded in the last N months; 0 = ever
  int min_age = -1;            // -1 = no bound
  int max_age = -1;
  int setting = -1;  // a Setting, or -1 for no activity condition
  int min_events = 1;
  int events_within_months = 12;
};

struct SegmentDef {
  std::string id;           // "end_of_life"
  std::string label;        // "End of life"
  std::vector<Rule> rules;  // any one; empty for the last (default) segment
};

// The case-finding risk score: a documented sum of points (docs/segmentation.md).
struct RiskScore {
  int window_months = 12;
  double emergency_admission = 3;  // per emergency admission in the window
  double ae_attendance = 1;        // per A&E attendance in the window
  double bed_day = 0.2;            // per bed-day in the window, up to bed_day_cap
  int bed_day_cap = 30;
  double long_term_condition = 1;  // per long-term condition code list present
  std::vector<int> long_term_conditions;
  double frailty_or_dementia = 2;
  std::vector<int> frailty_codelists;
  double age_75_to_84 = 2;
  double age_85_plus = 3;
  double core20 = 1;  // lives in an LSOA of national IMD decile 1 or 2
};

struct SegmentationRules {
  std::vector<std::string> codelist_names;
  // Per code list: "icd10:<prefix>" or "snomed:<id>" entries.
  std::vector<std::vector<std::string>> codelist_entries;
  std::vector<SegmentDef> segments;  // highest need first; the last has no rules
  std::vector<Rule> case_finding;
  RiskScore score;
};

// Parses rules in the TOML format of config/segmentation.toml. Every problem
// is an InvalidInput naming `name`, the line and column, with a suggestion
// for a misspelt key or code list.
Result<SegmentationRules> ParseSegmentationRules(std::string_view toml, const std::string& name);
// The built-in rules (config/segmentation.toml, compiled in).
Result<SegmentationRules> DefaultSegmentationRules();

// Each person's primary segment (an index into rules.segments) at `at`
// (days): the first segment whose rules hold on the data up to that date.
struct SegmentAssignment {
  int32_t at = 0;
  std::vector<uint8_t> segment;  // one per person
};
SegmentAssignment AssignSegments(const Extract& x, const SegmentationRules& rules, int32_t at,
                                 int threads);

// Whether person i is alive and registered on day `at`.
bool InPopulationAt(const Extract& x, size_t i, int32_t at);

// What a segment or concentration row counts: people, or one kind of use.
enum class UseMeasure {
  kPeople,
  kEmergencyAdmissions,
  kBedDays,
  kAeAttendances,
  kElectiveAdmissions,
  kDaycases,
  kOutpatients,
};
// The measure's name in output ("people", "emergency_admissions", ...).
std::string_view UseMeasureName(UseMeasure m);

// The rows' segment: an index into SegmentationRules::segments, or everyone.
constexpr int kEveryone = -1;

// One row of a segment summary: a count (people or activity) for a segment
// ("all" for everyone) and a breakdown value, with its rate per 1,000 people.
// The strings are for the writers; code finds rows by the ids at the end.
struct SegmentRow {
  std::string segment;
  std::string breakdown;           // all, sex, age_group, imd_quintile
  std::string breakdown_value;     // all, male, 0-17, 1, ...
  std::string measure;             // people, emergency_admissions, bed_days, ...
  std::optional<int64_t> count;    // after disclosure control; nullopt when suppressed
  std::optional<double> per_1000;  // count per 1,000 people in the same cell
  std::string suppressed;
  // What the row is, as ids and enums.
  int segment_index = kEveryone;
  bool whole_segment = false;  // the "all" breakdown cell (no sex, age or IMD split)
  UseMeasure use = UseMeasure::kPeople;
};

// People alive and registered at `at`, by segment, with their activity in
// the `window_months` before it, through disclosure control.
std::vector<SegmentRow> SummariseSegments(const Extract& x, const SegmentationRules& rules,
                                          const SegmentAssignment& seg, int window_months,
                                          const DisclosureOptions& disclosure, int threads);

// ---- Concentration -------------------------------------------------------------

struct ConcentrationOptions {
  int window_months = 12;
  std::vector<double> top_percents = {1, 5, 10, 11, 20, 50};  // top x% of people
  std::vector<double> usage_percents = {50, 74, 80};          // fewest people holding y% of use
  double lorenz_step = 5;                                     // Lorenz points every 5% of people
  int threads = 0;
};

// One statistic for a group (all, or a segment) and a measure (bed_days,
// emergency_admissions, ae_attendances).
enum class ConcentrationStatistic {
  kPeople,       // people in the group
  kUsers,        // people with any use
  kTotal,        // total use
  kTopShare,     // share of use held by the top x% of people
  kPeopleShare,  // fewest people (%) holding x% of use
  kLorenz,       // Lorenz curve point at x% of people
  kGini,         // Gini coefficient
};
// The statistic's name in output ("top_share", ...).
std::string_view ConcentrationStatisticName(ConcentrationStatistic s);

struct ConcentrationRow {
  std::string group;
  std::string measure;
  std::string statistic;        // people, users, total, top_share, people_share, lorenz, gini
  std::optional<double> x;      // the percent for top_share / people_share / lorenz
  std::optional<double> value;  // nullopt when suppressed
  std::string suppressed;
  // What the row is, as ids and enums: code finds rows by these.
  int segment_index = kEveryone;
  UseMeasure use = UseMeasure::kBedDays;
  ConcentrationStatistic stat = ConcentrationStatistic::kPeople;
};

// The people in the population at some point in the window (alive at its
// start and registered during it), their use over the window, and how it is
// concentrated: overall and by segment (when `seg` is given).
std::vector<ConcentrationRow> Concentration(const Extract& x, int32_t at,
                                            const SegmentationRules* rules,
                                            const SegmentAssignment* seg,
                                            const ConcentrationOptions& options,
                                            const DisclosureOptions& disclosure);

// ---- Case-finding --------------------------------------------------------------

struct CaseFindingRow {
  int64_t rank = 0;
  std::string person_id;  // the extract's pseudonymised id; nothing else identifying
  double score = 0;
  std::string rules;  // the names of the rules met, "; "-separated
  int emergency_admissions = 0;
  int ae_attendances = 0;
  int bed_days = 0;
  int long_term_conditions = 0;
  std::string age_band;  // five-year band, not the age
  std::string segment;
};

// People alive and registered at `at` who meet any case-finding rule, ranked
// by risk score (highest first; ties by person_id), at most `limit` (0 = all).
// With `pseudonym_key`, each person_id is replaced by its keyed pseudonym
// (KeyedPseudonym below) before ranking.
// For one shard of a larger extract (x.group), the first process gets the
// list of the whole extract and the others an empty list; an error only when
// a process's rows could not be received whole.
Result<std::vector<CaseFindingRow>> FindCases(const Extract& x, const SegmentationRules& rules,
                                              const SegmentAssignment& seg, size_t limit,
                                              int threads,
                                              const std::string* pseudonym_key = nullptr);

// Whether `id` looks like an NHS number: 10 digits (spaces or hyphens
// between groups allowed) whose last is the modulus-11 check digit of the
// first nine. Such ids identify people and are not pseudonymised.
bool LooksLikeNhsNumber(std::string_view id);
// How many of the extract's person ids look like NHS numbers, and the file
// line (1-based data row + 1) of the first; never the id itself.
struct NhsNumberScan {
  size_t count = 0;
  size_t first_row = 0;  // index into persons
};
NhsNumberScan FindNhsNumbers(const Extract& x);
// HMAC-SHA256 of `id` under `key`, as 64 lower-case hex digits.
std::string KeyedPseudonym(std::string_view key, std::string_view id);

// The risk score of person i at `at` and the facts it is made of.
struct RiskFacts {
  double score = 0;
  int emergency_admissions = 0;
  int ae_attendances = 0;
  int bed_days = 0;
  int long_term_conditions = 0;
  bool frailty_or_dementia = false;
  int age = 0;
  bool core20 = false;
};

}  // namespace barometer::population
