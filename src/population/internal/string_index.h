// population/internal/string_index.h — an open-addressing hash index from
// strings to their position in a StringColumn (person ids, LSOA codes).
//
// The table is cut into a fixed number of partitions by the top bits of the
// hash, so it is built on many threads (one partition per task, its strings
// inserted in column order) and gives the same table and the same duplicates
// on 1 thread or 32. Built once, then read-only: Find() is safe from many
// threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "population/extract.h"
#include "population/internal/large_vector.h"

namespace barometer::population::internal {

class StringIndex {
 public:
  StringIndex() = default;
  // Indexes `strings` on `threads` threads (0: all cores). Where a string
  // repeats, the first position is kept and each later position i is
  // reported in `duplicates` as (i, first), in increasing order of i.
  explicit StringIndex(const StringColumn& strings,
                       std::vector<std::pair<uint32_t, uint32_t>>* duplicates = nullptr,
                       int threads = 1);

  // The position of `key`, or kNoIndex.
  uint32_t Find(std::string_view key) const;

  // The same, first trying the few positions just after `hint` (rows that
  // refer to people usually come in the order of persons.csv, so the next
  // person is usually one of them): a string compare instead of a hash
  // probe. Only for a column of unique strings (then both give the same).
  uint32_t FindAfter(std::string_view key, uint32_t hint) const {
    if (hint != kNoIndex) {
      size_t end = std::min<size_t>(strings_.size(), size_t{hint} + 1 + kLookAhead);
      for (size_t i = size_t{hint} + 1; i < end; ++i) {
        if (SameString(strings_[i], key)) return static_cast<uint32_t>(i);
      }
    }
    return Find(key);
  }

  static uint64_t Hash(std::string_view s);

  // a == b, inline for the short strings ids are (two 8-byte compares for
  // 8 to 16 bytes instead of a call to memcmp).
  static bool SameString(std::string_view a, std::string_view b) {
    size_t n = a.size();
    if (n != b.size()) return false;
    if (n >= 8 && n <= 16) {
      uint64_t x0, y0, x1, y1;
      std::memcpy(&x0, a.data(), 8), std::memcpy(&y0, b.data(), 8);
      std::memcpy(&x1, a.data() + n - 8, 8), std::memcpy(&y1, b.data() + n - 8, 8);
      return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    return a == b;
  }

 private:
  static constexpr int kPartitionBits = 6;  // 64 partitions
  static constexpr size_t kLookAhead = 8;

  StringColumn strings_;         // shares the storage
  LargeVector<uint32_t> slots_;  // kNoIndex = empty; partition p at [p << bits_, ...)
  LargeVector<uint32_t> tags_;   // bits 24..55 of the hash of each slot's string
  uint64_t mask_ = 0;            // slots per partition - 1
  int bits_ = 0;                 // log2(slots per partition)
};

}  // namespace barometer::population::internal
