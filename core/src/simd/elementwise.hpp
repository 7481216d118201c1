// The vectorised element-wise driver (Google Highway, static dispatch: WASM SIMD128 under
// em++ -msimd128, AVX2 natively with -march=x86-64-v3, EMU128 in the baseline wasm build).
//
// A term with a vector twin provides, beside its scalar
//   float operator()(float x, float y, float& g) const
// a vector form with the same meaning:
//   template <class D, class V> V operator()(D d, V x, V y, V& g) const
// and a term that needs the element's position (per-element or per-class weights), beside
//   float operator()(std::size_t i, float x, float y, float& g) const
// the positional vector form, `i` being the index of the vector's first lane:
//   template <class D, class V> V operator()(D d, std::size_t i, V x, V y, V& g) const
// The vector loop runs whole vectors, the scalar twin runs the tail (and everything when
// detail::forceScalar() is set, for the SIMD-versus-scalar tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <hwy/highway.h>

#include "losslab/loss.hpp"
#include "losslab/options.hpp"

namespace losslab {
namespace hn = hwy::HWY_NAMESPACE;  // the vector ops, for terms' vector forms
}  // namespace losslab

namespace losslab::detail {

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;

/// |v|, the sign bit cleared: the same bits as hn::Abs. V8 lowers WebAssembly's f32x4.abs to
/// three instructions that build the mask anew each time; Highway's SignBit is a loop
/// constant kept in a register (a loop of |x − y| ran 25% faster at 64k in Node 20).
template <class D, class V>
HWY_INLINE V AbsBits(D d, V v) {
  return hn::AndNot(hn::SignBit(d), v);
}

/// −|v|, the sign bit set (one operation, for e^{−|x|}).
template <class D, class V>
HWY_INLINE V NegAbsBits(D d, V v) {
  return hn::Or(v, hn::SignBit(d));
}

/// sign(v), 0 at v = 0 and for NaN: 1 with v's sign bit where |v| > 0. Bit operations and one
/// compare, 15–20% faster in WebAssembly for mae's value + gradient than (v > 0) − (v < 0).
template <class D, class V>
HWY_INLINE V SignOrZero(D d, V v) {
  return hn::IfThenElseZero(hn::Gt(AbsBits(d, v), hn::Zero(d)), hn::CopySignToAbs(hn::Set(d, 1.0f), v));
}

/// The most float lanes any target here has (AVX2: 8, WASM and EMU128: 4), for stack buffers.
inline constexpr std::size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);

/// Elements summed in float per block before the block's sum goes into the double total:
/// each lane of an accumulator sums at most kSimdBlock / lanes = 128 terms in float (32 for
/// light terms, which use four accumulators), so a 1M-element mean stays within ~1e-7
/// relative of the exact value.
inline constexpr std::size_t kSimdBlock = 512;

/// True when `Term` has the vector form `term(d, x, y, g)`.
template <class Term, class = void>
struct HasVectorForm : std::false_type {};
template <class Term>
struct HasVectorForm<Term, std::void_t<decltype(std::declval<const Term&>()(
                               DF(), hn::Zero(DF()), hn::Zero(DF()), std::declval<VF&>()))>>
    : std::true_type {};

/// True when `Term` has the positional vector form `term(d, i, x, y, g)`.
template <class Term, class = void>
struct HasIndexedVectorForm : std::false_type {};
template <class Term>
struct HasIndexedVectorForm<
    Term, std::void_t<decltype(std::declval<const Term&>()(DF(), std::size_t{0}, hn::Zero(DF()),
                                                             hn::Zero(DF()), std::declval<VF&>()))>>
    : std::true_type {};

template <class Term>
inline constexpr bool kVectorised = HasVectorForm<Term>::value || HasIndexedVectorForm<Term>::value;

/// Vectors per loop step: a light term (a few operations, `static constexpr bool kLight =
/// true`) runs four, each into its own accumulator, to hide the add latency; a heavy one
/// (exp, log) runs one, as four would spill its constants and accumulators to the stack.
template <class Term, class = void>
struct IsLight : std::false_type {};
template <class Term>
struct IsLight<Term, std::void_t<decltype(Term::kLight)>> : std::bool_constant<Term::kLight> {};

/// One vector of terms, through whichever form the term has.
template <class Term>
HWY_INLINE VF termAt(const Term& term, DF d, std::size_t i, VF x, VF y, VF& g) noexcept {
  if constexpr (HasIndexedVectorForm<Term>::value) {
    return term(d, i, x, y, g);
  } else {
    return term(d, x, y, g);
  }
}

/// One term, through whichever scalar twin the term has.
template <class Term>
HWY_INLINE float scalarAt(const Term& term, std::size_t i, float x, float y, float& g) noexcept {
  // (A term's 4-argument vector template would also accept (i, x, y, g): test the 3-argument
  // twin first.)
  if constexpr (std::is_invocable_v<const Term&, float, float, float&>) {
    return term(x, y, g);
  } else {
    return term(i, x, y, g);
  }
}

/// Whether an output is stored: never, always, or where its pointer is non-null (decided per
/// vector at run time: one body for every combination, for heavy terms).
enum class Store { No, Yes, IfGiven };

/// The whole vectors of [0, n) from `i` on: step(at, acc) adds the vector at `at` into `acc`.
/// Float sums per block of kSimdBlock elements, added up in double; a light step (`kFour`) runs
/// four vectors at a time, each into its own accumulator, to hide the add latency. Leaves `i`
/// at the first element of the tail (fewer than a vector) and returns the sum.
template <bool kFour, class Step>
HWY_INLINE double sumVectorBlocks(std::size_t n, std::size_t& i, const Step& step) noexcept {
  const DF d;
  const std::size_t L = hn::Lanes(d);
  double total = 0.0;
  while (i + L <= n) {
    const std::size_t blockEnd = (n - i > kSimdBlock) ? i + kSimdBlock : n;
    // Four accumulators: independent add chains, and short float sums per lane.
    VF acc0 = hn::Zero(d), acc1 = hn::Zero(d), acc2 = hn::Zero(d), acc3 = hn::Zero(d);
    if constexpr (kFour) {
      for (; i + 4 * L <= blockEnd; i += 4 * L) {
        step(i, acc0);
        step(i + L, acc1);
        step(i + 2 * L, acc2);
        step(i + 3 * L, acc3);
      }
    }
    for (; i + L <= blockEnd; i += L) step(i, acc0);
    const VF acc = hn::Add(hn::Add(acc0, acc1), hn::Add(acc2, acc3));
    total += static_cast<double>(hn::GetLane(hn::SumOfLanes(d, acc)));
    if (blockEnd == n) break;
  }
  return total;
}

/// Σ term(x_i, y_i) over [0, n), writing terms to `values` and scale·∂l/∂x to `grad` as
/// kStoreValues / kStoreGrad say. Returns the sum.
template <Store kStoreValues, Store kStoreGrad, class Term>
double sumTermsSimd(const Term& term, const float* x, const float* y, std::size_t n, float scale,
                    float* values, float* grad) noexcept {
  constexpr bool kValues = kStoreValues != Store::No;  // may store
  constexpr bool kGrad = kStoreGrad != Store::No;
  const bool storeValues = kStoreValues == Store::Yes || (kValues && values != nullptr);
  const bool storeGrad = kStoreGrad == Store::Yes || (kGrad && grad != nullptr);
  const DF d;
  const VF vscale = hn::Set(d, scale);
  std::size_t i = 0;
  // One vector: its term, accumulated into `acc`, stored where asked.
  auto step = [&](std::size_t at, VF& acc) {
    VF g;
    const VF l = termAt(term, d, at, hn::LoadU(d, x + at), hn::LoadU(d, y + at), g);
    acc = hn::Add(acc, l);
    if constexpr (kValues) {
      if (storeValues) hn::StoreU(l, d, values + at);
    }
    if constexpr (kGrad) {
      if (storeGrad) hn::StoreU(hn::Mul(g, vscale), d, grad + at);
    }
  };
  double total = sumVectorBlocks<IsLight<Term>::value>(n, i, step);
  for (; i < n; ++i) {  // the tail, by the scalar twin
    float g = 0.0f;
    const float l = scalarAt(term, i, x[i], y[i], g);
    total += l;
    if (storeValues) values[i] = l;
    if (storeGrad) grad[i] = g * scale;
  }
  return total;
}

/// The same, for any outputs: a body for the value alone and, for light terms, one for value
/// and gradient (the hot paths: a light term's stores are a good part of its time); every other
/// combination (the 'none' terms; a heavy term's gradient) shares one body that checks its
/// pointers per vector — nothing beside the term, and it keeps the module small.
template <class Term>
double sumTermsSimd(const Term& term, const float* x, const float* y, std::size_t n, float scale,
                    float* values, float* grad) noexcept {
  if (values == nullptr && grad == nullptr) {
    return sumTermsSimd<Store::No, Store::No>(term, x, y, n, scale, values, grad);
  }
  if constexpr (IsLight<Term>::value) {
    if (values == nullptr) return sumTermsSimd<Store::No, Store::Yes>(term, x, y, n, scale, values, grad);
  }
  return sumTermsSimd<Store::IfGiven, Store::IfGiven>(term, x, y, n, scale, values, grad);
}

/// A per-element weight stream for element-wise losses: absent (1), one number for every
/// element, one weight per element, or — for `[N, C]` input — one per class, element i
/// belonging to class i mod C. `at(i)` is element i's weight; `vec(d, i)` the weights of
/// elements i … i + lanes − 1.
class ElementWeights {
 public:
  /// `w` was validated at the entry: empty, 1 value, n values, or C = cols values (a
  /// single value is the same for every element in every reading).
  ElementWeights(const FloatSpan& w, std::size_t cols) noexcept {
    if (w.empty()) return;
    data_ = w.data;
    if (w.size == 1) {
      mode_ = Mode::Broadcast;
    } else if (cols > 1 && w.size == cols) {
      mode_ = Mode::PerClass;
      classes_ = cols;
      if (cols <= kMaxCycle) {  // w[j mod C] for j < C + lanes: any window is one load
        for (std::size_t j = 0; j < cols + kMaxLanes; ++j) cycle_[j] = w.data[j % cols];
      }
    } else {
      mode_ = Mode::PerElement;
    }
  }

  bool empty() const noexcept { return mode_ == Mode::None; }

  float at(std::size_t i) const noexcept {
    switch (mode_) {
      case Mode::None: return 1.0f;
      case Mode::Broadcast: return data_[0];
      case Mode::PerElement: return data_[i];
      case Mode::PerClass: break;
    }
    return data_[i % classes_];
  }

  VF vec(DF d, std::size_t i) const noexcept {
    switch (mode_) {
      case Mode::None: return hn::Set(d, 1.0f);
      case Mode::Broadcast: return hn::Set(d, data_[0]);
      case Mode::PerElement: return hn::LoadU(d, data_ + i);
      case Mode::PerClass: break;
    }
    const std::size_t c = classOf(i);
    if (classes_ <= kMaxCycle) return hn::LoadU(d, cycle_ + c);
    const std::size_t L = hn::Lanes(d);
    if (c + L <= classes_) return hn::LoadU(d, data_ + c);
    HWY_ALIGN float lanes[kMaxLanes];  // the window wraps around the class list
    for (std::size_t k = 0; k < L; ++k) lanes[k] = data_[(c + k) % classes_];
    return hn::Load(d, lanes);
  }

 private:
  enum class Mode { None, Broadcast, PerElement, PerClass };
  static constexpr std::size_t kMaxCycle = 256;
  std::size_t classOf(std::size_t i) const noexcept {
    if (i <= 0xFFFFFFFFu) {  // 32-bit division is much cheaper
      return static_cast<std::uint32_t>(i) % static_cast<std::uint32_t>(classes_);
    }
    return i % classes_;
  }

  Mode mode_ = Mode::None;
  const float* data_ = nullptr;
  std::size_t classes_ = 0;
  float cycle_[kMaxCycle + kMaxLanes] = {};
};

}  // namespace losslab::detail
