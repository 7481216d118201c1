// Pair losses (Layout::Pair): x1 in `input`, x2 in `other` (the same shape, both
// differentiable: `grad` and `grad_other`) and one label y = ±1 per pair in `label`.
//   margin_ranking    x1, x2 [N]: which of two scores should be the higher
//   cosine_embedding  x1, x2 [N, D]: whether two embeddings point the same way
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.hpp"
#include "simd/rows.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

// ---- margin_ranking ---------------------------------------------------------------

/// nn.MarginRankingLoss (PyTorch 1.13: (−y·(x1 − x2) + margin).clamp_min(0)), per pair:
///   z = margin − y·(x1 − x2);  l = max(0, z);
///   ∂l/∂x1 = −y, ∂l/∂x2 = +y where z ≥ 0 (clamp_min passes the gradient at the kink: a
///   tie x1 = x2 at margin 0 pays 0 and still pushes), else 0. y = ±1, margin any finite.
/// In float, as PyTorch's float32 kernel: x1 − x2 and the margin rounded to float (y·d is
/// exact), so the scalar twin and the vector form agree bit for bit; in double where the
/// margin is not float-friendly or x1 − x2 overflows float.
struct MarginRanking {
  double margin;
  bool inFloat;  // floatFriendly(margin): the float forms apply

  /// Pair i: returns l, writes the factor f with ∂l/∂x1 = f, ∂l/∂x2 = −f.
  double scalar(float x1, float x2, float y, double& f) const noexcept {
    if (inFloat) {
      const float d = x1 - x2;
      if (std::isfinite(d)) {
        const float z = static_cast<float>(margin) - y * d;
        f = z >= 0.0f ? -static_cast<double>(y) : 0.0;
        return std::max(z, 0.0f);
      }
    }
    const double z = margin - static_cast<double>(y) * (static_cast<double>(x1) - x2);
    f = z >= 0.0 ? -static_cast<double>(y) : 0.0;
    return std::max(z, 0.0);
  }

  // z = m − y·(x1 − x2); l = max(z, 0); f = −y where z ≥ 0. (A d that overflows makes the
  // block's sum non-finite: the whole call then reruns in the scalar twin.)
  template <class D, class V>
  HWY_INLINE V vector(D d, V x1, V x2, V y, V& f) const noexcept {
    const V z = hn::Sub(hn::Set(d, static_cast<float>(margin)), hn::Mul(y, hn::Sub(x1, x2)));
    f = hn::IfThenElseZero(hn::Ge(z, hn::Zero(d)), hn::Neg(y));
    return hn::Max(z, hn::Zero(d));
  }
};

/// Which outputs a body of marginRankingSimd stores: none (the value alone), both gradients
/// (the value-and-gradient hot path: the JS wrapper always asks for both), or whatever is
/// given, checked per vector ('none' terms; a caller asking for one gradient).
enum class PairStores { Value, Grads, IfGiven };

/// Σ of the terms over [0, n) in whole vectors (then the scalar twin for the tail), writing
/// 'none' terms to `values` and scale·∂l/∂x1, scale·∂l/∂x2 to `g1`, `g2` as kStores says.
/// Float sums per block of kSimdBlock pairs, double across blocks.
template <PairStores kStores>
double marginRankingSimd(const MarginRanking& term, const LossInput& in, float scale, float* values,
                         float* g1, float* g2) noexcept {
  const detail::DF d;
  const std::size_t n = in.n;
  const auto vscale = hn::Set(d, scale);
  const float* x1 = in.input;
  const float* x2 = in.other;
  const float* y = in.label;
  std::size_t i = 0;
  auto step = [&](std::size_t at, detail::VF& acc) {
    detail::VF f;
    const detail::VF l = term.vector(d, hn::LoadU(d, x1 + at), hn::LoadU(d, x2 + at), hn::LoadU(d, y + at), f);
    acc = hn::Add(acc, l);
    if constexpr (kStores == PairStores::Grads) {
      const detail::VF gf = hn::Mul(f, vscale);
      hn::StoreU(gf, d, g1 + at);
      hn::StoreU(hn::Neg(gf), d, g2 + at);
    } else if constexpr (kStores == PairStores::IfGiven) {
      if (values) hn::StoreU(l, d, values + at);
      const detail::VF gf = hn::Mul(f, vscale);
      if (g1) hn::StoreU(gf, d, g1 + at);
      if (g2) hn::StoreU(hn::Neg(gf), d, g2 + at);
    }
  };
  double total = detail::sumVectorBlocks<true>(n, i, step);
  for (; i < n; ++i) {
    double f = 0.0;
    const double l = term.scalar(x1[i], x2[i], y[i], f);
    total += l;
    if (values) values[i] = static_cast<float>(l);
    if (g1) g1[i] = static_cast<float>(f * scale);
    if (g2) g2[i] = static_cast<float>(-f * scale);
  }
  return total;
}

/// The body for these outputs (see PairStores).
double marginRankingSimd(const MarginRanking& term, const LossInput& in, float scale, float* values,
                         float* g1, float* g2) noexcept {
  if (values == nullptr && g1 == nullptr && g2 == nullptr) {
    return marginRankingSimd<PairStores::Value>(term, in, scale, values, g1, g2);
  }
  if (values == nullptr && g1 != nullptr && g2 != nullptr) {
    return marginRankingSimd<PairStores::Grads>(term, in, scale, values, g1, g2);
  }
  return marginRankingSimd<PairStores::IfGiven>(term, in, scale, values, g1, g2);
}

Status runMarginRanking(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const MarginRanking term{opt.margin, detail::floatFriendly(opt.margin)};
  const std::size_t n = in.n;
  const detail::RowsScale reduce = detail::rowsScale(n, opt.reduction);
  float* values = opt.reduction == Reduction::None ? out.values : nullptr;
  if (term.inFloat && !detail::forceScalar()) {
    const double total = marginRankingSimd(term, in, static_cast<float>(reduce.grad), values,
                                           out.grad, out.grad_other);
    if (std::isfinite(total)) {
      out.value = detail::reduceRows(total, reduce, opt.reduction);
      return Status::ok();
    }
  }
  double total = 0.0;  // the scalar twin (and the redo of a float sum that overflowed)
  for (std::size_t i = 0; i < n; ++i) {
    double f = 0.0;
    const double l = term.scalar(in.input[i], in.other[i], in.label[i], f);
    total += l;
    if (values) values[i] = static_cast<float>(l);
    if (out.grad) out.grad[i] = static_cast<float>(f * reduce.grad);
    if (out.grad_other) out.grad_other[i] = static_cast<float>(-f * reduce.grad);
  }
  out.value = detail::reduceRows(total, reduce, opt.reduction);
  return Status::ok();
}

// ---- cosine_embedding -------------------------------------------------------------

/// PyTorch's ε in cosine_embedding_loss: `constexpr float EPSILON = 1e-12;`
/// (aten/src/ATen/native/Loss.cpp:13), added to each squared norm before the product's root
/// (Loss.cpp:172–174) — a float constant, so 1e-12f as a double.
constexpr double kCosineEpsilon = static_cast<double>(1e-12f);

/// The three sums of a row pair: Σx1·x2, Σx1², Σx2².
struct RowSums {
  double p = 0.0, s1 = 0.0, s2 = 0.0;
};

RowSums rowSumsScalar(const float* a, const float* b, std::size_t D) noexcept {
  RowSums s;
  for (std::size_t k = 0; k < D; ++k) {
    const double x = a[k], y = b[k];
    s.p += x * y;
    s.s1 += x * x;
    s.s2 += y * y;
  }
  return s;
}

/// The same in one vector pass (float lanes, padding lanes 0); non-finite when a float sum
/// overflows (coordinates beyond ~1e19): the row then takes the double twin.
RowSums rowSumsVector(const float* a, const float* b, std::size_t D) noexcept {
  const detail::DF d;
  auto p = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d);
  detail::forEachVector(d, D, [&](std::size_t c, std::size_t k) {
    const auto x = detail::loadRow(d, a, c, k, 0.0f);
    const auto y = detail::loadRow(d, b, c, k, 0.0f);
    p = hn::MulAdd(x, y, p);
    s1 = hn::MulAdd(x, x, s1);
    s2 = hn::MulAdd(y, y, s2);
  });
  return {hn::GetLane(hn::SumOfLanes(d, p)), hn::GetLane(hn::SumOfLanes(d, s1)),
          hn::GetLane(hn::SumOfLanes(d, s2))};
}

/// g1 ← a·x2 + b1·x1 and g2 ← a·x1 + b2·x2 over a row (either may be null).
void rowGradScalar(const float* x1, const float* x2, std::size_t D, double a, double b1, double b2,
                   float* g1, float* g2) noexcept {
  for (std::size_t k = 0; k < D; ++k) {
    if (g1) g1[k] = static_cast<float>(a * x2[k] + b1 * x1[k]);
    if (g2) g2[k] = static_cast<float>(a * x1[k] + b2 * x2[k]);
  }
}

void rowGradVector(const float* x1, const float* x2, std::size_t D, double a, double b1, double b2,
                   float* g1, float* g2) noexcept {
  const detail::DF d;
  const auto va = hn::Set(d, static_cast<float>(a));
  const auto vb1 = hn::Set(d, static_cast<float>(b1)), vb2 = hn::Set(d, static_cast<float>(b2));
  detail::forEachVector(d, D, [&](std::size_t c, std::size_t k) {
    const auto x = detail::loadRow(d, x1, c, k, 0.0f);
    const auto y = detail::loadRow(d, x2, c, k, 0.0f);
    if (g1) detail::storeRow(d, hn::MulAdd(va, y, hn::Mul(vb1, x)), g1, c, k);
    if (g2) detail::storeRow(d, hn::MulAdd(va, x, hn::Mul(vb2, y)), g2, c, k);
  });
}

/// nn.CosineEmbeddingLoss (aten/src/ATen/native/Loss.cpp:171–183), per row pair i with
/// p = Σx1·x2, s1 = Σx1² + ε, s2 = Σx2² + ε (ε = 1e-12, Loss.cpp:13), r = √(s1·s2):
///   cos = p / r;  l = 1 − cos for y = 1;  max(0, cos − margin) for y = −1;
///   ∂cos/∂x1 = x2/r − cos·x1/s1,  ∂cos/∂x2 = x1/r − cos·x2/s2 (autograd of that expression);
///   ∂l/∂x = −∂cos/∂x for y = 1, +∂cos/∂x where cos − margin ≥ 0 for y = −1 (clamp_min
///   passes the gradient at the kink), else 0. A zero row has cos = 0 and finite gradients
///   (ε keeps r > 0). Requires margin in [−1, 1] (PyTorch's documented range).
/// Sums in double in the scalar twin; in one float vector pass otherwise (a row whose float
/// sums overflow takes the twin), the gradient's two axpys likewise (in double where their
/// factors leave float's comfortable range).
Status runCosineEmbedding(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t D = in.cols;
  const std::size_t N = in.n / D;
  const detail::RowsScale reduce = detail::rowsScale(N, opt.reduction);
  const bool vector = !detail::forceScalar();
  const bool keepTerms = opt.reduction == Reduction::None && out.values != nullptr;
  double total = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    const float* x1 = in.input + i * D;
    const float* x2 = in.other + i * D;
    RowSums s;
    bool rowVector = vector;
    if (rowVector) {
      s = rowSumsVector(x1, x2, D);
      rowVector = std::isfinite(s.p) && std::isfinite(s.s1) && std::isfinite(s.s2);
    }
    if (!rowVector) s = rowSumsScalar(x1, x2, D);
    const double s1 = s.s1 + kCosineEpsilon, s2 = s.s2 + kCosineEpsilon;
    const double r = std::sqrt(s1 * s2);
    const double cos = s.p / r;
    double loss = 0.0, sign = 0.0;  // ∂l/∂cos
    if (in.label[i] > 0.0f) {
      loss = 1.0 - cos;
      sign = -1.0;
    } else {
      const double z = cos - opt.margin;
      loss = std::max(z, 0.0);
      sign = z >= 0.0 ? 1.0 : 0.0;
    }
    total += loss;
    if (keepTerms) out.values[i] = static_cast<float>(loss);
    float* g1 = out.grad ? out.grad + i * D : nullptr;
    float* g2 = out.grad_other ? out.grad_other + i * D : nullptr;
    if (g1 == nullptr && g2 == nullptr) continue;
    if (sign == 0.0) {
      if (g1) std::fill(g1, g1 + D, 0.0f);
      if (g2) std::fill(g2, g2 + D, 0.0f);
      continue;
    }
    const double f = sign * reduce.grad;
    const double a = f / r, b1 = -f * cos / s1, b2 = -f * cos / s2;
    // (Factors beyond float's comfortable range — coordinates near 1e17 — stay in double.)
    if (rowVector && detail::floatFriendly(a) && detail::floatFriendly(b1) && detail::floatFriendly(b2)) {
      rowGradVector(x1, x2, D, a, b1, b2, g1, g2);
    } else {
      rowGradScalar(x1, x2, D, a, b1, b2, g1, g2);
    }
  }
  out.value = detail::reduceRows(total, reduce, opt.reduction);
  return Status::ok();
}

}  // namespace

LossSpec detail::cosineEmbeddingSpec() {
  LossSpec s = detail::described(LossSpec{
      "cosine_embedding", Family::Embedding, Layout::Pair, InputDomain::Any,
      TargetKind::StrictSigns,
      {detail::boundedOption("margin", 0.0, &LossOptions::margin,
                             "how dissimilar (by cosine) a -1 pair must be before it stops costing",
                             -1.0, 1.0, "in [-1, 1]")},
      R"(\ell_i = \begin{cases} 1 - \cos(x_{1,i}, x_{2,i}) & y_i = 1 \\ \max\left(0,\ \cos(x_{1,i}, x_{2,i}) - \text{margin}\right) & y_i = -1 \end{cases})",
      "Cosine embedding loss: similar pairs should point the same way, dissimilar ones no closer than the margin.",
      "Learning embeddings from labelled pairs by angle (siamese networks, semantic similarity of sentences).",
      "x1 embeddings [N, D]", "{ other: x2 embeddings [N, D], label: -1 (dissimilar) or +1 (similar) per row }",
      runCosineEmbedding},
      InputKind::Embeddings, "Cosine embedding");
  s.trainer_note =
      "does not fit a 2-D toy: it needs pairs of embeddings and a ±1 similarity per pair; a 2-D "
      "dataset has one input and one label per point";
  return s;
}

std::vector<LossSpec> rankingLosses() {
  LossSpec s = detail::described(LossSpec{
      "margin_ranking", Family::Ranking, Layout::Pair, InputDomain::Any, TargetKind::StrictSigns,
      {detail::numberOption("margin", 0.0, &LossOptions::margin,
                            "how far the preferred score must lead before the pair stops costing",
                            -1e300, false, "finite")},
      R"(\ell_i = \max\left(0,\ -y_i\,(x_{1,i} - x_{2,i}) + \text{margin}\right))",
      "Margin ranking loss: of each pair of scores, the one its label prefers should lead by the margin.",
      "Learning to rank from pairwise preferences (search results, recommendations, RankNet-style training).",
      "x1 scores [N]", "{ other: x2 scores [N], label: +1 (x1 should rank higher) or -1 (x2 should) per pair }",
      runMarginRanking},
      InputKind::Scores, "Margin ranking");
  s.columns = 1;  // one score per side of a pair: flat x1 is N pairs
  s.trainer_note =
      "does not fit a 2-D toy: it needs pairs of inputs and a ±1 preference per pair; a 2-D "
      "dataset has one input per point";
  return {s};
}

}  // namespace losslab
