// Cosine similarity as a loss (Keras CosineSimilarity): each row of [N, D] predictions should
// point the way its target row points, whatever their lengths.
#include <cmath>

#include "common.hpp"
#include "simd/pair_rows.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

/// The floor of a squared norm before its root, ε = 1e-12: tf.math.l2_normalize's, which
/// Keras's CosineSimilarity used (Keras 3 now floors it at backend.epsilon()² = 1e-14; see
/// docs/translation.mjs). Rows shorter than 1e-6 are scaled by 1e6 instead of normalised.
inline constexpr double kL2NormalizeEpsilon = 1e-12;

/// Keras CosineSimilarity, per row with X = Σx², Y = Σy², P = Σ x·y and
/// r_x = 1/√max(X, ε), r_y = 1/√max(Y, ε) (l2_normalize):
///   l = −Σ_k (x_k r_x)(y_k r_y) = −P·r_x·r_y   (in [−1, 1]; 0 when either row is all zero);
///   ∂l/∂x_k = −r_x r_y·y_k + P·r_x³ r_y·x_k  where X ≥ ε (the floor passes no gradient below
///   it, as clamp's autograd: there ∂l/∂x_k = −r_x r_y·y_k, so an all-zero prediction row is
///   pushed towards its target by 1e6·ŷ);  targets take any finite values.
struct CosineSimilarity {
  const LossInput& in;
  bool vector;  // the vector forms (row: float block sums; group: four rows in float)

  double finish(const detail::PairSums& s, const float* x, const float* y, float* g, double gs,
                bool vector) const noexcept {
    const double rx = 1.0 / std::sqrt(std::max(s.x, kL2NormalizeEpsilon));
    const double ry = 1.0 / std::sqrt(std::max(s.y, kL2NormalizeEpsilon));
    const double rxy = rx * ry;
    if (g != nullptr) {
      const double a = -gs * rxy;
      const double b = s.x >= kL2NormalizeEpsilon ? gs * s.xy * rxy * rx * rx : 0.0;
      if (vector) {
        detail::affineGradVector(x, y, g, in.cols, a, b, 0.0);
      } else {
        detail::affineGrad(x, y, g, in.cols, a, b, 0.0);
      }
    }
    return -s.xy * rxy;
  }

  /// One row: the vector form (float block sums; a float overflow — |x| beyond ~1e19 — runs
  /// the row in double) or, when `vector` is false, the scalar twin.
  double row(std::size_t i, const float* x, float* g, double gs) const noexcept {
    const float* y = in.target + i * in.cols;
    if (vector) {
      const detail::PairSums s = detail::pairSumsVector<true>(x, y, in.cols);
      if (s.finite()) return finish(s, x, y, g, gs, true);
    }
    return finish(detail::pairSums<true>(x, y, in.cols), x, y, g, gs, false);
  }

  /// Sums up to this run four rows at a time: Σx²·Σy² stays below FLT_MAX.
  static constexpr float kGroupLimit = 1.8e19f;

  /// Four rows from their sums (lanes), in float, one root and one division for the four:
  /// r = 1/√(max(X, ε)·max(Y, ε)), l = −P·r; g = a·y + b·x with a = −gs·r and
  /// b = gs·(−l)/max(X, ε) where X ≥ ε, else 0 (b only when `grad`).
  detail::V4 group(detail::D4 d, detail::V4 sx, detail::V4 sy, detail::V4 sxy, detail::V4 gs, bool grad,
                   detail::V4& a, detail::V4& b, detail::V4& c) const noexcept {
    const detail::V4 floor = hn::Set(d, static_cast<float>(kL2NormalizeEpsilon));
    const detail::V4 px = hn::Max(sx, floor);
    const detail::V4 r = hn::Div(hn::Set(d, 1.0f), hn::Sqrt(hn::Mul(px, hn::Max(sy, floor))));
    const detail::V4 cosine = hn::Mul(sxy, r);
    c = hn::Zero(d);
    if (grad) {
      a = hn::Neg(hn::Mul(gs, r));
      b = hn::IfThenElseZero(hn::Ge(sx, floor), hn::Div(hn::Mul(gs, cosine), px));
    }
    return hn::Neg(cosine);
  }
};

/// Four rows at a time unless forceScalar().
Status runCosineSimilarity(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const bool vector = !detail::forceScalar();
  const CosineSimilarity loss{in, vector};
  return detail::runPairRows<true>(loss, in, opt.reduction, out, vector);
}

}  // namespace

namespace detail {

LossSpec cosineSimilaritySpec() {
  LossSpec s = described(LossSpec{
      "cosine_similarity", Family::Embedding, Layout::Rows, InputDomain::Any, TargetKind::ValueRows, {},
      R"(\ell_i = -\frac{\sum_k x_{i,k}\,y_{i,k}}{\sqrt{\max(\sum_k x_{i,k}^2,\ \epsilon)}\,\sqrt{\max(\sum_k y_{i,k}^2,\ \epsilon)}},\ \epsilon = 10^{-12})",
      "Cosine similarity loss: minus the cosine of the angle between a prediction row and its target row "
      "(-1 when they point the same way, 0 when orthogonal, +1 when opposite).",
      "Predicting a direction whose length does not matter: word or sentence embeddings matched to "
      "reference vectors, normalised features, recommendation vectors.",
      "predictions [N, D] (any values; only their direction counts)",
      "target vectors [N, D] (any finite values; only their direction counts)", runCosineSimilarity},
      InputKind::Embeddings, "Cosine similarity");
  s.trainer_note =
      "cannot train here: its target is a vector per sample (a direction to point to), but every "
      "dataset here gives one label or one value per sample, and the trainer's embedding head learns "
      "from class labels through triplets; train triplet_margin on blobs for an embedding";
  return s;
}

}  // namespace detail
}  // namespace losslab
