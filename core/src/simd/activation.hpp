// Vector tanh and σ for the network's hidden layers and sigmoid heads, on any Highway tag
// (a one-lane tag is the scalar twin: the same code, so the same bits).
//
// The network promises the same bits natively and in wasm, so these use only operations
// that IEEE 754 rounds exactly one way — +, −, ×, ÷, comparisons, selects and bit
// operations — and never MulAdd, which is one fused rounding natively (FMA) and two in
// wasm. Include this header only from sources compiled with -ffp-contract=off (the
// network's): GCC could otherwise fuse a Mul and an Add itself. Each lane runs the same
// sequence of operations, so results do not depend on the lane count either.
#pragma once

#include <hwy/highway.h>

namespace losslab::detail::det {

namespace hn = hwy::HWY_NAMESPACE;

/// e^x for x ≤ 0, exact 0 below −87.33 (where e^x leaves float's normal range); Cephes'
/// expf (≈ 1 ulp): x = k·ln2 + r with |r| ≤ ½ln2, ln2 split in two so that k·C1 is exact,
/// e^r by a degree-7 polynomial, 2^k from k's bits (k is rounded by adding 1.5·2^23, which
/// leaves it in the low mantissa bits).
template <class D, class V>
HWY_INLINE V ExpNonPositive(D d, V x) {
  const hn::RebindToSigned<D> di;
  const V magic = hn::Set(d, 12582912.0f);
  const V kq = hn::Add(hn::Mul(x, hn::Set(d, 1.44269504088896341f)), magic);
  const V k = hn::Sub(kq, magic);
  const V r = hn::Sub(hn::Sub(x, hn::Mul(k, hn::Set(d, 0.693359375f))),
                      hn::Mul(k, hn::Set(d, -2.12194440e-4f)));
  V p = hn::Set(d, 1.9875691500e-4f);
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 1.3981999507e-3f));
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 8.3334519073e-3f));
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 4.1665795894e-2f));
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 1.6666665459e-1f));
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 5.0000001201e-1f));
  p = hn::Add(hn::Add(hn::Mul(p, hn::Mul(r, r)), r), hn::Set(d, 1.0f));
  const auto ki = hn::Sub(hn::BitCast(di, kq), hn::BitCast(di, magic));
  const V scale = hn::BitCast(d, hn::ShiftLeft<23>(hn::Add(ki, hn::Set(di, 127))));
  return hn::IfThenZeroElse(hn::Lt(x, hn::Set(d, -87.33f)), hn::Mul(p, scale));
}

/// tanh x (≤ 7 ulp, relative error < 4e-7; NaN stays NaN): Eigen's float rational
/// x·P(x²)/Q(x²) of degree 13/6 on x clamped to ±7.905 (where tanh rounds to ±1 within
/// that error), and x itself below |x| = 0.0004, where P/Q's 1e-7 offset would show.
/// Cheaper than e^x: one division and no range reduction.
template <class D, class V>
HWY_INLINE V Tanh(D d, V x) {
  const V limit = hn::Set(d, 7.90531110763549805f);
  const V c = hn::Max(hn::Min(x, limit), hn::Neg(limit));
  const V c2 = hn::Mul(c, c);
  V p = hn::Set(d, -2.76076847742355e-16f);
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, 2.00018790482477e-13f));
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, -8.60467152213735e-11f));
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, 5.12229709037114e-08f));
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, 1.48572235717979e-05f));
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, 6.37261928875436e-04f));
  p = hn::Add(hn::Mul(p, c2), hn::Set(d, 4.89352455891786e-03f));
  p = hn::Mul(c, p);
  V q = hn::Set(d, 1.19825839466702e-06f);
  q = hn::Add(hn::Mul(q, c2), hn::Set(d, 1.18534705686654e-04f));
  q = hn::Add(hn::Mul(q, c2), hn::Set(d, 2.26843463243900e-03f));
  q = hn::Add(hn::Mul(q, c2), hn::Set(d, 4.89352518554385e-03f));
  // written so that NaN (which the clamp would turn into ±7.9 on x86) selects x
  return hn::IfThenElse(hn::Ge(hn::Abs(x), hn::Set(d, 0.0004f)), hn::Div(p, q), x);
}

/// σ(x) = 1 / (1 + e^{−x}) (≈ 2 ulp), from e = e^{−|x|} so that nothing overflows:
/// σ(|x|) = 1/(1 + e), σ(−|x|) = e·σ(|x|).
template <class D, class V>
HWY_INLINE V Sigmoid(D d, V x) {
  const V e = ExpNonPositive(d, hn::Neg(hn::Abs(x)));
  const V r = hn::Div(hn::Set(d, 1.0f), hn::Add(hn::Set(d, 1.0f), e));
  return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), hn::Mul(e, r), r);
}

}  // namespace losslab::detail::det
