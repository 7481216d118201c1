// Binary losses: element-wise terms of a score, logit or probability against a 0/1 or ±1 label.
// A `[N, C]` input (cols = C) is C independent binary problems per row (multi-label);
// per-class options then apply to element i as class i mod C.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "simd/vmath.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

using detail::ElementWeights;

/// F.binary_cross_entropy, weighted:
///   l = −w·(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100));
///   ∂l/∂x = w·(x − y) / max(x(1 − x), 1e-12);  requires x, y in [0, 1], w ≥ 0.
struct BceTerm {
  ElementWeights weight;
  float operator()(std::size_t i, float x, float y, float& g) const noexcept {
    const double w = weight.at(i);
    double dldx = 0.0;
    const double l = detail::bceOfProbability(x, y, dldx);
    g = static_cast<float>(w * dldx);
    return static_cast<float>(w * l);
  }
  template <class D, class V>
  V operator()(D d, std::size_t i, V x, V y, V& g) const noexcept {
    const V w = weight.vec(d, i);
    const V one = hn::Set(d, 1.0f);
    const V ll = hn::MulAdd(y, detail::vm::LogClamped(d, x),
                            hn::Mul(hn::Sub(one, y), detail::vm::Log1mClamped(d, x)));
    const V den = hn::Max(hn::Mul(x, hn::Sub(one, x)), hn::Set(d, static_cast<float>(detail::kBceGradEpsilon)));
    g = hn::Mul(w, hn::Div(hn::Sub(x, y), den));
    return hn::Neg(hn::Mul(w, ll));
  }
};

/// F.binary_cross_entropy_with_logits, weighted, with pos_weight p (1 when absent):
///   l = w·((1 − y)·x + (1 + (p − 1)·y)·softplus(−x)),
///       softplus(−x) = log1p(e^{−|x|}) + max(−x, 0)  (never overflows);
///   ∂l/∂x = w·((p·y + 1 − y)·σ(x) − p·y);  requires y in [0, 1], w, p ≥ 0.
/// `kWeighted`: whether `weight` or `pos_weight` is given (the plain kernel skips both).
template <bool kWeighted>
struct BceWithLogitsTerm {
  ElementWeights weight;
  ElementWeights posWeight;
  float operator()(std::size_t i, float xf, float yf, float& g) const noexcept {
    const double x = xf, y = yf;
    const double w = weight.at(i);
    const double p = posWeight.at(i);
    g = static_cast<float>(w * ((p * y + 1.0 - y) * detail::sigmoid(x) - p * y));
    // The vector form's arrangement (below): (1 − y)·x + softplus(−x) would cancel for
    // x ≪ 0 and lose a soft label's y·x.
    const double lp = std::log1p(std::exp(-std::abs(x)));
    const double c = x >= 0.0 ? 1.0 - y : -p * y;
    return static_cast<float>(w * (c * x + (1.0 + (p - 1.0) * y) * lp));
  }
  // Rearranged so that nothing cancels, with lp = log1p(e^{−|x|}) and A = 1 + (p − 1)·y:
  //   l = w·(c·x + A·lp),  c = 1 − y for x ≥ 0, −p·y for x < 0;
  //   ∂l/∂x = w·((1 − y)·σ(x) − p·y·σ(−x)).
  template <class D, class V>
  V operator()(D d, std::size_t i, V x, V y, V& g) const noexcept {
    const detail::vm::Logistic<D, V> lg(d, x);
    const V one = hn::Set(d, 1.0f);
    const auto nonNegative = hn::Ge(x, hn::Zero(d));
    const V r = lg.r(d);            // σ(|x|)
    const V er = hn::Mul(lg.e, r);  // σ(−|x|)
    const V sigma = hn::IfThenElse(nonNegative, r, er);
    const V sigmaNeg = hn::IfThenElse(nonNegative, er, r);
    const V oneMinusY = hn::Sub(one, y);
    if constexpr (kWeighted) {
      const V w = weight.vec(d, i);
      const V p = posWeight.vec(d, i);
      const V py = hn::Mul(p, y);
      const V c = hn::IfThenElse(nonNegative, oneMinusY, hn::Neg(py));
      const V A = hn::Add(oneMinusY, py);
      g = hn::Mul(w, hn::NegMulAdd(py, sigmaNeg, hn::Mul(oneMinusY, sigma)));
      return hn::Mul(w, hn::MulAdd(c, x, hn::Mul(A, lg.lp)));
    } else {
      const V c = hn::Sub(hn::IfThenElseZero(nonNegative, one), y);
      g = hn::NegMulAdd(y, sigmaNeg, hn::Mul(oneMinusY, sigma));
      return hn::MulAdd(c, x, lg.lp);
    }
  }
};

/// The ±1 label of a Signs target (0 means −1).
inline float sign(float y) noexcept { return y > 0.0f ? 1.0f : -1.0f; }

/// The same, as a vector.
template <class D, class V>
HWY_INLINE V Signs(D d, V y) {
  return hn::IfThenElse(hn::Gt(y, hn::Zero(d)), hn::Set(d, 1.0f), hn::Set(d, -1.0f));
}

/// l = max(0, 1 − y·x);  ∂l/∂x = −y where 1 − y·x ≥ 0, else 0 (clamp_min passes the
/// gradient at the kink, as torch.clamp(1 − y·x, min=0) does);  y in {−1, +1}.
struct HingeTerm {
  static constexpr bool kLight = true;
  float operator()(float x, float y, float& g) const noexcept {
    const float s = sign(y);
    const float m = 1.0f - s * x;
    g = m >= 0.0f ? -s : 0.0f;
    return std::max(m, 0.0f);
  }
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    const V s = Signs(d, y);
    const V m = hn::NegMulAdd(s, x, hn::Set(d, 1.0f));
    g = hn::IfThenElseZero(hn::Ge(m, hn::Zero(d)), hn::Neg(s));
    return hn::Max(m, hn::Zero(d));
  }
};

/// l = max(0, 1 − y·x)²;  ∂l/∂x = −2y·max(0, 1 − y·x);  y in {−1, +1}.
struct SquaredHingeTerm {
  static constexpr bool kLight = true;
  float operator()(float x, float y, float& g) const noexcept {
    const float s = sign(y);
    const float m = std::max(1.0f - s * x, 0.0f);
    g = -2.0f * s * m;
    return m * m;
  }
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    const V s = Signs(d, y);
    const V m = hn::Max(hn::NegMulAdd(s, x, hn::Set(d, 1.0f)), hn::Zero(d));
    g = hn::Mul(hn::Mul(hn::Set(d, -2.0f), s), m);
    return hn::Mul(m, m);
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
      // ce·σ(z) first: with γ near 1e300, γ·ce could overflow where σ(z) is 0
      dldx = -s * qg * (q + gamma * (ce * detail::sigmoid(z)));
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
  // Logits: from e = e^{−|z|}, r = 1/(1 + e), lp = log1p(e): q = σ(−z), 1 − q = σ(z) (one of
  //   r, e·r each), ce = max(−z, 0) + lp, and q^γ = e^{−γ·softplus(z)} = e^{−γ·(max(z, 0) + lp)}
  //   (no log of q; products for γ = 0, 1, 2).
  // Probabilities: BCE's vector form with q^γ and γ·q^{γ−1} = γ·q^γ / q (q > 0).
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    const V one = hn::Set(d, 1.0f);
    const V zero = hn::Zero(d);
    const auto positive = hn::Gt(y, hn::Set(d, 0.5f));
    const float gam = static_cast<float>(gamma);
    V l, dl;
    if (fromLogits) {
      const V z = hn::IfThenElse(positive, x, hn::Neg(x));
      const detail::vm::Logistic<D, V> lg(d, z);
      const V r = lg.r(d);
      const V er = hn::Mul(lg.e, r);
      const auto zNonNegative = hn::Ge(z, zero);
      const V q = hn::IfThenElse(zNonNegative, er, r);
      const V p = hn::IfThenElse(zNonNegative, r, er);
      const V ce = hn::Add(hn::Max(hn::Neg(z), zero), lg.lp);
      V qg;
      if (gam == 2.0f) {
        qg = hn::Mul(q, q);
      } else if (gam == 1.0f) {
        qg = q;
      } else if (gam == 0.0f) {
        qg = one;
      } else {
        qg = detail::vm::ExpNonPositive(d, hn::Mul(hn::Set(d, -gam), hn::Add(hn::Max(z, zero), lg.lp)));
      }
      l = hn::Mul(ce, qg);
      // (ce·p first: it stays below 0.3 where ce is huge, so γ·ce never overflows)
      const V t = hn::Mul(qg, hn::MulAdd(hn::Mul(ce, p), hn::Set(d, gam), q));
      dl = hn::IfThenElse(positive, hn::Neg(t), t);  // −s·t
    } else {
      const V q = hn::IfThenElse(positive, hn::Sub(one, x), x);
      const V ce = hn::Neg(hn::MulAdd(y, detail::vm::LogClamped(d, x),
                                      hn::Mul(hn::Sub(one, y), detail::vm::Log1mClamped(d, x))));
      const V dce = hn::Div(hn::Sub(x, y), hn::Max(hn::Mul(x, hn::Sub(one, x)), hn::Set(d, static_cast<float>(detail::kBceGradEpsilon))));
      const V qg = detail::vm::PowUnit(d, q, gam);
      V kink;  // γ·q^{γ−1}, 0 at q = 0
      if (gam == 2.0f) {
        kink = hn::Add(q, q);
      } else if (gam == 0.0f) {
        kink = zero;
      } else {
        const V safeQ = hn::IfThenElse(hn::Eq(q, zero), one, q);
        kink = hn::IfThenZeroElse(hn::Eq(q, zero), hn::Div(hn::Mul(hn::Set(d, gam), qg), safeQ));
      }
      l = hn::Mul(ce, qg);
      const V sk = hn::Mul(ce, kink);
      dl = hn::MulAdd(dce, qg, hn::IfThenElse(positive, hn::Neg(sk), sk));  // dce·qg − s·ce·kink
    }
    if (alpha >= 0.0) {
      const V alphaT = hn::IfThenElse(positive, hn::Set(d, static_cast<float>(alpha)),
                                      hn::Set(d, static_cast<float>(1.0 - alpha)));
      g = hn::Mul(alphaT, dl);
      return hn::Mul(alphaT, l);
    }
    g = dl;
    return l;
  }
};

/// Keras's label smoothing in front of a binary term: the term sees y' = y·(1 − ε) + ε/2
/// (keras/src/losses/losses.py, binary_crossentropy and binary_focal_crossentropy). Each
/// form exists where the wrapped term has it (the return types drop the others).
template <class Term>
struct SmoothedTarget {
  Term term;
  float keep;  // 1 − ε
  float half;  // ε/2
  float smooth(float y) const noexcept { return y * keep + half; }
  template <class D, class V>
  V smooth(D d, V y) const noexcept { return hn::MulAdd(y, hn::Set(d, keep), hn::Set(d, half)); }

  // Templates (on T = Term) so that a form the term lacks drops out instead of failing.
  template <class T = Term>
  auto operator()(float x, float y, float& g) const noexcept
      -> decltype(std::declval<const T&>()(x, y, g)) {
    return term(x, smooth(y), g);
  }
  template <class T = Term>
  auto operator()(std::size_t i, float x, float y, float& g) const noexcept
      -> decltype(std::declval<const T&>()(i, x, y, g)) {
    return term(i, x, smooth(y), g);
  }
  template <class D, class V, class T = Term>
  auto operator()(D d, V x, V y, V& g) const noexcept
      -> decltype(std::declval<const T&>()(d, x, y, g)) {
    return term(d, x, smooth(d, y), g);
  }
  template <class D, class V, class T = Term>
  auto operator()(D d, std::size_t i, V x, V y, V& g) const noexcept
      -> decltype(std::declval<const T&>()(d, i, x, y, g)) {
    return term(d, i, x, smooth(d, y), g);
  }
};

/// Runs `term`, behind SmoothedTarget when label smoothing ε > 0.
template <class Term>
Status runSmoothed(const Term& term, double eps, const LossInput& in, Reduction reduction,
                   LossOutput& out, bool vector = true) noexcept {
  if (eps == 0.0) return detail::runElementwise(term, in, reduction, out, vector);
  const SmoothedTarget<Term> smoothed{term, static_cast<float>(1.0 - eps), static_cast<float>(eps / 2.0)};
  return detail::runElementwise(smoothed, in, reduction, out, vector);
}

/// Binary focal loss on a soft target y in [0, 1] (label smoothing), Keras's
/// binary_focal_crossentropy (keras/src/losses/losses.py) with torchvision's conventions
/// for the rest (PyTorch's BCE and its −100 log clamp on probabilities):
///   p = σ(x) (or x),  q = 1 − p_t = y·(1 − p) + (1 − y)·p,  α_t = α·y + (1 − α)(1 − y),
///   l = α_t·q^γ·ce,  ce = softplus(x) − x·y (or BCE(p, y));
///   ∂l/∂x = α_t·(q^γ·ce' + γ·q^{γ−1}·(1 − 2y)·p'·ce),  p' = p(1 − p) (or 1),
///   ce' = p − y (or BCE's backward); the q^{γ−1} term is 0 at q = 0.
/// In double, scalar only (the {0, 1} kernel above is the vectorised one).
struct SoftBinaryFocalTerm {
  double alpha;
  double gamma;
  bool fromLogits;
  float operator()(float xf, float yf, float& g) const noexcept {
    const double x = xf, y = yf;
    const double alphaT = alpha >= 0.0 ? alpha * y + (1.0 - alpha) * (1.0 - y) : 1.0;
    double p, dp, q, ce, dce;
    if (fromLogits) {
      p = detail::sigmoid(x);
      const double pNeg = detail::sigmoid(-x);  // 1 − p without cancellation
      dp = p * pNeg;
      q = y * pNeg + (1.0 - y) * p;
      ce = detail::softplus(x) - x * y;
      dce = p - y;
    } else {
      p = x;
      dp = 1.0;
      q = y * (1.0 - p) + (1.0 - y) * p;
      ce = detail::bceOfProbability(x, y, dce);
    }
    const double qg = std::pow(q, gamma);
    const double kink = q > 0.0 ? gamma * std::pow(q, gamma - 1.0) : 0.0;
    g = static_cast<float>(alphaT * (qg * dce + kink * (1.0 - 2.0 * y) * dp * ce));
    return static_cast<float>(alphaT * qg * ce);
  }
};

Status runBce(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return runSmoothed(BceTerm{ElementWeights(opt.weight, in.cols)}, opt.label_smoothing, in,
                     opt.reduction, out);
}
Status runBceWithLogits(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const ElementWeights weight(opt.weight, in.cols), posWeight(opt.pos_weight, in.cols);
  if (weight.empty() && posWeight.empty()) {
    return runSmoothed(BceWithLogitsTerm<false>{weight, posWeight}, opt.label_smoothing, in,
                       opt.reduction, out);
  }
  return runSmoothed(BceWithLogitsTerm<true>{weight, posWeight}, opt.label_smoothing, in,
                     opt.reduction, out);
}
Status runHinge(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(HingeTerm{}, in, opt.reduction, out);
}
Status runSquaredHinge(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(SquaredHingeTerm{}, in, opt.reduction, out);
}
Status runBinaryFocal(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  if (opt.label_smoothing != 0.0) {  // soft targets: the general form (scalar, in double)
    return runSmoothed(SoftBinaryFocalTerm{opt.alpha, opt.gamma, opt.from_logits},
                       opt.label_smoothing, in, opt.reduction, out);
  }
  return detail::runElementwise(BinaryFocalTerm{opt.alpha, opt.gamma, opt.from_logits}, in,
                                opt.reduction, out, detail::floatFriendly(opt.gamma));
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

OptionSpec binaryLabelSmoothingOption() {
  return detail::labelSmoothingOption("soften the labels towards 1/2: y(1 - e) + e/2 (Keras)");
}

OptionSpec fromLogitsOption() {
  return detail::flagOption("from_logits", true, &LossOptions::from_logits,
                            "the input is logits (true) or probabilities (false)");
}

}  // namespace

std::vector<LossSpec> binaryLosses() {
  std::vector<LossSpec> v;
  v.push_back(detail::described(LossSpec{
      "bce", Family::Binary, Layout::Elementwise, InputDomain::UnitInterval,
      TargetKind::UnitInterval, {elementWeightOption(), binaryLabelSmoothingOption()},
      R"(\ell_i = -w_i\left[y_i \log x_i + (1 - y_i)\log(1 - x_i)\right])",
      "Binary cross-entropy: the negative log-likelihood of 0/1 labels under predicted probabilities.",
      "Yes/no classification such as spam detection, on sigmoid outputs.",
      "probabilities in [0, 1] (after a sigmoid)", "labels or probabilities in [0, 1]", runBce},
      InputKind::Probabilities, "Binary cross-entropy"));
  v.push_back(detail::described(LossSpec{
      "bce_with_logits", Family::Binary, Layout::Elementwise, InputDomain::Any,
      TargetKind::UnitInterval,
      {elementWeightOption(),
       detail::vectorOption("pos_weight", &LossOptions::pos_weight, VectorLength::OneOrClasses,
                            "weight of positive examples: one number, or one per class", 0.0,
                            ">= 0"),
       binaryLabelSmoothingOption()},
      R"(\ell_i = -w_i\left[p\,y_i \log \sigma(x_i) + (1 - y_i)\log(1 - \sigma(x_i))\right])",
      "Binary cross-entropy on logits: sigmoid and BCE fused, stable for any logit.",
      "Binary and multi-label classification (e.g. tagging an image with several labels).",
      "logits (1-D, or [N, C] multi-label)", "labels or probabilities in [0, 1]",
      runBceWithLogits},
      InputKind::Logits, "Binary cross-entropy with logits (sigmoid cross-entropy)"));
  v.push_back(detail::described(LossSpec{
      "hinge", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::Signs, {},
      R"(\ell_i = \max(0,\ 1 - y_i x_i))",
      "Hinge loss: zero once a score is on the right side by a margin of 1, linear otherwise.",
      "Support vector machines (SVM) and other maximum-margin binary classifiers.",
      "scores (raw, unbounded)", "labels -1 or +1 (0/1 accepted, 0 meaning -1)", runHinge},
      InputKind::Scores, "Hinge"));
  v.push_back(detail::described(LossSpec{
      "squared_hinge", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::Signs,
      {}, R"(\ell_i = \max(0,\ 1 - y_i x_i)^2)",
      "Squared hinge loss: the hinge loss squared, smooth at the margin and harsher on big mistakes.",
      "Maximum-margin classifiers (L2-SVM) that should punish large violations more.",
      "scores (raw, unbounded)", "labels -1 or +1 (0/1 accepted, 0 meaning -1)",
      runSquaredHinge},
      InputKind::Scores, "Squared hinge"));
  LossSpec focal{
      "binary_focal", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::ZeroOne,
      {detail::boundedOption("alpha", 0.25, &LossOptions::alpha,
                             "weight of the positive class (negatives get 1 - alpha); < 0 disables",
                             -1e300, 1.0, "<= 1 (a negative value disables the weighting)"),
       gammaOption(), fromLogitsOption(), binaryLabelSmoothingOption()},
      R"(\ell_i = -\alpha_t (1 - p_t)^\gamma \log p_t,\quad p_t = \begin{cases} \sigma(x_i) & y_i = 1 \\ 1 - \sigma(x_i) & y_i = 0 \end{cases})",
      "Binary focal loss: cross-entropy scaled down for well-classified examples.",
      "Object detection with heavy class imbalance (RetinaNet), where easy negatives swamp the loss.",
      "logits (probabilities in [0, 1] with from_logits: false)", "labels 0 or 1",
      runBinaryFocal};
  focal.check = checkBinaryFocal;
  focal.input = InputKind::Probabilities;  // logits with from_logits (the default)
  focal.name = "Binary focal";
  v.push_back(focal);
  v.push_back(detail::softMarginSpec());
  v.push_back(detail::hingeEmbeddingSpec());
  v.push_back(detail::diceSpec());
  v.push_back(detail::tverskySpec());
  return v;
}

}  // namespace losslab
