// Multi-class losses over [N, C] rows of logits, log-probabilities or scores (PyTorch's
// semantics), and the family's catalogue in display order. The Keras probability-input
// losses live in multiclass_keras.cpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "multiclass_rows.hpp"

namespace losslab {
namespace {

using detail::classOf;
using detail::classValue;
using detail::logSumExp;
using detail::RowTerm;

bool ignored(const LossInput& in, const LossOptions& opt, std::size_t row) noexcept {
  return in.target[row] == static_cast<float>(opt.ignore_index);
}

/// Softmax cross-entropy, F.cross_entropy:
///   index targets:  l_i = (1−ε)·w_{y_i}·(−log p_{i,y_i}) + ε/C·Σ_c w_c·(−log p_{i,c})
///   probabilities:  l_i = −Σ_c w_c·t'_{i,c}·log p_{i,c},  t' = (1−ε)·t + ε/C
/// with log p = x − logsumexp(x). 'mean' divides index targets by Σ w_{y_i} over the
/// non-ignored rows, probability targets by N. Gradient per row:
///   index:          (1−ε)·w_y·(p_c − [c = y]) + ε/C·(W·p_c − w_c),  W = Σ_c w_c
///   probabilities:  (Σ_k w_k t'_k)·p_c − w_c·t'_c
Status runCrossEntropy(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const bool indices = in.target_n == in.n / C;
  const double eps = opt.label_smoothing;
  auto w = [&](std::size_t c) { return classValue(opt.weight, c); };
  double W = 0.0;
  for (std::size_t c = 0; c < C; ++c) W += w(c);

  auto term = [&](std::size_t i, const float* x, float* g) noexcept -> RowTerm {
    const double lse = logSumExp(x, C);
    auto p = [&](std::size_t c) { return std::exp(x[c] - lse); };
    if (indices) {
      if (ignored(in, opt, i)) {
        if (g) std::fill(g, g + C, 0.0f);
        return {0.0, 0.0};
      }
      const std::size_t y = classOf(in, i);
      const double wy = w(y);
      double smooth = 0.0;
      for (std::size_t c = 0; c < C; ++c) smooth += w(c) * (lse - x[c]);
      if (g) {
        for (std::size_t c = 0; c < C; ++c) {
          const double pc = p(c);
          g[c] = static_cast<float>((1.0 - eps) * wy * (pc - (c == y ? 1.0 : 0.0)) +
                                    eps / C * (W * pc - w(c)));
        }
      }
      return {(1.0 - eps) * wy * (lse - x[y]) + eps / C * smooth, wy};
    }
    const float* t = in.target + i * C;
    auto smoothed = [&](std::size_t c) { return (1.0 - eps) * t[c] + eps / C; };
    double loss = 0.0, wt = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      loss += w(c) * smoothed(c) * (lse - x[c]);
      wt += w(c) * smoothed(c);
    }
    if (g) {
      for (std::size_t c = 0; c < C; ++c) g[c] = static_cast<float>(wt * p(c) - w(c) * smoothed(c));
    }
    return {loss, 1.0};
  };
  return detail::runRows(term, in, opt.reduction, out);
}

/// F.nll_loss: l_i = −w_{y_i}·x_{i,y_i};  ∂l_i/∂x_{i,c} = −w_{y_i}·[c = y_i];
/// 'mean' divides by Σ w_{y_i} over the non-ignored rows (ignored rows: l = 0, ∂ = 0).
Status runNll(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  auto term = [&](std::size_t i, const float* x, float* g) noexcept -> RowTerm {
    if (g) std::fill(g, g + C, 0.0f);
    if (ignored(in, opt, i)) return {0.0, 0.0};
    const std::size_t y = classOf(in, i);
    const double wy = classValue(opt.weight, y);
    if (g) g[y] = static_cast<float>(-wy);
    return {-wy * x[y], wy};
  };
  return detail::runRows(term, in, opt.reduction, out);
}

/// nn.MultiMarginLoss: with z_c = margin − x_y + x_c,
///   l_i = (1/C)·Σ_{c≠y} w_y·max(0, z_c)^p,  p ∈ {1, 2};
///   ∂l_i/∂x_c = (w_y/C)·(p = 1 ? 1 : 2z_c) where z_c > 0 (no gradient at z_c = 0, as
///   PyTorch's kernel), and ∂l_i/∂x_y = −Σ_{c≠y} ∂l_i/∂x_c.  'mean' divides by N.
Status runMultiMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const bool squared = opt.p == 2.0;
  auto term = [&](std::size_t i, const float* x, float* g) noexcept -> RowTerm {
    const std::size_t y = classOf(in, i);
    const double wyOverC = classValue(opt.weight, y) / static_cast<double>(C);
    double loss = 0.0, gy = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double z = opt.margin - x[y] + x[c];
      const bool active = c != y && z > 0.0;
      if (active) loss += squared ? z * z : z;
      const double gc = active ? wyOverC * (squared ? 2.0 * z : 1.0) : 0.0;
      gy -= gc;
      if (g) g[c] = static_cast<float>(gc);
    }
    if (g) g[y] = static_cast<float>(gy);
    return {wyOverC * loss};
  };
  return detail::runRows(term, in, opt.reduction, out);
}

/// Focal loss, l_i = −α_y·q^γ·log p_y with q = 1 − p_y ('mean' divides by N).
///  - from_logits (default): p = softmax(x), log p_y = x_y − logsumexp(x), q = Σ_{c≠y} p_c
///    (exact when p_y → 1);  ∂l/∂x_c = α_y·A·(p_c − [c = y]),  A = q^γ − γ·q^{γ−1}·p_y·log p_y.
///  - probabilities: p_y = x_y with the log's argument clamped to ≥ 1e-7 (Keras's ε; other
///    entries are not used and not renormalised);
///    ∂l/∂x_y = −α_y·(q^γ·[x_y ≥ ε]/x_y − γ·q^{γ−1}·log max(x_y, ε)), 0 for c ≠ y.
/// The q^{γ−1} term is taken as 0 at q = 0 (its limit; autograd gives NaN for γ < 1).
/// Requires γ ≥ 0, α ≥ 0 per class (1 when absent); inputs in [0, 1] unless from_logits.
Status runFocal(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const double gamma = opt.gamma;
  // γ·q^{γ−1}, 0 at q = 0.
  auto kink = [gamma](double q) { return q > 0.0 ? gamma * std::pow(q, gamma - 1.0) : 0.0; };
  auto term = [&](std::size_t i, const float* x, float* g) noexcept -> RowTerm {
    const std::size_t y = classOf(in, i);
    const double alpha = classValue(opt.class_alpha, y);
    if (!opt.from_logits) {
      const double py = x[y];
      const double logP = std::log(std::max(py, detail::kKerasEpsilon));
      const double q = 1.0 - py;
      if (g) {
        std::fill(g, g + C, 0.0f);
        const double dlog = py >= detail::kKerasEpsilon ? 1.0 / py : 0.0;
        g[y] = static_cast<float>(-alpha * (std::pow(q, gamma) * dlog - kink(q) * logP));
      }
      return {-alpha * std::pow(q, gamma) * logP};
    }
    const double lse = logSumExp(x, C);
    const double logP = x[y] - lse;
    double q = 0.0;
    for (std::size_t c = 0; c < C; ++c) q += c == y ? 0.0 : std::exp(x[c] - lse);
    const double qg = std::pow(q, gamma);
    if (g) {
      const double a = alpha * (qg - kink(q) * std::exp(logP) * logP);
      for (std::size_t c = 0; c < C; ++c) {
        g[c] = static_cast<float>(a * (std::exp(x[c] - lse) - (c == y ? 1.0 : 0.0)));
      }
    }
    return {-alpha * qg * logP};
  };
  return detail::runRows(term, in, opt.reduction, out);
}

Status checkFocal(std::string_view id, const LossInput& in, const LossOptions& opt) {
  if (opt.from_logits) return Status::ok();
  return detail::checkProbabilityInput(id, in, "with from_logits: false takes probabilities");
}

OptionSpec classWeightOption() {
  return detail::vectorOption("weight", &LossOptions::weight, VectorLength::Classes,
                              "rescaling weight for each class", 0.0, ">= 0");
}

OptionSpec ignoreIndexOption() {
  return detail::integerOption("ignore_index", -100, &LossOptions::ignore_index,
                               "a target value that is ignored and does not count towards the mean");
}

LossSpec crossEntropySpec() {
  return LossSpec{
      "cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::IndicesOrProbabilities,
      {classWeightOption(), ignoreIndexOption(),
       detail::boundedOption("label_smoothing", 0.0, &LossOptions::label_smoothing,
                             "mix the target with the uniform distribution", 0.0, 1.0, "in [0, 1]")},
      R"(\ell_i = -\log \frac{e^{x_{i,y_i}}}{\sum_c e^{x_{i,c}}})",
      "Softmax cross-entropy: the negative log-probability the softmax gives the true class.",
      "Image classification and any task with one correct class out of several.",
      "logits [N, C] (raw scores)", "class indices (length N) or probabilities [N, C]",
      runCrossEntropy};
}

LossSpec nllSpec() {
  return LossSpec{
      "nll", Family::Multiclass, Layout::Rows, InputDomain::NonPositive, TargetKind::ClassIndices,
      {classWeightOption(), ignoreIndexOption()},
      R"(\ell_i = -w_{y_i}\, x_{i,y_i})",
      "Negative log-likelihood: minus the log-probability given to the true class.",
      "Classifiers ending in a log-softmax layer (cross-entropy split in two).",
      "log-probabilities [N, C] (e.g. log_softmax output)", "class indices (length N)", runNll};
}

LossSpec multiMarginSpec() {
  return LossSpec{
      "multi_margin", Family::Multiclass, Layout::Rows, InputDomain::Any, TargetKind::ClassIndices,
      {detail::choiceOption("p", 1.0, &LossOptions::p,
                            "exponent of each margin violation: 1 (hinge) or 2 (squared hinge)", {1.0, 2.0}),
       detail::numberOption("margin", 1.0, &LossOptions::margin,
                            "how far the true class's score must lead every other", 0.0, false, ">= 0"),
       classWeightOption()},
      R"(\ell_i = \frac{1}{C}\sum_{c \ne y_i} w_{y_i} \max(0,\ \text{margin} - x_{i,y_i} + x_{i,c})^p)",
      "Multi-class hinge loss: every wrong class whose score comes within the margin of the true one costs.",
      "Multi-class support vector machines (SVM) on raw scores.",
      "scores [N, C] (raw, unbounded)", "class indices (length N)", runMultiMargin};
}

LossSpec focalSpec() {
  LossSpec s{
      "focal", Family::Multiclass, Layout::Rows, InputDomain::Any, TargetKind::ClassIndices,
      {detail::numberOption("gamma", 2.0, &LossOptions::gamma,
                            "focusing parameter: how much easy examples are down-weighted", 0.0,
                            false, ">= 0"),
       detail::vectorOption("alpha", &LossOptions::class_alpha, VectorLength::Classes,
                            "weight for each class (1 for every class when absent)", 0.0, ">= 0"),
       detail::flagOption("from_logits", true, &LossOptions::from_logits,
                          "the input is logits (true) or probabilities (false)")},
      R"(\ell_i = -\alpha_{y_i} (1 - p_{i,y_i})^\gamma \log p_{i,y_i},\quad p_i = \operatorname{softmax}(x_i))",
      "Focal loss: cross-entropy scaled down for well-classified examples, so hard ones dominate.",
      "Object detection with class imbalance (RetinaNet), where easy background examples abound.",
      "logits [N, C] (probabilities with from_logits: false)", "class indices (length N)",
      runFocal};
  s.check = checkFocal;
  return s;
}

}  // namespace

std::vector<LossSpec> multiclassLosses() {
  return {crossEntropySpec(),  detail::categoricalCrossEntropySpec(),
          detail::sparseCategoricalCrossEntropySpec(), nllSpec(),
          detail::klDivSpec(), multiMarginSpec(), focalSpec()};
}

}  // namespace losslab
