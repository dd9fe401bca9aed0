// synth/internal/population_rng.h — the generator's random numbers.
//
// Every person draws from their own stream, keyed by (seed, person index), so
// any person can be generated on any thread in any order and the extract is
// byte-identical whatever the thread count. The stream is xoshiro256**
// (Blackman & Vigna) seeded through splitmix64.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace barometer::synth::internal {

// splitmix64's finaliser: a bijection on 64-bit integers that mixes well.
inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A stream of random numbers. Cheap to create; not thread-safe (one per person).
class Rng {
 public:
  // `stream` separates independent uses of one seed (people, areas, ...).
  Rng(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t x = Mix64(seed ^ 0x9e3779b97f4a7c15ULL) ^ Mix64(stream * 0xd1b54a32d192ed03ULL + 1);
    x = Mix64(x + index * 0x9e3779b97f4a7c15ULL);
    for (uint64_t& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      s = Mix64(x);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe to take the logarithm of.
  double UniformPositive() { return 1.0 - Uniform(); }
  // Uniform integer in [0, n). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Exponential with mean 1.
  double Exponential() { return -std::log(UniformPositive()); }
  // Standard normal (Box–Muller, one of the pair).
  double Normal() {
    return std::sqrt(-2.0 * std::log(UniformPositive())) * std::cos(6.283185307179586 * Uniform());
  }
  // Poisson with mean `mean` (inversion; the means used here are small, and
  // large ones are split so the loop stays short).
  int Poisson(double mean) {
    int n = 0;
    while (mean > 10.0) {
      n += PoissonSmall(10.0);
      mean -= 10.0;
    }
    return n + PoissonSmall(mean);
  }
  // Gamma with shape k and mean 1 (Marsaglia–Tsang; k < 1 by boosting).
  double GammaMeanOne(double shape) {
    double k = shape, boost = 1.0;
    if (k < 1.0) {
      boost = std::pow(Uniform(), 1.0 / k);
      k += 1.0;
    }
    const double d = k - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
      double x = Normal(), v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = UniformPositive();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) {
        return boost * d * v / shape;
      }
    }
  }
  // An index drawn with probability proportional to `weights` (not all zero).
  size_t Categorical(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = Uniform() * total;
    for (size_t i = 0; i + 1 < weights.size(); ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  int PoissonSmall(double mean) {
    if (mean <= 0) return 0;
    double p = std::exp(-mean), cdf = p, u = Uniform();
    int n = 0;
    while (u > cdf && n < 200) {
      ++n;
      p *= mean / n;
      cdf += p;
    }
    return n;
  }

  uint64_t s_[4];
};

}  // namespace barometer::synth::internal
