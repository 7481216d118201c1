// LossLab network — the dense layer: forward and backward, side by side.
#include "network/layer.hpp"

#include <array>
#include <utility>

#include "simd/activation.hpp"
#include "simd/rows.hpp"

namespace losslab::net {
namespace {

using detail::DF;
using detail::VF;

template <class D, class V>
HWY_INLINE V activateVector(D d, Activation f, V z) {
  switch (f) {
    case Activation::Tanh: return detail::det::Tanh(d, z);
    case Activation::Relu: return hn::IfThenElse(hn::Gt(z, hn::Zero(d)), z, hn::Zero(d));
    case Activation::Sigmoid: return detail::det::Sigmoid(d, z);
    case Activation::Linear: return z;
  }
  return z;
}

/// z = b + x·Wᵀ and a = F(z) for one transposed block (see Dense::forward), with the
/// activation fixed at compile time so that its constants stay out of the unit loop.
template <Activation F>
void denseBlock(const float* W, const float* B, int in, int out, const float* xt, float* at,
                std::size_t rows) noexcept {
  const DF d;
  constexpr std::size_t L = kBlockLanes;
  constexpr std::size_t R = kBlockRows;
  for (int j = 0; j < out; ++j) {
    const float* wj = W + j * in;
    VF z[kBlockVectors];
    for (std::size_t v = 0; v < kBlockVectors; ++v) z[v] = hn::Set(d, B[j]);
    for (int i = 0; i < in; ++i) {
      const VF wji = hn::Set(d, wj[i]);
      for (std::size_t v = 0; v < kBlockVectors; ++v) {
        z[v] = hn::Add(z[v], hn::Mul(hn::Load(d, xt + i * R + v * L), wji));
      }
    }
    for (std::size_t v = 0; v < kBlockVectors; ++v) {
      // vectors past the block's rows (a small batch's last block) hold only padding
      const VF av = v * L < rows ? activateVector(d, F, z[v]) : hn::Zero(d);
      hn::Store(av, d, at + j * R + v * L);
    }
  }
}

/// f'(a) from the output a (activationSlope), in whole vectors (1 for linear, which
/// backwardRowsOf skips: × 1 changes no bits).
template <class D, class V>
HWY_INLINE V slopeVector(D d, Activation f, V a) {
  const V one = hn::Set(d, 1.0f);
  switch (f) {
    case Activation::Tanh: return hn::Sub(one, hn::Mul(a, a));
    case Activation::Relu: return hn::IfThenElseZero(hn::Gt(a, hn::Zero(d)), one);
    case Activation::Sigmoid: return hn::Mul(a, hn::Sub(one, a));
    case Activation::Linear: return one;
  }
  return one;
}

/// Dense::backward for rows of V vectors (V = ⌈in / L⌉, fixed so that a row's vectors stay
/// in registers: a loop over a run-time count of vectors held in an array compiles to calls
/// to memcpy and memset), with the activation `below` of the layer below (whose outputs x
/// are):
///   gw_j = Σ_r ∂L/∂z_rj · x_r and gb_j = Σ_r ∂L/∂z_rj, from 0, rows ascending;
///   ∂L/∂x_r = Σ_j ∂L/∂z_rj · W_j, from 0 (0 + p, not p: the sign of a zero product as in
///   the scalar loop), units ascending, then × f'(x_r) (unless `below` is linear) — the
///   layer below's ∂L/∂z — into dx unless it is null.
/// Each output element is one scalar sequence of a multiply then an add, whatever the lane
/// count. Row by row, each as whole vectors: a row's extra lanes land where the next row is
/// about to be written, the last row's in the unused storage of gw and dx (see backward).
/// (The activation stays a run-time switch: one instance per activation as well would cost
/// 3 KB of gzipped wasm for 3% fewer instructions per epoch.)
template <std::size_t V>
void backwardRowsOf(const float* __restrict x, const float* __restrict G, const float* W,
                    float* GW, float* GB, float* dx, std::size_t rows, std::size_t I,
                    std::size_t J, Activation below) noexcept {
  const DF d;
  constexpr std::size_t L = kBlockLanes;
  for (std::size_t j = 0; j < J; ++j) {
    VF s[V];
    for (std::size_t v = 0; v < V; ++v) s[v] = hn::Zero(d);
    float b = 0.0f;
    for (std::size_t r = 0; r < rows; ++r) {
      const float g = G[r * J + j];
      b += g;
      const VF gz = hn::Set(d, g);
      const float* xr = x + r * I;
      for (std::size_t v = 0; v < V; ++v) s[v] = hn::Add(s[v], hn::Mul(gz, hn::LoadU(d, xr + v * L)));
    }
    GB[j] = b;
    for (std::size_t v = 0; v < V; ++v) hn::StoreU(s[v], d, GW + j * I + v * L);
  }
  if (dx == nullptr) return;
  const bool slope = below != Activation::Linear;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* gr = G + r * J;
    const float* xr = x + r * I;
    float* dxr = dx + r * I;
    for (std::size_t v = 0; v < V; ++v) {
      VF s = hn::Add(hn::Zero(d), hn::Mul(hn::Set(d, gr[0]), hn::LoadU(d, W + v * L)));
      for (std::size_t j = 1; j < J; ++j) {
        s = hn::Add(s, hn::Mul(hn::Set(d, gr[j]), hn::LoadU(d, W + j * I + v * L)));
      }
      if (slope) s = hn::Mul(s, slopeVector(d, below, hn::LoadU(d, xr + v * L)));
      hn::StoreU(s, d, dxr + v * L);
    }
  }
}

using BackwardRows = void (*)(const float*, const float*, const float*, float*, float*, float*,
                              std::size_t, std::size_t, std::size_t, Activation) noexcept;

template <std::size_t... Vs>
constexpr std::array<BackwardRows, sizeof...(Vs)> backwardRowsTable(std::index_sequence<Vs...>) {
  return {&backwardRowsOf<Vs + 1>...};
}

/// backwardRowsOf<V> for V = 1 … kMaxUnits / L, at [V − 1].
constexpr auto backwardRows = backwardRowsTable(std::make_index_sequence<kMaxUnits / kBlockLanes>{});

}  // namespace

float activate(Activation f, float z) noexcept {
  const hn::CappedTag<float, 1> d1;
  return hn::GetLane(activateVector(d1, f, hn::Set(d1, z)));
}

void activate(Activation f, const float* z, float* a, std::size_t n) noexcept {
  const DF d;
  const std::size_t L = hn::Lanes(d);
  std::size_t k = 0;
  for (; k + L <= n; k += L) hn::StoreU(activateVector(d, f, hn::LoadU(d, z + k)), d, a + k);
  if (k < n) {
    detail::storePartial(d, activateVector(d, f, detail::loadPartial(d, z + k, n - k, 0.0f)),
                         a + k, n - k);
  }
}

void Dense::shape(int inputs, int outputs, Activation f) {
  in = inputs;
  out = outputs;
  act = f;
  w.setZero(out, in);
  b.setZero(out);
  gw.setZero(out, in);
  gb.setZero(out);
}

void Dense::reserveRows(std::size_t rows) {
  const std::size_t n = rows * static_cast<std::size_t>(out) + kRowSlack;
  if (a.size() < n) {
    a.resize(n);
    g.resize(n);
  }
}

void Dense::initialise(detail::Rng& rng) noexcept {
  const double fan = act == Activation::Relu ? in : in + out;
  const double limit = detmath::sqrt(6.0 / fan);
  for (int j = 0; j < out; ++j) {
    for (int i = 0; i < in; ++i) w(j, i) = static_cast<float>(rng.uniform(-limit, limit));
  }
  b.setZero();
  zeroGrad();
}

void Dense::zeroGrad() noexcept {
  gw.setZero();
  gb.setZero();
}

void Dense::forward(const float* xt, float* at, std::size_t first, std::size_t rows,
                    bool keep) noexcept {
  const float* W = w.data();
  const float* B = b.data();
  switch (act) {
    case Activation::Tanh: denseBlock<Activation::Tanh>(W, B, in, out, xt, at, rows); break;
    case Activation::Relu: denseBlock<Activation::Relu>(W, B, in, out, xt, at, rows); break;
    case Activation::Sigmoid: denseBlock<Activation::Sigmoid>(W, B, in, out, xt, at, rows); break;
    case Activation::Linear: denseBlock<Activation::Linear>(W, B, in, out, xt, at, rows); break;
  }
  if (!keep) return;
  // Unit by unit: a contiguous read and a strided write of the block's rows.
  const std::size_t J = static_cast<std::size_t>(out);
  float* ab = a.data() + first * J;
  for (std::size_t j = 0; j < J; ++j) {
    const float* atj = at + j * kBlockRows;
    for (std::size_t k = 0; k < rows; ++k) ab[k * J + j] = atj[k];
  }
}

void Dense::backward(const float* x, std::size_t rows, float* dx, Activation below) noexcept {
  // Every sum runs in the order the scalar definition gives (rows ascending for gw and gb,
  // units ascending for dx), a multiply then an add; only independent elements share a
  // vector, so the bits are the same in every build and at every lane count.
  //
  // A layer's rows are a few floats wide (2, 4, 8): loops of `in` iterations would cost
  // more in loop control than in arithmetic, so each row of x, of W and of dx is handled
  // as whole vectors. Lanes past `in` read the next row's values (or the slack that
  // kRowSlack keeps after every buffer, and the unused storage of W and gw, whose fixed
  // capacity is kMaxUnits² floats: (out − 1)·in + ⌈in / L⌉·L never exceeds it), their
  // products go to padding that is never read, and a row's extra lanes written to dx or
  // gw are overwritten by the next row before anyone reads them.
  constexpr std::size_t L = kBlockLanes;
  const std::size_t I = static_cast<std::size_t>(in);
  const std::size_t V = (I + L - 1) / L;  // vectors per row of `in` floats
  backwardRows[V - 1](x, g.data(), w.data(), gw.data(), gb.data(), dx, rows, I,
                      static_cast<std::size_t>(out), below);
}

}  // namespace losslab::net
