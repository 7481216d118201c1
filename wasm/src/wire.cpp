#include "wire.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

#include "expressions.hpp"
#include "support/json.hpp"

namespace losslab::wasm {
namespace {

double g_wire[kWireSlots];

template <class T>
T* pointer(double slot) noexcept {
  return reinterpret_cast<T*>(static_cast<std::uintptr_t>(slot));
}

std::size_t count(double slot) noexcept { return static_cast<std::size_t>(slot); }

/// The message for an integer option given a fraction or a number beyond int (cold; never
/// throws, so that runFromWire's calls cannot either).
Status notAnInteger(const LossSpec& spec, const OptionSpec& o, double value) noexcept {
  try {
    return Status(Code::BadOption, std::string(spec.id) + ": option '" + o.name + "' = " +
                                       formatNumber(value) + " must be an integer");
  } catch (...) {
    return Status(Code::BadOption, "an integer option is not an integer");
  }
}

}  // namespace

double* wireBlock() noexcept { return g_wire; }

Status runFromWire(const LossSpec& spec, const double* w) noexcept {
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
  in.other = pointer<const float>(w[kOther]);
  in.other_n = count(w[kOtherN]);
  in.label = pointer<const float>(w[kLabel]);
  in.label_n = count(w[kLabelN]);
  in.labels = pointer<const std::int32_t>(w[kLabels]);  // ctc
  in.labels_n = count(w[kLabelsN]);
  in.input_lengths = pointer<const std::int32_t>(w[kInputLengths]);
  in.input_lengths_n = count(w[kInputLengthsN]);
  in.target_lengths = pointer<const std::int32_t>(w[kTargetLengths]);
  in.target_lengths_n = count(w[kTargetLengthsN]);
  in.time = count(w[kTime]);

  LossOptions opt = defaultOptions(spec);
  opt.reduction = static_cast<Reduction>(static_cast<int>(w[kReduction]));  // compute checks it
  for (std::size_t k = 0; k < spec.options.size() && k < kMaxOptions; ++k) {
    const OptionSpec& o = spec.options[k];
    const double value = w[kOptions + 2 * k];
    const double length = w[kOptions + 2 * k + 1];
    switch (o.kind) {
      case OptionKind::Number:
        opt.*(o.number) = value;
        break;
      case OptionKind::Integer:
        if (value != std::floor(value) || std::fabs(value) > 2147483647.0) return notAnInteger(spec, o, value);
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
  if (w[kExpr] != 0) opt.expr = findExpression(static_cast<int>(w[kExpr]));  // custom only

  LossOutput out;
  out.values = pointer<float>(w[kValues]);
  out.grad = pointer<float>(w[kGrad]);
  out.grad_positive = pointer<float>(w[kGradPositive]);
  out.grad_negative = pointer<float>(w[kGradNegative]);
  out.grad_other = pointer<float>(w[kGradOther]);
  // The wrapper's outputs are its scratch, or a `gradInto` buffer documented as unspecified
  // after an error: the finiteness checks ride along with the kernel's pass.
  out.outputs_may_be_written_on_failure = true;
  Status status = compute(spec, in, opt, out);
  g_wire[kResult] = out.value;
  g_wire[kTerms] = static_cast<double>(out.terms);
  return status;
}

std::string wireLayoutJson() {
  std::string out;
  json::Writer w(out);
  w.beginObject();
  const std::pair<const char*, std::size_t> slots[] = {
      {"input", kInput},       {"n", kN},
      {"cols", kCols},         {"target", kTarget},
      {"targetN", kTargetN},   {"positive", kPositive},
      {"positiveN", kPositiveN}, {"negative", kNegative},
      {"negativeN", kNegativeN}, {"values", kValues},
      {"grad", kGrad},         {"gradPositive", kGradPositive},
      {"gradNegative", kGradNegative}, {"reduction", kReduction},
      {"expr", kExpr},         {"result", kResult},
      {"terms", kTerms},       {"aux1", kAux1},
      {"aux2", kAux2},         {"options", kOptions},
      {"maxOptions", kMaxOptions},
      {"other", kOther},       {"otherN", kOtherN},
      {"label", kLabel},       {"labelN", kLabelN},
      {"gradOther", kGradOther},
      {"labels", kLabels},     {"labelsN", kLabelsN},
      {"inputLengths", kInputLengths}, {"inputLengthsN", kInputLengthsN},
      {"targetLengths", kTargetLengths}, {"targetLengthsN", kTargetLengthsN},
      {"time", kTime},
      {"slots", kWireSlots}};
  for (const auto& [name, slot] : slots) w.key(name).integer(static_cast<long long>(slot));
  w.endObject();
  return out;
}

}  // namespace losslab::wasm
