// Shared by test_golden.cpp and test_gradcheck.cpp: the PyTorch golden file
// (tests/golden/losses.json, written by scripts/golden/generate.py) and the one generic
// way to turn a case's {name: value} options into LossOptions through the catalogue.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "losslab/losslab.hpp"

namespace golden {

inline std::string path() { return std::string(LOSSLAB_GOLDEN_DIR) + "/losses.json"; }

/// The parsed golden file, read once (under wasm through NODERAWFS). Throws if unreadable.
inline const json::Value& file() {
  static const json::Value root = [] {
    std::ifstream in(path(), std::ios::binary);
    if (!in) throw json::Error("cannot open " + path() + " (run scripts/golden/generate.py)");
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
  }();
  return root;
}

inline const std::vector<json::Value>& cases() { return file()["cases"].array(); }

inline std::vector<float> floats(const json::Value& v) {
  std::vector<float> out;
  out.reserve(v.array().size());
  for (const json::Value& e : v.array()) out.push_back(static_cast<float>(e.number()));
  return out;
}

/// A number, or "Infinity" (ctc's impossible alignments: JSON has no infinity).
inline double number(const json::Value& v) {
  if (!v.isNumber() && v.string() == "Infinity") return INFINITY;
  return v.number();
}

inline std::vector<double> doubles(const json::Value& v) {
  std::vector<double> out;
  out.reserve(v.array().size());
  for (const json::Value& e : v.array()) out.push_back(number(e));
  return out;
}

inline std::vector<std::int32_t> ints(const json::Value& v) {
  std::vector<std::int32_t> out;
  out.reserve(v.array().size());
  for (const json::Value& e : v.array()) out.push_back(static_cast<std::int32_t>(e.number()));
  return out;
}

/// A case's data as float32 vectors and the LossInput over them (input, cols, target, or
/// positive and negative for triplets, other and label for pairs; for ctc time, labels,
/// input_lengths and target_lengths). Not copyable: `in` points into the vectors.
struct CaseData {
  std::vector<float> input, target, positive, negative;
  std::vector<float> other, label;  // pair losses
  std::vector<std::int32_t> labels, input_lengths, target_lengths;  // ctc
  losslab::LossInput in;

  explicit CaseData(const json::Value& c) : input(floats(c["input"])) {
    in.input = input.data();
    in.n = input.size();
    in.cols = static_cast<std::size_t>(c["cols"].number());
    if (const json::Value* t = c.find("target")) {
      target = floats(*t);
      in.target = target.data();
      in.target_n = target.size();
    }
    if (const json::Value* p = c.find("positive")) {
      positive = floats(*p);
      negative = floats(c["negative"]);
      in.positive = positive.data();
      in.positive_n = positive.size();
      in.negative = negative.data();
      in.negative_n = negative.size();
    }
    if (const json::Value* o = c.find("other")) {
      other = floats(*o);
      label = floats(c["label"]);
      in.other = other.data();
      in.other_n = other.size();
      in.label = label.data();
      in.label_n = label.size();
    }
    if (const json::Value* l = c.find("labels")) {  // ctc
      labels = ints(*l);
      input_lengths = ints(c["input_lengths"]);
      target_lengths = ints(c["target_lengths"]);
      in.labels = labels.data();
      in.labels_n = labels.size();
      in.input_lengths = input_lengths.data();
      in.input_lengths_n = input_lengths.size();
      in.target_lengths = target_lengths.data();
      in.target_lengths_n = target_lengths.size();
      in.time = static_cast<std::size_t>(c["time"].number());
    }
  }
  CaseData(const CaseData&) = delete;
  CaseData& operator=(const CaseData&) = delete;
};

/// The buffers for every output of a case's call, each value `fill` to start, and the
/// LossOutput pointing at them (the positive and negative gradients for triplets only).
struct CaseOutputs {
  std::vector<float> values, grad, gradPositive, gradNegative, gradOther;
  losslab::LossOutput out;

  CaseOutputs(const losslab::LossInput& in, float fill)
      : values(in.n, fill), grad(in.n, fill), gradPositive(in.n, fill), gradNegative(in.n, fill),
        gradOther(in.n, fill) {
    out.values = values.data();
    out.grad = grad.data();
    if (in.positive != nullptr) {
      out.grad_positive = gradPositive.data();
      out.grad_negative = gradNegative.data();
    }
    if (in.other != nullptr) out.grad_other = gradOther.data();
  }
  CaseOutputs(const CaseOutputs&) = delete;
  CaseOutputs& operator=(const CaseOutputs&) = delete;
};

inline losslab::Reduction reduction(const std::string& name) {
  if (name == "mean") return losslab::Reduction::Mean;
  if (name == "sum") return losslab::Reduction::Sum;
  if (name == "none") return losslab::Reduction::None;
  throw json::Error("unknown reduction '" + name + "'");
}

/// Sets each option of `options` ({name: value}) on `opt` through the catalogue's
/// OptionSpec member pointers. Vector data lives in `storage` (keep it alive while `opt`
/// is used); a number given for a vector option (pos_weight: 2.5) becomes one element.
/// `skip` names a key handled by the caller (the reference tool's custom `expr`).
/// Returns an error message, empty on success.
inline std::string applyOptions(const losslab::LossSpec& spec, const json::Value& options,
                                losslab::LossOptions& opt, std::deque<std::vector<float>>& storage,
                                std::string_view skip = {}) {
  using losslab::OptionKind;
  for (std::size_t k = 0; k < options.keys().size(); ++k) {
    const std::string& name = options.keys()[k];
    if (!skip.empty() && name == skip) continue;
    const json::Value& value = options.items()[k];
    const losslab::OptionSpec* o = nullptr;
    for (const losslab::OptionSpec& candidate : spec.options) {
      if (name == candidate.name) o = &candidate;
    }
    if (o == nullptr) return "option '" + name + "' is not in the catalogue entry of " + spec.id;
    switch (o->kind) {
      case OptionKind::Number:
        opt.*(o->number) = value.number();
        break;
      case OptionKind::Integer:
        if (value.number() != std::floor(value.number())) return "option '" + name + "' is not an integer";
        opt.*(o->integer) = static_cast<int>(value.number());
        break;
      case OptionKind::Flag:
        opt.*(o->flag) = value.boolean();
        break;
      case OptionKind::Vector:
        storage.push_back(value.isNumber() ? std::vector<float>{static_cast<float>(value.number())}
                                           : floats(value));
        opt.*(o->vector) = losslab::FloatSpan{storage.back().data(), storage.back().size()};
        break;
    }
  }
  return {};
}

}  // namespace golden
