// LossLab network — training and prediction. The loss is the catalogue's: each step runs
// `losslab::compute` on the head's outputs and backpropagates its gradient.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <string>

#include "network/network_impl.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

using net::TargetForm;

Status bad(const std::string& message) { return Status(Code::BadOption, message); }

/// Runs `body` and turns anything it throws into a status: no exception leaves the core.
template <class F>
Status guarded(const char* what, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, std::string(what) + ": out of memory");
  } catch (const std::exception& e) {
    return Status(Code::Internal, std::string(what) + ": internal error: " + e.what());
  } catch (...) {
    return Status(Code::Internal, std::string(what) + ": internal error");
  }
}

Status emptyNetwork(const char* what) {
  return bad(std::string(what) + ": the network is empty; create it with Network::create or "
                                 "Network::fromJSON");
}

std::string describeNonFinite(const float* v, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(v[k])) return formatNumber(v[k]);
  }
  return "finite";
}

}  // namespace

// ------------------------------------------------------------------------ setting up

Status Network::Impl::configure(const NetworkConfig& cfg) {
  LL_TRY(net::checkFields(cfg));
  config = cfg;
  LL_TRY(net::resolveLoss(config, loss));  // once; views into this object's own config
  const std::size_t count = config.layers.size() - 1;
  layers.assign(count, net::Dense{});
  slots.assign(count, net::Slots{});
  for (std::size_t l = 0; l < count; ++l) {
    const bool last = l + 1 == count;
    layers[l].shape(config.layers[l], config.layers[l + 1],
                    last ? Activation::Linear : config.activation);
    slots[l].shape(layers[l]);
  }
  capacity = 0;
  reserve(kChunk);
  pb.assign(kChunk * units(), 0.0f);
  reset();
  return Status::ok();
}

void Network::Impl::reset() noexcept {
  detail::Rng init(config.seed, detail::Stream::Init);
  for (net::Dense& layer : layers) layer.initialise(init);
  for (net::Slots& s : slots) s.zero();
  shuffle_rng.reseed(config.seed, detail::Stream::Shuffle);
  triplet_rng.reseed(config.seed, detail::Stream::Triplets);
  epochs = 0;
  steps = 0;
  diverged = false;
  centroid_classes = 0;
  centroids.clear();
}

void Network::Impl::reserve(std::size_t rows) {
  if (rows <= capacity) return;
  for (net::Dense& layer : layers) layer.reserveRows(rows);
  xb.resize(rows * inputs());
  ob.resize(rows * units());
  gob.resize(rows * units());
  tb.resize(rows * units());
  capacity = rows;
}

// ------------------------------------------------------------------ forward, backward

const float* Network::Impl::forward(const float* x, std::size_t rows, bool keep_hidden) noexcept {
  constexpr std::size_t B = net::kBlockRows;
  const std::size_t in = inputs();
  // Each block of B rows stays transposed (B floats per unit) from layer to layer; the rows
  // past the end of the last block are zeros, finite and never stored.
  HWY_ALIGN float block[2][kMaxUnits * B];
  for (std::size_t first = 0; first < rows; first += B) {
    const std::size_t n = std::min(B, rows - first);
    for (std::size_t i = 0; i < in; ++i) {
      for (std::size_t k = 0; k < B; ++k) {
        block[0][i * B + k] = k < n ? x[(first + k) * in + i] : 0.0f;
      }
    }
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const bool last = l + 1 == layers.size();
      layers[l].forward(block[l & 1], block[(l + 1) & 1], first, n, keep_hidden || last);
    }
  }
  return layers.back().a.data();
}

void Network::Impl::backward(const float* x, std::size_t rows) noexcept {
  for (std::size_t l = layers.size(); l-- > 0;) {
    const float* in = l == 0 ? x : layers[l - 1].a.data();
    float* dx = l == 0 ? nullptr : layers[l - 1].g.data();
    layers[l].backward(in, rows, dx);
  }
}

// ---------------------------------------------------------------------- data checks

Status Network::Impl::checkData(const float* x, std::size_t x_len, const float* y,
                                std::size_t y_len, std::size_t& n) const {
  const std::size_t in = inputs();
  if (x == nullptr || x_len == 0) return Status(Code::EmptyInput, "x is empty");
  if (x_len % in != 0) {
    return Status(Code::ShapeMismatch,
                  "x has " + std::to_string(x_len) + " values, not a multiple of the input size " +
                      std::to_string(in) + " (layers[0])");
  }
  n = x_len / in;
  if (n > 0xFFFFFFFFull) return Status(Code::ShapeMismatch, "x has more than 2^32 samples");
  if (!detail::allFinite(x, x_len)) {  // the vector scan first: predict runs this every frame
    for (std::size_t k = 0; k < x_len; ++k) {
      if (!std::isfinite(x[k])) {
        return Status(Code::NotFinite, "x[" + std::to_string(k) + "] is " + formatNumber(x[k]) +
                                           "; every input must be finite");
      }
    }
  }
  if (y == nullptr && y_len == 0) return Status::ok();  // predict: no targets
  const net::Head& h = head();
  const std::size_t per = h.target == TargetForm::Values ? units() : 1;
  if (y == nullptr || y_len != n * per) {
    std::string expected = std::to_string(n * per);
    if (per == 1) {
      expected += h.task == Task::Regression ? " (one value per sample)"
                                             : " (one label per sample)";
    } else {
      expected += " (" + std::to_string(per) + " values per sample: the last layer has " +
                  std::to_string(per) + " units)";
    }
    return Status(Code::ShapeMismatch, "y has " + std::to_string(y_len) + " values; expected " +
                                           expected + " for " + std::to_string(n) + " samples");
  }
  switch (h.target) {
    case TargetForm::Values:
    case TargetForm::Labels:
    case TargetForm::Signs:
    case TargetForm::ClassIndices: {
      // y is the loss's own target: the catalogue's check, with the catalogue's messages.
      LossInput in;
      in.n = n * units();
      in.cols = h.target == TargetForm::ClassIndices ? units() : 0;
      in.target = y;
      in.target_n = y_len;
      return validateTarget(*loss.spec, in, loss.options, "y");
    }
    case TargetForm::OneHot:       // y holds the class indices the one-hot rows are built from
    case TargetForm::Triplets: {   // y holds the class labels triplets are sampled from
      const std::size_t classes = h.target == TargetForm::OneHot ? units() : kMaxEmbeddingClasses;
      for (std::size_t k = 0; k < y_len; ++k) {
        const float v = y[k];
        if (!std::isfinite(v)) {
          return Status(Code::NotFinite, config.loss + ": y[" + std::to_string(k) + "] is " +
                                             formatNumber(v) + "; every value must be finite");
        }
        if (!(v >= 0.0f && v < static_cast<float>(classes) && v == std::floor(v))) {
          return Status(Code::BadLabel,
                        config.loss + ": y[" + std::to_string(k) + "] = " + formatNumber(v) +
                            " is not a class index in [0, " + std::to_string(classes) + ")" +
                            (h.target == TargetForm::OneHot
                                 ? " (the last layer has " + std::to_string(classes) + " units, one per class)"
                                 : std::string(" (triplet_margin samples triplets from class labels)")));
        }
      }
      return Status::ok();
    }
  }
  return Status::ok();
}

Status Network::Impl::divergedStatus() const {
  return Status(Code::NotFinite,
                "the network diverged in training and its weights are not finite; call reset()");
}

// --------------------------------------------------------------------------- triplets

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

// ------------------------------------------------------------------------- one batch

void Network::Impl::buildTargets(const std::uint32_t* idx, std::size_t rows, const float* y,
                                 float* t) const noexcept {
  const std::size_t K = units();
  switch (head().target) {
    case TargetForm::Values:
      for (std::size_t r = 0; r < rows; ++r) {
        std::copy(y + idx[r] * K, y + idx[r] * K + K, t + r * K);
      }
      break;
    case TargetForm::Labels:
    case TargetForm::ClassIndices:
      for (std::size_t r = 0; r < rows; ++r) t[r] = y[idx[r]];
      break;
    case TargetForm::Signs:  // hinge losses: +1 for class 1, −1 for class 0
      for (std::size_t r = 0; r < rows; ++r) t[r] = y[idx[r]] > 0.0f ? 1.0f : -1.0f;
      break;
    case TargetForm::OneHot:
      for (std::size_t r = 0; r < rows; ++r) {
        std::fill(t + r * K, t + r * K + K, 0.0f);
        t[r * K + static_cast<std::size_t>(y[idx[r]])] = 1.0f;
      }
      break;
    case TargetForm::Triplets:
      break;
  }
}

/// Batch inputs into xb (anchors, then positives and negatives for triplets) and targets
/// into tb.
void Network::Impl::gather(const std::uint32_t* idx, std::size_t rows, const float* x,
                           const float* y) noexcept {
  const std::size_t in = inputs();
  auto copyRow = [&](std::uint32_t sample, std::size_t row) {
    std::copy(x + sample * in, x + sample * in + in, xb.data() + row * in);
  };
  for (std::size_t r = 0; r < rows; ++r) copyRow(idx[r], r);
  if (triplets()) {
    for (std::size_t r = 0; r < rows; ++r) {
      copyRow(partner[2 * r], rows + r);
      copyRow(partner[2 * r + 1], 2 * rows + r);
    }
  } else {
    buildTargets(idx, rows, y, tb.data());
  }
}

/// The catalogue loss of `rows` samples' head outputs `o` (for triplets: anchors, then
/// positives, then negatives) against targets `t`; ∂L/∂o into `go` when non-null.
Status Network::Impl::lossOn(const float* o, std::size_t rows, const float* t, float* go,
                             double& value) {
  const std::size_t K = units();
  LossInput in;
  LossOutput out;
  in.input = o;
  in.n = rows * K;
  in.target = t;
  out.grad = go;
  switch (head().target) {
    case TargetForm::Values:
    case TargetForm::Labels:
    case TargetForm::Signs:
      in.target_n = rows * K;
      break;
    case TargetForm::ClassIndices:
      in.cols = K;
      in.target_n = rows;
      break;
    case TargetForm::OneHot:
      in.cols = K;
      in.target_n = rows * K;
      break;
    case TargetForm::Triplets:
      in.cols = K;
      in.target = nullptr;
      in.positive = o + rows * K;
      in.positive_n = rows * K;
      in.negative = o + 2 * rows * K;
      in.negative_n = rows * K;
      if (go != nullptr) {
        out.grad_positive = go + rows * K;
        out.grad_negative = go + 2 * rows * K;
      }
      break;
  }
  Status s = compute(config.loss, in, loss.options, out);
  value = out.value;
  return s;
}

bool Network::Impl::batchCounts(const std::uint32_t* idx, std::size_t rows,
                                const float* y) const noexcept {
  // The losses whose mean divides by the summed weights of the counted labels are the ones
  // that can ignore a label.
  if (head().target != TargetForm::ClassIndices || findOption(*loss.spec, "ignore_index") == nullptr) {
    return true;
  }
  const LossOptions& o = loss.options;
  for (std::size_t r = 0; r < rows; ++r) {
    const float label = y[idx[r]];
    if (label == static_cast<float>(o.ignore_index)) continue;
    if (o.weight.empty() || o.weight[static_cast<std::size_t>(label)] != 0.0f) return true;
  }
  return false;
}

Status Network::Impl::runBatch(const std::uint32_t* idx, std::size_t rows, const float* x,
                               const float* y, double& value) {
  gather(idx, rows, x, y);
  const std::size_t R = triplets() ? 3 * rows : rows;
  const std::size_t K = units();
  const float* z = forward(xb.data(), R, true);
  head().forward(z, ob.data(), R);
  if (!detail::allFinite(ob.data(), R * K)) {
    value = std::numeric_limits<double>::quiet_NaN();
    return Status(Code::NotFinite,
                  "loss is not finite: the outputs reached " + describeNonFinite(ob.data(), R * K));
  }
  LL_TRY(lossOn(ob.data(), rows, tb.data(), gob.data(), value));
  if (!std::isfinite(value)) return Status(Code::NotFinite, "loss is " + formatNumber(value));
  net::Dense& last = layers.back();
  head().backward(z, ob.data(), gob.data(), last.g.data(), R);
  for (net::Dense& layer : layers) layer.zeroGrad();
  backward(xb.data(), R);
  return Status::ok();
}

// -------------------------------------------------------------------------- centroids

namespace {

/// Per-class means of the rows of `e` ([n, D]) into `out` ([classes, D]; NaN rows for
/// classes without samples); returns the number of classes (largest label + 1).
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

}  // namespace

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
  centroid_classes = meanByClass(eval_out.data(), y, n, D, centroids);
}

namespace {

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

}  // namespace

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
      const int k = argmax(pr, K);
      out[r] = static_cast<float>(k) + 0.999f * pr[k];
    } else {  // embeddings: the nearest centroid's class, plus 0.999 × its confidence
      float confidence = 0.0f;
      const int k = nearestCentroid(pr, centroids.data(), centroid_classes, K, confidence);
      out[r] = static_cast<float>(k) + 0.999f * confidence;
    }
  }
}

// ---------------------------------------------------------------------- public API

Network::Network() noexcept = default;
Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

Status Network::create(const NetworkConfig& config, Network& out) noexcept {
  return guarded("network", [&] {
    auto impl = std::make_unique<Impl>();
    LL_TRY(impl->configure(config));
    out.impl_ = std::move(impl);
    return Status::ok();
  });
}

bool Network::empty() const noexcept { return impl_ == nullptr; }

const NetworkConfig& Network::config() const noexcept {
  static const NetworkConfig kEmpty{};
  return impl_ ? impl_->config : kEmpty;
}

Task Network::task() const noexcept { return impl_ ? impl_->head().task : Task::Classification; }
std::size_t Network::inputSize() const noexcept { return impl_ ? impl_->inputs() : 0; }
std::size_t Network::outputSize() const noexcept { return impl_ ? impl_->units() : 0; }
std::size_t Network::predictionSize() const noexcept {
  return impl_ ? impl_->head().predictionSize() : 0;
}
long long Network::epochs() const noexcept { return impl_ ? impl_->epochs : 0; }

int Network::classes() const noexcept {
  if (!impl_) return 0;
  switch (impl_->head().task) {
    case Task::Regression: return 0;
    case Task::Classification: return impl_->units() == 1 ? 2 : static_cast<int>(impl_->units());
    case Task::Embedding: return impl_->centroid_classes;
  }
  return 0;
}

std::size_t Network::parameterCount() const noexcept {
  std::size_t n = 0;
  if (impl_) {
    for (const net::Dense& layer : impl_->layers) n += layer.parameterCount();
  }
  return n;
}

void Network::reset() noexcept {
  if (impl_) impl_->reset();
}

Status Network::fit(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                    int epochs, double& last_epoch_loss) noexcept {
  return guarded("fit", [&]() -> Status {
    if (!impl_) return emptyNetwork("fit");
    Impl& m = *impl_;
    if (epochs < 1 || epochs > kMaxEpochsPerFit) {
      return bad("epochs = " + std::to_string(epochs) + " must be between 1 and " +
                 std::to_string(kMaxEpochsPerFit));
    }
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    if (m.triplets()) LL_TRY(m.indexClasses(y, n));
    const std::size_t batch = std::min<std::size_t>(static_cast<std::size_t>(m.config.batch_size), n);
    m.reserve(m.triplets() ? 3 * batch : batch);
    if (m.triplets()) m.partner.resize(2 * batch);
    m.order.resize(n);

    net::StepSettings step;
    step.kind = m.config.optimizer;
    step.learning_rate = static_cast<float>(m.config.learning_rate);
    step.l1 = static_cast<float>(m.config.l1);
    step.l2 = static_cast<float>(m.config.l2);

    double epochLoss = 0.0;
    for (int e = 0; e < epochs; ++e) {
      // A fresh permutation of 0 … n−1 each epoch: the order depends on the seed and the
      // epoch count only, so 4 epochs in one fit equal 2 + 2.
      for (std::size_t k = 0; k < n; ++k) m.order[k] = static_cast<std::uint32_t>(k);
      m.shuffle_rng.shuffle(m.order.data(), static_cast<std::uint32_t>(n));
      double total = 0.0;
      std::size_t counted = 0;
      for (std::size_t start = 0; start < n; start += batch) {
        const std::size_t rows = std::min(batch, n - start);
        const std::uint32_t* idx = m.order.data() + start;
        if (m.triplets()) m.sampleTriplets(m.triplet_rng, idx, rows, y);
        if (!m.batchCounts(idx, rows, y)) continue;  // every label ignored: nothing to learn
        double value = 0.0;
        Status s = m.runBatch(idx, rows, x, y, value);
        if (!s.isOk()) {
          if (s.code() != Code::NotFinite) return s;
          m.diverged = true;
          return Status(Code::NotFinite, "training diverged at epoch " +
                                             std::to_string(m.epochs + 1) + ": " + s.message() +
                                             "; lower the learning rate");
        }
        step.t = ++m.steps;
        for (std::size_t l = 0; l < m.layers.size(); ++l) {
          net::addPenaltyGradient(m.layers[l], step.l1, step.l2);
          net::step(m.layers[l], m.slots[l], step);
        }
        total += value * static_cast<double>(rows);
        counted += rows;
      }
      epochLoss = counted ? total / static_cast<double>(counted) : std::numeric_limits<double>::quiet_NaN();
      ++m.epochs;
    }
    for (const net::Dense& layer : m.layers) {
      if (!detail::allFinite(layer.w.data(), layer.w.size()) ||
          !detail::allFinite(layer.b.data(), layer.b.size())) {
        m.diverged = true;
        return Status(Code::NotFinite, "training diverged at epoch " + std::to_string(m.epochs) +
                                           ": the weights are not finite; lower the learning rate");
      }
    }
    if (m.triplets()) m.computeCentroids(x, y, n);
    last_epoch_loss = epochLoss;
    return Status::ok();
  });
}

Status Network::predict(const float* x, std::size_t x_len, float* out, std::size_t out_len) noexcept {
  return guarded("predict", [&]() -> Status {
    if (!impl_) return emptyNetwork("predict");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, nullptr, 0, n));
    const std::size_t P = m.head().predictionSize();
    if (out == nullptr || out_len != n * P) {
      return Status(Code::ShapeMismatch, "predict: the output buffer has " + std::to_string(out_len) +
                                             " floats; " + std::to_string(n) + " samples need " +
                                             std::to_string(n * P));
    }
    const std::size_t in = m.inputs();
    for (std::size_t start = 0; start < n; start += Impl::kChunk) {
      const std::size_t rows = std::min(Impl::kChunk, n - start);
      const float* z = m.forward(x + start * in, rows, false);
      m.head().forward(z, m.ob.data(), rows);
      m.head().read(m.ob.data(), out + start * P, rows);
    }
    return Status::ok();
  });
}

Status Network::predict(const float* x, std::size_t x_len, std::vector<float>& out) noexcept {
  return guarded("predict", [&]() -> Status {
    if (!impl_) return emptyNetwork("predict");
    const std::size_t in = impl_->inputs();
    std::vector<float> result((x_len / in) * impl_->head().predictionSize());
    LL_TRY(predict(x, x_len, result.data(), result.size()));
    out = std::move(result);
    return Status::ok();
  });
}

float Network::gridCoordinate(float lo, float hi, int count, int index) noexcept {
  return lo + (hi - lo) * ((static_cast<float>(index) + 0.5f) / static_cast<float>(count));
}

Status Network::predictGrid(float x0, float x1, float y0, float y1, int width, int height,
                            float* out) noexcept {
  return guarded("predictGrid", [&]() -> Status {
    if (!impl_) return emptyNetwork("predictGrid");
    Impl& m = *impl_;
    if (m.inputs() != 2) {
      return Status(Code::ShapeMismatch, "predictGrid needs a network with 2 inputs; this one has " +
                                             std::to_string(m.inputs()));
    }
    if (width < 1 || width > kMaxGridSide || height < 1 || height > kMaxGridSide) {
      return bad("predictGrid: width = " + std::to_string(width) + " and height = " +
                 std::to_string(height) + " must each be between 1 and " + std::to_string(kMaxGridSide));
    }
    if (!(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1))) {
      return Status(Code::NotFinite, "predictGrid: the rectangle's bounds must be finite");
    }
    if (out == nullptr) return Status(Code::EmptyInput, "predictGrid: the output buffer is null");
    if (m.diverged) return m.divergedStatus();
    const std::size_t total = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    float* xb = m.xb.data();
    for (std::size_t start = 0; start < total; start += Impl::kChunk) {
      const std::size_t rows = std::min(Impl::kChunk, total - start);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t cell = start + r;
        const int i = static_cast<int>(cell / static_cast<std::size_t>(width));
        const int j = static_cast<int>(cell % static_cast<std::size_t>(width));
        xb[2 * r] = gridCoordinate(x0, x1, width, j);
        xb[2 * r + 1] = gridCoordinate(y0, y1, height, i);
      }
      const float* z = m.forward(xb, rows, false);
      m.head().forward(z, m.ob.data(), rows);
      m.head().read(m.ob.data(), m.pb.data(), rows);
      m.gridValues(m.pb.data(), rows, out + start);
    }
    return Status::ok();
  });
}

Status Network::evaluate(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                         Evaluation& result) noexcept {
  return guarded("evaluate", [&]() -> Status {
    if (!impl_) return emptyNetwork("evaluate");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    const net::Head& h = m.head();
    const std::size_t in = m.inputs();
    const std::size_t K = m.units();
    m.eval_out.resize(n * K);
    for (std::size_t start = 0; start < n; start += Impl::kChunk) {
      const std::size_t rows = std::min(Impl::kChunk, n - start);
      const float* z = m.forward(x + start * in, rows, false);
      h.forward(z, m.eval_out.data() + start * K, rows);
    }
    Evaluation ev;
    ev.task = h.task;
    ev.accuracy = std::numeric_limits<double>::quiet_NaN();
    ev.r2 = std::numeric_limits<double>::quiet_NaN();
    LL_TRY(m.wholeDataOrder(y, n));

    if (m.triplets()) {
      // anchors, positives, negatives: one block of 3n embeddings
      std::vector<float>& block = m.eval_target;
      block.resize(3 * n * K);
      std::copy(m.eval_out.begin(), m.eval_out.end(), block.begin());
      for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t d = 0; d < K; ++d) {
          block[(n + r) * K + d] = m.eval_out[m.partner[2 * r] * K + d];
          block[(2 * n + r) * K + d] = m.eval_out[m.partner[2 * r + 1] * K + d];
        }
      }
      LL_TRY(m.lossOn(block.data(), n, nullptr, nullptr, ev.loss));
      // nearest-centroid accuracy: the last fit's centroids when they cover these labels,
      // else the centroids of these samples
      bool covered = m.centroid_classes > 0;
      for (std::size_t k = 0; k < n && covered; ++k) {
        covered = static_cast<int>(y[k]) < m.centroid_classes &&
                  !std::isnan(m.centroids[static_cast<std::size_t>(y[k]) * K]);
      }
      std::vector<float> own;
      const float* cent = m.centroids.data();
      int classes = m.centroid_classes;
      if (!covered) {
        classes = meanByClass(m.eval_out.data(), y, n, K, own);
        cent = own.data();
      }
      std::size_t correct = 0;
      for (std::size_t k = 0; k < n; ++k) {
        float confidence;
        const int c = nearestCentroid(m.eval_out.data() + k * K, cent, classes, K, confidence);
        correct += c == static_cast<int>(y[k]) ? 1 : 0;
      }
      ev.accuracy = static_cast<double>(correct) / static_cast<double>(n);
      result = ev;
      return Status::ok();
    }

    const std::size_t targetRows = h.target == TargetForm::OneHot || h.target == TargetForm::Values ? K : 1;
    m.eval_target.resize(n * targetRows);
    m.buildTargets(m.order.data(), n, y, m.eval_target.data());
    LL_TRY(m.lossOn(m.eval_out.data(), n, m.eval_target.data(), nullptr, ev.loss));

    if (h.task == Task::Regression) {
      double r2sum = 0.0;
      for (std::size_t k = 0; k < K; ++k) {
        double mean = 0.0;
        for (std::size_t s = 0; s < n; ++s) mean += y[s * K + k];
        mean /= static_cast<double>(n);
        double ssTot = 0.0, ssRes = 0.0;
        for (std::size_t s = 0; s < n; ++s) {
          const double t = y[s * K + k];
          const double d = t - m.eval_out[s * K + k];
          ssTot += (t - mean) * (t - mean);
          ssRes += d * d;
        }
        r2sum += ssTot > 0.0 ? 1.0 - ssRes / ssTot : (ssRes == 0.0 ? 1.0 : 0.0);
      }
      ev.r2 = r2sum / static_cast<double>(K);
    } else {
      float p[kMaxUnits];
      std::size_t correct = 0;
      for (std::size_t s = 0; s < n; ++s) {
        h.read(m.eval_out.data() + s * K, p, 1);
        if (K == 1) {
          const bool predicted = p[0] > 0.5f;
          const bool truth = y[s] > 0.5f;  // labels 0/1 (soft labels above ½ count as 1)
          correct += predicted == truth ? 1 : 0;
        } else {
          correct += argmax(p, K) == static_cast<int>(y[s]) ? 1 : 0;
        }
      }
      ev.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    }
    result = ev;
    return Status::ok();
  });
}

Status Network::parameters(std::vector<float>& out) const noexcept {
  return guarded("parameters", [&]() -> Status {
    if (!impl_) return emptyNetwork("parameters");
    std::vector<float> p;
    p.reserve(parameterCount());
    for (const net::Dense& layer : impl_->layers) {
      p.insert(p.end(), layer.w.data(), layer.w.data() + layer.w.size());
      p.insert(p.end(), layer.b.data(), layer.b.data() + layer.b.size());
    }
    out = std::move(p);
    return Status::ok();
  });
}

Status Network::setParameters(const float* params, std::size_t n) noexcept {
  return guarded("setParameters", [&]() -> Status {
    if (!impl_) return emptyNetwork("setParameters");
    if (params == nullptr || n != parameterCount()) {
      return Status(Code::ShapeMismatch, "setParameters: got " + std::to_string(n) +
                                             " values; the network has " +
                                             std::to_string(parameterCount()) + " parameters");
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (!std::isfinite(params[k])) {
        return Status(Code::NotFinite, "setParameters: params[" + std::to_string(k) + "] is " +
                                           formatNumber(params[k]));
      }
    }
    const float* p = params;
    for (net::Dense& layer : impl_->layers) {
      std::copy(p, p + layer.w.size(), layer.w.data());
      p += layer.w.size();
      std::copy(p, p + layer.b.size(), layer.b.data());
      p += layer.b.size();
    }
    impl_->diverged = false;
    return Status::ok();
  });
}

Status Network::lossAndGradient(const float* x, std::size_t x_len, const float* y,
                                std::size_t y_len, double& loss, std::vector<float>& grad) noexcept {
  return guarded("lossAndGradient", [&]() -> Status {
    if (!impl_) return emptyNetwork("lossAndGradient");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    m.reserve(m.triplets() ? 3 * n : n);
    LL_TRY(m.wholeDataOrder(y, n));
    double value = 0.0;
    LL_TRY(m.runBatch(m.order.data(), n, x, y, value));
    const float l1 = static_cast<float>(m.config.l1);
    const float l2 = static_cast<float>(m.config.l2);
    std::vector<float> g;
    g.reserve(parameterCount());
    for (net::Dense& layer : m.layers) {
      net::addPenaltyGradient(layer, l1, l2);
      value += net::penalty(layer, l1, l2);
      g.insert(g.end(), layer.gw.data(), layer.gw.data() + layer.gw.size());
      g.insert(g.end(), layer.gb.data(), layer.gb.data() + layer.gb.size());
    }
    loss = value;
    grad = std::move(g);
    return Status::ok();
  });
}

}  // namespace losslab
