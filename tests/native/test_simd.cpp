// SIMD kernels against their scalar twins: for every loss in the catalogue (so a new one is
// covered without touching this file) and representative options — the defaults, then each
// option moved on its own to other legal values (numbers from {−1, 0, ½, 1, 2½} within range,
// choices, flags flipped, vector options in each legal length), every reduction — compute()
// with detail::forceScalar() = true and = false must agree:
//   element-wise losses at n = 0 (EMPTY_INPUT both), 1, L − 1, L, L + 1, 5L + 3;
//   row losses on rows of C = L − 1, L, L + 1 classes (triplets: D dimensions; a loss with a
//   fixed width, its own), N in the same set,
// where L = Lanes(ScalableTag<float>) (8 natively with AVX2, 4 under wasm SIMD and EMU128),
// on the value, the 'none' terms and every gradient, within WithinRel(1e-5) ||
// WithinAbs(1e-6 × max(1, scale)), scale being the largest magnitude of that output (for the
// reduced value, Σ|terms|: float block sums differ from double ones by that much).
// Also: every loss reports NOT_FINITE for a non-finite value at any lane, writing nothing;
// overflowing differences give the scalar twin's answer; and 1M-element means of mse and
// bce_with_logits are within 1e-6 relative of a double reference.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <hwy/highway.h>

#include "losslab/expression.hpp"
#include "losslab/losslab.hpp"
#include "simd/dispatch.hpp"
#include "simd_support.hpp"

using namespace losslab;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

using losslab_test::lanes;
using losslab_test::Random;

namespace {



/// Inputs are probabilities when the catalogue says so (with `from_logits` applied).
bool probabilityInput(const LossSpec& spec, const LossOptions& opt) {
  return inputKind(spec, opt) == InputKind::Probabilities;
}

/// One call's inputs (the options' vector data lives in `vectors`).
struct Data {
  std::size_t n = 0, cols = 0;
  std::vector<float> x, target, positive, negative;
  std::vector<float> other;  // pair losses (their ±1 labels are `target`, one per pair)
  std::deque<std::vector<float>> vectors;
  // ctc: [time, N, cols] input and its sequences
  std::size_t time = 0;
  std::vector<std::int32_t> labels, inputLengths, targetLengths;
};

/// The time steps of a sequence loss's input here (ctc): T = 4 fits every drawn target.
constexpr std::size_t kSequenceSteps = 4;

/// `in`'s sequence fields over `d`'s (no-op for other losses: all empty).
void setSequence(LossInput& in, const Data& d) {
  in.time = d.time;
  in.labels = d.labels.data();
  in.labels_n = d.labels.size();
  in.input_lengths = d.inputLengths.data();
  in.input_lengths_n = d.inputLengths.size();
  in.target_lengths = d.targetLengths.data();
  in.target_lengths_n = d.targetLengths.size();
}

/// ctc's data: log_softmax rows of C, N = n / (T·C) samples, each with 0 to 2 labels (none
/// when C < 2) other than the blank, input lengths T − 1 or T: every alignment possible.
void makeSequence(Data& d, const LossOptions& opt, Random& rnd) {
  const std::size_t C = d.cols, T = kSequenceSteps;
  d.time = T;
  d.x.clear();
  for (std::size_t r = 0; r < d.n / C; ++r) {
    std::vector<double> z(C);
    double m = -INFINITY, sum = 0.0;
    for (double& v : z) m = std::max(m, v = rnd.normal(1.5));
    for (double v : z) sum += std::exp(v - m);
    for (double v : z) d.x.push_back(static_cast<float>(v - m - std::log(sum)));
  }
  const std::size_t N = d.n / (T * C);
  for (std::size_t b = 0; b < N; ++b) {
    const std::size_t len = C < 2 ? 0 : rnd.below(3);
    for (std::size_t j = 0; j < len; ++j) {
      std::size_t k = rnd.below(C - 1);
      if (static_cast<int>(k) >= opt.blank) ++k;  // every class but the blank
      d.labels.push_back(static_cast<std::int32_t>(k));
    }
    d.targetLengths.push_back(static_cast<std::int32_t>(len));
    d.inputLengths.push_back(static_cast<std::int32_t>(T - rnd.below(2)));
  }
}

/// Inputs valid for `spec` under `opt`: n elements, `cols` columns (0: 1-D); probability
/// targets as rows when `targetRows` (cross_entropy). Edge values (exact 0 and 1 for
/// probabilities, ±1 margins) are mixed in where the loss defines them.
Data makeData(const LossSpec& spec, const LossOptions& opt, std::size_t n, std::size_t cols,
              bool targetRows, Random& rnd) {
  Data d;
  d.n = n;
  d.cols = cols;
  const std::size_t C = cols ? cols : 1, rows = cols ? n / cols : n;
  const bool probs = probabilityInput(spec, opt);
  for (std::size_t i = 0; i < n; ++i) {
    double v;
    if (probs) {
      v = rnd.below(13) == 0 ? static_cast<double>(rnd.below(2)) : rnd.uniform(0.01, 0.99);
      if (spec.layout == Layout::Rows && spec.input_domain != InputDomain::UnitInterval) {
        v = rnd.uniform(0.02, 1.0);  // renormalised rows: positive
      }
    } else if (inputKind(spec, opt) == InputKind::Rates) {
      v = rnd.below(13) == 0 ? 0.0 : rnd.uniform(0.0, 5.0);  // rates ≥ 0, some exactly 0
    } else if (inputKind(spec, opt) == InputKind::MeanVariance && i % 2 == 1) {
      v = rnd.below(9) == 0 ? 0.0 : rnd.uniform(0.0, 3.0);  // variances, some 0 or below ε
    } else if (spec.input_domain == InputDomain::GreaterThanMinusOne) {
      v = rnd.uniform(-0.95, 3.0);
    } else if (spec.input_domain == InputDomain::NonPositive) {
      v = -rnd.uniform(0.01, 5.0);
    } else {
      v = rnd.normal(2.0);
    }
    d.x.push_back(static_cast<float>(v));
  }
  const bool ignorable = findOption(spec, "ignore_index") != nullptr;
  auto fill = [&](std::size_t count, auto gen) {
    for (std::size_t i = 0; i < count; ++i) d.target.push_back(static_cast<float>(gen(i)));
  };
  if (spec.layout == Layout::Pair) {  // x2 near x1 (some pairs tied exactly), ±1 per pair
    for (std::size_t i = 0; i < n; ++i) {
      d.other.push_back(rnd.below(11) == 0 ? d.x[i] : static_cast<float>(d.x[i] + rnd.normal(1.0)));
    }
    fill(rows, [&](std::size_t) { return rnd.below(2) ? 1.0 : -1.0; });
    return d;
  }
  switch (spec.target) {
    case TargetKind::Values: fill(n, [&](std::size_t) { return rnd.normal(2.0); }); break;
    case TargetKind::GreaterThanMinusOne: fill(n, [&](std::size_t) { return rnd.uniform(-0.95, 3.0); }); break;
    case TargetKind::UnitInterval:
      fill(n, [&](std::size_t) { return rnd.below(3) ? static_cast<double>(rnd.below(2)) : rnd.uniform(0, 1); });
      break;
    case TargetKind::ZeroOne: fill(n, [&](std::size_t) { return static_cast<double>(rnd.below(2)); }); break;
    case TargetKind::Signs: fill(n, [&](std::size_t) { return static_cast<double>(rnd.below(3)) - 1.0; }); break;
    case TargetKind::ClassIndices:
    case TargetKind::IndicesOrProbabilities:
      if (!targetRows) {
        fill(rows, [&](std::size_t i) {
          return ignorable && i % 3 == 2 ? static_cast<double>(opt.ignore_index) : static_cast<double>(rnd.below(C));
        });
        break;
      }
      [[fallthrough]];
    case TargetKind::ProbabilityRows:
      for (std::size_t r = 0; r < rows; ++r) {
        double sum = 0.0;
        std::vector<double> row(C);
        for (double& t : row) sum += (t = rnd.uniform(0.0, 1.0));
        for (double t : row) d.target.push_back(static_cast<float>(t / sum));
      }
      break;
    case TargetKind::None:
      for (std::size_t i = 0; i < n; ++i) {
        d.positive.push_back(static_cast<float>(d.x[i] + rnd.normal(0.5)));
        d.negative.push_back(static_cast<float>(rnd.normal(1.5)));
      }
      break;
    case TargetKind::NonNegative:  // counts, some not whole
      fill(n, [&](std::size_t) { return rnd.below(4) ? static_cast<double>(rnd.below(9)) : rnd.uniform(0, 8); });
      break;
    case TargetKind::StrictSigns: fill(n, [&](std::size_t) { return rnd.below(2) ? 1.0 : -1.0; }); break;
    case TargetKind::LabelSequences: makeSequence(d, opt, rnd); break;
    case TargetKind::RowValues: fill(rows, [&](std::size_t) { return rnd.normal(2.0); }); break;
    case TargetKind::ValueRows:  // target vectors: any values, some rows all zero
      for (std::size_t r = 0; r < rows; ++r) {
        const bool zero = rnd.below(7) == 0;
        fill(C, [&](std::size_t) { return zero ? 0.0 : rnd.normal(2.0); });
      }
      break;
    case TargetKind::LabelLists:  // each row: 0 to C distinct classes, then −1s
      for (std::size_t r = 0; r < rows; ++r) {
        std::vector<float> order(C);
        for (std::size_t c = 0; c < C; ++c) order[c] = static_cast<float>(c);
        for (std::size_t c = C; c > 1; --c) std::swap(order[c - 1], order[rnd.below(c)]);
        const std::size_t k = rnd.below(C + 1);
        for (std::size_t c = 0; c < C; ++c) d.target.push_back(c < k ? order[c] : -1.0f);
      }
      break;
  }
  return d;
}

/// A named set of options (the defaults with at most one change) and how to shape the call.
struct Variant {
  std::string label;
  LossOptions opt;
  bool targetRows = false;   // cross_entropy with probability rows
  bool perClass = false;     // a vector option sized per class (needs cols > 1)
  bool perElement = false;   // a vector option sized per element
  bool perTerm = false;      // a vector option sized per term (sample_weight)
  const OptionSpec* vector = nullptr;
  double fill = 0.0;
};

std::vector<Variant> variantsOf(const LossSpec& spec, const Expression* expr) {
  std::vector<Variant> out;
  Variant base;
  base.label = "defaults";
  base.opt = defaultOptions(spec.id);
  base.opt.expr = expr;
  out.push_back(base);
  if (spec.target == TargetKind::IndicesOrProbabilities) {
    Variant v = base;
    v.label = "probability targets";
    v.targetRows = true;
    out.push_back(v);
  }
  for (const OptionSpec& o : spec.options) {
    switch (o.kind) {
      case OptionKind::Number: {
        std::vector<double> values = o.choices;
        if (values.empty()) values = {-1.0, 0.0, 0.5, 1.0, 2.5};
        for (double value : values) {
          const bool inRange = (o.min_open ? value > o.min : value >= o.min) &&
                               (o.max_open ? value < o.max : value <= o.max);
          if (!inRange || value == o.default_value) continue;
          Variant v = base;
          v.opt.*(o.number) = value;
          v.label = std::string(o.name) + " = " + formatNumber(value);
          out.push_back(v);
        }
        break;
      }
      case OptionKind::Integer: {
        Variant v = base;
        v.opt.*(o.integer) = 1;
        v.label = std::string(o.name) + " = 1";
        out.push_back(v);
        break;
      }
      case OptionKind::Flag: {
        Variant v = base;
        v.opt.*(o.flag) = !(base.opt.*(o.flag));
        v.label = std::string(o.name) + " flipped";
        out.push_back(v);
        break;
      }
      case OptionKind::Vector: {
        Variant v = base;
        v.vector = &o;
        if (o.length == VectorLength::Terms) {
          v.perTerm = true;
          v.label = std::string(o.name) + " per term";
          out.push_back(v);
          v.perTerm = false;
          v.label = std::string(o.name) + " single";
          out.push_back(v);
          break;
        }
        v.label = std::string(o.name) + " per class";
        v.perClass = true;
        out.push_back(v);
        if (o.length == VectorLength::ElementsOrClasses) {
          v.perClass = false;
          v.perElement = true;
          v.label = std::string(o.name) + " per element";
          out.push_back(v);
        }
        if (o.length == VectorLength::OneOrClasses) {
          v.perClass = v.perElement = false;
          v.label = std::string(o.name) + " single";
          out.push_back(v);
        }
        break;
      }
    }
  }
  return out;
}

struct Result {
  Status status = Status::ok();
  double value = 0.0;
  std::vector<float> values, grad, gradPositive, gradNegative, gradOther;
};

/// `d` as the core's input for `spec` (triplets and pairs take their own fields).
LossInput inputOf(const LossSpec& spec, const Data& d) {
  LossInput in;
  in.input = d.n ? d.x.data() : nullptr;
  in.n = d.n;
  in.cols = d.cols;
  in.target = d.target.data();
  in.target_n = d.target.size();
  if (spec.layout == Layout::Triplet || spec.layout == Layout::Pair) {
    in.target = nullptr;
    in.target_n = 0;
  }
  if (spec.layout == Layout::Triplet) {
    in.positive = d.positive.data();
    in.positive_n = d.positive.size();
    in.negative = d.negative.data();
    in.negative_n = d.negative.size();
  }
  if (spec.layout == Layout::Pair) {
    in.other = d.other.data();
    in.other_n = d.other.size();
    in.label = d.target.data();
    in.label_n = d.target.size();
  }
  setSequence(in, d);
  return in;
}

Result run(const LossSpec& spec, const LossOptions& opt, const Data& d, bool scalar) {
  const LossInput in = inputOf(spec, d);
  Result r;
  const std::size_t terms = termCount(spec.id, in);
  r.values.assign(terms, NAN);
  r.grad.assign(d.n, NAN);
  LossOutput out;
  out.values = r.values.data();
  out.grad = r.grad.data();
  if (spec.layout == Layout::Triplet) {
    r.gradPositive.assign(d.n, NAN);
    r.gradNegative.assign(d.n, NAN);
    out.grad_positive = r.gradPositive.data();
    out.grad_negative = r.gradNegative.data();
  }
  if (spec.layout == Layout::Pair) {
    r.gradOther.assign(d.n, NAN);
    out.grad_other = r.gradOther.data();
  }
  detail::forceScalar() = scalar;
  r.status = compute(spec.id, in, opt, out);
  detail::forceScalar() = false;
  r.value = out.value;
  if (opt.reduction != Reduction::None) r.values.clear();
  return r;
}

/// Element by element within 1e-5 relative or 1e-6 × max(1, the largest |want|); reports the
/// first mismatches, then a count.
void checkClose(const char* what, const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  double scale = 1.0;
  for (float w : want) scale = std::max(scale, static_cast<double>(std::abs(w)));
  std::size_t bad = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const double w = want[i], g = got[i];
    if ((WithinRel(w, 1e-5) || WithinAbs(w, 1e-6 * scale)).match(g) || (std::isnan(w) && std::isnan(g))) continue;
    if (++bad <= 3) {
      INFO(what << "[" << i << "] of " << want.size() << ": SIMD " << g << ", scalar " << w);
      CHECK_THAT(g, WithinRel(w, 1e-5) || WithinAbs(w, 1e-6 * scale));
    }
  }
  INFO(what << ": " << bad << " of " << want.size() << " differ");
  CHECK(bad == 0);
}

/// The shapes to run: (n, cols) for element-wise losses (1-D, and [N, C] rows when a vector
/// option is per class), rows of C = L − 1, L, L + 1 for the others.
std::vector<std::pair<std::size_t, std::size_t>> shapesOf(const LossSpec& spec, const Variant& v) {
  const std::size_t L = lanes();
  const std::vector<std::size_t> counts = {0, 1, L - 1, L, L + 1, 5 * L + 3};
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (spec.layout == Layout::Elementwise && !v.perClass) {
    for (std::size_t n : counts) out.emplace_back(n, 0);
    return out;
  }
  if (spec.flat_is_one_row) {  // flat: one row of n, over several float blocks at 1100
    for (std::size_t n : counts) out.emplace_back(n, 0);
    out.emplace_back(1100, 0);
  }
  if (spec.layout == Layout::Sequence) {  // [T, N, C]: N samples of T rows of C (C ≥ 2)
    for (std::size_t C : {L - 1, L, L + 1}) {
      if (C < 2) continue;
      for (std::size_t N : counts) out.emplace_back(N * kSequenceSteps * C, C);
    }
    return out;
  }
  if (spec.columns != 0) {  // rows of a fixed width (gaussian_nll's mean and variance)
    for (std::size_t N : counts) out.emplace_back(N * spec.columns, spec.columns);
    return out;
  }
  for (std::size_t C : {L - 1, L, L + 1}) {
    if (C == 0 || (v.perClass && C < 2)) continue;
    for (std::size_t N : counts) out.emplace_back(N * C, C);
  }
  return out;
}

}  // namespace

TEST_CASE("SIMD kernels agree with their scalar twins for every loss", "[simd]") {
  const std::size_t L = lanes();
  INFO("L = " << L << " float lanes (" << hwy::TargetName(HWY_TARGET) << ")");
  std::shared_ptr<const Expression> expr;
  REQUIRE(compileExpression("abs(x - y)^1.5 + softplus(x) * y", expr).isOk());
  Random rnd;
  std::size_t compared = 0;
  for (const LossSpec& spec : catalogue()) {
    for (Variant& v : variantsOf(spec, expr.get())) {
      for (const auto& [n, cols] : shapesOf(spec, v)) {
        for (Reduction reduction : {Reduction::Mean, Reduction::Sum, Reduction::None}) {
          if (spec.mean_only && reduction != Reduction::Mean) continue;
          LossOptions opt = v.opt;
          opt.reduction = reduction;
          Data data = makeData(spec, opt, n, cols, v.targetRows, rnd);
          if (v.vector != nullptr) {
            const std::size_t len = v.perClass ? cols : v.perElement ? n
                                    : v.perTerm ? termsOf(spec, n, cols, data.time) : 1;
            std::vector<float>& w = data.vectors.emplace_back();
            for (std::size_t k = 0; k < len; ++k) w.push_back(static_cast<float>(rnd.uniform(0.2, 2.0)));
            opt.*(v.vector->vector) = FloatSpan{w.data(), w.size()};
          }
          INFO(spec.id << " / " << v.label << " / n = " << n << ", cols = " << cols
                       << " / reduction " << reductionName(reduction));
          const Result simd = run(spec, opt, data, false);
          const Result scalar = run(spec, opt, data, true);
          INFO("status " << codeName(scalar.status.code()) << ": " << scalar.status.message());
          REQUIRE(simd.status.code() == scalar.status.code());
          if (n == 0) {
            CHECK(simd.status.code() == Code::EmptyInput);
            continue;
          }
          REQUIRE(scalar.status.isOk());
          ++compared;
          double magnitude = std::abs(scalar.value);  // Σ|terms|, from a 'none' call
          {
            LossOptions none = opt;
            none.reduction = Reduction::None;
            const Result terms = run(spec, none, data, true);
            double sum = 0.0;
            for (float t : terms.values) sum += std::abs(t);
            magnitude = std::max(magnitude, sum);
          }
          if (std::isnan(scalar.value)) {
            CHECK(std::isnan(simd.value));  // a weighted mean over zero weight: 0/0, as PyTorch
          } else {
            CHECK_THAT(simd.value, WithinRel(scalar.value, 1e-5) ||
                                       WithinAbs(scalar.value, 1e-6 * std::max(1.0, magnitude)));
          }
          checkClose("values", simd.values, scalar.values);
          checkClose("grad", simd.grad, scalar.grad);
          checkClose("grad_positive", simd.gradPositive, scalar.gradPositive);
          checkClose("grad_negative", simd.gradNegative, scalar.gradNegative);
          checkClose("grad_other", simd.gradOther, scalar.gradOther);
        }
      }
    }
  }
  CHECK(compared > 1000);
}

// With `outputs_may_be_written_on_failure` (the JS wrapper's calls) the finiteness check of
// the losses that need nothing else rides along with the kernel: the same status and the
// same message, and the reduced value still untouched; only the gradient may be written.
TEST_CASE("a non-finite value at any lane is NOT_FINITE for every loss, and nothing is written", "[simd]") {
  const std::size_t L = lanes();
  std::shared_ptr<const Expression> expr;
  REQUIRE(compileExpression("abs(x - y)^1.5", expr).isOk());
  Random rnd;
  for (const LossSpec& spec : catalogue()) {
    LossOptions opt = defaultOptions(spec.id);
    opt.expr = expr.get();
    const std::size_t cols = spec.layout == Layout::Elementwise ? 0 : spec.columns ? spec.columns : L + 1;
    const std::size_t steps = spec.layout == Layout::Sequence ? kSequenceSteps : 1;
    const std::size_t n = (5 * L + 3) * (cols ? cols : 1) * steps;
    const Data clean = makeData(spec, opt, n, cols, false, rnd);
    const bool targetValues = spec.target == TargetKind::Values || spec.target == TargetKind::ValueRows;
    for (std::size_t at : {std::size_t{0}, std::size_t{1}, L - 1, L, 5 * L + 2, n - 1}) {
      for (float bad : {NAN, INFINITY, -INFINITY}) {
        for (bool inTarget : {false, true}) {
          if (inTarget && !targetValues) continue;
          for (bool withGrad : {false, true}) for (bool mayWrite : {false, true}) {
            Data data = clean;
            (inTarget ? data.target : data.x)[at] = bad;
            INFO(spec.id << ": " << (inTarget ? "target" : "input") << "[" << at << "] = " << bad
                         << (withGrad ? ", with gradient" : ", value only")
                         << (mayWrite ? ", outputs may be written" : ""));
            const LossInput in = inputOf(spec, data);
            std::vector<float> grad(n, 12345.0f);
            LossOutput out;
            out.value = 777.0;
            out.outputs_may_be_written_on_failure = mayWrite;
            if (withGrad) out.grad = grad.data();
            const Status s = compute(spec.id, in, opt, out);
            INFO(codeName(s.code()) << ": " << s.message());
            CHECK(s.code() == Code::NotFinite);
            const std::string where = std::string(inTarget ? "target[" : "input[") + std::to_string(at) + "]";
            CHECK(s.message().find(where) != std::string::npos);
            CHECK(out.value == 777.0);
            if (!mayWrite) CHECK(std::all_of(grad.begin(), grad.end(), [](float g) { return g == 12345.0f; }));
          }
        }
      }
    }
  }
}
