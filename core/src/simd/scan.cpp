#include "simd/scan.hpp"

#include <cmath>

#include <hwy/highway.h>

namespace losslab::detail {
namespace hn = hwy::HWY_NAMESPACE;

bool allFinite(const float* data, std::size_t n) noexcept {
  // v·0 is 0 for finite v and NaN for NaN or ±Inf; the sum stays 0 only if all are finite.
  const hn::ScalableTag<float> d;
  const std::size_t lanes = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  // Four independent chains: the loop is bound by loads, not by the add latency.
  auto acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
  std::size_t i = 0;
  for (; i + 4 * lanes <= n; i += 4 * lanes) {
    acc0 = hn::MulAdd(hn::LoadU(d, data + i), zero, acc0);
    acc1 = hn::MulAdd(hn::LoadU(d, data + i + lanes), zero, acc1);
    acc2 = hn::MulAdd(hn::LoadU(d, data + i + 2 * lanes), zero, acc2);
    acc3 = hn::MulAdd(hn::LoadU(d, data + i + 3 * lanes), zero, acc3);
  }
  float tail = 0.0f;
  for (; i < n; ++i) tail += data[i] * 0.0f;
  const auto acc = hn::Add(hn::Add(acc0, acc1), hn::Add(acc2, acc3));
  return hn::GetLane(hn::SumOfLanes(d, acc)) == 0.0f && tail == 0.0f;
}

bool allWithin(const float* data, std::size_t n, float lo, float hi, bool loOpen) noexcept {
  const hn::ScalableTag<float> d;
  const std::size_t lanes = hn::Lanes(d);
  // Track min and max (NaN is checked by validation's finiteness pass before this).
  auto lo0 = hn::Set(d, INFINITY), lo1 = lo0;
  auto hi0 = hn::Set(d, -INFINITY), hi1 = hi0;
  std::size_t i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const auto a = hn::LoadU(d, data + i);
    const auto b = hn::LoadU(d, data + i + lanes);
    lo0 = hn::Min(lo0, a);
    lo1 = hn::Min(lo1, b);
    hi0 = hn::Max(hi0, a);
    hi1 = hn::Max(hi1, b);
  }
  const float minimum = hn::GetLane(hn::MinOfLanes(d, hn::Min(lo0, lo1)));
  const float maximum = hn::GetLane(hn::MaxOfLanes(d, hn::Max(hi0, hi1)));
  if (!((loOpen ? minimum > lo : minimum >= lo) && maximum <= hi)) return false;
  for (; i < n; ++i) {
    const float v = data[i];
    if (!((loOpen ? v > lo : v >= lo) && v <= hi)) return false;
  }
  return true;
}

namespace {

/// True when `ok(v)` holds for every value: the vector test over whole vectors (its failures
/// OR-ed into one accumulator, two vectors per step), then the scalar test on the tail.
template <class VectorOk, class ScalarOk>
bool allPass(const float* data, std::size_t n, VectorOk vok, ScalarOk sok) noexcept {
  const hn::ScalableTag<float> d;
  const std::size_t lanes = hn::Lanes(d);
  auto bad0 = hn::Zero(d), bad1 = hn::Zero(d);
  std::size_t i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    bad0 = hn::Or(bad0, hn::VecFromMask(d, hn::Not(vok(d, hn::LoadU(d, data + i)))));
    bad1 = hn::Or(bad1, hn::VecFromMask(d, hn::Not(vok(d, hn::LoadU(d, data + i + lanes)))));
  }
  if (!hn::AllFalse(d, hn::MaskFromVec(hn::Or(bad0, bad1)))) return false;
  for (; i < n; ++i) {
    if (!sok(data[i])) return false;
  }
  return true;
}

}  // namespace

bool allOneOf(const float* data, std::size_t n, float a, float b, float c) noexcept {
  return allPass(
      data, n,
      [a, b, c](auto d, auto v) {
        return hn::Or(hn::Or(hn::Eq(v, hn::Set(d, a)), hn::Eq(v, hn::Set(d, b))), hn::Eq(v, hn::Set(d, c)));
      },
      [a, b, c](float v) { return v == a || v == b || v == c; });
}

bool allClassIndices(const float* data, std::size_t n, std::size_t classes, float ignore) noexcept {
  const float limit = static_cast<float>(classes);
  return allPass(
      data, n,
      [limit, ignore](auto d, auto v) {
        const auto index = hn::And(hn::And(hn::Ge(v, hn::Zero(d)), hn::Lt(v, hn::Set(d, limit))),
                                   hn::Eq(v, hn::Floor(v)));
        return hn::Or(index, hn::Eq(v, hn::Set(d, ignore)));
      },
      [limit, ignore](float v) {
        return (v >= 0.0f && v < limit && v == std::floor(v)) || v == ignore;
      });
}

}  // namespace losslab::detail
