// Binary losses: element-wise terms of a score, logit or probability against a 0/1 or ±1 label.
// A `[N, C]` input (cols = C) is C independent binary problems per row (multi-label);
// per-class options then apply to element i as class i mod C.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common.hpp"

namespace losslab {
namespace {

using detail::elementWeight;

/// F.binary_cross_entropy, weighted:
///   l = −w·(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100));
///   ∂l/∂x = w·(x − y) / max(x(1 − x), 1e-12);  requires x, y in [0, 1], w ≥ 0.
struct BceTerm {
  FloatSpan weight;
  std::size_t cols;
  float operator()(std::size_t i, float x, float y, float& g) const noexcept {
    const double w = elementWeight(weight, i, cols);
    double dldx = 0.0;
    const double l = detail::bceOfProbability(x, y, dldx);
    g = static_cast<float>(w * dldx);
    return static_cast<float>(w * l);
  }
};

/// F.binary_cross_entropy_with_logits, weighted, with pos_weight p (1 when absent):
///   l = w·((1 − y)·x + (1 + (p − 1)·y)·softplus(−x)),
///       softplus(−x) = log1p(e^{−|x|}) + max(−x, 0)  (never overflows);
///   ∂l/∂x = w·((p·y + 1 − y)·σ(x) − p·y);  requires y in [0, 1], w, p ≥ 0.
struct BceWithLogitsTerm {
  FloatSpan weight;
  FloatSpan posWeight;
  std::size_t cols;
  float operator()(std::size_t i, float xf, float yf, float& g) const noexcept {
    const double x = xf, y = yf;
    const double w = elementWeight(weight, i, cols);
    const double p = posWeight.empty() ? 1.0 : (posWeight.size == 1 ? posWeight[0] : posWeight[i % cols]);
    g = static_cast<float>(w * ((p * y + 1.0 - y) * detail::sigmoid(x) - p * y));
    return static_cast<float>(w * ((1.0 - y) * x + (1.0 + (p - 1.0) * y) * detail::softplus(-x)));
  }
};

/// The ±1 label of a Signs target (0 means −1).
inline float sign(float y) noexcept { return y > 0.0f ? 1.0f : -1.0f; }

/// l = max(0, 1 − y·x);  ∂l/∂x = −y where 1 − y·x ≥ 0, else 0 (clamp_min passes the
/// gradient at the kink, as torch.clamp(1 − y·x, min=0) does);  y in {−1, +1}.
struct HingeTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const float s = sign(y);
    const float m = 1.0f - s * x;
    g = m >= 0.0f ? -s : 0.0f;
    return std::max(m, 0.0f);
  }
};

/// l = max(0, 1 − y·x)²;  ∂l/∂x = −2y·max(0, 1 − y·x);  y in {−1, +1}.
struct SquaredHingeTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const float s = sign(y);
    const float m = std::max(1.0f - s * x, 0.0f);
    g = -2.0f * s * m;
    return m * m;
  }
};

/// torchvision.ops.sigmoid_focal_loss: with p = σ(x) (or p = x when !fromLogits),
/// p_t = p·y + (1 − p)(1 − y), q = 1 − p_t, α_t = α·y + (1 − α)(1 − y) (1 when α < 0):
///   l = α_t·ce·q^γ,  ce = bce_with_logits(x, y) (or bce(x, y), log clamped at −100).
/// Logits, s = 2y − 1, z = s·x: q = σ(−z), ce = softplus(−z), exact for large |x|;
///   ∂l/∂x = −s·α_t·q^γ·(q + γ·ce·(1 − q)).
/// Probabilities: ∂l/∂x = α_t·(ce'·q^γ − s·γ·ce·q^{γ−1}), ce' = BCE's backward; the second
///   term is taken as 0 at q = 0 (its limit; autograd would give 0·∞ = NaN when γ < 1).
/// Requires y in {0, 1}, γ ≥ 0, α ≤ 1.
struct BinaryFocalTerm {
  double alpha;
  double gamma;
  bool fromLogits;
  float operator()(float xf, float yf, float& g) const noexcept {
    const double x = xf, y = yf;
    const double s = 2.0 * y - 1.0;
    const double alphaT = alpha >= 0.0 ? alpha * y + (1.0 - alpha) * (1.0 - y) : 1.0;
    double l = 0.0, dldx = 0.0;
    if (fromLogits) {
      const double z = s * x;
      const double q = detail::sigmoid(-z);
      const double ce = detail::softplus(-z);
      const double qg = std::pow(q, gamma);
      l = ce * qg;
      dldx = -s * qg * (q + gamma * ce * (1.0 - q));
    } else {
      const double q = y > 0.5 ? 1.0 - x : x;
      double dce = 0.0;
      const double ce = detail::bceOfProbability(x, y, dce);
      const double qg = std::pow(q, gamma);
      l = ce * qg;
      dldx = dce * qg - (q > 0.0 ? s * gamma * ce * std::pow(q, gamma - 1.0) : 0.0);
    }
    g = static_cast<float>(alphaT * dldx);
    return static_cast<float>(alphaT * l);
  }
};

Status runBce(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(BceTerm{opt.weight, in.cols}, in, opt.reduction, out);
}
Status runBceWithLogits(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(BceWithLogitsTerm{opt.weight, opt.pos_weight, in.cols}, in,
                                opt.reduction, out);
}
Status runHinge(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(HingeTerm{}, in, opt.reduction, out);
}
Status runSquaredHinge(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(SquaredHingeTerm{}, in, opt.reduction, out);
}
Status runBinaryFocal(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(BinaryFocalTerm{opt.alpha, opt.gamma, opt.from_logits}, in,
                                opt.reduction, out);
}

/// With `from_logits: false` the input is a probability (a conditional domain, so not a
/// declarative InputDomain).
Status checkBinaryFocal(std::string_view id, const LossInput& in, const LossOptions& opt) {
  if (opt.from_logits) return Status::ok();
  return detail::checkInputUnitInterval(id, in, std::string(id) + " with from_logits: false takes probabilities");
}

OptionSpec elementWeightOption() {
  return detail::vectorOption("weight", &LossOptions::weight, VectorLength::ElementsOrClasses,
                              "rescaling weight per element, or per class for [N, C] input", 0.0,
                              ">= 0");
}

OptionSpec gammaOption() {
  return detail::numberOption("gamma", 2.0, &LossOptions::gamma,
                              "focusing parameter: how much easy examples are down-weighted",
                              0.0, false, ">= 0");
}

OptionSpec fromLogitsOption() {
  return detail::flagOption("from_logits", true, &LossOptions::from_logits,
                            "the input is logits (true) or probabilities (false)");
}

}  // namespace

std::vector<LossSpec> binaryLosses() {
  std::vector<LossSpec> v;
  v.push_back(LossSpec{
      "bce", Family::Binary, Layout::Elementwise, InputDomain::UnitInterval,
      TargetKind::UnitInterval, {elementWeightOption()},
      R"(\ell_i = -w_i\left[y_i \log x_i + (1 - y_i)\log(1 - x_i)\right])",
      "Binary cross-entropy: the negative log-likelihood of 0/1 labels under predicted probabilities.",
      "Yes/no classification such as spam detection, on sigmoid outputs.",
      "probabilities in [0, 1] (after a sigmoid)", "labels or probabilities in [0, 1]", runBce});
  v.push_back(LossSpec{
      "bce_with_logits", Family::Binary, Layout::Elementwise, InputDomain::Any,
      TargetKind::UnitInterval,
      {elementWeightOption(),
       detail::vectorOption("pos_weight", &LossOptions::pos_weight, VectorLength::OneOrClasses,
                            "weight of positive examples: one number, or one per class", 0.0,
                            ">= 0")},
      R"(\ell_i = -w_i\left[p\,y_i \log \sigma(x_i) + (1 - y_i)\log(1 - \sigma(x_i))\right])",
      "Binary cross-entropy on logits: sigmoid and BCE fused, stable for any logit.",
      "Binary and multi-label classification (e.g. tagging an image with several labels).",
      "logits (1-D, or [N, C] multi-label)", "labels or probabilities in [0, 1]",
      runBceWithLogits});
  v.push_back(LossSpec{
      "hinge", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::Signs, {},
      R"(\ell_i = \max(0,\ 1 - y_i x_i))",
      "Hinge loss: zero once a score is on the right side by a margin of 1, linear otherwise.",
      "Support vector machines (SVM) and other maximum-margin binary classifiers.",
      "scores (raw, unbounded)", "labels -1 or +1 (0/1 accepted, 0 meaning -1)", runHinge});
  v.push_back(LossSpec{
      "squared_hinge", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::Signs,
      {}, R"(\ell_i = \max(0,\ 1 - y_i x_i)^2)",
      "Squared hinge loss: the hinge loss squared, smooth at the margin and harsher on big mistakes.",
      "Maximum-margin classifiers (L2-SVM) that should punish large violations more.",
      "scores (raw, unbounded)", "labels -1 or +1 (0/1 accepted, 0 meaning -1)",
      runSquaredHinge});
  LossSpec focal{
      "binary_focal", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::ZeroOne,
      {detail::boundedOption("alpha", 0.25, &LossOptions::alpha,
                             "weight of the positive class (negatives get 1 - alpha); < 0 disables",
                             -1e300, 1.0, "<= 1 (a negative value disables the weighting)"),
       gammaOption(), fromLogitsOption()},
      R"(\ell_i = -\alpha_t (1 - p_t)^\gamma \log p_t,\quad p_t = \begin{cases} \sigma(x_i) & y_i = 1 \\ 1 - \sigma(x_i) & y_i = 0 \end{cases})",
      "Binary focal loss: cross-entropy scaled down for well-classified examples.",
      "Object detection with heavy class imbalance (RetinaNet), where easy negatives swamp the loss.",
      "logits (probabilities in [0, 1] with from_logits: false)", "labels 0 or 1",
      runBinaryFocal};
  focal.check = checkBinaryFocal;
  v.push_back(focal);
  return v;
}

}  // namespace losslab
