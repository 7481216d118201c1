// LossLab network — the network's state, shared by its implementation files:
// network.cpp (the public API), training.cpp (the driver), metrics.cpp (evaluate),
// influence.cpp and landscape.cpp (why a loss behaves so), config.cpp (settings),
// serialise.cpp (JSON).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "losslab/catalogue.hpp"
#include "losslab/expression.hpp"
#include "losslab/loss.hpp"
#include "losslab/network.hpp"
#include "network/head.hpp"
#include "network/layer.hpp"
#include "network/optimizer.hpp"
#include "support/random.hpp"

namespace losslab {
namespace net {

/// A config's loss resolved against the catalogue: its entry, its options (catalogue
/// defaults overridden by the config's; vector options view the config's own vectors,
/// so `config` must outlive them) and the compiled custom expression.
struct ResolvedLoss {
  const LossSpec* spec = nullptr;
  LossOptions options;
  std::shared_ptr<const Expression> expr;
  /// A vector option given as one number (pos_weight: 3) as a one-element vector, as
  /// lab.loss takes it; shared so that copies of this struct keep their views valid.
  std::vector<std::shared_ptr<const std::vector<float>>> broadcast;
  Head head;
  /// Whether a training batch may run the kernel directly instead of through compute():
  /// when every check compute() would make of a batch is already made by the network —
  /// the options once here (none of them depends on the batch's size), the targets once per
  /// fit (checkData: a batch's targets are some of y's values, or ±1 built from its labels),
  /// the outputs' finiteness by runBatch — so that nothing can fail and a batch costs no
  /// validation (see directBatches in config.cpp).
  bool direct_batches = false;
};

/// Checks the loss part of `config` (id, options by name and by range, family against
/// the output size) and resolves it.
Status resolveLoss(const NetworkConfig& config, ResolvedLoss& out);

/// Checks everything in `config` but the loss (layers, activation, optimizer, rates).
Status checkFields(const NetworkConfig& config) noexcept;

/// "a", "b" and "c" — for messages listing choices.
std::string joinNames(const std::vector<std::string>& names);

}  // namespace net

struct Network::Impl {
  static constexpr std::size_t kChunk = 256;  // rows per forward pass in predict/evaluate/grid

  NetworkConfig config;
  net::ResolvedLoss loss;
  std::vector<net::Dense> layers;
  std::vector<net::Slots> slots;
  long long epochs = 0;
  long long steps = 0;
  bool diverged = false;
  detail::Rng shuffle_rng;
  detail::Rng triplet_rng;

  // triplet_margin: class centroids of the last fit's data, [centroid_classes, D]; a class
  // absent from that data has a NaN row.
  int centroid_classes = 0;
  std::vector<float> centroids;

  // Scratch: room for `capacity` rows, sized at creation for kChunk rows and grown once by
  // fit for its batch. Nothing here allocates while training or predicting.
  std::size_t capacity = 0;
  std::vector<float> xb;   // [capacity, in]: batch inputs
  std::vector<float> ob;   // [capacity, units]: head outputs (what the loss reads)
  std::vector<float> gob;  // [capacity, units]: ∂L/∂o from the catalogue
  std::vector<float> tb;   // [capacity, units]: targets (values, labels or one-hot rows)
  std::vector<float> pb;   // [kChunk, units]: predictions for the grid
  std::vector<std::uint32_t> order;        // sample order of the current epoch
  std::vector<std::uint32_t> members;      // triplets: sample indices grouped by class
  std::vector<std::uint32_t> class_start;  // triplets: [classes + 1] offsets into members
  std::vector<std::uint32_t> rank;         // triplets: each sample's position in its class
  std::vector<std::uint32_t> partner;      // triplets: [rows, 2] positive and negative
  std::vector<float> eval_out;     // evaluate: head outputs (or embeddings) of every sample
  std::vector<float> eval_target;  // evaluate: targets, or the anchor/positive/negative block

  const net::Head& head() const noexcept { return loss.head; }
  std::size_t inputs() const noexcept { return static_cast<std::size_t>(layers.front().in); }
  std::size_t units() const noexcept { return static_cast<std::size_t>(layers.back().out); }
  bool triplets() const noexcept { return head().target == net::TargetForm::Triplets; }

  Status configure(const NetworkConfig& cfg);
  void reset() noexcept;
  void reserve(std::size_t rows);

  /// Forward through every layer, a block of vector lanes at a time; returns the last
  /// layer's linear outputs z ([rows, units]). The hidden layers' outputs are kept for
  /// backward only when `keep_hidden` is set (training).
  const float* forward(const float* x, std::size_t rows, bool keep_hidden) noexcept;
  /// Backward from ∂L/∂z in the last layer's `g`, accumulating every layer's gradients.
  void backward(const float* x, std::size_t rows) noexcept;

  Status checkData(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   std::size_t& n) const;
  /// The same, with y checked against `which` (another loss of the same head).
  Status checkData(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   std::size_t& n, const net::ResolvedLoss& which) const;
  Status indexClasses(const float* y, std::size_t n);
  void sampleTriplets(detail::Rng& rng, const std::uint32_t* anchors, std::size_t rows,
                      const float* y) noexcept;
  /// `order` = every sample once, in order (what evaluate and lossAndGradient see); for
  /// triplets, each with the partners the evaluation stream draws (the same on every call).
  Status wholeDataOrder(const float* y, std::size_t n);
  void gather(const std::uint32_t* idx, std::size_t rows, const float* x, const float* y) noexcept;
  void buildTargets(const std::uint32_t* idx, std::size_t rows, const float* y,
                    float* t) const noexcept;
  /// The targets `h`'s loss reads (its target form) for `rows` samples.
  void buildTargets(const std::uint32_t* idx, std::size_t rows, const float* y, float* t,
                    const net::Head& h) const noexcept;
  Status lossOn(const float* o, std::size_t rows, const float* t, float* go, double& value);
  /// lossOn for loss `spec` with `options` (its head's target form `form`).
  Status lossWith(const LossSpec& spec, const LossOptions& options, net::TargetForm form,
                  const float* o, std::size_t rows, const float* t, float* go, double& value);
  /// runBatch's loss of its finite head outputs `o`: lossOn, or the kernel alone when
  /// loss.direct_batches (the same value, gradient and status).
  Status batchLoss(const float* o, std::size_t rows, const float* t, float* go, double& value);
  /// Losses with ignore_index (cross_entropy, nll) average over the summed weights of the
  /// non-ignored labels (PyTorch): a batch where that sum is 0 has no loss (0/0) and is skipped.
  bool batchCounts(const std::uint32_t* idx, std::size_t rows, const float* y) const noexcept;
  Status runBatch(const std::uint32_t* idx, std::size_t rows, const float* x, const float* y,
                  double& value);
  /// The training driver behind fit: `count` epochs over n checked samples.
  Status train(const float* x, const float* y, std::size_t n, int count, double& last_epoch_loss);
  /// The head outputs of all n samples of x into eval_out (chunks of kChunk rows).
  void forwardOutputs(const float* x, std::size_t n) noexcept;
  /// evaluate's numbers from the head outputs of all n samples in eval_out.
  Status evaluateOutputs(const float* y, std::size_t n, Evaluation& result);
  /// What evaluate's loss needs besides the outputs: the whole-data order (with the
  /// evaluation stream's triplet partners) and the targets in eval_target.
  Status prepareTargets(const float* y, std::size_t n);
  /// evaluate's loss of the outputs in eval_out, after prepareTargets (for triplets the
  /// anchor/positive/negative block is built in eval_target).
  Status outputsLoss(std::size_t n, double& value);
  /// influence's shares of the n checked samples under `which` (this loss or one of its head).
  Status influenceOn(const float* x, const float* y, std::size_t n, const net::ResolvedLoss& which,
                     float* shares);
  /// landscape's size² losses of the n checked samples; the weights are restored on return.
  Status landscapeOn(const float* x, const float* y, std::size_t n, const LandscapeOptions& options,
                     float* out);
  /// A filter-normalised random direction in parameters()'s layout (landscape.cpp).
  void filterDirection(detail::Rng& rng, std::vector<float>& d) const;
  /// Every weight and bias, layer by layer (parameters()'s layout), into / from `p`.
  void readParameters(std::vector<float>& p) const;
  void writeParameters(const float* p) noexcept;
  void computeCentroids(const float* x, const float* y, std::size_t n);
  /// The heatmap's value of each of `rows` rows of predictions p ([rows, units]) into out.
  void gridValues(const float* p, std::size_t rows, float* out) const noexcept;
  Status divergedStatus() const;
};

/// The loss influence measures under: the network's own, or `options.loss` resolved as a
/// config's loss is (its options viewed in `cfg`, which must outlive `out`); BAD_OPTION naming
/// both losses and heads when its head or task differs from the network's (influence.cpp).
Status resolveInfluenceLoss(const Network::Impl& m, const InfluenceOptions& options,
                            NetworkConfig& cfg, net::ResolvedLoss& out);

}  // namespace losslab
