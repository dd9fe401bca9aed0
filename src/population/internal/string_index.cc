#include "population/internal/string_index.h"

#include <algorithm>
#include <cstring>

#include "population/internal/parallel.h"

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

namespace {

constexpr size_t kGrain = 1 << 16;

size_t PartitionOf(uint64_t hash, int partition_bits) { return hash >> (64 - partition_bits); }

}  // namespace

StringIndex::StringIndex(const StringColumn& strings,
                         std::vector<std::pair<uint32_t, uint32_t>>* duplicates, int threads)
    : strings_(strings) {
  threads = ResolveThreads(threads);
  constexpr size_t kPartitions = size_t{1} << kPartitionBits;
  const size_t n = strings.size();
  // 1. Every string's hash, in parallel; and how many fall in each partition
  //    per piece (so the pieces can place their strings without locks).
  LargeVector<uint64_t> hashes(n);
  const size_t pieces = PieceCount(n, kGrain);
  std::vector<std::vector<uint32_t>> piece_counts(pieces, std::vector<uint32_t>(kPartitions, 0));
  ParallelFor(pieces, threads, [&](size_t piece) {
    size_t end = std::min(n, (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) {
      hashes[i] = Hash(strings[i]);
      ++piece_counts[piece][PartitionOf(hashes[i], kPartitionBits)];
    }
  });
  // 2. A stable counting sort of positions by partition.
  std::vector<size_t> starts(kPartitions + 1, 0);
  std::vector<std::vector<size_t>> piece_at(pieces, std::vector<size_t>(kPartitions));
  size_t largest = 0;
  for (size_t p = 0; p < kPartitions; ++p) {
    size_t at = starts[p];
    for (size_t piece = 0; piece < pieces; ++piece) {
      piece_at[piece][p] = at;
      at += piece_counts[piece][p];
    }
    starts[p + 1] = at;
    largest = std::max(largest, at - starts[p]);
  }
  // Each position with its hash, grouped by partition, so that building a
  // partition reads its strings' hashes in order rather than at random.
  struct HashAt {  // no initialisers: sized without being written
    uint64_t hash;
    uint32_t at;
  };
  LargeVector<HashAt> order(n);
  ParallelFor(pieces, threads, [&](size_t piece) {
    std::vector<size_t>& at = piece_at[piece];
    size_t end = std::min(n, (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) {
      order[at[PartitionOf(hashes[i], kPartitionBits)]++] = {hashes[i], static_cast<uint32_t>(i)};
    }
  });
  // 3. Each partition's table, its strings inserted in column order. A slot
  //    also keeps 32 bits of its string's hash: strings are compared only
  //    when those match.
  size_t capacity = 16;
  while (capacity < largest * 2) capacity <<= 1;
  bits_ = 0;
  while ((size_t{1} << bits_) < capacity) ++bits_;
  mask_ = capacity - 1;
  slots_.resize(capacity * kPartitions);  // each partition's task clears its own slice,
  tags_.resize(capacity * kPartitions);   // so the pages are faulted in on every core
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> dups(kPartitions);
  ParallelFor(kPartitions, threads, [&](size_t p) {
    uint32_t* table = slots_.data() + (p << bits_);
    uint32_t* tags = tags_.data() + (p << bits_);
    std::fill_n(table, capacity, kNoIndex);
    std::fill_n(tags, capacity, 0u);
    for (size_t k = starts[p]; k < starts[p + 1]; ++k) {
      auto [hash, i] = order[k];
      auto tag = static_cast<uint32_t>(hash >> 24);
      for (uint64_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
        uint32_t at = table[slot];
        if (at == kNoIndex) {
          table[slot] = i;
          tags[slot] = tag;
          break;
        }
        if (tags[slot] == tag && SameString(strings[at], strings[i])) {
          dups[p].emplace_back(i, at);
          break;
        }
      }
    }
  });
  if (duplicates != nullptr) {
    for (auto& d : dups) duplicates->insert(duplicates->end(), d.begin(), d.end());
    std::sort(duplicates->begin(), duplicates->end());
  }
}

uint32_t StringIndex::Find(std::string_view key) const {
  if (slots_.empty()) return kNoIndex;
  uint64_t h = Hash(key);
  const size_t base = PartitionOf(h, kPartitionBits) << bits_;
  const uint32_t* table = slots_.data() + base;
  const uint32_t* tags = tags_.data() + base;
  auto tag = static_cast<uint32_t>(h >> 24);
  for (uint64_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    uint32_t at = table[slot];
    if (at == kNoIndex) return kNoIndex;
    if (tags[slot] == tag && SameString(strings_[at], key)) return at;
  }
}

}  // namespace barometer::population::internal
