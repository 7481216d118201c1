// LossLab datasets — the registry, option checks and the final shuffle.
#include <cmath>
#include <new>
#include <numeric>
#include <string>

#include "datasets/generators.hpp"

namespace losslab {
namespace {

using Generator = void (*)(data::Request&, Dataset&);

struct Entry {
  DatasetInfo info;
  Generator generate;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all = [] {
    std::vector<Entry> v = {
      {{"circle", "classification", 2, 2, "A disc of class 1 inside a ring of class 0."}, data::circle},
      {{"xor", "classification", 2, 2, "Four quadrants: class 1 where x1 and x2 have the same sign."},
       data::xorData},
      {{"gauss", "classification", 2, 2, "Two Gaussian clouds, class 1 around (2, 2), class 0 around (-2, -2)."},
       data::gauss},
      {{"spiral", "classification", 2, 2, "Two interleaved spiral arms."}, data::spiral},
      {{"blobs", "classification", 2, kDefaultBlobClasses,
        "k Gaussian blobs on a circle, one class each (classes: 2 to 8).", kMinBlobClasses,
        kMaxBlobClasses},
       data::blobs},
      {{"imbalanced", "classification", 2, 2,
        "Rare positives: 1 point in 21 is class 1 (a tight cloud), the rest class 0."},
       data::imbalanced},
      {{"plane", "regression", 2, 0, "A tilted plane: y = (x1 + x2) / 10."}, data::plane},
      {{"multi_gauss", "regression", 2, 0, "Six Gaussian bumps of alternating sign."}, data::multiGauss},
      {{"sine_outliers", "regression", 1, 0, "y = sin(x) with noise; 10% outliers, all above the curve (one input)."},
       data::sineOutliers},
      {{"counts", "regression", 1, 0,
        "Counts: y ~ Poisson(rate(x)), log rate = 0.5 + sin(x / 1.5) (one input; for poisson_nll)."},
       data::counts},
      {{"heteroscedastic", "regression", 1, 0,
        "y = sin(x) with noise that grows with |x| (one input; for gaussian_nll's band)."},
       data::heteroscedastic},
    };
    for (Entry& e : v) {  // a fixed class count is its own range
      if (e.info.max_classes == 0) e.info.min_classes = e.info.max_classes = e.info.classes;
    }
    return v;
  }();
  return all;
}

const Entry* findEntry(std::string_view id) noexcept {
  for (const Entry& e : entries()) {
    if (id == e.info.id) return &e;
  }
  return nullptr;
}

Status bad(std::string_view id, const std::string& message) {
  return Status(Code::BadOption, "dataset '" + std::string(id) + "': " + message);
}

}  // namespace

const std::vector<DatasetInfo>& datasetCatalogue() {
  static const std::vector<DatasetInfo> infos = [] {
    std::vector<DatasetInfo> v;
    for (const Entry& e : entries()) v.push_back(e.info);
    return v;
  }();
  return infos;
}

const DatasetInfo* findDataset(std::string_view id) noexcept {
  const Entry* e = findEntry(id);
  return e ? &e->info : nullptr;
}

Status makeDataset(std::string_view id, const DatasetOptions& options, Dataset& out) noexcept {
  try {
    const Entry* entry = findEntry(id);
    if (entry == nullptr) {
      std::string known;
      for (const Entry& e : entries()) known += std::string(known.empty() ? "" : ", ") + e.info.id;
      return Status(Code::BadOption, "unknown dataset '" + std::string(id) + "'; known datasets: " + known);
    }
    const DatasetInfo& info = entry->info;
    if (options.n < 1 || options.n > kMaxDatasetSize) {
      return bad(id, "n = " + std::to_string(options.n) + " must be between 1 and " +
                         std::to_string(kMaxDatasetSize));
    }
    if (!(std::isfinite(options.noise) && options.noise >= 0.0 && options.noise <= 1.0)) {
      return bad(id, "noise = " + formatNumber(options.noise) +
                         " must be between 0 and 1 (a fraction: TF Playground's 50% is 0.5)");
    }
    const bool variable = info.min_classes != info.max_classes;
    int classes = info.classes;
    if (variable) {
      if (options.classes != 0 &&
          (options.classes < info.min_classes || options.classes > info.max_classes)) {
        return bad(id, "classes = " + std::to_string(options.classes) + " must be between " +
                           std::to_string(info.min_classes) + " and " + std::to_string(info.max_classes));
      }
      if (options.classes != 0) classes = options.classes;
    } else if (options.classes != 0 && options.classes != info.classes) {
      return bad(id, std::string(info.classes ? "it has " + std::to_string(info.classes) + " classes"
                                              : "it is a regression set") +
                         "; 'classes' = " + std::to_string(options.classes) + " applies to blobs only");
    }

    detail::Rng rng(options.seed, detail::Stream::Dataset);
    Dataset d;
    d.dims = info.dims;
    d.task = info.task;
    d.classes = classes;
    d.x.reserve(static_cast<std::size_t>(options.n) * info.dims);
    d.y.reserve(static_cast<std::size_t>(options.n));
    data::Request request{rng, options.n, options.noise, classes};
    entry->generate(request, d);

    // Shuffle the points (generators emit them class by class).
    std::vector<std::uint32_t> order(static_cast<std::size_t>(options.n));
    std::iota(order.begin(), order.end(), 0u);
    rng.shuffle(order.data(), static_cast<std::uint32_t>(order.size()));
    Dataset shuffled;
    shuffled.dims = d.dims;
    shuffled.task = d.task;
    shuffled.classes = d.classes;
    shuffled.x.resize(d.x.size());
    shuffled.y.resize(d.y.size());
    shuffled.clean.resize(d.clean.size());
    const std::size_t dims = static_cast<std::size_t>(d.dims);
    for (std::size_t k = 0; k < order.size(); ++k) {
      for (std::size_t j = 0; j < dims; ++j) shuffled.x[k * dims + j] = d.x[order[k] * dims + j];
      shuffled.y[k] = d.y[order[k]];
      if (!d.clean.empty()) shuffled.clean[k] = d.clean[order[k]];
    }
    out = std::move(shuffled);
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "dataset '" + std::string(id) + "': out of memory");
  } catch (...) {
    return Status(Code::Internal, "dataset '" + std::string(id) + "': internal error");
  }
}

}  // namespace losslab
