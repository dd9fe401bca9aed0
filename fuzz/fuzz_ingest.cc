// Fuzzes the measures ingest (docs/measures-data.md).
//
// Input: one flags byte, then a file. The low two bits choose what the file
// is: a values CSV, a benchmark CSV, commentary CSV or commentary Markdown,
// checked against a small strategy parsed once. By default it is a dry run
// on one in-memory store (which stays empty, as dry runs roll back); with
// bit 2 it is written for real into a fresh in-memory store, so runs do not
// depend on each other. Bit 3 drops the strategy for commentary. Any input
// must give a report (or a store error), never a crash, hang or leak; a
// report that wrote must have no problems, and problem counts must agree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/csv.h"
#include "measures/ingest.h"
#include "measures/store.h"
#include "strategy/load.h"

namespace {

namespace m = barometer::measures;

#define CHECK(cond)                                                                        \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "fuzz_ingest: check failed at line %d: %s\n", __LINE__, #cond); \
      __builtin_trap();                                                                    \
    }                                                                                      \
  } while (0)

// One measure of each frequency and of the units whose ranges ingest checks.
constexpr const char* kStrategy = R"toml(
format = 1

[organisation]
name = "Fuzz Trust"
kind = "trust"
strategy = "Fuzz Strategy"
ods_code = "RXX"

[organisation.period]
start = 2021-04-01
end = 2024-03-31

[[peer_groups]]
id = "acute"
name = "Acute trusts"
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
id = "studies"
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

[[measures]]
id = "share"
objective = "safe"
name = "Share seen"
unit = "proportion"
direction = "higher"
frequency = "quarterly"
)toml";

const barometer::strategy::Strategy& FuzzStrategy() {
  static const barometer::strategy::Loaded* const loaded = [] {
    auto* l =
        new barometer::strategy::Loaded(barometer::strategy::ParseStrategy(kStrategy, "fuzz.toml"));
    if (!l->ok()) {
      std::fprintf(stderr, "%s", barometer::strategy::FormatValidation(*l).c_str());
      __builtin_trap();
    }
    return l;
  }();
  return loaded->strategy;
}

m::Store& SharedStore() {
  static m::Store* const store = [] {
    auto s = m::Store::OpenInMemory();
    if (!s.ok()) __builtin_trap();
    return new m::Store(std::move(s).value());
  }();
  return *store;
}

barometer::Result<m::IngestReport> Ingest(m::Store& store, uint8_t flags, std::string_view text,
                                          const m::IngestOptions& options) {
  const barometer::strategy::Strategy* strategy = (flags & 8) ? nullptr : &FuzzStrategy();
  switch (flags & 3) {
    case 0: {
      auto csv = barometer::CsvReader::FromString(std::string(text), "values.csv");
      return m::IngestValues(store, FuzzStrategy(), csv, options);
    }
    case 1: {
      auto csv = barometer::CsvReader::FromString(std::string(text), "peers.csv");
      return m::IngestBenchmarks(store, csv, options);
    }
    case 2: {
      auto csv = barometer::CsvReader::FromString(std::string(text), "commentary.csv");
      return m::IngestCommentaryCsv(store, strategy, csv, options);
    }
    default:
      return m::IngestCommentaryMarkdown(store, strategy, text, "commentary.md", options);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  m::IngestOptions options;
  options.loaded_by = "fuzz";
  options.loaded_at = "2024-05-01T09:30:00Z";
  options.strategy_file = "fuzz.toml";
  options.max_listed_problems = 10;
  options.dry_run = (flags & 4) == 0;
  auto report = [&] {
    if (options.dry_run) return Ingest(SharedStore(), flags, text, options);
    auto fresh = m::Store::OpenInMemory();
    CHECK(fresh.ok());
    return Ingest(*fresh, flags, text, options);
  }();
  if (!report.ok()) std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
  CHECK(report.ok());  // an in-memory store does not fail
  CHECK(report->problem_count >= static_cast<int64_t>(report->problems.size()));
  CHECK(report->problems.size() <= options.max_listed_problems);
  CHECK(!report->written || (report->ok() && !options.dry_run));
  return 0;
}
