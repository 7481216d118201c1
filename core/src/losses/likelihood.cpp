// Negative log-likelihoods of a regression model that predicts a distribution: Poisson counts
// (poisson_nll, element-wise) and a Gaussian with a predicted variance (gaussian_nll, rows of
// (mean, variance)). PyTorch's F.poisson_nll_loss and F.gaussian_nll_loss.
#include <algorithm>
#include <cmath>
#include <string>

#include "common.hpp"
#include "simd/vmath.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274178;  // ½·log(2π)

/// F.poisson_nll_loss, with x the input and y ≥ 0 the count:
///   log_input:  l = e^x − y·x,             ∂l/∂x = e^x − y   (x any: a log-rate);
///   otherwise:  l = x − y·log(x + ε),      ∂l/∂x = 1 − y/(x + ε)  (x ≥ 0: a rate; ε > 0);
///   full adds Stirling's approximation of log(y!), y·log y − y + ½·log(2πy), where y > 1
///   (0 otherwise; no gradient).  Keras's Poisson is log_input false with ε = 1e-7.
/// e^x overflows float beyond x ≈ 88.7: a non-finite term, which the driver redoes with the
/// scalar twin (in double, then rounded to float: ∞ all the same).
struct PoissonTerm {
  bool logInput;
  bool full;
  double eps;
  static double stirling(double y) noexcept {
    return y > 1.0 ? y * std::log(y) - y + 0.5 * std::log(y) + kHalfLog2Pi : 0.0;
  }
  float operator()(float xf, float yf, float& g) const noexcept {
    const double x = xf, y = yf;
    double l;
    if (logInput) {
      const double e = std::exp(x);
      l = e - y * x;
      g = static_cast<float>(e - y);
    } else {
      const double r = x + eps;
      l = x - y * std::log(r);
      g = static_cast<float>(1.0 - y / r);
    }
    if (full) l += stirling(y);
    return static_cast<float>(l);
  }
  template <class D, class V>
  V operator()(D d, V x, V y, V& g) const noexcept {
    V l;
    if (logInput) {
      const V e = hn::Exp(d, x);
      l = hn::NegMulAdd(y, x, e);
      g = hn::Sub(e, y);
    } else {
      const V r = hn::Add(x, hn::Set(d, static_cast<float>(eps)));
      l = hn::NegMulAdd(y, hn::Log(d, r), x);
      g = hn::Sub(hn::Set(d, 1.0f), hn::Div(y, r));
    }
    return l;  // (`full` runs the scalar twin: see runPoissonNll)
  }
};

/// `full` (Stirling's term, a constant of the targets) runs the scalar twin only: a rare option,
/// whose vector code would weigh on the page's module more than it saves.
Status runPoissonNll(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(PoissonTerm{opt.log_input, opt.full, opt.eps}, in, opt.reduction,
                                out, detail::floatFriendly(opt.eps) && !opt.full);
}

/// With log_input: false the input is a rate, x ≥ 0 (a conditional domain).
Status checkPoissonNll(std::string_view id, const LossInput& in, const LossOptions& opt) {
  if (opt.log_input || detail::allWithin(in.input, in.n, 0.0f, INFINITY, false)) return Status::ok();
  for (std::size_t i = 0; i < in.n; ++i) {
    if (!(in.input[i] >= 0.0f)) {
      return detail::valueError(Code::OutOfDomain, id, "input", i, in.input[i],
                                "must be >= 0: with log_input: false the input is a rate (pass "
                                "log-rates with log_input: true)");
    }
  }
  return Status::ok();
}

/// F.gaussian_nll_loss(mean, y, var) on rows (μ, v), the variance clamped at ε as PyTorch
/// does (in place, under no_grad: the gradient is the formula's at the clamped value):
///   v' = max(v, ε),  d = μ − y,  l = ½·(log v' + d²/v') (+ ½·log 2π with `full`);
///   ∂l/∂μ = d/v',  ∂l/∂v = ½·(1/v' − d²/v'²);  requires v ≥ 0, ε > 0.
struct GaussianRow {
  double eps;
  double constant;  // ½·log 2π with full, else 0
  double operator()(float mu, float var, float y, double& gMu, double& gVar) const noexcept {
    const double v = std::max(static_cast<double>(var), eps);
    const double d = static_cast<double>(mu) - y;
    const double q = d / v;
    gMu = q;
    gVar = 0.5 * (1.0 - d * q) / v;
    return 0.5 * (std::log(v) + d * q) + constant;
  }
};

/// Rows of (μ, v), L at a time (de-interleaved), the scalar twin for the tail and for every
/// row when a float sum is not finite (d²/v beyond float's range) or forceScalar().
Status runGaussianNll(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t N = in.n / 2;
  const GaussianRow row{opt.eps, opt.full ? kHalfLog2Pi : 0.0};
  const detail::RowsScale scale = detail::rowsScale(N, opt.reduction);
  const bool keepTerms = opt.reduction == Reduction::None && out.values != nullptr;
  auto scalarRow = [&](std::size_t i) {
    double gMu = 0.0, gVar = 0.0;
    const double l = row(in.input[2 * i], in.input[2 * i + 1], in.target[i], gMu, gVar);
    if (keepTerms) out.values[i] = static_cast<float>(l);
    if (out.grad != nullptr) {
      out.grad[2 * i] = static_cast<float>(gMu * scale.grad);
      out.grad[2 * i + 1] = static_cast<float>(gVar * scale.grad);
    }
    return l;
  };
  if (!detail::forceScalar() && detail::floatFriendly(opt.eps)) {
    const detail::DF d;
    const std::size_t L = hn::Lanes(d);
    const auto eps = hn::Set(d, static_cast<float>(opt.eps));
    const auto half = hn::Set(d, 0.5f);
    const auto one = hn::Set(d, 1.0f);
    const auto gs = hn::Set(d, static_cast<float>(scale.grad));
    const auto constant = hn::Set(d, static_cast<float>(row.constant));
    double total = 0.0;
    std::size_t i = 0;
    while (i + L <= N) {
      const std::size_t end = std::min(N, i + detail::kSimdBlock);
      auto acc = hn::Zero(d);
      for (; i + L <= end; i += L) {
        detail::VF mu, var;
        hn::LoadInterleaved2(d, in.input + 2 * i, mu, var);
        const auto v = hn::Max(var, eps);
        const auto diff = hn::Sub(mu, hn::LoadU(d, in.target + i));
        const auto q = hn::Div(diff, v);
        const auto l = hn::Add(hn::Mul(half, hn::MulAdd(diff, q, hn::Log(d, v))), constant);
        acc = hn::Add(acc, l);
        if (keepTerms) hn::StoreU(l, d, out.values + i);
        if (out.grad != nullptr) {
          const auto gVar = hn::Div(hn::Mul(half, hn::NegMulAdd(diff, q, one)), v);
          hn::StoreInterleaved2(hn::Mul(q, gs), hn::Mul(gVar, gs), d, out.grad + 2 * i);
        }
      }
      total += static_cast<double>(hn::GetLane(hn::SumOfLanes(d, acc)));
    }
    for (; i < N; ++i) total += scalarRow(i);
    if (std::isfinite(total)) {
      out.value = detail::reduceRows(total, scale, opt.reduction);
      return Status::ok();
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < N; ++i) total += scalarRow(i);
  out.value = detail::reduceRows(total, scale, opt.reduction);
  return Status::ok();
}

/// Every variance (column 1) ≥ 0, as PyTorch requires ("var has negative entry/entries").
Status checkGaussianNll(std::string_view id, const LossInput& in, const LossOptions&) {
  for (std::size_t i = 1; i < in.n; i += 2) {
    if (!(in.input[i] >= 0.0f)) {
      return detail::valueError(Code::OutOfDomain, id, "input", i, in.input[i],
                                "is the variance of row " + std::to_string(i / 2) +
                                    " and must be >= 0");
    }
  }
  return Status::ok();
}

}  // namespace

LossSpec detail::poissonNllSpec() {
  LossSpec s = detail::described(LossSpec{
      "poisson_nll", Family::Regression, Layout::Elementwise, InputDomain::Any,
      TargetKind::NonNegative,
      {detail::flagOption("log_input", true, &LossOptions::log_input,
                          "the input is the log of the rate (true) or the rate itself (false)"),
       detail::flagOption("full", false, &LossOptions::full,
                          "add Stirling's approximation of log(y!), so the value is the full "
                          "negative log-likelihood"),
       detail::numberOption("eps", 1e-8, &LossOptions::eps,
                            "added to the rate inside the log when log_input is false", 0.0, true,
                            "> 0")},
      R"(\ell_i = \begin{cases} e^{x_i} - y_i x_i & \text{log\_input} \\ x_i - y_i \log(x_i + \varepsilon) & \text{otherwise} \end{cases})",
      "Poisson negative log-likelihood: how unlikely the counts are under the predicted rates.",
      "Counts per interval, such as calls per hour or cases per day (Poisson regression).",
      "log-rates (rates >= 0 with log_input: false)", "counts >= 0", runPoissonNll},
      InputKind::Rates, "Poisson negative log-likelihood");
  s.check = checkPoissonNll;
  return s;
}

LossSpec detail::gaussianNllSpec() {
  LossSpec s = detail::described(LossSpec{
      "gaussian_nll", Family::Regression, Layout::Rows, InputDomain::Any, TargetKind::RowValues,
      {detail::flagOption("full", false, &LossOptions::full,
                          "add the constant ½·log(2π), so the value is the full negative "
                          "log-likelihood"),
       detail::numberOption("eps", 1e-6, &LossOptions::eps,
                            "the variance is clamped at eps from below, for stability", 0.0, true,
                            "> 0")},
      R"(\ell_i = \tfrac12\left(\log \max(v_i, \varepsilon) + \frac{(\mu_i - y_i)^2}{\max(v_i, \varepsilon)}\right))",
      "Gaussian negative log-likelihood: a predicted mean and variance scored against the value.",
      "Regression that also predicts its own uncertainty, e.g. noisy sensors or heteroscedastic data.",
      "rows [N, 2] = (mean, variance >= 0)", "true values (one per row)", runGaussianNll},
      InputKind::MeanVariance, "Gaussian negative log-likelihood");
  s.check = checkGaussianNll;
  s.columns = 2;
  return s;
}

}  // namespace losslab
