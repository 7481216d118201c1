// LossLab — a small multilayer perceptron trained with any loss of the catalogue.
//
// The loss is a parameter, never hard-coded: every training step asks `losslab::compute`
// for the loss and its gradient with respect to what the loss reads, and backpropagates
// from there. What the loss reads follows from its family (the "head"):
//
//   loss                                         head on the last layer   targets built from y
//   regression (mse, mae, rmse, huber, …),       linear                   values [N, K]
//     custom
//   msle                                         linear, clamped > −1     values > −1
//   bce_with_logits, binary_focal (from_logits)  linear (logit)           labels 0/1 (or [0, 1])
//   hinge, squared_hinge                         linear (score)           ±1 from labels 0/1
//   bce, binary_focal (from_logits = false)      sigmoid                  labels 0/1 (or [0, 1])
//   cross_entropy, multi_margin, focal (logits)  linear (scores)          class indices
//   categorical_cross_entropy, kl_div            softmax                  one-hot rows
//   sparse_categorical_cross_entropy,            softmax                  class indices
//     focal (from_logits = false)
//   nll                                          log-softmax              class indices
//   triplet_margin                               linear (embedding)       triplets sampled from
//                                                                         class labels, seeded
//   mbe                                          refused: it has no minimum
//
// Binary losses need one output unit, multi-class losses C ≥ 2 (labels 0 … C−1),
// regression K ≥ 1 (y holds K values per sample), triplet_margin D ≥ 1 (the embedding).
//
// Everything is float32 and deterministic from `seed`: the same settings give the same
// weights natively and in wasm (own PRNG, own transcendental functions, fixed summation
// order, no FMA contraction). The loss kernels of the catalogue are shared code and use
// the platform's libm.
//
// No function throws; each fallible one returns a `Status` (codes in status.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/status.hpp"

namespace losslab {

enum class Activation : int { Tanh = 0, Relu = 1, Sigmoid = 2, Linear = 3 };
enum class Optimizer : int { Sgd = 0, Momentum = 1, Adam = 2 };
inline constexpr int kActivationCount = 4;
inline constexpr int kOptimizerCount = 3;

/// What a network does, from its loss's family.
enum class Task : int {
  Classification = 0,  // binary and multi-class losses: labels in, probabilities out
  Regression = 1,      // regression and custom losses: values in, values out
  Embedding = 2,       // triplet_margin: labels in, embeddings out
};

/// The names the JS API and the JSON use; "?" for a value outside the enum. Never fail.
const char* activationName(Activation a) noexcept;  // "tanh", "relu", "sigmoid", "linear"
const char* optimizerName(Optimizer o) noexcept;    // "sgd", "momentum", "adam"
const char* taskName(Task t) noexcept;              // "classification", "regression", "embedding"
/// A name as above → `out`. BAD_OPTION naming the accepted values when `name` is not one of
/// them ("activation 'gelu' must be one of tanh, relu, sigmoid, linear"); `out` is then left
/// alone. May throw std::bad_alloc (building the message).
Status parseActivation(std::string_view name, Activation& out);
Status parseOptimizer(std::string_view name, Optimizer& out);

/// Limits (each has its own message).
inline constexpr int kMinHiddenLayers = 1;
inline constexpr int kMaxHiddenLayers = 6;
inline constexpr int kMaxUnits = 16;            // per layer, input and output included
inline constexpr int kMaxBatchSize = 10000;
inline constexpr int kMaxEpochsPerFit = 1000000;
inline constexpr int kMaxGridSide = 4096;       // predictGrid width and height
inline constexpr int kMaxEmbeddingClasses = 256;  // triplet_margin labels: 0 … 255
inline constexpr int kMaxLandscapeSide = 201;   // landscape size (cells per side)

/// The network catalogue as JSON: {"activations", "optimizers", "limits" (each {min, max}:
/// hiddenLayers, units, batchSize, epochsPerFit, gridSide, embeddingClasses, landscapeSide,
/// seed),
/// "defaults" (NetworkConfig's), "landscape" (LandscapeOptions' defaults: size, span, seed;
/// limits.landscapeSide bounds size), "datasets" (datasetCatalogue with class ranges),
/// "datasetOptions" (n, noise, seed: {min, max, default})} — what the JS wrapper and the
/// page read instead of restating a limit.
std::string networkCatalogueJson();

/// Momentum and Adam constants (PyTorch's defaults; Adam's ε is added outside the root).
inline constexpr float kMomentum = 0.9f;
inline constexpr float kAdamBeta1 = 0.9f;
inline constexpr float kAdamBeta2 = 0.999f;
inline constexpr float kAdamEpsilon = 1e-8f;

/// A loss's options, owned, by their catalogue names (the JS `lossOptions` object).
/// Options left out take the loss's catalogue defaults; names the loss does not have are
/// a BAD_OPTION. Numbers hold number, integer and flag (0/1) options; vectors the
/// per-class ones (`weight`, `pos_weight`, `class_alpha`); `expr` the custom loss's text.
/// The network always trains on the batch mean ('reduction' is not an option here).
struct LossSettings {
  std::map<std::string, double> numbers;
  std::map<std::string, std::vector<float>> vectors;
  std::string expr;

  /// Sets (or replaces) one option; returns *this for chaining:
  ///   config.loss_options.set("delta", 0.5).set("weight", {1, 3});
  /// Names and values are checked later, by `NetworkConfig::validate`.
  LossSettings& set(const std::string& name, double value);
  LossSettings& set(const std::string& name, std::vector<float> values);
  bool operator==(const LossSettings& o) const {
    return numbers == o.numbers && vectors == o.vectors && expr == o.expr;
  }
};

/// A network's settings: the JS `lab.network({...})` object. Held by value.
struct NetworkConfig {
  std::vector<int> layers{2, 8, 8, 1};   // input size, 1–6 hidden layers, output size; each 1–16
  Activation activation = Activation::Tanh;  // hidden layers (the output layer is linear)
  std::string loss = "bce_with_logits";  // a catalogue id
  LossSettings loss_options;
  Optimizer optimizer = Optimizer::Adam;
  double learning_rate = 0.03;           // > 0
  int batch_size = 10;                   // 1 … kMaxBatchSize (larger than N: full batch)
  double l1 = 0.0;                       // ≥ 0: adds l1·Σ|w| (weights, not biases)
  double l2 = 0.0;                       // ≥ 0: adds l2·Σw² (Keras' convention)
  std::uint32_t seed = 1;

  /// OK, or the first problem: BAD_OPTION naming the field and value
  /// ("layers[1] = 40 must be between 1 and 16", "learning_rate = -1 must be > 0",
  /// "loss 'mbe' cannot be minimised: …"), UNKNOWN_LOSS for an id not in the catalogue,
  /// or the catalogue's own message for an out-of-range loss option; INTERNAL when out of
  /// memory. `Network::create` calls it; call it yourself to check settings early. Never throws.
  Status validate() const;
};

/// Reads a loss's options from JSON text — an object such as {"gamma": 2, "weight": [1, 3]}:
/// numbers, booleans (as 0/1), arrays of numbers, and `expr` (custom's text) — into `out`
/// (replacing it). Names and ranges are checked later, against the loss they are for.
/// Errors: BAD_OPTION naming the position of malformed JSON, or the option whose value has
/// the wrong type ("lossOptions.gamma must be a number, …"); `what` starts each message.
Status parseLossSettings(std::string_view json, LossSettings& out, const char* what = "lossOptions");

/// What `Network::influence` measures under.
struct InfluenceOptions {
  /// A catalogue id of the same head as the network's loss (see influence), or "" for the
  /// network's own loss.
  std::string loss;
  /// That loss's options. Left out: the network's own options for its own loss, the
  /// catalogue defaults for another loss.
  std::optional<LossSettings> loss_options;
};

/// What `Network::landscape` draws.
struct LandscapeOptions {
  int size = 41;           // cells per side, 1 … kMaxLandscapeSide; odd sizes have a centre cell
  double span = 1.0;       // a and b run over [−span, span]; finite and > 0
  std::uint32_t seed = 1;  // the two random directions
};

/// `evaluate`'s result. Exactly one of `accuracy` and `r2` is a number; the other is NaN.
struct Evaluation {
  Task task = Task::Classification;
  double loss = 0.0;  // the catalogue loss (mean over the samples), without l1/l2
  /// Classification: the fraction of samples whose predicted class (P(class 1) > 0.5 for
  /// binary losses, the arg-max for multi-class) is the label. Embedding: the fraction
  /// whose nearest class centroid (centroids of the data of the last fit, or of these
  /// samples before any fit) is their label.
  double accuracy = 0.0;
  /// Regression: the coefficient of determination 1 − SS_res/SS_tot, averaged over the
  /// outputs (scikit-learn's r2_score; 1 when SS_tot = SS_res = 0, 0 when only SS_tot = 0).
  double r2 = 0.0;
};

/// A multilayer perceptron. Create it with `create` or `fromJSON`; a default-constructed
/// Network is empty and its calls return BAD_OPTION ("fit: the network is empty; …").
/// Move-only. Not thread-safe (training and prediction reuse preallocated scratch buffers);
/// distinct networks may be used from distinct threads.
///
/// Data: `x` holds N samples row-major (N · inputSize() floats); `y` holds, per sample,
/// K values (regression), one 0/1 label (binary), or one class index (multi-class and
/// triplet_margin; as floats 0, 1, 2, …). Lengths are counts of floats.
///
/// Errors of every call that takes data (fit, predict, evaluate, lossAndGradient, influence,
/// landscape), each
/// message naming the argument and the first offending index:
///  - EMPTY_INPUT: `x` (or, where targets are needed, `y`) is null or empty;
///  - SHAPE_MISMATCH: `x_len` is not a multiple of inputSize(); `y_len` is not N (labels) or
///    N · K (regression values); an output buffer of the wrong length;
///  - NOT_FINITE: a NaN or infinity in `x` or `y`; a network that diverged in an earlier
///    `fit` (its weights are not finite) refuses these calls and predictGrid until
///    `reset()` or `setParameters`;
///  - OUT_OF_DOMAIN: a regression target ≤ −1 for `msle`;
///  - BAD_LABEL: a label that does not fit the loss (0/1 for binary losses, a class index
///    below the number of output units for multi-class, below kMaxEmbeddingClasses for
///    triplet_margin, which also needs two classes present);
///  - BAD_OPTION: an empty network, or an argument out of range (epochs, grid size);
///  - INTERNAL: out of memory, or a bug in LossLab.
/// On failure nothing is written to the caller's outputs. No function throws.
class Network {
 public:
  Network() noexcept;
  ~Network();
  Network(Network&&) noexcept;
  Network& operator=(Network&&) noexcept;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// Validates `config` and initialises the weights from its seed (Glorot-uniform,
  /// He-uniform for relu; zero biases) into `out`, replacing any network it held.
  /// Errors: those of `NetworkConfig::validate`. On failure `out` is left alone.
  static Status create(const NetworkConfig& config, Network& out) noexcept;

  /// Reads what `toJSON` wrote — or only settings, in the same keys (weights are then
  /// initialised from the seed). The text is untrusted: malformed JSON is a BAD_OPTION
  /// naming the position; wrong shapes or values name the key. `out` is left alone on
  /// failure.
  static Status fromJSON(std::string_view json, Network& out) noexcept;

  /// The settings and weights as JSON: {"format":"losslab.network","version":1,
  /// "layers":[…],"activation":…,"loss":…,"lossOptions":{…},"optimizer":…,
  /// "learningRate":…,"batchSize":…,"l1":…,"l2":…,"seed":…,"epochs":…,
  /// "weights":[{"w":[[…]…],"b":[…]}…], "centroids":[[…]…] (triplet_margin, after fit)}.
  /// Floats are written in their shortest round-trip form, so `fromJSON(toJSON())`
  /// predicts bit-identically. Optimizer moments are not saved: training resumes from
  /// fresh ones. Non-finite weights (a diverged network) are written as null, which
  /// fromJSON refuses.
  /// Errors: BAD_OPTION for an empty network; INTERNAL when out of memory.
  Status toJSON(std::string& out) const noexcept;

  // Read-only facts; on an empty network they return empty values (0, a default config).
  bool empty() const noexcept;                  // true until create/fromJSON succeeds
  const NetworkConfig& config() const noexcept;  // the settings it was created with
  Task task() const noexcept;
  std::size_t inputSize() const noexcept;       // layers.front()
  std::size_t outputSize() const noexcept;      // units of the last layer
  /// Floats `predict` writes per sample: 1 (binary), C (multi-class), K (regression),
  /// D (embedding).
  std::size_t predictionSize() const noexcept;
  /// 2 for binary losses, C for multi-class, the classes seen by the last fit for
  /// triplet_margin (0 before), 0 for regression.
  int classes() const noexcept;
  long long epochs() const noexcept;            // trained since create/reset
  std::size_t parameterCount() const noexcept;  // weights and biases

  /// Trains for `epochs` epochs (1 … kMaxEpochsPerFit) of shuffled mini-batches (a new
  /// order every epoch, from the seed) and sets `last_epoch_loss` to the mean catalogue
  /// loss of the last epoch (batches weighted by their size; l1/l2 penalties not
  /// included). One epoch with batch_size ≥ N is one optimizer step. Continues from the
  /// current weights: two fits of 2 epochs equal one of 4.
  /// Errors: the data errors above; BAD_OPTION for `epochs` out of range. A non-finite loss
  /// or output stops training with NOT_FINITE ("training diverged at epoch 12: loss is NaN;
  /// lower the learning rate"); the weights are then unusable until `reset()`.
  Status fit(const float* x, std::size_t x_len, const float* y, std::size_t y_len, int epochs,
             double& last_epoch_loss) noexcept;

  /// What a person expects, `predictionSize()` floats per sample into `out` (`out_len`
  /// must be N · predictionSize()); never allocates:
  ///  - regression: the values (msle: kept above −1, as the loss saw them);
  ///  - binary: P(class 1) — σ(logit) for logit losses; for hinge and squared_hinge σ(score),
  ///    a monotone pseudo-probability that is 0.5 exactly on the decision boundary
  ///    (score = 0), so thresholds and heatmaps read the same as for the other losses;
  ///  - multi-class: C class probabilities — the softmax head's output, exp of nll's
  ///    log-softmax, or softmax of the raw scores of cross_entropy, focal and multi_margin
  ///    (for multi_margin a pseudo-probability with the same arg-max);
  ///  - triplet_margin: the D-dimensional embeddings.
  /// Errors: the data errors above (no `y`); SHAPE_MISMATCH when `out` is null or `out_len`
  /// is not N · predictionSize(). The second form sizes `out` itself (it allocates).
  Status predict(const float* x, std::size_t x_len, float* out, std::size_t out_len) noexcept;
  Status predict(const float* x, std::size_t x_len, std::vector<float>& out) noexcept;

  /// The loss and accuracy (classification, embedding) or R² (regression) on held-out data.
  /// For triplet_margin the loss is over triplets drawn from the seed's evaluation
  /// stream, the same every call. Changes no weights. Errors: the data errors above.
  Status evaluate(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                  Evaluation& out) noexcept;

  /// For 2-input networks: one float per cell of a width × height grid over the rectangle
  /// [x0, x1] × [y0, y1], row-major (row 0 at y0), cell (i, j) at the cell's centre
  /// (gridCoordinate(x0, x1, width, j), gridCoordinate(y0, y1, height, i)); pass y0 > y1
  /// for a canvas whose rows go down. Written into the caller's `out` (width · height
  /// floats) without allocating, for a heatmap every frame:
  ///  - binary: P(class 1), as predict;
  ///  - multi-class: k + 0.999·p_k for the most probable class k, so floor(v) is the class
  ///    and (v − floor(v)) / 0.999 its probability;
  ///  - triplet_margin: the same for the nearest class centroid k (centroids from the last
  ///    fit), p_k = softmax(−distance²)_k; before any fit, the first embedding coordinate;
  ///  - regression: the first output's value.
  /// Errors: SHAPE_MISMATCH when inputSize() ≠ 2; BAD_OPTION when width or height is outside
  /// 1 … kMaxGridSide; NOT_FINITE for non-finite bounds or a diverged network; EMPTY_INPUT
  /// when `out` is null.
  Status predictGrid(float x0, float x1, float y0, float y1, int width, int height,
                     float* out) noexcept;

  /// The coordinate of cell `index` of `count` across [lo, hi]: lo + (hi − lo)·(index + ½)/count,
  /// computed in float exactly as predictGrid does. Never fails (count must be ≥ 1).
  static float gridCoordinate(float lo, float hi, int count, int index) noexcept;

  /// Re-initialises the weights, the optimizer and the random streams from the seed:
  /// afterwards the network trains exactly as when it was created. Clears a divergence.
  /// Does nothing on an empty network.
  void reset() noexcept;

  /// All parameters() floats, layer by layer: W row-major [out, in], then b, into `out`.
  /// Errors: BAD_OPTION for an empty network; INTERNAL when out of memory.
  Status parameters(std::vector<float>& out) const noexcept;
  /// Replaces every parameter (same layout as `parameters`); clears a divergence. The
  /// optimizer's moments are kept. Errors: BAD_OPTION for an empty network; SHAPE_MISMATCH
  /// when `params` is null or `n` ≠ parameterCount(); NOT_FINITE naming the first
  /// non-finite value (nothing is changed then).
  Status setParameters(const float* params, std::size_t n) noexcept;

  /// The training objective on the whole of (x, y) as one batch — catalogue loss plus the
  /// l1/l2 penalties — and its gradient with respect to `parameters()`, without updating
  /// anything. For triplet_margin the triplets come from the evaluation stream.
  /// (For checking backpropagation, and for showing gradients.) `grad` gets
  /// parameterCount() floats. Errors: the data errors above.
  Status lossAndGradient(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                         double& loss, std::vector<float>& grad) noexcept;

  /// Which points the loss listens to: for each of the N samples of (x, y), its share of the
  /// total gradient of the loss with respect to the network's output at the current weights,
  ///   share_i = ‖∂ℓ_i/∂z_i‖₂ / Σ_j ‖∂ℓ_j/∂z_j‖₂,
  /// N floats into `out` (`out_len` must be N) that sum to 1 (to float rounding). z is the last
  /// layer's linear output — the logits before a sigmoid, softmax or log-softmax head, the
  /// values of a linear head — i.e. what the loss's gradient sends back into the weights (the
  /// catalogue gradient ∂ℓ/∂o taken through the head's Jacobian, as training does). The norm
  /// is the Euclidean norm over the sample's outputs: its K values (regression), its C class
  /// scores (multi-class); for triplet_margin a sample is an anchor, and the norm runs over the
  /// 3·D outputs of its triplet (anchor, positive, negative; the partners evaluate draws). The
  /// gradient is the catalogue's for all N samples as one batch with reduction 'sum' ('mean'
  /// for rmse, which only has that): a 'mean' only scales every share's numerator and
  /// denominator alike, and per-class weights count as training counts them (a sample whose
  /// label is ignore_index gets 0). When every sample's gradient is 0 (e.g. hinge with every
  /// point beyond the margin) every share is 0: the loss pulls nowhere.
  /// With `options.loss`, the same under another loss of the same head at the same weights
  /// ("what would focal do here?"): its id and options are checked as NetworkConfig's are.
  /// Changes nothing in the network.
  /// Errors: the data errors above, with y checked against the loss measured under; BAD_OPTION
  /// for a loss of another head or task, naming both losses and both heads ("influence: loss
  /// 'bce' reads probabilities from a sigmoid head; this network's loss 'bce_with_logits' reads
  /// logits from a linear head …"), or an option the loss does not take; UNKNOWN_LOSS;
  /// SHAPE_MISMATCH when `out` is null or `out_len` ≠ N; NOT_FINITE when an output or gradient
  /// is not finite. The second form sizes `out` itself.
  Status influence(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   const InfluenceOptions& options, float* out, std::size_t out_len) noexcept;
  Status influence(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   const InfluenceOptions& options, std::vector<float>& out) noexcept;

  /// The loss landscape around the current weights θ (Li et al., "Visualizing the Loss
  /// Landscape of Neural Nets", NeurIPS 2018): size × size floats into `out`, row-major,
  ///   out[i·size + j] = L(θ + a_j·d₁ + b_i·d₂),  a_j = landscapeCoordinate(span, size, j),
  /// b_i likewise (row 0 at b = −span, column 0 at a = −span). L is the catalogue loss on
  /// (x, y) as evaluate() reports it (mean, without l1/l2; triplets from the evaluation
  /// stream), so for odd sizes the centre cell (size/2, size/2) is evaluate()'s loss at θ (as a
  /// float). Even sizes have no centre cell: the four middle cells straddle θ at
  /// a, b = ±span/(size − 1). d₁ and d₂ are Gaussian directions from `seed` (the network's own
  /// generator: the same directions in every build), normalised filter-wise: each unit's
  /// incoming weights (a row of W) are scaled to the norm of that row of θ; biases are not
  /// moved (d = 0, Li et al.'s "biasbn" setting). A cell whose outputs or loss are not finite
  /// holds NaN. The weights are restored bit for bit afterwards (also on failure).
  /// Errors: the data errors above; BAD_OPTION for a size outside 1 … kMaxLandscapeSide or a
  /// span that is not finite and > 0; SHAPE_MISMATCH when `out` is null or `out_len` ≠ size².
  /// The second form sizes `out` itself.
  Status landscape(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   const LandscapeOptions& options, float* out, std::size_t out_len) noexcept;
  Status landscape(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                   const LandscapeOptions& options, std::vector<float>& out) noexcept;

  /// The step along a direction of landscape cell `index` of `size`: 0 when size is 1, else
  /// span·(2·index − (size − 1))/(size − 1) in float — exactly 0 at the centre of an odd size,
  /// and symmetric (cell size − 1 − index is its negation). Never fails.
  static float landscapeCoordinate(double span, int size, int index) noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace losslab
