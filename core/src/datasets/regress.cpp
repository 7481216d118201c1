// LossLab datasets — regression sets.
#include <cmath>

#include "datasets/generators.hpp"

namespace losslab::data {

namespace dm = detmath;

/// A tilted plane: y = (x₁ + x₂)/10 read at the point moved by U(−6, 6)·noise, for points
/// uniform in [−6, 6]² (TF Playground's regressPlane); values in [−1.2, 1.2].
void plane(Request& r, Dataset& out) {
  constexpr double kRadius = 6.0;
  for (int i = 0; i < r.n; ++i) {
    const double x = r.rng.uniform(-kRadius, kRadius);
    const double y = r.rng.uniform(-kRadius, kRadius);
    const double nx = r.rng.uniform(-kRadius, kRadius) * r.noise;
    const double ny = r.rng.uniform(-kRadius, kRadius) * r.noise;
    addPoint(out, x, y, (x + nx + y + ny) / 10.0, (x + y) / 10.0);
  }
}

/// Six Gaussian bumps of alternating sign at (±4 or 0, ±2.5), height clamp(1 − d/2, 0, 1);
/// each point takes the bump largest in magnitude (TF Playground's regressGaussian),
/// read at the point moved by U(−6, 6)·noise; values in [−1, 1].
void multiGauss(Request& r, Dataset& out) {
  constexpr double kRadius = 6.0;
  constexpr double kBumps[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
                                   {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  auto value = [&](double x, double y) {
    double label = 0.0;
    for (const auto& g : kBumps) {
      const double d = dm::sqrt((x - g[0]) * (x - g[0]) + (y - g[1]) * (y - g[1]));
      double h = 1.0 - d / 2.0;
      h = h < 0.0 ? 0.0 : (h > 1.0 ? 1.0 : h);
      const double v = g[2] * h;
      if (std::fabs(v) > std::fabs(label)) label = v;
    }
    return label;
  };
  for (int i = 0; i < r.n; ++i) {
    const double x = r.rng.uniform(-kRadius, kRadius);
    const double y = r.rng.uniform(-kRadius, kRadius);
    const double nx = r.rng.uniform(-kRadius, kRadius) * r.noise;
    const double ny = r.rng.uniform(-kRadius, kRadius) * r.noise;
    addPoint(out, x, y, value(x + nx, y + ny), value(x, y));
  }
}

/// One input: y = sin(x) + noise·N(0, 1) for x uniform in [−6, 6], and 1 point in 10 an
/// outlier moved up by U(2, 4). The outliers all sit above the curve, so they pull a mean
/// (mse's fit) up by about their share × their size (~0.3) while a median-like fit (mae,
/// huber, log_cosh) barely moves; outliers on both sides would cancel and hide the
/// difference. The noise-free value (`clean`) is sin(x).
void sineOutliers(Request& r, Dataset& out) {
  const int outliers = static_cast<int>(std::floor(r.n / 10.0 + 0.5));
  for (int i = 0; i < r.n; ++i) {
    const double x = r.rng.uniform(-6.0, 6.0);
    const double clean = dm::sin(x);
    double y = clean + r.noise * r.rng.normal();
    if (i < outliers) y += r.rng.uniform(2.0, 4.0);
    out.x.push_back(static_cast<float>(x));
    out.y.push_back(static_cast<float>(y));
    out.clean.push_back(static_cast<float>(clean));
  }
}

/// A Poisson draw of mean λ (Knuth's product of uniforms; λ here stays below 20).
int poisson(detail::Rng& rng, double lambda) {
  const double limit = dm::exp(-lambda);
  int k = 0;
  double p = rng.uniform();
  while (p > limit) {
    ++k;
    p *= rng.uniform();
  }
  return k;
}

/// One input: counts y ~ Poisson(λ(x)), log λ(x) = 0.5 + sin(x/1.5) (rates 0.6 … 4.5) for x
/// uniform in [−6, 6], the log-rate moved by noise·N(0, 1) (over-dispersion) — for
/// poisson_nll, whose fitted curve (predict: e^output) is the rate.
void counts(Request& r, Dataset& out) {
  for (int i = 0; i < r.n; ++i) {
    const double x = r.rng.uniform(-6.0, 6.0);
    const double logRate = 0.5 + dm::sin(x / 1.5) + r.noise * r.rng.normal();
    out.x.push_back(static_cast<float>(x));
    out.y.push_back(static_cast<float>(poisson(r.rng, dm::exp(logRate))));
  }
}

/// One input: y = sin(x) + σ(x)·N(0, 1) for x uniform in [−6, 6], the spread growing with |x|:
/// σ(x) = (0.1 + noise)·(0.25 + |x|/2) — for gaussian_nll, which learns σ(x) as well.
void heteroscedastic(Request& r, Dataset& out) {
  for (int i = 0; i < r.n; ++i) {
    const double x = r.rng.uniform(-6.0, 6.0);
    const double sigma = (0.1 + r.noise) * (0.25 + std::fabs(x) / 2.0);
    out.x.push_back(static_cast<float>(x));
    out.y.push_back(static_cast<float>(dm::sin(x) + sigma * r.rng.normal()));
  }
}

}  // namespace losslab::data
