// LossLab network — optimizers and the l1/l2 penalties.
#pragma once

#include <cstddef>

#include "losslab/network.hpp"
#include "network/layer.hpp"

namespace losslab::net {

/// Per-layer optimizer state: momentum velocity (in m) or Adam's two moments.
struct Slots {
  ParamMatrix mw, vw;
  ParamVector mb, vb;
  void shape(const Dense& layer);
  void zero() noexcept;
};

/// Hyper-parameters of one step. `t` counts steps from 1 (Adam's bias correction).
struct StepSettings {
  Optimizer kind = Optimizer::Adam;
  float learning_rate = 0.03f;
  float l1 = 0.0f;
  float l2 = 0.0f;
  long long t = 1;
};

/// Adds the penalties' gradient to the weights' (biases are not penalised):
///   penalty = l1·Σ|w| + l2·Σw²,  ∂/∂w = l1·sign(w) + 2·l2·w   (sign(0) = 0)
void addPenaltyGradient(Dense& layer, float l1, float l2) noexcept;
/// l1·Σ|w| + l2·Σw² over the layer's weights.
double penalty(const Dense& layer, double l1, double l2) noexcept;

/// One update of every parameter of `layer` from its gradient (gw, gb):
///   sgd:      θ ← θ − η·g
///   momentum: v ← 0.9·v + g;  θ ← θ − η·v                        (PyTorch SGD, momentum 0.9)
///   adam:     m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;
///             θ ← θ − η·(m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)  (PyTorch Adam: 0.9, 0.999, 1e-8)
void step(Dense& layer, Slots& slots, const StepSettings& s) noexcept;

}  // namespace losslab::net
