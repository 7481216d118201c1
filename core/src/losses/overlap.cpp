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

  double row(std::size_t i, const float* x, float* g, double gs) const noexcept {
    const float* y = in.target + i * in.cols;
    return finish(detail::pairSums<false>(x, y, in.cols), x, y, g, gs, false);
  }

  // Probabilities sum without overflow below 2^104 columns: the float sums stay finite.
  double vectorRow(std::size_t i, const float* x, float* g, double gs) const noexcept {
    const float* y = in.target + i * in.cols;
    return finish(detail::pairSumsVector<false>(x, y, in.cols), x, y, g, gs, true);
  }
};

Status runOverlap(const LossInput& in, const LossOptions& opt, LossOutput& out, bool tversky) noexcept {
  const Overlap loss{in, tversky, opt.alpha, opt.beta, opt.eps};
  const detail::RowsScale scale = detail::rowsScale(in.n / in.cols, opt.reduction);
  if (detail::forceScalar()) {
    return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return loss.row(i, x, g, gs); },
                           scale, in, opt.reduction, out);
  }
  return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return loss.vectorRow(i, x, g, gs); },
                         scale, in, opt.reduction, out);
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
