// LossLab network — readout: class centroids of embeddings, nearest-centroid classes, and the
// heatmap's one value per grid cell.
#include "network/readout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "network/network_impl.hpp"
#include "support/detmath.hpp"

namespace losslab {

/// Per-class means of the rows of `e` ([n, D]) into `out` ([classes, D]; NaN rows for
/// classes without samples); returns the number of classes (largest label + 1).
namespace net {

int meanByClass(const float* e, const float* y, std::size_t n, std::size_t D,
                std::vector<float>& out) {
  std::size_t classes = 0;
  for (std::size_t k = 0; k < n; ++k) classes = std::max(classes, static_cast<std::size_t>(y[k]) + 1);
  std::vector<double> sum(classes * D, 0.0);
  std::vector<std::size_t> count(classes, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t c = static_cast<std::size_t>(y[k]);
    ++count[c];
    for (std::size_t d = 0; d < D; ++d) sum[c * D + d] += e[k * D + d];
  }
  out.assign(classes * D, std::numeric_limits<float>::quiet_NaN());
  for (std::size_t c = 0; c < classes; ++c) {
    if (count[c] == 0) continue;
    for (std::size_t d = 0; d < D; ++d) {
      out[c * D + d] = static_cast<float>(sum[c * D + d] / static_cast<double>(count[c]));
    }
  }
  return static_cast<int>(classes);
}

}  // namespace net

/// Embeds the training data and keeps each class's mean embedding.
void Network::Impl::computeCentroids(const float* x, const float* y, std::size_t n) {
  const std::size_t D = units();
  const std::size_t in = inputs();
  eval_out.resize(n * D);
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t rows = std::min(kChunk, n - start);
    const float* z = forward(x + start * in, rows, false);
    std::copy(z, z + rows * D, eval_out.data() + start * D);
  }
  centroid_classes = net::meanByClass(eval_out.data(), y, n, D, centroids);
}

namespace net {

/// The nearest centroid (rows of `centroids`; NaN rows are absent classes) and its
/// softmax(−distance²) probability.
int nearestCentroid(const float* e, const float* centroids, int classes, std::size_t D,
                    float& confidence) noexcept {
  int best = -1;
  double bestD = 0.0;
  double d2[kMaxEmbeddingClasses];
  for (int c = 0; c < classes; ++c) {
    const float* m = centroids + static_cast<std::size_t>(c) * D;
    if (std::isnan(m[0])) {
      d2[c] = -1.0;
      continue;
    }
    double s = 0.0;
    for (std::size_t d = 0; d < D; ++d) {
      const double diff = static_cast<double>(e[d]) - m[d];
      s += diff * diff;
    }
    d2[c] = s;
    if (best < 0 || s < bestD) {
      best = c;
      bestD = s;
    }
  }
  double z = 0.0;
  for (int c = 0; c < classes; ++c) {
    if (d2[c] >= 0.0) z += detmath::exp(bestD - d2[c]);
  }
  confidence = best < 0 ? 0.0f : static_cast<float>(1.0 / z);
  return best;
}

int argmax(const float* p, std::size_t n) noexcept {
  std::size_t best = 0;
  for (std::size_t k = 1; k < n; ++k) {
    if (p[k] > p[best]) best = k;
  }
  return static_cast<int>(best);
}

}  // namespace net

void Network::Impl::gridValues(const float* p, std::size_t rows, float* out) const noexcept {
  const std::size_t K = units();
  const net::Head& h = head();
  if (h.task == Task::Regression || (h.task == Task::Classification && K == 1) ||
      (h.task == Task::Embedding && centroid_classes == 0)) {
    for (std::size_t r = 0; r < rows; ++r) out[r] = p[r * K];  // the first output
    return;
  }
  for (std::size_t r = 0; r < rows; ++r) {
    const float* pr = p + r * K;
    if (h.task == Task::Classification) {  // the class, plus 0.999 × its probability
      const int k = net::argmax(pr, K);
      out[r] = static_cast<float>(k) + 0.999f * pr[k];
    } else {  // embeddings: the nearest centroid's class, plus 0.999 × its confidence
      float confidence = 0.0f;
      const int k = net::nearestCentroid(pr, centroids.data(), centroid_classes, K, confidence);
      out[r] = static_cast<float>(k) + 0.999f * confidence;
    }
  }
}

}  // namespace losslab
