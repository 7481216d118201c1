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
#include "losses/constants.hpp"
#include "simd/dispatch.hpp"
#include "simd/elementwise.hpp"
#include "simd/scan.hpp"

namespace losslab::detail {

/// A rows loss's 'mean' denominator and the factor its gradient is written with, known
/// before any row runs, so that each row writes its final gradient in one go.
struct RowsScale {
  double count = 0.0;  // Σ over rows of each row's share: 1, or w_{y_i} (0 when ignored)
  double grad = 1.0;   // 1/count for 'mean'; 1 for 'sum' and 'none', and when count = 0
                       // (nothing counts: the value is 0/0 = NaN and the gradient stays
                       // unscaled, as PyTorch's)
};

/// RowsScale for N rows, row i counting `countOf(i)` (weighted cross-entropy and nll).
template <class CountOf>
RowsScale rowsScale(std::size_t N, Reduction reduction, const CountOf& countOf) noexcept {
  RowsScale r;
  for (std::size_t i = 0; i < N; ++i) r.count += countOf(i);
  if (reduction == Reduction::Mean && r.count != 0.0) r.grad = 1.0 / r.count;
  return r;
}

/// RowsScale for N terms (rows or elements) counting 1 each.
inline RowsScale rowsScale(std::size_t N, Reduction reduction) noexcept {
  RowsScale r;
  r.count = static_cast<double>(N);
  if (reduction == Reduction::Mean && N != 0) r.grad = 1.0 / r.count;
  return r;
}

/// The reduced value of terms summing to `total`: the one reduction every loss ends with
/// (PyTorch's apply_loss_reduction; rmse, a root of the mean, is the one exception).
inline double reduceRows(double total, const RowsScale& scale, Reduction reduction) noexcept {
  return reduction == Reduction::Mean ? total / scale.count : total;
}

/// Runs an element-wise term over `in`, reducing as `reduction` says.
/// `Term` is callable as `float term(float x, float y, float& dldx)` — or, when it needs
/// the element's position (per-element or per-class weights), as
/// `float term(std::size_t i, float x, float y, float& dldx)`: it returns the element's
/// loss and writes ∂l/∂x. A term may also have a vector form (simd/elementwise.hpp), which
/// then runs unless `forceScalar()`. Sums accumulate in double (per block for the vector
/// form), so 1M-element means are exact to ~1e-7 relative; `Mean` scales the gradient by
/// 1/n once.
///
/// When the vector pass sums to a non-finite value, everything is redone by the scalar
/// twins (in double where they compute in double): a vector form may leave rare lanes to
/// its twin by making them non-finite (a difference x − y beyond float's range), and float
/// block sums may overflow where double ones do not. Non-finite input always gives a
/// non-finite sum in both forms (compute.cpp's fused finiteness check relies on it for
/// losses that take any finite values).
///
/// `vector = false` runs the scalar twin only: for option values the float vector form does
/// not take (see floatFriendly).
template <class Term>
Status runElementwise(const Term& term, const LossInput& in, Reduction reduction,
                      LossOutput& out, bool vector = true) noexcept {
  const std::size_t n = in.n;
  const float scale = reduction == Reduction::Mean ? 1.0f / static_cast<float>(n) : 1.0f;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  if constexpr (kVectorised<Term>) {
    // The vector form runs whole vectors, the scalar twin the tail (simd/elementwise.hpp).
    if (vector && !forceScalar()) {
      const double total = sumTermsSimd(term, in.input, in.target, n, scale,
                                        keepTerms ? out.values : nullptr, out.grad);
      if (std::isfinite(total)) {
        out.value = reduceRows(total, rowsScale(n, reduction), reduction);
        return Status::ok();
      }
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    float g = 0.0f;
    const float l = scalarAt(term, i, in.input[i], in.target[i], g);
    total += l;
    if (keepTerms) out.values[i] = l;
    if (out.grad != nullptr) out.grad[i] = g * scale;
  }
  out.value = reduceRows(total, rowsScale(n, reduction), reduction);
  return Status::ok();
}

/// Whether a number option can enter float vector code as it is: 0, or a magnitude in
/// [1e-30, 1e30], so that neither it nor its reciprocal over- or underflows float. Other
/// values (legal, but extreme: δ = 1e-300) run the double scalar twins.
inline bool floatFriendly(double v) noexcept {
  const double a = std::abs(v);
  return a == 0.0 || (a >= 1e-30 && a <= 1e30);
}

/// Runs a per-row term over `[N, C]` rows (C = in.cols), reducing as `reduction` says, each
/// row counting `scale` (rowsScale). `Term` is callable as
/// `double term(std::size_t i, const float* x, float* g, double gscale)`: `x` is row i's C
/// inputs, `g` null or row i's C gradient slots, which it must all write with
/// gscale·∂l_i/∂x_i; it returns row i's loss. `Mean` divides the value by Σ count.
template <class Term>
Status runRows(const Term& term, const RowsScale& scale, const LossInput& in, Reduction reduction,
               LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const std::size_t N = in.n / C;
  const bool keepTerms = reduction == Reduction::None && out.values != nullptr;
  double total = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    const double loss = term(i, in.input + i * C, out.grad ? out.grad + i * C : nullptr, scale.grad);
    total += loss;
    if (keepTerms) out.values[i] = static_cast<float>(loss);
  }
  out.value = reduceRows(total, scale, reduction);
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
  if (allWithin(in.input, in.n, 0.0f, 1.0f, false)) return Status::ok();  // finite: checked first
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

/// `spec` with what every reader needs beside the kernel: what its input holds (the network's
/// head and the page's samples follow from it) and its name for people.
inline LossSpec described(LossSpec spec, InputKind input, const char* name) {
  spec.input = input;
  spec.name = name;
  return spec;
}

/// label_smoothing in [0, 1]: the target mixed with the uniform distribution — Keras's
/// y·(1 − ε) + ε/2 for binary targets, y·(1 − ε) + ε/C over C classes.
inline OptionSpec labelSmoothingOption(const char* doc) {
  return boundedOption("label_smoothing", 0.0, &LossOptions::label_smoothing, doc, 0.0, 1.0, "in [0, 1]");
}

inline OptionSpec flagOption(const char* name, bool def, bool LossOptions::*field, const char* doc) {
  OptionSpec o{name, OptionKind::Flag, def ? 1.0 : 0.0, doc};
  o.flag = field;
  return o;
}

/// sample_weight, which the catalogue adds to every loss (catalogue.cpp) and compute applies
/// to the 'none' terms (compute.cpp, applySampleWeight): one weight per term, or one for all.
inline OptionSpec sampleWeightOption() {
  return vectorOption("sample_weight", &LossOptions::sample_weight, VectorLength::Terms,
                      "weight of each sample (per element, or per row for row losses; one number "
                      "for all): 'none' gives w*l, 'sum' sum(w*l), 'mean' sum(w*l) / N (Keras)",
                      0.0, ">= 0");
}

}  // namespace losslab::detail
