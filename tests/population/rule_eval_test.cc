// RuleEvaluator::Segment (segment rules compiled to code-list masks, with a
// quick exit for people with none of the lists) against the rules evaluated
// one by one with Holds, on a random extract and several rule sets.
#include "population/internal/rule_eval.h"

#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/codes.h"

namespace barometer::population::internal {
namespace {

using testing::TempExtract;

using testing::IsoDay;

void RandomExtract(TempExtract& t) {
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  t.Area("E01000001", 3, "North", "Liverpool");
  const char* codes[] = {"J44", "J45", "I10", "E11", "F32", "F20", "Z515", "R54", "C50", "K21"};
  const char* settings[] = {"ae", "emergency_admission", "outpatient"};
  const int32_t last = DaysFromCivil(2024, 6, 30);
  for (int i = 0; i < 1500; ++i) {
    std::string id = fmt::format("P{}", i);
    int by = uniform(1920, 2020), bm = uniform(1, 12);
    int32_t born = DaysFromCivil(by, bm, 15);
    t.Person(id, 1 + i % 2, by, bm, "E01000001", "A", IsoDay(born));
    int conditions = uniform(0, 2) == 0 ? 0 : uniform(1, 5);
    for (int c = 0; c < conditions; ++c)
      t.Condition(id, "icd10", codes[uniform(0, 9)], IsoDay(uniform(born, last)));
    int events = uniform(0, 4);
    for (int e = 0; e < events; ++e) {
      std::string setting = settings[uniform(0, 2)];
      int32_t start = uniform(std::max(born, last - 900), last);
      t.Activity(id, setting, IsoDay(start),
                 setting == "emergency_admission" ? IsoDay(start + uniform(0, 5)) : "");
    }
  }
  t.Write();
}

const char* kLists = R"(
[codelists]
copd = ["icd10:J44"]
asthma = ["icd10:J45"]
hypertension = ["icd10:I10"]
diabetes = ["icd10:E11"]
depression = ["icd10:F32"]
smi = ["icd10:F2"]
palliative = ["icd10:Z515"]
frailty = ["icd10:R54"]
cancer = ["icd10:C"]
)";

// Rule sets: code lists only (the quick exit applies), within months and
// minimum counts and ages, an activity rule, and a repeated list (evaluated
// by Holds).
const std::vector<std::string> kSegments = {
    R"(
[[segment]]
id = "eol"
  [[segment.rule]]
  codelists = ["palliative"]
  within_months = 12
[[segment]]
id = "frail"
  [[segment.rule]]
  codelists = ["frailty"]
  min_age = 65
  [[segment.rule]]
  codelists = ["smi", "depression"]
  within_months = 24
[[segment]]
id = "ltc"
  [[segment.rule]]
  codelists = ["copd", "asthma", "hypertension", "diabetes", "cancer"]
  min_codelists = 2
  max_age = 80
[[segment]]
id = "rest"
)",
    R"(
[[segment]]
id = "frequent"
  [[segment.rule]]
  setting = "emergency_admission"
  min_events = 2
  events_within_months = 18
[[segment]]
id = "young"
  [[segment.rule]]
  max_age = 15
[[segment]]
id = "recent"
  [[segment.rule]]
  codelists = ["copd", "asthma", "cancer"]
  within_months = 6
  [[segment.rule]]
  codelists = ["diabetes", "hypertension"]
  within_months = 36
  min_codelists = 2
  [[segment.rule]]
  codelists = ["depression"]
  within_months = 3
[[segment]]
id = "rest"
)",
    R"(
[[segment]]
id = "twice"
  [[segment.rule]]
  codelists = ["copd", "copd", "asthma"]
  min_codelists = 2
[[segment]]
id = "any"
  [[segment.rule]]
  codelists = ["cancer", "frailty"]
[[segment]]
id = "rest"
)",
};

TEST(PopulationRuleEval, SegmentIsTheFirstSegmentWithARuleThatHolds) {
  TempExtract t;
  RandomExtract(t);
  Diagnostics d;
  LoadOptions options{false, "", false, 2, 100, false, {}, false};
  options.today = DaysFromCivil(2025, 1, 1);
  auto x = LoadExtract(t.dir(), options, &d);
  ASSERT_TRUE(x.ok()) << x.status().ToString() << "\n" << d.Format();
  for (const std::string& segments : kSegments) {
    auto rules = ParseSegmentationRules(kLists + segments, "r.toml");
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    for (int32_t at : {DaysFromCivil(2022, 12, 31), DaysFromCivil(2024, 6, 30)}) {
      RuleEvaluator eval(*x, *rules, at);
      std::vector<size_t> count(rules->segments.size(), 0);
      RuleEvaluator::Facts facts;
      for (size_t i = 0; i < x->persons.size(); ++i) {
        eval.Gather(i, &facts);
        size_t expected = 0;
        for (; expected + 1 < rules->segments.size(); ++expected) {
          const auto& rs = rules->segments[expected].rules;
          if (std::any_of(rs.begin(), rs.end(),
                          [&](const Rule& r) { return eval.Holds(r, facts); }))
            break;
        }
        ASSERT_EQ(eval.Segment(facts), expected) << "person " << i << ", at " << IsoDay(at);
        ++count[expected];
      }
      // Every segment has people in it, so each rule is tried both ways.
      for (size_t s = 0; s < count.size(); ++s)
        EXPECT_GT(count[s], 0u) << "segment " << s << ", at " << IsoDay(at);
    }
  }
}

}  // namespace
}  // namespace barometer::population::internal
