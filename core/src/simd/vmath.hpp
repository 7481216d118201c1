// Vector building blocks for the transcendental losses, on Highway's contrib/math (Exp, Expm1,
// Log, Log1p: 1–4 ulp in float) and two leaner variants for the hot paths (e^x for x ≤ 0,
// log1p on [0, 1]), each written so that it loses no accuracy where the scalar double code it
// twins would not: the softplus / sigmoid pair from one e^{−|x|}, log1p without the rounding
// of 1 + e, PyTorch's log clamp at −100.
#pragma once

#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

#include "losses/constants.hpp"
#include "simd/elementwise.hpp"

namespace losslab::detail::vm {

/// e^x for x ≤ 0 (exact 0 below −87.33, where e^x leaves float's normal range; NaN stays
/// NaN): Highway's reduction and polynomial (1 ulp), with x·log2(e) rounded by adding
/// 1.5·2^23 (its integer then sits in the low mantissa bits) instead of a float → int
/// conversion, and 2^q built from q's bits in one step (q ≥ −126 here). About 17 operations.
template <class D, class V>
HWY_INLINE V ExpNonPositive(D d, V x) {
  const hn::RebindToSigned<D> di;
  const V magic = hn::Set(d, 12582912.0f);
  const V kq = hn::MulAdd(x, hn::Set(d, 1.44269504088896341f), magic);
  const V q = hn::Sub(kq, magic);
  // r = x − q·ln2, ln2 split (Highway's constants) so that q·ln2_hi is exact
  const V r = hn::MulAdd(q, hn::Set(d, -1.428606765330187045e-6f),
                         hn::MulAdd(q, hn::Set(d, -0.693145751953125f), x));
  const V p = hn::Add(hn::impl::ExpImpl<float>().ExpPoly(d, r), hn::Set(d, 1.0f));
  const auto qi = hn::Sub(hn::BitCast(di, kq), hn::BitCast(di, magic));
  const V scale = hn::BitCast(d, hn::ShiftLeft<23>(hn::Add(qi, hn::Set(di, 127))));
  return hn::IfThenZeroElse(hn::Lt(x, hn::Set(d, -87.33f)), hn::Mul(p, scale));
}

/// log1p(e) for e in [0, 1] (max error ≈ 1 ulp), as 2·atanh(s) with s = e/(2 + e) in
/// [0, ⅓] (no rounding of 1 + e to correct): with t = 2s = e/(1 + e/2) and v = t²,
///   log1p(e) = t·(1 + v·R(v)),  R a degree-3 fit of (atanh(s)/s − 1)/v (error 4e-9).
template <class D, class V>
HWY_INLINE V Log1pUnit(D d, V e) {
  const V t = hn::Div(e, hn::MulAdd(e, hn::Set(d, 0.5f), hn::Set(d, 1.0f)));
  const V v = hn::Mul(t, t);
  V r = hn::Set(d, 0.14095772802829742f / 256.0f);
  r = hn::MulAdd(r, v, hn::Set(d, 0.13978832960128784f / 64.0f));
  r = hn::MulAdd(r, v, hn::Set(d, 0.2001255750656128f / 16.0f));
  r = hn::MulAdd(r, v, hn::Set(d, 0.33333155512809753f / 4.0f));
  return hn::MulAdd(hn::Mul(t, v), r, t);
}

/// The pieces of softplus and σ at x, from e = e^{−|x|} (no overflow for either sign):
///   softplus(x) = max(x, 0) + lp,  softplus(−x) = max(−x, 0) + lp,  lp = log1p(e);
///   σ(|x|) = r = 1/(1 + e),  σ(−|x|) = e·r.
template <class D, class V>
struct Logistic {
  V e;   // e^{−|x|}, in (0, 1]
  V lp;  // log1p(e^{−|x|})
  HWY_INLINE Logistic(D d, V x) : e(ExpNonPositive(d, NegAbsBits(d, x))), lp(Log1pUnit(d, e)) {}
  /// r = σ(|x|)
  HWY_INLINE V r(D d) const { return hn::Div(hn::Set(d, 1.0f), hn::Add(hn::Set(d, 1.0f), e)); }
};

/// max(log u, −100) for u in [0, 1] (PyTorch's clamp kLogClamp; log 0 → −100).
template <class D, class V>
HWY_INLINE V LogClamped(D d, V u) {
  const V floor = hn::Set(d, static_cast<float>(kLogClamp));
  return hn::IfThenElse(hn::Eq(u, hn::Zero(d)), floor, hn::Max(hn::Log(d, u), floor));
}

/// max(log(1 − u), −100) for u in [0, 1], without cancellation for small u.
template <class D, class V>
HWY_INLINE V Log1mClamped(D d, V u) {
  const V floor = hn::Set(d, static_cast<float>(kLogClamp));
  // 1 − u ≥ 2^-24 for u < 1, so Log1p's argument stays normal; u = 1 gives the floor.
  const V safe = hn::IfThenZeroElse(hn::Eq(u, hn::Set(d, 1.0f)), u);
  return hn::IfThenElse(hn::Eq(u, hn::Set(d, 1.0f)), floor,
                        hn::Max(hn::Log1p(d, hn::Neg(safe)), floor));
}

/// q^γ for q in [0, 1], γ ≥ 0 (0⁰ = 1, as std::pow): exact products for γ = 0, 1, 2,
/// else e^{γ·log q}.
template <class D, class V>
HWY_INLINE V PowUnit(D d, V q, float gamma) {
  if (gamma == 2.0f) return hn::Mul(q, q);
  if (gamma == 1.0f) return q;
  if (gamma == 0.0f) return hn::Set(d, 1.0f);
  const V p = ExpNonPositive(d, hn::Mul(hn::Set(d, gamma), hn::Log(d, q)));
  return hn::IfThenZeroElse(hn::Eq(q, hn::Zero(d)), p);
}

}  // namespace losslab::detail::vm
