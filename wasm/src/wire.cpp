#include "wire.hpp"

#include <cmath>
#include <cstdint>

#include "expressions.hpp"

namespace losslab::wasm {
namespace {

double g_wire[kWireSlots];

template <class T>
T* pointer(double slot) noexcept {
  return reinterpret_cast<T*>(static_cast<std::uintptr_t>(slot));
}

std::size_t count(double slot) noexcept { return static_cast<std::size_t>(slot); }

}  // namespace

double* wireBlock() noexcept { return g_wire; }

Status runFromWire(const LossSpec& spec, const double* w) {
  LossInput in;
  in.input = pointer<const float>(w[kInput]);
  in.n = count(w[kN]);
  in.cols = count(w[kCols]);
  in.target = pointer<const float>(w[kTarget]);
  in.target_n = count(w[kTargetN]);
  in.positive = pointer<const float>(w[kPositive]);
  in.positive_n = count(w[kPositiveN]);
  in.negative = pointer<const float>(w[kNegative]);
  in.negative_n = count(w[kNegativeN]);

  LossOptions opt = defaultOptions(spec.id);
  const int reduction = static_cast<int>(w[kReduction]);
  if (reduction < 0 || reduction > 2) {
    return Status(Code::BadOption, std::string(spec.id) + ": option 'reduction' must be 'mean', 'sum' or 'none'");
  }
  opt.reduction = static_cast<Reduction>(reduction);
  for (std::size_t k = 0; k < spec.options.size() && k < kMaxOptions; ++k) {
    const OptionSpec& o = spec.options[k];
    const double value = w[kOptions + 2 * k];
    const double length = w[kOptions + 2 * k + 1];
    switch (o.kind) {
      case OptionKind::Number:
        opt.*(o.number) = value;
        break;
      case OptionKind::Integer:
        if (value != std::floor(value) || std::fabs(value) > 2147483647.0) {
          return Status(Code::BadOption, std::string(spec.id) + ": option '" + o.name + "' = " +
                                             formatNumber(value) + " must be an integer");
        }
        opt.*(o.integer) = static_cast<int>(value);
        break;
      case OptionKind::Flag:
        opt.*(o.flag) = value != 0;
        break;
      case OptionKind::Vector:
        opt.*(o.vector) = FloatSpan{pointer<const float>(value), count(length)};
        break;
    }
  }
  opt.expr = findExpression(static_cast<int>(w[kExpr]));

  LossOutput out;
  out.values = pointer<float>(w[kValues]);
  out.grad = pointer<float>(w[kGrad]);
  out.grad_positive = pointer<float>(w[kGradPositive]);
  out.grad_negative = pointer<float>(w[kGradNegative]);
  Status status = compute(spec.id, in, opt, out);
  g_wire[kResult] = out.value;
  g_wire[kTerms] = static_cast<double>(out.terms);
  return status;
}

std::string wireLayoutJson() {
  return "{\"input\":" + std::to_string(kInput) + ",\"n\":" + std::to_string(kN) +
         ",\"cols\":" + std::to_string(kCols) + ",\"target\":" + std::to_string(kTarget) +
         ",\"targetN\":" + std::to_string(kTargetN) + ",\"positive\":" + std::to_string(kPositive) +
         ",\"positiveN\":" + std::to_string(kPositiveN) + ",\"negative\":" + std::to_string(kNegative) +
         ",\"negativeN\":" + std::to_string(kNegativeN) + ",\"values\":" + std::to_string(kValues) +
         ",\"grad\":" + std::to_string(kGrad) + ",\"gradPositive\":" + std::to_string(kGradPositive) +
         ",\"gradNegative\":" + std::to_string(kGradNegative) +
         ",\"reduction\":" + std::to_string(kReduction) + ",\"expr\":" + std::to_string(kExpr) +
         ",\"result\":" + std::to_string(kResult) + ",\"terms\":" + std::to_string(kTerms) + ",\"aux1\":" + std::to_string(kAux1) +
         ",\"aux2\":" + std::to_string(kAux2) +
         ",\"options\":" + std::to_string(kOptions) + ",\"maxOptions\":" + std::to_string(kMaxOptions) +
         ",\"slots\":" + std::to_string(kWireSlots) + "}";
}

}  // namespace losslab::wasm
