// LossLab network — output heads: forward and backward side by side, and the readout.
#include "network/head.hpp"

#include <string_view>

#include "network/layer.hpp"
#include "support/detmath.hpp"

namespace losslab::net {
namespace {

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

bool fromLogits(const LossSpec& spec, const LossOptions& opt) {
  for (const OptionSpec& o : spec.options) {
    if (std::string_view(o.name) == "from_logits") return opt.from_logits;
  }
  return true;
}

}  // namespace

void Head::forward(const float* z, float* o, std::size_t rows) const noexcept {
  const std::size_t n = rows * static_cast<std::size_t>(units);
  switch (kind) {
    case HeadKind::Linear:
      for (std::size_t k = 0; k < n; ++k) o[k] = z[k];
      break;
    case HeadKind::AboveMinusOne:
      for (std::size_t k = 0; k < n; ++k) o[k] = z[k] > kAboveMinusOne ? z[k] : kAboveMinusOne;
      break;
    case HeadKind::Sigmoid:
      activate(Activation::Sigmoid, z, o, n);
      break;
    case HeadKind::Softmax:
      for (std::size_t r = 0; r < rows; ++r) {
        double log_sum;
        float max;
        softmaxRow(z + r * units, o + r * units, units, log_sum, max);
      }
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
  }
}

void Head::read(const float* o, float* p, std::size_t rows) const noexcept {
  const std::size_t n = rows * static_cast<std::size_t>(units);
  switch (readout) {
    case Readout::Values:
    case Readout::Probability:
      for (std::size_t k = 0; k < n; ++k) p[k] = o[k];
      break;
    case Readout::SigmoidOf:
      activate(Activation::Sigmoid, o, p, n);
      break;
    case Readout::SoftmaxOf:
      for (std::size_t r = 0; r < rows; ++r) {
        double log_sum;
        float max;
        softmaxRow(o + r * units, p + r * units, units, log_sum, max);
      }
      break;
    case Readout::ExpOf:
      for (std::size_t k = 0; k < n; ++k) p[k] = detmath::expf(o[k]);
      break;
  }
}

Status chooseHead(const LossSpec& spec, const LossOptions& opt, int units, Head& out) {
  const std::string_view id = spec.id;
  Head h;
  h.units = units;
  switch (spec.family) {
    case Family::Regression:
    case Family::Custom:
      h.task = Task::Regression;
      h.target = TargetForm::Values;
      h.readout = Readout::Values;
      h.kind = spec.input_domain == InputDomain::GreaterThanMinusOne || id == "msle"
                   ? HeadKind::AboveMinusOne
                   : HeadKind::Linear;
      break;
    case Family::Binary: {
      if (units != 1) {
        return Status(Code::BadOption,
                      "layers: the last layer has " + std::to_string(units) + " units, but loss '" +
                          std::string(id) +
                          "' is binary and needs 1 (labels 0/1); for several classes use a "
                          "multiclass loss such as cross_entropy");
      }
      h.task = Task::Classification;
      const bool probabilities = spec.input_domain == InputDomain::UnitInterval ||
                                 (id == "binary_focal" && !fromLogits(spec, opt));
      h.kind = probabilities ? HeadKind::Sigmoid : HeadKind::Linear;
      h.readout = probabilities ? Readout::Probability : Readout::SigmoidOf;
      h.target = spec.target == TargetKind::Signs ? TargetForm::Signs : TargetForm::Labels;
      h.soft_labels = spec.target == TargetKind::UnitInterval;
      break;
    }
    case Family::Multiclass: {
      if (units < 2) {
        return Status(Code::BadOption,
                      "layers: the last layer has 1 unit, but loss '" + std::string(id) +
                          "' is multiclass and needs one unit per class (at least 2); for two "
                          "classes with one output use a binary loss such as bce_with_logits");
      }
      h.task = Task::Classification;
      bool probabilities = spec.input_domain == InputDomain::UnitInterval;
      if (id == "categorical_cross_entropy" || id == "sparse_categorical_cross_entropy" ||
          id == "kl_div") {
        probabilities = true;
      } else if (id == "focal") {
        probabilities = !fromLogits(spec, opt);
      } else if (id == "cross_entropy" || id == "multi_margin") {
        probabilities = false;
      }
      const bool logProbabilities = id == "nll" || spec.input_domain == InputDomain::NonPositive;
      if (logProbabilities) {
        h.kind = HeadKind::LogSoftmax;
        h.readout = Readout::ExpOf;
      } else if (probabilities) {
        h.kind = HeadKind::Softmax;
        h.readout = Readout::Probability;
      } else {
        h.kind = HeadKind::Linear;
        h.readout = Readout::SoftmaxOf;
      }
      const bool oneHot = id == "categorical_cross_entropy" || id == "kl_div" ||
                          spec.target == TargetKind::ProbabilityRows;
      h.target = oneHot ? TargetForm::OneHot : TargetForm::ClassIndices;
      break;
    }
    case Family::Embedding:
      h.task = Task::Embedding;
      h.kind = HeadKind::Linear;
      h.readout = Readout::Values;
      h.target = TargetForm::Triplets;
      break;
  }
  out = h;
  return Status::ok();
}

}  // namespace losslab::net
