// sample_weight on every loss of the catalogue (so a new loss is covered without touching this
// file): on one golden case of each loss (its data is valid for it), weights w drawn per term,
// one for all, with zeros, must give Keras's semantics from the loss's own unweighted 'none'
// terms l_i and gradient blocks g_i:
//   'none' w_i·l_i,  'sum' Σ w_i·l_i,  'mean' Σ w_i·l_i / N;  gradient w_i·g_i (÷ N for 'mean')
// (rmse: √(Σ w_i d_i² / n)). Gradients are checked against central differences by
// test_gradcheck.cpp (a sample_weight variant of every loss); here they are checked against
// the unweighted call, for the rows, triplet and pair layouts too (grad_other of the pairs). Also: the option is validated
// like every vector option (length, entries ≥ 0 and finite, messages naming the index).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "golden.hpp"

using namespace losslab;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// A golden case's data (golden::CaseData, the suite's one reader of every layout) and its
/// options without its own sample_weight, if any.
struct Call {
  const LossSpec* spec = nullptr;
  LossOptions opt;
  std::deque<std::vector<float>> storage;
  golden::CaseData data;
  const LossInput& in;

  explicit Call(const json::Value& c) : data(c), in(data.in) {
    spec = findLoss(c["id"].string());
    REQUIRE(spec != nullptr);
    opt = defaultOptions(spec->id);
    REQUIRE(golden::applyOptions(*spec, c["options"], opt, storage).empty());
    opt.sample_weight = FloatSpan{};
  }
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;
};

/// The term that gradient element k belongs to: consecutive blocks (elements, rows, triplet
/// rows), or for a [T, N, C] sequence (ctc) sample (k / C) mod N.
std::size_t termOf(const Call& call, std::size_t k, std::size_t terms) {
  if (call.spec->layout == Layout::Sequence) return (k / call.in.cols) % terms;
  return k / (call.in.n / terms);
}

struct Result {
  Status status = Status::ok();
  double value = 0.0;
  std::vector<float> values, grad, gradPositive, gradNegative, gradOther;
};

Result run(const Call& call, const LossOptions& opt) {
  Result r;
  const std::size_t n = call.in.n;
  r.values.assign(termCount(call.spec->id, call.in), NAN);
  r.grad.assign(n, NAN);
  LossOutput out;
  out.values = r.values.data();
  out.grad = r.grad.data();
  if (call.in.positive != nullptr) {
    r.gradPositive.assign(n, NAN);
    r.gradNegative.assign(n, NAN);
    out.grad_positive = r.gradPositive.data();
    out.grad_negative = r.gradNegative.data();
  }
  if (call.in.other != nullptr) {
    r.gradOther.assign(n, NAN);
    out.grad_other = r.gradOther.data();
  }
  r.status = compute(call.spec->id, call.in, opt, out);
  r.value = out.value;
  return r;
}

void checkGrad(const Call& call, const char* what, const std::vector<float>& got,
               const std::vector<float>& plain, const std::vector<double>& w, double scale) {
  REQUIRE(got.size() == plain.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    const std::size_t term = termOf(call, k, w.size());
    const double want = w[term] * plain[k] * scale;
    INFO(what << "[" << k << "] (term " << term << ", weight " << w[term] << ")");
    CHECK_THAT(got[k], WithinRel(want, 1e-6) || WithinAbs(want, 1e-7));
  }
}

}  // namespace

TEST_CASE("sample_weight: Keras's semantics on every loss's terms", "[sample_weight]") {
  std::set<std::string> seen;
  for (const json::Value& c : golden::cases()) {
    const std::string id = c["id"].string();
    if (seen.count(id) || c["reduction"].string() != "mean" || c["options"].find("sample_weight")) continue;
    // ctc: a finite case of at least 3 samples, whose rows interleave in [T, N, C]
    if (c.find("labels") && (!c["value"].isNumber() || c["target_lengths"].array().size() < 3)) continue;
    seen.insert(id);
    const Call call(c);
    const std::size_t terms = termsOf(*call.spec, call.in.n, call.in.cols, call.in.time);
    for (int form = 0; form < 3; ++form) {  // per term; one for all; per term with zeros
      std::vector<float> wf;
      if (form == 1) {
        wf = {1.75f};
      } else {
        for (std::size_t i = 0; i < terms; ++i) wf.push_back(0.25f + 0.5f * static_cast<float>(i % 5));
        if (form == 2) wf[0] = wf[terms - 1] = 0.0f;
      }
      std::vector<double> w(terms);
      for (std::size_t i = 0; i < terms; ++i) w[i] = wf.size() == 1 ? wf[0] : wf[i];
      DYNAMIC_SECTION(id << " weights " << (form == 1 ? "one for all" : form == 2 ? "with zeros" : "per term")) {
        if (call.spec->mean_only) {  // rmse: the root of the weighted mean
          LossOptions plainOpt = call.opt;
          const Result plain = run(call, plainOpt);
          REQUIRE(plain.status.isOk());
          LossOptions opt = call.opt;
          opt.sample_weight = FloatSpan{wf.data(), wf.size()};
          const Result r = run(call, opt);
          REQUIRE(r.status.isOk());
          double sum = 0.0;
          for (std::size_t i = 0; i < terms; ++i) {
            const double d = static_cast<double>(call.data.input[i]) - call.data.target[i];
            sum += w[i] * d * d;
          }
          CHECK_THAT(r.value, WithinRel(std::sqrt(sum / static_cast<double>(terms)), 1e-6));
          continue;
        }
        LossOptions none = call.opt;
        none.reduction = Reduction::None;
        const Result plain = run(call, none);
        INFO(plain.status.message());
        REQUIRE(plain.status.isOk());
        for (Reduction reduction : {Reduction::None, Reduction::Sum, Reduction::Mean}) {
          INFO("reduction " << reductionName(reduction));
          LossOptions opt = call.opt;
          opt.reduction = reduction;
          opt.sample_weight = FloatSpan{wf.data(), wf.size()};
          const Result r = run(call, opt);
          INFO(r.status.message());
          REQUIRE(r.status.isOk());
          double total = 0.0, magnitude = 0.0;
          for (std::size_t i = 0; i < terms; ++i) {
            total += w[i] * plain.values[i];
            magnitude += std::abs(w[i] * plain.values[i]);
          }
          const double scale = reduction == Reduction::Mean ? 1.0 / static_cast<double>(terms) : 1.0;
          CHECK_THAT(r.value, WithinRel(total * scale, 1e-6) || WithinAbs(total * scale, 1e-7 * magnitude));
          if (reduction == Reduction::None) {
            for (std::size_t i = 0; i < terms; ++i) {
              CHECK_THAT(r.values[i], WithinRel(w[i] * plain.values[i], 1e-6) || WithinAbs(0.0, 0.0));
            }
          }
          checkGrad(call, "grad", r.grad, plain.grad, w, scale);
          if (call.in.positive != nullptr) {
            checkGrad(call, "grad_positive", r.gradPositive, plain.gradPositive, w, scale);
            checkGrad(call, "grad_negative", r.gradNegative, plain.gradNegative, w, scale);
          }
          if (call.in.other != nullptr) checkGrad(call, "grad_other", r.gradOther, plain.gradOther, w, scale);
        }
      }
    }
  }
  for (const LossSpec& spec : catalogue()) {
    if (spec.family != Family::Custom) CHECK(seen.count(spec.id) == 1);
  }
}

TEST_CASE("sample_weight: every loss lists it and checks it like other vector options", "[sample_weight]") {
  for (const LossSpec& spec : catalogue()) {
    INFO(spec.id);
    const OptionSpec* o = findOption(spec, "sample_weight");
    REQUIRE(o != nullptr);
    CHECK(o->kind == OptionKind::Vector);
    CHECK(o->length == VectorLength::Terms);
  }
  std::vector<float> x{1, 2, 3, 4}, y{1.5f, 2, 2, 5};
  LossInput in;
  in.input = x.data();
  in.n = 4;
  in.target = y.data();
  in.target_n = 4;
  LossOptions opt = defaultOptions("mse");
  std::vector<float> w{1, 2, 3};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  LossOutput out;
  Status s = compute("mse", in, opt, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "mse: option 'sample_weight' has 3 values; expected 4 (one per element) or 1 (for all)");
  w = {1, 2, -1, 0};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  s = compute("mse", in, opt, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "mse: option 'sample_weight'[2] = -1 must be >= 0");
  w = {1, NAN, 1, 0};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  CHECK_THAT(compute("mse", in, opt, out).message(), Contains("option 'sample_weight'[1] = NaN must be finite"));
  // Rows: one weight per row.
  std::vector<float> logits{1, 2, 3, 0, 1, 0}, labels{2, 0};
  LossInput rows;
  rows.input = logits.data();
  rows.n = 6;
  rows.cols = 3;
  rows.target = labels.data();
  rows.target_n = 2;
  opt = defaultOptions("cross_entropy");
  w = {1, 2, 3, 4, 5, 6};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  s = compute("cross_entropy", rows, opt, out);
  CHECK(s.message() == "cross_entropy: option 'sample_weight' has 6 values; expected 2 (one per row) or 1 (for all)");
  // A term of weight 0 does not count, even where it is infinite.
  std::vector<float> rate{100, 0.5f}, count{0, 1};
  LossInput big;
  big.input = rate.data();
  big.n = 2;
  big.target = count.data();
  big.target_n = 2;
  opt = defaultOptions("poisson_nll");
  w = {0, 2};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  std::vector<float> grad(2, NAN);
  out = LossOutput{};
  out.grad = grad.data();
  REQUIRE(compute("poisson_nll", big, opt, out).isOk());
  CHECK(std::isfinite(out.value));
  CHECK(grad[0] == 0.0f);
  CHECK_THAT(grad[1], WithinRel(2.0 * (std::exp(0.5) - 1.0) / 2.0, 1e-6));
}
