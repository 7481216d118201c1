// Multi-class losses over [N, C] rows.
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.hpp"

namespace losslab {
namespace {

/// log Σ_c exp(x_c), shifted by the row maximum so logits of ±1e4 stay exact.
inline float logSumExp(const float* x, std::size_t c) noexcept {
  float m = x[0];
  for (std::size_t k = 1; k < c; ++k) m = std::max(m, x[k]);
  double s = 0.0;
  for (std::size_t k = 0; k < c; ++k) s += std::exp(static_cast<double>(x[k] - m));
  return m + static_cast<float>(std::log(s));
}

/// Softmax cross-entropy, F.cross_entropy:
///   index targets:  l_i = (1−ε)·w_{y_i}·(−log p_{i,y_i}) + ε/C·Σ_c w_c·(−log p_{i,c})
///   probabilities:  l_i = −Σ_c w_c·t'_{i,c}·log p_{i,c},  t' = (1−ε)·t + ε/C
/// with log p = x − logsumexp(x). 'mean' divides index targets by Σ w_{y_i} over the
/// non-ignored rows, probability targets by N. Gradient per row:
///   index:          (1−ε)·w_y·(p_c − [c = y]) + ε/C·(W·p_c − w_c),  W = Σ_c w_c
///   probabilities:  (Σ_k w_k t'_k)·p_c − w_c·t'_c
Status runCrossEntropy(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const std::size_t N = in.n / C;
  const bool indices = in.target_n == N;
  const double eps = opt.label_smoothing;
  const bool weighted = !opt.weight.empty();
  auto w = [&](std::size_t c) -> double { return weighted ? opt.weight[c] : 1.0; };
  double W = 0.0;
  for (std::size_t c = 0; c < C; ++c) W += w(c);

  double total = 0.0;
  double denominator = 0.0;  // Σ w_{y_i} (index targets) or N (probabilities)
  for (std::size_t i = 0; i < N; ++i) {
    const float* x = in.input + i * C;
    const float lse = logSumExp(x, C);
    double term = 0.0;
    float* g = out.grad ? out.grad + i * C : nullptr;
    if (indices) {
      const float label = in.target[i];
      if (label == static_cast<float>(opt.ignore_index)) {
        if (g) std::fill(g, g + C, 0.0f);
        if (opt.reduction == Reduction::None && out.values) out.values[i] = 0.0f;
        continue;
      }
      const std::size_t y = static_cast<std::size_t>(label);
      const double wy = w(y);
      denominator += wy;
      double smooth = 0.0;
      for (std::size_t c = 0; c < C; ++c) smooth += w(c) * (lse - x[c]);
      term = (1.0 - eps) * wy * (lse - x[y]) + eps / C * smooth;
      if (g) {
        for (std::size_t c = 0; c < C; ++c) {
          const double p = std::exp(static_cast<double>(x[c] - lse));
          g[c] = static_cast<float>((1.0 - eps) * wy * (p - (c == y ? 1.0 : 0.0)) + eps / C * (W * p - w(c)));
        }
      }
    } else {
      const float* t = in.target + i * C;
      denominator += 1.0;
      double wt = 0.0;
      for (std::size_t c = 0; c < C; ++c) {
        const double tc = (1.0 - eps) * t[c] + eps / C;
        term += w(c) * tc * (lse - x[c]);
        wt += w(c) * tc;
      }
      if (g) {
        for (std::size_t c = 0; c < C; ++c) {
          const double tc = (1.0 - eps) * t[c] + eps / C;
          const double p = std::exp(static_cast<double>(x[c] - lse));
          g[c] = static_cast<float>(wt * p - w(c) * tc);
        }
      }
    }
    total += term;
    if (opt.reduction == Reduction::None && out.values) out.values[i] = static_cast<float>(term);
  }
  if (opt.reduction == Reduction::Mean) {
    out.value = total / denominator;  // 0/0 = NaN when every target is ignored, as PyTorch
    if (out.grad) {
      const float scale = static_cast<float>(1.0 / denominator);
      for (std::size_t k = 0; k < in.n; ++k) out.grad[k] *= scale;
    }
  } else {
    out.value = total;
  }
  return Status::ok();
}

}  // namespace

std::vector<LossSpec> multiclassLosses() {
  using detail::integerOption;
  using detail::numberOption;
  using detail::vectorOption;
  std::vector<LossSpec> v;
  LossSpec ce{
      "cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::IndicesOrProbabilities,
      {vectorOption("weight", &LossOptions::weight, VectorLength::Classes,
                    "rescaling weight for each class", 0.0, ">= 0"),
       integerOption("ignore_index", -100, &LossOptions::ignore_index,
                     "a target value that is ignored and does not count towards the mean"),
       [] {
         OptionSpec o = numberOption("label_smoothing", 0.0, &LossOptions::label_smoothing,
                                     "mix the target with the uniform distribution", 0.0, false,
                                     "in [0, 1]");
         o.max = 1.0;
         return o;
       }()},
      R"(\ell_i = -\log \frac{e^{x_{i,y_i}}}{\sum_c e^{x_{i,c}}})",
      "Softmax cross-entropy: the negative log-probability the softmax gives the true class.",
      "Image classification and any task with one correct class out of several.",
      "logits [N, C] (raw scores)", "class indices (length N) or probabilities [N, C]",
      runCrossEntropy};
  v.push_back(ce);
  return v;
}

}  // namespace losslab
