// The machine's limit for a loss: the plain C loop a person would write for it, one pass
// over the data (read x and y, write the gradient, accumulate), compiled for this very CPU
// (-O3 -march=native -ffast-math, set in CMakeLists.txt) and timed the same way as LossLab.
// bench/run.mjs prints LossLab SIMD's time as a fraction of this ("0.93 of the limit").
// Float sums with reassociation: what the compiler vectorises best, not what LossLab does
// (it sums blocks in double for accuracy), so the limit is, if anything, generous.
#include "limit.hpp"

#include <cmath>
#include <cstring>

namespace limit {
namespace {

float mse(const float* x, const float* y, std::size_t n, float* g) {
  float s = 0.0f;
  const float k = 2.0f / static_cast<float>(n);
  if (g) {
    for (std::size_t i = 0; i < n; ++i) {
      const float d = x[i] - y[i];
      s += d * d;
      g[i] = k * d;
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const float d = x[i] - y[i];
      s += d * d;
    }
  }
  return s / static_cast<float>(n);
}

float mae(const float* x, const float* y, std::size_t n, float* g) {
  float s = 0.0f;
  const float k = 1.0f / static_cast<float>(n);
  if (g) {
    for (std::size_t i = 0; i < n; ++i) {
      const float d = x[i] - y[i];
      s += std::fabs(d);
      g[i] = d > 0.0f ? k : (d < 0.0f ? -k : 0.0f);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) s += std::fabs(x[i] - y[i]);
  }
  return s / static_cast<float>(n);
}

float huber(const float* x, const float* y, std::size_t n, float* g) {  // δ = 1
  float s = 0.0f;
  const float k = 1.0f / static_cast<float>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float d = x[i] - y[i];
    const float a = std::fabs(d);
    s += a < 1.0f ? 0.5f * d * d : a - 0.5f;
    if (g) g[i] = k * std::fmin(std::fmax(d, -1.0f), 1.0f);
  }
  return s / static_cast<float>(n);
}

float bceWithLogits(const float* x, const float* y, std::size_t n, float* g) {
  float s = 0.0f;
  const float k = 1.0f / static_cast<float>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float e = std::exp(-std::fabs(x[i]));
    s += std::fmax(x[i], 0.0f) - x[i] * y[i] + std::log1p(e);
    if (g) {
      const float sig = x[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
      g[i] = k * (sig - y[i]);
    }
  }
  return s / static_cast<float>(n);
}

}  // namespace

Kernel find(const char* id) {
  if (std::strcmp(id, "mse") == 0) return mse;
  if (std::strcmp(id, "mae") == 0) return mae;
  if (std::strcmp(id, "huber") == 0) return huber;
  if (std::strcmp(id, "bce_with_logits") == 0) return bceWithLogits;
  return nullptr;
}

}  // namespace limit
