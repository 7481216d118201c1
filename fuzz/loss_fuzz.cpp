// libFuzzer target for losslab::compute, the entry point behind lab.loss (the wasm wire
// only converts slots into these structs).
//
// Bytes → loss id (a catalogue entry, or any text), reduction (including values outside
// the enum), shape (empty, ragged, huge, columns that do not divide), target, triplet, pair
// (x2 and ±1 labels, read only for the pair losses) and ctc sequence lengths, every option of
// the loss (NaN, ±Inf, denormals, huge, negative, vectors of any
// length or with no data), output buffers (each present or not, sized exactly as the
// header promises, so ASan sees any overrun) and the values themselves.
//
// Promises checked:
//  - the status code is a contract code (never INTERNAL); UNKNOWN_LOSS exactly when the id
//    is not in the catalogue; a failure's message is non-empty and starts "<id>: ";
//  - on failure nothing is written (every output still holds a sentinel NaN payload);
//  - on success `terms` is termCount(), every requested output slot is written, and the
//    value and gradients are not NaN unless the documented case applies (a weighted or
//    ignore_index mean whose weights sum to 0, as PyTorch; the custom loss's own arithmetic);
//  - the same call twice gives the same bits, and the scalar twins agree with the SIMD
//    kernels (same code; values within a relative 1e-3).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "losslab/catalogue.hpp"
#include "losslab/expression.hpp"
#include "losslab/loss.hpp"
#include "simd/dispatch.hpp"
#include "targets.hpp"

namespace losslab::fuzz {
namespace {

constexpr const char* kTarget = "loss_fuzz";

/// How a data array is filled.
std::vector<float> fill(Bytes& in, std::size_t count, std::uint8_t mode, std::size_t cols) {
  switch (mode % 8) {
    case 0:
    case 1:
      return in.values(count);  // anything, NaN and Inf included
    case 2: {                   // tame finite values
      std::vector<float> v(count);
      for (std::size_t k = 0; k < count; ++k) v[k] = static_cast<float>(static_cast<std::int8_t>(in.u8())) / 16.0f;
      return v;
    }
    case 3: {  // probabilities
      std::vector<float> v(count);
      for (std::size_t k = 0; k < count; ++k) v[k] = static_cast<float>(in.u8()) / 255.0f;
      return v;
    }
    case 4: {  // class indices (some ignore_index)
      std::vector<float> v(count);
      const std::size_t c = std::max<std::size_t>(cols, 1);
      for (std::size_t k = 0; k < count; ++k) {
        const std::uint8_t b = in.u8();
        v[k] = b == 0xFF ? -100.0f : static_cast<float>(b % c);
      }
      return v;
    }
    case 5: {  // labels 0/1 (or signs)
      std::vector<float> v(count);
      for (std::size_t k = 0; k < count; ++k) {
        const std::uint8_t b = in.u8();
        v[k] = (b & 1) ? 1.0f : ((b & 2) ? -1.0f : 0.0f);
      }
      return v;
    }
    case 6: {  // log-probabilities
      std::vector<float> v(count);
      for (std::size_t k = 0; k < count; ++k) v[k] = -static_cast<float>(in.u8()) / 16.0f;
      return v;
    }
    default: {  // one-hot rows
      std::vector<float> v(count, 0.0f);
      const std::size_t c = std::max<std::size_t>(cols, 1);
      for (std::size_t r = 0; r * c < count; ++r) v[std::min(count - 1, r * c + in.u8() % c)] = 1.0f;
      return v;
    }
  }
}

/// The target length the loss expects, or a wrong one.
std::size_t targetLength(Bytes& in, const LossSpec* spec, std::size_t n, std::size_t rows) {
  const std::uint8_t b = in.u8();
  std::size_t natural = n;
  if (spec != nullptr && spec->layout == Layout::Rows) {
    const bool indices = spec->target == TargetKind::ClassIndices ||
                         (spec->target == TargetKind::IndicesOrProbabilities && (b & 0x80));
    natural = indices ? rows : n;
  }
  switch (b % 10) {
    case 6: return rows;
    case 7: return n;
    case 8: return 0;
    case 9: return in.u8() % 40;
    default: return natural;
  }
}

struct Buffer {
  std::unique_ptr<float[]> data;
  std::size_t size = 0;
  static Buffer make(std::size_t size) {
    Buffer b;
    b.data.reset(new float[size]);  // exactly `size` floats (never padded): ASan sees overruns
    b.size = size;
    std::fill(b.data.get(), b.data.get() + size, sentinel());
    return b;
  }
  float* get() const { return data.get(); }
  bool untouched() const {
    for (std::size_t k = 0; k < size; ++k) {
      if (!isSentinel(data[k])) return false;
    }
    return true;
  }
  /// Index of the first slot not written, or size.
  std::size_t firstUnwritten() const {
    for (std::size_t k = 0; k < size; ++k) {
      if (isSentinel(data[k])) return k;
    }
    return size;
  }
};

const char* const kExpressions[] = {
    "(x - y)^2", "abs(x - y)^1.5", "log(exp(x - y) + exp(y - x))", "max(0, 1 - x*y)", "sqrt(x)",
    "log(x)", "x / y", "exp(x) - y", "pow(x, y)", "softplus(-x*y)", "sigmoid(x) - y", "x^y^2",
};

bool sameBits(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }
bool close(double a, double b) {
  if (sameBits(a, b)) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::fabs(a - b) <= 1e-3 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::string list(const float* v, std::size_t n) {
  std::string s = "[";
  for (std::size_t k = 0; v != nullptr && k < n && k < 24; ++k) s += (k ? ", " : "") + formatNumber(v[k]);
  return s + (n > 24 ? ", …]" : "]");
}

/// The call in words; with LOSSLAB_FUZZ_VERBOSE set, with its data and options too.
std::string describe(const std::string& id, const LossInput& li, const LossOptions& opt) {
  std::string s = "loss '" + id + "' n=" + std::to_string(li.n) + " cols=" + std::to_string(li.cols) +
                  " time=" + std::to_string(li.time) + " labels_n=" + std::to_string(li.labels_n) +
                  " target_n=" + std::to_string(li.target_n) + " reduction=" +
                  std::to_string(static_cast<int>(opt.reduction));
  if (std::getenv("LOSSLAB_FUZZ_VERBOSE") == nullptr) return s;
  s += "\n  input " + list(li.input, li.n) + "\n  target " + list(li.target, li.target_n) +
       "\n  positive " + list(li.positive, li.positive_n) + "\n  negative " + list(li.negative, li.negative_n) +
       "\n  delta " + formatNumber(opt.delta) + " beta " + formatNumber(opt.beta) + " alpha " +
       formatNumber(opt.alpha) + " gamma " + formatNumber(opt.gamma) + " margin " + formatNumber(opt.margin) +
       " p " + formatNumber(opt.p) + " eps " + formatNumber(opt.eps) + " label_smoothing " +
       formatNumber(opt.label_smoothing) + " from_logits " + std::to_string(opt.from_logits) + " swap " +
       std::to_string(opt.swap) + " ignore_index " + std::to_string(opt.ignore_index) + "\n  weight " +
       list(opt.weight.data, opt.weight.size) + " pos_weight " + list(opt.pos_weight.data, opt.pos_weight.size) +
       " class_alpha " + list(opt.class_alpha.data, opt.class_alpha.size);
  return s;
}

}  // namespace

int fuzzLoss(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::vector<LossSpec>& cat = catalogue();

  // The loss.
  const std::uint8_t sel = in.u8();
  std::string id;
  if (sel < 248) {
    id = cat[sel % cat.size()].id;
  } else {
    id = in.text(40);  // long enough for every id (sparse_categorical_cross_entropy: 32)
  }
  const LossSpec* spec = findLoss(id);
  LossOptions opt = defaultOptions(id);

  const std::uint8_t red = in.u8();
  opt.reduction = red % 16 == 15 ? static_cast<Reduction>(static_cast<int>(in.u8()) - 128)
                                 : static_cast<Reduction>(red % 3);

  // The shape.
  const std::uint8_t shape = in.u8();
  std::size_t rows = in.u8() % 9;
  std::size_t cols = in.u8() % 7;
  switch (shape % 16) {
    case 13: rows = 1000 + in.u16(); break;                         // large
    case 14: rows = 1 + in.u8() % 3; cols = 1 + in.u16() % 4096; break;  // wide rows
    default: break;
  }
  std::size_t n = cols ? rows * cols : rows;
  if (shape % 16 == 11) n += 1 + in.u8() % 3;  // not a multiple of cols
  const std::uint8_t modes = in.u8();
  std::vector<float> x = fill(in, n, modes, cols);

  LossInput li;
  li.input = x.data();
  li.n = n;
  li.cols = cols;
  if (shape % 16 == 12) li.cols = (shape & 0x80) ? ~std::size_t{0} : (~std::size_t{0} >> 1) + 1;
  if (shape % 16 == 10) li.input = nullptr;

  std::vector<float> t, pos, neg, other, label;
  const bool triplet = spec != nullptr && spec->layout == Layout::Triplet;
  const bool pair = spec != nullptr && spec->layout == Layout::Pair;
  const bool sequence = spec != nullptr && spec->layout == Layout::Sequence;
  if ((!triplet && !pair && !sequence) || (modes & 0x40)) {
    t = fill(in, targetLength(in, spec, n, cols ? n / cols : n), modes >> 3, cols);
    li.target = t.data();
    li.target_n = t.size();
  }
  if (triplet || (modes & 0x40)) {
    const std::uint8_t b = in.u8();
    pos = fill(in, b % 8 == 7 ? in.u8() % 40 : n, b >> 3, cols);
    neg = fill(in, b % 8 == 6 ? in.u8() % 40 : n, b >> 5, cols);
    li.positive = pos.empty() && (b & 0x80) ? nullptr : pos.data();
    li.positive_n = pos.size();
    li.negative = neg.data();
    li.negative_n = neg.size();
  }
  if (pair) {  // x2 (any values, or a wrong length) and the labels (signs, 0s, or anything)
    const std::uint8_t b = in.u8();
    const std::size_t pairs = cols ? n / cols : n;
    other = fill(in, b % 8 == 7 ? in.u8() % 40 : n, b >> 3, cols);
    label = fill(in, b % 8 == 6 ? in.u8() % 40 : pairs, (b & 0x40) ? 5 : b >> 5, cols);
    li.other = other.empty() && (b & 0x80) ? nullptr : other.data();
    li.other_n = other.size();
    li.label = label.data();
    li.label_n = label.size();
  }
  // ctc's sequences: T, the lengths (the right count or not; in range, or any int), labels
  // concatenated, padded or of any count (classes, the blank, or any int), missing arrays.
  std::vector<std::int32_t> labels, inputLengths, targetLengths;
  if (sequence) {
    const std::uint8_t b = in.u8();
    li.time = b % 8 == 7 ? in.u16() : 1 + b % 6u;
    const std::size_t C = li.cols;
    const std::size_t N = li.time && C && C <= n / li.time ? n / (li.time * C) : 0;
    const std::size_t count = b & 0x08 ? in.u8() % 12 : N;
    std::size_t total = 0, longest = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint8_t m = in.u8(), l = in.u8();
      inputLengths.push_back(m % 16 == 15 ? in.integer() : static_cast<std::int32_t>(m % (li.time + 1)));
      targetLengths.push_back(l % 16 == 15 ? in.integer() : static_cast<std::int32_t>(l % 5));
      const std::size_t len = targetLengths.back() > 0 ? static_cast<std::size_t>(targetLengths.back()) : 0;
      total += len;
      longest = std::max(longest, len);
    }
    const std::uint8_t lm = in.u8();
    std::size_t labelCount = in.u8() % 40;  // mode 2 and oversized lengths: any count
    if (lm % 4 == 0 && total <= 4096) labelCount = total;                                 // concatenated
    if (lm % 4 == 1 && count && longest <= 4096) labelCount = count * (longest + (lm >> 4) % 2);  // padded
    for (std::size_t k = 0; k < labelCount; ++k) {
      const std::uint8_t v = in.u8();
      labels.push_back(v % 16 == 15 ? in.integer() : static_cast<std::int32_t>(v % std::max<std::size_t>(C, 1)));
    }
    li.labels = lm & 0x80 && labels.empty() ? nullptr : labels.data();
    li.labels_n = labels.size();
    li.input_lengths = b & 0x80 ? nullptr : inputLengths.data();
    li.input_lengths_n = inputLengths.size();
    li.target_lengths = b & 0x40 ? nullptr : targetLengths.data();
    li.target_lengths_n = targetLengths.size();
  }

  // The options.
  std::vector<std::vector<float>> keep;
  if (spec != nullptr) {
    for (const OptionSpec& o : spec->options) {
      const std::uint8_t m = in.u8();
      if (m % 4 == 0) continue;  // default
      switch (o.kind) {
        case OptionKind::Number:
          opt.*(o.number) = m % 4 == 1 ? in.number() : static_cast<double>(in.u8()) / 32.0;
          break;
        case OptionKind::Integer:
          opt.*(o.integer) = m % 4 == 1 ? in.integer() : static_cast<int>(in.u8() % 8) - 1;
          break;
        case OptionKind::Flag:
          opt.*(o.flag) = (m & 4) != 0;
          break;
        case OptionKind::Vector: {
          std::size_t len = 0;
          switch ((m >> 2) % 6) {
            case 0: len = std::max<std::size_t>(cols, 1); break;
            case 1: len = n; break;
            case 2: len = 1; break;
            case 3: len = in.u8() % 12; break;
            case 4: len = cols + 1; break;
            default: len = std::max<std::size_t>(cols, 1); break;
          }
          keep.push_back((m & 0x80) ? in.values(len) : fill(in, len, 3, cols));
          opt.*(o.vector) = FloatSpan{(m & 0x40) && (m & 0x20) ? nullptr : keep.back().data(),
                                      keep.back().size()};
          break;
        }
      }
    }
  }
  std::shared_ptr<const Expression> compiled;
  if (id == "custom") {
    const std::uint8_t e = in.u8();
    std::string text = e < 200 ? kExpressions[e % (sizeof kExpressions / sizeof *kExpressions)] : in.text(60);
    if (compileExpression(text, compiled).isOk() && e % 16 != 15) opt.expr = compiled.get();
  }

  // The outputs, each present or not.
  const std::uint8_t outs = in.u8();
  const bool wantValues = outs & 1, wantGrad = outs & 2, wantPos = outs & 4, wantNeg = outs & 8;
  const bool wantOther = outs & 16;
  const std::size_t terms = spec != nullptr ? termCount(id, li) : n;

  auto run = [&](LossOutput& out, Buffer& values, Buffer& grad, Buffer& gp, Buffer& gn, Buffer& go) {
    values = Buffer::make(wantValues ? terms : 0);
    go = Buffer::make(wantOther ? n : 0);
    out.grad_other = wantOther ? go.get() : nullptr;
    grad = Buffer::make(wantGrad ? n : 0);
    gp = Buffer::make(wantPos ? n : 0);
    gn = Buffer::make(wantNeg ? n : 0);
    out.values = wantValues ? values.get() : nullptr;
    out.grad = wantGrad ? grad.get() : nullptr;
    out.grad_positive = wantPos ? gp.get() : nullptr;
    out.grad_negative = wantNeg ? gn.get() : nullptr;
    return compute(id, li, opt, out);
  };

  LossOutput out;
  Buffer values, grad, gp, gn, go;
  const Status s = run(out, values, grad, gp, gn, go);
  const int code = static_cast<int>(s.code());
  const std::string where = describe(id, li, opt);
  static const bool trace = std::getenv("LOSSLAB_FUZZ_TRACE") != nullptr;
  if (trace) std::fprintf(stderr, "%s -> %s %s\n", where.c_str(), codeName(s.code()), clip(s.message(), 160).c_str());

  if (code < 0 || code > static_cast<int>(Code::BadOption)) {
    die(kTarget, "status code " + std::to_string(code) + " is not a contract code", where + "\n  " + clip(s.message()));
  }
  if ((s.code() == Code::UnknownLoss) != (spec == nullptr)) {
    die(kTarget, "UNKNOWN_LOSS for a known id, or a result for an unknown one", where + "\n  " + clip(s.message()));
  }
  if (!s.isOk()) {
    if (s.message().empty()) die(kTarget, "failure without a message", where);
    if (spec != nullptr && s.message().rfind(id + ": ", 0) != 0) {
      die(kTarget, "message does not start with the loss id", where + "\n  " + clip(s.message()));
    }
    if (!values.untouched() || !grad.untouched() || !gp.untouched() || !gn.untouched() || !go.untouched()) {
      die(kTarget, "outputs written on failure", where + "\n  " + clip(s.message()));
    }
    return 0;
  }

  // Success.
  if (out.terms != terms) die(kTarget, "terms != termCount()", where);
  const bool none = opt.reduction == Reduction::None;
  if (wantValues && none && values.firstUnwritten() != values.size) {
    die(kTarget, "a term was not written", where + " index " + std::to_string(values.firstUnwritten()));
  }
  if (wantValues && !none && !values.untouched()) die(kTarget, "values written for a reduced call", where);
  if (wantGrad && grad.firstUnwritten() != grad.size) {
    die(kTarget, "a gradient slot was not written", where + " index " + std::to_string(grad.firstUnwritten()));
  }
  if (triplet) {
    if (wantPos && gp.firstUnwritten() != gp.size) die(kTarget, "grad_positive not written", where);
    if (wantNeg && gn.firstUnwritten() != gn.size) die(kTarget, "grad_negative not written", where);
  } else if (!gp.untouched() || !gn.untouched()) {
    die(kTarget, "triplet gradients written for a non-triplet loss", where);
  }
  if (pair) {
    if (wantOther && go.firstUnwritten() != go.size) die(kTarget, "grad_other not written", where);
  } else if (!go.untouched()) {
    die(kTarget, "grad_other written for a loss that is not a pair loss", where);
  }

  // NaN only where documented: a weighted / ignore_index mean over zero total weight (0/0,
  // as PyTorch), and whatever a custom expression computes.
  const bool custom = id == "custom";
  const bool zeroWeightMean = spec->layout == Layout::Rows && opt.reduction == Reduction::Mean;
  if (!custom && std::isnan(out.value) && !zeroWeightMean) die(kTarget, "value is NaN", where);
  if (!custom && !std::isnan(out.value)) {
    for (std::size_t k = 0; k < grad.size; ++k) {
      if (std::isnan(grad.data[k])) die(kTarget, "gradient is NaN", where + " index " + std::to_string(k));
    }
    for (std::size_t k = 0; k < go.size; ++k) {
      if (std::isnan(go.data[k])) die(kTarget, "grad_other is NaN", where + " index " + std::to_string(k));
    }
    if (none) {
      for (std::size_t k = 0; k < values.size; ++k) {
        if (std::isnan(values.data[k])) die(kTarget, "a term is NaN", where + " index " + std::to_string(k));
      }
    }
  }

  // Determinism, and the scalar twins against the vector kernels.
  {
    LossOutput again;
    Buffer v2, g2, p2, n2, o2;
    const Status s2 = run(again, v2, g2, p2, n2, o2);
    if (s2.code() != s.code() || !sameBits(again.value, out.value)) die(kTarget, "not deterministic", where);
    for (std::size_t k = 0; k < grad.size; ++k) {
      if (!sameBits(g2.data[k], grad.data[k])) die(kTarget, "gradient not deterministic", where);
    }
    for (std::size_t k = 0; k < go.size; ++k) {
      if (!sameBits(o2.data[k], go.data[k])) die(kTarget, "grad_other not deterministic", where);
    }
  }
  {
    detail::forceScalar() = true;
    LossOutput scalar;
    Buffer v2, g2, p2, n2, o2;
    const Status s2 = run(scalar, v2, g2, p2, n2, o2);
    detail::forceScalar() = false;
    if (s2.code() != s.code()) die(kTarget, "scalar twin gives another status", where);
    // Sums of float terms that cancel (±3e38 and a 1e31) legitimately differ by the rounding
    // of the largest terms: the tolerance scales with Σ|term| (the sum's condition).
    auto magnitude = [&] {
      LossOptions each = opt;
      each.reduction = Reduction::None;
      Buffer tv = Buffer::make(terms);
      LossOutput t;
      t.values = tv.get();
      if (!compute(id, li, each, t).isOk()) return 0.0;
      double sum = 0.0;
      for (std::size_t k = 0; k < tv.size; ++k) sum += std::fabs(static_cast<double>(tv.data[k]));
      if (spec->layout == Layout::Triplet) {
        // A distance rounds at its coordinates' scale, not the loss's: in float, 1e30 − 1 is
        // 1e30, so the margin decides where double sees a difference of 2.
        for (std::size_t k = 0; k < li.n; ++k) {
          sum += std::fabs(static_cast<double>(li.input[k])) + std::fabs(static_cast<double>(li.positive[k])) +
                 std::fabs(static_cast<double>(li.negative[k]));
        }
      }
      if (spec->layout == Layout::Pair) {  // a cosine's float sums round at the coordinates' scale
        for (std::size_t k = 0; k < li.n; ++k) {
          sum += std::fabs(static_cast<double>(li.input[k])) + std::fabs(static_cast<double>(li.other[k]));
        }
      }
      return opt.reduction == Reduction::Mean && terms ? sum / static_cast<double>(terms) : sum;
    };
    if (!close(scalar.value, out.value) &&
        !(std::isfinite(scalar.value) && std::isfinite(out.value) &&
          std::fabs(scalar.value - out.value) <= 1e-5 * magnitude() + 1e-3 * std::max(1.0, std::fabs(out.value)))) {
      die(kTarget, "scalar and SIMD values differ", where + " simd " + formatNumber(out.value) +
                                                        " scalar " + formatNumber(scalar.value));
    }
    for (std::size_t k = 0; k < grad.size; ++k) {
      const double a = grad.data[k], b = g2.data[k];
      // Gradients are float: compare relative to the largest gradient of the call.
      if (std::isfinite(a) != std::isfinite(b) && !custom) {
        die(kTarget, "scalar and SIMD gradients differ in finiteness", where + " index " + std::to_string(k));
      }
    }
    for (std::size_t k = 0; k < go.size; ++k) {
      if (std::isfinite(go.data[k]) != std::isfinite(o2.data[k])) {
        die(kTarget, "scalar and SIMD grad_other differ in finiteness", where + " index " + std::to_string(k));
      }
    }
    if (none) {
      for (std::size_t k = 0; k < values.size; ++k) {
        if (!close(values.data[k], v2.data[k]) && !custom) {
          die(kTarget, "scalar and SIMD terms differ", where + " index " + std::to_string(k) + ": " +
                                                           formatNumber(values.data[k]) + " vs " +
                                                           formatNumber(v2.data[k]));
        }
      }
    }
  }
  return 0;
}

}  // namespace losslab::fuzz

#ifndef LOSSLAB_FUZZ_REPLAY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return losslab::fuzz::fuzzLoss(data, size);
}
#endif
