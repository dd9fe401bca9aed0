// The synthetic population generator: options, determinism for a seed, and
// conformance of what it writes to the population data contract
// (docs/population-data.md), read back with the project's CSV reader.
#include "synth/population.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "population_test_util.h"

namespace barometer::synth {
namespace {

using testing::ReadCsv;
using testing::ReadFile;
using testing::TempDir;

const char* const kFiles[] = {"areas.csv", "persons.csv", "conditions.csv", "activity.csv"};

PopulationOptions Options(uint64_t people, uint64_t seed, PopulationProfile profile, int threads) {
  PopulationOptions o;
  o.people = people;
  o.seed = seed;
  o.profile = profile;
  o.threads = threads;
  return o;
}

TEST(SynthPopulation, ProfileNamesRoundTrip) {
  for (auto p : {PopulationProfile::kDeprivedCity, PopulationProfile::kMixedCounty}) {
    EXPECT_EQ(ParsePopulationProfile(PopulationProfileName(p)), p);
  }
  EXPECT_EQ(ParsePopulationProfile("city"), std::nullopt);
}

TEST(SynthPopulation, RejectsOutOfRangeOptions) {
  PopulationOptions o = Options(9'999, 1, PopulationProfile::kMixedCounty, 1);
  Status st = ValidatePopulationOptions(o);
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(
      st.message(),
      "--people 9999 is out of range; expected 10000 to 60000000 (10 thousand to 60 million)");
  o.people = 60'000'001;
  EXPECT_FALSE(ValidatePopulationOptions(o).ok());
  o.people = 60'000'000;
  EXPECT_TRUE(ValidatePopulationOptions(o).ok());
  o.threads = 0;
  EXPECT_EQ(ValidatePopulationOptions(o).message(),
            "--threads 0 is out of range; expected 1 to 256");
  TempDir dir("synth-invalid");
  EXPECT_FALSE(WriteSyntheticPopulation(o, dir.path()).ok());
}

TEST(SynthPopulation, SameSeedGivesIdenticalFilesWhateverTheThreads) {
  TempDir a("synth-a"), b("synth-b"), c("synth-c");
  auto sa =
      WriteSyntheticPopulation(Options(12'345, 11, PopulationProfile::kDeprivedCity, 1), a.path());
  auto sb =
      WriteSyntheticPopulation(Options(12'345, 11, PopulationProfile::kDeprivedCity, 3), b.path());
  auto sc =
      WriteSyntheticPopulation(Options(12'345, 12, PopulationProfile::kDeprivedCity, 2), c.path());
  ASSERT_TRUE(sa.ok() && sb.ok() && sc.ok());
  for (const char* f : kFiles) {
    std::string fa = ReadFile(a.path() + "/" + f);
    EXPECT_FALSE(fa.empty()) << f;
    EXPECT_EQ(fa, ReadFile(b.path() + "/" + f)) << f << " differs between 1 and 3 threads";
  }
  EXPECT_NE(ReadFile(a.path() + "/persons.csv"), ReadFile(c.path() + "/persons.csv"));
  EXPECT_NE(ReadFile(a.path() + "/activity.csv"), ReadFile(c.path() + "/activity.csv"));
}

TEST(SynthPopulation, CancelStopsGeneration) {
  TempDir dir("synth-cancel");
  std::atomic<bool> cancel{true};
  PopulationOptions o = Options(50'000, 1, PopulationProfile::kMixedCounty, 2);
  o.cancel = &cancel;
  auto s = WriteSyntheticPopulation(o, dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "cancelled");
}

TEST(SynthPopulation, ReportsAnUnwritableDirectory) {
  auto s = WriteSyntheticPopulation(Options(10'000, 1, PopulationProfile::kMixedCounty, 1),
                                    "/nonexistent-barometer-dir/x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIo);
  EXPECT_EQ(s.status().message(), "cannot create /nonexistent-barometer-dir/x/areas.csv");
}

// --- Contract conformance -------------------------------------------------

struct Extract {
  std::vector<std::vector<std::string>> areas, persons, conditions, activity;
  PopulationSummary summary;
};

Extract Make(PopulationProfile profile, uint64_t people, uint64_t seed) {
  TempDir dir("synth-contract");
  Extract e;
  auto s = WriteSyntheticPopulation(Options(people, seed, profile, 2), dir.path());
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (s.ok()) e.summary = *s;
  e.areas = ReadCsv(dir.path() + "/areas.csv");
  e.persons = ReadCsv(dir.path() + "/persons.csv");
  e.conditions = ReadCsv(dir.path() + "/conditions.csv");
  e.activity = ReadCsv(dir.path() + "/activity.csv");
  return e;
}

using Row = std::vector<std::string>;
const Row kAreasHeader = {"lsoa", "imd_decile", "neighbourhood", "local_authority"};
const Row kPersonsHeader = {"person_id",     "sex",           "birth_year",      "birth_month",
                            "lsoa",          "practice",      "ethnic_category", "registered_from",
                            "registered_to", "date_of_death", "cause_of_death"};
const Row kConditionsHeader = {"person_id", "code_system", "code", "recorded_on"};
const Row kActivityHeader = {"person_id", "setting", "start_date", "end_date"};

std::optional<Date> DateOrBlank(const std::string& s, bool* ok) {
  if (s.empty()) return std::nullopt;
  auto d = Date::Parse(s);
  if (!d) *ok = false;
  return d;
}

// What the checks of conditions and activity need to know about a person.
struct PersonSpan {
  int64_t born_month_start = 0;  // first day of the birth month
  int64_t observed_from = 0;     // max(registered_from, window start)
  int64_t observed_to = 0;       // last day observed: death, deregistration or window end
};

class SynthPopulationContract : public ::testing::TestWithParam<PopulationProfile> {
 protected:
  static void SetUpTestSuite() {
    city_ = new Extract(Make(PopulationProfile::kDeprivedCity, 20'000, 5));
    county_ = new Extract(Make(PopulationProfile::kMixedCounty, 20'000, 5));
  }
  static void TearDownTestSuite() {
    delete city_;
    delete county_;
  }
  const Extract& e() const {
    return GetParam() == PopulationProfile::kDeprivedCity ? *city_ : *county_;
  }
  static Extract* city_;
  static Extract* county_;
};
Extract* SynthPopulationContract::city_ = nullptr;
Extract* SynthPopulationContract::county_ = nullptr;

TEST_P(SynthPopulationContract, HeadersAndRowCountsMatchTheContractAndSummary) {
  ASSERT_FALSE(e().persons.empty());
  EXPECT_EQ(e().areas[0], kAreasHeader);
  EXPECT_EQ(e().persons[0], kPersonsHeader);
  EXPECT_EQ(e().conditions[0], kConditionsHeader);
  EXPECT_EQ(e().activity[0], kActivityHeader);
  ASSERT_EQ(e().summary.files.size(), 4u);
  const std::vector<std::vector<std::string>>* tables[] = {&e().areas, &e().persons,
                                                           &e().conditions, &e().activity};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(e().summary.files[i].name, kFiles[i]);
    EXPECT_EQ(e().summary.files[i].rows + 1, tables[i]->size()) << kFiles[i];
  }
  EXPECT_EQ(e().persons.size() - 1, 20'000u);
  EXPECT_EQ(e().summary.people, 20'000u);
}

TEST_P(SynthPopulationContract, AreasHaveValidCodesAndDeciles) {
  std::regex lsoa("E01[0-9]{6}");
  std::set<std::string> seen;
  for (size_t i = 1; i < e().areas.size(); ++i) {
    const Row& r = e().areas[i];
    ASSERT_EQ(r.size(), 4u);
    EXPECT_TRUE(std::regex_match(r[0], lsoa)) << r[0];
    EXPECT_TRUE(seen.insert(r[0]).second) << "duplicate " << r[0];
    auto d = ParseInt(r[1]);
    EXPECT_TRUE(d && *d >= 1 && *d <= 10) << r[1];
    EXPECT_FALSE(r[2].empty());
    EXPECT_FALSE(r[3].empty());
  }
}

using Spans = std::unordered_map<std::string, PersonSpan>;

// Checks every row of persons.csv and fills `spans` (void, so ASSERT can stop it).
void CheckPersons(const Extract& e, Spans& spans) {
  std::unordered_set<std::string> lsoas;
  for (size_t i = 1; i < e.areas.size(); ++i) lsoas.insert(e.areas[i][0]);
  const std::set<std::string> ethnic = {"A", "B", "C", "D", "E", "F", "G", "H",  "J", "K",
                                        "L", "M", "N", "P", "R", "S", "Z", "99", ""};
  std::regex id("[0-9a-f]{10}"), practice("[A-Z][0-9]{5}"), icd10("[A-Z][0-9]{2}(\\.?[0-9])?");
  const int64_t window_start = Date{kWindowFirstYear, 1, 1}.ToDays();
  const int64_t window_end = Date{kWindowLastYear, 12, 31}.ToDays();
  for (size_t i = 1; i < e.persons.size(); ++i) {
    const Row& r = e.persons[i];
    SCOPED_TRACE("persons.csv line " + std::to_string(i + 1));
    ASSERT_EQ(r.size(), 11u);
    EXPECT_TRUE(std::regex_match(r[0], id)) << r[0];
    EXPECT_TRUE(r[1] == "1" || r[1] == "2" || r[1] == "9" || r[1] == "0") << r[1];
    auto by = ParseInt(r[2]), bm = ParseInt(r[3]);
    ASSERT_TRUE(by && bm);
    EXPECT_TRUE(*by >= 1900 && *by <= kWindowLastYear && *bm >= 1 && *bm <= 12);
    EXPECT_TRUE(lsoas.count(r[4])) << r[4] << " is not in areas.csv";
    EXPECT_TRUE(std::regex_match(r[5], practice)) << r[5];
    EXPECT_TRUE(ethnic.count(r[6])) << r[6];
    bool ok = true;
    auto from = DateOrBlank(r[7], &ok), to = DateOrBlank(r[8], &ok), died = DateOrBlank(r[9], &ok);
    ASSERT_TRUE(ok && from);
    int64_t born = Date{static_cast<int>(*by), static_cast<int>(*bm), 1}.ToDays();
    EXPECT_GE(from->ToDays(), born);
    EXPECT_LE(from->ToDays(), window_end);
    EXPECT_FALSE(to && died) << "both deregistered and dead";
    int64_t last = window_end;
    if (to) last = to->ToDays() - 1;
    if (died) last = died->ToDays();
    EXPECT_GE(last + 1, from->ToDays());
    EXPECT_LE(last, window_end);
    if (to || died) {
      EXPECT_GE(last + 1, window_start);
    }
    EXPECT_EQ(died.has_value(), !r[10].empty());
    if (died) {
      EXPECT_TRUE(std::regex_match(r[10], icd10)) << r[10];
    }
    bool fresh =
        spans.emplace(r[0], PersonSpan{born, std::max(window_start, from->ToDays()), last}).second;
    EXPECT_TRUE(fresh) << "duplicate person_id " << r[0];
  }
}

TEST_P(SynthPopulationContract, PersonsAreValidAndUnique) {
  Spans spans;
  CheckPersons(e(), spans);
  EXPECT_EQ(spans.size(), e().persons.size() - 1);
}

TEST_P(SynthPopulationContract, ConditionsBelongToKnownPeopleInTheirLifetime) {
  Spans spans;
  ASSERT_NO_FATAL_FAILURE(CheckPersons(e(), spans));
  std::regex icd10("[A-Z][0-9]{2}[0-9A-Z]?"), snomed("[0-9]{6,18}");
  for (size_t i = 1; i < e().conditions.size(); ++i) {
    const Row& r = e().conditions[i];
    SCOPED_TRACE("conditions.csv line " + std::to_string(i + 1));
    ASSERT_EQ(r.size(), 4u);
    auto it = spans.find(r[0]);
    ASSERT_NE(it, spans.end()) << r[0] << " is not in persons.csv";
    ASSERT_TRUE(r[1] == "icd10" || r[1] == "snomed") << r[1];
    EXPECT_TRUE(std::regex_match(r[2], r[1] == "icd10" ? icd10 : snomed)) << r[2];
    auto day = Date::Parse(r[3]);
    ASSERT_TRUE(day) << r[3];
    EXPECT_GE(day->ToDays(), it->second.born_month_start);
    EXPECT_LE(day->ToDays(), it->second.observed_to);
  }
}

TEST_P(SynthPopulationContract, ActivityLiesWithinEachPersonsObservation) {
  Spans spans;
  ASSERT_NO_FATAL_FAILURE(CheckPersons(e(), spans));
  const std::set<std::string> settings = {"ae", "emergency_admission", "elective_admission",
                                          "daycase", "outpatient"};
  std::map<std::string, int> seen;
  for (size_t i = 1; i < e().activity.size(); ++i) {
    const Row& r = e().activity[i];
    SCOPED_TRACE("activity.csv line " + std::to_string(i + 1));
    ASSERT_EQ(r.size(), 4u);
    auto it = spans.find(r[0]);
    ASSERT_NE(it, spans.end()) << r[0] << " is not in persons.csv";
    EXPECT_TRUE(settings.count(r[1])) << r[1];
    ++seen[r[1]];
    auto start = Date::Parse(r[2]);
    ASSERT_TRUE(start) << r[2];
    EXPECT_GE(start->ToDays(), it->second.observed_from);
    EXPECT_LE(start->ToDays(), it->second.observed_to);
    if (r[3].empty()) continue;
    auto end = Date::Parse(r[3]);
    ASSERT_TRUE(end) << r[3];
    EXPECT_TRUE(r[1] == "emergency_admission" || r[1] == "elective_admission") << r[1];
    EXPECT_GT(end->ToDays(), start->ToDays());
    EXPECT_LE(end->ToDays(), it->second.observed_to);
  }
  EXPECT_EQ(seen.size(), settings.size());
}

TEST_P(SynthPopulationContract, DeprivationFollowsTheProfile) {
  std::unordered_map<std::string, int> decile;
  for (size_t i = 1; i < e().areas.size(); ++i)
    decile[e().areas[i][0]] = std::stoi(e().areas[i][1]);
  std::array<double, 11> people{};
  for (size_t i = 1; i < e().persons.size(); ++i) people[decile.at(e().persons[i][4])] += 1;
  double n = static_cast<double>(e().persons.size() - 1);
  if (GetParam() == PopulationProfile::kDeprivedCity) {
    EXPECT_GE((people[1] + people[2]) / n, 0.55);  // Liverpool: ~six in ten LSOAs
  } else {
    for (int d = 1; d <= 10; ++d) EXPECT_NEAR(people[d] / n, 0.1, 0.03) << "decile " << d;
  }
}

TEST_P(SynthPopulationContract, MessinessIsPresentButRare) {
  std::map<std::string, int> ethnic, sex;
  int moved = 0;
  for (size_t i = 1; i < e().persons.size(); ++i) {
    ++sex[e().persons[i][1]];
    ++ethnic[e().persons[i][6]];
    moved += !e().persons[i][8].empty();
  }
  double n = static_cast<double>(e().persons.size() - 1);
  EXPECT_NEAR(ethnic["Z"] / n, 0.03, 0.01);
  EXPECT_NEAR(ethnic[""] / n, 0.05, 0.01);
  EXPECT_GT(ethnic["99"], 0);
  EXPECT_LT((sex["9"] + sex["0"]) / n, 0.002);
  EXPECT_GT(sex["9"] + sex["0"], 0);
  EXPECT_GT(moved / n, 0.1);
}

INSTANTIATE_TEST_SUITE_P(Profile, SynthPopulationContract,
                         ::testing::Values(PopulationProfile::kDeprivedCity,
                                           PopulationProfile::kMixedCounty),
                         [](const auto& info) {
                           return info.param == PopulationProfile::kDeprivedCity ? "DeprivedCity"
                                                                                 : "MixedCounty";
                         });

}  // namespace
}  // namespace barometer::synth
