// Overlap losses for segmentation masks: Dice and Tversky (Keras 3's Dice and Tversky), one
// loss per row of [N, D] probabilities against [N, D] 0/1 or soft masks — or one for the whole
// array when it is flat (batch-level Dice, as segmentation training computes it). Binary
// family: a network trains them with a sigmoid head on 0/1 labels, the batch being one mask.
#include <cmath>

#include "common.hpp"
#include "simd/pair_rows.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

/// Dice (Keras 3 losses.py `dice`), per row with I = Σ x·y, S = Σ x + Σ y + ε:
///   l = 1 − 2I / S;   ∂l/∂x_k = −2·y_k / S + 2I / S²;
/// Tversky (Keras 3 `tversky`; Salehi et al. 2017), with FP = Σ x(1 − y) = Σx − I and
/// FN = Σ (1 − x)y = Σy − I, T = I + α·FP + β·FN + ε:
///   l = 1 − I / T;   ∂l/∂x_k = y_k·(−1/T + I(1 − α − β)/T²) + α·I/T²;
/// both affine in y_k (pair_rows.hpp). Requires x, y in [0, 1] (checked by the catalogue),
/// α, β ≥ 0 and ε > 0, so that S, T ≥ ε > 0: no division by zero, no NaN. A row with no
/// overlap (I = 0) costs 1 with the gradient −2y/S (−y/T); an all-zero row pair costs
/// 1 − 0/ε = 1 with gradient 0 (dice) or α·0 = 0 (tversky).
/// `tversky` false: dice (α, β unused).
struct Overlap {
  const LossInput& in;
  bool tversky;
  double alpha, beta, eps;
  bool vector;  // the vector forms (row: float block sums; group: four rows in float)

  double finish(const detail::PairSums& s, const float* x, const float* y, float* g, double gs,
                bool vector) const noexcept {
    double loss = 0.0, a = 0.0, c = 0.0;
    if (!tversky) {
      const double S = s.x + s.y + eps;
      loss = 1.0 - 2.0 * s.xy / S;
      a = -2.0 * gs / S;
      c = 2.0 * gs * s.xy / (S * S);
    } else {
      const double T = s.xy + alpha * (s.x - s.xy) + beta * (s.y - s.xy) + eps;
      loss = 1.0 - s.xy / T;
      const double q = s.xy / (T * T);
      a = gs * (q * (1.0 - alpha - beta) - 1.0 / T);
      c = gs * alpha * q;
    }
    if (g != nullptr) {
      if (vector) {
        detail::affineGradVector(x, y, g, in.cols, a, 0.0, c);
      } else {
        detail::affineGrad(x, y, g, in.cols, a, 0.0, c);
      }
    }
    return loss;
  }

  /// One row: the vector form (float block sums) or, when `vector` is false, the scalar twin.
  double row(std::size_t i, const float* x, float* g, double gs) const noexcept {
    const float* y = in.target + i * in.cols;
    // Probabilities sum without overflow below 2^104 columns: the float sums stay finite.
    return vector ? finish(detail::pairSumsVector<false>(x, y, in.cols), x, y, g, gs, true)
                  : finish(detail::pairSums<false>(x, y, in.cols), x, y, g, gs, false);
  }

  /// Sums up to this run four rows at a time (probabilities: any row up to 512 columns).
  static constexpr float kGroupLimit = 3.0e38f;

  /// Four rows from their sums (lanes), in float: the same expressions with 1/S (1/T) taken
  /// once; the gradient's coefficients g = a·y + c (b = 0).
  detail::V4 group(detail::D4 d, detail::V4 sx, detail::V4 sy, detail::V4 sxy, detail::V4 gs, bool /*grad*/,
                   detail::V4& a, detail::V4& b, detail::V4& c) const noexcept {
    namespace dt = detail;
    const dt::V4 one = hn::Set(d, 1.0f), veps = hn::Set(d, static_cast<float>(eps));
    b = hn::Zero(d);
    if (!tversky) {  // r = I/S: l = 1 − 2r, a = −2gs/S, c = 2gs·r/S
      const dt::V4 inv = hn::Div(one, hn::Add(hn::Add(sx, sy), veps));
      const dt::V4 r = hn::Mul(sxy, inv), two = hn::Add(gs, gs);
      a = hn::Neg(hn::Mul(two, inv));
      c = hn::Mul(two, hn::Mul(r, inv));
      return hn::NegMulAdd(hn::Set(d, 2.0f), r, one);
    }
    // T = I + α(Σx − I) + β(Σy − I) + ε, r = I/T, q = r/T: l = 1 − r,
    // a = gs·(q(1 − α − β) − 1/T), c = gs·α·q
    const dt::V4 va = hn::Set(d, static_cast<float>(alpha)), vb = hn::Set(d, static_cast<float>(beta));
    const dt::V4 T = hn::Add(hn::MulAdd(vb, hn::Sub(sy, sxy), hn::MulAdd(va, hn::Sub(sx, sxy), sxy)), veps);
    const dt::V4 inv = hn::Div(one, T);
    const dt::V4 r = hn::Mul(sxy, inv), q = hn::Mul(r, inv);
    a = hn::Mul(gs, hn::MulSub(q, hn::Set(d, static_cast<float>(1.0 - alpha - beta)), inv));
    c = hn::Mul(gs, hn::Mul(va, q));
    return hn::Sub(one, r);
  }
};

/// Four rows at a time unless forceScalar() or an option float vectors cannot hold.
Status runOverlap(const LossInput& in, const LossOptions& opt, LossOutput& out, bool tversky) noexcept {
  const bool vector = !detail::forceScalar() && detail::floatFriendly(opt.eps) &&
                      (!tversky || (detail::floatFriendly(opt.alpha) && detail::floatFriendly(opt.beta) &&
                                    detail::floatFriendly(1.0 - opt.alpha - opt.beta)));
  const Overlap loss{in, tversky, opt.alpha, opt.beta, opt.eps, vector};
  return detail::runPairRows<false>(loss, in, opt.reduction, out, vector);
}

Status runDice(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return runOverlap(in, opt, out, false);
}

Status runTversky(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return runOverlap(in, opt, out, true);
}

OptionSpec overlapEps() {
  return detail::numberOption("eps", detail::kKerasEpsilon, &LossOptions::eps,
                              "added to the denominator, so that two empty masks cost 1 instead of 0/0 "
                              "(Keras's backend epsilon)",
                              0.0, true, "> 0");
}

const char* const kMaskInput = "probabilities [N, D] (one mask per row; a flat array is one mask)";
const char* const kMaskTarget = "masks [N, D]: 0/1 labels, or soft labels in [0, 1]";

}  // namespace

namespace detail {

LossSpec diceSpec() {
  LossSpec s = described(LossSpec{
      "dice", Family::Binary, Layout::Rows, InputDomain::UnitInterval, TargetKind::ProbabilityRows,
      {overlapEps()},
      R"(\ell_i = 1 - \frac{2\sum_k x_{i,k}\,y_{i,k}}{\sum_k x_{i,k} + \sum_k y_{i,k} + \epsilon})",
      "Dice loss: one minus the overlap of a predicted mask and the true one (the F1 score of soft masks).",
      "Segmentation with a small foreground (a lesion, a road): unlike per-pixel cross-entropy it is not "
      "dominated by the many easy background pixels.",
      kMaskInput, kMaskTarget, runDice},
      InputKind::Probabilities, "Dice");
  s.flat_is_one_row = true;
  return s;
}

LossSpec tverskySpec() {
  LossSpec s = described(LossSpec{
      "tversky", Family::Binary, Layout::Rows, InputDomain::UnitInterval, TargetKind::ProbabilityRows,
      {numberOption("alpha", 0.5, &LossOptions::alpha, "weight of the false positives, sum x(1 - y)", 0.0,
                    false, ">= 0"),
       numberOption("beta", 0.5, &LossOptions::beta, "weight of the false negatives, sum (1 - x)y", 0.0,
                    false, ">= 0"),
       overlapEps()},
      R"(\ell_i = 1 - \frac{\sum_k x y}{\sum_k x y + \alpha \sum_k x (1 - y) + \beta \sum_k (1 - x) y + \epsilon})",
      "Tversky loss: Dice with false positives weighted by alpha and false negatives by beta (alpha = beta = 0.5 is Dice).",
      "Segmentation where missing foreground costs more than a false alarm (beta > alpha: recall first), "
      "as in lesion detection (Salehi et al. 2017).",
      kMaskInput, kMaskTarget, runTversky},
      InputKind::Probabilities, "Tversky");
  s.flat_is_one_row = true;
  return s;
}

}  // namespace detail
}  // namespace losslab
