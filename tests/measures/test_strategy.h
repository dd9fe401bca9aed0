// A small strategy for the measures tests: one measure of each frequency and
// of the units whose ranges ingest checks.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "strategy/load.h"

namespace barometer::measures::testing {

inline constexpr const char* kTestStrategy = R"toml(
format = 1

[organisation]
name = "Test Trust"
kind = "trust"
strategy = "Test Strategy"
ods_code = "RXX"

[organisation.period]
start = 2021-04-01
end = 2024-03-31

[[peer_groups]]
id = "acute"
name = "All acute trusts"
size = 10

[[priorities]]
id = "care"
name = "Care"

[[objectives]]
id = "safe"
priority = "care"
name = "Safe care"

[[measures]]
id = "turnover"
objective = "safe"
name = "Staff turnover"
unit = "percent"
direction = "lower"
frequency = "monthly"

[[measures]]
id = "engagement"
objective = "safe"
name = "Staff engagement"
unit = "score"
range = [0, 10]
direction = "higher"
frequency = "annual"

[[measures]]
id = "research_studies"
objective = "safe"
name = "Research studies"
unit = "count"
direction = "higher"
frequency = "quarterly"

[[measures]]
id = "falls"
objective = "safe"
name = "Falls per 1,000 bed days"
unit = "rate"
per = 1000
direction = "lower"
frequency = "weekly"

[[measures]]
id = "epr"
objective = "safe"
name = "Electronic patient record"
unit = "milestone"
direction = "higher"
frequency = "one_off"
)toml";

// The model of `text`; fails the test when it has errors.
inline strategy::Strategy ParseOrDie(const char* text = kTestStrategy) {
  strategy::Loaded loaded = strategy::ParseStrategy(text, "strategy.toml");
  EXPECT_TRUE(loaded.ok()) << strategy::FormatValidation(loaded);
  return loaded.strategy;
}

}  // namespace barometer::measures::testing
