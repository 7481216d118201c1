// Multi-label losses: each row of [N, C] scores may have several true classes.
// nn.MultiLabelSoftMarginLoss (a logistic loss per class, averaged over the classes) and
// nn.MultiLabelMarginLoss (a hinge between every true and every other class).
#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "multiclass_rows.hpp"
#include "simd/rows.hpp"
#include "simd/vmath.hpp"

namespace losslab {
namespace {

using detail::DF;
using detail::VF;

/// nn.MultiLabelSoftMarginLoss with per-class weights w (1 when absent), y in [0, 1]:
///   l_i = (1/C)·Σ_c w_c·(softplus(x_c) − y_c·x_c)   (= −y·log σ(x) − (1 − y)·log σ(−x));
///   ∂l_i/∂x_c = w_c·(σ(x_c) − y_c)/C;  'mean' divides by N ('none': one term per row).
/// softplus(x) − y·x is taken as (max(x, 0) − y·x) + log1p(e^{−|x|}): nothing cancels.
struct MultilabelSoftMargin {
  const LossInput& in;
  const FloatSpan& weight;
  std::size_t C;

  double row(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    const float* y = in.target + i * C;
    double sum = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double xc = x[c], yc = y[c];
      const double w = detail::classValue(weight, c);
      sum += w * ((std::max(xc, 0.0) - yc * xc) + std::log1p(std::exp(-std::abs(xc))));
      if (g != nullptr) g[c] = static_cast<float>(gscale * w * (detail::sigmoid(xc) - yc) / C);
    }
    return sum / static_cast<double>(C);
  }

  double vectorRow(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    const DF d;
    const float* y = in.target + i * C;
    const VF zero = hn::Zero(d), one = hn::Set(d, 1.0f);
    const VF gs = hn::Set(d, static_cast<float>(gscale / static_cast<double>(C)));
    VF acc = zero;
    detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      const VF xv = detail::loadRow(d, x, c, k, 0.0f);
      const VF yv = detail::loadRow(d, y, c, k, 0.0f);
      const VF w = weight.empty() ? one : detail::loadRow(d, weight.data, c, k, 0.0f);
      const detail::vm::Logistic<DF, VF> lg(d, xv);
      const VF l = hn::Add(hn::NegMulAdd(yv, xv, hn::Max(xv, zero)), lg.lp);
      acc = hn::MulAdd(hn::IfThenElseZero(hn::FirstN(d, k), w), l, acc);
      if (g != nullptr) {
        const VF r = lg.r(d);
        const VF sigma = hn::IfThenElse(hn::Ge(xv, zero), r, hn::Mul(lg.e, r));
        detail::storeRow(d, hn::Mul(hn::Mul(gs, w), hn::Sub(sigma, yv)), g, c, k);
      }
    });
    const double value = static_cast<double>(hn::GetLane(hn::SumOfLanes(d, acc))) / static_cast<double>(C);
    return std::isfinite(value) ? value : row(i, x, g, gscale);
  }
};

Status runMultilabelSoftMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const MultilabelSoftMargin loss{in, opt.weight, in.cols};
  const detail::RowsScale scale = detail::rowsScale(in.n / in.cols, opt.reduction);
  if (detail::forceScalar()) {
    return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return loss.row(i, x, g, gs); },
                           scale, in, opt.reduction, out);
  }
  return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return loss.vectorRow(i, x, g, gs); },
                         scale, in, opt.reduction, out);
}

/// nn.MultiLabelMarginLoss: row i's true classes are its target's entries before the first −1
/// (the set T_i, a class listed twice counting twice, as PyTorch's loop does);
///   l_i = (1/C)·Σ_{j ∈ T_i} Σ_{c ∉ T_i} max(0, 1 − (x_j − x_c));
///   ∂l_i/∂x_c = +1/C and ∂l_i/∂x_j = −1/C for each pair with 1 − (x_j − x_c) > 0 (no
///   gradient at 0, as PyTorch's kernel);  'mean' divides by N.
/// `isTarget` is a C-float scratch row (1 for the classes of T_i). Scalar only: a branch per
/// pair (k·C per row) in double; a vector form did not pay for its size in the page's module.
struct MultilabelMargin {
  const LossInput& in;
  std::size_t C;
  float* isTarget;

  /// Marks T_i in isTarget; returns its length (entries before the first −1).
  std::size_t mark(std::size_t i) const noexcept {
    const float* t = in.target + i * C;
    std::fill(isTarget, isTarget + C, 0.0f);
    std::size_t k = 0;
    for (; k < C && t[k] != -1.0f; ++k) isTarget[static_cast<std::size_t>(t[k])] = 1.0f;
    return k;
  }

  double row(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    const float* t = in.target + i * C;
    const std::size_t k = mark(i);
    const double step = gscale / static_cast<double>(C);
    double loss = 0.0;
    if (g != nullptr) std::fill(g, g + C, 0.0f);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t yj = static_cast<std::size_t>(t[j]);
      const double base = 1.0 - static_cast<double>(x[yj]);
      std::size_t active = 0;
      for (std::size_t c = 0; c < C; ++c) {
        if (isTarget[c] != 0.0f) continue;
        const double z = base + x[c];
        if (z > 0.0) {
          loss += z;
          ++active;
          if (g != nullptr) g[c] = static_cast<float>(g[c] + step);
        }
      }
      if (g != nullptr) g[yj] = static_cast<float>(g[yj] - step * static_cast<double>(active));
    }
    return loss / static_cast<double>(C);
  }
};

Status runMultilabelMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  std::vector<float> scratch;
  try {
    scratch.resize(in.cols);
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "multilabel_margin: out of memory");
  }
  const MultilabelMargin loss{in, in.cols, scratch.data()};
  const detail::RowsScale scale = detail::rowsScale(in.n / in.cols, opt.reduction);
  return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return loss.row(i, x, g, gs); },
                         scale, in, opt.reduction, out);
}

OptionSpec classWeightOption() {
  return detail::vectorOption("weight", &LossOptions::weight, VectorLength::Classes,
                              "rescaling weight for each class", 0.0, ">= 0");
}

}  // namespace

std::vector<LossSpec> multilabelLosses() {
  LossSpec margin = detail::described(LossSpec{
      "multilabel_margin", Family::Multilabel, Layout::Rows, InputDomain::Any,
      TargetKind::LabelLists, {},
      R"(\ell_i = \frac{1}{C}\sum_{j \in T_i}\sum_{c \notin T_i} \max\left(0,\ 1 - (x_{i,j} - x_{i,c})\right))",
      "Multi-label margin loss: every true class's score must beat every other class's by 1.",
      "Tagging with several correct labels per example, ranked by score (multi-label SVM).",
      "scores [N, C] (raw, unbounded)",
      "class indices [N, C]: each row lists the true classes, ended by -1 (e.g. 3, 0, -1, -1)",
      runMultilabelMargin},
      InputKind::Scores, "Multi-label margin");
  margin.trainer_note =
      "cannot train here: its target is a list of true classes per sample (ended by -1), but a "
      "network's y gives one class per sample, for which it is multi_margin (p = 1, margin 1); "
      "train multi_margin or categorical_hinge on blobs";
  return {
      detail::described(LossSpec{
          "multilabel_soft_margin", Family::Multilabel, Layout::Rows, InputDomain::Any,
          TargetKind::ProbabilityRows, {classWeightOption()},
          R"(\ell_i = -\frac{1}{C}\sum_c w_c\left[y_{i,c}\log\sigma(x_{i,c}) + (1 - y_{i,c})\log(1 - \sigma(x_{i,c}))\right])",
          "Multi-label soft margin loss: a logistic loss for each class, averaged over the classes.",
          "Tagging with several labels per example (e.g. the objects in a photo), one logit per label.",
          "logits [N, C] (raw scores, one per label)", "labels 0/1 [N, C] (or soft labels in [0, 1])",
          runMultilabelSoftMargin},
          InputKind::Logits, "Multi-label soft margin"),
      margin};
}

}  // namespace losslab
