// Row pairs as vectors, for the losses that reduce each row of x against the same row of y to
// three sums and whose gradient is affine in x and y (dice, tversky, cosine_similarity):
//   pass 1: Σ f(x), Σ f(y), Σ x·y with f(v) = v (overlap) or v² (squares), in one sweep;
//   pass 2: g_k = a·y_k + b·x_k + c with the row's coefficients a, b, c.
// Each has a scalar twin in double and a vector form (float lanes summed per block of
// kSimdBlock columns into double, so a flat 1M-column row sums as exactly as 16 columns).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "simd/rows.hpp"

namespace losslab::detail {

/// The three sums of a row pair.
struct PairSums {
  double x = 0.0;   // Σ f(x_k)
  double y = 0.0;   // Σ f(y_k)
  double xy = 0.0;  // Σ x_k·y_k

  bool finite() const noexcept { return std::isfinite(x) && std::isfinite(y) && std::isfinite(xy); }
};

/// Σ f(x), Σ f(y), Σ xy over D columns in double; f(v) = v² when `kSquares`, else v.
template <bool kSquares>
PairSums pairSums(const float* x, const float* y, std::size_t D) noexcept {
  PairSums s;
  for (std::size_t k = 0; k < D; ++k) {
    const double xk = x[k], yk = y[k];
    s.x += kSquares ? xk * xk : xk;
    s.y += kSquares ? yk * yk : yk;
    s.xy += xk * yk;
  }
  return s;
}

/// The vector form of pairSums: float lanes (padding lanes 0, neutral for every sum), each
/// block of kSimdBlock columns reduced into double. A float overflow (|x| near FLT_MAX
/// squared) gives a non-finite sum: the caller then runs the scalar twin.
template <bool kSquares>
PairSums pairSumsVector(const float* x, const float* y, std::size_t D) noexcept {
  const DF d;
  PairSums s;
  for (std::size_t c0 = 0; c0 < D; c0 += kSimdBlock) {
    const std::size_t len = std::min(kSimdBlock, D - c0);
    VF sx = hn::Zero(d), sy = hn::Zero(d), sxy = hn::Zero(d);
    forEachVector(d, len, [&](std::size_t c, std::size_t k) {
      const VF xv = loadRow(d, x + c0, c, k, 0.0f);
      const VF yv = loadRow(d, y + c0, c, k, 0.0f);
      if constexpr (kSquares) {
        sx = hn::MulAdd(xv, xv, sx);
        sy = hn::MulAdd(yv, yv, sy);
      } else {
        sx = hn::Add(sx, xv);
        sy = hn::Add(sy, yv);
      }
      sxy = hn::MulAdd(xv, yv, sxy);
    });
    s.x += hn::GetLane(hn::SumOfLanes(d, sx));
    s.y += hn::GetLane(hn::SumOfLanes(d, sy));
    s.xy += hn::GetLane(hn::SumOfLanes(d, sxy));
  }
  return s;
}

/// g_k = a·y_k + b·x_k + c over D columns, in double.
inline void affineGrad(const float* x, const float* y, float* g, std::size_t D, double a, double b,
                       double c) noexcept {
  for (std::size_t k = 0; k < D; ++k) g[k] = static_cast<float>(a * y[k] + b * x[k] + c);
}

/// The vector form of affineGrad, with a, b, c rounded to float.
inline void affineGradVector(const float* x, const float* y, float* g, std::size_t D, double a,
                             double b, double c) noexcept {
  const DF d;
  const VF va = hn::Set(d, static_cast<float>(a)), vb = hn::Set(d, static_cast<float>(b));
  const VF vc = hn::Set(d, static_cast<float>(c));
  forEachVector(d, D, [&](std::size_t col, std::size_t k) {
    const VF xv = loadRow(d, x, col, k, 0.0f);
    const VF yv = loadRow(d, y, col, k, 0.0f);
    storeRow(d, hn::MulAdd(va, yv, hn::MulAdd(vb, xv, vc)), g, col, k);
  });
}

}  // namespace losslab::detail
