// Segmentation rules, segment summaries, concentration and case-finding on
// hand-made extracts.
#include "population/phm.h"

#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/codes.h"

namespace barometer::population {
namespace {

using testing::TempExtract;

Extract MustLoad(const TempExtract& t) {
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false}, &d);
  EXPECT_TRUE(x.ok()) << x.status().ToString() << "\n" << d.Format();
  return std::move(*x);
}

const int32_t kAt = DaysFromCivil(2023, 12, 31);

TEST(PopulationSegmentation, DefaultRulesAreTheOneLiverpoolSegmentsByNeed) {
  auto rules = DefaultSegmentationRules();
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  std::vector<std::string> ids;
  for (const SegmentDef& s : rules->segments) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"end_of_life", "frailty_dementia", "complex_lives",
                                           "disability", "mental_health", "long_term_conditions",
                                           "healthy"}));
  EXPECT_TRUE(rules->segments.back().rules.empty());
  ASSERT_EQ(rules->case_finding.size(), 1u);
  EXPECT_EQ(rules->case_finding[0].min_codelists, 2);
  EXPECT_EQ(rules->score.long_term_conditions.size(), 11u);
}

TEST(PopulationSegmentation, EveryPersonGetsTheirHighestNeedSegment) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  auto person = [&](const std::string& id, int by) { t.Person(id, 1, by, 1, "E01000001"); };
  person("EOL", 1940);  // palliative care 6 months ago, and dementia
  t.Condition("EOL", "icd10", "Z51.5", "2023-06-30");
  t.Condition("EOL", "icd10", "F03", "2019-01-01");
  person("OLDPAL", 1940);  // palliative care 13 months ago: no longer end of life
  t.Condition("OLDPAL", "icd10", "Z515", "2022-11-30");
  t.Condition("OLDPAL", "snomed", "52448006", "2019-01-01");
  person("FRAIL60", 1963);  // frailty under 65 does not count; hypertension does
  t.Condition("FRAIL60", "icd10", "R54", "2022-01-01");
  t.Condition("FRAIL60", "icd10", "I10", "2015-01-01");
  person("FRAIL70", 1953);
  t.Condition("FRAIL70", "icd10", "R54", "2022-01-01");
  person("HOMELESS", 1990);  // homeless within 24 months, and depression
  t.Condition("HOMELESS", "icd10", "Z59.0", "2022-02-01");
  t.Condition("HOMELESS", "icd10", "F32", "2023-01-01");
  person("HOMELESS_LONG_AGO", 1990);  // 30 months ago: mental health (SMI ever) instead
  t.Condition("HOMELESS_LONG_AGO", "icd10", "Z590", "2021-06-01");
  t.Condition("HOMELESS_LONG_AGO", "icd10", "F20.0", "2010-01-01");
  person("LD", 1995);
  t.Condition("LD", "icd10", "F71", "2000-01-01");
  t.Condition("LD", "icd10", "E11", "2020-01-01");
  person("DIABETES", 1970);
  t.Condition("DIABETES", "snomed", "44054006", "2020-01-01");
  person("FUTURE", 1970);  // a code recorded after the reference date is not seen
  t.Condition("FUTURE", "icd10", "C50", "2024-03-01");
  person("WELL", 1980);
  t.Write();
  Extract x = MustLoad(t);
  auto rules = DefaultSegmentationRules();
  ASSERT_TRUE(rules.ok());
  SegmentAssignment seg = AssignSegments(x, *rules, kAt, 3);
  std::map<std::string, std::string> got;
  for (size_t i = 0; i < x.persons.size(); ++i) {
    got[std::string(x.persons.id[i])] = rules->segments[seg.segment[i]].id;
  }
  EXPECT_EQ(got, (std::map<std::string, std::string>{
                     {"EOL", "end_of_life"},
                     {"OLDPAL", "frailty_dementia"},
                     {"FRAIL60", "long_term_conditions"},
                     {"FRAIL70", "frailty_dementia"},
                     {"HOMELESS", "complex_lives"},
                     {"HOMELESS_LONG_AGO", "mental_health"},
                     {"LD", "disability"},
                     {"DIABETES", "long_term_conditions"},
                     {"FUTURE", "healthy"},
                     {"WELL", "healthy"},
                 }));
}

TEST(PopulationSegmentation, ActivityAndThresholdRules) {
  const char* toml = R"(
[codelists]
copd = ["icd10:J44"]
asthma = ["icd10:J45"]
[[segment]]
id = "frequent"
  [[segment.rule]]
  setting = "emergency_admission"
  min_events = 2
  events_within_months = 6
[[segment]]
id = "both"
  [[segment.rule]]
  codelists = ["copd", "asthma"]
  min_codelists = 2
[[segment]]
id = "rest"
)";
  auto rules = ParseSegmentationRules(toml, "r.toml");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Person("A", 1, 1950, 1, "E01000001");
  t.Activity("A", "emergency_admission", "2023-08-01", "2023-08-03");
  t.Activity("A", "emergency_admission", "2023-12-01");
  t.Person("B", 1, 1950, 1, "E01000001");  // the first admission is 7 months back
  t.Activity("B", "emergency_admission", "2023-05-30");
  t.Activity("B", "emergency_admission", "2023-12-01");
  t.Condition("B", "icd10", "J44.1", "2010-01-01");
  t.Condition("B", "icd10", "J45", "2010-01-01");
  t.Person("C", 1, 1950, 1, "E01000001");
  t.Condition("C", "icd10", "J44", "2010-01-01");
  t.Write();
  Extract x = MustLoad(t);
  SegmentAssignment seg = AssignSegments(x, *rules, kAt, 1);
  EXPECT_EQ(seg.segment, (std::vector<uint8_t>{0, 1, 2}));
}

TEST(PopulationSegmentation, RuleFileProblemsAreAllReportedWithPlaces) {
  const char* toml = R"([codelists]
copd = ["icd10:J44", "read:H3"]
[[segment]]
id = "a"
  [[segment.rule]]
  codelist = ["copd"]
[[segment]]
id = "b"
  [[segment.rule]]
  codelists = ["cpod"]
  within_months = -3
)";
  auto rules = ParseSegmentationRules(toml, "r.toml");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().message(),
            "r.toml:2:22: 'read:H3' is not a code; expected \"icd10:<prefix>\" (e.g. "
            "\"icd10:E11\") or \"snomed:<concept id>\"\n"
            "r.toml:6:3: unknown key 'codelist' in [[segment.rule]]; did you mean `codelists`?\n"
            "r.toml:10:16: 'cpod' is not a code list in [codelists]; did you mean `copd`?\n"
            "r.toml:11:19: within_months must be a whole number from 0 to 1200\n"
            "r.toml:7:1: the last segment ('b') must have no rules, so that every person gets a "
            "segment");
  auto bad = ParseSegmentationRules("[codelists\n", "s.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where().file, "s.toml");
  EXPECT_EQ(bad.status().where().line, 1);
}

TEST(PopulationConcentration, TopSharesLorenzAndGiniByHand) {
  // Ten people in the window; bed-days 30 and 10 for two of them, none for the rest.
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  for (int i = 0; i < 10; ++i) t.Person("P" + std::to_string(i), 1, 1950, 1, "E01000001");
  t.Activity("P0", "emergency_admission", "2023-03-01", "2023-03-31");  // 30 nights
  t.Activity("P1", "elective_admission", "2023-05-01", "2023-05-11");   // 10 nights
  t.Activity("P1", "daycase", "2023-06-01");                            // no night
  t.Activity("P2", "emergency_admission", "2022-12-25", "2023-01-02");  // 1 night in the window
  t.Activity("P3", "ae", "2023-07-07");
  t.Write();
  Extract x = MustLoad(t);
  ConcentrationOptions o;
  o.top_percents = {10};
  o.usage_percents = {74};
  o.lorenz_step = 50;
  auto rows = Concentration(x, kAt, nullptr, nullptr, o, DisclosureOptions{false, 7, 5});
  std::map<std::string, double> v;
  for (const ConcentrationRow& r : rows) {
    EXPECT_EQ(UseMeasureName(r.use), r.measure);
    EXPECT_EQ(ConcentrationStatisticName(r.stat), r.statistic);
    EXPECT_EQ(r.segment_index, kEveryone);
    if (r.measure != "bed_days" || !r.value) continue;
    v[r.statistic + (r.x ? "@" + std::to_string(static_cast<int>(*r.x)) : "")] = *r.value;
  }
  // Use: [0 x 7, 1, 10, 30], total 41.
  EXPECT_EQ(v["people"], 10);
  EXPECT_EQ(v["users"], 3);
  EXPECT_EQ(v["total"], 41);
  EXPECT_NEAR(v["top_share@10"], 100.0 * 30 / 41, 1e-12);
  EXPECT_NEAR(v["people_share@74"], 20, 1e-12);  // 30/41 = 73.2% < 74%: two people
  EXPECT_NEAR(v["lorenz@50"], 0, 1e-12);
  EXPECT_NEAR(v["lorenz@100"], 100, 1e-12);
  // Gini = Σ_i Σ_j |x_i - x_j| / (2 n² mean).
  std::vector<double> use = {0, 0, 0, 0, 0, 0, 0, 1, 10, 30};
  double sum = 0;
  for (double a : use) {
    for (double b : use) sum += std::fabs(a - b);
  }
  EXPECT_NEAR(v["gini"], sum / (2 * 100 * 4.1), 1e-12);
}

TEST(PopulationConcentration, SmallGroupsAreNotShown) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  for (int i = 0; i < 10; ++i) t.Person("P" + std::to_string(i), 1, 1950, 1, "E01000001");
  t.Activity("P0", "emergency_admission", "2023-03-01", "2023-03-31");
  t.Write();
  Extract x = MustLoad(t);
  ConcentrationOptions o;
  o.top_percents = {10, 50};
  auto rows = Concentration(x, kAt, nullptr, nullptr, o, DisclosureOptions{});
  for (const ConcentrationRow& r : rows) {
    if (r.measure != "bed_days") continue;
    if (r.statistic == "top_share" && *r.x == 10) {
      EXPECT_FALSE(r.value.has_value());  // one person
      EXPECT_EQ(r.suppressed, "count<=7");
    }
    if (r.statistic == "people") {
      EXPECT_EQ(*r.value, 10);
    }
    if (r.statistic == "users") {
      EXPECT_FALSE(r.value.has_value());
    }
  }
}

TEST(PopulationCaseFinding, RankedByTheDocumentedScore) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");  // CORE20
  t.Area("E01000002", 8, "South", "Liverpool");
  // A: 80 years old, 3 emergency admissions (12 nights), 2 LTCs, CORE20.
  t.Person("A", 2, 1943, 3, "E01000001");
  t.Condition("A", "icd10", "I10", "2010-01-01");
  t.Condition("A", "icd10", "E11", "2010-01-01");
  t.Activity("A", "emergency_admission", "2023-01-10", "2023-01-15");
  t.Activity("A", "emergency_admission", "2023-05-10", "2023-05-15");
  t.Activity("A", "emergency_admission", "2023-09-10", "2023-09-12");
  t.Activity("A", "ae", "2023-09-10");
  // B: 50, 2 emergency admissions (same day), 3 LTCs, dementia, not CORE20.
  t.Person("B", 1, 1973, 1, "E01000002");
  t.Condition("B", "icd10", "I10", "2010-01-01");
  t.Condition("B", "icd10", "J44", "2010-01-01");
  t.Condition("B", "icd10", "N18.3", "2010-01-01");
  t.Condition("B", "icd10", "F03", "2010-01-01");
  t.Activity("B", "emergency_admission", "2023-02-01");
  t.Activity("B", "emergency_admission", "2023-03-01");
  // C: 2 admissions but one LTC: not listed. D: 2 LTCs, one admission: not listed.
  t.Person("C", 1, 1973, 1, "E01000002");
  t.Condition("C", "icd10", "I10", "2010-01-01");
  t.Activity("C", "emergency_admission", "2023-02-01");
  t.Activity("C", "emergency_admission", "2023-03-01");
  t.Person("D", 1, 1973, 1, "E01000002");
  t.Condition("D", "icd10", "I10", "2010-01-01");
  t.Condition("D", "icd10", "E11", "2010-01-01");
  t.Activity("D", "emergency_admission", "2023-02-01");
  t.Write();
  Extract x = MustLoad(t);
  auto rules = DefaultSegmentationRules();
  SegmentAssignment seg = AssignSegments(x, *rules, kAt, 1);
  auto found = FindCases(x, *rules, seg, 0, 2);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  const std::vector<CaseFindingRow>& rows = *found;
  ASSERT_EQ(rows.size(), 2u);
  // A: 3×3 + 1×1 + 0.2×12 + 2×1 (LTCs) + 2 (75-84) + 1 (CORE20) = 17.4
  EXPECT_EQ(rows[0].person_id, "A");
  EXPECT_NEAR(rows[0].score, 17.4, 1e-12);
  EXPECT_EQ(rows[0].bed_days, 12);
  EXPECT_EQ(rows[0].age_band, "80-84");
  EXPECT_EQ(rows[0].rank, 1);
  // B: 2×3 + 3 LTCs + 2 (dementia) = 11
  EXPECT_EQ(rows[1].person_id, "B");
  EXPECT_NEAR(rows[1].score, 11, 1e-12);
  EXPECT_EQ(rows[1].segment, "frailty_dementia");
  EXPECT_EQ(rows[1].rules, "2+ emergency admissions in 12 months with 2+ long-term conditions");
}

TEST(PopulationSegmentSummary, CountsBySegmentAddUpAndAreDisclosureControlled) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  for (int i = 0; i < 40; ++i) {
    std::string id = "P" + std::to_string(i);
    t.Person(id, 1 + i % 2, 1940 + i, 1, "E01000001");
    if (i < 12) t.Condition(id, "icd10", "I10", "2015-01-01");
    if (i < 3) t.Condition(id, "icd10", "Z515", "2023-10-01");
    if (i % 4 == 0) t.Activity(id, "ae", "2023-06-01");
  }
  t.Write();
  Extract x = MustLoad(t);
  auto rules = DefaultSegmentationRules();
  SegmentAssignment seg = AssignSegments(x, *rules, kAt, 2);
  auto exact = SummariseSegments(x, *rules, seg, 12, DisclosureOptions{false, 7, 5}, 2);
  std::map<std::string, int64_t> people;
  for (const SegmentRow& r : exact) {
    if (r.breakdown == "all" && r.measure == "people") people[r.segment] = *r.count;
    // The ids say what the strings say.
    EXPECT_EQ(UseMeasureName(r.use), r.measure);
    EXPECT_EQ(r.whole_segment, r.breakdown == "all");
    EXPECT_EQ(r.segment,
              r.segment_index == kEveryone ? "all" : rules->segments[r.segment_index].id);
  }
  EXPECT_EQ(people["end_of_life"], 3);
  EXPECT_EQ(people["long_term_conditions"], 9);
  EXPECT_EQ(people["healthy"], 28);
  EXPECT_EQ(people["all"], 40);
  auto safe = SummariseSegments(x, *rules, seg, 12, DisclosureOptions{}, 2);
  for (const SegmentRow& r : safe) {
    if (r.breakdown != "all" || r.measure != "people") continue;
    if (r.segment == "end_of_life") {
      EXPECT_EQ(r.suppressed, "count<=7");
    }
    if (r.segment == "long_term_conditions") {  // else 40 - 28 - 9 = 3 for end of life
      EXPECT_EQ(r.suppressed, "secondary");
    }
    if (r.segment == "healthy") {
      EXPECT_EQ(*r.count, 30);
    }
    if (r.segment == "all") {
      EXPECT_EQ(*r.count, 40);
    }
  }
}

}  // namespace
}  // namespace barometer::population
