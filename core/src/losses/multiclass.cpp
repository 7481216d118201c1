// Multi-class losses over [N, C] rows of logits, log-probabilities or scores (PyTorch's
// semantics), and the family's catalogue in display order. The Keras probability-input
// losses live in multiclass_keras.cpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "multiclass_rows.hpp"
#include "specs.hpp"
#include "simd/rows.hpp"
#include "simd/vmath.hpp"

namespace losslab {
namespace {

using detail::classOf;
using detail::classValue;
using detail::DF;
using detail::shiftedSoftmax;
using detail::RowsScale;
using detail::VF;

bool ignored(const LossInput& in, const LossOptions& opt, std::size_t row) noexcept {
  return in.target[row] == static_cast<float>(opt.ignore_index);
}

/// Rows whose last steps (a log, a power) are done a vector of rows at a time: lane j of
/// each array is row `first + j`; entries past `count` are zero.
constexpr std::size_t kBatch = 64;  // a multiple of every lane count

/// A softmax row's sums (softmaxPasses).
struct SoftmaxSums {
  float m = 0.0f;    // max_c x_c
  float s = 1.0f;    // Σ_c e^{x_c − m}
  float sm1 = 0.0f;  // s − 1, free of the rounding of s (which is near 1 when p_max → 1)
};

/// Passes 1 and 2 over a row of C logits:
///   m = max_c x_c;  e_c = e^{x_c − m} (written to `e` when non-null);
///   s = Σ_c e_c, with s − 1 = (#maxima − 1) + Σ_{x_c < m} e_c exactly as summed (each
///   maximum contributes exactly 1), so log1p(s − 1) keeps its low bits when p → 1.
/// `each(c, count, x, real, m)` sees every vector of the second pass (x padded with −∞,
/// `real` the mask of its real lanes, m broadcast) for the loss's dot products.
template <class Each>
HWY_INLINE SoftmaxSums softmaxPasses(DF d, const float* x, std::size_t C, float* e,
                                     Each&& each) noexcept {
  using detail::forEachVector;
  using detail::loadRow;
  VF vmax = hn::Set(d, -INFINITY);
  forEachVector(d, C, [&](std::size_t c, std::size_t k) {
    vmax = hn::Max(vmax, loadRow(d, x, c, k, -INFINITY));
  });
  SoftmaxSums r;
  r.m = hn::GetLane(hn::MaxOfLanes(d, vmax));
  const VF vm = hn::Set(d, r.m);
  const VF one = hn::Set(d, 1.0f);
  VF below = hn::Zero(d), maxima = hn::Zero(d);
  forEachVector(d, C, [&](std::size_t c, std::size_t k) {
    const VF xv = loadRow(d, x, c, k, -INFINITY);
    const VF ev = detail::vm::ExpNonPositive(d, hn::Sub(xv, vm));  // padding: e^{−∞} = 0
    const auto top = hn::Eq(xv, vm);
    below = hn::Add(below, hn::IfThenZeroElse(top, ev));
    maxima = hn::Add(maxima, hn::IfThenElseZero(top, one));
    if (e != nullptr) detail::storeRow(d, ev, e, c, k);
    each(c, k, xv, hn::FirstN(d, k), vm);
  });
  const float t = hn::GetLane(hn::SumOfLanes(d, below));
  const float k = hn::GetLane(hn::SumOfLanes(d, maxima));
  r.sm1 = (k - 1.0f) + t;
  r.s = k + t;
  return r;
}

/// Softmax cross-entropy, F.cross_entropy:
///   index targets:  l_i = (1−ε)·w_{y_i}·(−log p_{i,y_i}) + ε/C·Σ_c w_c·(−log p_{i,c})
///   probabilities:  l_i = −Σ_c w_c·t'_{i,c}·log p_{i,c},  t' = (1−ε)·t + ε/C
/// with log p = x − logsumexp(x). 'mean' divides index targets by Σ w_{y_i} over the
/// non-ignored rows, probability targets by N. Gradient per row:
///   index:          (1−ε)·w_y·(p_c − [c = y]) + ε/C·(W·p_c − w_c),  W = Σ_c w_c
///   probabilities:  (Σ_k w_k t'_k)·p_c − w_c·t'_c
struct CrossEntropy {
  const LossInput& in;
  const LossOptions& opt;
  std::size_t C;
  bool indices;
  double eps;
  double W;  // Σ_c w_c

  /// `indexTargets`: one class index per row, else [N, C] probability rows (the two have the
  /// same length when C = 1, so the caller says which).
  CrossEntropy(const LossInput& input, const LossOptions& options, bool indexTargets) noexcept
      : in(input), opt(options), C(input.cols), indices(indexTargets),
        eps(options.label_smoothing), W(0.0) {
    for (std::size_t c = 0; c < C; ++c) W += w(c);
  }

  double w(std::size_t c) const noexcept { return classValue(opt.weight, c); }

  /// Row i's share of the 'mean' denominator.
  double count(std::size_t i) const noexcept {
    if (!indices) return 1.0;
    return ignored(in, opt, i) ? 0.0 : w(classOf(in, i));
  }

  /// The scalar twin: row i's loss, in double; gscale·∂l_i/∂x_i into g.
  double row(std::size_t i, const float* x, float* g, double gscale) const noexcept {
    const detail::ShiftedSoftmax sm = shiftedSoftmax(x, C);
    auto p = [&](std::size_t c) { return sm.p(x[c]); };
    if (indices) {
      if (ignored(in, opt, i)) {
        if (g) std::fill(g, g + C, 0.0f);
        return 0.0;
      }
      const std::size_t y = classOf(in, i);
      const double wy = w(y);
      double smooth = 0.0;
      for (std::size_t c = 0; c < C; ++c) smooth += w(c) * -sm.logP(x[c]);
      if (g) {
        for (std::size_t c = 0; c < C; ++c) {
          const double pc = p(c);
          g[c] = static_cast<float>(gscale * ((1.0 - eps) * wy * (pc - (c == y ? 1.0 : 0.0)) +
                                              eps / C * (W * pc - w(c))));
        }
      }
      return (1.0 - eps) * wy * -sm.logP(x[y]) + eps / C * smooth;
    }
    const float* t = in.target + i * C;
    auto smoothed = [&](std::size_t c) { return (1.0 - eps) * t[c] + eps / C; };
    double loss = 0.0, wt = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      loss += w(c) * smoothed(c) * -sm.logP(x[c]);
      wt += w(c) * smoothed(c);
    }
    if (g) {
      for (std::size_t c = 0; c < C; ++c) {
        g[c] = static_cast<float>(gscale * (wt * p(c) - w(c) * smoothed(c)));
      }
    }
    return loss;
  }

  /// The vector form of `row`, leaving the loss as coef·log1p(sm1) + rest (log1p(s − 1) =
  /// logsumexp(x) − m) for the batch to finish. With q = log1p(s − 1):
  ///   index:  l = [(1−ε)w_y + ε/C·W]·q + (1−ε)·w_y·(m − x_y) + ε/C·Σ_c w_c (m − x_c)
  ///   probabilities:  l = (Σ_c w_c t'_c)·q + Σ_c w_c t'_c (m − x_c)
  /// (every part ≥ 0: nothing cancels). Gradient, p_c = e_c/s: index g_c = A·p_c − ε/C·w_c,
  /// A = (1−ε)w_y + ε/C·W, then g_y with p_y − 1 = ((e_y − 1) − (s − 1))/s (exact when
  /// p_y → 1); probabilities g_c = (Σ w t')·p_c − w_c t'_c.
  void vectorRow(std::size_t i, const float* x, float* g, double gscale, float& sm1, float& coef,
                 float& rest) const noexcept {
    const DF d;
    const VF zero = hn::Zero(d);
    if (indices && ignored(in, opt, i)) {
      if (g) std::fill(g, g + C, 0.0f);
      sm1 = coef = rest = 0.0f;
      return;
    }
    const float* wv = opt.weight.empty() ? nullptr : opt.weight.data;
    const float* t = indices ? nullptr : in.target + i * C;
    const std::size_t y = indices ? classOf(in, i) : C;
    const bool plain = indices && wv == nullptr && eps == 0.0;
    const float keep = static_cast<float>(1.0 - eps), spread = static_cast<float>(eps / C);
    // The dot products (not needed by the plain case): Σ w(m − x), and for probabilities Σ w t'.
    VF dotGap = zero, dotWeight = zero;
    auto weightOf = [&](std::size_t c, std::size_t k, auto real) {
      const VF w = wv ? detail::loadRow(d, wv, c, k, 0.0f) : hn::IfThenElseZero(real, hn::Set(d, 1.0f));
      if (indices) return w;
      const VF tv = detail::loadRow(d, t, c, k, 0.0f);
      return hn::Mul(w, hn::MulAdd(tv, hn::Set(d, keep), hn::Set(d, spread)));  // w·t'
    };
    SoftmaxSums r;
    if (plain) {
      r = softmaxPasses(d, x, C, g, [](std::size_t, std::size_t, VF, auto, VF) {});
    } else {
      r = softmaxPasses(d, x, C, g, [&](std::size_t c, std::size_t k, VF xv, auto real, VF vm) {
        if (!indices || eps != 0.0) {
          const VF wt = weightOf(c, k, real);
          const VF gap = hn::IfThenElseZero(real, hn::Sub(vm, xv));
          dotGap = hn::MulAdd(wt, gap, dotGap);
          if (!indices) dotWeight = hn::Add(dotWeight, wt);
        }
      });
    }
    sm1 = r.sm1;
    double A = 0.0;  // the factor of p_c in the gradient
    if (indices) {
      const double wy = wv ? wv[y] : 1.0;
      A = (1.0 - eps) * wy + eps / C * W;
      coef = static_cast<float>(A);
      rest = static_cast<float>((1.0 - eps) * wy * (static_cast<double>(r.m) - x[y]));
      if (eps != 0.0) rest += static_cast<float>(eps / C) * hn::GetLane(hn::SumOfLanes(d, dotGap));
      if (g) {
        const float ey = g[y];  // e_y, as the second pass stored it
        const double pym1 = ((static_cast<double>(ey) - 1.0) - r.sm1) / r.s;
        const VF a = hn::Set(d, static_cast<float>(gscale * A / r.s));
        const VF b = hn::Set(d, static_cast<float>(gscale * eps / C));
        detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
          const VF ev = detail::loadRow(d, g, c, k, 0.0f);
          VF gv = hn::Mul(a, ev);
          if (!plain) gv = hn::NegMulAdd(b, wv ? detail::loadRow(d, wv, c, k, 0.0f) : hn::Set(d, 1.0f), gv);
          detail::storeRow(d, gv, g, c, k);
        });
        g[y] = static_cast<float>(gscale * ((1.0 - eps) * wy * pym1 + eps / C * (W * ey / r.s - wy)));
      }
    } else {
      const float wt = hn::GetLane(hn::SumOfLanes(d, dotWeight));
      coef = wt;
      rest = hn::GetLane(hn::SumOfLanes(d, dotGap));
      if (g) {
        const VF a = hn::Set(d, static_cast<float>(gscale * wt / r.s));
        const VF b = hn::Set(d, static_cast<float>(gscale));
        detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
          const VF ev = detail::loadRow(d, g, c, k, 0.0f);
          const VF wtc = weightOf(c, k, hn::FirstN(d, k));
          detail::storeRow(d, hn::NegMulAdd(b, wtc, hn::Mul(a, ev)), g, c, k);
        });
      }
    }
  }
};

Status runCrossEntropyOn(const LossInput& in, const LossOptions& opt, LossOutput& out, bool indexTargets) noexcept {
  const CrossEntropy ce(in, opt, indexTargets);
  const std::size_t C = in.cols, N = in.n / C;
  const RowsScale scale = detail::rowsScale(N, opt.reduction, [&](std::size_t i) { return ce.count(i); });
  if (detail::forceScalar()) {
    return detail::runRows([&](std::size_t i, const float* x, float* g, double gs) { return ce.row(i, x, g, gs); },
                           scale, in, opt.reduction, out);
  }
  const DF d;
  const std::size_t L = hn::Lanes(d);
  const bool keepTerms = opt.reduction == Reduction::None && out.values != nullptr;
  HWY_ALIGN float sm1[kBatch], coef[kBatch], rest[kBatch], loss[kBatch];
  double total = 0.0;
  for (std::size_t first = 0; first < N; first += kBatch) {
    const std::size_t count = std::min(kBatch, N - first);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = first + j;
      ce.vectorRow(i, in.input + i * C, out.grad ? out.grad + i * C : nullptr, scale.grad, sm1[j],
                   coef[j], rest[j]);
    }
    for (std::size_t j = count; j < kBatch; ++j) sm1[j] = coef[j] = rest[j] = 0.0f;
    // l = coef·log1p(s − 1) + rest, a vector of rows at a time
    for (std::size_t j = 0; j < count; j += L) {
      const VF l = hn::MulAdd(hn::Load(d, coef + j), hn::Log1p(d, hn::Load(d, sm1 + j)), hn::Load(d, rest + j));
      hn::Store(l, d, loss + j);
    }
    for (std::size_t j = 0; j < count; ++j) {
      double l = loss[j];
      if (!std::isfinite(l)) {  // logits or targets near FLT_MAX overflow these float sums
        const std::size_t i = first + j;
        l = ce.row(i, in.input + i * C, out.grad ? out.grad + i * C : nullptr, scale.grad);
      }
      total += l;
      if (keepTerms) out.values[first + j] = static_cast<float>(l);
    }
  }
  out.value = detail::reduceRows(total, scale, opt.reduction);
  return Status::ok();
}

/// cross_entropy: index targets when there is one per row (checkTarget validated them as such),
/// else probability rows.
Status runCrossEntropy(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  return runCrossEntropyOn(in, opt, out, in.target_n == in.n / in.cols);
}

/// F.nll_loss: l_i = −w_{y_i}·x_{i,y_i};  ∂l_i/∂x_{i,c} = −w_{y_i}·[c = y_i];
/// 'mean' divides by Σ w_{y_i} over the non-ignored rows (ignored rows: l = 0, ∂ = 0).
/// (One value per row: the gradient is a fill of zeros and one store per row.)
Status runNll(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const RowsScale scale = detail::rowsScale(in.n / C, opt.reduction, [&](std::size_t i) {
    return ignored(in, opt, i) ? 0.0 : classValue(opt.weight, classOf(in, i));
  });
  auto term = [&](std::size_t i, const float* x, float* g, double gscale) noexcept -> double {
    if (g) std::fill(g, g + C, 0.0f);
    if (ignored(in, opt, i)) return 0.0;
    const std::size_t y = classOf(in, i);
    const double wy = classValue(opt.weight, y);
    if (g) g[y] = static_cast<float>(-wy * gscale);
    return -wy * x[y];
  };
  return detail::runRows(term, scale, in, opt.reduction, out);
}

/// nn.MultiMarginLoss: with z_c = margin − x_y + x_c,
///   l_i = (1/C)·Σ_{c≠y} w_y·max(0, z_c)^p,  p ∈ {1, 2};
///   ∂l_i/∂x_c = (w_y/C)·(p = 1 ? 1 : 2z_c) where z_c > 0 (no gradient at z_c = 0, as
///   PyTorch's kernel), and ∂l_i/∂x_y = −Σ_{c≠y} ∂l_i/∂x_c.  'mean' divides by N.
Status runMultiMargin(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols;
  const bool squared = opt.p == 2.0;
  // The scalar twin.
  auto row = [&](std::size_t i, const float* x, float* g, double gscale) noexcept -> double {
    const std::size_t y = classOf(in, i);
    const double wyOverC = classValue(opt.weight, y) / static_cast<double>(C);
    double loss = 0.0, gy = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      const double z = opt.margin - x[y] + x[c];
      const bool active = c != y && z > 0.0;
      if (active) loss += squared ? z * z : z;
      const double gc = active ? wyOverC * (squared ? 2.0 * z : 1.0) : 0.0;
      gy -= gc;
      if (g) g[c] = static_cast<float>(gc * gscale);
    }
    if (g) g[y] = static_cast<float>(gy * gscale);
    return wyOverC * loss;
  };
  // Vectorised across classes: z = (margin − x_y) + x_c, active where z > 0 and c ≠ y (the
  // padding, x = −∞, is never active); one pass for the loss and the gradient.
  auto vectorRow = [&](std::size_t i, const float* x, float* g, double gscale) noexcept -> double {
    const DF d;
    const std::size_t y = classOf(in, i);
    const double wyOverC = classValue(opt.weight, y) / static_cast<double>(C);
    const VF shift = hn::Set(d, static_cast<float>(opt.margin - x[y]));
    const VF yv = hn::Set(d, static_cast<float>(y));
    const VF step = hn::Set(d, static_cast<float>(wyOverC * gscale * (squared ? 2.0 : 1.0)));
    VF loss = hn::Zero(d), gsum = hn::Zero(d);
    detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
      const VF z = hn::Add(shift, detail::loadRow(d, x, c, k, -INFINITY));
      const auto active = hn::And(hn::Gt(z, hn::Zero(d)), hn::Ne(detail::columns(d, c), yv));
      const VF za = hn::IfThenElseZero(active, z);
      loss = squared ? hn::MulAdd(za, za, loss) : hn::Add(loss, za);
      if (g) {
        const VF gv = squared ? hn::Mul(step, za) : hn::IfThenElseZero(active, step);
        gsum = hn::Add(gsum, gv);
        detail::storeRow(d, gv, g, c, k);
      }
    });
    if (g) g[y] = -hn::GetLane(hn::SumOfLanes(d, gsum));
    const double value = wyOverC * hn::GetLane(hn::SumOfLanes(d, loss));
    // Margins near FLT_MAX overflow these float sums; the scalar twin's are double.
    return std::isfinite(value) ? value : row(i, x, g, gscale);
  };
  const RowsScale scale = detail::rowsScale(in.n / C, opt.reduction);
  if (detail::forceScalar() || !detail::floatFriendly(opt.margin)) {
    return detail::runRows(row, scale, in, opt.reduction, out);
  }
  return detail::runRows(vectorRow, scale, in, opt.reduction, out);
}

/// Focal loss, l_i = −α_y·q^γ·log p_y with q = 1 − p_y ('mean' divides by N).
///  - from_logits (default): p = softmax(x), log p_y = x_y − logsumexp(x), q = Σ_{c≠y} p_c
///    (exact when p_y → 1);  ∂l/∂x_c = α_y·A·(p_c − [c = y]),  A = q^γ − γ·q^{γ−1}·p_y·log p_y.
///  - probabilities: p_y = x_y with the log's argument clamped to ≥ 1e-7 (Keras's ε; other
///    entries are not used and not renormalised);
///    ∂l/∂x_y = −α_y·(q^γ·[x_y ≥ ε]/x_y − γ·q^{γ−1}·log max(x_y, ε)), 0 for c ≠ y.
/// The q^{γ−1} term is taken as 0 at q = 0 (its limit; autograd gives NaN for γ < 1).
/// Requires γ ≥ 0, α ≥ 0 per class or one α for all (Keras; 1 when absent); inputs in
/// [0, 1] unless from_logits.
Status runFocal(const LossInput& in, const LossOptions& opt, LossOutput& out) noexcept {
  const std::size_t C = in.cols, N = in.n / C;
  const double gamma = opt.gamma;
  const RowsScale scale = detail::rowsScale(N, opt.reduction);
  // γ·q^{γ−1}, 0 at q = 0.
  auto kink = [gamma](double q) { return q > 0.0 ? gamma * std::pow(q, gamma - 1.0) : 0.0; };
  // The scalar twin (and the probability input, which reads one value per row).
  auto row = [&](std::size_t i, const float* x, float* g, double gscale) noexcept -> double {
    const std::size_t y = classOf(in, i);
    const double alpha = classValue(opt.class_alpha, y);
    if (!opt.from_logits) {
      const double py = x[y];
      const double logP = std::log(std::max(py, detail::kKerasEpsilon));
      const double q = 1.0 - py;
      if (g) {
        std::fill(g, g + C, 0.0f);
        const double dlog = py >= detail::kKerasEpsilon ? 1.0 / py : 0.0;
        g[y] = static_cast<float>(-alpha * gscale * (std::pow(q, gamma) * dlog - kink(q) * logP));
      }
      return -alpha * std::pow(q, gamma) * logP;
    }
    const detail::ShiftedSoftmax sm = shiftedSoftmax(x, C);
    const double logP = sm.logP(x[y]);
    double q = 0.0;
    for (std::size_t c = 0; c < C; ++c) q += c == y ? 0.0 : sm.p(x[c]);
    const double qg = std::pow(q, gamma);
    if (g) {
      const double a = alpha * gscale * (qg - kink(q) * std::exp(logP) * logP);
      for (std::size_t c = 0; c < C; ++c) {
        g[c] = static_cast<float>(a * (sm.p(x[c]) - (c == y ? 1.0 : 0.0)));
      }
    }
    return -alpha * qg * logP;
  };
  if (!opt.from_logits || detail::forceScalar() || !detail::floatFriendly(gamma)) {
    return detail::runRows(row, scale, in, opt.reduction, out);
  }
  // Vectorised: per row the two softmax passes (e_c kept in the gradient slots), then per
  // batch of rows, a vector of rows at a time, with q = (s − e_y)/s (= (s − 1)/s exactly
  // when y is a maximum):
  //   log p_y = −(log1p(s − 1) + (m − x_y)),  l = −α·q^γ·log p_y,
  //   A = α·(q^γ − γ·q^{γ−1}·p_y·log p_y);  then per row g_c = A·p_c, g_y = −A·q.
  const DF d;
  const std::size_t L = hn::Lanes(d);
  const bool keepTerms = opt.reduction == Reduction::None && out.values != nullptr;
  const float gam = static_cast<float>(gamma);
  HWY_ALIGN float sm1[kBatch], gap[kBatch], qs[kBatch], py[kBatch], alpha[kBatch], s[kBatch],
      loss[kBatch], A[kBatch];
  double total = 0.0;
  for (std::size_t first = 0; first < N; first += kBatch) {
    const std::size_t count = std::min(kBatch, N - first);
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = first + j;
      const float* x = in.input + i * C;
      const std::size_t y = classOf(in, i);
      const SoftmaxSums r = softmaxPasses(d, x, C, out.grad ? out.grad + i * C : nullptr,
                                          [](std::size_t, std::size_t, VF, auto, VF) {});
      // e_y = e^{x_y − m}, by the same exp as the row's (exactly 1 when x_y is the maximum)
      const float ey = hn::GetLane(detail::vm::ExpNonPositive(d, hn::Set(d, x[y] - r.m)));
      sm1[j] = r.sm1;
      gap[j] = r.m - x[y];
      qs[j] = (x[y] == r.m ? r.sm1 : r.s - ey) / r.s;
      py[j] = ey / r.s;
      s[j] = r.s;
      alpha[j] = static_cast<float>(classValue(opt.class_alpha, y));
    }
    for (std::size_t j = count; j < kBatch; ++j) sm1[j] = gap[j] = qs[j] = py[j] = alpha[j] = 0.0f;
    for (std::size_t j = 0; j < count; j += L) {
      const VF q = hn::Load(d, qs + j);
      const VF logP = hn::Neg(hn::Add(hn::Log1p(d, hn::Load(d, sm1 + j)), hn::Load(d, gap + j)));
      const VF qg = detail::vm::PowUnit(d, q, gam);
      VF k;  // γ·q^{γ−1}, 0 at q = 0
      if (gam == 2.0f) {
        k = hn::Add(q, q);
      } else if (gam == 0.0f) {
        k = hn::Zero(d);
      } else {
        const auto zero = hn::Eq(q, hn::Zero(d));
        k = hn::IfThenZeroElse(zero, hn::Div(hn::Mul(hn::Set(d, gam), qg),
                                             hn::IfThenElse(zero, hn::Set(d, 1.0f), q)));
      }
      const VF a = hn::Load(d, alpha + j);
      hn::Store(hn::Neg(hn::Mul(a, hn::Mul(qg, logP))), d, loss + j);
      hn::Store(hn::Mul(a, hn::NegMulAdd(hn::Mul(k, hn::Load(d, py + j)), logP, qg)), d, A + j);
    }
    for (std::size_t j = 0; j < count; ++j) {
      const std::size_t i = first + j;
      float* g = out.grad ? out.grad + i * C : nullptr;
      if (!std::isfinite(loss[j])) {  // logits near FLT_MAX overflow these float sums
        const double l = row(i, in.input + i * C, g, scale.grad);
        total += l;
        if (keepTerms) out.values[i] = static_cast<float>(l);
        continue;
      }
      total += loss[j];
      if (keepTerms) out.values[i] = loss[j];
      if (g == nullptr) continue;
      const VF a = hn::Set(d, static_cast<float>(scale.grad * A[j] / s[j]));
      detail::forEachVector(d, C, [&](std::size_t c, std::size_t k) {
        detail::storeRow(d, hn::Mul(a, detail::loadRow(d, g, c, k, 0.0f)), g, c, k);
      });
      g[classOf(in, i)] = static_cast<float>(-scale.grad * A[j] * qs[j]);
    }
  }
  out.value = detail::reduceRows(total, scale, opt.reduction);
  return Status::ok();
}

Status checkFocal(std::string_view id, const LossInput& in, const LossOptions& opt) {
  if (opt.from_logits) return Status::ok();
  return detail::checkProbabilityInput(id, in, "with from_logits: false takes probabilities");
}

OptionSpec classWeightOption() {
  return detail::vectorOption("weight", &LossOptions::weight, VectorLength::Classes,
                              "rescaling weight for each class", 0.0, ">= 0");
}

OptionSpec ignoreIndexOption() {
  return detail::integerOption("ignore_index", -100, &LossOptions::ignore_index,
                               "a target value that is ignored and does not count towards the mean");
}

LossSpec crossEntropySpec() {
  return detail::described(LossSpec{
      "cross_entropy", Family::Multiclass, Layout::Rows, InputDomain::Any,
      TargetKind::IndicesOrProbabilities,
      {classWeightOption(), ignoreIndexOption(),
       detail::labelSmoothingOption("mix the target with the uniform distribution")},
      R"(\ell_i = -\log \frac{e^{x_{i,y_i}}}{\sum_c e^{x_{i,c}}})",
      "Softmax cross-entropy: the negative log-probability the softmax gives the true class.",
      "Image classification and any task with one correct class out of several.",
      "logits [N, C] (raw scores)", "class indices (length N) or probabilities [N, C]",
      runCrossEntropy},
      InputKind::Logits, "Cross-entropy (softmax)");
}

LossSpec nllSpec() {
  return detail::described(LossSpec{
      "nll", Family::Multiclass, Layout::Rows, InputDomain::NonPositive, TargetKind::ClassIndices,
      {classWeightOption(), ignoreIndexOption()},
      R"(\ell_i = -w_{y_i}\, x_{i,y_i})",
      "Negative log-likelihood: minus the log-probability given to the true class.",
      "Classifiers ending in a log-softmax layer (cross-entropy split in two).",
      "log-probabilities [N, C] (e.g. log_softmax output)", "class indices (length N)", runNll},
      InputKind::LogProbabilities, "Negative log-likelihood (NLL)");
}

LossSpec multiMarginSpec() {
  return detail::described(LossSpec{
      "multi_margin", Family::Multiclass, Layout::Rows, InputDomain::Any, TargetKind::ClassIndices,
      {detail::choiceOption("p", 1.0, &LossOptions::p,
                            "exponent of each margin violation: 1 (hinge) or 2 (squared hinge)", {1.0, 2.0}),
       detail::numberOption("margin", 1.0, &LossOptions::margin,
                            "how far the true class's score must lead every other", 0.0, false, ">= 0"),
       classWeightOption()},
      R"(\ell_i = \frac{1}{C}\sum_{c \ne y_i} w_{y_i} \max(0,\ \text{margin} - x_{i,y_i} + x_{i,c})^p)",
      "Multi-class hinge loss: every wrong class whose score comes within the margin of the true one costs.",
      "Multi-class support vector machines (SVM) on raw scores.",
      "scores [N, C] (raw, unbounded)", "class indices (length N)", runMultiMargin},
      InputKind::Scores, "Multi-class hinge (multi-class SVM)");
}

LossSpec focalSpec() {
  LossSpec s{
      "focal", Family::Multiclass, Layout::Rows, InputDomain::Any, TargetKind::ClassIndices,
      {detail::numberOption("gamma", 2.0, &LossOptions::gamma,
                            "focusing parameter: how much easy examples are down-weighted", 0.0,
                            false, ">= 0"),
       detail::vectorOption("alpha", &LossOptions::class_alpha, VectorLength::OneOrClasses,
                            "weight for each class, or one weight for all (1 when absent)", 0.0,
                            ">= 0"),
       detail::flagOption("from_logits", true, &LossOptions::from_logits,
                          "the input is logits (true) or probabilities (false)")},
      R"(\ell_i = -\alpha_{y_i} (1 - p_{i,y_i})^\gamma \log p_{i,y_i},\quad p_i = \operatorname{softmax}(x_i))",
      "Focal loss: cross-entropy scaled down for well-classified examples, so hard ones dominate.",
      "Object detection with class imbalance (RetinaNet), where easy background examples abound.",
      "logits [N, C] (probabilities with from_logits: false)", "class indices (length N)",
      runFocal};
  s.check = checkFocal;
  s.input = InputKind::Probabilities;  // logits with from_logits (the default)
  s.name = "Focal";
  return s;
}

}  // namespace

Status detail::softmaxCrossEntropy(const LossInput& in, Reduction reduction, double labelSmoothing,
                                   bool probabilityRows, LossOutput& out) noexcept {
  LossOptions opt;  // no weight, no ignored class
  opt.reduction = reduction;
  opt.label_smoothing = labelSmoothing;
  return runCrossEntropyOn(in, opt, out, !probabilityRows);
}

std::vector<LossSpec> multiclassLosses() {
  return {crossEntropySpec(),  detail::categoricalCrossEntropySpec(),
          detail::sparseCategoricalCrossEntropySpec(), nllSpec(),
          detail::klDivSpec(), multiMarginSpec(), focalSpec(), detail::categoricalHingeSpec()};
}

}  // namespace losslab
