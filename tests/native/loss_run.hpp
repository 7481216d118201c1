// Shared by the loss example tests (test_foundation.cpp, test_losses_examples.cpp): one
// compute() call with every output (value, per-term values, gradients) kept, unset ones NaN.
#pragma once

#include <cmath>
#include <vector>

#include "losslab/losslab.hpp"

namespace loss_test {

using namespace losslab;

struct Run {
  Status status;
  LossOutput out;
  std::vector<float> grad, gradPositive, gradNegative, values;
};

inline Run run(const char* id, const std::vector<float>& x, const std::vector<float>& y,
               std::size_t cols, const LossOptions& opt) {
  Run r;
  r.grad.assign(x.size(), NAN);
  r.values.assign(x.size(), NAN);
  const LossInput in{x.data(), x.size(), cols, y.data(), y.size()};
  r.out.grad = r.grad.data();
  r.out.values = r.values.data();
  r.status = compute(id, in, opt, r.out);
  return r;
}

/// With loss `id`'s catalogue defaults (e.g. p = 1 for multi_margin).
inline Run run(const char* id, const std::vector<float>& x, const std::vector<float>& y,
               std::size_t cols = 0) {
  return run(id, x, y, cols, defaultOptions(id));
}

}  // namespace loss_test
