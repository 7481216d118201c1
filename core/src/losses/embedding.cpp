// Embedding losses: triplets of anchors, positives and negatives ([N, D] each, D = in.cols).
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.hpp"

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
///   (torch.minimum). 'mean' divides by N. Requires margin ≥ 0, p ≥ 1, ε ≥ 0.
Status runTripletMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t D = in.cols;
  const std::size_t N = in.n / D;
  const Distance dist{opt.p, opt.eps};
  const double scale = opt.reduction == Reduction::Mean ? 1.0 / static_cast<double>(N) : 1.0;
  for (float* g : {out.grad, out.grad_positive, out.grad_negative}) {
    if (g) std::fill(g, g + in.n, 0.0f);
  }
  double total = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t o = i * D;
    const float* a = in.input + o;
    const float* p = in.positive + o;
    const float* n = in.negative + o;
    const double dPos = dist(a, p, D);
    const double dAN = dist(a, n, D);
    double dNeg = dAN, wAN = 1.0, wPN = 0.0;  // d(a, n)'s and d(p, n)'s shares of the min
    double dPN = 0.0;
    if (opt.swap) {
      dPN = dist(p, n, D);
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
    dist.accumulate(a, p, D, dPos, scale, row(out.grad), row(out.grad_positive));
    dist.accumulate(a, n, D, dAN, -scale * wAN, row(out.grad), row(out.grad_negative));
    if (opt.swap) dist.accumulate(p, n, D, dPN, -scale * wPN, row(out.grad_positive), row(out.grad_negative));
  }
  out.value = opt.reduction == Reduction::Mean ? total / static_cast<double>(N) : total;
  return Status::ok();
}

}  // namespace

std::vector<LossSpec> embeddingLosses() {
  using detail::numberOption;
  return {LossSpec{
      "triplet_margin", Family::Embedding, Layout::Triplet, InputDomain::Any, TargetKind::None,
      {numberOption("margin", 1.0, &LossOptions::margin,
                    "how much closer the positive must be than the negative", 0.0, false, ">= 0"),
       // p >= 1 (a norm): for p < 1 the distance (Σ|v|^p)^(1/p) overflows to ∞ for small p
       // (∞ − ∞ = NaN loss) and its gradient |v|^(p−1) is unbounded near v = 0.
       numberOption("p", 2.0, &LossOptions::p, "the norm degree of the pairwise distance", 1.0,
                    false, ">= 1"),
       numberOption("eps", 1e-6, &LossOptions::eps,
                    "added to each difference so the distance is differentiable at 0", 0.0,
                    false, ">= 0"),
       detail::flagOption("swap", false, &LossOptions::swap,
                          "use the positive-negative distance when it is the smaller (distance swap)")},
      R"(\ell_i = \max\left(0,\ \text{margin} + \lVert a_i - p_i \rVert_p - \lVert a_i - n_i \rVert_p\right))",
      "Triplet margin loss: an anchor should be closer to its positive than to its negative by a margin.",
      "Face recognition and other metric learning (FaceNet): embeddings of the same identity cluster.",
      "anchor embeddings [N, D]", "{ positive, negative } embeddings, each [N, D]",
      runTripletMargin}};
}

}  // namespace losslab
