// population/internal/cache_check.h — the invariants every scan relies on,
// checked on a cache before it is trusted (a damaged or hand-edited cache
// must never crash a scan).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "population/extract.h"

namespace barometer::population::internal {

// Ok when every column has the right length, every index is in range, every
// date is kNever or within the calendar table, and offsets are monotonic.
Status CheckConsistency(const Extract& x);

// A 64-bit digest of a file's bytes (not cryptographic: it tells a changed
// file from the one a cache was built from when size and times cannot, e.g.
// a rewrite within one tick of the file system's clock). 0 when unreadable.
uint64_t FileDigest(const std::string& path);

}  // namespace barometer::population::internal
