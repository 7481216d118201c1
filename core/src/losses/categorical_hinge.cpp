// Keras's CategoricalHinge: the multi-class hinge of the true class's score against the
// best other score, on [N, C] rows of scores with class-index or one-hot (or soft) targets.
#include <algorithm>
#include <cmath>

#include "multiclass_rows.hpp"
#include "simd/rows.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

using detail::DF;
using detail::VF;

/// keras/src/losses/losses.py L1714 categorical_hinge, with t the target row (one-hot from a
/// class index, or a given row in [0, 1]):
///   pos = Σ_c t_c·x_c,  m_c = (1 − t_c)·x_c,  neg = max_c m_c,  z = neg − pos + 1,
///   l = max(z, 0);
///   ∂l/∂x_c = [z ≥ 0]·((1 − t_c)·[m_c = neg]/k − t_c),  k = #{c : m_c = neg}
/// (the max's gradient shared by its k ties, as torch.amax's; the hinge passes it at z = 0,
/// as torch.clamp(·, min=0)). For a one-hot row neg = max(0, max_{c≠y} x_c): the true
/// class's zeroed entry takes part in the max, as in Keras.
struct CategoricalHinge {
  const LossInput& in;
  std::size_t C;
  bool indices;

  CategoricalHinge(const LossInput& input) noexcept
      : in(input), C(input.cols), indices(input.target_n == input.n / input.cols) {}

  double t(std::size_t i, std::size_t c) const noexcept {
    return indices ? (c == detail::classOf(in, i) ? 1.0 : 0.0) : in.target[i * C + c];
  }

  /// The scalar twin, in double.
  double row(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    double pos = 0.0, neg = -INFINITY;
    for (std::size_t c = 0; c < C; ++c) {
      pos += t(i, c) * x[c];
      neg = std::max(neg, (1.0 - t(i, c)) * x[c]);
    }
    const double z = neg - pos + 1.0;
    if (g != nullptr) {
      std::size_t k = 0;
      for (std::size_t c = 0; c < C; ++c) k += (1.0 - t(i, c)) * x[c] == neg ? 1 : 0;
      for (std::size_t c = 0; c < C; ++c) {
        const double tc = t(i, c);
        const double top = (1.0 - tc) * x[c] == neg ? (1.0 - tc) / static_cast<double>(k) : 0.0;
        g[c] = z >= 0.0 ? static_cast<float>(gscale * (top - tc)) : 0.0f;
      }
    }
    return std::max(z, 0.0);
  }

  /// The same a vector of classes at a time (float sums; padding lanes never the max).
  double vectorRow(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    const DF d;
    const VF one = hn::Set(d, 1.0f);
    const VF yv = hn::Set(d, indices ? static_cast<float>(detail::classOf(in, i)) : -1.0f);
    const float* trow = indices ? nullptr : in.target + i * C;
    auto targetAt = [&](std::size_t c, std::size_t k) {
      return indices ? hn::IfThenElseZero(hn::Eq(detail::columns(d, c), yv), one)
                     : detail::loadRow(d, trow, c, k, 0.0f);
    };
    auto marginAt = [&](std::size_t c, std::size_t k, VF xv, VF tv) {
      return hn::IfThenElse(hn::FirstN(d, k), hn::Mul(hn::Sub(one, tv), xv), hn::Set(d, -INFINITY));
    };
    VF pos = hn::Zero(d), neg = hn::Set(d, -INFINITY);
    detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      const VF xv = detail::loadRow(d, x, c, k, 0.0f);
      const VF tv = targetAt(c, k);
      pos = hn::MulAdd(tv, xv, pos);
      neg = hn::Max(neg, marginAt(c, k, xv, tv));
    });
    const float top = hn::GetLane(hn::MaxOfLanes(d, neg));
    const double posSum = indices ? x[detail::classOf(in, i)] : hn::GetLane(hn::SumOfLanes(d, pos));
    const double z = static_cast<double>(top) - posSum + 1.0;
    if (!std::isfinite(z)) return row(i, x, g, gscale);  // float sums beyond float's range
    if (g != nullptr) {
      if (z < 0.0) {
        std::fill(g, g + C, 0.0f);
      } else {
        const VF topv = hn::Set(d, top);
        VF ties = hn::Zero(d);
        detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
          const VF xv = detail::loadRow(d, x, c, k, 0.0f);
          ties = hn::Add(ties, hn::IfThenElseZero(hn::Eq(marginAt(c, k, xv, targetAt(c, k)), topv), one));
        });
        const VF share = hn::Set(d, static_cast<float>(gscale / hn::GetLane(hn::SumOfLanes(d, ties))));
        const VF gs = hn::Set(d, static_cast<float>(gscale));
        detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
          const VF xv = detail::loadRow(d, x, c, k, 0.0f);
          const VF tv = targetAt(c, k);
          const VF atTop = hn::IfThenElseZero(hn::Eq(marginAt(c, k, xv, tv), topv), hn::Sub(one, tv));
          detail::storeRow(d, hn::NegMulAdd(gs, tv, hn::Mul(share, atTop)), g, c, k);
        });
      }
    }
    return std::max(z, 0.0);
  }
};

Status runCategoricalHinge(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const CategoricalHinge hinge(in);
  const detail::RowsScale scale = detail::rowsScale(in.n / in.cols, opt.reduction);
  if (detail::forceScalar()) {
    return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return hinge.row(i, x, g, gs); },
                           scale, in, opt.reduction, out);
  }
  return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return hinge.vectorRow(i, x, g, gs); },
                         scale, in, opt.reduction, out);
}

}  // namespace

LossSpec detail::categoricalHingeSpec() {
  return detail::described(LossSpec{
      "categorical_hinge", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::IndicesOrProbabilities, {},
      R"(\ell_i = \max\left(0,\ 1 + \max_c (1 - t_{i,c})\,x_{i,c} - \sum_c t_{i,c}\,x_{i,c}\right))",
      "Categorical hinge loss: the true class's score must beat the best other score by 1 (Keras).",
      "Multi-class classifiers on raw scores trained as a max-margin (SVM-style) model.",
      "scores [N, C] (raw, unbounded)", "class indices (length N) or one-hot rows [N, C]",
      runCategoricalHinge},
      InputKind::Scores, "Categorical hinge");
}

}  // namespace losslab
