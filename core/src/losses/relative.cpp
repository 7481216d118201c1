// Regression losses that weigh errors by their side or by the target's size: the pinball
// (quantile) loss of scikit-learn's mean_pinball_loss and Keras's mean absolute percentage
// error.
#include <cmath>

#include "common.hpp"
#include "specs.hpp"

namespace losslab {
namespace {

/// Pinball loss at level q, with d = y − x (scikit-learn, sklearn/metrics/_regression.py,
/// mean_pinball_loss: `sign = (diff >= 0)`, `loss = alpha * sign * diff - (1 - alpha) *
/// (1 - sign) * diff`):
///   l = q·d for d ≥ 0, (q − 1)·d for d < 0;  ∂l/∂x = −q for d ≥ 0 (the kink d = 0 included,
///   as that expression's autograd), 1 − q for d < 0;  requires 0 < q < 1.
/// Its minimiser over constant predictions is the q-quantile of the targets.
struct QuantileTerm {
  static constexpr bool kLight = true;
  double q;
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(y) - x;
    if (d >= 0.0) {
      g = static_cast<float>(-q);
      return static_cast<float>(q * d);
    }
    g = static_cast<float>(1.0 - q);
    return static_cast<float>((q - 1.0) * d);
  }
  // d beyond float's range makes l = ∞, which the driver redoes with the scalar twin.
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V d = hn::Sub(y, x);
    const auto above = hn::Ge(d, hn::Zero(dt));
    const V vq = hn::Set(dt, static_cast<float>(q));
    const V vq1 = hn::Set(dt, static_cast<float>(q - 1.0));
    g = hn::IfThenElse(above, hn::Neg(vq), hn::Neg(vq1));
    return hn::Mul(hn::IfThenElse(above, vq, vq1), d);
  }
};

/// Keras's MeanAbsolutePercentageError (keras/src/losses/losses.py L1836,
/// mean_absolute_percentage_error: `abs((y_true - y_pred) / maximum(abs(y_true), epsilon))`,
/// times 100):  l = 100·|y − x| / max(|y|, ε),  ε = 1e-7;
///   ∂l/∂x = 100·sign(x − y) / max(|y|, ε), 0 at x = y (autograd's abs).
struct MapeTerm {  // (a division per element: not light)
  float operator()(float x, float y, float& g) const noexcept {
    const double d = static_cast<double>(x) - y;
    const double scale = 100.0 / std::max(std::abs(static_cast<double>(y)), detail::kKerasEpsilon);
    g = static_cast<float>(d > 0.0 ? scale : (d < 0.0 ? -scale : 0.0));
    return static_cast<float>(std::abs(d) * scale);
  }
  template <class D, class V>
  V operator()(D dt, V x, V y, V& g) const noexcept {
    const V d = hn::Sub(x, y);
    const V scale = hn::Div(hn::Set(dt, 100.0f),
                            hn::Max(detail::AbsBits(dt, y), hn::Set(dt, static_cast<float>(detail::kKerasEpsilon))));
    g = hn::Mul(detail::SignOrZero(dt, d), scale);
    return hn::Mul(detail::AbsBits(dt, d), scale);
  }
};

Status runQuantile(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(QuantileTerm{opt.q}, in, opt.reduction, out);
}
Status runMape(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MapeTerm{}, in, opt.reduction, out);
}

}  // namespace

LossSpec detail::quantileSpec() {
  return detail::described(LossSpec{
      "quantile", Family::Regression, Layout::Elementwise, InputDomain::Any, TargetKind::Values,
      {detail::boundedOption("q", 0.5, &LossOptions::q,
                             "the quantile to predict: 0.5 the median, 0.9 a value exceeded one "
                             "time in ten",
                             0.0, 1.0, "in (0, 1)", true, true)},
      R"(\ell_i = \max\left(q\,d_i,\ (q - 1)\,d_i\right),\quad d_i = y_i - x_i)",
      "Quantile (pinball) loss: under-predictions cost q per unit, over-predictions 1 - q.",
      "Forecast intervals and risk estimates, e.g. the 90th percentile of delivery times.",
      "predictions", "true values", runQuantile},
      InputKind::Values, "Quantile (pinball)");
}

LossSpec detail::mapeSpec() {
  return detail::described(LossSpec{
      "mape", Family::Regression, Layout::Elementwise, InputDomain::Any, TargetKind::Values, {},
      R"(\ell_i = 100\,\frac{|y_i - x_i|}{\max(|y_i|, \varepsilon)},\quad \varepsilon = 10^{-7})",
      "Mean absolute percentage error: the error as a percentage of the true value.",
      "Sales and demand forecasts reported in percent, where targets stay well away from zero.",
      "predictions", "true values (far from 0)", runMape},
      InputKind::Values, "Mean absolute percentage error (MAPE)");
}

}  // namespace losslab
