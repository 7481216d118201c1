// The SIMD suites' shared pieces: the lane count of the build's float vectors and a random
// source that gives the same draws on every platform.
#pragma once

#include <cmath>
#include <cstddef>
#include <random>

#include <hwy/highway.h>

namespace losslab_test {

namespace hn = hwy::HWY_NAMESPACE;

inline std::size_t lanes() { return hn::Lanes(hn::ScalableTag<float>()); }

/// Reproducible everywhere: mt19937's bits are specified; std's distributions are not.
struct Random {
  std::mt19937 bits{20240611u};
  double uniform(double lo, double hi) { return lo + (hi - lo) * (bits() >> 8) * (1.0 / 16777216.0); }
  double normal(double sd) {
    const double u = uniform(1e-12, 1.0), v = uniform(0.0, 1.0);
    return sd * std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  std::size_t below(std::size_t n) { return bits() % n; }
};

}  // namespace losslab_test
