// LossLab — seeded toy datasets in TensorFlow Playground's [−6, 6]² domain, with its
// shapes (circle, xor, gauss, spiral, plane, multi_gauss follow its dataset.ts) plus
// blobs, imbalanced, sine_outliers, counts and heteroscedastic. The same seed gives the same points natively and
// in wasm (own PRNG and transcendental functions). Points come in random order, so any
// prefix is a fair sample: the first 80% make a training split, the rest a test split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/status.hpp"

namespace losslab {

inline constexpr int kMaxDatasetSize = 100000;
inline constexpr int kMinBlobClasses = 2;
inline constexpr int kMaxBlobClasses = 8;
inline constexpr int kDefaultBlobClasses = 3;

/// The JS `lab.dataset(name, { n, noise, seed, classes })` options.
struct DatasetOptions {
  int n = 500;               // points, 1 … kMaxDatasetSize
  /// 0 … 1, TF Playground's noise as a fraction (its slider's 0–50% is 0 … 0.5): how far
  /// points (or, for circle, xor, plane and multi_gauss, the positions their labels are
  /// read at) move, or how wide the Gaussians spread.
  double noise = 0.0;
  std::uint32_t seed = 1;
  int classes = 0;           // blobs: 2 … 8 (0: 3). Other datasets: 0, or their own count
};

/// A generated dataset: the JS `{ x, y, clean, dims, task, classes }`.
struct Dataset {
  std::vector<float> x;   // n · dims, row-major
  std::vector<float> y;   // n labels (0/1 or class indices) or values
  /// Regression only (empty for classification): the noise-free value at each point, the
  /// function the data is drawn from before noise and outliers (sin(x) for sine_outliers), to
  /// measure a fit against the truth rather than against noisy targets.
  std::vector<float> clean;
  int dims = 2;
  std::string task;       // "classification" or "regression"
  int classes = 0;        // 2 … 8 for classification, 0 for regression
};

/// The registry every reader (bindings, page, docs) lists datasets from.
struct DatasetInfo {
  const char* id;
  const char* task;  // "classification" or "regression"
  int dims;
  int classes;       // 0 for regression; blobs: its default (3)
  const char* summary;
  /// The `classes` option's range: [classes, classes] for a fixed count (0 for regression),
  /// [kMinBlobClasses, kMaxBlobClasses] for blobs.
  int min_classes = 0;
  int max_classes = 0;
};

/// Every dataset: circle, xor, gauss, spiral, blobs, imbalanced (classification), plane,
/// multi_gauss, sine_outliers, counts, heteroscedastic (regression). Built on first use,
/// then immutable.
const std::vector<DatasetInfo>& datasetCatalogue();
/// The entry for `id` ("circle"), or null when there is none. Never fails.
const DatasetInfo* findDataset(std::string_view id) noexcept;

/// Generates dataset `id` into `out` (replacing what it held): `options.n` points, the same
/// ones for the same options on every platform.
/// Errors: BAD_OPTION for an unknown id (the message lists the known ones) or an option out
/// of range ("dataset 'circle': n = 0 must be between 1 and 100000"); INTERNAL when out of
/// memory. On failure `out` is left alone. Never throws.
Status makeDataset(std::string_view id, const DatasetOptions& options, Dataset& out) noexcept;

}  // namespace losslab
