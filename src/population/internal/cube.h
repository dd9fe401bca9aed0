// population/internal/cube.h — the engine's aggregate state and the scan
// that fills it.
//
// A Cube holds counts by (period, breakdown value, sex, life-table band,
// measure). Counts are integers, so partial cubes from any split of the
// people add up to the same cube in any order (a distributive aggregate):
// each worker fills its own accumulators (cube.cc), the cubes are rolled up
// from them, and shards' cubes are summed the same way across machines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "population/extract.h"
#include "population/indicators.h"

namespace barometer::population::internal {

enum Measure : int {
  kPop,           // alive and registered at 30 June (or population.csv)
  kDeaths,        // deaths while registered
  kDeathsCancer,  // ... with an underlying cause C00-C97
  kDeathsCirculatory,
  kDeathsRespiratory,
  kBirths,            // people born in the year (band 0)
  kEmergency,         // emergency admissions while registered
  kEmergencySquares,  // Σ over people of (their admissions in the period and band)^2
  kAe,
  kAeSquares,
  kMeasureCount,
};

inline constexpr int kSexes = 3;  // male, female, other or not known
inline int SexIndex(int8_t sex) { return sex == 1 ? 0 : sex == 2 ? 1 : 2; }

class Cube {
 public:
  Cube() = default;
  Cube(size_t periods, size_t values)
      : periods_(periods), values_(values), counts_(periods * values * kStride, 0) {}

  int64_t& at(size_t p, size_t v, int sex, int band, int m) {
    return counts_[(p * values_ + v) * kStride + (sex * 20 + band) * kMeasureCount + m];
  }
  int64_t at(size_t p, size_t v, int sex, int band, int m) const {
    return counts_[(p * values_ + v) * kStride + (sex * 20 + band) * kMeasureCount + m];
  }
  void Merge(const Cube& o) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += o.counts_[i];
  }
  size_t periods() const { return periods_; }
  std::vector<int64_t>& counts() { return counts_; }
  size_t values() const { return values_; }

 private:
  static constexpr size_t kStride = kSexes * 20 * kMeasureCount;
  size_t periods_ = 0, values_ = 0;
  std::vector<int64_t> counts_;
};

// The dimensions a scan keys on. Quintiles and CORE20 are roll-ups of the
// decile cube; sex and age band are axes of every cube.
enum class ScanKey { kTotal, kImdDecile, kEthnicGroup, kNeighbourhood, kLocalAuthority, kSegment };

struct ScanSpec {
  std::vector<YearRange> periods;
  std::vector<ScanKey> keys;
  const std::vector<uint8_t>* segments = nullptr;  // for kSegment
  size_t segment_count = 0;
  int threads = 1;
};

// Number of values of a key: deciles 1..10 + unknown, the six ethnic
// groups, neighbourhoods + unknown, local authorities + unknown, segments.
size_t KeyValues(const Extract& x, ScanKey key, size_t segment_count);

// One cube per key of `spec`, in order.
std::vector<Cube> Scan(const Extract& x, const ScanSpec& spec);

}  // namespace barometer::population::internal
