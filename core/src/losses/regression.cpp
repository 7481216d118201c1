// Regression losses: element-wise terms of d = x − y (x = input, y = target).
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "common.hpp"

namespace losslab {
namespace {

constexpr double kLog2 = 0.69314718055994530942;

/// l = d²;  ∂l/∂x = 2d
struct MseTerm {
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
  float operator()(float x, float y, float& g) const noexcept {
    const float d = x - y;
    g = d > 0.0f ? 1.0f : (d < 0.0f ? -1.0f : 0.0f);
    return std::abs(d);
  }
};

/// Mean bias error: l = y − x;  ∂l/∂x = −1. Signed, so over- and under-prediction cancel.
struct MbeTerm {
  float operator()(float x, float y, float& g) const noexcept {
    g = -1.0f;
    return y - x;
  }
};

/// l = (log1p(x) − log1p(y))²;  ∂l/∂x = 2(log1p(x) − log1p(y)) / (1 + x);  requires x, y > −1
struct MsleTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const double r = std::log1p(static_cast<double>(x)) - std::log1p(static_cast<double>(y));
    g = static_cast<float>(2.0 * r / (1.0 + static_cast<double>(x)));
    return static_cast<float>(r * r);
  }
};

/// F.huber_loss: l = ½d² if |d| < δ else δ(|d| − ½δ);  ∂l/∂x = clamp(d, −δ, δ);  requires δ > 0.
/// Linear beyond δ, so errors of 1e4 stay finite.
struct HuberTerm {
  double delta;
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double a = std::abs(d);
    g = static_cast<float>(std::clamp(d, -delta, delta));
    return static_cast<float>(a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta));
  }
};

/// F.smooth_l1_loss: l = ½d²/β if |d| < β else |d| − ½β;
/// ∂l/∂x = d/β if |d| < β else sign(d);  requires β ≥ 0.
/// β = 0 is L1, with gradient 0 at d = 0 as F.l1_loss (PyTorch ≥ 2.1 dispatches β = 0 to
/// l1_loss; 1.13's smooth_l1 backward gave −1 there, pytorch#96813).
struct SmoothL1Term {
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
};

/// l = log cosh(d) = |d| + log1p(e^{−2|d|}) − log 2 (no overflow of cosh);  ∂l/∂x = tanh(d)
struct LogCoshTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double a = std::abs(d);
    g = static_cast<float>(std::tanh(d));
    return static_cast<float>(a + std::log1p(std::exp(-2.0 * a)) - kLog2);
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
  return detail::runElementwise(HuberTerm{opt.delta}, in, opt.reduction, out);
}
Status runSmoothL1(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(SmoothL1Term{opt.beta}, in, opt.reduction, out);
}
Status runPseudoHuber(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(PseudoHuberTerm{opt.delta}, in, opt.reduction, out);
}
Status runLogCosh(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(LogCoshTerm{}, in, opt.reduction, out);
}

/// RMSE = √(mean d²), 'mean' only (a sum or per-element root would be another loss);
/// ∂/∂x_i = d_i / (n·RMSE), and 0 when RMSE = 0 (autograd's sqrt would give 0·∞ = NaN).
Status runRmse(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t n = in.n;
  double sumSquares = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(in.input[i]) - in.target[i];
    sumSquares += d * d;
  }
  const double rmse = std::sqrt(sumSquares / static_cast<double>(n));
  out.value = rmse;
  if (out.grad != nullptr) {
    const double scale = rmse > 0.0 ? 1.0 / (static_cast<double>(n) * rmse) : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      out.grad[i] = static_cast<float>((static_cast<double>(in.input[i]) - in.target[i]) * scale);
    }
  }
  return Status::ok();
}

LossSpec regression(const char* id, std::vector<OptionSpec> options, const char* formula,
                    const char* summary, const char* useCase, RunFn run,
                    InputDomain domain = InputDomain::Any, TargetKind target = TargetKind::Values,
                    const char* inputDoc = "predictions", const char* targetDoc = "true values") {
  return LossSpec{id, Family::Regression, Layout::Elementwise, domain, target, std::move(options),
                  formula, summary, useCase, inputDoc, targetDoc, run};
}

}  // namespace

std::vector<LossSpec> regressionLosses() {
  using detail::numberOption;
  std::vector<LossSpec> v;
  v.push_back(regression(
      "mse", {}, R"(\ell = \frac{1}{n}\sum_i (x_i - y_i)^2)",
      "Mean squared error (L2 loss): the average squared difference.",
      "House prices and other regression where large errors should cost much more than small ones.",
      runMse));
  v.push_back(regression(
      "mae", {}, R"(\ell = \frac{1}{n}\sum_i |x_i - y_i|)",
      "Mean absolute error (L1 loss): the average absolute difference.",
      "Weather forecasting and other regression with outliers that should not dominate.",
      runMae));
  LossSpec rmse = regression(
      "rmse", {}, R"(\ell = \sqrt{\frac{1}{n}\sum_i (x_i - y_i)^2})",
      "Root mean squared error: the square root of MSE, in the target's own units.",
      "Reporting a regression error (e.g. house prices) in the same units as the target.",
      runRmse);
  rmse.mean_only = true;
  v.push_back(rmse);
  v.push_back(regression(
      "mbe", {}, R"(\ell = \frac{1}{n}\sum_i (y_i - x_i))",
      "Mean bias error: the signed average error; positive when predictions are too low.",
      "Checking whether a forecast systematically over- or under-predicts (not for training).",
      runMbe));
  v.push_back(regression(
      "msle", {}, R"(\ell = \frac{1}{n}\sum_i \left(\log(1 + x_i) - \log(1 + y_i)\right)^2)",
      "Mean squared logarithmic error: MSE of log(1 + value), so relative errors count.",
      "Targets spanning orders of magnitude, such as sales counts or prices, where ratios matter.",
      runMsle, InputDomain::GreaterThanMinusOne, TargetKind::GreaterThanMinusOne,
      "predictions > -1", "true values > -1"));
  v.push_back(regression(
      "huber",
      {numberOption("delta", 1.0, &LossOptions::delta,
                    "the error size where the loss turns from quadratic to linear", 0.0, true, "> 0")},
      R"(\ell_i = \begin{cases} \tfrac12 d_i^2 & |d_i| < \delta \\ \delta\left(|d_i| - \tfrac12\delta\right) & \text{otherwise} \end{cases},\quad d_i = x_i - y_i)",
      "Huber loss: quadratic for small errors, linear for large ones.",
      "Regression with occasional outliers, e.g. sensor readings: MSE near the fit, MAE far off.",
      runHuber));
  v.push_back(regression(
      "smooth_l1",
      {numberOption("beta", 1.0, &LossOptions::beta,
                    "the error size where the loss turns from quadratic to linear (0: plain L1)",
                    0.0, false, ">= 0")},
      R"(\ell_i = \begin{cases} \tfrac{1}{2\beta} d_i^2 & |d_i| < \beta \\ |d_i| - \tfrac12\beta & \text{otherwise} \end{cases},\quad d_i = x_i - y_i)",
      "Smooth L1 loss: Huber loss divided by beta; L1 with a rounded bottom.",
      "Bounding-box regression in object detectors (Fast R-CNN).",
      runSmoothL1));
  v.push_back(regression(
      "pseudo_huber",
      {numberOption("delta", 1.0, &LossOptions::delta,
                    "the error scale where the loss turns from quadratic to linear", 0.0, true, "> 0")},
      R"(\ell_i = \delta^2\left(\sqrt{1 + (d_i/\delta)^2} - 1\right),\quad d_i = x_i - y_i)",
      "Pseudo-Huber loss: a smooth approximation of Huber loss, differentiable everywhere.",
      "Robust regression that needs smooth gradients, e.g. outlier-prone measurements.",
      runPseudoHuber));
  v.push_back(regression(
      "log_cosh", {}, R"(\ell_i = \log\cosh(x_i - y_i))",
      "Log-cosh loss: about d²/2 for small errors and |d| − log 2 for large ones, smooth everywhere.",
      "Regression that should behave like MSE near the fit and like MAE for outliers.",
      runLogCosh));
  return v;
}

}  // namespace losslab
