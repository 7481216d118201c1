// LossLab network — a fully connected layer and the hidden-layer activations. Each
// operation's forward pass and backward pass sit side by side (micrograd style).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "losslab/network.hpp"
#include "simd/elementwise.hpp"
#include "support/random.hpp"

namespace losslab::net {

/// Rows per forward block on every target: 2 AVX2 vectors or 4 WASM / EMU128 ones, whose
/// independent sums hide the add latency and share each weight's broadcast (more rows
/// would only waste lanes on training's small batches).
inline constexpr std::size_t kBlockRows = 16;
inline constexpr std::size_t kBlockLanes = hn::MaxLanes(detail::DF());
inline constexpr std::size_t kBlockVectors = kBlockRows / kBlockLanes;
static_assert(kBlockRows % kBlockLanes == 0, "a block is whole vectors");
/// Floats of slack after the rows of every buffer that Dense::backward reads or writes as
/// whole vectors (a, g and the network's batch inputs): a row's last vector may reach past
/// the last row by up to a vector's lanes.
inline constexpr std::size_t kRowSlack = kBlockLanes;
static_assert(kMaxUnits % kBlockLanes == 0, "padded gradient rows are whole vectors");

/// Parameters live in Eigen matrices with fixed maximum sizes: no heap allocation, and a
/// 16 × 16 layer is 1 KB. Row-major [out, in], so a unit's weights are contiguous.
using ParamMatrix =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor, kMaxUnits, kMaxUnits>;
using ParamVector = Eigen::Matrix<float, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxUnits, 1>;

/// Hidden-layer nonlinearity a = f(z), with its slope written from the output a:
///   tanh:    a = tanh z            da/dz = 1 − a²
///   relu:    a = max(0, z)         da/dz = [a > 0]   (0 at z = 0, as PyTorch)
///   sigmoid: a = 1 / (1 + e^{−z})  da/dz = a·(1 − a)
///   linear:  a = z                 da/dz = 1
/// tanh and σ are float approximations (simd/activation.hpp, within 7 and 3 ulp) that give
/// the same bits in every build, in vector lanes and one at a time.
float activate(Activation f, float z) noexcept;
/// a_k = f(z_k) for k < n: whole vectors, then one partial vector (a may equal z).
void activate(Activation f, const float* z, float* a, std::size_t n) noexcept;
inline float activationSlope(Activation f, float a) noexcept {
  switch (f) {
    case Activation::Tanh: return 1.0f - a * a;
    case Activation::Relu: return a > 0.0f ? 1.0f : 0.0f;
    case Activation::Sigmoid: return a * (1.0f - a);
    case Activation::Linear: return 1.0f;
  }
  return 1.0f;
}

/// a = f(x·Wᵀ + b) over a batch of rows. Keeps its outputs for the backward pass.
struct Dense {
  int in = 0;
  int out = 0;
  Activation act = Activation::Linear;
  ParamMatrix w;   // [out, in]
  ParamVector b;   // [out]
  ParamMatrix gw;  // ∂L/∂W, summed over the batch
  ParamVector gb;  // ∂L/∂b
  std::vector<float> a;  // [rows, out]: outputs of the last forward pass
  std::vector<float> g;  // [rows, out]: ∂L/∂z (from the layer above's backward; the head's
                         // ∂L/∂a for the last layer, which is linear)

  void shape(int inputs, int outputs, Activation f);
  /// Room for `rows` rows in `a` and `g` (allocates only when growing).
  void reserveRows(std::size_t rows);
  /// Glorot-uniform weights, U(±√(6/(in + out))) — He-uniform U(±√(6/in)) for relu —
  /// and zero biases (Keras' defaults), drawn row by row from `rng`.
  void initialise(detail::Rng& rng) noexcept;

  /// One block of kBlockRows rows, transposed so that each lane is one row: `xt` holds
  /// input i of the block's rows at xt[i·kBlockRows …], `at` receives output j's at
  /// at[j·kBlockRows …]. z_rj = b_j + Σ_i x_ri·W_ji (i ascending, a multiply then an add:
  /// every lane runs the scalar sequence, so the bits do not depend on the lane count),
  /// a = f(z) for the block's first `rows` rows (0 past them, at a vector's
  /// granularity); those rows (rows `first` …) are also stored to `a` when `keep` is set.
  void forward(const float* xt, float* at, std::size_t first, std::size_t rows,
               bool keep) noexcept;
  /// From ∂L/∂z in `g`: gw = ∂L/∂zᵀ·x, gb = Σ_r ∂L/∂z_r (summed from 0, rows ascending);
  /// unless `dx` is null, ∂L/∂x = ∂L/∂z·W times the slope of the layer below (`below`,
  /// whose outputs x are: f'(x), see activationSlope) into `dx` ([rows, in]): that layer's
  /// ∂L/∂z, ready for its own backward. `x`, `g` and `dx` need kRowSlack floats after their
  /// rows.
  void backward(const float* x, std::size_t rows, float* dx, Activation below) noexcept;

  void zeroGrad() noexcept;
  std::size_t parameterCount() const noexcept {
    return static_cast<std::size_t>(out) * static_cast<std::size_t>(in + 1);
  }
};

}  // namespace losslab::net
