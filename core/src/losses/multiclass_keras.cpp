// Multi-class losses on probability rows, with Keras's semantics: the input is clipped to
// [ε, 1 − ε] (or [ε, 1]), ε = 1e-7, and the clip passes gradient only inside its range
// (tf.clip_by_value's gradient; both ends inclusive).
#include <algorithm>
#include <cmath>
#include <string>

#include "multiclass_rows.hpp"

namespace losslab::detail {
namespace {

constexpr double kClipLow = kKerasEpsilon;
constexpr double kClipHigh = 1.0 - kKerasEpsilon;

/// Keras categorical cross-entropy of one row x against target weights t(c):
///   S = Σ_c x_c,  p = x / S,  q = clip(p, ε, 1 − ε),  l = −Σ_c t_c log q_c;
///   u_c = ∂l/∂p_c = −t_c / q_c where ε ≤ p_c ≤ 1 − ε, else 0;
///   ∂l/∂x_k = (u_k − Σ_c u_c p_c) / S  (the renormalisation's Jacobian).
/// Requires x ≥ 0 with S > 0 (checkRenormalisableRows).
template <class Target>
double kerasCrossEntropyRow(const float* x, std::size_t C, const Target& t, float* g) noexcept {
  double S = 0.0;
  for (std::size_t c = 0; c < C; ++c) S += x[c];
  auto u = [&](std::size_t c, double p) {
    return p >= kClipLow && p <= kClipHigh ? -t(c) / p : 0.0;
  };
  double loss = 0.0;
  double up = 0.0;  // Σ_c u_c p_c
  for (std::size_t c = 0; c < C; ++c) {
    const double p = x[c] / S;
    const double tc = t(c);
    if (tc != 0.0) loss -= tc * std::log(std::clamp(p, kClipLow, kClipHigh));
    up += u(c, p) * p;
  }
  if (g != nullptr) {
    for (std::size_t c = 0; c < C; ++c) g[c] = static_cast<float>((u(c, x[c] / S) - up) / S);
  }
  return loss;
}

/// categorical_cross_entropy: t = the target row (probabilities or one-hot).
Status runCategoricalCrossEntropy(const LossInput& in, const LossOptions& opt,
                                  LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  auto term = [&](std::size_t i, const float* x, float* g) noexcept {
    const float* t = in.target + i * C;
    return RowTerm{kerasCrossEntropyRow(x, C, [t](std::size_t c) { return double(t[c]); }, g)};
  };
  return runRows(term, in, opt.reduction, out);
}

/// sparse_categorical_cross_entropy: t = one-hot of the class index. This is the contract's
/// "categorical_cross_entropy with one-hot targets" (renormalise, then clip), not Keras's
/// sparse path, which clips first and renormalises through a softmax of the logs.
Status runSparseCategoricalCrossEntropy(const LossInput& in, const LossOptions& opt,
                                        LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  auto term = [&](std::size_t i, const float* x, float* g) noexcept {
    const std::size_t y = classOf(in, i);
    return RowTerm{kerasCrossEntropyRow(x, C, [y](std::size_t c) { return c == y ? 1.0 : 0.0; }, g)};
  };
  return runRows(term, in, opt.reduction, out);
}

/// Keras KLDivergence per row, t = clip(target, ε, 1), q = clip(x, ε, 1):
///   l = Σ_c t_c log(t_c / q_c);  ∂l/∂x_c = −t_c / q_c where x_c ≥ ε, else 0;
///   'mean' averages the row sums.  Requires x, target in [0, 1].
Status runKlDiv(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  auto term = [&](std::size_t i, const float* x, float* g) noexcept {
    const float* target = in.target + i * C;
    double loss = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double t = std::clamp(static_cast<double>(target[c]), kClipLow, 1.0);
      const double q = std::clamp(static_cast<double>(x[c]), kClipLow, 1.0);
      loss += t * (std::log(t) - std::log(q));
      if (g != nullptr) g[c] = x[c] >= kClipLow ? static_cast<float>(-t / q) : 0.0f;
    }
    return RowTerm{loss};
  };
  return runRows(term, in, opt.reduction, out);
}

}  // namespace

Status checkRenormalisableRows(std::string_view id, const LossInput& in, const LossOptions&) {
  const std::size_t C = in.cols;
  for (std::size_t i = 0; i < in.n; ++i) {
    if (!(in.input[i] >= 0.0f)) {
      return valueError(Code::OutOfDomain, id, "input", i, in.input[i],
                        "is negative; " + std::string(id) + " takes probabilities (each row is renormalised to sum to 1)");
    }
  }
  for (std::size_t r = 0; r * C < in.n; ++r) {
    double s = 0.0;
    for (std::size_t c = 0; c < C; ++c) s += in.input[r * C + c];
    if (!(s > 0.0)) {
      return Status(Code::OutOfDomain,
                    std::string(id) + ": input row " + std::to_string(r) + " (input[" +
                        std::to_string(r * C) + "] onwards) sums to 0; each row is renormalised "
                        "to sum to 1, so it needs a positive entry");
    }
  }
  return Status::ok();
}

LossSpec categoricalCrossEntropySpec() {
  LossSpec s{
      "categorical_cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::ProbabilityRows, {},
      R"(\ell_i = -\sum_c t_{i,c} \log \operatorname{clip}\!\left(\frac{x_{i,c}}{\sum_k x_{i,k}},\ 10^{-7},\ 1 - 10^{-7}\right))",
      "Categorical cross-entropy (Keras): the negative log-probability of the true class "
      "distribution, on softmax outputs.",
      "Image classification with one-hot labels, on the output of a softmax layer.",
      "probabilities [N, C] (rows are renormalised to sum to 1)",
      "probabilities or one-hot rows [N, C]", runCategoricalCrossEntropy};
  s.check = checkRenormalisableRows;
  return s;
}

LossSpec sparseCategoricalCrossEntropySpec() {
  LossSpec s{
      "sparse_categorical_cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::ClassIndices, {},
      R"(\ell_i = -\log \operatorname{clip}\!\left(\frac{x_{i,y_i}}{\sum_k x_{i,k}},\ 10^{-7},\ 1 - 10^{-7}\right))",
      "Sparse categorical cross-entropy (Keras): categorical cross-entropy with class-index "
      "targets.",
      "Image classification with integer labels (e.g. digits 0-9), on softmax outputs.",
      "probabilities [N, C] (rows are renormalised to sum to 1)", "class indices (length N)",
      runSparseCategoricalCrossEntropy};
  s.check = checkRenormalisableRows;
  return s;
}

LossSpec klDivSpec() {
  return LossSpec{
      "kl_div", Family::Multiclass, Layout::Rows, InputDomain::UnitInterval,
      TargetKind::ProbabilityRows, {},
      R"(\ell_i = \sum_c t_{i,c} \log \frac{t_{i,c}}{x_{i,c}},\quad t, x \text{ clipped to } [10^{-7}, 1])",
      "Kullback-Leibler divergence (Keras): how far the predicted distribution is from the true one.",
      "Matching a whole distribution, e.g. knowledge distillation or variational autoencoders.",
      "predicted probabilities [N, C]", "true probabilities [N, C]", runKlDiv};
}

}  // namespace losslab::detail
