// LossLab — the loss catalogue: the one registry of every loss (id, family, options with
// defaults and ranges, formula, what input and target mean). The bindings, `lab.losses`,
// the page's loss picker and the docs all read it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/loss.hpp"
#include "losslab/options.hpp"
#include "losslab/status.hpp"

namespace losslab {

enum class Family {
  Regression,
  Binary,
  Multiclass,
  Multilabel,
  Embedding,
  Ranking,   // margin_ranking: which of a pair should score higher
  Custom,
  Sequence,  // ctc: label sequences from per-step class scores
};

/// How `input` is laid out.
enum class Layout {
  Elementwise,  // n values, target n values
  Rows,         // [N, C] rows, target per row (indices) or [N, C]
  Triplet,      // anchors [N, D] with positive and negative of the same shape
  Pair,         // x1 (`input`) and x2 (`other`) of the same shape ([N] or [N, D]), one ±1
                // `label` per pair (per element of [N], per row of [N, D]); both differentiable
  Sequence,     // [T, N, C] time-major rows (ctc), target the label sequences and lengths
};

/// What `target` holds; validated generically before a loss runs.
enum class TargetKind {
  Values,                  // any finite numbers
  GreaterThanMinusOne,     // msle: y > −1
  UnitInterval,            // probabilities in [0, 1]
  ZeroOne,                 // labels exactly 0 or 1
  Signs,                   // −1 or +1; 0 and 1 accepted (0 → −1)
  ClassIndices,            // one integer in [0, C) per row (or ignore_index)
  IndicesOrProbabilities,  // as ClassIndices, or [N, C] probabilities in [0, 1]
  ProbabilityRows,         // [N, C] with entries in [0, 1]
  None,                    // triplet: positive / negative instead
  NonNegative,             // counts: any value ≥ 0 (poisson_nll)
  StrictSigns,             // −1 or +1 only (hinge_embedding: PyTorch gives 0 another meaning;
                           // the pair losses' `label`)
  LabelLists,              // [N, C] rows of class indices in [0, C), each ended by −1 (the
                           // rest of the row ignored; multilabel_margin)
  RowValues,               // one finite value per row of [N, C] input (gaussian_nll)
  ValueRows,               // [N, D] rows of any finite values, one per input row
                           // (cosine_similarity: a target vector per prediction)
  LabelSequences,          // ctc: labels, input lengths and target lengths (LossInput's
                           // sequence fields), not `target`
};

/// What `input` must satisfy besides being finite.
enum class InputDomain {
  Any,
  GreaterThanMinusOne,  // msle
  UnitInterval,         // bce, probability-input focal
  NonPositive,          // nll: log-probabilities ≤ 0 are expected but not required
};

/// What `input` holds, in words a model's last layer knows: the network's output head and
/// the page's sample data follow from it. For a loss with a `from_logits` option this is
/// the kind without it (probabilities), and for one with `log_input` the kind without it
/// (rates); `inputKind(spec, options)` applies the option.
enum class InputKind {
  Values,            // predictions on the target's scale (regression, custom)
  Probabilities,     // in [0, 1]: one per element, or rows of class probabilities
  Logits,            // raw scores that a sigmoid or softmax turns into probabilities
  LogProbabilities,  // log-softmax outputs, ≤ 0
  Scores,            // raw margins (hinge losses, multi-class SVM)
  Embeddings,        // points in ℝ^D compared by distance
  Rates,             // rates ≥ 0 of a count (poisson_nll with log_input: false)
  LogRates,          // log-rates: the log of a count's expected value (poisson_nll)
  MeanVariance,      // rows (mean, variance ≥ 0) of a Gaussian (gaussian_nll)
  Distances,         // a distance between a pair of embeddings (hinge_embedding)
};

/// The function a network puts between its last linear layer z and the loss's input.
enum class OutputHead {
  Linear,         // o = z: values, logits, scores, embeddings
  AboveMinusOne,  // o = max(z, −1 + 1e-6): msle's domain (as Keras clips y_pred)
  Sigmoid,        // o = σ(z): probabilities of class 1
  Softmax,        // o = softmax(z) per row
  LogSoftmax,     // o = z − logsumexp(z) per row
  Exp,            // o = e^z: rates (poisson_nll with log_input: false)
  MeanVariance,   // rows of 2: o = (z₀, softplus(z₁)), a mean and a variance > 0
};

enum class OptionKind {
  Number,   // double field
  Integer,  // int field
  Flag,     // bool field
  Vector,   // FloatSpan field
};

/// How long a vector option must be.
enum class VectorLength {
  Classes,             // C
  ElementsOrClasses,   // n (per element) or C (per class, for [N, C] input)
  OneOrClasses,        // 1 (broadcast) or C
  Terms,               // N, one per term (per element for element-wise losses, per row for
                       // the others; termCount), or 1 (broadcast): sample_weight
};

struct OptionSpec {
  const char* name;
  OptionKind kind;
  double default_value;  // NaN for "absent" (vectors, optional per-class values)
  const char* doc;
  // Number / Integer range. `min_open` makes the bound exclusive.
  double min = -1e300;
  double max = 1e300;
  bool min_open = false;
  bool max_open = false;
  std::vector<double> choices = {};  // when non-empty, the value must be one of these
  VectorLength length = VectorLength::Classes;
  // The field this option fills; the one matching `kind` is set.
  double LossOptions::*number = nullptr;
  int LossOptions::*integer = nullptr;
  bool LossOptions::*flag = nullptr;
  FloatSpan LossOptions::*vector = nullptr;
  const char* range_text = "";  // the valid range in words, for messages and docs
};

using RunFn = Status (*)(const LossInput&, const LossOptions&, LossOutput&) noexcept;
using CheckFn = Status (*)(std::string_view id, const LossInput&, const LossOptions&);

struct LossSpec {
  const char* id;
  Family family;
  Layout layout;
  InputDomain input_domain;
  TargetKind target;
  std::vector<OptionSpec> options;
  const char* formula;      // LaTeX, per element and reduction
  const char* summary;      // one line: what it is
  const char* use_case;     // one line: when to use it
  const char* input_doc;    // what `input` means
  const char* target_doc;   // what `target` means
  RunFn run;
  bool mean_only = false;   // rmse
  CheckFn check = nullptr;  // loss-specific validation beyond the declarative fields
  InputKind input = InputKind::Values;  // without from_logits (see InputKind)
  const char* name = "";                // for people: "Mean squared error (MSE, L2)"
  /// Why a network cannot train with it, as the end of "loss 'mbe' …" ("cannot be
  /// minimised: …"), or null when it can.
  const char* not_trainable = nullptr;
  /// A default expression for `custom` (the one option that is text).
  const char* default_expr = nullptr;
  /// The number of columns the input rows must have (gaussian_nll: 2 = mean, variance), or 0
  /// when any count will do; a flat input without `cols` is read as rows of this many.
  std::size_t columns = 0;
  /// True when the kernel applies `sample_weight` itself (rmse: a root of the weighted
  /// mean, which has no per-term form); for every other loss `compute` applies it.
  bool weighs_samples = false;
  /// True when a flat input (no `cols`) is one row of all its values rather than an error
  /// (dice, tversky: a flat batch is one mask, batch-level Dice as segmentation trains it).
  bool flat_is_one_row = false;
  /// Why the page's 2-D trainer does not offer it, as the end of "loss 'ctc' …", or null:
  /// for losses that can be minimised but not by a network on 2-D points (ctc needs
  /// sequences); `not_trainable` is for losses that cannot be minimised at all.
  const char* trainer_note = nullptr;
};

/// `spec.input`, or Logits when the loss has a `from_logits` option and it is set.
InputKind inputKind(const LossSpec& spec, const LossOptions& options) noexcept;

/// The output head a network needs to feed `spec`'s input (with `options`' from_logits).
OutputHead outputHead(const LossSpec& spec, const LossOptions& options) noexcept;

/// Every loss, in display order (grouped by family). Built on first use (thread-safe), then
/// immutable for the life of the program; entries and pointers into it stay valid. May throw
/// std::bad_alloc on that first call only.
const std::vector<LossSpec>& catalogue();

/// The entry for catalogue id `id` ("huber"), or null when there is none. Never fails.
const LossSpec* findLoss(std::string_view id) noexcept;

/// `compute` for a catalogue entry already looked up (`findLoss`): the same checks, the same
/// results and messages, without the lookup by id (a network calls it every batch).
Status compute(const LossSpec& spec, const LossInput& in, const LossOptions& options,
               LossOutput& out) noexcept;

/// `defaultOptions(id)` for an entry already looked up. Never fails.
LossOptions defaultOptions(const LossSpec& spec) noexcept;

/// The option called `name` in `spec`'s entry, or null.
const OptionSpec* findOption(const LossSpec& spec, std::string_view name) noexcept;

/// The row width a flat input (no `cols`) of `n` values is read with: `spec.columns`
/// (gaussian_nll: 2), n for a `flat_is_one_row` loss (one row), else 0 (no rows). Never fails.
std::size_t flatColumns(const LossSpec& spec, std::size_t n) noexcept;

/// How many terms loss `spec` has for `n` input values in rows of `cols` (`spec.columns`
/// when `cols` is 0, or n when `flat_is_one_row`): `n` for element-wise losses, else the rows
/// n / cols (0 when cols is 0); for a sequence loss the samples n / (time·cols) (0 when either
/// is 0).
/// The length of 'none' values and of a per-term `sample_weight`. Never fails.
std::size_t termsOf(const LossSpec& spec, std::size_t n, std::size_t cols,
                    std::size_t time = 0) noexcept;

/// What option checks depend on: per-element vectors need the element count n, per-class
/// ones the class count (cols; 0 or 1 for 1-D input, which counts as one class), per-term
/// ones (sample_weight) the term count `terms`.
struct OptionShape {
  std::size_t n = 0;
  std::size_t cols = 0;
  std::size_t terms = 0;
};

/// Checks `options` against `spec`'s entry — the reduction (and `mean_only`), every number's
/// range and choices, every vector's length for `shape` and its entries — the one check that
/// `compute` and a network's loss both run. BAD_OPTION naming the loss, the option and the
/// value ("huber: option 'delta' = -1 must be > 0"). Never throws.
Status validateOptions(const LossSpec& spec, const LossOptions& options, OptionShape shape) noexcept;

/// Checks `in.target` (finite, then in the domain of `spec`'s target kind: probabilities,
/// 0/1 or ±1 labels, class indices below `in.cols` or `ignore_index`, values > −1) exactly as
/// `compute` does; `what` names the argument in messages ("target"; a network says "y"),
/// so a label refused by `net.fit` reads as the same label refused by `lab.loss`.
Status validateTarget(const LossSpec& spec, const LossInput& in, const LossOptions& options,
                      const char* what) noexcept;

/// The catalogue as a JSON array, one object per loss: {"id", "name", "family", "layout",
/// "target", "inputKind", "defaultInputKind", "head", "trains", "notTrainable", "trainerNote"
/// (why the 2-D trainer does not offer it; "" when it does), "meanOnly",
/// "columns" (0: any), "flatIsOneRow", "formula", "summary", "useCase", "inputDoc", "targetDoc",
/// "defaultExpr" (custom only), "options": [{"name", "kind", "default", "min", "max",
/// "minOpen", "maxOpen", "choices", "length" (vectors: "classes", "elements-or-classes",
/// "one-or-classes", "terms"; else ""), "range", "doc"}]} (absent bounds and defaults are
/// null). What `lab.losses` and docs/losses.md are made from. May throw std::bad_alloc.
std::string catalogueJson();

/// "regression", "binary", "multiclass", "multilabel", "embedding", "ranking", "custom" or
/// "sequence".
/// Never fails.
const char* familyName(Family f) noexcept;

/// "values", "probabilities", "logits", "log-probabilities", "scores", "embeddings", "rates",
/// "log-rates", "mean-variance" or "distances" (the catalogue JSON's "inputKind").
/// Never fails.
const char* inputKindName(InputKind k) noexcept;

/// "linear", "above-minus-one", "sigmoid", "softmax", "log-softmax", "exp" or
/// "mean-variance" (the catalogue JSON's "head"). Never fails.
const char* headName(OutputHead h) noexcept;

// Each family's entries, defined beside their implementations: the building blocks of
// `catalogue()`, which is what callers want (each call builds a new vector).
std::vector<LossSpec> regressionLosses();
std::vector<LossSpec> binaryLosses();
std::vector<LossSpec> multiclassLosses();
std::vector<LossSpec> multilabelLosses();
std::vector<LossSpec> embeddingLosses();
std::vector<LossSpec> rankingLosses();
std::vector<LossSpec> customLosses();
std::vector<LossSpec> sequenceLosses();

}  // namespace losslab
