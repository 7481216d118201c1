// Rows as vectors, for the multi-class and triplet losses: a row of C floats is C / lanes
// whole vectors and, when C is not a multiple of the lane count, one vector whose missing
// lanes are padded (with a value chosen to be neutral: −∞ for a max, 0 for a sum). Partial
// vectors go through a small stack buffer, never past the row's end.
#pragma once

#include <cstddef>

#include "simd/elementwise.hpp"

namespace losslab::detail {

/// Lanes [0, count) from p, the rest `pad` (count < lanes).
HWY_INLINE VF loadPartial(DF d, const float* p, std::size_t count, float pad) noexcept {
  HWY_ALIGN float lanes[kMaxLanes];
  for (std::size_t k = 0; k < hn::Lanes(d); ++k) lanes[k] = k < count ? p[k] : pad;
  return hn::Load(d, lanes);
}

/// Lanes [0, count) of v to p (count < lanes).
HWY_INLINE void storePartial(DF d, VF v, float* p, std::size_t count) noexcept {
  HWY_ALIGN float lanes[kMaxLanes];
  hn::Store(v, d, lanes);
  for (std::size_t k = 0; k < count; ++k) p[k] = lanes[k];
}

/// Calls f(c, count) for each vector of a row of C: c its first column, count its lanes
/// (lanes for whole vectors, C mod lanes for the last partial one).
template <class F>
HWY_INLINE void forEachVector(DF d, std::size_t C, F&& f) noexcept {
  const std::size_t L = hn::Lanes(d);
  std::size_t c = 0;
  for (; c + L <= C; c += L) f(c, L);
  if (c < C) f(c, C - c);
}

/// Loads lanes [c, c + count) of a row (count ≤ lanes), padding a partial vector.
HWY_INLINE VF loadRow(DF d, const float* row, std::size_t c, std::size_t count, float pad) noexcept {
  return count == hn::Lanes(d) ? hn::LoadU(d, row + c) : loadPartial(d, row + c, count, pad);
}

/// Stores lanes [c, c + count) of a row.
HWY_INLINE void storeRow(DF d, VF v, float* row, std::size_t c, std::size_t count) noexcept {
  if (count == hn::Lanes(d)) {
    hn::StoreU(v, d, row + c);
  } else {
    storePartial(d, v, row + c, count);
  }
}

/// The lanes' columns c, c + 1, … as floats (to compare with a class index).
HWY_INLINE VF columns(DF d, std::size_t c) noexcept {
  return hn::Iota(d, static_cast<float>(c));
}

}  // namespace losslab::detail
