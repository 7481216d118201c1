#include "sample_weight.hpp"

#include <cstddef>
#include <new>
#include <string>
#include <vector>

namespace losslab::detail {
namespace {

/// g_k ← g_k · w_{k / per} · scale over n gradient elements (per elements per term); a zero
/// weight gives 0 exactly.
void weighGradient(float* g, std::size_t n, std::size_t per, const FloatSpan& w, double scale) noexcept {
  if (g == nullptr) return;
  const bool single = w.size == 1;
  if (per == 1) {
    for (std::size_t k = 0; k < n; ++k) {
      const double wk = single ? w[0] : w[k];
      g[k] = wk == 0.0 ? 0.0f : static_cast<float>(static_cast<double>(g[k]) * (wk * scale));
    }
    return;
  }
  for (std::size_t t = 0; t * per < n; ++t) {
    const double wt = single ? w[0] : w[t];
    float* row = g + t * per;
    for (std::size_t c = 0; c < per; ++c) {
      row[c] = wt == 0.0 ? 0.0f : static_cast<float>(static_cast<double>(row[c]) * (wt * scale));
    }
  }
}

/// The same for a [T, N, C] sequence input: element k belongs to sample (k / C) mod N.
void weighSequenceGradient(float* g, std::size_t n, std::size_t C, std::size_t N, const FloatSpan& w,
                           double scale) noexcept {
  if (g == nullptr) return;
  for (std::size_t row = 0; row * C < n; ++row) {
    const double wb = w.size == 1 ? w[0] : w[row % N];
    float* r = g + row * C;
    for (std::size_t c = 0; c < C; ++c) {
      r[c] = wb == 0.0 ? 0.0f : static_cast<float>(static_cast<double>(r[c]) * (wb * scale));
    }
  }
}

}  // namespace

Status runSampleWeighted(const LossSpec& spec, const LossInput& in, const LossOptions& opt,
                         LossOutput& out) noexcept {
  const std::size_t terms = termsOf(spec, in.n, in.cols, in.time);
  const FloatSpan& w = opt.sample_weight;
  LossOptions each = opt;
  each.sample_weight = FloatSpan{};
  each.reduction = Reduction::None;
  // The terms go to the caller's values for 'none', else to a buffer of our own.
  std::vector<float> own;
  const bool none = opt.reduction == Reduction::None && out.values != nullptr;
  if (!none) {
    try {
      own.resize(terms);
    } catch (const std::bad_alloc&) {
      return Status(Code::Internal, std::string(spec.id) + ": out of memory for the weighted terms");
    }
  }
  LossOutput raw = out;
  raw.values = none ? out.values : own.data();
  const Status status = spec.run(in, each, raw);
  if (!status.isOk()) return status;
  float* values = raw.values;
  double total = 0.0;
  for (std::size_t i = 0; i < terms; ++i) {
    const double wi = w.size == 1 ? w[0] : w[i];
    const double l = wi == 0.0 ? 0.0 : wi * static_cast<double>(values[i]);
    total += l;
    if (none) values[i] = static_cast<float>(l);
  }
  const bool mean = opt.reduction == Reduction::Mean;
  const double scale = mean ? 1.0 / static_cast<double>(terms) : 1.0;
  if (spec.layout == Layout::Sequence) {  // sample b's rows interleave: (t·N + b)·C
    weighSequenceGradient(out.grad, in.n, in.cols, terms, w, scale);
    out.value = mean ? total / static_cast<double>(terms) : total;
    out.terms = terms;
    return Status::ok();
  }
  const std::size_t per = terms == 0 ? 1 : in.n / terms;
  weighGradient(out.grad, in.n, per, w, scale);
  if (spec.layout == Layout::Triplet) {  // only a triplet loss writes them; others leave them be
    weighGradient(out.grad_positive, in.n, per, w, scale);
    weighGradient(out.grad_negative, in.n, per, w, scale);
  }
  if (spec.layout == Layout::Pair) weighGradient(out.grad_other, in.n, per, w, scale);  // x2 has x1's shape
  out.value = mean ? total / static_cast<double>(terms) : total;
  out.terms = terms;
  return Status::ok();
}

}  // namespace losslab::detail
