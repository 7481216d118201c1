// Row logic shared by the multi-class losses ([N, C] rows, C = in.cols): log-sum-exp,
// per-class option lookups, the probability-input checks, and the catalogue entries
// defined in multiclass_keras.cpp (listed in display order by multiclass.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include "common.hpp"

namespace losslab::detail {

/// A row's softmax kept as its maximum m and the shifted sum s = Σ_c exp(x_c − m) (in double)
/// rather than as m + log s: beside a maximum near FLT_MAX, log s (≤ log C) is below the
/// ulp of m, and x_c − (m + log s) would make every maximum's probability 1.
struct ShiftedSoftmax {
  float m;
  double s, logS;
  /// log p_c = (x_c − m) − log s: exact in its low bits when p_c is close to 1.
  double logP(float xc) const noexcept { return (static_cast<double>(xc) - m) - logS; }
  double p(float xc) const noexcept { return std::exp(static_cast<double>(xc) - m) / s; }
};

inline ShiftedSoftmax shiftedSoftmax(const float* x, std::size_t c) noexcept {
  float m = x[0];
  for (std::size_t k = 1; k < c; ++k) m = std::max(m, x[k]);
  double s = 0.0;
  for (std::size_t k = 0; k < c; ++k) s += std::exp(static_cast<double>(x[k]) - m);
  return {m, s, std::log(s)};
}

/// A per-class value (weight, alpha): 1 when the option is absent; one value given (focal's
/// scalar alpha, as Keras takes it) stands for every class.
inline double classValue(const FloatSpan& v, std::size_t c) noexcept {
  if (v.empty()) return 1.0;
  return static_cast<double>(v.size == 1 ? v[0] : v[c]);
}

/// The row's class index (a validated target that is not `ignore_index`).
inline std::size_t classOf(const LossInput& in, std::size_t row) noexcept {
  return static_cast<std::size_t>(in.target[row]);
}

/// Every input in [0, 1] — for losses whose input is probabilities only under an option.
inline Status checkProbabilityInput(std::string_view id, const LossInput& in, const char* why) {
  return checkInputUnitInterval(id, in, std::string(id) + " " + why);
}

/// Rows that can be renormalised: every entry ≥ 0 and every row summing to more than 0.
Status checkRenormalisableRows(std::string_view id, const LossInput& in, const LossOptions&);

/// Softmax cross-entropy of logit rows (cross_entropy without weight or ignore_index), for
/// the Keras losses' from_logits: index targets (length N) or, with `probabilityRows`,
/// probability rows [N, C] (said by the loss: with C = 1 both have N values), mixed with the
/// uniform distribution by `labelSmoothing`.
Status softmaxCrossEntropy(const LossInput& in, Reduction reduction, double labelSmoothing,
                           bool probabilityRows, LossOutput& out) noexcept;

LossSpec categoricalCrossEntropySpec();
LossSpec sparseCategoricalCrossEntropySpec();
LossSpec klDivSpec();

}  // namespace losslab::detail
