// Internal helpers shared by the loss implementations: the element-wise driver and the
// reduction. Each loss supplies per-element terms and their derivatives; reduction is
// applied here, once (as PyTorch's apply_loss_reduction).
#pragma once

#include <cmath>
#include <cstddef>

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"

namespace losslab::detail {

/// Runs an element-wise term over `in`, reducing as `reduction` says.
/// `Term` is callable as `float term(float x, float y, float& dldx)`: it returns the
/// element's loss and writes ∂l/∂x. Sums accumulate in double (1M-element means are
/// exact to ~1e-9 relative); `Mean` scales the gradient by 1/n once.
template <class Term>
Status runElementwise(const Term& term, const LossInput& in, Reduction reduction,
                      LossOutput& out) noexcept {
  const std::size_t n = in.n;
  const float scale = reduction == Reduction::Mean ? 1.0f / static_cast<float>(n) : 1.0f;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    float g = 0.0f;
    const float l = term(in.input[i], in.target[i], g);
    total += l;
    if (keepTerms) out.values[i] = l;
    if (out.grad != nullptr) out.grad[i] = g * scale;
  }
  out.value = reduction == Reduction::Mean ? total / static_cast<double>(n) : total;
  return Status::ok();
}

/// Convenience for declaring options in the catalogue.
inline OptionSpec numberOption(const char* name, double def, double LossOptions::*field,
                               const char* doc, double min, bool minOpen, const char* range) {
  OptionSpec o{name, OptionKind::Number, def, doc};
  o.number = field;
  o.min = min;
  o.min_open = minOpen;
  o.range_text = range;
  return o;
}

inline OptionSpec vectorOption(const char* name, FloatSpan LossOptions::*field, VectorLength length,
                               const char* doc, double min = -1e300, const char* range = "") {
  OptionSpec o{name, OptionKind::Vector, NAN, doc};
  o.vector = field;
  o.length = length;
  o.min = min;
  o.range_text = range;
  return o;
}

inline OptionSpec integerOption(const char* name, double def, int LossOptions::*field,
                                const char* doc) {
  OptionSpec o{name, OptionKind::Integer, def, doc};
  o.integer = field;
  return o;
}

inline OptionSpec flagOption(const char* name, bool def, bool LossOptions::*field, const char* doc) {
  OptionSpec o{name, OptionKind::Flag, def ? 1.0 : 0.0, doc};
  o.flag = field;
  return o;
}

}  // namespace losslab::detail
