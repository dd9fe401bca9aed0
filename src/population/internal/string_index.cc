#include "population/internal/string_index.h"

#include <cstring>

namespace barometer::population::internal {

uint64_t StringIndex::Hash(std::string_view s) {
  // 8 bytes at a time, multiply-xorshift mixing, then a murmur3 finaliser.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x94D049BB133111EBull;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  return h;
}

StringIndex::StringIndex(const StringColumn& strings,
                         std::vector<std::pair<uint32_t, uint32_t>>* duplicates)
    : strings_(strings) {
  size_t capacity = 16;
  while (capacity < strings.size() * 2) capacity <<= 1;
  slots_.assign(capacity, kNoIndex);
  mask_ = capacity - 1;
  for (uint32_t i = 0; i < strings.size(); ++i) {
    std::string_view key = strings[i];
    for (uint64_t slot = Hash(key) & mask_;; slot = (slot + 1) & mask_) {
      uint32_t at = slots_[slot];
      if (at == kNoIndex) {
        slots_[slot] = i;
        break;
      }
      if (strings[at] == key) {
        if (duplicates != nullptr) duplicates->emplace_back(i, at);
        break;
      }
    }
  }
}

uint32_t StringIndex::Find(std::string_view key) const {
  if (slots_.empty()) return kNoIndex;
  for (uint64_t slot = Hash(key) & mask_;; slot = (slot + 1) & mask_) {
    uint32_t at = slots_[slot];
    if (at == kNoIndex) return kNoIndex;
    if (strings_[at] == key) return at;
  }
}

}  // namespace barometer::population::internal
