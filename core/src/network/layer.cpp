// LossLab network — the dense layer: forward and backward, side by side.
#include "network/layer.hpp"

namespace losslab::net {

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

void Dense::forward(const float* x, std::size_t rows) noexcept {
  const float* W = w.data();
  const float* B = b.data();
  for (std::size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * in;
    float* ar = a.data() + r * out;
    for (int j = 0; j < out; ++j) {
      const float* wj = W + j * in;
      float z = B[j];
      for (int i = 0; i < in; ++i) z += xr[i] * wj[i];
      ar[j] = activate(act, z);
    }
  }
}

void Dense::backward(const float* x, std::size_t rows, float* dx) noexcept {
  float* GW = gw.data();
  float* GB = gb.data();
  const float* W = w.data();
  for (std::size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * in;
    const float* ar = a.data() + r * out;
    float* gr = g.data() + r * out;
    for (int j = 0; j < out; ++j) {
      gr[j] *= activationSlope(act, ar[j]);  // ∂L/∂z = ∂L/∂a · f'(z)
      const float gz = gr[j];
      GB[j] += gz;
      float* gwj = GW + j * in;
      for (int i = 0; i < in; ++i) gwj[i] += gz * xr[i];
    }
    if (dx != nullptr) {
      float* dxr = dx + r * in;
      for (int i = 0; i < in; ++i) {
        float s = 0.0f;
        for (int j = 0; j < out; ++j) s += gr[j] * W[j * in + i];
        dxr[i] = s;
      }
    }
  }
}

}  // namespace losslab::net
