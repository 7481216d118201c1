// The custom loss: an element-wise expression f(x, y) in x (input) and y (target), with
// ∂f/∂x by forward-mode automatic differentiation (core/src/expr/).
//
// The expression is text, and the catalogue's option kinds are numbers, flags and
// vectors, so `expr` is not an OptionSpec: the caller compiles the text once with
// `compileExpression` and passes the result in `LossOptions::expr`. The JS wrapper passes
// the text; the wasm bindings compile it and cache the compiled form by handle.
// `computeCustom` does both steps for C++ callers.
#include <new>

#include "common.hpp"
#include "losslab/expression.hpp"

namespace losslab {
namespace {

constexpr const char* kExprRequired = "custom: option 'expr' is required, e.g. abs(x - y)^1.5";

Status checkCustom(std::string_view id, const LossInput&, const LossOptions& opt) {
  if (opt.expr == nullptr) return Status(Code::BadOption, kExprRequired);
  return Status::ok();
}

/// Receives blocks of f and ∂f/∂x; sums f in double and writes the float outputs.
struct Reducer {
  float* values;     // Reduction::None only
  float* grad;
  double grad_scale;  // 1/n for Mean, else 1
  double total = 0.0;

  static void take(void* context, std::size_t offset, std::size_t count, const double* f,
                   const double* dfdx) {
    Reducer& r = *static_cast<Reducer*>(context);
    double sum = 0.0;
    for (std::size_t j = 0; j < count; ++j) sum += f[j];
    r.total += sum;
    if (r.values != nullptr) {
      for (std::size_t j = 0; j < count; ++j) r.values[offset + j] = static_cast<float>(f[j]);
    }
    if (r.grad != nullptr) {
      if (dfdx == nullptr) {  // f does not depend on x
        for (std::size_t j = 0; j < count; ++j) r.grad[offset + j] = 0.0f;
      } else {
        for (std::size_t j = 0; j < count; ++j) {
          r.grad[offset + j] = static_cast<float>(dfdx[j] * r.grad_scale);
        }
      }
    }
  }
};

/// ℓ = reduce_i f(x_i, y_i);  ∂ℓ/∂x_i = ∂f/∂x(x_i, y_i) (× 1/n for mean).
/// Non-finite terms or gradients are returned as they are: they are the expression's.
Status runCustom(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  if (opt.expr == nullptr) return Status(Code::BadOption, kExprRequired);
  const std::size_t n = in.n;
  const detail::RowsScale scale = detail::rowsScale(n, opt.reduction);
  Reducer r{opt.reduction == Reduction::None ? out.values : nullptr, out.grad, scale.grad};
  try {
    opt.expr->evaluateBlocks(in.input, in.target, n, out.grad != nullptr, &Reducer::take, &r);
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "custom: out of memory evaluating 'expr'");
  } catch (...) {
    return Status(Code::Internal, "custom: internal error evaluating 'expr'");
  }
  out.value = detail::reduceRows(r.total, scale, opt.reduction);
  return Status::ok();
}

}  // namespace

std::vector<LossSpec> customLosses() {
  std::vector<LossSpec> v;
  LossSpec custom{
      "custom", Family::Custom, Layout::Elementwise, InputDomain::Any, TargetKind::Values, {},
      R"(\ell = \frac1n\sum_i f(x_i, y_i))",
      "Custom loss: your own element-wise expression f(x, y) in the prediction x and the target y, "
      "e.g. abs(x - y)^1.5.",
      "Your own idea: any element-wise loss, with its gradient derived automatically",
      "predictions (x)", "true values (y)", runCustom};
  custom.check = checkCustom;
  custom.name = "Custom expression";
  custom.default_expr = "(x - y)^2";
  v.push_back(std::move(custom));
  return v;
}

Status computeCustom(std::string_view expr, const LossInput& in, LossOptions options,
                     LossOutput& out) noexcept {
  try {
    std::shared_ptr<const Expression> compiled;
    LL_TRY(compileExpression(expr, compiled));
    options.expr = compiled.get();
    return compute("custom", in, options, out);
  } catch (...) {
    return Status(Code::Internal, "custom: out of memory");
  }
}

}  // namespace losslab
