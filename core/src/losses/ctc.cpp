// Connectionist temporal classification (Graves et al. 2006), PyTorch's nn.CTCLoss: the
// forward–backward recursions in log space, in double, one sample at a time.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "common.hpp"
#include "sequence.hpp"

namespace losslab {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// log(eᵃ + eᵇ) = max + log1p(e^{−|a − b|}), exact when both are −∞.
double logAdd(double a, double b) noexcept {
  if (a < b) std::swap(a, b);
  if (b == kNegInf) return a;
  return a + std::log1p(std::exp(b - a));
}

/// log(eᵃ + eᵇ + eᶜ): the largest plus log(1 + the other two's exponentials).
double logAdd(double a, double b, double c) noexcept {
  if (a < b) std::swap(a, b);
  if (a < c) std::swap(a, c);
  if (a == kNegInf) return kNegInf;
  return a + std::log1p(std::exp(b - a) + std::exp(c - a));
}

/// One sample's recursions over its extended label l' = (blank, y₁, blank, y₂, …, blank) of
/// S' = 2L + 1 symbols and its first T_b time steps, with lp(t, k) = input[(t·N + b)·C + k]:
///   α₀(0) = lp(0, blank), α₀(1) = lp(0, y₁);
///   α_t(s) = lp(t, l'_s) + log Σ {α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) when l'_s is no blank
///            and l'_s ≠ l'_{s−2}};
///   log p = log(α_{T_b−1}(S'−1) + α_{T_b−1}(S'−2));  β the same backwards from the end;
///   loss ℓ_b = −log p (+∞ when no alignment fits: T_b < L + the repeats in y);
///   ∂ℓ_b/∂lp(t, k) = −Σ_{s: l'_s = k} exp(α_t(s) + β_t(s) − lp(t, k) − log p)
/// — the true derivative with respect to the log-probabilities (the posterior of emitting k at
/// t, negated). PyTorch's CTC backward returns instead this plus exp(lp(t, k)) (the gradient
/// with respect to logits, assuming the input came from log_softmax; pytorch#52241).
class Sample {
 public:
  Sample(const LossInput& in, std::size_t N, int blank) : in_(in), N_(N), blank_(blank) {}

  /// −log p for sample b with labels y[0..L) over T steps; its α is kept for gradient().
  double loss(std::size_t b, const std::int32_t* y, std::size_t L, std::size_t T) {
    b_ = b;
    T_ = T;
    S_ = 2 * L + 1;
    ext_.assign(S_, blank_);
    for (std::size_t j = 0; j < L; ++j) ext_[2 * j + 1] = y[j];
    if (T == 0) return L == 0 ? 0.0 : INFINITY;
    alpha_.assign(T * S_, kNegInf);
    alpha_[0] = lp(0, ext_[0]);
    if (S_ > 1) alpha_[1] = lp(0, ext_[1]);
    for (std::size_t t = 1; t < T; ++t) {
      const double* prev = &alpha_[(t - 1) * S_];
      double* cur = &alpha_[t * S_];
      // Only states reachable from the start (s ≤ 2t + 1) that can still reach the end
      // (s ≥ S' − 2(T − t)) are finite; the others stay −∞.
      const std::size_t lo = 2 * (T - t) < S_ ? S_ - 2 * (T - t) : 0;
      const std::size_t hi = std::min(S_, 2 * t + 2);
      for (std::size_t s = lo; s < hi; ++s) {
        const double sum = skips(s) ? logAdd(prev[s], prev[s - 1], prev[s - 2])
                           : s >= 1 ? logAdd(prev[s], prev[s - 1])
                                    : prev[s];
        cur[s] = sum == kNegInf ? kNegInf : sum + lp(t, ext_[s]);
      }
    }
    const double* last = &alpha_[(T - 1) * S_];
    logp_ = S_ > 1 ? logAdd(last[S_ - 1], last[S_ - 2]) : last[0];
    return -logp_;
  }

  /// Writes scale·∂ℓ_b/∂lp into `g` for sample b's rows t < T_b (the rows t ≥ T_b, and every
  /// class never in l', are 0: the caller zeroed them). Requires a finite loss() just before.
  void gradient(float* g, double scale) {
    const std::size_t T = T_;
    beta_.assign(T * S_, kNegInf);
    double* endRow = &beta_[(T - 1) * S_];
    endRow[S_ - 1] = lp(T - 1, ext_[S_ - 1]);
    if (S_ > 1) endRow[S_ - 2] = lp(T - 1, ext_[S_ - 2]);
    for (std::size_t t = T - 1; t-- > 0;) {
      const double* next = &beta_[(t + 1) * S_];
      double* cur = &beta_[t * S_];
      const std::size_t lo = 2 * (T - t) < S_ ? S_ - 2 * (T - t) : 0;  // can reach the end
      const std::size_t hi = std::min(S_, 2 * t + 2);                   // reachable (α finite)
      for (std::size_t s = lo; s < hi; ++s) {
        const bool skip = s + 2 < S_ && ext_[s] != blank_ && ext_[s + 2] != ext_[s];
        const double sum = skip ? logAdd(next[s], next[s + 1], next[s + 2])
                           : s + 1 < S_ ? logAdd(next[s], next[s + 1])
                                        : next[s];
        cur[s] = sum == kNegInf ? kNegInf : sum + lp(t, ext_[s]);
      }
    }
    // Per time step: the posterior mass of each class (repeated labels add up), then written.
    const std::size_t C = in_.cols;
    posterior_.assign(C, 0.0);
    for (std::size_t t = 0; t < T; ++t) {
      const double* a = &alpha_[t * S_];
      const double* be = &beta_[t * S_];
      const std::size_t lo = 2 * (T - t) < S_ ? S_ - 2 * (T - t) : 0;
      const std::size_t hi = std::min(S_, 2 * t + 2);
      for (std::size_t s = lo; s < hi; ++s) {
        const double ab = a[s] + be[s];
        if (ab == kNegInf) continue;
        const std::size_t k = static_cast<std::size_t>(ext_[s]);
        posterior_[k] += std::exp(ab - lp(t, ext_[s]) - logp_);
      }
      float* row = g + (t * N_ + b_) * C;
      for (std::size_t s = 0; s < S_; ++s) {
        const std::size_t k = static_cast<std::size_t>(ext_[s]);
        if (posterior_[k] == 0.0) continue;
        row[k] = static_cast<float>(-scale * posterior_[k]);
        posterior_[k] = 0.0;
      }
    }
  }

 private:
  double lp(std::size_t t, std::int32_t k) const noexcept {
    return in_.input[(t * N_ + b_) * in_.cols + static_cast<std::size_t>(k)];
  }
  /// Whether α may jump from s − 2 to s (a label that differs from the label before it).
  bool skips(std::size_t s) const noexcept {
    return s >= 2 && ext_[s] != blank_ && ext_[s] != ext_[s - 2];
  }

  const LossInput& in_;
  std::size_t N_;
  int blank_;
  std::size_t b_ = 0, T_ = 0, S_ = 1;
  double logp_ = 0.0;
  std::vector<std::int32_t> ext_;
  std::vector<double> alpha_, beta_, posterior_;
};

/// nn.CTCLoss over N samples of a [T, N, C] input (doc above Sample): 'none' gives ℓ_b,
/// 'sum' Σ ℓ_b, 'mean' (1/N) Σ ℓ_b / max(L_b, 1) (PyTorch's); with zero_infinity an
/// impossible sample's +∞ counts 0. An impossible sample's gradient is 0 either way (its
/// +∞ does not depend on the input; PyTorch's is NaN). Requires checked input.
Status runCtc(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  try {
    const std::size_t N = detail::sequenceSamples(in);
    if (out.grad) std::fill(out.grad, out.grad + in.n, 0.0f);
    detail::LabelLayout layout = detail::labelLayout(in);
    Sample sample(in, N, opt.blank);
    double total = 0.0;
    for (std::size_t b = 0; b < N; ++b) {
      const std::size_t L = static_cast<std::size_t>(in.target_lengths[b]);
      const std::size_t T = static_cast<std::size_t>(in.input_lengths[b]);
      const std::size_t first = layout.start(in, b);
      double loss = sample.loss(b, L ? in.labels + first : nullptr, L, T);
      const bool possible = std::isfinite(loss);
      if (!possible && opt.zero_infinity) loss = 0.0;
      const double share = opt.reduction == Reduction::Mean
                               ? 1.0 / (static_cast<double>(std::max<std::size_t>(L, 1)) * static_cast<double>(N))
                               : 1.0;
      total += loss * share;
      if (opt.reduction == Reduction::None && out.values) out.values[b] = static_cast<float>(loss);
      if (out.grad && possible && T > 0) sample.gradient(out.grad, share);
    }
    out.value = total;
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "ctc: out of memory for the forward-backward tables");
  }
}

}  // namespace

std::vector<LossSpec> sequenceLosses() {
  LossSpec spec = detail::described(LossSpec{
      "ctc", Family::Sequence, Layout::Sequence, InputDomain::Any, TargetKind::LabelSequences,
      {[] {
         OptionSpec o = detail::integerOption("blank", 0, &LossOptions::blank,
                                              "the class that means 'no label' between labels");
         o.min = 0;
         o.range_text = ">= 0 and < C";
         return o;
       }(),
       detail::flagOption("zero_infinity", false, &LossOptions::zero_infinity,
                          "count impossible alignments (infinite loss) as 0, with zero gradient")},
      R"(\ell_b = -\log \sum_{\pi \in \mathcal{B}^{-1}(y_b)} \prod_{t=1}^{T_b} p_t(\pi_t),\quad \text{mean: } \frac{1}{N}\sum_b \frac{\ell_b}{\max(|y_b|, 1)})",
      "Connectionist temporal classification: the negative log-probability of a label sequence, "
      "summed over every alignment of it to the time steps (with blanks and repeats).",
      "Sequence recognition without frame-level labels: speech, handwriting, OCR (the labels are "
      "shorter than the input and their timing is unknown). Returns the true gradient with respect "
      "to the log-probabilities; PyTorch's ctc_loss backward returns that plus exp(input) per used "
      "time step (scaled like the sample), its gradient with respect to logits under log_softmax.",
      "log-probabilities [T, N, C] (log_softmax over C), time-major: pass `time` and `classes`",
      "{ labels (concatenated, or [N, S] padded), inputLengths [N], targetLengths [N] }", runCtc},
      InputKind::LogProbabilities, "CTC (connectionist temporal classification)");
  spec.trainer_note =
      "needs sequences: log-probabilities over time [T, N, C] aligned to label sequences, which a "
      "network on 2-D points does not produce (train it on a speech, handwriting or OCR model)";
  return {spec};
}

}  // namespace losslab
