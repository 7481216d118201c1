// Per-sample weights for every loss at once (the `sample_weight` option the catalogue adds
// to each entry): compute() runs the loss's own kernel for its 'none' terms and the gradient
// of their sum, then weighs and reduces here. No kernel knows about sample weights (rmse, a
// root of the weighted mean, is the one that does: LossSpec::weighs_samples).
#pragma once

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"

namespace losslab::detail {

/// Loss `spec` on validated `in` with `opt.sample_weight` = w (one per term, or one for all):
///   'none'  values_i = w_i·l_i;   'sum'  Σ w_i·l_i;   'mean'  Σ w_i·l_i / N  (N terms:
///   Keras's sum_over_batch_size, whatever a loss's own 'mean' divides by);
///   gradients  w_i·∂l_i/∂x for the inputs of term i (÷ N for 'mean'), in every gradient
///   output (grad, grad_positive, grad_negative, grad_other).
/// A term of weight 0 does not count: its value and gradient are 0 even where l_i is
/// infinite. Term i owns the gradient elements [i·n/N, (i + 1)·n/N) of each output shaped
/// like the input (elements, rows, triplet rows, pairs); for a [T, N, C] sequence (ctc)
/// sample b owns the rows (t·N + b)·C of every time step t. Never throws (INTERNAL when out of
/// memory).
Status runSampleWeighted(const LossSpec& spec, const LossInput& in, const LossOptions& opt,
                         LossOutput& out) noexcept;

}  // namespace losslab::detail
