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

/// One vector of columns into the three lane sums: sx += f(x), sy += f(y), sxy += x·y, with
/// f(v) = v² when `kSquares`, else v (any vector width: whole rows and four rows at once).
template <bool kSquares, class V>
HWY_INLINE void addPairLanes(V xv, V yv, V& sx, V& sy, V& sxy) noexcept {
  if constexpr (kSquares) {
    sx = hn::MulAdd(xv, xv, sx);
    sy = hn::MulAdd(yv, yv, sy);
  } else {
    sx = hn::Add(sx, xv);
    sy = hn::Add(sy, yv);
  }
  sxy = hn::MulAdd(xv, yv, sxy);
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
      addPairLanes<kSquares>(loadRow(d, x + c0, c, k, 0.0f), loadRow(d, y + c0, c, k, 0.0f), sx, sy, sxy);
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

// ---- four rows at a time ------------------------------------------------------------------
// Short rows (16 columns: 65536 × 16) spend more on each row's three horizontal sums and its
// divisions than on its data. The group form sums four rows' columns in 128-bit vectors, adds
// each accumulator's lanes into one lane of a vector of four row sums (a 4 × 4 transpose by
// interleaves), and finishes the four rows together in float: one sqrt or division serves
// four rows. It runs rows of 1 to kMaxGroupColumns columns; longer rows take the per-row form
// (block sums in double).

namespace losslab::detail {

using D4 = hn::FixedTag<float, 4>;
using V4 = hn::Vec<D4>;

/// Rows longer than this run one at a time (pairSumsVector: float per block, then double).
inline constexpr std::size_t kMaxGroupColumns = 512;

/// Lanes [k, D) of a row from k = 4·⌊D/4⌋: the last partial vector, padded with 0.
HWY_INLINE V4 loadTail4(D4 d, const float* p, std::size_t count) noexcept {
  HWY_ALIGN float lanes[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  for (std::size_t k = 0; k < count; ++k) lanes[k] = p[k];
  return hn::Load(d, lanes);
}

/// Lane r = the sum of v_r's lanes (r = 0 … 3).
HWY_INLINE V4 sumEach(D4 d, V4 v0, V4 v1, V4 v2, V4 v3) noexcept {
  const V4 t0 = hn::Add(hn::InterleaveLower(d, v0, v1), hn::InterleaveUpper(d, v0, v1));
  const V4 t1 = hn::Add(hn::InterleaveLower(d, v2, v3), hn::InterleaveUpper(d, v2, v3));
  return hn::Add(hn::ConcatLowerLower(d, t1, t0), hn::ConcatUpperUpper(d, t1, t0));
}

/// The three column sums of a row pair as lane vectors (f(v) = v² when kSquares, else v).
template <bool kSquares>
HWY_INLINE void rowLanes4(D4 d, const float* x, const float* y, std::size_t D, V4& sx, V4& sy,
                          V4& sxy) noexcept {
  sx = sy = sxy = hn::Zero(d);
  std::size_t k = 0;
  auto add = [&](V4 xv, V4 yv) { addPairLanes<kSquares>(xv, yv, sx, sy, sxy); };
  for (; k + 4 <= D; k += 4) add(hn::LoadU(d, x + k), hn::LoadU(d, y + k));
  if (k < D) add(loadTail4(d, x + k, D - k), loadTail4(d, y + k, D - k));
}

/// g_k = a·y_k + b·x_k + c over a row of D, in 128-bit vectors.
HWY_INLINE void affineGrad4(D4 d, const float* x, const float* y, float* g, std::size_t D, V4 a, V4 b,
                            V4 c) noexcept {
  std::size_t k = 0;
  for (; k + 4 <= D; k += 4) {
    hn::StoreU(hn::MulAdd(a, hn::LoadU(d, y + k), hn::MulAdd(b, hn::LoadU(d, x + k), c)), d, g + k);
  }
  if (k < D) {
    HWY_ALIGN float lanes[4];
    hn::Store(hn::MulAdd(a, loadTail4(d, y + k, D - k), hn::MulAdd(b, loadTail4(d, x + k, D - k), c)), d, lanes);
    for (std::size_t j = 0; k + j < D; ++j) g[k + j] = lanes[j];
  }
}

/// Runs a row-pair loss over [N, D] rows (D = in.cols), reducing as `reduction` says ('mean'
/// over the N rows). `Loss` gives
///   double row(i, x, g, gs)        one row, per row (the vector form, or the scalar twin
///                                  when `groups` is false; writes gs·∂l/∂x into g if non-null)
///   V4 group(d, sx, sy, sxy, gs, grad, a, b, c)   four rows' losses from their sums (lanes),
///                                  with (when `grad`) the coefficients of their gradients
///                                  g = a·y + b·x + c
///   static constexpr float kGroupLimit   the largest Σ|sums| its group form takes
/// Groups of four run when `groups` (and D ≤ kMaxGroupColumns); a group whose sums reach
/// kGroupLimit or are not finite (a float overflow), and the last N mod 4 rows, run `row`.
template <bool kSquares, class Loss>
Status runPairRows(const Loss& loss, const LossInput& in, Reduction reduction, LossOutput& out,
                   bool groups) noexcept {
  const std::size_t D = in.cols;
  const std::size_t N = in.n / D;
  const double gs = reduction == Reduction::Mean && N != 0 ? 1.0 / static_cast<double>(N) : 1.0;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  const float* y = in.target;
  double total = 0.0;
  std::size_t i = 0;
  if (groups && D <= kMaxGroupColumns) {
    const D4 d;
    const V4 vgs = hn::Set(d, static_cast<float>(gs)), limit = hn::Set(d, Loss::kGroupLimit);
    const bool grad = out.grad != nullptr;
    V4 acc = hn::Zero(d);
    std::size_t pending = 0;  // groups summed in acc (flushed into double every 64)
    for (; i + 4 <= N; i += 4) {
      const float* x = in.input + i * D;
      const float* t = y + i * D;
      V4 sx[4], sy[4], sxy[4];
      for (std::size_t r = 0; r < 4; ++r) rowLanes4<kSquares>(d, x + r * D, t + r * D, D, sx[r], sy[r], sxy[r]);
      const V4 SX = sumEach(d, sx[0], sx[1], sx[2], sx[3]);
      const V4 SY = sumEach(d, sy[0], sy[1], sy[2], sy[3]);
      const V4 SXY = sumEach(d, sxy[0], sxy[1], sxy[2], sxy[3]);
      const V4 probe = hn::Add(hn::Add(hn::Abs(SX), hn::Abs(SY)), hn::Abs(SXY));
      if (!hn::AllTrue(d, hn::Lt(probe, limit))) {  // an overflow: these four rows one by one
        for (std::size_t r = 0; r < 4; ++r) {
          const double l = loss.row(i + r, x + r * D, out.grad ? out.grad + (i + r) * D : nullptr, gs);
          total += l;
          if (keepTerms) out.values[i + r] = static_cast<float>(l);
        }
        continue;
      }
      V4 a = hn::Zero(d), b = a, c = a;
      const V4 value = loss.group(d, SX, SY, SXY, vgs, grad, a, b, c);
      acc = hn::Add(acc, value);
      if (++pending == 64) {
        total += hn::GetLane(hn::SumOfLanes(d, acc));
        acc = hn::Zero(d);
        pending = 0;
      }
      if (keepTerms) hn::StoreU(value, d, out.values + i);
      if (grad) {
        affineGrad4(d, x, t, out.grad + i * D, D, hn::Broadcast<0>(a), hn::Broadcast<0>(b), hn::Broadcast<0>(c));
        affineGrad4(d, x + D, t + D, out.grad + (i + 1) * D, D, hn::Broadcast<1>(a), hn::Broadcast<1>(b), hn::Broadcast<1>(c));
        affineGrad4(d, x + 2 * D, t + 2 * D, out.grad + (i + 2) * D, D, hn::Broadcast<2>(a), hn::Broadcast<2>(b), hn::Broadcast<2>(c));
        affineGrad4(d, x + 3 * D, t + 3 * D, out.grad + (i + 3) * D, D, hn::Broadcast<3>(a), hn::Broadcast<3>(b), hn::Broadcast<3>(c));
      }
    }
    total += hn::GetLane(hn::SumOfLanes(d, acc));
  }
  for (; i < N; ++i) {
    const double l = loss.row(i, in.input + i * D, out.grad ? out.grad + i * D : nullptr, gs);
    total += l;
    if (keepTerms) out.values[i] = static_cast<float>(l);
  }
  out.value = reduction == Reduction::Mean ? total / static_cast<double>(N) : total;
  return Status::ok();
}

}  // namespace losslab::detail
