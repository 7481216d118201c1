// Binary losses on a margin: the logistic loss of a ±1 label (nn.SoftMarginLoss) and the
// hinge on a distance between a pair (nn.HingeEmbeddingLoss).
#include <algorithm>
#include <cmath>

#include "common.hpp"
#include "simd/vmath.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

/// nn.SoftMarginLoss, with s = ±1 the label (0 read as −1) and z = s·x:
///   l = log(1 + e^{−z}) = softplus(−z) (exact for any z);  ∂l/∂x = −s·σ(−z).
struct SoftMarginTerm {
  float operator()(float xf, float yf, float& g) const noexcept {
    const double s = yf > 0.0f ? 1.0 : -1.0;
    const double z = s * xf;
    g = static_cast<float>(-s * detail::sigmoid(-z));
    return static_cast<float>(detail::softplus(-z));
  }
  // From e = e^{−|z|}, r = 1/(1 + e), lp = log1p(e): softplus(−z) = max(−z, 0) + lp and
  // σ(−z) = e·r for z ≥ 0, r otherwise.
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    const V z = hn::IfThenElse(hn::Gt(y, hn::Zero(d)), x, hn::Neg(x));
    const detail::vm::Logistic<D, V> lg(d, z);
    const V r = lg.r(d);
    const auto nonNegative = hn::Ge(z, hn::Zero(d));
    const V sigmaNeg = hn::IfThenElse(nonNegative, hn::Mul(lg.e, r), r);
    g = hn::IfThenElse(hn::Gt(y, hn::Zero(d)), hn::Neg(sigmaNeg), sigmaNeg);  // −s·σ(−z)
    return hn::Add(hn::Max(hn::Neg(z), hn::Zero(d)), lg.lp);
  }
};

/// nn.HingeEmbeddingLoss, with x a distance and y = ±1 (similar / dissimilar pair):
///   l = x for y = 1;  max(0, margin − x) for y = −1;
///   ∂l/∂x = 1 for y = 1;  −1 where margin − x ≥ 0 for y = −1 (clamp_min passes the gradient
///   at the kink), else 0.
struct HingeEmbeddingTerm {
  static constexpr bool kLight = true;
  double margin;
  float operator()(float xf, float yf, float& g) const noexcept {
    if (yf > 0.0f) {
      g = 1.0f;
      return xf;
    }
    const double m = margin - xf;
    g = m >= 0.0 ? -1.0f : 0.0f;
    return static_cast<float>(std::max(m, 0.0));
  }
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    const auto similar = hn::Gt(y, hn::Zero(d));
    const V m = hn::Sub(hn::Set(d, static_cast<float>(margin)), x);
    const V one = hn::Set(d, 1.0f);
    g = hn::IfThenElse(similar, one, hn::IfThenElseZero(hn::Ge(m, hn::Zero(d)), hn::Neg(one)));
    return hn::IfThenElse(similar, x, hn::Max(m, hn::Zero(d)));
  }
};

Status runSoftMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(SoftMarginTerm{}, in, opt.reduction, out);
}
Status runHingeEmbedding(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(HingeEmbeddingTerm{opt.margin}, in, opt.reduction, out,
                                detail::floatFriendly(opt.margin));
}

}  // namespace

LossSpec detail::softMarginSpec() {
  return detail::described(LossSpec{
      "soft_margin", Family::Binary, Layout::Elementwise, InputDomain::Any, TargetKind::Signs, {},
      R"(\ell_i = \log\left(1 + e^{-y_i x_i}\right))",
      "Soft margin loss: the logistic loss of a score against a -1/+1 label, a smooth hinge.",
      "Binary classifiers on raw scores with ±1 labels (logistic regression written for SVM labels).",
      "scores (raw, unbounded)", "labels -1 or +1 (0/1 accepted, 0 meaning -1)", runSoftMargin},
      InputKind::Scores, "Soft margin (logistic)");
}

LossSpec detail::hingeEmbeddingSpec() {
  OptionSpec margin = detail::numberOption(
      "margin", 1.0, &LossOptions::margin,
      "how far apart a dissimilar pair must be before it stops costing", -1e300, false, "finite");
  LossSpec s = detail::described(LossSpec{
      "hinge_embedding", Family::Binary, Layout::Elementwise, InputDomain::Any,
      TargetKind::StrictSigns, {margin},
      R"(\ell_i = \begin{cases} x_i & y_i = 1 \\ \max(0,\ \text{margin} - x_i) & y_i = -1 \end{cases})",
      "Hinge embedding loss: similar pairs pay their distance, dissimilar ones only inside the margin.",
      "Learning embeddings or detecting duplicates from the distances of labelled pairs (siamese networks).",
      "distances (e.g. the L1 distance of two embeddings)", "labels -1 (dissimilar) or +1 (similar)",
      runHingeEmbedding},
      InputKind::Distances, "Hinge embedding");
  s.not_trainable =
      "cannot train here: it scores the distance between the two embeddings of a labelled pair, "
      "and a network that outputs one number per point has no pairs (for +1 labels that number "
      "would fall without bound); use soft_margin or hinge on the point's own label";
  return s;
}

}  // namespace losslab
