// population/internal/cache_check.h — the invariants every scan relies on,
// checked on a cache before it is trusted (a damaged or hand-edited cache
// must never crash a scan).
#pragma once

#include "core/status.h"
#include "population/extract.h"

namespace barometer::population::internal {

// Ok when every column has the right length, every index is in range, every
// date is kNever or within the calendar table, and offsets are monotonic.
Status CheckConsistency(const Extract& x);

}  // namespace barometer::population::internal
