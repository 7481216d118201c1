// LossLab — computing a loss: value, per-sample terms and analytic gradient in one call.
#pragma once

#include <cstddef>
#include <string_view>

#include "losslab/options.hpp"
#include "losslab/status.hpp"

namespace losslab {

/// What the model produced and what it should have produced. Memory is the caller's.
///  - element-wise losses: `input` and `target` both hold `n` values, `cols` is 0 or 1;
///  - multi-class losses: `input` is `[n / cols, cols]` row-major (cols = C); `target`
///    holds one class index per row (as floats: 0, 1, 2, …) or, where the loss accepts
///    them, `[rows, C]` probabilities;
///  - `triplet_margin`: `input` holds anchors `[n / cols, cols]` (cols = D), `positive`
///    and `negative` the same shape; `target` is unused.
struct LossInput {
  const float* input = nullptr;
  std::size_t n = 0;
  std::size_t cols = 0;
  const float* target = nullptr;
  std::size_t target_n = 0;
  const float* positive = nullptr;
  std::size_t positive_n = 0;
  const float* negative = nullptr;
  std::size_t negative_n = 0;
};

/// Where results go. Every pointer may be null; non-null ones must hold:
///  - `values`: one term per element (per row for multi-class and triplet losses), written
///    only for `Reduction::None`;
///  - `grad`: `n` floats, d(value)/d(input) of the reduced value (for `None`, of the sum);
///  - `grad_positive`, `grad_negative`: `n` floats each, for `triplet_margin`.
struct LossOutput {
  float* values = nullptr;
  float* grad = nullptr;
  float* grad_positive = nullptr;
  float* grad_negative = nullptr;
  double value = 0.0;       // the reduced value (for None: the sum of the terms)
  std::size_t terms = 0;    // how many terms `values` holds (elements or rows)
};

/// Computes loss `id` (a catalogue id such as "huber"). Validates everything first —
/// shapes, finiteness, domains, labels, option ranges — and writes nothing on failure.
/// Never throws.
Status compute(std::string_view id, const LossInput& in, const LossOptions& options,
               LossOutput& out) noexcept;

/// `LossOptions` holding loss `id`'s defaults (the catalogue's); mean reduction.
LossOptions defaultOptions(std::string_view id) noexcept;

/// How many terms `Reduction::None` produces for this input: elements, or rows.
std::size_t termCount(std::string_view id, const LossInput& in) noexcept;

}  // namespace losslab
