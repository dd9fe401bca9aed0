// The synthetic measure generator (src/synth/measures.h): its files load
// without a single rejected row for every example strategy, it stops at
// `until`, and it is deterministic for a seed.
#include "synth/measures.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../example_files.h"
#include "measures/ingest.h"
#include "strategy/load.h"

namespace barometer::synth {
namespace {

namespace fs = std::filesystem;

strategy::Strategy Load(const std::string& path) {
  auto s = strategy::LoadValidStrategy(path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : strategy::Strategy{};
}

std::string Problems(const measures::IngestReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += p.ToString() + "\n";
  return out;
}

TEST(SynthMeasuresTest, EveryExampleLoadsWithoutARejectedRow) {
  for (const std::string& path : barometer::test_support::ExampleStrategyFiles()) {
    SCOPED_TRACE(path);
    strategy::Strategy s = Load(path);
    auto data = GenerateMeasures(s, {});
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    auto store = measures::Store::OpenInMemory();
    ASSERT_TRUE(store.ok());
    measures::IngestOptions o;
    CsvReader values = CsvReader::FromString(data->values_csv, "values.csv");
    auto v = measures::IngestValues(*store, s, values, o);
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->ok()) << Problems(*v);
    EXPECT_EQ(v->inserted, data->observations);
    CsvReader peers = CsvReader::FromString(data->benchmarks_csv, "benchmarks.csv");
    auto b = measures::IngestBenchmarks(*store, peers, o);
    ASSERT_TRUE(b.ok());
    EXPECT_TRUE(b->ok()) << Problems(*b);
    if (data->commentary_entries > 0) {
      auto c =
          measures::IngestCommentaryMarkdown(*store, &s, data->commentary_md, "commentary.md", o);
      ASSERT_TRUE(c.ok());
      EXPECT_TRUE(c->ok()) << Problems(*c);
      EXPECT_EQ(c->inserted, data->commentary_entries);
    }
    auto stored = store->CurrentObservations();
    ASSERT_TRUE(stored.ok());
    for (const auto& obs : *stored) EXPECT_LE(obs.observation.period.end, data->until);
  }
}

TEST(SynthMeasuresTest, TheDefaultUntilIsDecemberOfTheMiddleYear) {
  strategy::Strategy s =
      Load(std::string(BAROMETER_SOURCE_DIR) + "/examples/our-future-together/strategy.toml");
  // April 2021 to March 2024: the middle falls in 2022-23.
  EXPECT_EQ(DefaultMeasuresUntil(s), (Date{2022, 12, 31}));
}

TEST(SynthMeasuresTest, SameSeedSameData) {
  strategy::Strategy s =
      Load(std::string(BAROMETER_SOURCE_DIR) + "/examples/our-future-together/strategy.toml");
  MeasuresSynthOptions a, b;
  a.seed = b.seed = 42;
  auto x = GenerateMeasures(s, a), y = GenerateMeasures(s, b);
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(x->values_csv, y->values_csv);
  EXPECT_EQ(x->benchmarks_csv, y->benchmarks_csv);
  EXPECT_EQ(x->commentary_md, y->commentary_md);
  b.seed = 43;
  auto z = GenerateMeasures(s, b);
  ASSERT_TRUE(z.ok());
  EXPECT_NE(x->values_csv, z->values_csv);
}

TEST(SynthMeasuresTest, ScenariosAreDealtSoEachAppears) {
  strategy::Strategy s =
      Load(std::string(BAROMETER_SOURCE_DIR) + "/examples/one-liverpool/strategy.toml");
  auto data = GenerateMeasures(s, {});
  ASSERT_TRUE(data.ok());
  std::set<MeasureScenario> seen;
  for (const auto& [id, scenario] : data->scenarios) seen.insert(scenario);
  EXPECT_EQ(seen.size(), 7u);  // 36 measures: the deck of 12 goes round three times
}

TEST(SynthMeasuresTest, UntilBeforeTheStrategyIsRefused) {
  strategy::Strategy s =
      Load(std::string(BAROMETER_SOURCE_DIR) + "/examples/our-future-together/strategy.toml");
  MeasuresSynthOptions o;
  o.until = Date{2020, 1, 1};
  EXPECT_FALSE(GenerateMeasures(s, o).ok());
}

TEST(SynthMeasuresTest, NothingIsDatedAfterToday) {
  // UHNM's strategy runs to 2035: the default `until` (December of the
  // midpoint year, 2030) is in the future and stops at last month's end.
  strategy::Strategy s =
      Load(std::string(BAROMETER_SOURCE_DIR) + "/examples/uhnm-2025-2035/strategy.toml");
  MeasuresSynthOptions o;
  o.today = Date{2026, 6, 15};
  auto data = GenerateMeasures(s, o);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->until, (Date{2026, 5, 31}));
  // Every value's period starts on or before today.
  auto store = measures::Store::OpenInMemory();
  ASSERT_TRUE(store.ok());
  measures::IngestOptions io;
  io.today = o.today;
  CsvReader values = CsvReader::FromString(data->values_csv, "values.csv");
  auto v = measures::IngestValues(*store, s, values, io);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << Problems(*v);
  // An explicit --until after today is an error.
  o.until = Date{2027, 1, 31};
  EXPECT_EQ(GenerateMeasures(s, o).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace barometer::synth
