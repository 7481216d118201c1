// Multi-class losses on probability rows, with Keras's semantics: the input is clipped to
// [ε, 1 − ε] (or [ε, 1]), ε = 1e-7, and the clip passes gradient only inside its range
// (tf.clip_by_value's gradient; both ends inclusive).
#include <algorithm>
#include <cmath>
#include <string>

#include "multiclass_rows.hpp"
#include "simd/rows.hpp"
#include "simd/scan.hpp"
#include "simd/vmath.hpp"

namespace losslab::detail {
namespace {

constexpr double kClipLow = kKerasEpsilon;
constexpr double kClipHigh = 1.0 - kKerasEpsilon;

/// Keras categorical cross-entropy of one row x against target weights t(c):
///   S = Σ_c x_c,  p = x / S,  q = clip(p, ε, 1 − ε),  l = −Σ_c t_c log q_c;
///   u_c = ∂l/∂p_c = −t_c / q_c where ε ≤ p_c ≤ 1 − ε, else 0;
///   ∂l/∂x_k = (u_k − Σ_c u_c p_c) / S  (the renormalisation's Jacobian).
/// Requires x ≥ 0 with S > 0 (checkRenormalisableRows). The scalar twin, in double;
/// gscale·∂l/∂x into g.
template <class Target>
double kerasCrossEntropyRow(const float* x, std::size_t C, const Target& t, float* g,
                            double gscale) noexcept {
  double S = 0.0;
  for (std::size_t c = 0; c < C; ++c) S += x[c];
  auto u = [&](std::size_t c, double p) {
    return p >= kClipLow && p <= kClipHigh ? -t(c) / p : 0.0;
  };
  double loss = 0.0;
  double up = 0.0;  // Σ_c u_c p_c
  for (std::size_t c = 0; c < C; ++c) {
    const double p = x[c] / S;
    const double tc = t(c);
    if (tc != 0.0) loss -= tc * std::log(std::clamp(p, kClipLow, kClipHigh));
    up += u(c, p) * p;
  }
  if (g != nullptr) {
    for (std::size_t c = 0; c < C; ++c) {
      g[c] = static_cast<float>(gscale * (u(c, x[c] / S) - up) / S);
    }
  }
  return loss;
}

/// The vector form of kerasCrossEntropyRow for a target row t. Since u_c·p_c = −t_c in
/// range, Σ u p = −T with T = Σ_{c in range} t_c, and ∂l/∂x_c = T/S − [c in range]·t_c/x_c.
/// Where p_c → 1 both the log and that difference would lose their low bits in float; only
/// a unique maximum can have p > ½, so its terms are redone in double from
/// S₋ = Σ_{x_c < max} x_c (summed apart): log p = −log1p(S₋/x_c) and
/// ∂l/∂x_c = ((T − t_c)·x_c − t_c·S₋) / (S·x_c).
double kerasCrossEntropyRowVector(const float* x, std::size_t C, const float* t, float* g,
                                  double gscale) noexcept {
  const DF d;
  const VF zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const VF lo = hn::Set(d, static_cast<float>(kClipLow)), hi = hn::Set(d, static_cast<float>(kClipHigh));
  VF vsum = zero, vmax = hn::Set(d, -INFINITY);
  forEachVector(d, C, [&](std::size_t c, std::size_t k) {
    const VF xv = loadRow(d, x, c, k, 0.0f);
    vsum = hn::Add(vsum, xv);
    vmax = hn::Max(vmax, xv);
  });
  const float S = hn::GetLane(hn::SumOfLanes(d, vsum));
  if (!std::isfinite(S)) {  // entries near FLT_MAX overflow the float sum: the double twin
    return kerasCrossEntropyRow(x, C, [t](std::size_t c) { return double(t[c]); }, g, gscale);
  }
  const float m = hn::GetLane(hn::MaxOfLanes(d, vmax));  // > 0: the row sums to > 0
  const VF vm = hn::Set(d, m), invS = hn::Set(d, 1.0f / S);
  VF vloss = zero, vin = zero, below = zero, maxima = zero;
  forEachVector(d, C, [&](std::size_t c, std::size_t k) {
    const VF xv = loadRow(d, x, c, k, 0.0f);  // padding: x = 0, t = 0 (out of range, no loss)
    const VF tv = loadRow(d, t, c, k, 0.0f);
    const VF p = hn::Mul(xv, invS);
    const auto inRange = hn::And(hn::Ge(p, lo), hn::Le(p, hi));
    const auto top = hn::Eq(xv, vm);
    const VF q = hn::Min(hn::Max(p, lo), hi);
    // t·log q, where t ≠ 0 and x is not a maximum (those are added below)
    vloss = hn::Add(vloss, hn::IfThenZeroElse(hn::Or(top, hn::Eq(tv, zero)), hn::Mul(tv, hn::Log(d, q))));
    vin = hn::Add(vin, hn::IfThenElseZero(inRange, tv));
    below = hn::Add(below, hn::IfThenZeroElse(top, xv));
    maxima = hn::Add(maxima, hn::IfThenElseZero(top, one));
    if (g != nullptr) {
      const VF safeX = hn::IfThenElse(inRange, xv, one);
      storeRow(d, hn::IfThenElseZero(inRange, hn::Neg(hn::Div(tv, safeX))), g, c, k);
    }
  });
  double loss = -static_cast<double>(hn::GetLane(hn::SumOfLanes(d, vloss)));
  const double T = hn::GetLane(hn::SumOfLanes(d, vin));
  const double sBelow = hn::GetLane(hn::SumOfLanes(d, below));
  const bool unique = hn::GetLane(hn::SumOfLanes(d, maxima)) == 1.0f;
  if (g != nullptr) {
    const VF add = hn::Set(d, static_cast<float>(T / S)), scale = hn::Set(d, static_cast<float>(gscale));
    forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      storeRow(d, hn::Mul(hn::Add(loadRow(d, g, c, k, 0.0f), add), scale), g, c, k);
    });
  }
  for (std::size_t c = 0; c < C; ++c) {  // the maxima, in double
    if (x[c] != m) continue;
    const double p = static_cast<double>(m) / S;
    const bool inRange = p >= kClipLow && p <= kClipHigh;
    const double logP = unique && inRange ? -std::log1p(sBelow / m) : std::log(std::clamp(p, kClipLow, kClipHigh));
    if (t[c] != 0.0f) loss -= t[c] * logP;
    if (g != nullptr && unique && inRange && t[c] != 0.0f) {
      g[c] = static_cast<float>(gscale * ((T - t[c]) * m - t[c] * sBelow) / (static_cast<double>(S) * m));
    }
  }
  return loss;
}

/// categorical_cross_entropy: t = the target row (probabilities or one-hot), mixed with the
/// uniform distribution by label smoothing ε: t' = t·(1 − ε) + ε/C (Keras,
/// keras/src/losses/losses.py categorical_crossentropy). from_logits: softmax cross-entropy
/// (Keras's tf.nn.softmax_cross_entropy_with_logits; no clipping, no renormalisation).
/// The vector row covers ε = 0; smoothed targets take the scalar twin (in double).
Status runCategoricalCrossEntropy(const LossInput& in, const LossOptions& opt,
                                  LossOutput& out) noexcept {
  if (opt.from_logits) return softmaxCrossEntropy(in, opt.reduction, opt.label_smoothing, true, out);
  const std::size_t C = in.cols;
  const RowsScale scale = rowsScale(in.n / C, opt.reduction);
  if (opt.label_smoothing != 0.0) {
    const double keep = 1.0 - opt.label_smoothing, spread = opt.label_smoothing / static_cast<double>(C);
    auto row = [&](std::size_t i, const float* x, float* g, double gs) noexcept {
      const float* t = in.target + i * C;
      return kerasCrossEntropyRow(x, C, [=](std::size_t c) { return t[c] * keep + spread; }, g, gs);
    };
    return runRows(row, scale, in, opt.reduction, out);
  }
  if (forceScalar()) {
    auto row = [&](std::size_t i, const float* x, float* g, double gs) noexcept {
      const float* t = in.target + i * C;
      return kerasCrossEntropyRow(x, C, [t](std::size_t c) { return double(t[c]); }, g, gs);
    };
    return runRows(row, scale, in, opt.reduction, out);
  }
  auto row = [&](std::size_t i, const float* x, float* g, double gs) noexcept {
    return kerasCrossEntropyRowVector(x, C, in.target + i * C, g, gs);
  };
  return runRows(row, scale, in, opt.reduction, out);
}

/// sparse_categorical_cross_entropy: t = one-hot of the class index. This is the contract's
/// "categorical_cross_entropy with one-hot targets" (renormalise, then clip), not Keras's
/// sparse path, which clips first and renormalises through a softmax of the logs.
/// Vectorised: one pass sums S₋ = Σ_{c≠y} x_c (and S = S₋ + x_y); in range,
///   l = −log(x_y/S) = log1p(S₋/x_y) (a vector of rows at a time),
///   ∂l/∂x_c = 1/S (c ≠ y),  ∂l/∂x_y = −S₋/(S·x_y);  out of range the gradient is 0.
/// from_logits: softmax cross-entropy with index targets (Keras's
/// tf.nn.sparse_softmax_cross_entropy_with_logits).
Status runSparseCategoricalCrossEntropy(const LossInput& in, const LossOptions& opt,
                                        LossOutput& out) noexcept {
  if (opt.from_logits) return softmaxCrossEntropy(in, opt.reduction, 0.0, false, out);
  const std::size_t C = in.cols, N = in.n / C;
  const RowsScale scale = rowsScale(N, opt.reduction);
  if (forceScalar()) {
    auto row = [&](std::size_t i, const float* x, float* g, double gs) noexcept {
      const std::size_t y = classOf(in, i);
      return kerasCrossEntropyRow(x, C, [y](std::size_t c) { return c == y ? 1.0 : 0.0; }, g, gs);
    };
    return runRows(row, scale, in, opt.reduction, out);
  }
  const DF d;
  const std::size_t L = hn::Lanes(d);
  const bool keepTerms = opt.reduction == Reduction::None && out.values != nullptr;
  constexpr std::size_t kBatch = 64;
  HWY_ALIGN float arg[kBatch], fixed[kBatch], loss[kBatch];
  double total = 0.0;
  for (std::size_t first = 0; first < N; first += kBatch) {
    const std::size_t count = std::min(kBatch, N - first);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = first + j;
      const float* x = in.input + i * C;
      float* g = out.grad ? out.grad + i * C : nullptr;
      const std::size_t y = classOf(in, i);
      const VF yv = hn::Set(d, static_cast<float>(y));
      VF others = hn::Zero(d);
      forEachVector(d, C, [&](std::size_t c, std::size_t k) {
        others = hn::Add(others, hn::IfThenZeroElse(hn::Eq(columns(d, c), yv), loadRow(d, x, c, k, 0.0f)));
      });
      double sOthers = hn::GetLane(hn::SumOfLanes(d, others));
      if (!std::isfinite(sOthers)) {  // entries near FLT_MAX overflow the float sum
        sOthers = 0.0;
        for (std::size_t c = 0; c < C; ++c) sOthers += c == y ? 0.0 : static_cast<double>(x[c]);
      }
      const double xy = x[y];
      const double S = sOthers + xy;
      const double p = xy / S;
      const bool inRange = p >= kClipLow && p <= kClipHigh;
      arg[j] = inRange ? static_cast<float>(sOthers / xy) : 0.0f;
      fixed[j] = inRange ? 0.0f : static_cast<float>(-std::log(std::clamp(p, kClipLow, kClipHigh)));
      if (g != nullptr) {
        const VF fill = hn::Set(d, inRange ? static_cast<float>(scale.grad / S) : 0.0f);
        forEachVector(d, C, [&](std::size_t c, std::size_t k) { storeRow(d, fill, g, c, k); });
        g[y] = inRange ? static_cast<float>(-scale.grad * sOthers / (S * xy)) : 0.0f;
      }
    }
    for (std::size_t j = count; j < kBatch; ++j) arg[j] = fixed[j] = 0.0f;
    for (std::size_t j = 0; j < count; j += L) {
      hn::Store(hn::Add(hn::Log1p(d, hn::Load(d, arg + j)), hn::Load(d, fixed + j)), d, loss + j);
    }
    for (std::size_t j = 0; j < count; ++j) {
      total += loss[j];
      if (keepTerms) out.values[first + j] = loss[j];
    }
  }
  out.value = reduceRows(total, scale, opt.reduction);
  return Status::ok();
}

/// Keras KLDivergence per row, t = clip(target, ε, 1), q = clip(x, ε, 1):
///   l = Σ_c t_c log(t_c / q_c);  ∂l/∂x_c = −t_c / q_c where x_c ≥ ε, else 0;
///   'mean' averages the row sums.  Requires x, target in [0, 1].
Status runKlDiv(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  // The scalar twin.
  auto row = [&](std::size_t i, const float* x, float* g, double gscale) noexcept {
    const float* target = in.target + i * C;
    double loss = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double t = std::clamp(static_cast<double>(target[c]), kClipLow, 1.0);
      const double q = std::clamp(static_cast<double>(x[c]), kClipLow, 1.0);
      loss += t * (std::log(t) - std::log(q));
      if (g != nullptr) g[c] = x[c] >= kClipLow ? static_cast<float>(-gscale * t / q) : 0.0f;
    }
    return loss;
  };
  // Vectorised across classes, one Log per element: t·log(t/q) (t/q in [1e-7, 1e7]);
  // padding t = q = 1 adds t·log 1 = 0.
  auto vectorRow = [&](std::size_t i, const float* x, float* g, double gscale) noexcept {
    const DF d;
    const float* target = in.target + i * C;
    const VF lo = hn::Set(d, static_cast<float>(kClipLow)), one = hn::Set(d, 1.0f);
    const VF neg = hn::Set(d, static_cast<float>(-gscale));
    VF loss = hn::Zero(d);
    forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      const VF xv = loadRow(d, x, c, k, 1.0f);
      const VF t = hn::Min(hn::Max(loadRow(d, target, c, k, 1.0f), lo), one);
      const VF q = hn::Min(hn::Max(xv, lo), one);
      loss = hn::MulAdd(t, hn::Log(d, hn::Div(t, q)), loss);
      if (g != nullptr) {
        storeRow(d, hn::IfThenElseZero(hn::Ge(xv, lo), hn::Mul(neg, hn::Div(t, q))), g, c, k);
      }
    });
    return static_cast<double>(hn::GetLane(hn::SumOfLanes(d, loss)));
  };
  const RowsScale scale = rowsScale(in.n / C, opt.reduction);
  if (forceScalar()) return runRows(row, scale, in, opt.reduction, out);
  return runRows(vectorRow, scale, in, opt.reduction, out);
}

}  // namespace

Status checkRenormalisableRows(std::string_view id, const LossInput& in, const LossOptions& opt) {
  if (opt.from_logits) return Status::ok();  // logits: any finite value
  const std::size_t C = in.cols;
  if (!allWithin(in.input, in.n, 0.0f, INFINITY, false)) {
    for (std::size_t i = 0; i < in.n; ++i) {
      if (!(in.input[i] >= 0.0f)) {
        return valueError(Code::OutOfDomain, id, "input", i, in.input[i],
                          "is negative; " + std::string(id) + " takes probabilities (each row is renormalised to sum to 1)");
      }
    }
  }
  // Every entry is ≥ 0 (and finite): a row sums to more than 0 exactly when its maximum is.
  const DF d;
  for (std::size_t r = 0; r * C < in.n; ++r) {
    VF vmax = hn::Zero(d);
    forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      vmax = hn::Max(vmax, loadRow(d, in.input + r * C, c, k, 0.0f));
    });
    if (!(hn::GetLane(hn::MaxOfLanes(d, vmax)) > 0.0f)) {
      return Status(Code::OutOfDomain,
                    std::string(id) + ": input row " + std::to_string(r) + " (input[" +
                        std::to_string(r * C) + "] onwards) sums to 0; each row is renormalised "
                        "to sum to 1, so it needs a positive entry");
    }
  }
  return Status::ok();
}

/// The input is probabilities (false, Keras's default) or logits (true).
OptionSpec fromLogitsOption() {
  return flagOption("from_logits", false, &LossOptions::from_logits,
                    "the input is logits (true) or probabilities (false, the default)");
}

LossSpec categoricalCrossEntropySpec() {
  LossSpec s{
      "categorical_cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::ProbabilityRows,
      {fromLogitsOption(),
       labelSmoothingOption("mix the target rows with the uniform distribution: t(1 - e) + e/C (Keras)")},
      R"(\ell_i = -\sum_c t_{i,c} \log \operatorname{clip}\!\left(\frac{x_{i,c}}{\sum_k x_{i,k}},\ 10^{-7},\ 1 - 10^{-7}\right))",
      "Categorical cross-entropy (Keras): the negative log-probability of the true class "
      "distribution, on softmax outputs.",
      "Image classification with one-hot labels, on the output of a softmax layer.",
      "probabilities [N, C] (rows are renormalised to sum to 1; logits with from_logits: true)",
      "probabilities or one-hot rows [N, C]", runCategoricalCrossEntropy};
  s.check = checkRenormalisableRows;
  s.input = InputKind::Probabilities;
  s.name = "Categorical cross-entropy";
  return s;
}

LossSpec sparseCategoricalCrossEntropySpec() {
  LossSpec s{
      "sparse_categorical_cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::ClassIndices, {fromLogitsOption()},
      R"(\ell_i = -\log \operatorname{clip}\!\left(\frac{x_{i,y_i}}{\sum_k x_{i,k}},\ 10^{-7},\ 1 - 10^{-7}\right))",
      "Sparse categorical cross-entropy (Keras): categorical cross-entropy with class-index "
      "targets.",
      "Image classification with integer labels (e.g. digits 0-9), on softmax outputs.",
      "probabilities [N, C] (rows are renormalised to sum to 1; logits with from_logits: true)",
      "class indices (length N)", runSparseCategoricalCrossEntropy};
  s.check = checkRenormalisableRows;
  s.input = InputKind::Probabilities;
  s.name = "Sparse categorical cross-entropy";
  return s;
}

LossSpec klDivSpec() {
  return described(LossSpec{
      "kl_div", Family::Multiclass, Layout::Rows, InputDomain::UnitInterval,
      TargetKind::ProbabilityRows, {},
      R"(\ell_i = \sum_c t_{i,c} \log \frac{t_{i,c}}{x_{i,c}},\quad t, x \text{ clipped to } [10^{-7}, 1])",
      "Kullback-Leibler divergence (Keras): how far the predicted distribution is from the true one.",
      "Matching a whole distribution, e.g. knowledge distillation or variational autoencoders.",
      "predicted probabilities [N, C]", "true probabilities [N, C]", runKlDiv},
      InputKind::Probabilities, "Kullback-Leibler divergence");
}

}  // namespace losslab::detail
