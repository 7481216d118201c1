// The vectorised element-wise driver (Google Highway, static dispatch: WASM SIMD128 under
// em++ -msimd128, AVX2 natively with -march=x86-64-v3, SCALAR in the baseline wasm build).
//
// A term with a vector twin provides, beside its scalar
//   float operator()(float x, float y, float& g) const
// a vector form with the same meaning:
//   template <class D, class V> V operator()(D d, V x, V y, V& g) const
// The vector loop runs whole vectors, the scalar twin runs the tail.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <hwy/highway.h>

#include "losslab/loss.hpp"

namespace losslab {
namespace hn = hwy::HWY_NAMESPACE;  // the vector ops, for terms' vector forms
}  // namespace losslab

namespace losslab::detail {

/// Elements summed in float per lane before the partial goes into the double total:
/// 256 / lanes terms per lane keeps a 1M-element mean within ~1e-7 relative.
inline constexpr std::size_t kSimdBlock = 256;

/// True when `Term` has the vector form.
template <class Term, class = void>
struct HasVectorForm : std::false_type {};
template <class Term>
struct HasVectorForm<Term, std::void_t<decltype(std::declval<const Term&>()(
                               hn::ScalableTag<float>(), hn::Zero(hn::ScalableTag<float>()),
                               hn::Zero(hn::ScalableTag<float>()),
                               std::declval<hn::Vec<hn::ScalableTag<float>>&>()))>>
    : std::true_type {};

/// Σ term(x_i, y_i) over [0, n), writing terms to `values` (if non-null) and
/// scale·∂l/∂x to `grad` (if non-null). Returns the sum.
template <bool kValues, bool kGrad, class Term>
double sumTermsSimd(const Term& term, const float* x, const float* y, std::size_t n, float scale,
                    float* values, float* grad) noexcept {
  const hn::ScalableTag<float> d;
  const std::size_t lanes = hn::Lanes(d);
  const auto vscale = hn::Set(d, scale);
  double total = 0.0;
  std::size_t i = 0;
  while (i + lanes <= n) {
    const std::size_t blockEnd = (n - i > kSimdBlock) ? i + kSimdBlock : n;
    auto acc0 = hn::Zero(d);
    auto acc1 = hn::Zero(d);
    // Two accumulators: independent add chains, and shorter float sums per lane.
    for (; i + 2 * lanes <= blockEnd; i += 2 * lanes) {
      hn::Vec<decltype(d)> g0, g1;
      const auto l0 = term(d, hn::LoadU(d, x + i), hn::LoadU(d, y + i), g0);
      const auto l1 = term(d, hn::LoadU(d, x + i + lanes), hn::LoadU(d, y + i + lanes), g1);
      acc0 = hn::Add(acc0, l0);
      acc1 = hn::Add(acc1, l1);
      if constexpr (kValues) {
        hn::StoreU(l0, d, values + i);
        hn::StoreU(l1, d, values + i + lanes);
      }
      if constexpr (kGrad) {
        hn::StoreU(hn::Mul(g0, vscale), d, grad + i);
        hn::StoreU(hn::Mul(g1, vscale), d, grad + i + lanes);
      }
    }
    for (; i + lanes <= blockEnd; i += lanes) {
      hn::Vec<decltype(d)> g0;
      const auto l0 = term(d, hn::LoadU(d, x + i), hn::LoadU(d, y + i), g0);
      acc0 = hn::Add(acc0, l0);
      if constexpr (kValues) hn::StoreU(l0, d, values + i);
      if constexpr (kGrad) hn::StoreU(hn::Mul(g0, vscale), d, grad + i);
    }
    total += static_cast<double>(hn::GetLane(hn::SumOfLanes(d, hn::Add(acc0, acc1))));
    if (blockEnd == n) break;
  }
  for (; i < n; ++i) {  // the tail, by the scalar twin
    float g = 0.0f;
    const float l = term(x[i], y[i], g);
    total += l;
    if constexpr (kValues) values[i] = l;
    if constexpr (kGrad) grad[i] = g * scale;
  }
  return total;
}

template <class Term>
double sumTermsSimd(const Term& term, const float* x, const float* y, std::size_t n, float scale,
                    float* values, float* grad) noexcept {
  if (values && grad) return sumTermsSimd<true, true>(term, x, y, n, scale, values, grad);
  if (values) return sumTermsSimd<true, false>(term, x, y, n, scale, values, grad);
  if (grad) return sumTermsSimd<false, true>(term, x, y, n, scale, values, grad);
  return sumTermsSimd<false, false>(term, x, y, n, scale, values, grad);
}

}  // namespace losslab::detail
