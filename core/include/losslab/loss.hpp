// LossLab — computing a loss: value, per-sample terms and analytic gradient in one call.
#pragma once

#include <cstddef>
#include <cstdint>
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
///    and `negative` the same shape; `target` is unused;
///  - pair losses (`cosine_embedding`, `margin_ranking`; Layout::Pair): `input` holds x1
///    (`[n / cols, cols]` rows, cols = D, for cosine_embedding; `n` values for
///    margin_ranking), `other` x2 of the same shape (other_n = n), `label` one −1 or +1 per
///    pair (label_n = pairs: rows, or n); `target` is unused.
///  - `ctc` (a sequence loss): `input` is `[time, N, cols]` log-probabilities (T = time steps,
///    C = cols classes; sample b's step t is the row at (t·N + b)·C), N = n / (time·cols);
///    `target` is unused; the sequences are in the fields below.
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
  // Pair losses: the second input (differentiable: grad_other) and the ±1 labels.
  const float* other = nullptr;
  std::size_t other_n = 0;
  const float* label = nullptr;
  std::size_t label_n = 0;
  // ---- ctc (Layout::Sequence) ----
  /// The target sequences, class indices in [0, C) other than the blank: concatenated
  /// (labels_n = Σ target_lengths), or padded `[N, S]` (labels_n = N·S, each row's first
  /// target_lengths[b] labels used, the rest ignored). PyTorch's CTCLoss takes both.
  const std::int32_t* labels = nullptr;
  std::size_t labels_n = 0;
  /// Per sample b: the time steps of its input that count, 0 ≤ input_lengths[b] ≤ time.
  const std::int32_t* input_lengths = nullptr;
  std::size_t input_lengths_n = 0;
  /// Per sample b: the length of its target sequence, ≥ 0.
  const std::int32_t* target_lengths = nullptr;
  std::size_t target_lengths_n = 0;
  /// T, the time steps of `input` (0 for every other loss).
  std::size_t time = 0;
};

/// Where results go. Every pointer may be null; non-null ones must hold:
///  - `values`: one term per element (per row for multi-class and triplet losses, per
///    sample for ctc), written
///    only for `Reduction::None`;
///  - `grad`: `n` floats, d(value)/d(input) of the reduced value (for `None`, of the sum);
///  - `grad_positive`, `grad_negative`: `n` floats each, for `triplet_margin`;
///  - `grad_other`: `n` floats, d(value)/d(other), for the pair losses.
struct LossOutput {
  float* values = nullptr;
  float* grad = nullptr;
  float* grad_positive = nullptr;
  float* grad_negative = nullptr;
  float* grad_other = nullptr;  // pair losses
  double value = 0.0;       // the reduced value (for None: the sum of the terms)
  std::size_t terms = 0;    // how many terms `values` holds (elements or rows)
  /// Set by a caller whose outputs are scratch, or who accepts partly written outputs after
  /// an error: the data checks that only finiteness needs may then ride along with the
  /// kernel's own pass instead of a pass of their own before it (value and gradient in one
  /// read of the data). The status and its message are the same either way.
  bool outputs_may_be_written_on_failure = false;
};

/// Computes loss `id` (a catalogue id such as "huber"; docs/losses.md lists them all).
///
/// Takes: `in` (shapes above), `options` (start from `defaultOptions(id)`; a loss reads
/// only the fields of its catalogue entry), `out` (the outputs wanted).
/// Returns OK and fills `out.value`, `out.terms` and every non-null output pointer; or a
/// `Status` whose message names the loss, the argument and, for values, the first offending
/// index, e.g. "bce: input[0] = 1.2 is outside [0, 1]; bce takes probabilities":
///  - UNKNOWN_LOSS: `id` is not in the catalogue (the message lists the known ids);
///  - EMPTY_INPUT: `in.input` is null or `in.n` is 0;
///  - SHAPE_MISMATCH: `target_n` (or `positive_n`, `negative_n`, `other_n`, `label_n`) does
///    not fit `n`; `cols` is 0 for a multi-class, triplet or cosine_embedding loss, or does
///    not divide `n`;
///  - BAD_OPTION: a field out of its range ("option 'delta' = 0 must be > 0"), a per-class
///    vector of the wrong length, a reduction the loss does not take (`rmse`: mean only),
///    `custom` without `expr`;
///  - NOT_FINITE: a NaN or infinity in `input`, `target`, `positive`, `negative`, `other` or
///    `label` (messages name the last two `target.other`, `target.label`, as the JS does);
///  - OUT_OF_DOMAIN: a value outside what the loss takes (probabilities outside [0, 1],
///    `msle` values ≤ −1);
///  - BAD_LABEL: a label that is not one (0/1, ±1, a class index in [0, C); a pair's
///    `label` must be exactly −1 or +1);
///  - INTERNAL: out of memory, or a bug in LossLab.
/// Validates everything before writing anything: on failure `out` is untouched (unless
/// `out.outputs_may_be_written_on_failure`: then `values` and `grad` may hold partial
/// results after an error). Never throws. Thread-safe: no global state (concurrent calls need their own outputs).
Status compute(std::string_view id, const LossInput& in, const LossOptions& options,
               LossOutput& out) noexcept;

/// `LossOptions` holding loss `id`'s defaults (the catalogue's, e.g. `p` = 1 for
/// `multi_margin`, 2 for `triplet_margin`), reduction `Mean`. For an unknown id: a
/// default-constructed `LossOptions` (`compute` then reports UNKNOWN_LOSS). Never fails.
LossOptions defaultOptions(std::string_view id) noexcept;

/// How many terms `Reduction::None` writes to `out.values` for this input: `in.n` for
/// element-wise losses (and for an unknown id or `cols` = 0), `in.n / in.cols` rows for
/// multi-class, triplet and cosine_embedding losses (n for margin_ranking's pairs of
/// numbers), N = n / (time·cols) samples for ctc. Size `values` with it. Never fails.
std::size_t termCount(std::string_view id, const LossInput& in) noexcept;

}  // namespace losslab
