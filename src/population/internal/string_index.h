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
#include <string_view>
#include <utility>
#include <vector>

#include "population/extract.h"

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
        if (strings_[i] == key) return static_cast<uint32_t>(i);
      }
    }
    return Find(key);
  }

  static uint64_t Hash(std::string_view s);

 private:
  static constexpr int kPartitionBits = 6;  // 64 partitions
  static constexpr size_t kLookAhead = 8;

  StringColumn strings_;         // shares the storage
  std::vector<uint32_t> slots_;  // kNoIndex = empty; partition p at [p << bits_, ...)
  uint64_t mask_ = 0;            // slots per partition - 1
  int bits_ = 0;                 // log2(slots per partition)
};

}  // namespace barometer::population::internal
