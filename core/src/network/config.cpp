// LossLab network — settings: names, validation, and resolving the loss against the
// catalogue (which stays the one place that knows each option's range).
#include <cmath>
#include <string>
#include <vector>

#include "network/network_impl.hpp"

namespace losslab {
namespace {

Status bad(const std::string& message) { return Status(Code::BadOption, message); }

}  // namespace

const char* activationName(Activation a) noexcept {
  switch (a) {
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Linear: return "linear";
  }
  return "?";
}

const char* optimizerName(Optimizer o) noexcept {
  switch (o) {
    case Optimizer::Sgd: return "sgd";
    case Optimizer::Momentum: return "momentum";
    case Optimizer::Adam: return "adam";
  }
  return "?";
}

const char* taskName(Task t) noexcept {
  switch (t) {
    case Task::Classification: return "classification";
    case Task::Regression: return "regression";
    case Task::Embedding: return "embedding";
  }
  return "?";
}

namespace {

/// "a, b, c": the names of an enum's `count` values.
template <class E>
std::string choices(const char* (*name)(E) noexcept, int count) {
  std::string s;
  for (int k = 0; k < count; ++k) s += std::string(k ? ", " : "") + name(static_cast<E>(k));
  return s;
}

/// The enum value called `text`, or BAD_OPTION naming `what` and the choices.
template <class E>
Status parseName(std::string_view text, const char* (*name)(E) noexcept, int count, const char* what,
                 E& out) {
  for (int k = 0; k < count; ++k) {
    if (text == name(static_cast<E>(k))) {
      out = static_cast<E>(k);
      return Status::ok();
    }
  }
  return bad(std::string(what) + " '" + std::string(text) + "' must be one of " + choices(name, count));
}

}  // namespace

Status parseActivation(std::string_view name, Activation& out) {
  return parseName(name, activationName, kActivationCount, "activation", out);
}

Status parseOptimizer(std::string_view name, Optimizer& out) {
  return parseName(name, optimizerName, kOptimizerCount, "optimizer", out);
}

LossSettings& LossSettings::set(const std::string& name, double value) {
  numbers[name] = value;
  return *this;
}

LossSettings& LossSettings::set(const std::string& name, std::vector<float> values) {
  vectors[name] = std::move(values);
  return *this;
}

namespace net {

std::string joinNames(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += i + 1 == names.size() ? " and " : ", ";
    s += names[i];
  }
  return s;
}

namespace {

Status unknownOption(const LossSpec& spec, const std::string& name) {
  if (name == "reduction") {
    return bad("lossOptions.reduction: the network always trains on the mean over each batch; "
               "leave 'reduction' out");
  }
  std::vector<std::string> names;
  for (const OptionSpec& o : spec.options) names.emplace_back(o.name);
  if (spec.family == Family::Custom) names.emplace_back("expr");
  return bad("loss '" + std::string(spec.id) + "' has no option '" + name + "'; " +
             (names.empty() ? std::string("it takes none") : "its options are " + joinNames(names)));
}

/// ResolvedLoss::direct_batches: an element-wise loss whose target form copies y's values (or
/// builds ±1 from its labels), so that checkData's validateTarget has checked every target a
/// batch can hold, with no loss-specific check, an input of any value (runBatch has checked
/// the outputs finite) and no option whose length is counted in the batch's elements or
/// terms. Then compute() could refuse no batch, and a batch of `rows` samples is exactly
/// `spec.run` on n = rows·units flat values with as many terms.
bool directBatches(const LossSpec& spec, const LossOptions& options, TargetForm form) noexcept {
  if (spec.layout != Layout::Elementwise || spec.check != nullptr ||
      spec.input_domain != InputDomain::Any || flatColumns(spec, 1) != 0) {
    return false;
  }
  if (form != TargetForm::Values && form != TargetForm::Labels && form != TargetForm::Signs) {
    return false;
  }
  for (const OptionSpec& o : spec.options) {
    if (o.kind != OptionKind::Vector || (options.*(o.vector)).empty()) continue;
    if (o.length == VectorLength::ElementsOrClasses || o.length == VectorLength::Terms) return false;
  }
  return true;
}

}  // namespace

Status resolveLoss(const NetworkConfig& config, ResolvedLoss& out) {
  const LossSpec* spec = findLoss(config.loss);
  if (spec == nullptr) {
    std::vector<std::string> known;
    for (const LossSpec& s : catalogue()) known.emplace_back(s.id);
    return Status(Code::UnknownLoss,
                  "unknown loss '" + config.loss + "'; known losses: " + joinNames(known));
  }
  const std::string id = spec->id;
  if (spec->not_trainable != nullptr) return bad("loss '" + id + "' " + spec->not_trainable);
  // Minimisable, but not by a network of 2-D points (ctc's sequences, the pair losses' pairs).
  if (spec->trainer_note != nullptr) return bad("loss '" + id + "' " + spec->trainer_note);
  ResolvedLoss r;
  r.spec = spec;
  r.options = defaultOptions(id);
  r.options.reduction = Reduction::Mean;
  for (const auto& [name, value] : config.loss_options.numbers) {
    const OptionSpec* o = findOption(*spec, name);
    if (o == nullptr) return unknownOption(*spec, name);
    switch (o->kind) {
      case OptionKind::Number:
        r.options.*(o->number) = value;
        break;
      case OptionKind::Integer:
        if (!(std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 2147483648.0)) {
          return bad("lossOptions." + name + " = " + formatNumber(value) + " must be an integer");
        }
        r.options.*(o->integer) = static_cast<int>(value);
        break;
      case OptionKind::Flag:
        if (value != 0.0 && value != 1.0) {
          return bad("lossOptions." + name + " = " + formatNumber(value) + " must be true or false");
        }
        r.options.*(o->flag) = value != 0.0;
        break;
      case OptionKind::Vector: {
        // One number for a vector option: one element, broadcast as lab.loss does it.
        if (config.loss_options.vectors.count(name) != 0) {
          return bad("lossOptions." + name + " is given twice");
        }
        auto one = std::make_shared<const std::vector<float>>(1, static_cast<float>(value));
        r.options.*(o->vector) = FloatSpan{one->data(), one->size()};
        r.broadcast.push_back(std::move(one));
        break;
      }
    }
  }
  for (const auto& [name, values] : config.loss_options.vectors) {
    const OptionSpec* o = findOption(*spec, name);
    if (o == nullptr) return unknownOption(*spec, name);
    if (o->kind != OptionKind::Vector) {
      return bad("lossOptions." + name + " must be a single " +
                 (o->kind == OptionKind::Flag ? "true or false" : "number") + ", not a list");
    }
    r.options.*(o->vector) = FloatSpan{values.data(), values.size()};
  }
  if (spec->family == Family::Custom) {
    if (config.loss_options.expr.empty()) {
      return bad("loss 'custom' needs lossOptions.expr, an expression in x (prediction) and y "
                 "(target) such as abs(x - y)^1.5");
    }
    LL_TRY(compileExpression(config.loss_options.expr, r.expr));
    r.options.expr = r.expr.get();
  } else if (!config.loss_options.expr.empty()) {
    return bad("lossOptions.expr applies to the custom loss only, not to '" + id + "'");
  }
  if (!r.options.sample_weight.empty()) {
    return bad("lossOptions.sample_weight: it weighs the terms of one call, but a network draws a "
               "new shuffled mini-batch every step, so a list of weights has no fixed samples to "
               "belong to; leave it out (repeat a sample in x and y to weigh it more)");
  }
  const int units = config.layers.back();
  LL_TRY(chooseHead(*spec, r.options, units, r.head));
  if (spec->family == Family::Binary && config.loss_options.vectors.count("weight") != 0) {
    return bad("lossOptions.weight: '" + id + "' weighs each element of a batch, which does not "
               "fit shuffled mini-batches of a one-output network; leave it out" +
               (findOption(*spec, "pos_weight") ? " (pos_weight up-weights class 1)" : ""));
  }
  // The catalogue's own check: a batch of the head's shape (one value per unit; per-class
  // vectors for multi-class and embedding rows).
  const std::size_t c = static_cast<std::size_t>(units);
  LL_TRY(validateOptions(*spec, r.options, OptionShape{c, spec->layout == Layout::Elementwise ? 0 : c}));
  r.direct_batches = directBatches(*spec, r.options, r.head.target);
  out = std::move(r);
  return Status::ok();
}

}  // namespace net

namespace {

Status validateFields(const NetworkConfig& c) {
  const std::vector<int>& layers = c.layers;
  const Activation activation = c.activation;
  const Optimizer optimizer = c.optimizer;
  const double learning_rate = c.learning_rate;
  const int batch_size = c.batch_size;
  const double l1 = c.l1;
  const double l2 = c.l2;
  const int count = static_cast<int>(layers.size());
  if (count < kMinHiddenLayers + 2 || count > kMaxHiddenLayers + 2) {
    return bad("layers has " + std::to_string(count) + " entries; it must list the input size, " +
               std::to_string(kMinHiddenLayers) + " to " + std::to_string(kMaxHiddenLayers) +
               " hidden layer sizes and the output size (" + std::to_string(kMinHiddenLayers + 2) +
               " to " + std::to_string(kMaxHiddenLayers + 2) + " numbers, e.g. [2, 8, 8, 1])");
  }
  for (int i = 0; i < count; ++i) {
    if (layers[i] < 1 || layers[i] > kMaxUnits) {
      return bad("layers[" + std::to_string(i) + "] = " + std::to_string(layers[i]) +
                 " must be between 1 and " + std::to_string(kMaxUnits));
    }
  }
  if (static_cast<int>(activation) < 0 || static_cast<int>(activation) >= kActivationCount) {
    return bad("activation = " + std::to_string(static_cast<int>(activation)) + " must be one of " +
               choices(activationName, kActivationCount));
  }
  if (static_cast<int>(optimizer) < 0 || static_cast<int>(optimizer) >= kOptimizerCount) {
    return bad("optimizer = " + std::to_string(static_cast<int>(optimizer)) + " must be one of " +
               choices(optimizerName, kOptimizerCount));
  }
  if (!(std::isfinite(learning_rate) && learning_rate > 0.0)) {
    return bad("learning_rate = " + formatNumber(learning_rate) + " must be > 0" +
               (std::isfinite(learning_rate) ? "" : " and finite"));
  }
  if (batch_size < 1 || batch_size > kMaxBatchSize) {
    return bad("batch_size = " + std::to_string(batch_size) + " must be between 1 and " +
               std::to_string(kMaxBatchSize));
  }
  if (!(std::isfinite(l1) && l1 >= 0.0)) {
    return bad("l1 = " + formatNumber(l1) + " must be >= 0" + (std::isfinite(l1) ? "" : " and finite"));
  }
  if (!(std::isfinite(l2) && l2 >= 0.0)) {
    return bad("l2 = " + formatNumber(l2) + " must be >= 0" + (std::isfinite(l2) ? "" : " and finite"));
  }
  return Status::ok();
}

}  // namespace

Status net::checkFields(const NetworkConfig& config) noexcept {
  try {
    return validateFields(config);
  } catch (...) {
    return Status(Code::Internal, "network settings: out of memory");
  }
}

Status NetworkConfig::validate() const {
  LL_TRY(net::checkFields(*this));
  try {
    net::ResolvedLoss resolved;
    return net::resolveLoss(*this, resolved);
  } catch (...) {
    return Status(Code::Internal, "network settings: out of memory");
  }
}

}  // namespace losslab
