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

// Written to `PRAGMA application_id` so a barometer store is recognisable
// ("BARO" in ASCII).
inline constexpr int32_t kApplicationId = 0x4241524F;

}  // namespace barometer::measures::internal
