// Connectionist temporal classification (Graves et al. 2006), PyTorch's nn.CTCLoss: the
// forward–backward recursions in log space, in double, one sample at a time.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

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
/// The α and β steps and the posteriors run as double vectors over a step's states where the
/// target has them (native; Highway 1.0.3's wasm has no f64 lanes: the scalar twin runs there,
/// and everywhere under forceScalar()).
class Sample {
 public:
  Sample(const LossInput& in, std::size_t N, int blank, bool vector)
      : in_(in), N_(N), blank_(blank), vector_(vector && HWY_HAVE_FLOAT64) {}

  /// −log p for sample b with labels y[0..L) over T steps; its α is kept for gradient().
  double loss(std::size_t b, const std::int32_t* y, std::size_t L, std::size_t T) {
    b_ = b;
    T_ = T;
    S_ = 2 * L + 1;
    ext_.assign(S_, blank_);
    for (std::size_t j = 0; j < L; ++j) ext_[2 * j + 1] = y[j];
    if (T == 0) return L == 0 ? 0.0 : INFINITY;
    // Rows of kPad −∞ slots, the S' states, then −∞ up to a whole vector past the end: the
    // vector form reads s − 2 … s + 2 + lanes and writes whole vectors without bounds checks.
    stride_ = kPad + S_ + kPad + kMaxLanes;
    alpha_.assign(T * stride_, kNegInf);
    // jumpA_[s] = 0 where α may come from s − 2 (a label unlike the one before it), else −∞;
    // jumpB_[s] the same for β from s + 2.
    jumpA_.assign(S_ + kPad + kMaxLanes, kNegInf);
    jumpB_.assign(S_ + kPad + kMaxLanes, kNegInf);
    for (std::size_t s = 0; s < S_; ++s) {
      if (s >= 2 && ext_[s] != blank_ && ext_[s] != ext_[s - 2]) jumpA_[s] = 0.0;
      if (s + 2 < S_ && ext_[s] != blank_ && ext_[s + 2] != ext_[s]) jumpB_[s] = 0.0;
    }
    emit_.assign(S_ + kPad + kMaxLanes, 0.0);
    double* first = row(alpha_, 0);
    first[0] = lp(0, ext_[0]);
    if (S_ > 1) first[1] = lp(0, ext_[1]);
    for (std::size_t t = 1; t < T; ++t) {
      // Only states reachable from the start (s ≤ 2t + 1) that can still reach the end
      // (s ≥ S' − 2(T − t)) are finite; the others stay −∞.
      const std::size_t lo = low(t), hi = std::min(S_, 2 * t + 2);
      if (lo >= hi) continue;
      for (std::size_t s = lo; s < hi; ++s) emit_[s] = lp(t, ext_[s]);  // the gather: scalar
      step(row(alpha_, t - 1), row(alpha_, t), lo, hi, -1);
    }
    const double* last = row(alpha_, T - 1);
    logp_ = S_ > 1 ? logAdd(last[S_ - 1], last[S_ - 2]) : last[0];
    return -logp_;
  }

  /// Writes scale·∂ℓ_b/∂lp into `g` for sample b's rows t < T_b (the rows t ≥ T_b, and every
  /// class never in l', are 0: the caller zeroed them). Requires a finite loss() just before.
  void gradient(float* g, double scale) {
    const std::size_t T = T_;
    beta_.assign(T * stride_, kNegInf);
    double* endRow = row(beta_, T - 1);
    endRow[S_ - 1] = lp(T - 1, ext_[S_ - 1]);
    if (S_ > 1) endRow[S_ - 2] = lp(T - 1, ext_[S_ - 2]);
    for (std::size_t t = T - 1; t-- > 0;) {
      const std::size_t lo = low(t), hi = std::min(S_, 2 * t + 2);  // reaches the end; α finite
      if (lo >= hi) continue;
      for (std::size_t s = lo; s < hi; ++s) emit_[s] = lp(t, ext_[s]);
      step(row(beta_, t + 1), row(beta_, t), lo, hi, +1);
    }
    // Per time step: each state's posterior exp(α + β − lp − log p), then each class's total
    // (repeated labels add up), written once.
    const std::size_t C = in_.cols;
    posterior_.assign(C, 0.0);
    post_.assign(S_ + kPad + kMaxLanes, 0.0);
    for (std::size_t t = 0; t < T; ++t) {
      const std::size_t lo = low(t), hi = std::min(S_, 2 * t + 2);
      if (lo >= hi) continue;
      for (std::size_t s = lo; s < hi; ++s) emit_[s] = lp(t, ext_[s]);
      posteriors(row(alpha_, t), row(beta_, t), lo, hi);
      for (std::size_t s = lo; s < hi; ++s) posterior_[static_cast<std::size_t>(ext_[s])] += post_[s];
      float* out = g + (t * N_ + b_) * C;
      for (std::size_t s = lo; s < hi; ++s) {
        const std::size_t k = static_cast<std::size_t>(ext_[s]);
        if (posterior_[k] == 0.0) continue;
        out[k] = static_cast<float>(-scale * posterior_[k]);
        posterior_[k] = 0.0;
      }
    }
  }

 private:
  static constexpr std::size_t kPad = 2;
  static constexpr std::size_t kMaxLanes = 16;  // ≥ the doubles of any vector (AVX-512: 8)

  double lp(std::size_t t, std::int32_t k) const noexcept {
    return in_.input[(t * N_ + b_) * in_.cols + static_cast<std::size_t>(k)];
  }
  double* row(std::vector<double>& table, std::size_t t) noexcept { return &table[t * stride_ + kPad]; }
  std::size_t low(std::size_t t) const noexcept { return 2 * (T_ - t) < S_ ? S_ - 2 * (T_ - t) : 0; }

  /// One step of α (dir −1: from s, s − 1 and s − 2 when jumpA_) or β (dir +1: from s, s + 1,
  /// s + 2 when jumpB_) on [lo, hi): cur[s] = emit_[s] + log Σ exp(from), −∞ when all are.
  void step(const double* from, double* cur, std::size_t lo, std::size_t hi, int dir) noexcept {
    // The neighbours' rows, shifted by one and two states (signed: from s = 0, α reads the −∞
    // padding before the row).
    const double* from1 = from + dir;
    const double* from2 = from + 2 * dir;
    const double* jump = dir < 0 ? jumpA_.data() : jumpB_.data();
#if HWY_HAVE_FLOAT64  // double vectors: native targets (Highway 1.0.3's wasm has none)
    if (vector_) {
      const DD d;
      const std::size_t L = hn::Lanes(d);
      const auto neg = hn::Set(d, kNegInf);
      for (std::size_t s = lo; s < hi; s += L) {
        const auto a = hn::LoadU(d, from + s);
        const auto b = hn::LoadU(d, from1 + s);
        const auto c = hn::Add(hn::LoadU(d, from2 + s), hn::LoadU(d, jump + s));
        const auto m = hn::Max(a, hn::Max(b, c));
        const auto none = hn::Eq(m, neg);
        const auto safe = hn::IfThenElseZero(hn::Not(none), m);  // m, or 0 where all are −∞
        const auto sum = hn::Add(hn::Add(hn::Exp(d, hn::Sub(a, safe)), hn::Exp(d, hn::Sub(b, safe))),
                                 hn::Exp(d, hn::Sub(c, safe)));
        auto r = hn::Add(hn::Add(m, hn::Log(d, sum)), hn::LoadU(d, emit_.data() + s));
        r = hn::IfThenElse(none, neg, r);
        // Beyond hi the row must stay −∞ (out of the band): mask the vector's tail.
        r = hn::IfThenElse(hn::FirstN(d, hi - s), r, neg);
        hn::StoreU(r, d, cur + s);
      }
      return;
    }
#endif
    for (std::size_t s = lo; s < hi; ++s) {
      const double sum = logAdd(from[s], from1[s], from2[s] + jump[s]);
      cur[s] = sum == kNegInf ? kNegInf : sum + emit_[s];
    }
  }

  /// post_[s] = exp(α_t(s) + β_t(s) − lp(t, l'_s) − log p) on [lo, hi).
  void posteriors(const double* a, const double* be, std::size_t lo, std::size_t hi) noexcept {
#if HWY_HAVE_FLOAT64
    if (vector_) {
      const DD d;
      const std::size_t L = hn::Lanes(d);
      const auto logp = hn::Set(d, logp_);
      for (std::size_t s = lo; s < hi; s += L) {
        const auto x = hn::Sub(hn::Sub(hn::Add(hn::LoadU(d, a + s), hn::LoadU(d, be + s)),
                                       hn::LoadU(d, emit_.data() + s)), logp);
        hn::StoreU(hn::Exp(d, x), d, post_.data() + s);  // −∞ (unreachable) gives 0
      }
      return;
    }
#endif
    for (std::size_t s = lo; s < hi; ++s) {
      const double ab = a[s] + be[s];
      post_[s] = ab == kNegInf ? 0.0 : std::exp(ab - emit_[s] - logp_);
    }
  }

#if HWY_HAVE_FLOAT64
  using DD = hn::ScalableTag<double>;
#endif

  const LossInput& in_;
  std::size_t N_;
  int blank_;
  bool vector_;
  std::size_t b_ = 0, T_ = 0, S_ = 1, stride_ = 0;
  double logp_ = 0.0;
  std::vector<std::int32_t> ext_;
  std::vector<double> alpha_, beta_, jumpA_, jumpB_, emit_, post_, posterior_;
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
    Sample sample(in, N, opt.blank, !detail::forceScalar());
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
