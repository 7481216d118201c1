// ctc beyond the golden file: numbers checked by hand, the sequence checks' messages, the
// labels' two layouts, impossible alignments and the [T, N, C] sample-weight mapping.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/losslab.hpp"

using namespace losslab;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Seq {
  std::vector<float> x;
  std::size_t time = 0, classes = 0;
  std::vector<std::int32_t> labels, inputLengths, targetLengths;
  LossInput in() const {
    LossInput i;
    i.input = x.data();
    i.n = x.size();
    i.cols = classes;
    i.time = time;
    i.labels = labels.data();
    i.labels_n = labels.size();
    i.input_lengths = inputLengths.data();
    i.input_lengths_n = inputLengths.size();
    i.target_lengths = targetLengths.data();
    i.target_lengths_n = targetLengths.size();
    return i;
  }
};

float lg(double p) { return static_cast<float>(std::log(p)); }

Status run(const Seq& s, LossOptions opt, LossOutput& out) { return compute("ctc", s.in(), opt, out); }

}  // namespace

TEST_CASE("ctc: two steps, one label, by hand", "[ctc]") {
  // p_t(1) = a_t: the alignments of "1" are 11, 01, 10, so p = a1·a2 + (1 − a1)·a2 + a1·(1 − a2)
  // = 0.625 for a = (0.5, 0.25); ∂(−log p)/∂log p_t(k) = −P(emit k at t | "1"):
  // t = 0: k = 1 a1/p = 0.8, k = 0 (1 − a1)·a2/p = 0.2; t = 1: k = 1 a2/p = 0.4, k = 0 0.6.
  Seq s{{lg(0.5), lg(0.5), lg(0.75), lg(0.25)}, 2, 2, {1}, {2}, {1}};
  std::vector<float> grad(4, NAN);
  LossOutput out;
  out.grad = grad.data();
  REQUIRE(run(s, defaultOptions("ctc"), out).isOk());
  CHECK(out.terms == 1);
  CHECK_THAT(out.value, WithinRel(-std::log(0.625), 1e-6));
  const std::vector<double> want{-0.2, -0.8, -0.6, -0.4};
  for (std::size_t k = 0; k < 4; ++k) CHECK_THAT(grad[k], WithinAbs(want[k], 1e-6));
}

TEST_CASE("ctc: one step is −log p of the label; an empty target the path of blanks", "[ctc]") {
  Seq s{{lg(0.2), lg(0.3), lg(0.5)}, 1, 3, {2}, {1}, {1}};
  LossOutput out;
  REQUIRE(run(s, defaultOptions("ctc"), out).isOk());
  CHECK_THAT(out.value, WithinRel(-std::log(0.5), 1e-6));
  s.labels.clear();
  s.targetLengths = {0};
  REQUIRE(run(s, defaultOptions("ctc"), out).isOk());
  CHECK_THAT(out.value, WithinRel(-std::log(0.2), 1e-6));
}

TEST_CASE("ctc: padded and concatenated labels give the same answer; terms are samples", "[ctc]") {
  Seq s;
  s.time = 5, s.classes = 4;
  for (std::size_t k = 0; k < 5 * 3 * 4; ++k) s.x.push_back(-0.5f - 0.07f * static_cast<float>(k % 11));
  s.inputLengths = {5, 4, 3};
  s.targetLengths = {2, 0, 1};
  s.labels = {1, 3, 2};  // concatenated
  LossOptions opt = defaultOptions("ctc");
  opt.reduction = Reduction::None;
  std::vector<float> v1(3), v2(3), g1(s.x.size()), g2(s.x.size());
  LossOutput a, b;
  a.values = v1.data(), a.grad = g1.data();
  b.values = v2.data(), b.grad = g2.data();
  REQUIRE(run(s, opt, a).isOk());
  CHECK(a.terms == 3);
  CHECK(termCount("ctc", s.in()) == 3);
  s.labels = {1, 3, 9, 9, 2, 9};  // padded [3, 2]: beyond each length ignored
  REQUIRE(run(s, opt, b).isOk());
  CHECK(v1 == v2);
  CHECK(g1 == g2);
  // Sample 1 (empty target, 4 steps) has no gradient beyond its input length.
  for (std::size_t c = 0; c < 4; ++c) CHECK(g1[(4 * 3 + 1) * 4 + c] == 0.0f);
}

TEST_CASE("ctc: impossible alignments are +inf with zero gradient, 0 with zero_infinity", "[ctc]") {
  // "1 1" needs 3 steps (a blank between the repeats); sample 1 has 2.
  Seq s;
  s.time = 2, s.classes = 3;
  for (std::size_t k = 0; k < 2 * 2 * 3; ++k) s.x.push_back(lg(1.0 / 3));
  s.inputLengths = {2, 2};
  s.targetLengths = {1, 2};
  s.labels = {2, 1, 1};
  std::vector<float> values(2), grad(s.x.size(), NAN);
  LossOutput out;
  out.values = values.data();
  out.grad = grad.data();
  LossOptions opt = defaultOptions("ctc");
  opt.reduction = Reduction::None;
  REQUIRE(run(s, opt, out).isOk());
  CHECK(std::isfinite(values[0]));
  CHECK(values[1] == INFINITY);
  for (std::size_t t = 0; t < 2; ++t) {
    for (std::size_t c = 0; c < 3; ++c) CHECK(grad[(t * 2 + 1) * 3 + c] == 0.0f);
  }
  opt.zero_infinity = true;
  REQUIRE(run(s, opt, out).isOk());
  CHECK(values[1] == 0.0f);
  opt.reduction = Reduction::Mean;
  opt.zero_infinity = false;
  REQUIRE(run(s, opt, out).isOk());
  CHECK(out.value == INFINITY);
}

TEST_CASE("ctc: sample_weight follows each sample through the interleaved [T, N, C] rows", "[ctc][sample_weight]") {
  Seq s;
  s.time = 3, s.classes = 3;
  for (std::size_t k = 0; k < 3 * 2 * 3; ++k) s.x.push_back(-0.3f - 0.11f * static_cast<float>(k % 7));
  s.inputLengths = {3, 3};
  s.targetLengths = {1, 2};
  s.labels = {1, 2, 1};
  std::vector<float> plain(s.x.size()), weighted(s.x.size());
  LossOptions opt = defaultOptions("ctc");
  opt.reduction = Reduction::Sum;
  LossOutput a;
  a.grad = plain.data();
  REQUIRE(run(s, opt, a).isOk());
  const std::vector<float> w{2.0f, 0.0f};
  opt.sample_weight = FloatSpan{w.data(), w.size()};
  LossOutput b;
  b.grad = weighted.data();
  REQUIRE(run(s, opt, b).isOk());
  for (std::size_t k = 0; k < s.x.size(); ++k) {
    const std::size_t sample = (k / 3) % 2;
    INFO("grad[" << k << "], sample " << sample);
    CHECK_THAT(weighted[k], WithinRel(static_cast<double>(w[sample] * plain[k]), 1e-6) || WithinAbs(0.0, 0.0));
    if (sample == 1) CHECK(weighted[k] == 0.0f);
  }
  const std::vector<float> wrong{1, 2, 3};
  opt.sample_weight = FloatSpan{wrong.data(), wrong.size()};
  CHECK(run(s, opt, b).message() == "ctc: option 'sample_weight' has 3 values; expected 2 (one per sample) or 1 (for all)");
}

TEST_CASE("ctc: bad sequences are named by argument and index", "[ctc]") {
  const Seq good{std::vector<float>(3 * 2 * 4, -1.0f), 3, 4, {1, 2, 3}, {3, 2}, {2, 1}};
  LossOutput out;
  auto message = [&](Seq s, LossOptions opt = defaultOptions("ctc")) {
    const Status st = run(s, opt, out);
    return std::string(codeName(st.code())) + " " + st.message();
  };
  REQUIRE(run(good, defaultOptions("ctc"), out).isOk());
  Seq s = good;
  s.labels[1] = 4;
  CHECK(message(s) == "BAD_LABEL ctc: target.labels[1] = 4 is not a class index in [0, 4)");
  s = good;
  s.labels[2] = 0;
  CHECK_THAT(message(s), Contains("BAD_LABEL ctc: target.labels[2] = 0 is the blank"));
  LossOptions blank = defaultOptions("ctc");
  blank.blank = 3;
  CHECK_THAT(message(good, blank), Contains("target.labels[2] = 3 is the blank"));
  blank.blank = 4;
  CHECK(message(good, blank) == "BAD_OPTION ctc: option 'blank' = 4 must be a class in [0, C = 4)");
  s = good;
  s.inputLengths[1] = 4;
  CHECK(message(s) == "SHAPE_MISMATCH ctc: target.inputLengths[1] = 4 must be in [0, T = 3]");
  s = good;
  s.targetLengths[0] = -1;
  CHECK(message(s) == "SHAPE_MISMATCH ctc: target.targetLengths[0] = -1 must be >= 0");
  s = good;
  s.inputLengths = {3};
  CHECK(message(s) == "SHAPE_MISMATCH ctc: target.inputLengths has 1 values; expected 2 (one per sample) for input [3, 2, 4]");
  s = good;
  s.labels = {1, 2, 3, 1, 2};
  CHECK(message(s) == "SHAPE_MISMATCH ctc: target.labels has 5 values; expected the sum of target.targetLengths = 3 (concatenated) or [2, S] with S >= 2 (padded)");
  s = good;
  s.targetLengths = {3, 2};
  s.labels = {1, 2, 3, 1};  // not 5 (concatenated): padded [2, 2], but 3 > 2
  CHECK_THAT(message(s), Contains("target.targetLengths[0] = 3 exceeds the 2 labels per sample"));
  s = good;
  s.time = 0;
  CHECK_THAT(message(s), Contains("SHAPE_MISMATCH ctc: input must be 3-D [T, N, C]"));
  s = good;
  s.time = 5;
  CHECK(message(s) == "SHAPE_MISMATCH ctc: input has 24 values, not a multiple of time × classes = 5 × 4");
  s = good;
  s.x[5] = NAN;
  CHECK(message(s) == "NOT_FINITE ctc: input[5] is NaN; every value must be finite");
}
