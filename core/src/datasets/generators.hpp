// LossLab datasets — the generators, each filling a Dataset from a seeded generator.
// Shapes and constants follow TensorFlow Playground's dataset.ts where it has the set.
#pragma once

#include "losslab/datasets.hpp"
#include "support/random.hpp"

namespace losslab::data {

/// What every generator gets: the generator, the point count, the noise fraction and
/// (blobs) the class count. Generators append n points to `out` in class order; the
/// caller shuffles them.
struct Request {
  detail::Rng& rng;
  int n;
  double noise;
  int classes;
};

inline void addPoint(Dataset& d, double x, double y, double label) {
  d.x.push_back(static_cast<float>(x));
  d.x.push_back(static_cast<float>(y));
  d.y.push_back(static_cast<float>(label));
}

/// A regression point: its target and its noise-free value.
inline void addPoint(Dataset& d, double x, double y, double value, double clean) {
  addPoint(d, x, y, value);
  d.clean.push_back(static_cast<float>(clean));
}

/// TF Playground's Gaussian spread: variance 0.5 at noise 0, 4 at noise 0.5 (linear,
/// extended to 7.5 at noise 1).
inline double gaussVariance(double noise) { return 0.5 + 7.0 * noise; }

void circle(Request& r, Dataset& out);
void xorData(Request& r, Dataset& out);
void gauss(Request& r, Dataset& out);
void spiral(Request& r, Dataset& out);
void blobs(Request& r, Dataset& out);
void imbalanced(Request& r, Dataset& out);
void plane(Request& r, Dataset& out);
void multiGauss(Request& r, Dataset& out);
void sineOutliers(Request& r, Dataset& out);
void counts(Request& r, Dataset& out);
void heteroscedastic(Request& r, Dataset& out);

}  // namespace losslab::data
