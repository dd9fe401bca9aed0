// population/internal/packed_map.h — a small map from 64-bit keys to ids,
// for the codes a loader meets on every row (practice codes, condition
// codes): short codes are packed into the key, so a row costs one probe of a
// table that stays in cache instead of building and hashing a std::string.
//
// Written by hand because the standard containers allocate per node and hash
// through std::hash; the table is a few dozen lines of linear probing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace barometer::population::internal {

// `s` as a nonzero key when it has 1 to 7 bytes (the length goes in the top
// byte, so "A" and "A\0" differ); nullopt otherwise.
inline std::optional<uint64_t> PackShort(std::string_view s) {
  if (s.empty() || s.size() > 7) return std::nullopt;
  uint64_t key = uint64_t{s.size()} << 56;
  for (size_t i = 0; i < s.size(); ++i)
    key |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return key;
}

class PackedMap {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // REQUIRES: key != 0
  uint32_t Find(uint64_t key) const {
    if (keys_.empty()) return kAbsent;
    for (size_t slot = Slot(key);; slot = (slot + 1) & (keys_.size() - 1)) {
      if (keys_[slot] == key) return ids_[slot];
      if (keys_[slot] == 0) return kAbsent;
    }
  }
  // REQUIRES: key != 0 and not yet in the map
  void Insert(uint64_t key, uint32_t id) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    size_t slot = Slot(key);
    while (keys_[slot] != 0) slot = (slot + 1) & (keys_.size() - 1);
    keys_[slot] = key, ids_[slot] = id;
    ++size_;
  }

 private:
  size_t Slot(uint64_t key) const {
    uint64_t h = (key ^ (key >> 29)) * 0xBF58476D1CE4E5B9ull;  // every byte moves the slot
    return static_cast<size_t>(h ^ (h >> 32)) & (keys_.size() - 1);
  }
  void Grow() {
    std::vector<uint64_t> keys(std::max<size_t>(64, keys_.size() * 2), 0);
    std::vector<uint32_t> ids(keys.size(), 0);
    keys.swap(keys_), ids.swap(ids_);
    size_ = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) Insert(keys[i], ids[i]);
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> ids_;
  size_t size_ = 0;
};

}  // namespace barometer::population::internal
