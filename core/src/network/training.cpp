// LossLab network — the training driver: configuring, forward and backward through the
// layers, batches (inputs, targets, the catalogue loss and its gradient) and the epochs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "network/network_impl.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

using net::TargetForm;

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
  xb.resize(rows * inputs() + net::kRowSlack);  // Dense::backward's whole-vector reads
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
      float* column = block[0] + i * B;
      // zeros first, whole vectors (a fixed count: no call to memset), then the rows
      for (std::size_t v = 0; v < net::kBlockVectors; ++v) {
        hn::Store(hn::Zero(detail::DF()), detail::DF(), column + v * net::kBlockLanes);
      }
      for (std::size_t k = 0; k < n; ++k) column[k] = x[(first + k) * in + i];
    }
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const bool last = l + 1 == layers.size();
      layers[l].forward(block[l & 1], block[(l + 1) & 1], first, n, keep_hidden || last);
    }
  }
  return layers.back().a.data();
}

void Network::Impl::backward(const float* x, std::size_t rows) noexcept {
  // The last layer is linear (configure): its ∂L/∂a from the head is its ∂L/∂z. Each layer
  // hands the one below its ∂L/∂z, the slope applied.
  for (std::size_t l = layers.size(); l-- > 0;) {
    const float* in = l == 0 ? x : layers[l - 1].a.data();
    float* dx = l == 0 ? nullptr : layers[l - 1].g.data();
    layers[l].backward(in, rows, dx, l == 0 ? Activation::Linear : layers[l - 1].act);
  }
}

// ---------------------------------------------------------------------- data checks

Status Network::Impl::checkData(const float* x, std::size_t x_len, const float* y,
                                std::size_t y_len, std::size_t& n) const {
  return checkData(x, x_len, y, y_len, n, loss);
}

Status Network::Impl::checkData(const float* x, std::size_t x_len, const float* y,
                                std::size_t y_len, std::size_t& n,
                                const net::ResolvedLoss& which) const {
  const char* id = which.spec->id;  // for messages only (no allocation on the hot path)
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
  const net::Head& h = which.head;
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
    case TargetForm::ClassIndices:
    case TargetForm::RowValues: {
      // y is the loss's own target: the catalogue's check, with the catalogue's messages.
      LossInput in;
      in.n = n * units();
      in.cols = h.target == TargetForm::ClassIndices || h.target == TargetForm::RowValues ? units() : 0;
      in.target = y;
      in.target_n = y_len;
      return validateTarget(*which.spec, in, which.options, "y");
    }
    case TargetForm::OneHot:       // y holds the class indices the one-hot rows are built from
    case TargetForm::Triplets: {   // y holds the class labels triplets are sampled from
      const std::size_t classes = h.target == TargetForm::OneHot ? units() : kMaxEmbeddingClasses;
      for (std::size_t k = 0; k < y_len; ++k) {
        const float v = y[k];
        if (!std::isfinite(v)) {
          return Status(Code::NotFinite, std::string(id) + ": y[" + std::to_string(k) + "] is " +
                                             formatNumber(v) + "; every value must be finite");
        }
        if (!(v >= 0.0f && v < static_cast<float>(classes) && v == std::floor(v))) {
          return Status(Code::BadLabel,
                        std::string(id) + ": y[" + std::to_string(k) + "] = " + formatNumber(v) +
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

// ------------------------------------------------------------------------- one batch

void Network::Impl::buildTargets(const std::uint32_t* idx, std::size_t rows, const float* y,
                                 float* t) const noexcept {
  buildTargets(idx, rows, y, t, head());
}

void Network::Impl::buildTargets(const std::uint32_t* idx, std::size_t rows, const float* y,
                                 float* t, const net::Head& h) const noexcept {
  // Rows are a few floats wide: column by column, element moves rather than a call to
  // memcpy or memset per row (which is what a row-wise copy or fill compiles to).
  const std::size_t K = units();
  switch (h.target) {
    case TargetForm::Values:
      for (std::size_t k = 0; k < K; ++k) {
        for (std::size_t r = 0; r < rows; ++r) t[r * K + k] = y[idx[r] * K + k];
      }
      break;
    case TargetForm::Labels:
    case TargetForm::ClassIndices:
    case TargetForm::RowValues:
      for (std::size_t r = 0; r < rows; ++r) t[r] = y[idx[r]];
      break;
    case TargetForm::Signs:  // hinge losses: +1 for class 1, −1 for class 0
      for (std::size_t r = 0; r < rows; ++r) t[r] = y[idx[r]] > 0.0f ? 1.0f : -1.0f;
      break;
    case TargetForm::OneHot:
      for (std::size_t k = 0; k < K; ++k) {
        for (std::size_t r = 0; r < rows; ++r) {
          t[r * K + k] = static_cast<std::size_t>(y[idx[r]]) == k ? 1.0f : 0.0f;
        }
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
  // Column by column, as buildTargets does (a 2-float row copy would be a call to memcpy).
  auto copyRows = [&](const std::uint32_t* samples, std::size_t stride, std::size_t count,
                      float* to) {
    for (std::size_t i = 0; i < in; ++i) {
      for (std::size_t r = 0; r < count; ++r) to[r * in + i] = x[samples[r * stride] * in + i];
    }
  };
  copyRows(idx, 1, rows, xb.data());
  if (triplets()) {
    copyRows(partner.data(), 2, rows, xb.data() + rows * in);
    copyRows(partner.data() + 1, 2, rows, xb.data() + 2 * rows * in);
  } else {
    buildTargets(idx, rows, y, tb.data());
  }
}

/// The catalogue loss of `rows` samples' head outputs `o` (for triplets: anchors, then
/// positives, then negatives) against targets `t`; ∂L/∂o into `go` when non-null.
Status Network::Impl::lossOn(const float* o, std::size_t rows, const float* t, float* go,
                             double& value) {
  return lossWith(*loss.spec, loss.options, head().target, o, rows, t, go, value);
}

Status Network::Impl::lossWith(const LossSpec& spec, const LossOptions& options,
                               TargetForm form, const float* o, std::size_t rows, const float* t,
                               float* go, double& value) {
  const std::size_t K = units();
  LossInput in;
  LossOutput out;
  in.input = o;
  in.n = rows * K;
  in.target = t;
  out.grad = go;
  switch (form) {
    case TargetForm::Values:
    case TargetForm::Labels:
    case TargetForm::Signs:
      in.target_n = rows * K;
      break;
    case TargetForm::ClassIndices:
    case TargetForm::RowValues:
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
  Status s = compute(spec, in, options, out);
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

Status Network::Impl::batchLoss(const float* o, std::size_t rows, const float* t, float* go,
                                double& value) {
  if (!loss.direct_batches) return lossOn(o, rows, t, go, value);
  // What compute() would run once its checks passed (and they would: see direct_batches).
  LossInput in;
  in.input = o;
  in.n = rows * units();
  in.target = t;
  in.target_n = in.n;
  LossOutput out;
  out.grad = go;
  out.terms = in.n;
  Status s = loss.spec->run(in, loss.options, out);
  value = out.value;
  return s;
}

Status Network::Impl::runBatch(const std::uint32_t* idx, std::size_t rows, const float* x,
                               const float* y, double& value) {
  gather(idx, rows, x, y);
  const std::size_t R = triplets() ? 3 * rows : rows;
  const std::size_t K = units();
  net::Dense& last = layers.back();
  const float* z = forward(xb.data(), R, true);
  // A linear head's o is z and its ∂L/∂z is ∂L/∂o: the loss reads the last layer's outputs
  // and writes its gradient straight into the last layer's g, with no copy either way.
  const bool linear = head().kind == net::HeadKind::Linear;
  const float* o = z;
  float* go = linear ? last.g.data() : gob.data();
  if (!linear) {
    head().forward(z, ob.data(), R);
    o = ob.data();
  }
  if (!detail::allFinite(o, R * K)) {
    value = std::numeric_limits<double>::quiet_NaN();
    return Status(Code::NotFinite,
                  "loss is not finite: the outputs reached " + describeNonFinite(o, R * K));
  }
  LL_TRY(batchLoss(o, rows, tb.data(), go, value));
  if (!std::isfinite(value)) return Status(Code::NotFinite, "loss is " + formatNumber(value));
  if (!linear) head().backward(z, o, go, last.g.data(), R);
  backward(xb.data(), R);  // sets every layer's gw and gb
  return Status::ok();
}

// ------------------------------------------------------------------------ epochs

/// The training driver: `count` epochs of shuffled mini-batches, each a forward pass, the
/// catalogue loss and its gradient, a backward pass and an optimizer step.
Status Network::Impl::train(const float* x, const float* y, std::size_t n, int count,
                            double& last_epoch_loss) {
  if (triplets()) LL_TRY(indexClasses(y, n));
  const std::size_t batch = std::min<std::size_t>(static_cast<std::size_t>(config.batch_size), n);
  reserve(triplets() ? 3 * batch : batch);
  if (triplets()) partner.resize(2 * batch);
  order.resize(n);

  net::StepSettings step;
  step.kind = config.optimizer;
  step.learning_rate = static_cast<float>(config.learning_rate);
  step.l1 = static_cast<float>(config.l1);
  step.l2 = static_cast<float>(config.l2);

  double epochLoss = 0.0;
  for (int e = 0; e < count; ++e) {
    // A fresh permutation of 0 … n−1 each epoch: the order depends on the seed and the
    // epoch count only, so 4 epochs in one fit equal 2 + 2.
    for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
    shuffle_rng.shuffle(order.data(), static_cast<std::uint32_t>(n));
    double total = 0.0;
    std::size_t counted = 0;
    for (std::size_t start = 0; start < n; start += batch) {
      const std::size_t rows = std::min(batch, n - start);
      const std::uint32_t* idx = order.data() + start;
      if (triplets()) sampleTriplets(triplet_rng, idx, rows, y);
      if (!batchCounts(idx, rows, y)) continue;  // every label ignored: nothing to learn
      double value = 0.0;
      Status s = runBatch(idx, rows, x, y, value);
      if (!s.isOk()) {
        if (s.code() != Code::NotFinite) return s;
        diverged = true;
        return Status(Code::NotFinite, "training diverged at epoch " +
                                           std::to_string(epochs + 1) + ": " + s.message() +
                                           "; lower the learning rate");
      }
      step.t = ++steps;
      for (std::size_t l = 0; l < layers.size(); ++l) {
        net::addPenaltyGradient(layers[l], step.l1, step.l2);
        net::step(layers[l], slots[l], step);
      }
      total += value * static_cast<double>(rows);
      counted += rows;
    }
    epochLoss = counted ? total / static_cast<double>(counted) : std::numeric_limits<double>::quiet_NaN();
    ++epochs;
  }
  for (const net::Dense& layer : layers) {
    if (!detail::allFinite(layer.w.data(), layer.w.size()) ||
        !detail::allFinite(layer.b.data(), layer.b.size())) {
      diverged = true;
      return Status(Code::NotFinite, "training diverged at epoch " + std::to_string(epochs) +
                                         ": the weights are not finite; lower the learning rate");
    }
  }
  if (triplets()) computeCentroids(x, y, n);
  last_epoch_loss = epochLoss;
  return Status::ok();
}

}  // namespace losslab
