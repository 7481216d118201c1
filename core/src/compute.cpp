// Entry point: find the loss, validate everything once, then run its kernel.
#include <cmath>
#include <string>

#include "losslab/catalogue.hpp"
#include "losslab/loss.hpp"
#include "sample_weight.hpp"
#include "sequence.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

std::string at(const char* what, std::size_t i) {
  return std::string(what) + "[" + std::to_string(i) + "]";
}

Status fail(Code code, std::string_view id, const std::string& what) {
  return Status(code, std::string(id) + ": " + what);
}

/// INTERNAL for an out-of-memory error while a message was being built. The checks on
/// compute's every call (checkShape, checkOptions, checkFinite, checkInputDomain, checkTarget)
/// build their messages only on failure and catch such an error themselves: their good path
/// then holds no call that may throw, which under Emscripten's exceptions spares a JS round
/// trip (an `invoke_`) per call (tests/js/call-path.test.mjs counts them).
Status outOfMemory(std::string_view id, const char* what) noexcept {
  try {
    return Status(Code::Internal, std::string(id) + ": out of memory describing " + what);
  } catch (...) {
    return Status(Code::Internal, std::string());
  }
}

/// The first non-finite value of `data[0..n)`, as a NOT_FINITE status naming `what[i]`.
Status checkFinite(std::string_view id, const char* what, const float* data, std::size_t n) noexcept {
  try {
    if (detail::allFinite(data, n)) return Status::ok();
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(data[i])) {
        return fail(Code::NotFinite, id,
                    at(what, i) + " is " + formatNumber(data[i]) + "; every value must be finite");
      }
    }
    return Status::ok();
  } catch (...) {
    return outOfMemory(id, "a non-finite value");
  }
}

/// Pair losses: x2 (`other`) shaped like x1, one label per pair (`rows` of x1).
Status checkPairShape(const LossSpec& spec, const LossInput& in, std::size_t rows) {
  const std::string_view id = spec.id;
  if (in.other == nullptr || in.other_n != in.n) {
    return fail(Code::ShapeMismatch, id,
                "target.other has " + std::to_string(in.other_n) + " values but input has " +
                    std::to_string(in.n) + " (x2 must have x1's shape)");
  }
  if (in.label == nullptr || in.label_n != rows) {
    return fail(Code::ShapeMismatch, id,
                "target.label has " + std::to_string(in.label_n) + " values; expected " +
                    std::to_string(rows) + " (one -1 or +1 per pair)");
  }
  return Status::ok();
}

Status checkShape(const LossSpec& spec, const LossInput& in) noexcept {
  try {
    const std::string_view id = spec.id;
    if (in.input == nullptr || in.n == 0) return fail(Code::EmptyInput, id, "input is empty");
    if (spec.layout == Layout::Elementwise) {
      if (in.target == nullptr || in.target_n != in.n) {
        return fail(Code::ShapeMismatch, id,
                    "target has " + std::to_string(in.target_n) + " values but input has " +
                        std::to_string(in.n));
      }
      return Status::ok();
    }
    if (spec.layout == Layout::Sequence) return detail::checkSequenceShape(spec, in);
    const bool embeddingRows = spec.layout == Layout::Triplet || spec.layout == Layout::Pair;
    const char* colName = embeddingRows ? "dim" : "classes";
    if (in.cols == 0) {
      return fail(Code::ShapeMismatch, id,
                  std::string("input must be 2-D [N, ") + (embeddingRows ? "D" : "C") +
                      "]: pass rows, or a flat array with `" + colName + "`");
    }
    if (in.n % in.cols != 0) {
      return fail(Code::ShapeMismatch, id,
                  "input has " + std::to_string(in.n) + " values, not a multiple of " + colName +
                      " = " + std::to_string(in.cols));
    }
    if (spec.columns != 0 && in.cols != spec.columns) {
      return fail(Code::ShapeMismatch, id,
                  "input must be rows of " + std::to_string(spec.columns) + " (" + spec.input_doc +
                      "); got rows of " + std::to_string(in.cols));
    }
    const std::size_t rows = in.n / in.cols;
    if (spec.layout == Layout::Pair) return checkPairShape(spec, in, rows);
    if (spec.layout == Layout::Triplet) {
      if (in.positive == nullptr || in.positive_n != in.n) {
        return fail(Code::ShapeMismatch, id,
                    "target.positive has " + std::to_string(in.positive_n) +
                        " values but the anchors have " + std::to_string(in.n));
      }
      if (in.negative == nullptr || in.negative_n != in.n) {
        return fail(Code::ShapeMismatch, id,
                    "target.negative has " + std::to_string(in.negative_n) +
                        " values but the anchors have " + std::to_string(in.n));
      }
      return Status::ok();
    }
    if (spec.target == TargetKind::RowValues || spec.target == TargetKind::LabelLists) {
      const bool perRow = spec.target == TargetKind::RowValues;
      const std::size_t want = perRow ? rows : in.n;
      if (in.target != nullptr && in.target_n == want) return Status::ok();
      return fail(Code::ShapeMismatch, id,
                  "target has " + std::to_string(in.target_n) + " values; expected " +
                      (perRow ? std::to_string(rows) + " (one per row)"
                              : "[" + std::to_string(rows) + ", " + std::to_string(in.cols) +
                                    "] (a row of class indices ended by -1 per input row)") +
                      " for input [" + std::to_string(rows) + ", " + std::to_string(in.cols) + "]");
    }
    const bool indicesOk = spec.target == TargetKind::ClassIndices ||
                           spec.target == TargetKind::IndicesOrProbabilities;
    const bool rowsOk = spec.target == TargetKind::ProbabilityRows ||
                        spec.target == TargetKind::IndicesOrProbabilities ||
                        spec.target == TargetKind::ValueRows;
    if (in.target != nullptr && ((indicesOk && in.target_n == rows) || (rowsOk && in.target_n == in.n))) {
      return Status::ok();
    }
    std::string expected;
    if (indicesOk) expected = std::to_string(rows) + " class indices";
    if (indicesOk && rowsOk) expected += " or ";
    if (rowsOk) expected += "[" + std::to_string(rows) + ", " + std::to_string(in.cols) + "] " +
                            (spec.target == TargetKind::ValueRows ? "values"
                             : spec.family == Family::Multilabel ? "labels" : "probabilities");
    return fail(Code::ShapeMismatch, id,
                "target has " + std::to_string(in.target_n) + " values; expected " + expected +
                    " for input [" + std::to_string(rows) + ", " + std::to_string(in.cols) + "]");
  } catch (...) {
    return outOfMemory(spec.id, "a bad shape");
  }
}

Status checkInputDomain(const LossSpec& spec, const LossInput& in) noexcept {
  try {
    const std::string_view id = spec.id;
    switch (spec.input_domain) {
      case InputDomain::UnitInterval:
        if (detail::allWithin(in.input, in.n, 0.0f, 1.0f, false)) return Status::ok();
        break;
      case InputDomain::GreaterThanMinusOne:
        if (detail::allWithin(in.input, in.n, -1.0f, INFINITY, true)) return Status::ok();
        break;
      default:
        return Status::ok();
    }
    for (std::size_t i = 0; i < in.n; ++i) {
      const float x = in.input[i];
      if (spec.input_domain == InputDomain::UnitInterval && !(x >= 0.0f && x <= 1.0f)) {
        return fail(Code::OutOfDomain, id,
                    at("input", i) + " = " + formatNumber(x) + " is outside [0, 1]; " + spec.id +
                        " takes probabilities");
      }
      if (spec.input_domain == InputDomain::GreaterThanMinusOne && !(x > -1.0f)) {
        return fail(Code::OutOfDomain, id,
                    at("input", i) + " = " + formatNumber(x) + " must be > -1 (log1p is undefined)");
      }
    }
    return Status::ok();
  } catch (...) {
    return outOfMemory(spec.id, "an input out of the domain");
  }
}

bool isClassIndex(float v, std::size_t classes) {
  return v >= 0.0f && v < static_cast<float>(classes) && v == std::floor(v);
}

/// LabelLists: each row's class indices up to its first −1 (nn.MultiLabelMarginLoss reads
/// no further; the rest of the row is ignored).
Status checkLabelLists(std::string_view id, const LossInput& in, const char* what) {
  const std::size_t C = in.cols;
  for (std::size_t r = 0; r * C < in.target_n; ++r) {
    for (std::size_t c = 0; c < C; ++c) {
      const std::size_t i = r * C + c;
      const float y = in.target[i];
      if (y == -1.0f) break;
      if (!isClassIndex(y, C)) {
        return fail(Code::BadLabel, id,
                    at(what, i) + " = " + formatNumber(y) + " is not a class index in [0, " +
                        std::to_string(C) + ") nor the -1 that ends row " + std::to_string(r) +
                        "'s labels");
      }
    }
  }
  return Status::ok();
}

Status checkTarget(const LossSpec& spec, const LossInput& in, const LossOptions& opt, const char* what) noexcept {
  try {
    const std::string_view id = spec.id;
    const std::size_t rows = in.cols ? in.n / in.cols : in.n;
    const bool indices = (spec.target == TargetKind::ClassIndices ||
                          spec.target == TargetKind::IndicesOrProbabilities) &&
                         in.target_n == rows;
    const bool hasIgnoreIndex = findOption(spec, "ignore_index") != nullptr;
    // The vectorised scans answer "all fine?"; only a "no" walks the target below for the message.
    switch (spec.target) {
      case TargetKind::Values:
      case TargetKind::None:
      case TargetKind::RowValues:
      case TargetKind::ValueRows:
        return Status::ok();
      case TargetKind::NonNegative:
        if (detail::allWithin(in.target, in.target_n, 0.0f, INFINITY, false)) return Status::ok();
        break;
      case TargetKind::StrictSigns:
        if (detail::allOneOf(in.target, in.target_n, -1.0f, 1.0f, 1.0f)) return Status::ok();
        break;
      case TargetKind::LabelLists:
        return checkLabelLists(id, in, what);
      case TargetKind::LabelSequences:
        return detail::checkLabelSequences(spec, in, opt, what);
      case TargetKind::UnitInterval:
      case TargetKind::ProbabilityRows:
        if (detail::allWithin(in.target, in.target_n, 0.0f, 1.0f, false)) return Status::ok();
        break;
      case TargetKind::GreaterThanMinusOne:
        if (detail::allWithin(in.target, in.target_n, -1.0f, INFINITY, true)) return Status::ok();
        break;
      case TargetKind::ZeroOne:
        if (detail::allOneOf(in.target, in.target_n, 0.0f, 1.0f, 1.0f)) return Status::ok();
        break;
      case TargetKind::Signs:
        if (detail::allOneOf(in.target, in.target_n, -1.0f, 1.0f, 0.0f)) return Status::ok();
        break;
      case TargetKind::ClassIndices:
      case TargetKind::IndicesOrProbabilities:
        if (indices) {
          const float ignore = hasIgnoreIndex ? static_cast<float>(opt.ignore_index) : NAN;
          if (detail::allClassIndices(in.target, in.target_n, in.cols, ignore)) return Status::ok();
        } else if (detail::allWithin(in.target, in.target_n, 0.0f, 1.0f, false)) {
          return Status::ok();
        }
        break;
    }
    for (std::size_t i = 0; i < in.target_n; ++i) {
      const float y = in.target[i];
      switch (spec.target) {
        case TargetKind::Values:
        case TargetKind::None:
        case TargetKind::RowValues:
        case TargetKind::ValueRows:
        case TargetKind::LabelLists:
        case TargetKind::LabelSequences:
          break;
        case TargetKind::NonNegative:
          if (!(y >= 0.0f)) {
            return fail(Code::OutOfDomain, id,
                        at(what, i) + " = " + formatNumber(y) + " must be >= 0 (a count)");
          }
          break;
        case TargetKind::StrictSigns:
          if (y != -1.0f && y != 1.0f) {
            return fail(Code::BadLabel, id, at(what, i) + " = " + formatNumber(y) + " must be -1 or +1");
          }
          break;
        case TargetKind::GreaterThanMinusOne:
          if (!(y > -1.0f)) {
            return fail(Code::OutOfDomain, id,
                        at(what, i) + " = " + formatNumber(y) + " must be > -1 (log1p is undefined)");
          }
          break;
        case TargetKind::UnitInterval:
        case TargetKind::ProbabilityRows:
          if (!(y >= 0.0f && y <= 1.0f)) {
            return fail(Code::OutOfDomain, id,
                        at(what, i) + " = " + formatNumber(y) + " is outside [0, 1]; targets are probabilities");
          }
          break;
        case TargetKind::ZeroOne:
          if (y != 0.0f && y != 1.0f) {
            return fail(Code::BadLabel, id, at(what, i) + " = " + formatNumber(y) + " must be 0 or 1");
          }
          break;
        case TargetKind::Signs:
          if (y != -1.0f && y != 1.0f && y != 0.0f) {
            return fail(Code::BadLabel, id,
                        at(what, i) + " = " + formatNumber(y) + " must be -1 or +1 (0 and 1 are accepted, 0 meaning -1)");
          }
          break;
        case TargetKind::ClassIndices:
        case TargetKind::IndicesOrProbabilities:
          if (indices) {
            const bool ignored = hasIgnoreIndex && y == static_cast<float>(opt.ignore_index);
            if (!ignored && !isClassIndex(y, in.cols)) {
              return fail(Code::BadLabel, id,
                          at(what, i) + " = " + formatNumber(y) + " is not a class index in [0, " +
                              std::to_string(in.cols) + ")");
            }
          } else if (!(y >= 0.0f && y <= 1.0f)) {
            return fail(Code::OutOfDomain, id,
                        at(what, i) + " = " + formatNumber(y) + " is outside [0, 1]; probability targets must be probabilities");
          }
          break;
      }
    }
    return Status::ok();
  } catch (...) {
    return outOfMemory(spec.id, "a bad target");
  }
}

std::string describeRange(const OptionSpec& o) {
  if (o.range_text && *o.range_text) return o.range_text;
  std::string s;
  if (o.min > -1e299) s += (o.min_open ? "> " : ">= ") + formatNumber(o.min);
  if (o.max < 1e299) s += std::string(s.empty() ? "" : " and ") + (o.max_open ? "< " : "<= ") + formatNumber(o.max);
  return s;
}

/// Whether `v` is within option `o`'s range and among its choices (checkOptions's good path:
/// no allocation, no call that may throw).
bool numberOk(const OptionSpec& o, double v) noexcept {
  const bool inRange = std::isfinite(v) && (o.min_open ? v > o.min : v >= o.min) &&
                       (o.max_open ? v < o.max : v <= o.max);
  bool isChoice = o.choices.empty();
  for (double c : o.choices) isChoice = isChoice || v == c;
  return inRange && isChoice;
}

/// The message for a number option outside its range or choices.
Status badNumber(std::string_view id, const OptionSpec& o, double v) {
  std::string want = describeRange(o);
  if (!o.choices.empty() && want.empty()) {
    for (std::size_t i = 0; i < o.choices.size(); ++i) {
      want += (i ? (i + 1 == o.choices.size() ? " or " : ", ") : "") + formatNumber(o.choices[i]);
    }
  }
  return fail(Code::BadOption, id,
              std::string("option '") + o.name + "' = " + formatNumber(v) + " must be " + want);
}

/// Whether a vector option of `size` values has a length its `VectorLength` allows.
bool vectorLengthOk(const OptionSpec& o, std::size_t size, OptionShape in, std::size_t classes) noexcept {
  switch (o.length) {
    case VectorLength::Classes: return size == classes;
    case VectorLength::ElementsOrClasses: return size == in.n || (in.cols > 1 && size == in.cols);
    case VectorLength::OneOrClasses: return size == 1 || size == classes;
    case VectorLength::Terms: return size == 1 || size == in.terms;
  }
  return false;
}

/// The message for a vector option of the wrong length: what it has, what it should have.
Status badVectorLength(const LossSpec& spec, const OptionSpec& o, std::size_t size, OptionShape in,
                       std::size_t classes) {
  std::string want;
  switch (o.length) {
    case VectorLength::Classes:
      want = std::to_string(classes) + " (one per class)";
      break;
    case VectorLength::ElementsOrClasses:
      want = std::to_string(in.n) + " (one per element)" +
             (in.cols > 1 ? " or " + std::to_string(in.cols) + " (one per class)" : "");
      break;
    case VectorLength::OneOrClasses:
      want = "1" + (classes > 1 ? " or " + std::to_string(classes) + " (one per class)" : std::string());
      break;
    case VectorLength::Terms:
      want = std::to_string(in.terms) +
             (spec.layout == Layout::Elementwise ? " (one per element)"
              : spec.layout == Layout::Pair      ? " (one per pair)"
              : spec.layout == Layout::Sequence  ? " (one per sample)"
                                                 : " (one per row)") +
             (in.terms != 1 ? " or 1 (for all)" : "");
      break;
  }
  return fail(Code::BadOption, spec.id,
              std::string("option '") + o.name + "' has " + std::to_string(size) + " values; expected " + want);
}

Status checkOptions(const LossSpec& spec, OptionShape in, const LossOptions& opt) noexcept {
  try {
    const std::string_view id = spec.id;
    if (opt.reduction != Reduction::Mean && opt.reduction != Reduction::Sum &&
        opt.reduction != Reduction::None) {
      return fail(Code::BadOption, id, "option 'reduction' must be 'mean', 'sum' or 'none'");
    }
    if (spec.mean_only && opt.reduction != Reduction::Mean) {
      return fail(Code::BadOption, id,
                  std::string("option 'reduction' = '") + reductionName(opt.reduction) +
                      "' is not supported; " + spec.id + " takes 'mean' only");
    }
    const std::size_t classes = in.cols ? in.cols : 1;
    for (const OptionSpec& o : spec.options) {
      switch (o.kind) {
        case OptionKind::Number:
          if (!numberOk(o, opt.*(o.number))) return badNumber(id, o, opt.*(o.number));
          break;
        case OptionKind::Integer:
          if (!numberOk(o, opt.*(o.integer))) return badNumber(id, o, opt.*(o.integer));
          break;
        case OptionKind::Flag:
          break;
        case OptionKind::Vector: {
          const FloatSpan v = opt.*(o.vector);
          if (v.empty()) break;
          if (v.data == nullptr) return fail(Code::BadOption, id, std::string("option '") + o.name + "' is missing its data");
          if (!vectorLengthOk(o, v.size, in, classes)) return badVectorLength(spec, o, v.size, in, classes);
          for (std::size_t i = 0; i < v.size; ++i) {
            const double w = v[i];
            if (!std::isfinite(w) || (o.min > -1e299 && w < o.min)) {
              return fail(Code::BadOption, id,
                          std::string("option '") + o.name + "'[" + std::to_string(i) + "] = " +
                              formatNumber(w) + " must be " + (std::isfinite(w) ? describeRange(o) : "finite"));
            }
          }
          break;
        }
      }
    }
    return Status::ok();
  } catch (...) {
    return outOfMemory(spec.id, "a bad option");
  }
}

}  // namespace

Status validateTarget(const LossSpec& spec, const LossInput& in, const LossOptions& options,
                      const char* what) noexcept {
  try {
    if (spec.layout == Layout::Pair) {  // a pair's target is its labels
      LossInput labels = in;
      labels.target = in.label;
      labels.target_n = in.label_n;
      LL_TRY(checkFinite(spec.id, what, labels.target, labels.target_n));
      return checkTarget(spec, labels, options, what);
    }
    LL_TRY(checkFinite(spec.id, what, in.target, in.target_n));
    return checkTarget(spec, in, options, what);
  } catch (...) {
    return Status(Code::Internal, std::string(spec.id) + ": out of memory checking " + what);
  }
}

Status validateOptions(const LossSpec& spec, const LossOptions& options, OptionShape shape) noexcept {
  return checkOptions(spec, shape, options);
}

LossOptions defaultOptions(std::string_view id) noexcept {
  const LossSpec* spec = findLoss(id);
  return spec == nullptr ? LossOptions{} : defaultOptions(*spec);
}

LossOptions defaultOptions(const LossSpec& spec) noexcept {
  LossOptions opt;
  for (const OptionSpec& o : spec.options) {
    switch (o.kind) {
      case OptionKind::Number: opt.*(o.number) = o.default_value; break;
      case OptionKind::Integer: opt.*(o.integer) = static_cast<int>(o.default_value); break;
      case OptionKind::Flag: opt.*(o.flag) = o.default_value != 0; break;
      case OptionKind::Vector: break;
    }
  }
  return opt;
}

namespace {

/// termCount for an entry already looked up: the input's elements when it has no columns (given
/// or the catalogue's), else termsOf's rows or samples.
std::size_t termsIn(const LossSpec& spec, const LossInput& in) noexcept {
  if (in.cols == 0 && flatColumns(spec, in.n) == 0) return in.n;
  return termsOf(spec, in.n, in.cols, in.time);
}

}  // namespace

std::size_t termCount(std::string_view id, const LossInput& in) noexcept {
  const LossSpec* spec = findLoss(id);
  return spec == nullptr ? in.n : termsIn(*spec, in);
}

namespace {

/// The checks that need no pass over the data: shapes and options (neither throws).
Status validateShapeAndOptions(const LossSpec& spec, const LossInput& in, const LossOptions& opt) noexcept {
  LL_TRY(checkShape(spec, in));
  return checkOptions(spec, OptionShape{in.n, in.cols, termsOf(spec, in.n, in.cols, in.time)}, opt);
}

/// The checks of the data itself: finiteness, domains, labels, the loss's own check. Never
/// throws (as checkShape: messages are built on failure only, and their errors caught here).
Status validateData(const LossSpec& spec, const LossInput& in, const LossOptions& opt) noexcept {
  try {
    LL_TRY(checkFinite(spec.id, "input", in.input, in.n));
    if (spec.layout == Layout::Triplet) {
      LL_TRY(checkFinite(spec.id, "target.positive", in.positive, in.n));
      LL_TRY(checkFinite(spec.id, "target.negative", in.negative, in.n));
    } else if (spec.layout == Layout::Pair) {
      LL_TRY(checkFinite(spec.id, "target.other", in.other, in.other_n));
      LL_TRY(checkInputDomain(spec, in));
      // The labels are the pair's target. Strict signs all −1 or +1 (one scan) are finite too;
      // otherwise the first non-finite label is reported first, as for any target.
      const bool signs = spec.target == TargetKind::StrictSigns && detail::allOneOf(in.label, in.label_n, -1.0f, 1.0f, 1.0f);
      if (!signs) {
        LL_TRY(checkFinite(spec.id, "target.label", in.label, in.label_n));
        LossInput labels = in;
        labels.target = in.label;
        labels.target_n = in.label_n;
        LL_TRY(checkTarget(spec, labels, opt, "target.label"));
      }
      if (spec.check != nullptr) LL_TRY(spec.check(spec.id, in, opt));
      return Status::ok();
    } else if (spec.layout != Layout::Sequence) {  // ctc reads its sequences, not `target`
      LL_TRY(checkFinite(spec.id, "target", in.target, in.target_n));
    }
    LL_TRY(checkInputDomain(spec, in));
    LL_TRY(checkTarget(spec, in, opt, "target"));
    if (spec.check != nullptr) LL_TRY(spec.check(spec.id, in, opt));
    return Status::ok();
  } catch (...) {
    return outOfMemory(spec.id, "bad data");
  }
}

/// Whether the data checks may follow the kernel instead of preceding it (saving the two
/// finiteness scans, as much time as MSE's kernel itself): when finiteness is the loss's only
/// data check (any input, any finite target values, no loss-specific check) and either the
/// call asks for nothing but `value`, so that nothing is written before the data is known
/// good, or the caller accepts outputs written on failure (the JS wrapper: scratch memory,
/// and `gradInto` documented as unspecified after an error).
/// Every such loss turns a non-finite input into a non-finite value (runElementwise,
/// losses/common.hpp; cosine_similarity's rows, whose norms make ∞·0 or NaN; test_simd.cpp
/// checks each at every lane, in input and target), so a finite value proves
/// the data finite; otherwise the data is checked as usual, which names the first bad
/// value exactly as the up-front check would (or finds none: a genuine overflow).
bool validateAfter(const LossSpec& spec, const LossOptions& opt, const LossOutput& out) noexcept {
  const bool valueOnly = out.grad == nullptr && (opt.reduction != Reduction::None || out.values == nullptr);
  const bool anyValues = (spec.layout == Layout::Elementwise && spec.target == TargetKind::Values) ||
                         (spec.layout == Layout::Rows && spec.target == TargetKind::ValueRows);
  return (valueOnly || out.outputs_may_be_written_on_failure) && anyValues &&
         spec.input_domain == InputDomain::Any && spec.check == nullptr;
}

}  // namespace

Status compute(std::string_view id, const LossInput& in, const LossOptions& options,
               LossOutput& out) noexcept {
  const LossSpec* spec = findLoss(id);
  if (spec != nullptr) return compute(*spec, in, options, out);
  try {
    std::string known;
    for (const LossSpec& s : catalogue()) known += std::string(known.empty() ? "" : ", ") + s.id;
    return Status(Code::UnknownLoss, "unknown loss '" + std::string(id) + "'; known losses: " + known);
  } catch (...) {
    return Status(Code::Internal, "unknown loss '" + std::string(id) + "'");
  }
}

Status compute(const LossSpec& spec, const LossInput& given, const LossOptions& options,
               LossOutput& out) noexcept {
  try {
    LossInput in = given;
    // gaussian_nll: flat input is rows of 2; dice, tversky: one row
    if (in.cols == 0) in.cols = flatColumns(spec, in.n);
    LL_TRY(validateShapeAndOptions(spec, in, options));
    if (!options.sample_weight.empty() && !spec.weighs_samples) {
      LL_TRY(validateData(spec, in, options));
      return detail::runSampleWeighted(spec, in, options, out);
    }
    const std::size_t terms = termsIn(spec, in);
    if (validateAfter(spec, options, out)) {
      LossOutput result = out;  // the same outputs; value and terms kept apart until it is OK
      result.terms = terms;
      Status status = spec.run(in, options, result);  // returned by move: no string copy
      if (!(status.isOk() && std::isfinite(result.value))) LL_TRY(validateData(spec, in, options));
      if (status.isOk()) {
        out.value = result.value;
        out.terms = result.terms;
      }
      return status;
    }
    LL_TRY(validateData(spec, in, options));
    out.terms = terms;
    return spec.run(in, options, out);
  } catch (const std::exception& e) {
    return Status(Code::Internal, std::string(spec.id) + ": internal error: " + e.what());
  } catch (...) {
    return Status(Code::Internal, std::string(spec.id) + ": internal error");
  }
}

}  // namespace losslab
