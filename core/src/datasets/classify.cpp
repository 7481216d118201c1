// LossLab datasets — classification sets. Labels are 0/1 (TF Playground's −1 is 0) or
// class indices.
#include <cmath>

#include "datasets/generators.hpp"

namespace losslab::data {

namespace dm = detmath;

/// Two rings: class 1 inside radius 2.5, class 0 between 3.5 and 5. As in TF Playground,
/// a label is read at the point moved by U(−5, 5)·noise, so noise blurs the boundary.
void circle(Request& r, Dataset& out) {
  constexpr double kRadius = 5.0;
  auto ring = [&](int count, double rMin, double rMax) {
    for (int i = 0; i < count; ++i) {
      const double radius = r.rng.uniform(rMin, rMax);
      const double angle = r.rng.uniform(0.0, 2.0 * dm::kPi);
      const double x = radius * dm::sin(angle);
      const double y = radius * dm::cos(angle);
      const double nx = r.rng.uniform(-kRadius, kRadius) * r.noise;
      const double ny = r.rng.uniform(-kRadius, kRadius) * r.noise;
      const double d = dm::sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny));
      addPoint(out, x, y, d < kRadius * 0.5 ? 1.0 : 0.0);
    }
  };
  ring(r.n - r.n / 2, 0.0, kRadius * 0.5);
  ring(r.n / 2, kRadius * 0.7, kRadius);
}

/// Four quadrants, 0.3 apart from the axes: class 1 where x·y ≥ 0 (label read at the point
/// moved by U(−5, 5)·noise).
void xorData(Request& r, Dataset& out) {
  constexpr double kPadding = 0.3;
  for (int i = 0; i < r.n; ++i) {
    double x = r.rng.uniform(-5.0, 5.0);
    x += x > 0 ? kPadding : -kPadding;
    double y = r.rng.uniform(-5.0, 5.0);
    y += y > 0 ? kPadding : -kPadding;
    const double nx = r.rng.uniform(-5.0, 5.0) * r.noise;
    const double ny = r.rng.uniform(-5.0, 5.0) * r.noise;
    addPoint(out, x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0);
  }
}

/// Two Gaussians: class 1 around (2, 2), class 0 around (−2, −2), variance from noise.
void gauss(Request& r, Dataset& out) {
  const double variance = gaussVariance(r.noise);
  auto cloud = [&](int count, double cx, double cy, double label) {
    for (int i = 0; i < count; ++i) {
      const double x = r.rng.normal(cx, variance);
      const double y = r.rng.normal(cy, variance);
      addPoint(out, x, y, label);
    }
  };
  cloud(r.n - r.n / 2, 2.0, 2.0, 1.0);
  cloud(r.n / 2, -2.0, -2.0, 0.0);
}

/// Two interleaved spiral arms of 1.75 turns out to radius 5; points move by U(−1, 1)·noise.
void spiral(Request& r, Dataset& out) {
  auto arm = [&](int count, double deltaT, double label) {
    for (int i = 0; i < count; ++i) {
      const double f = static_cast<double>(i) / count;
      const double radius = f * 5.0;
      const double t = 1.75 * f * 2.0 * dm::kPi + deltaT;
      const double x = radius * dm::sin(t) + r.rng.uniform(-1.0, 1.0) * r.noise;
      const double y = radius * dm::cos(t) + r.rng.uniform(-1.0, 1.0) * r.noise;
      addPoint(out, x, y, label);
    }
  };
  arm(r.n - r.n / 2, 0.0, 1.0);
  arm(r.n / 2, dm::kPi, 0.0);
}

/// k Gaussian blobs (classes 0 … k−1) centred on a circle of radius 4, at angles 2πc/k,
/// variance from noise as gauss; the counts differ by at most one.
void blobs(Request& r, Dataset& out) {
  const double variance = gaussVariance(r.noise);
  const int k = r.classes;
  for (int c = 0; c < k; ++c) {
    const double angle = 2.0 * dm::kPi * c / k;
    const double cx = 4.0 * dm::cos(angle);
    const double cy = 4.0 * dm::sin(angle);
    const int count = r.n / k + (c < r.n % k ? 1 : 0);
    for (int i = 0; i < count; ++i) {
      const double x = r.rng.normal(cx, variance);
      const double y = r.rng.normal(cy, variance);
      addPoint(out, x, y, c);
    }
  }
}

/// Rare positives: 1 in 21 points is class 1, a tight Gaussian around (2.5, 2.5)
/// (variance ½·v); the rest are class 0, a broad Gaussian around (−1, −1) (variance 2·v),
/// with v the gauss variance of the noise. At noise 0 they barely overlap; with noise a
/// model that always answers 0 is 95% accurate, which is the point.
void imbalanced(Request& r, Dataset& out) {
  const double v = gaussVariance(r.noise);
  int minority = static_cast<int>(std::floor(r.n / 21.0 + 0.5));
  if (minority == 0 && r.n >= 2) minority = 1;
  for (int i = 0; i < r.n - minority; ++i) {
    const double x = r.rng.normal(-1.0, 2.0 * v);
    const double y = r.rng.normal(-1.0, 2.0 * v);
    addPoint(out, x, y, 0.0);
  }
  for (int i = 0; i < minority; ++i) {
    const double x = r.rng.normal(2.5, 0.5 * v);
    const double y = r.rng.normal(2.5, 0.5 * v);
    addPoint(out, x, y, 1.0);
  }
}

}  // namespace losslab::data
