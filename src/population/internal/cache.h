// population/internal/cache.h — the binary cache of a loaded extract.
//
// One file, DIR/.barometer-cache: a header naming the format version and the
// size and modification time of every CSV it was built from, then each column
// as raw bytes, 64-byte aligned. Reading maps the file and the columns view
// the mapping directly (no copy). Writing goes to a temporary file that is
// renamed into place, so a reader never sees half a cache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "population/extract.h"

namespace barometer::population::internal {

inline constexpr uint32_t kCacheVersion = 2;

// What a cache is valid for: each contract file's presence, size, mtime,
// ctime and inode (ctime cannot be set back as mtime can, and a file copied
// or renamed into place has a new inode), and a digest of its bytes, checked
// when the file changed within two seconds of the cache being written (where
// a same-size rewrite can keep every time; see ReadCache).
struct SourceStamp {
  bool present = false;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;
  uint64_t digest = 0;  // 0: not computed (not compared)
  bool SameFile(const SourceStamp& o) const {
    return present == o.present && size == o.size && mtime_ns == o.mtime_ns &&
           ctime_ns == o.ctime_ns && inode == o.inode;
  }
};
using SourceStamps = std::vector<SourceStamp>;  // in the order of ContractFiles()

// areas.csv, persons.csv, conditions.csv, activity.csv, population.csv.
const std::vector<std::string>& ContractFiles();

// Stamps of the contract files in `dir` (absent files are not present);
// with `digests`, the digest of the bytes of each file changed in the last two
// seconds (read before it is parsed; older files need none).
SourceStamps StampSources(const std::string& dir, bool digests = false);

// Reads the cache at `path` if it was built from `stamps` by this version.
// NotFound when there is no cache, Corrupt when it is stale, damaged or of
// another version (then the caller rebuilds it).
Result<Extract> ReadCache(const std::string& path, const SourceStamps& stamps,
                          const std::string& dir = "");

// Writes `x` to `path` (via a temporary file and a rename).
Status WriteCache(const std::string& path, const SourceStamps& stamps, const Extract& x);

}  // namespace barometer::population::internal
