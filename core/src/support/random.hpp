// LossLab — the one random generator of the network and the datasets: xoshiro256**
// seeded through splitmix64. Only integer arithmetic and exact float conversions, so a
// seed gives the same numbers natively and in wasm (std::uniform_*_distribution and
// std::normal_distribution are implementation-defined and are never used).
#pragma once

#include <cstdint>

#include "support/detmath.hpp"

namespace losslab::detail {

/// splitmix64: one step of the seeding generator (Steele, Lea & Flood 2014).
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Independent streams of one seed: weights, shuffling, triplets, evaluation, data, and the
/// loss landscape's random directions.
enum class Stream : std::uint64_t {
  Init = 1,
  Shuffle = 2,
  Triplets = 3,
  Evaluation = 4,
  Dataset = 5,
  Landscape = 6,
};

/// xoshiro256** (Blackman & Vigna 2018): 256 bits of state, period 2^256 − 1.
class Rng {
 public:
  Rng() noexcept : Rng(0, Stream::Init) {}
  Rng(std::uint64_t seed, Stream stream) noexcept { reseed(seed, stream); }

  void reseed(std::uint64_t seed, Stream stream) noexcept {
    std::uint64_t sm = seed ^ (static_cast<std::uint64_t>(stream) * 0xD1B54A32D192ED03ull);
    for (std::uint64_t& w : s_) w = splitmix64(sm);
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 random bits: exact in double.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [a, b), as TF Playground's randUniform: u·(b − a) + a.
  double uniform(double a, double b) noexcept { return uniform() * (b - a) + a; }

  /// Uniform integer in [0, n), n ≥ 1, without modulo bias (Lemire 2019, 32-bit form).
  std::uint32_t below(std::uint32_t n) noexcept {
    std::uint64_t m = static_cast<std::uint64_t>(next() >> 32) * n;
    std::uint32_t low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
      while (low < threshold) {
        m = static_cast<std::uint64_t>(next() >> 32) * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

  /// Normal(mean, variance) by the polar method, as TF Playground's normalRandom.
  double normal(double mean = 0.0, double variance = 1.0) noexcept {
    double v1 = 0.0, s = 0.0;
    do {
      v1 = 2.0 * uniform() - 1.0;
      const double v2 = 2.0 * uniform() - 1.0;
      s = v1 * v1 + v2 * v2;
    } while (s > 1.0 || s == 0.0);
    const double result = detmath::sqrt(-2.0 * detmath::log(s) / s) * v1;
    return mean + detmath::sqrt(variance) * result;
  }

  /// Fisher–Yates shuffle of `data[0..n)`, n < 2^32.
  template <class T>
  void shuffle(T* data, std::uint32_t n) noexcept {
    for (std::uint32_t i = n; i > 1; --i) {
      const std::uint32_t j = below(i);
      const T tmp = data[i - 1];
      data[i - 1] = data[j];
      data[j] = tmp;
    }
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4] = {};
};

}  // namespace losslab::detail
