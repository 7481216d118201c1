// LossLab network — triplet sampling for triplet_margin: samples indexed by class, and for
// each anchor a positive of its class and a negative of another, from a seeded stream.
#include <algorithm>
#include <string>
#include <vector>

#include "network/network_impl.hpp"

namespace losslab {

Status Network::Impl::indexClasses(const float* y, std::size_t n) {
  std::size_t classes = 0;
  for (std::size_t k = 0; k < n; ++k) classes = std::max(classes, static_cast<std::size_t>(y[k]) + 1);
  class_start.assign(classes + 1, 0);
  for (std::size_t k = 0; k < n; ++k) ++class_start[static_cast<std::size_t>(y[k]) + 1];
  std::size_t present = 0;
  for (std::size_t c = 0; c < classes; ++c) present += class_start[c + 1] > 0 ? 1 : 0;
  if (present < 2) {
    return Status(Code::BadLabel, "triplet_margin needs samples of at least 2 classes in y "
                                  "(negatives come from a class other than the anchor's); y has " +
                                      std::to_string(present));
  }
  for (std::size_t c = 0; c < classes; ++c) class_start[c + 1] += class_start[c];
  members.resize(n);
  rank.resize(n);
  std::vector<std::uint32_t> fill(class_start.begin(), class_start.end() - 1);  // per-class cursor
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t c = static_cast<std::size_t>(y[k]);
    rank[k] = fill[c] - class_start[c];
    members[fill[c]++] = static_cast<std::uint32_t>(k);
  }
  return Status::ok();
}

Status Network::Impl::wholeDataOrder(const float* y, std::size_t n) {
  order.resize(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
  if (!triplets()) return Status::ok();
  LL_TRY(indexClasses(y, n));
  partner.resize(2 * n);
  detail::Rng rng(config.seed, detail::Stream::Evaluation);
  sampleTriplets(rng, order.data(), n, y);
  return Status::ok();
}

/// For each anchor: a positive drawn uniformly from the other samples of its class (the
/// anchor itself when it is alone) and a negative drawn uniformly from all samples of the
/// other classes. Written to `partner` as [rows, 2].
void Network::Impl::sampleTriplets(detail::Rng& rng, const std::uint32_t* anchors,
                                   std::size_t rows, const float* y) noexcept {
  const std::size_t n = members.size();
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t a = anchors[r];
    const std::size_t c = static_cast<std::size_t>(y[a]);
    const std::uint32_t start = class_start[c];
    const std::uint32_t size = class_start[c + 1] - start;
    std::uint32_t pos = a;
    if (size > 1) {
      std::uint32_t k = rng.below(size - 1);
      if (k >= rank[a]) ++k;  // skip the anchor itself
      pos = members[start + k];
    }
    const std::uint32_t j = rng.below(static_cast<std::uint32_t>(n - size));
    const std::uint32_t neg = j < start ? members[j] : members[j + size];
    partner[2 * r] = pos;
    partner[2 * r + 1] = neg;
  }
}

}  // namespace losslab
