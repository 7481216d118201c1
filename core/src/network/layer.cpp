// LossLab network — the dense layer: forward and backward, side by side.
#include "network/layer.hpp"

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
  const std::size_t n = rows * static_cast<std::size_t>(out);
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
  for (std::size_t k = 0; k < rows; ++k) {
    float* ar = a.data() + (first + k) * out;
    for (int j = 0; j < out; ++j) ar[j] = at[j * kBlockRows + k];
  }
}

void Dense::backward(const float* x, std::size_t rows, float* dx) noexcept {
  // Every sum runs in the order the scalar definition gives (rows ascending for gw and gb,
  // units ascending for dx); only independent elements are reordered, so the bits are the
  // same in every build. __restrict spares the compiler its aliasing checks, which cost
  // more than the arithmetic on layers this small.
  float* __restrict GW = gw.data();
  float* __restrict GB = gb.data();
  float* __restrict G = g.data();
  const float* __restrict A = a.data();
  const float* __restrict W = w.data();
  const std::size_t n = rows * static_cast<std::size_t>(out);
  // ∂L/∂z = ∂L/∂a · f'(z)
  for (std::size_t k = 0; k < n; ++k) G[k] *= activationSlope(act, A[k]);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* __restrict xr = x + r * in;
    const float* __restrict gr = G + r * out;
    for (int j = 0; j < out; ++j) {
      const float gz = gr[j];
      GB[j] += gz;
      float* __restrict gwj = GW + j * in;
      for (int i = 0; i < in; ++i) gwj[i] += gz * xr[i];
    }
  }
  if (dx == nullptr) return;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* __restrict gr = G + r * out;
    float* __restrict dxr = dx + r * in;
    // the sum starts from 0 (0 + p, not p: the sign of a zero product as in the scalar
    // loop), written with the first term so that no memset call starts each row
    for (int i = 0; i < in; ++i) dxr[i] = 0.0f + gr[0] * W[i];
    for (int j = 1; j < out; ++j) {
      const float* __restrict wj = W + j * in;
      for (int i = 0; i < in; ++i) dxr[i] += gr[j] * wj[i];
    }
  }
}

}  // namespace losslab::net
