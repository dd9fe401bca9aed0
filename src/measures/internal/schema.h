// measures/internal/schema.h — the store's schema as a list of forward
// migrations. Version N is reached by running steps 1..N in order; the
// version a file is at lives in `PRAGMA user_version`. docs/store.md
// describes every table; a new step is appended here, never edited in place.
#pragma once

#include <cstdint>
#include <span>

namespace barometer::measures::internal {

struct Migration {
  int version;              // the user_version after this step
  const char* description;  // one line, for docs and error messages
  const char* sql;          // statements run in the migration's transaction
};

// All steps, in order; the last one's version is the current schema version.
std::span<const Migration> Migrations();

// The benchmarks table's key packs (indicator, peer group, period start,
// period kind, organisation) into one 63-bit integer, in that order, so a
// file sorted as publications sort it appends to the table (docs/store.md).
struct BenchmarkKeyLimits {
  static constexpr int kIndicatorBits = 16, kPeerGroupBits = 8, kDayBits = 17, kKindBits = 3,
                       kOrgBits = 19;
  static constexpr int64_t kDayOrigin = -25567;  // 1900-01-01 in days since 1970-01-01
};
static_assert(BenchmarkKeyLimits::kIndicatorBits + BenchmarkKeyLimits::kPeerGroupBits +
                  BenchmarkKeyLimits::kDayBits + BenchmarkKeyLimits::kKindBits +
                  BenchmarkKeyLimits::kOrgBits ==
              63);

// Written to `PRAGMA application_id` so a barometer store is recognisable
// ("BARO" in ASCII).
inline constexpr int32_t kApplicationId = 0x4241524F;

}  // namespace barometer::measures::internal
