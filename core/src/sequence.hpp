// Sequence losses (ctc): the checks of a [T, N, C] input and its label sequences, which
// compute.cpp runs for Layout::Sequence / TargetKind::LabelSequences, and the one reading of
// the labels' layout (concatenated or padded) that the checks and the kernel share.
#pragma once

#include <cstddef>

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"

namespace losslab::detail {

/// N, the samples of a sequence input (n / (time·cols); 0 when either is 0).
inline std::size_t sequenceSamples(const LossInput& in) noexcept {
  return in.time == 0 || in.cols == 0 || in.cols > in.n / in.time ? 0 : in.n / (in.time * in.cols);
}

/// Where sample b's labels start in `in.labels`: padded [N, S] rows (labels_n ≠ Σ target
/// lengths) start at b·S; concatenated ones after the lengths before b. `stride` is S, or 0
/// for concatenated labels (labelStride). Requires checked input.
struct LabelLayout {
  std::size_t stride = 0;  // S for padded [N, S] labels, 0 for concatenated
  std::size_t next = 0;    // concatenated: where the next sample's labels start
  std::size_t start(const LossInput& in, std::size_t b) noexcept {
    if (stride != 0) return b * stride;
    const std::size_t at = next;
    next += static_cast<std::size_t>(in.target_lengths[b]);
    return at;
  }
};

/// The labels' layout: concatenated when labels_n = Σ target_lengths (PyTorch's 1-D
/// targets), else padded rows of S = labels_n / N (its 2-D targets). Requires checked input.
LabelLayout labelLayout(const LossInput& in) noexcept;

/// SHAPE_MISMATCH unless `in` is a [time, N, cols] input with N input and target lengths,
/// each input length in [0, time], each target length ≥ 0, and labels that fit the target
/// lengths (concatenated or padded [N, S] with S ≥ every target length). Messages name
/// `target.inputLengths[b]`, `target.targetLengths[b]`, `target.labels`.
Status checkSequenceShape(const LossSpec& spec, const LossInput& in);

/// BAD_LABEL for the first used label outside [0, C) or equal to `blank` (naming
/// `<what>.labels[i]`), BAD_OPTION for a blank outside [0, C).
Status checkLabelSequences(const LossSpec& spec, const LossInput& in, const LossOptions& opt,
                           const char* what);

}  // namespace losslab::detail
