// The population outcomes report's content built from a synthetic extract:
// the slope index of inequality is there (or the report says why not), and
// what the decile charts show has passed disclosure control.
#include "report/from_population.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "core/diagnostics.h"
#include "population/extract.h"
#include "synth/population.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;

// A synthetic extract of `people` (written once per profile and process).
const population::Extract& Extract(synth::PopulationProfile profile, uint64_t people) {
  static std::map<synth::PopulationProfile, population::Extract> made;
  auto it = made.find(profile);
  if (it != made.end()) return it->second;
  fs::path dir =
      fs::temp_directory_path() / ("barometer-from-population-" + std::to_string(getpid()) + "-" +
                                   std::string(synth::PopulationProfileName(profile)));
  fs::create_directories(dir);
  synth::PopulationOptions o;
  o.people = people;
  o.seed = 11;
  o.profile = profile;
  o.threads = 2;
  EXPECT_TRUE(synth::WriteSyntheticPopulation(o, dir.string()).ok());
  Diagnostics d;
  population::LoadOptions lo;
  lo.use_cache = false;
  auto x = population::LoadExtract(dir.string(), lo, &d);
  EXPECT_TRUE(x.ok()) << x.status().ToString();
  fs::remove_all(dir);
  return made[profile] = x.ok() ? std::move(*x) : population::Extract{};
}

TEST(ReportFromPopulation, LifeExpectancyHasItsSlopeIndexOfInequalityAcrossDeciles) {
  PopulationViewOptions o;
  o.sii_repetitions = 1000;
  auto v = BuildPopulationView(Extract(synth::PopulationProfile::kMixedCounty, 80'000), nullptr, o);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  bool found = false;
  for (const OutcomeView& out : v->outcomes) {
    if (out.unit != " years") continue;
    found = true;
    SCOPED_TRACE(out.name);
    ASSERT_TRUE(out.sii.has_value()) << out.sii_note;
    // Life expectancy rises from the most to the least deprived decile.
    EXPECT_GT(*out.sii, 0);
    ASSERT_TRUE(out.sii_lower && out.sii_upper);
    EXPECT_LT(*out.sii_lower, *out.sii);
    EXPECT_GT(*out.sii_upper, *out.sii);
    EXPECT_EQ(out.sii_groups, "deciles");
  }
  EXPECT_TRUE(found);
}

TEST(ReportFromPopulation, EveryOutcomeHasAnSiiOrSaysWhyNot) {
  PopulationViewOptions o;
  o.sii_repetitions = 1000;
  auto v =
      BuildPopulationView(Extract(synth::PopulationProfile::kDeprivedCity, 40'000), nullptr, o);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_FALSE(v->outcomes.empty());
  for (const OutcomeView& out : v->outcomes) {
    SCOPED_TRACE(out.name);
    if (out.deciles.empty()) continue;
    EXPECT_NE(out.sii.has_value(), !out.sii_note.empty());
    if (out.sii) {
      EXPECT_TRUE(out.sii_groups == "deciles" || out.sii_groups == "quintiles");
    }
  }
}

}  // namespace
}  // namespace barometer::report
