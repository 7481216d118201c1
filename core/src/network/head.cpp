// LossLab network — output heads: forward and backward side by side, and the readout.
#include "network/head.hpp"

#include <string_view>

#include "network/layer.hpp"
#include "support/detmath.hpp"

namespace losslab::net {
namespace {

/// softplus(z) = max(z, 0) + log(1 + e^{−|z|}), in the deterministic math.
double softplus(double z) noexcept {
  return (z > 0.0 ? z : 0.0) + detmath::log(1.0 + detmath::exp(-(z < 0.0 ? -z : z)));
}

/// σ(z) in the deterministic math.
double sigmoid(double z) noexcept {
  if (z >= 0.0) return 1.0 / (1.0 + detmath::exp(-z));
  const double e = detmath::exp(z);
  return e / (1.0 + e);
}

/// Row softmax in double with the row maximum subtracted; also returns log Σ e^{z − max}.
void softmaxRow(const float* z, float* o, int c, double& log_sum, float& max) noexcept {
  max = z[0];
  for (int k = 1; k < c; ++k) max = z[k] > max ? z[k] : max;
  double e[kMaxUnits];
  double sum = 0.0;
  for (int k = 0; k < c; ++k) {
    e[k] = detmath::exp(static_cast<double>(z[k]) - max);
    sum += e[k];
  }
  if (o != nullptr) {
    for (int k = 0; k < c; ++k) o[k] = static_cast<float>(e[k] / sum);
  }
  log_sum = detmath::log(sum);
}

/// What the forward pass and the readout share: the values as they are, σ, each row's
/// softmax, e^v; rows × units values from `in` to `out`.
enum class Map { Copy, Sigmoid, Softmax, Exp };

void apply(Map m, const float* in, float* out, std::size_t rows, int units) noexcept {
  const std::size_t n = rows * static_cast<std::size_t>(units);
  switch (m) {
    case Map::Copy:
      for (std::size_t k = 0; k < n; ++k) out[k] = in[k];
      break;
    case Map::Sigmoid:
      activate(Activation::Sigmoid, in, out, n);
      break;
    case Map::Softmax:
      for (std::size_t r = 0; r < rows; ++r) {
        double log_sum;
        float max;
        softmaxRow(in + r * units, out + r * units, units, log_sum, max);
      }
      break;
    case Map::Exp:
      for (std::size_t k = 0; k < n; ++k) out[k] = detmath::expf(in[k]);
      break;
  }
}

}  // namespace

void Head::forward(const float* z, float* o, std::size_t rows) const noexcept {
  const std::size_t n = rows * static_cast<std::size_t>(units);
  switch (kind) {
    case HeadKind::Linear:
      apply(Map::Copy, z, o, rows, units);
      break;
    case HeadKind::AboveMinusOne:
      for (std::size_t k = 0; k < n; ++k) o[k] = z[k] > kAboveMinusOne ? z[k] : kAboveMinusOne;
      break;
    case HeadKind::Sigmoid:
      apply(Map::Sigmoid, z, o, rows, units);
      break;
    case HeadKind::Softmax:
      apply(Map::Softmax, z, o, rows, units);
      break;
    case HeadKind::LogSoftmax:
      for (std::size_t r = 0; r < rows; ++r) {
        const float* zr = z + r * units;
        double log_sum;
        float max;
        softmaxRow(zr, nullptr, units, log_sum, max);
        for (int k = 0; k < units; ++k) {
          o[r * units + k] = static_cast<float>(static_cast<double>(zr[k]) - max - log_sum);
        }
      }
      break;
    case HeadKind::Exp:
      apply(Map::Exp, z, o, rows, units);
      break;
    case HeadKind::MeanVariance:  // (mean, softplus: a variance > 0); units = 2
      for (std::size_t r = 0; r < rows; ++r) {
        o[2 * r] = z[2 * r];
        o[2 * r + 1] = static_cast<float>(softplus(z[2 * r + 1]));
      }
      break;
  }
}

void Head::backward(const float* z, const float* o, const float* go, float* gz,
                    std::size_t rows) const noexcept {
  const std::size_t n = rows * static_cast<std::size_t>(units);
  switch (kind) {
    case HeadKind::Linear:
      for (std::size_t k = 0; k < n; ++k) gz[k] = go[k];
      break;
    case HeadKind::AboveMinusOne:
      for (std::size_t k = 0; k < n; ++k) gz[k] = z[k] > kAboveMinusOne ? go[k] : 0.0f;
      break;
    case HeadKind::Sigmoid:
      for (std::size_t k = 0; k < n; ++k) gz[k] = go[k] * (o[k] * (1.0f - o[k]));
      break;
    case HeadKind::Softmax:
      for (std::size_t r = 0; r < rows; ++r) {
        const float* orow = o + r * units;
        const float* grow = go + r * units;
        double dot = 0.0;
        for (int k = 0; k < units; ++k) dot += static_cast<double>(orow[k]) * grow[k];
        for (int k = 0; k < units; ++k) {
          gz[r * units + k] = static_cast<float>(orow[k] * (grow[k] - dot));
        }
      }
      break;
    case HeadKind::LogSoftmax:
      for (std::size_t r = 0; r < rows; ++r) {
        const float* orow = o + r * units;
        const float* grow = go + r * units;
        double sum = 0.0;
        for (int k = 0; k < units; ++k) sum += grow[k];
        for (int k = 0; k < units; ++k) {
          const double p = detmath::exp(orow[k]);
          gz[r * units + k] = static_cast<float>(grow[k] - p * sum);
        }
      }
      break;
    case HeadKind::Exp:
      for (std::size_t k = 0; k < n; ++k) gz[k] = go[k] * o[k];
      break;
    case HeadKind::MeanVariance:
      for (std::size_t r = 0; r < rows; ++r) {
        gz[2 * r] = go[2 * r];
        gz[2 * r + 1] = static_cast<float>(go[2 * r + 1] * sigmoid(z[2 * r + 1]));
      }
      break;
  }
}

void Head::read(const float* o, float* p, std::size_t rows) const noexcept {
  switch (readout) {
    case Readout::Values:
    case Readout::Probability:
      apply(Map::Copy, o, p, rows, units);
      break;
    case Readout::SigmoidOf:
      apply(Map::Sigmoid, o, p, rows, units);
      break;
    case Readout::SoftmaxOf:
      apply(Map::Softmax, o, p, rows, units);
      break;
    case Readout::ExpOf:
      apply(Map::Exp, o, p, rows, units);
      break;
  }
}

namespace {

/// What predict shows for a loss's input kind: probabilities stay, logits and scores go
/// through σ (one output) or softmax (several), log-probabilities through exp.
/// Multi-label scores go through σ each (several classes may be true at once).
/// Log-rates through exp (predict shows the rate); rates, (mean, variance) rows and
/// distances stay.
Readout readoutOf(InputKind input, int units, bool multilabel) noexcept {
  switch (input) {
    case InputKind::Probabilities: return Readout::Probability;
    case InputKind::Logits:
    case InputKind::Scores: return units == 1 || multilabel ? Readout::SigmoidOf : Readout::SoftmaxOf;
    case InputKind::LogProbabilities:
    case InputKind::LogRates: return Readout::ExpOf;
    case InputKind::Values:
    case InputKind::Embeddings:
    case InputKind::Rates:
    case InputKind::MeanVariance:
    case InputKind::Distances: return Readout::Values;
  }
  return Readout::Values;
}

}  // namespace

Status chooseHead(const LossSpec& spec, const LossOptions& opt, int units, Head& out) {
  const std::string id = spec.id;
  Head h;
  h.units = units;
  h.kind = outputHead(spec, opt);
  h.readout = readoutOf(inputKind(spec, opt), units, spec.family == Family::Multilabel);
  switch (spec.family) {
    case Family::Regression:
    case Family::Custom:
      h.task = Task::Regression;
      h.target = TargetForm::Values;
      if (spec.columns != 0) {  // gaussian_nll: a row of outputs (mean, variance) per value of y
        if (units != static_cast<int>(spec.columns)) {
          return Status(Code::BadOption,
                        "layers: the last layer has " + std::to_string(units) +
                            (units == 1 ? " unit" : " units") + ", but loss '" + id + "' needs " +
                            std::to_string(spec.columns) + " (" + spec.input_doc + ")");
        }
        h.target = TargetForm::RowValues;
      }
      break;
    case Family::Binary:
      if (units != 1) {
        return Status(Code::BadOption,
                      "layers: the last layer has " + std::to_string(units) + " units, but loss '" +
                          id + "' is binary and needs 1 (labels 0/1); for several classes use a "
                          "multiclass loss such as cross_entropy");
      }
      h.task = Task::Classification;
      h.target = spec.target == TargetKind::Signs ? TargetForm::Signs : TargetForm::Labels;
      h.soft_labels = spec.target == TargetKind::UnitInterval || spec.target == TargetKind::ProbabilityRows;
      break;
    case Family::Multilabel:
    case Family::Multiclass:
      if (units < 2) {
        return Status(Code::BadOption,
                      "layers: the last layer has 1 unit, but loss '" + id + "' is " +
                          familyName(spec.family) + " and needs one unit per class (at least 2); for two "
                          "classes with one output use a binary loss such as bce_with_logits");
      }
      h.task = Task::Classification;
      h.target = spec.target == TargetKind::ProbabilityRows ? TargetForm::OneHot : TargetForm::ClassIndices;
      break;
    case Family::Embedding:
      h.task = Task::Embedding;
      h.target = TargetForm::Triplets;
      break;
    case Family::Ranking:  // margin_ranking is not_trainable: config.cpp refuses it first
      return Status(Code::BadOption, "loss '" + id + "' ranks pairs; a network has no head for it");
    case Family::Sequence:  // config.cpp refuses it first, with the catalogue's trainer_note
      return Status(Code::BadOption, "loss '" + id + "' " + spec.trainer_note);
  }
  out = h;
  return Status::ok();
}

}  // namespace losslab::net
