// Regression losses: element-wise terms of d = x − y (x = input, y = target).
#include <cmath>

#include "common.hpp"

namespace losslab {
namespace {

/// l = d²;  ∂l/∂x = 2d
struct MseTerm {
  float operator()(float x, float y, float& g) const noexcept {
    const float d = x - y;
    g = 2.0f * d;
    return d * d;
  }
};

Status runMse(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return detail::runElementwise(MseTerm{}, in, opt.reduction, out);
}

}  // namespace

std::vector<LossSpec> regressionLosses() {
  std::vector<LossSpec> v;
  v.push_back(LossSpec{
      "mse", Family::Regression, Layout::Elementwise, InputDomain::Any, TargetKind::Values, {},
      R"(\ell = \frac{1}{n}\sum_i (x_i - y_i)^2)",
      "Mean squared error (L2 loss): the average squared difference.",
      "House prices and other regression where large errors should cost much more than small ones.",
      "predictions", "true values", runMse});
  return v;
}

}  // namespace losslab
