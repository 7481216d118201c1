// LossLab network — optimizers and penalties. Plain element loops, not Eigen array
// expressions: Eigen's vectorised sqrt (EIGEN_FAST_MATH, on by default) is an rsqrt
// approximation on x86, which would make Adam differ between native and wasm builds.
#include "network/optimizer.hpp"

#include <cmath>

namespace losslab::net {
namespace {

/// β^t for the bias corrections, by repeated multiplication in double (no libm pow).
double powInt(double base, long long t) noexcept {
  double result = 1.0;
  double x = base;
  while (t > 0) {
    if (t & 1) result *= x;
    x *= x;
    t >>= 1;
  }
  return result;
}

void update(float* __restrict theta, const float* __restrict g, float* __restrict m,
            float* __restrict v, Eigen::Index n, const StepSettings& s, float bias1,
            float bias2) noexcept {
  const float lr = s.learning_rate;
  switch (s.kind) {
    case Optimizer::Sgd:
      for (Eigen::Index k = 0; k < n; ++k) theta[k] -= lr * g[k];
      break;
    case Optimizer::Momentum:
      for (Eigen::Index k = 0; k < n; ++k) {
        m[k] = kMomentum * m[k] + g[k];
        theta[k] -= lr * m[k];
      }
      break;
    case Optimizer::Adam:
      for (Eigen::Index k = 0; k < n; ++k) {
        m[k] = kAdamBeta1 * m[k] + (1.0f - kAdamBeta1) * g[k];
        v[k] = kAdamBeta2 * v[k] + (1.0f - kAdamBeta2) * (g[k] * g[k]);
        const float mHat = m[k] / bias1;
        const float vHat = v[k] / bias2;
        theta[k] -= lr * mHat / (std::sqrt(vHat) + kAdamEpsilon);
      }
      break;
  }
}

}  // namespace

void Slots::shape(const Dense& layer) {
  mw.setZero(layer.out, layer.in);
  vw.setZero(layer.out, layer.in);
  mb.setZero(layer.out);
  vb.setZero(layer.out);
}

void Slots::zero() noexcept {
  mw.setZero();
  vw.setZero();
  mb.setZero();
  vb.setZero();
}

void addPenaltyGradient(Dense& layer, float l1, float l2) noexcept {
  if (l1 == 0.0f && l2 == 0.0f) return;
  float* g = layer.gw.data();
  const float* w = layer.w.data();
  for (Eigen::Index k = 0; k < layer.w.size(); ++k) {
    const float sign = w[k] > 0.0f ? 1.0f : (w[k] < 0.0f ? -1.0f : 0.0f);
    g[k] += l1 * sign + (2.0f * l2) * w[k];
  }
}

double penalty(const Dense& layer, double l1, double l2) noexcept {
  double s1 = 0.0, s2 = 0.0;
  const float* w = layer.w.data();
  for (Eigen::Index k = 0; k < layer.w.size(); ++k) {
    s1 += std::fabs(static_cast<double>(w[k]));
    s2 += static_cast<double>(w[k]) * w[k];
  }
  return l1 * s1 + l2 * s2;
}

void step(Dense& layer, Slots& slots, const StepSettings& s) noexcept {
  // Adam's 1 − βᵗ with β as the decimal PyTorch uses (0.9, 0.999), in double.
  const bool adam = s.kind == Optimizer::Adam;
  const float bias1 = adam ? static_cast<float>(1.0 - powInt(0.9, s.t)) : 1.0f;
  const float bias2 = adam ? static_cast<float>(1.0 - powInt(0.999, s.t)) : 1.0f;
  update(layer.w.data(), layer.gw.data(), slots.mw.data(), slots.vw.data(), layer.w.size(), s,
         bias1, bias2);
  update(layer.b.data(), layer.gb.data(), slots.mb.data(), slots.vb.data(), layer.b.size(), s,
         bias1, bias2);
}

}  // namespace losslab::net
