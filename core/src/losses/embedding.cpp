// Embedding losses: triplets of anchors, positives and negatives ([N, D] each, D = in.cols);
// cosine_embedding's pairs are in pairs.cpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.hpp"
#include "simd/rows.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

/// F.pairwise_distance: d(a, b) = ‖v‖_p with v = a − b + ε (ε added to the difference, as
/// PyTorch does, so that identical vectors have a differentiable distance);
/// ∂d/∂v_k = sgn(v_k)·(|v_k| / d)^{p−1} — PyTorch's norm_backward written scale-free — and 0
/// where v_k = 0 or d = 0. Requires p ≥ 1, so d and every |∂d/∂v_k| ≤ 1 stay finite.
struct Distance {
  double p;
  double eps;

  double operator()(const float* a, const float* b, std::size_t D) const noexcept {
    if (p == 2.0) {
      double s = 0.0;
      for (std::size_t k = 0; k < D; ++k) s += sq(diff(a, b, k));
      return std::sqrt(s);
    }
    // (Σ|v|^p)^{1/p}, scaled by max|v| so large p cannot overflow.
    double m = 0.0;
    for (std::size_t k = 0; k < D; ++k) m = std::max(m, std::abs(diff(a, b, k)));
    if (m == 0.0) return 0.0;
    if (p == 1.0) {
      double s = 0.0;
      for (std::size_t k = 0; k < D; ++k) s += std::abs(diff(a, b, k));
      return s;
    }
    double s = 0.0;
    for (std::size_t k = 0; k < D; ++k) s += std::pow(std::abs(diff(a, b, k)) / m, p);
    return m * std::pow(s, 1.0 / p);
  }

  /// ga[k] += scale·∂d/∂a_k and gb[k] −= the same (∂d/∂b = −∂d/∂a); either may be null.
  void accumulate(const float* a, const float* b, std::size_t D, double dist, double scale,
                  float* ga, float* gb) const noexcept {
    if (scale == 0.0 || (ga == nullptr && gb == nullptr)) return;
    for (std::size_t k = 0; k < D; ++k) {
      const double v = diff(a, b, k);
      double dv = 0.0;
      if (p == 1.0) {
        dv = v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0);
      } else if (dist > 0.0 && v != 0.0) {
        dv = p == 2.0 ? v / dist : std::copysign(std::pow(std::abs(v) / dist, p - 1.0), v);
      }
      if (ga) ga[k] += static_cast<float>(scale * dv);
      if (gb) gb[k] -= static_cast<float>(scale * dv);
    }
  }

  /// Whether the vector forms below apply (p = 1 or 2; others run in double).
  bool vectorised() const noexcept { return p == 1.0 || p == 2.0; }

  /// The vector form of operator() for p = 1 and 2, in float: Σ v² or Σ |v| with
  /// v = (a − b) + ε, the padding lanes of a partial vector masked to 0. NaN when that float
  /// sum overflows (differences near FLT_MAX): the row then runs in double.
  double vector(const float* a, const float* b, std::size_t D) const noexcept {
    const detail::DF d;
    const auto veps = hn::Set(d, static_cast<float>(eps));
    auto acc = hn::Zero(d);
    detail::forEachVector(d, D, [&](std::size_t c, std::size_t k) {
      auto v = hn::Add(hn::Sub(detail::loadRow(d, a, c, k, 0.0f), detail::loadRow(d, b, c, k, 0.0f)), veps);
      if (k < hn::Lanes(d)) v = hn::IfThenElseZero(hn::FirstN(d, k), v);
      acc = p == 2.0 ? hn::MulAdd(v, v, acc) : hn::Add(acc, hn::Abs(v));
    });
    const double s = hn::GetLane(hn::SumOfLanes(d, acc));
    if (!std::isfinite(s)) return NAN;
    return p == 2.0 ? std::sqrt(s) : s;
  }

  /// The vector form of accumulate (p = 1 or 2): ∂d/∂v = v/d or sign(v).
  void vectorAccumulate(const float* a, const float* b, std::size_t D, double dist, double scale,
                        float* ga, float* gb) const noexcept {
    if (scale == 0.0 || (ga == nullptr && gb == nullptr)) return;
    if (p == 2.0 && !(dist > 0.0)) return;  // every v is 0: nothing to add
    const detail::DF d;
    const auto veps = hn::Set(d, static_cast<float>(eps));
    const auto f = hn::Set(d, static_cast<float>(p == 2.0 ? scale / dist : scale));
    const auto zero = hn::Zero(d), one = hn::Set(d, 1.0f);
    detail::forEachVector(d, D, [&](std::size_t c, std::size_t k) {
      const auto v = hn::Add(hn::Sub(detail::loadRow(d, a, c, k, 0.0f), detail::loadRow(d, b, c, k, 0.0f)), veps);
      const auto sign = hn::Sub(hn::IfThenElseZero(hn::Gt(v, zero), one), hn::IfThenElseZero(hn::Lt(v, zero), one));
      const auto dv = hn::Mul(p == 2.0 ? v : sign, f);
      if (ga) detail::storeRow(d, hn::Add(detail::loadRow(d, ga, c, k, 0.0f), dv), ga, c, k);
      if (gb) detail::storeRow(d, hn::Sub(detail::loadRow(d, gb, c, k, 0.0f), dv), gb, c, k);
    });
  }

  double diff(const float* a, const float* b, std::size_t k) const noexcept {
    return static_cast<double>(a[k]) - b[k] + eps;
  }
  static double sq(double v) noexcept { return v * v; }
};

/// nn.TripletMarginLoss, per row i with anchor a, positive p and negative n:
///   l_i = max(0, margin + d(a, p) − d(a, n)),  with swap: d(a, n) ← min(d(a, n), d(p, n));
///   ∂l_i/∂a = ∂d(a,p)/∂a − ∂d(a,n)/∂a,  ∂l_i/∂p = −∂d(a,p)/∂a [− ∂d(p,n)/∂p],
///   ∂l_i/∂n = ∂d(a,n)/∂a [+ ∂d(p,n)/∂p], where the hinge passes gradient when its argument
///   is ≥ 0 (clamp_min, as PyTorch), and a tie in the swap's min splits it half and half
///   (torch.minimum). 'mean' divides by N. Requires margin ≥ 0, p ≥ 1, 0 ≤ ε ≤ 1.
Status runTripletMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t D = in.cols;
  const std::size_t N = in.n / D;
  const Distance dist{opt.p, opt.eps};
  const detail::RowsScale reduce = detail::rowsScale(N, opt.reduction);
  const double scale = reduce.grad;
  for (float* g : {out.grad, out.grad_positive, out.grad_negative}) {
    if (g) std::fill(g, g + in.n, 0.0f);
  }
  const bool useVector = dist.vectorised() && !detail::forceScalar();
  double total = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t o = i * D;
    const float* a = in.input + o;
    const float* p = in.positive + o;
    const float* n = in.negative + o;
    // Vectorised for p = 1 and 2 (float sums), unless forceScalar() or a float overflow.
    bool vector = useVector;
    double dPos = 0.0, dAN = 0.0, dPN = 0.0;
    if (vector) {
      dPos = dist.vector(a, p, D);
      dAN = dist.vector(a, n, D);
      if (opt.swap) dPN = dist.vector(p, n, D);
      vector = !std::isnan(dPos) && !std::isnan(dAN) && !std::isnan(dPN);
    }
    if (!vector) {
      dPos = dist(a, p, D);
      dAN = dist(a, n, D);
      if (opt.swap) dPN = dist(p, n, D);
    }
    double dNeg = dAN, wAN = 1.0, wPN = 0.0;  // d(a, n)'s and d(p, n)'s shares of the min
    if (opt.swap) {
      dNeg = std::min(dAN, dPN);
      wAN = dAN < dPN ? 1.0 : (dAN > dPN ? 0.0 : 0.5);
      wPN = 1.0 - wAN;
    }
    const double z = opt.margin + dPos - dNeg;
    const double loss = std::max(z, 0.0);
    total += loss;
    if (opt.reduction == Reduction::None && out.values) out.values[i] = static_cast<float>(loss);
    if (z < 0.0) continue;
    auto row = [o](float* g) { return g ? g + o : nullptr; };
    auto accumulate = [&](const float* u, const float* v, double duv, double f, float* gu, float* gv) {
      if (vector) {
        dist.vectorAccumulate(u, v, D, duv, f, gu, gv);
      } else {
        dist.accumulate(u, v, D, duv, f, gu, gv);
      }
    };
    accumulate(a, p, dPos, scale, row(out.grad), row(out.grad_positive));
    accumulate(a, n, dAN, -scale * wAN, row(out.grad), row(out.grad_negative));
    if (opt.swap) accumulate(p, n, dPN, -scale * wPN, row(out.grad_positive), row(out.grad_negative));
  }
  out.value = detail::reduceRows(total, reduce, opt.reduction);
  return Status::ok();
}

}  // namespace

std::vector<LossSpec> embeddingLosses() {
  using detail::numberOption;
  std::vector<LossSpec> v = {detail::described(LossSpec{
      "triplet_margin", Family::Embedding, Layout::Triplet, InputDomain::Any, TargetKind::None,
      {numberOption("margin", 1.0, &LossOptions::margin,
                    "how much closer the positive must be than the negative", 0.0, false, ">= 0"),
       // p >= 1 (a norm): for p < 1 the distance (Σ|v|^p)^(1/p) overflows to ∞ for small p
       // (∞ − ∞ = NaN loss) and its gradient |v|^(p−1) is unbounded near v = 0.
       numberOption("p", 2.0, &LossOptions::p, "the norm degree of the pairwise distance", 1.0,
                    false, ">= 1"),
       // At most 1: a larger ε is no stabiliser, and one near 1e300 overflowed both distances
       // to ∞ (∞ − ∞ = NaN loss).
       detail::boundedOption("eps", 1e-6, &LossOptions::eps,
                             "added to each difference so the distance is differentiable at 0",
                             0.0, 1.0, "in [0, 1]"),
       detail::flagOption("swap", false, &LossOptions::swap,
                          "use the positive-negative distance when it is the smaller (distance swap)")},
      R"(\ell_i = \max\left(0,\ \text{margin} + \lVert a_i - p_i \rVert_p - \lVert a_i - n_i \rVert_p\right))",
      "Triplet margin loss: an anchor should be closer to its positive than to its negative by a margin.",
      "Face recognition and other metric learning (FaceNet): embeddings of the same identity cluster.",
      "anchor embeddings [N, D]", "{ positive, negative } embeddings, each [N, D]",
      runTripletMargin},
      InputKind::Embeddings, "Triplet margin"),
          detail::cosineEmbeddingSpec()};
  v.push_back(detail::cosineSimilaritySpec());
  return v;
}

}  // namespace losslab
