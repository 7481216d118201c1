// LossLab — loss options: one plain struct for every loss, filled from the catalogue's
// defaults (`defaultOptions`) and checked against its ranges once, at the entry.
#pragma once

#include <cstddef>
#include <string>

namespace losslab {

enum class Reduction : int { Mean = 0, Sum = 1, None = 2 };

/// "mean", "sum" or "none" (the JS `reduction` values); "?" for a value outside the enum.
const char* reductionName(Reduction r) noexcept;

/// A read-only view of caller-owned floats (per-class weights and the like).
struct FloatSpan {
  const float* data = nullptr;
  std::size_t size = 0;
  bool empty() const noexcept { return size == 0; }
  float operator[](std::size_t i) const noexcept { return data[i]; }
};

class Expression;  // expression.hpp: a compiled element-wise expression

/// Every option any loss takes. A loss reads only the fields its catalogue entry lists;
/// `defaultOptions(id)` sets those fields to that loss's defaults (e.g. `p` is 1 for
/// `multi_margin`, 2 for `triplet_margin`).
struct LossOptions {
  Reduction reduction = Reduction::Mean;

  double delta = 1.0;            // huber, pseudo_huber: δ > 0
  double beta = 1.0;             // smooth_l1: β ≥ 0
  double alpha = 0.25;           // binary_focal: α in [0, 1], < 0 disables
  double gamma = 2.0;            // focal losses: γ ≥ 0
  double margin = 1.0;           // multi_margin, triplet_margin
  double p = 2.0;                // multi_margin (1|2), triplet_margin (norm degree)
  double eps = 1e-6;             // triplet_margin, poisson_nll (1e-8), gaussian_nll (1e-6)
  double q = 0.5;                // quantile: the quantile level, in (0, 1)
  double label_smoothing = 0.0;  // cross-entropies and binary_focal: [0, 1]
  bool from_logits = true;       // focal losses (default true), categorical CE (false)
  bool swap = false;             // triplet_margin
  bool log_input = true;         // poisson_nll: the input is log-rates (true) or rates (false)
  bool full = false;             // poisson_nll (Stirling term), gaussian_nll (½·log 2π)
  int ignore_index = -100;       // cross_entropy, nll
  int blank = 0;                 // ctc: the blank class, in [0, C)
  bool zero_infinity = false;    // ctc: impossible alignments (+∞) count 0

  FloatSpan weight;       // per element (bce) or per class
  FloatSpan pos_weight;   // bce_with_logits: one value (broadcast) or per class
  FloatSpan class_alpha;  // focal: α per class (empty: 1 for every class)
  /// Every loss: one weight ≥ 0 per term (per element for element-wise losses, per row for
  /// row losses), or one for all; 'none' gives w·l, 'sum' Σ w·l, 'mean' Σ w·l / N (Keras's
  /// sample_weight with sum_over_batch_size). Applied by `compute`, never by a kernel.
  FloatSpan sample_weight;

  const Expression* expr = nullptr;  // custom: compiled with `compileExpression`
};

}  // namespace losslab
