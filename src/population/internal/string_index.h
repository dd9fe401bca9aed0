// population/internal/string_index.h — an open-addressing hash index from
// strings to their position in a StringColumn (person ids, LSOA codes).
//
// Built once, then read-only: Find() is safe from many threads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "population/extract.h"

namespace barometer::population::internal {

class StringIndex {
 public:
  StringIndex() = default;
  // Indexes `strings`. Where a string repeats, the first position is kept and
  // each later position i is reported in `duplicates` as (i, first).
  explicit StringIndex(const StringColumn& strings,
                       std::vector<std::pair<uint32_t, uint32_t>>* duplicates = nullptr);

  // The position of `key`, or kNoIndex.
  uint32_t Find(std::string_view key) const;

 private:
  static uint64_t Hash(std::string_view s);

  StringColumn strings_;         // shares the storage
  std::vector<uint32_t> slots_;  // kNoIndex = empty
  uint64_t mask_ = 0;
};

}  // namespace barometer::population::internal
