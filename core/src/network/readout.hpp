// LossLab network — readout helpers shared by evaluate, the heatmap and the centroids.
#pragma once

#include <cstddef>
#include <vector>

namespace losslab::net {

/// Per-class means of the rows of `e` ([n, D]) into `out` ([classes, D]; NaN rows for
/// classes without samples); returns the number of classes (largest label + 1).
int meanByClass(const float* e, const float* y, std::size_t n, std::size_t D, std::vector<float>& out);

/// The nearest centroid (rows of `centroids`; NaN rows are absent classes) and its
/// softmax(−distance²) probability in `confidence`; −1 when there is none.
int nearestCentroid(const float* e, const float* centroids, int classes, std::size_t D,
                    float& confidence) noexcept;

/// The index of the largest of p[0..n) (the first of equals).
int argmax(const float* p, std::size_t n) noexcept;

}  // namespace losslab::net
