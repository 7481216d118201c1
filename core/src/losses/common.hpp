// Internal helpers shared by the loss implementations: the element-wise and per-row
// drivers, the reduction, the named numerical constants and the option helpers. Each loss
// supplies per-element (or per-row) terms and their derivatives; reduction is applied
// here, once (as PyTorch's apply_loss_reduction).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"
#include "simd/elementwise.hpp"

namespace losslab::detail {

/// When true, element-wise losses run their scalar twins only (for SIMD-versus-scalar
/// tests and the benchmark). Not thread-safe to flip while computing.
bool& forceScalar() noexcept;

/// PyTorch's binary_cross_entropy clamps each log at −100, so a probability of exactly 0
/// or 1 costs 100 instead of ∞.
inline constexpr double kLogClamp = -100.0;
/// The floor of binary_cross_entropy_backward's denominator max(x(1 − x), ε).
inline constexpr double kBceGradEpsilon = 1e-12;
/// Keras's backend.epsilon(): probabilities are clipped to [ε, 1 − ε] (or [ε, 1]).
inline constexpr double kKerasEpsilon = 1e-7;

/// Runs an element-wise term over `in`, reducing as `reduction` says.
/// `Term` is callable as `float term(float x, float y, float& dldx)` — or, when it needs
/// the element's position (per-element or per-class weights), as
/// `float term(std::size_t i, float x, float y, float& dldx)`: it returns the element's
/// loss and writes ∂l/∂x. A term may also have a vector form (simd/elementwise.hpp), which
/// then runs unless `forceScalar()`. Sums accumulate in double (per block for the vector
/// form), so 1M-element means are exact to ~1e-7 relative; `Mean` scales the gradient by
/// 1/n once.
template <class Term>
Status runElementwise(const Term& term, const LossInput& in, Reduction reduction,
                      LossOutput& out) noexcept {
  const std::size_t n = in.n;
  const float scale = reduction == Reduction::Mean ? 1.0f / static_cast<float>(n) : 1.0f;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  if constexpr (HasVectorForm<Term>::value) {
    // The vector form runs whole vectors, the scalar twin the tail (simd/elementwise.hpp).
    if (!forceScalar()) {
      const double total = sumTermsSimd(term, in.input, in.target, n, scale,
                                        keepTerms ? out.values : nullptr, out.grad);
      out.value = reduction == Reduction::Mean ? total / static_cast<double>(n) : total;
      return Status::ok();
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    float g = 0.0f;
    float l;
    if constexpr (std::is_invocable_v<const Term&, std::size_t, float, float, float&>) {
      l = term(i, in.input[i], in.target[i], g);
    } else {
      l = term(in.input[i], in.target[i], g);
    }
    total += l;
    if (keepTerms) out.values[i] = l;
    if (out.grad != nullptr) out.grad[i] = g * scale;
  }
  out.value = reduction == Reduction::Mean ? total / static_cast<double>(n) : total;
  return Status::ok();
}

/// What one row of a multi-class loss contributes: its loss, and its share of the 'mean'
/// denominator — 1 per sample, or w_{y_i} for weighted cross-entropy and nll (0 for an
/// ignored row).
struct RowTerm {
  double loss = 0.0;
  double count = 1.0;
};

/// Runs a per-row term over `[N, C]` rows (C = in.cols), reducing as `reduction` says.
/// `Term` is callable as `RowTerm term(std::size_t i, const float* x, float* g)`: `x` is
/// row i's C inputs, `g` null or row i's C gradient slots, which it must all write with
/// ∂l_i/∂x_i. `Mean` divides the value and the gradient by Σ count, once; when nothing
/// counts (every target ignored) the value is 0/0 = NaN and the gradient stays 0, as in
/// PyTorch.
template <class Term>
Status runRows(const Term& term, const LossInput& in, Reduction reduction,
               LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const std::size_t N = in.n / C;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  double total = 0.0;
  double count = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    const RowTerm r = term(i, in.input + i * C, out.grad ? out.grad + i * C : nullptr);
    total += r.loss;
    count += r.count;
    if (keepTerms) out.values[i] = static_cast<float>(r.loss);
  }
  if (reduction != Reduction::Mean) {
    out.value = total;
    return Status::ok();
  }
  out.value = total / count;
  if (out.grad != nullptr && count != 0.0) {
    const float scale = static_cast<float>(1.0 / count);
    for (std::size_t k = 0; k < in.n; ++k) out.grad[k] *= scale;
  }
  return Status::ok();
}

// ---- shared element terms ----------------------------------------------------------

/// softplus(z) = log(1 + eᶻ) = max(z, 0) + log1p(e^{−|z|}), exact for |z| up to 1e30.
inline double softplus(double z) noexcept { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }

/// σ(z) = 1/(1 + e^{−z}), without overflow for either sign.
inline double sigmoid(double z) noexcept {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

/// PyTorch's binary cross-entropy of a probability x against a target y, unweighted:
///   l = −(y·max(log x, −100) + (1 − y)·max(log1p(−x), −100));
///   ∂l/∂x = (x − y) / max(x(1 − x), 1e-12)  (binary_cross_entropy_backward; it ignores the
///   clamp, so x = 0 with y = 1 gives −1e12);  requires x, y in [0, 1].
inline double bceOfProbability(double x, double y, double& dldx) noexcept {
  dldx = (x - y) / std::max(x * (1.0 - x), kBceGradEpsilon);
  return (y - 1.0) * std::max(std::log1p(-x), kLogClamp) - y * std::max(std::log(x), kLogClamp);
}

/// A per-element weight: none (1), one per element, or — for `[N, C]` input — one per
/// class, element i belonging to class i mod C. Sizes were validated at the entry.
inline double elementWeight(const FloatSpan& w, std::size_t i, std::size_t cols) noexcept {
  if (w.empty()) return 1.0;
  return cols > 1 && w.size == cols ? w[i % cols] : w[i];
}

// ---- loss-specific validation (LossSpec::check) -----------------------------------

/// "id: input[i] = v <why>", the message shape compute.cpp's checks use.
inline Status valueError(Code code, std::string_view id, const char* what, std::size_t i,
                         double v, const std::string& why) {
  return Status(code, std::string(id) + ": " + what + "[" + std::to_string(i) + "] = " +
                          formatNumber(v) + " " + why);
}

/// The first input outside [0, 1], as OUT_OF_DOMAIN naming `why` (e.g. the option that
/// made probabilities required).
inline Status checkInputUnitInterval(std::string_view id, const LossInput& in,
                                     const std::string& why) {
  for (std::size_t i = 0; i < in.n; ++i) {
    const float x = in.input[i];
    if (!(x >= 0.0f && x <= 1.0f)) {
      return valueError(Code::OutOfDomain, id, "input", i, x, "is outside [0, 1]; " + why);
    }
  }
  return Status::ok();
}

// ---- declaring options in the catalogue --------------------------------------------

inline OptionSpec numberOption(const char* name, double def, double LossOptions::*field,
                               const char* doc, double min, bool minOpen, const char* range) {
  OptionSpec o{name, OptionKind::Number, def, doc};
  o.number = field;
  o.min = min;
  o.min_open = minOpen;
  o.range_text = range;
  return o;
}

/// The same with an upper bound (inclusive unless `maxOpen`).
inline OptionSpec boundedOption(const char* name, double def, double LossOptions::*field,
                                const char* doc, double min, double max, const char* range,
                                bool minOpen = false, bool maxOpen = false) {
  OptionSpec o = numberOption(name, def, field, doc, min, minOpen, range);
  o.max = max;
  o.max_open = maxOpen;
  return o;
}

/// A number that must be one of `choices`.
inline OptionSpec choiceOption(const char* name, double def, double LossOptions::*field,
                               const char* doc, std::vector<double> choices) {
  OptionSpec o{name, OptionKind::Number, def, doc};
  o.number = field;
  o.choices = std::move(choices);
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
