// Regression losses: element-wise terms of d = x − y (x = input, y = target).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>
#include <vector>

#include "common.hpp"
#include "simd/vmath.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

constexpr double kLog2 = 0.69314718055994530942;

using detail::AbsBits;
using detail::SignOrZero;

/// l = d²;  ∂l/∂x = 2d
struct MseTerm {
  static constexpr bool kLight = true;
  float operator()(float x, float y, float& g) const noexcept {
    const float d = x - y;
    g = 2.0f * d;
    return d * d;
  }
  template <class D, class V>
  V operator()(D, V x, V y, V& g) const noexcept {
    const V d = hn::Sub(x, y);
    g = hn::Add(d, d);
    return hn::Mul(d, d);
  }
};

/// l = |d|;  ∂l/∂x = sign(d), 0 at d = 0 (F.l1_loss)
struct MaeTerm {
  static constexpr bool kLight = true;
  float operator()(float x, float y, float& g) const noexcept {
    const float d = x - y;
    g = d > 0.0f ? 1.0f : (d < 0.0f ? -1.0f : 0.0f);
    return std::abs(d);
  }
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V d = hn::Sub(x, y);
    g = SignOrZero(dt, d);
    return AbsBits(dt, d);
  }
};

/// Mean bias error: l = y − x;  ∂l/∂x = −1. Signed, so over- and under-prediction cancel.
struct MbeTerm {
  static constexpr bool kLight = true;
  float operator()(float x, float y, float& g) const noexcept {
    g = -1.0f;
    return y - x;
  }
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    g = hn::Set(dt, -1.0f);
    return hn::Sub(y, x);
  }
};

/// l = (log1p(x) − log1p(y))²;  ∂l/∂x = 2(log1p(x) − log1p(y)) / (1 + x);  requires x, y > −1
struct MsleTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const double r = std::log1p(static_cast<double>(x)) - std::log1p(static_cast<double>(y));
    g = static_cast<float>(2.0 * r / (1.0 + static_cast<double>(x)));
    return static_cast<float>(r * r);
  }
  // r = log((1 + x)/(1 + y)), without the cancellation of two logs when x ≈ y:
  //   r = log1p(q), q = (x − y)/(1 + y), where |q| < ½;  else r = log(ratio), ratio = (1 + x)/(1 + y)
  // (one Log: log1p(q) = log(u) + c/u with u = 1 + q rounded, c = q − (u − 1), 1/u ≈ 2 − u).
  // A ratio beyond float's range gives r = ±∞, a non-finite term that the driver redoes
  // with the scalar twin.
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V one = hn::Set(dt, 1.0f);
    const V inv = hn::Div(one, hn::Add(one, y));
    const V x1 = hn::Add(one, x);
    const V ratio = hn::Mul(x1, inv);
    const V q = hn::Mul(hn::Sub(x, y), inv);
    const auto near = hn::Lt(hn::Abs(q), hn::Set(dt, 0.5f));
    const V u = hn::IfThenElse(near, hn::Add(one, q), ratio);
    const V c = hn::IfThenElseZero(near, hn::Sub(q, hn::Sub(u, one)));
    V r = hn::MulAdd(c, hn::Sub(hn::Set(dt, 2.0f), u), hn::Log(dt, u));
    r = hn::IfThenElse(hn::Eq(u, hn::Zero(dt)), hn::Set(dt, -INFINITY), r);
    r = hn::IfThenElse(hn::Gt(u, hn::Set(dt, FLT_MAX)), hn::Set(dt, INFINITY), r);
    g = hn::Div(hn::Add(r, r), x1);
    return hn::Mul(r, r);
  }
};

/// F.huber_loss: l = ½d² if |d| < δ else δ(|d| − ½δ);  ∂l/∂x = clamp(d, −δ, δ);  requires δ > 0.
/// Linear beyond δ, so errors of 1e4 stay finite.
struct HuberTerm {
  static constexpr bool kLight = true;
  double delta;
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double a = std::abs(d);
    g = static_cast<float>(std::clamp(d, -delta, delta));
    return static_cast<float>(a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta));
  }
  // Branch-free, with no select: m = min(|d|, δ) gives l = m(|d| − ½m), which is ½d² below δ
  // and δ(|d| − ½δ) beyond (halving is exact, and so is |d| − ½|d|: the same roundings as the
  // two-sided form). A difference beyond float's range (|x − y| > FLT_MAX) makes l = ∞,
  // which the driver redoes with the scalar twin (in double).
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V vdelta = hn::Set(dt, static_cast<float>(delta));
    const V d = hn::Sub(x, y);
    const V a = AbsBits(dt, d);
    g = hn::Min(hn::Max(d, hn::Neg(vdelta)), vdelta);
    const V m = hn::Min(a, vdelta);
    return hn::Mul(m, hn::Sub(a, hn::Mul(hn::Set(dt, 0.5f), m)));
  }
};

/// F.smooth_l1_loss: l = ½d²/β if |d| < β else |d| − ½β;
/// ∂l/∂x = d/β if |d| < β else sign(d);  requires β ≥ 0.
/// β = 0 is L1, with gradient 0 at d = 0 as F.l1_loss (PyTorch ≥ 2.1 dispatches β = 0 to
/// l1_loss; 1.13's smooth_l1 backward gave −1 there, pytorch#96813).
struct SmoothL1Term {
  static constexpr bool kLight = true;
  double beta;
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double a = std::abs(d);
    if (a < beta) {
      g = static_cast<float>(d / beta);
      return static_cast<float>(0.5 * d * d / beta);
    }
    g = d > 0.0 ? 1.0f : (d < 0.0 ? -1.0f : 0.0f);
    return static_cast<float>(a - 0.5 * beta);
  }
  // Branch-free; β = 0 never takes the quadratic side (|d| < 0 is false), so 1/β is unused.
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V invBeta = hn::Set(dt, beta > 0.0 ? static_cast<float>(1.0 / beta) : 0.0f);
    const V d = hn::Sub(x, y);
    const V a = AbsBits(dt, d);
    const auto quadratic = hn::Lt(a, hn::Set(dt, static_cast<float>(beta)));
    g = hn::IfThenElse(quadratic, hn::Mul(d, invBeta), SignOrZero(dt, d));
    const V q = hn::Mul(hn::Mul(hn::Set(dt, 0.5f), hn::Mul(d, d)), invBeta);
    return hn::IfThenElse(quadratic, q, hn::Sub(a, hn::Set(dt, static_cast<float>(0.5 * beta))));
  }
};

/// l = δ²(√(1 + (d/δ)²) − 1), computed as d² / (√(1 + (d/δ)²) + 1) (no cancellation for
/// small d, finite for large d);  ∂l/∂x = d / √(1 + (d/δ)²);  requires δ > 0.
struct PseudoHuberTerm {
  double delta;
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double r = d / delta;
    const double root = std::sqrt(1.0 + r * r);
    g = static_cast<float>(d / root);
    return static_cast<float>(d * d / (root + 1.0));
  }
  // In float: l = |d|·(|d| / (root + 1)) so that d² never overflows; beyond r = 1e18,
  // √(1 + r²) is r itself (where r² would overflow, and r may be ∞ for a small δ), so there
  // l = |d|·δ and ∂l/∂x = sign(d)·δ.
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V one = hn::Set(dt, 1.0f);
    const V vdelta = hn::Set(dt, static_cast<float>(delta));
    const V d = hn::Sub(x, y);
    const V a = AbsBits(dt, d);
    const V r = hn::Div(a, vdelta);
    const auto huge = hn::Gt(r, hn::Set(dt, 1e18f));
    const V root = hn::Sqrt(hn::MulAdd(r, r, one));
    g = hn::IfThenElse(huge, hn::CopySign(vdelta, d), hn::Div(d, root));
    return hn::IfThenElse(huge, hn::Mul(a, vdelta), hn::Mul(a, hn::Div(a, hn::Add(root, one))));
  }
};

/// l = log cosh(d) = |d| + log1p(e^{−2|d|}) − log 2 (no overflow of cosh);  ∂l/∂x = tanh(d)
struct LogCoshTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double a = std::abs(d);
    g = static_cast<float>(std::tanh(d));
    return static_cast<float>(a + std::log1p(std::exp(-2.0 * a)) - kLog2);
  }
  // With a = |d| and m = expm1(−2a) (exact for small a):
  //   tanh a = −m / (2 + m);
  //   l = a²/2 − a⁴/12 + … (Taylor to a¹⁴, error < 2e-8 relative) for a < ½, where the
  //       formula above would cancel;  else l = ((a − ln2_hi) − ln2_lo) + log1p(1 + m).
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V d = hn::Sub(x, y);
    const V a = AbsBits(dt, d);
    const V m = hn::Expm1(dt, hn::Mul(a, hn::Set(dt, -2.0f)));
    g = hn::CopySign(hn::Div(hn::Neg(m), hn::Add(hn::Set(dt, 2.0f), m)), d);
    const V t = hn::Mul(a, a);
    V p = hn::Set(dt, 10922.0f / 42567525.0f);
    p = hn::MulAdd(p, t, hn::Set(dt, -691.0f / 935550.0f));
    p = hn::MulAdd(p, t, hn::Set(dt, 31.0f / 14175.0f));
    p = hn::MulAdd(p, t, hn::Set(dt, -17.0f / 2520.0f));
    p = hn::MulAdd(p, t, hn::Set(dt, 1.0f / 45.0f));
    p = hn::MulAdd(p, t, hn::Set(dt, -1.0f / 12.0f));
    p = hn::MulAdd(p, t, hn::Set(dt, 0.5f));
    const V small = hn::Mul(p, t);
    const V shifted = hn::Sub(hn::Sub(a, hn::Set(dt, 0.693145751953125f)),
                              hn::Set(dt, 1.428606765330187045e-6f));
    const V large = hn::Add(shifted, detail::vm::Log1pUnit(dt, hn::Add(hn::Set(dt, 1.0f), m)));
    return hn::IfThenElse(hn::Lt(a, hn::Set(dt, 0.5f)), small, large);
  }
};

Status runMse(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MseTerm{}, in, opt.reduction, out);
}
Status runMae(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MaeTerm{}, in, opt.reduction, out);
}
Status runMbe(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MbeTerm{}, in, opt.reduction, out);
}
Status runMsle(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MsleTerm{}, in, opt.reduction, out);
}
Status runHuber(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(HuberTerm{opt.delta}, in, opt.reduction, out,
                                detail::floatFriendly(opt.delta));
}
Status runSmoothL1(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(SmoothL1Term{opt.beta}, in, opt.reduction, out,
                                detail::floatFriendly(opt.beta));
}
Status runPseudoHuber(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(PseudoHuberTerm{opt.delta}, in, opt.reduction, out,
                                detail::floatFriendly(opt.delta));
}
Status runLogCosh(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(LogCoshTerm{}, in, opt.reduction, out);
}

/// RMSE with sample weights w (one per element, or one for all): √(Σ w_i d_i² / n) — the
/// root of the weighted 'mean' every other loss gives;  ∂/∂x_i = w_i d_i / (n·RMSE), 0 when
/// RMSE = 0. In double (scalar).
Status runWeightedRmse(const LossInput& in, const FloatSpan& w, LossOutput& out) noexcept {
  const std::size_t n = in.n;
  auto weight = [&](std::size_t i) { return static_cast<double>(w.size == 1 ? w[0] : w[i]); };
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(in.input[i]) - in.target[i];
    if (weight(i) != 0.0) sum += weight(i) * d * d;
  }
  const double rmse = std::sqrt(sum / static_cast<double>(n));
  out.value = rmse;
  if (out.grad != nullptr) {
    const double scale = rmse > 0.0 ? 1.0 / (static_cast<double>(n) * rmse) : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(in.input[i]) - in.target[i];
      out.grad[i] = weight(i) == 0.0 ? 0.0f : static_cast<float>(weight(i) * d * scale);
    }
  }
  return Status::ok();
}

/// RMSE = √(mean d²), 'mean' only (a sum or per-element root would be another loss);
/// ∂/∂x_i = d_i / (n·RMSE), and 0 when RMSE = 0 (autograd's sqrt would give 0·∞ = NaN).
/// Σ d² by MSE's vector kernel (in double when that overflows float or forceScalar()).
/// The one kernel that applies sample_weight itself (LossSpec::weighs_samples).
Status runRmse(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  if (!opt.sample_weight.empty()) return runWeightedRmse(in, opt.sample_weight, out);
  const std::size_t n = in.n;
  double sumSquares = detail::forceScalar() ? NAN
                                            : detail::sumTermsSimd(MseTerm{}, in.input, in.target,
                                                                   n, 1.0f, nullptr, nullptr);
  // A finite float sum of d² means every float difference is finite: the gradient may be
  // computed in float too.
  const bool vector = std::isfinite(sumSquares);
  if (!vector) {
    sumSquares = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(in.input[i]) - in.target[i];
      sumSquares += d * d;
    }
  }
  const double rmse = std::sqrt(sumSquares / static_cast<double>(n));
  out.value = rmse;
  if (out.grad != nullptr) {
    const double scale = rmse > 0.0 ? 1.0 / (static_cast<double>(n) * rmse) : 0.0;
    std::size_t i = 0;
    if (vector && std::isfinite(static_cast<float>(scale))) {
      // g = (x − y)·scale, a vector at a time (float; the scalar tail below in double)
      const detail::DF d;
      const std::size_t L = hn::Lanes(d);
      const auto vscale = hn::Set(d, static_cast<float>(scale));
      for (; i + L <= n; i += L) {
        const auto diff = hn::Sub(hn::LoadU(d, in.input + i), hn::LoadU(d, in.target + i));
        hn::StoreU(hn::Mul(diff, vscale), d, out.grad + i);
      }
    }
    for (; i < n; ++i) {
      out.grad[i] = static_cast<float>((static_cast<double>(in.input[i]) - in.target[i]) * scale);
    }
  }
  return Status::ok();
}

LossSpec regression(const char* id, const char* name, std::vector<OptionSpec> options,
                    const char* formula, const char* summary, const char* useCase, RunFn run,
                    InputDomain domain = InputDomain::Any, TargetKind target = TargetKind::Values,
                    const char* inputDoc = "predictions", const char* targetDoc = "true values") {
  return detail::described(LossSpec{id, Family::Regression, Layout::Elementwise, domain, target,
                                    std::move(options), formula, summary, useCase, inputDoc,
                                    targetDoc, run},
                           InputKind::Values, name);
}

}  // namespace

std::vector<LossSpec> regressionLosses() {
  using detail::numberOption;
  std::vector<LossSpec> v;
  v.push_back(regression(
      "mse", "Mean squared error (MSE, L2)", {}, R"(\ell = \frac{1}{n}\sum_i (x_i - y_i)^2)",
      "Mean squared error (L2 loss): the average squared difference.",
      "House prices and other regression where large errors should cost much more than small ones.",
      runMse));
  v.push_back(regression(
      "mae", "Mean absolute error (MAE, L1)", {}, R"(\ell = \frac{1}{n}\sum_i |x_i - y_i|)",
      "Mean absolute error (L1 loss): the average absolute difference.",
      "Weather forecasting and other regression with outliers that should not dominate.",
      runMae));
  LossSpec rmse = regression(
      "rmse", "Root mean squared error (RMSE)", {}, R"(\ell = \sqrt{\frac{1}{n}\sum_i (x_i - y_i)^2})",
      "Root mean squared error: the square root of MSE, in the target's own units.",
      "Reporting a regression error (e.g. house prices) in the same units as the target.",
      runRmse);
  rmse.mean_only = true;
  rmse.weighs_samples = true;  // √(Σ w d² / n): no per-term form to weigh
  v.push_back(rmse);
  LossSpec mbe = regression(
      "mbe", "Mean bias error (MBE)", {}, R"(\ell = \frac{1}{n}\sum_i (y_i - x_i))",
      "Mean bias error: the signed average error; positive when predictions are too low.",
      "Checking whether a forecast systematically over- or under-predicts (not for training).",
      runMbe);
  mbe.not_trainable =
      "cannot be minimised: mean(target − prediction) falls without bound as the predictions grow, "
      "so training would only push them up; train with mse or mae and watch mbe as a metric";
  v.push_back(mbe);
  v.push_back(regression(
      "msle", "Mean squared logarithmic error (MSLE)", {}, R"(\ell = \frac{1}{n}\sum_i \left(\log(1 + x_i) - \log(1 + y_i)\right)^2)",
      "Mean squared logarithmic error: MSE of log(1 + value), so relative errors count.",
      "Targets spanning orders of magnitude, such as sales counts or prices, where ratios matter.",
      runMsle, InputDomain::GreaterThanMinusOne, TargetKind::GreaterThanMinusOne,
      "predictions > -1", "true values > -1"));
  v.push_back(regression(
      "huber", "Huber",
      {numberOption("delta", 1.0, &LossOptions::delta,
                    "the error size where the loss turns from quadratic to linear", 0.0, true, "> 0")},
      R"(\ell_i = \begin{cases} \tfrac12 d_i^2 & |d_i| < \delta \\ \delta\left(|d_i| - \tfrac12\delta\right) & \text{otherwise} \end{cases},\quad d_i = x_i - y_i)",
      "Huber loss: quadratic for small errors, linear for large ones.",
      "Regression with occasional outliers, e.g. sensor readings: MSE near the fit, MAE far off.",
      runHuber));
  v.push_back(regression(
      "smooth_l1", "Smooth L1",
      {numberOption("beta", 1.0, &LossOptions::beta,
                    "the error size where the loss turns from quadratic to linear (0: plain L1)",
                    0.0, false, ">= 0")},
      R"(\ell_i = \begin{cases} \tfrac{1}{2\beta} d_i^2 & |d_i| < \beta \\ |d_i| - \tfrac12\beta & \text{otherwise} \end{cases},\quad d_i = x_i - y_i)",
      "Smooth L1 loss: Huber loss divided by beta; L1 with a rounded bottom.",
      "Bounding-box regression in object detectors (Fast R-CNN).",
      runSmoothL1));
  v.push_back(regression(
      "pseudo_huber", "Pseudo-Huber",
      {numberOption("delta", 1.0, &LossOptions::delta,
                    "the error scale where the loss turns from quadratic to linear", 0.0, true, "> 0")},
      R"(\ell_i = \delta^2\left(\sqrt{1 + (d_i/\delta)^2} - 1\right),\quad d_i = x_i - y_i)",
      "Pseudo-Huber loss: a smooth approximation of Huber loss, differentiable everywhere.",
      "Robust regression that needs smooth gradients, e.g. outlier-prone measurements.",
      runPseudoHuber));
  v.push_back(regression(
      "log_cosh", "Log-cosh", {}, R"(\ell_i = \log\cosh(x_i - y_i))",
      "Log-cosh loss: about d²/2 for small errors and |d| − log 2 for large ones, smooth everywhere.",
      "Regression that should behave like MSE near the fit and like MAE for outliers.",
      runLogCosh));
  v.push_back(detail::quantileSpec());
  v.push_back(detail::mapeSpec());
  v.push_back(detail::poissonNllSpec());
  v.push_back(detail::gaussianNllSpec());
  return v;
}

}  // namespace losslab
