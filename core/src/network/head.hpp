// LossLab network — the output head: what the loss reads, derived from its family, with
// the head's Jacobian applied in the backward pass, and what `predict` shows a person.
#pragma once

#include <cstddef>
#include <string>

#include "losslab/catalogue.hpp"
#include "losslab/network.hpp"

namespace losslab::net {

/// The function between the last layer's linear outputs z and the loss's input o: the
/// catalogue's `outputHead` of the loss.
using HeadKind = OutputHead;

/// What the loss's target is built from y.
enum class TargetForm {
  Values,        // y as given (K per sample)
  Labels,        // 0/1 labels (probabilities in [0, 1] where the loss takes them)
  Signs,         // −1/+1 from 0/1 labels (hinge losses)
  ClassIndices,  // one class index per sample
  OneHot,        // [N, C] rows built from class indices
  RowValues,     // one value per sample for a row of `units` outputs (gaussian_nll's mean
                 // and variance against y)
  Triplets,      // anchors, positives and negatives sampled from class labels
};

/// How predict turns o into what a person expects.
enum class Readout {
  Values,          // o itself (regression, embeddings)
  Probability,     // o is already P(class 1) or class probabilities
  SigmoidOf,       // σ(o): logits and hinge scores
  SoftmaxOf,       // softmax(o): raw class scores
  ExpOf,           // exp(o): log-probabilities
};

inline constexpr float kAboveMinusOne = -1.0f + 1e-6f;

struct Head {
  HeadKind kind = HeadKind::Linear;
  TargetForm target = TargetForm::Values;
  Readout readout = Readout::Values;
  Task task = Task::Regression;
  int units = 1;
  bool soft_labels = false;  // binary targets may be any probability in [0, 1]

  /// o = head(z) for `rows` rows of `units`.
  void forward(const float* z, float* o, std::size_t rows) const noexcept;
  /// ∂L/∂z from ∂L/∂o (the catalogue's gradient), through the head's Jacobian:
  ///   linear: ∂L/∂z = ∂L/∂o;  above −1: ∂L/∂o where z > −1 + 1e-6, else 0;
  ///   sigmoid: ∂L/∂o · o(1 − o);  softmax: o ⊙ (∂L/∂o − Σ_k o_k ∂L/∂o_k);
  ///   log-softmax: ∂L/∂o − softmax(z)·Σ_k ∂L/∂o_k;  exp: ∂L/∂o · o;
  ///   mean-variance: (∂L/∂o₀, ∂L/∂o₁ · σ(z₁)).
  void backward(const float* z, const float* o, const float* go, float* gz,
                std::size_t rows) const noexcept;
  /// predict's floats for `rows` rows of o (predictionSize() = units of them per row).
  /// Per-class sigmoids for multi-label heads, softmax for multi-class ones.
  void read(const float* o, float* p, std::size_t rows) const noexcept;
  std::size_t predictionSize() const noexcept {
    return task == Task::Classification && units == 1 ? 1 : static_cast<std::size_t>(units);
  }
};

/// The head for loss `spec` with options `opt` on a last layer of `units` units, read from
/// the catalogue (its family, input kind and target kind); BAD_OPTION when the sizes do not
/// fit the family (binary losses need 1 unit, multi-class ≥ 2).
Status chooseHead(const LossSpec& spec, const LossOptions& opt, int units, Head& out);

}  // namespace losslab::net
