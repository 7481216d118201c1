#include "sequence.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace losslab::detail {
namespace {

Status fail(Code code, const LossSpec& spec, const std::string& what) {
  return Status(code, std::string(spec.id) + ": " + what);
}

std::string at(const char* what, std::size_t i) {
  return std::string(what) + "[" + std::to_string(i) + "]";
}

std::size_t totalTargetLength(const LossInput& in, std::size_t N) noexcept {
  std::size_t total = 0;
  for (std::size_t b = 0; b < N; ++b) total += static_cast<std::size_t>(in.target_lengths[b]);
  return total;
}

}  // namespace

LabelLayout labelLayout(const LossInput& in) noexcept {
  const std::size_t N = sequenceSamples(in);
  LabelLayout layout;
  if (N != 0 && in.labels_n != totalTargetLength(in, N)) layout.stride = in.labels_n / N;
  return layout;
}

Status checkSequenceShape(const LossSpec& spec, const LossInput& in) {
  if (in.cols == 0 || in.time == 0) {
    return fail(Code::ShapeMismatch, spec,
                "input must be 3-D [T, N, C] log-probabilities: pass a flat array with `time` (T) "
                "and `classes` (C)");
  }
  if (in.time > in.n || in.cols > in.n / in.time || in.n % (in.time * in.cols) != 0) {
    return fail(Code::ShapeMismatch, spec,
                "input has " + std::to_string(in.n) + " values, not a multiple of time × classes = " +
                    std::to_string(in.time) + " × " + std::to_string(in.cols));
  }
  const std::size_t N = sequenceSamples(in);
  const std::string shape = "input [" + std::to_string(in.time) + ", " + std::to_string(N) + ", " +
                            std::to_string(in.cols) + "]";
  const std::pair<const char*, std::size_t> counts[] = {
      {"target.inputLengths", in.input_lengths == nullptr ? 0 : in.input_lengths_n},
      {"target.targetLengths", in.target_lengths == nullptr ? 0 : in.target_lengths_n}};
  for (const auto& [name, count] : counts) {
    if (count != N) {
      return fail(Code::ShapeMismatch, spec,
                  std::string(name) + " has " + std::to_string(count) + " values; expected " +
                      std::to_string(N) + " (one per sample) for " + shape);
    }
  }
  std::size_t longest = 0;
  for (std::size_t b = 0; b < N; ++b) {
    const std::int32_t t = in.input_lengths[b];
    if (t < 0 || static_cast<std::size_t>(t) > in.time) {
      return fail(Code::ShapeMismatch, spec,
                  at("target.inputLengths", b) + " = " + std::to_string(t) + " must be in [0, T = " +
                      std::to_string(in.time) + "]");
    }
    const std::int32_t l = in.target_lengths[b];
    if (l < 0) {
      return fail(Code::ShapeMismatch, spec,
                  at("target.targetLengths", b) + " = " + std::to_string(l) + " must be >= 0");
    }
    if (static_cast<std::size_t>(l) > longest) longest = static_cast<std::size_t>(l);
  }
  if (in.labels == nullptr && in.labels_n != 0) {
    return fail(Code::ShapeMismatch, spec, "target.labels is missing its data");
  }
  const std::size_t total = totalTargetLength(in, N);
  if (in.labels_n == total) return Status::ok();  // concatenated
  if (in.labels_n % N == 0) {
    const std::size_t S = in.labels_n / N;  // padded [N, S]
    for (std::size_t b = 0; b < N; ++b) {
      if (static_cast<std::size_t>(in.target_lengths[b]) > S) {
        return fail(Code::ShapeMismatch, spec,
                    at("target.targetLengths", b) + " = " + std::to_string(in.target_lengths[b]) +
                        " exceeds the " + std::to_string(S) + " labels per sample of target.labels [" +
                        std::to_string(N) + ", " + std::to_string(S) + "] (padded); concatenated labels "
                        "would number " + std::to_string(total));
      }
    }
    return Status::ok();
  }
  return fail(Code::ShapeMismatch, spec,
              "target.labels has " + std::to_string(in.labels_n) +
                  " values; expected the sum of target.targetLengths = " + std::to_string(total) +
                  " (concatenated) or [" + std::to_string(N) + ", S] with S >= " + std::to_string(longest) +
                  " (padded)");
}

Status checkLabelSequences(const LossSpec& spec, const LossInput& in, const LossOptions& opt,
                           const char* what) {
  const std::size_t C = in.cols;
  if (opt.blank < 0 || static_cast<std::size_t>(opt.blank) >= C) {
    return fail(Code::BadOption, spec,
                "option 'blank' = " + std::to_string(opt.blank) + " must be a class in [0, C = " +
                    std::to_string(C) + ")");
  }
  const std::string name = std::string(what) + ".labels";
  LabelLayout layout = labelLayout(in);
  const std::size_t N = sequenceSamples(in);
  for (std::size_t b = 0; b < N; ++b) {
    const std::size_t first = layout.start(in, b);
    for (std::size_t j = 0; j < static_cast<std::size_t>(in.target_lengths[b]); ++j) {
      const std::size_t i = first + j;
      const std::int32_t y = in.labels[i];
      if (y < 0 || static_cast<std::size_t>(y) >= C) {
        return fail(Code::BadLabel, spec,
                    at(name.c_str(), i) + " = " + std::to_string(y) + " is not a class index in [0, " +
                        std::to_string(C) + ")");
      }
      if (y == opt.blank) {
        return fail(Code::BadLabel, spec,
                    at(name.c_str(), i) + " = " + std::to_string(y) +
                        " is the blank (option 'blank'); a target sequence holds the other classes");
      }
    }
  }
  return Status::ok();
}

}  // namespace losslab::detail
