// LossLab network — evaluate's numbers: the catalogue loss over all samples, and accuracy
// (classes, or nearest centroid for embeddings) or R² (regression).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "network/network_impl.hpp"
#include "network/readout.hpp"

namespace losslab {

using net::TargetForm;

void Network::Impl::forwardOutputs(const float* x, std::size_t n) noexcept {
  const std::size_t in = inputs();
  const std::size_t K = units();
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t rows = std::min(kChunk, n - start);
    const float* z = forward(x + start * in, rows, false);
    head().forward(z, eval_out.data() + start * K, rows);
  }
}

Status Network::Impl::prepareTargets(const float* y, std::size_t n) {
  LL_TRY(wholeDataOrder(y, n));
  if (triplets()) return Status::ok();  // the block is built from the outputs, in outputsLoss
  const TargetForm form = head().target;
  const std::size_t targetRows = form == TargetForm::OneHot || form == TargetForm::Values ? units() : 1;
  eval_target.resize(n * targetRows);
  buildTargets(order.data(), n, y, eval_target.data());
  return Status::ok();
}

Status Network::Impl::outputsLoss(std::size_t n, double& value) {
  if (!triplets()) return lossOn(eval_out.data(), n, eval_target.data(), nullptr, value);
  // anchors, positives, negatives: one block of 3n embeddings
  const std::size_t K = units();
  std::vector<float>& block = eval_target;
  block.resize(3 * n * K);
  std::copy(eval_out.begin(), eval_out.begin() + static_cast<std::ptrdiff_t>(n * K), block.begin());
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t d = 0; d < K; ++d) {
      block[(n + r) * K + d] = eval_out[partner[2 * r] * K + d];
      block[(2 * n + r) * K + d] = eval_out[partner[2 * r + 1] * K + d];
    }
  }
  return lossOn(block.data(), n, nullptr, nullptr, value);
}

Status Network::Impl::evaluateOutputs(const float* y, std::size_t n, Evaluation& result) {
  const net::Head& h = head();
  const std::size_t K = units();
  Evaluation ev;
  ev.task = h.task;
  ev.accuracy = std::numeric_limits<double>::quiet_NaN();
  ev.r2 = std::numeric_limits<double>::quiet_NaN();
  LL_TRY(prepareTargets(y, n));
  LL_TRY(outputsLoss(n, ev.loss));

  if (triplets()) {
    // nearest-centroid accuracy: the last fit's centroids when they cover these labels,
    // else the centroids of these samples
    bool covered = centroid_classes > 0;
    for (std::size_t k = 0; k < n && covered; ++k) {
      covered = static_cast<int>(y[k]) < centroid_classes &&
                !std::isnan(centroids[static_cast<std::size_t>(y[k]) * K]);
    }
    std::vector<float> own;
    const float* cent = centroids.data();
    int classes = centroid_classes;
    if (!covered) {
      classes = net::meanByClass(eval_out.data(), y, n, K, own);
      cent = own.data();
    }
    std::size_t correct = 0;
    for (std::size_t k = 0; k < n; ++k) {
      float confidence;
      const int c = net::nearestCentroid(eval_out.data() + k * K, cent, classes, K, confidence);
      correct += c == static_cast<int>(y[k]) ? 1 : 0;
    }
    ev.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    result = ev;
    return Status::ok();
  }

  if (h.task == Task::Regression) {
    // R² of what predict shows (e^o for log-rates) against y: each output against its own
    // column of y, or — for a row of outputs per value (gaussian_nll's mean, variance) — the
    // first output (the mean) against y.
    const std::size_t Y = h.target == TargetForm::RowValues ? 1 : K;
    double r2sum = 0.0;
    float p[kMaxUnits];
    for (std::size_t k = 0; k < Y; ++k) {
      double mean = 0.0;
      for (std::size_t s = 0; s < n; ++s) mean += y[s * Y + k];
      mean /= static_cast<double>(n);
      double ssTot = 0.0, ssRes = 0.0;
      for (std::size_t s = 0; s < n; ++s) {
        h.read(eval_out.data() + s * K, p, 1);
        const double t = y[s * Y + k];
        const double d = t - p[k];
        ssTot += (t - mean) * (t - mean);
        ssRes += d * d;
      }
      r2sum += ssTot > 0.0 ? 1.0 - ssRes / ssTot : (ssRes == 0.0 ? 1.0 : 0.0);
    }
    ev.r2 = r2sum / static_cast<double>(Y);
  } else {
    float p[kMaxUnits];
    std::size_t correct = 0;
    for (std::size_t s = 0; s < n; ++s) {
      h.read(eval_out.data() + s * K, p, 1);
      if (K == 1) {
        const bool predicted = p[0] > 0.5f;
        const bool truth = y[s] > 0.5f;  // labels 0/1 (soft labels above ½ count as 1)
        correct += predicted == truth ? 1 : 0;
      } else {
        correct += net::argmax(p, K) == static_cast<int>(y[s]) ? 1 : 0;
      }
    }
    ev.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  }
  result = ev;
  return Status::ok();
}

}  // namespace losslab
