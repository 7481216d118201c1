// dice, tversky and cosine_similarity beyond the catalogue-driven suites (golden, gradient
// checks, SIMD against scalar): hand-checkable numbers, a flat array read as one mask, the
// entry's messages naming the argument and the index, and the network — dice and tversky
// train a sigmoid head on a binary dataset with the batch as one mask; cosine_similarity says
// why it does not train here.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "losslab/catalogue.hpp"
#include "losslab/datasets.hpp"
#include "losslab/loss.hpp"
#include "losslab/network.hpp"

using namespace losslab;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

struct Call {
  Status status;
  double value = NAN;
  std::vector<float> values, grad;
};

Call run(const char* id, const std::vector<float>& x, const std::vector<float>& y, std::size_t cols,
         LossOptions opt) {
  LossInput in;
  in.input = x.data();
  in.n = x.size();
  in.cols = cols;
  in.target = y.data();
  in.target_n = y.size();
  Call c;
  c.values.assign(x.size(), NAN);
  c.grad.assign(x.size(), NAN);
  LossOutput out;
  out.values = c.values.data();
  out.grad = c.grad.data();
  c.status = compute(id, in, opt, out);
  c.value = out.value;
  c.values.resize(out.terms);
  return c;
}

Call run(const char* id, const std::vector<float>& x, const std::vector<float>& y, std::size_t cols = 0) {
  return run(id, x, y, cols, defaultOptions(id));
}

}  // namespace

TEST_CASE("dice and tversky: hand-checked masks; a flat array is one mask", "[overlap]") {
  // overlap 1, masses 2 + 2: 1 − 2/4; ∂/∂x_k = −2y_k/S + 2I/S² = −y_k/2 + 1/8
  const Call d = run("dice", {1, 1, 0, 0}, {1, 0, 1, 0});
  REQUIRE(d.status.isOk());
  CHECK_THAT(d.value, WithinAbs(0.5, 1e-6));
  CHECK(d.values.size() == 1);  // 'mean' of one row
  CHECK_THAT(d.grad[0], WithinAbs(-0.375, 1e-6));
  CHECK_THAT(d.grad[1], WithinAbs(0.125, 1e-6));
  // The same values as two rows of 2 are two masks: (1, 1)·(1, 0) → 1 − 2/3; (0, 0)·(1, 0) → 1
  LossOptions none = defaultOptions("dice");
  none.reduction = Reduction::None;
  const Call rows = run("dice", {1, 1, 0, 0}, {1, 0, 1, 0}, 2, none);
  REQUIRE(rows.status.isOk());
  REQUIRE(rows.values.size() == 2);
  CHECK_THAT(rows.values[0], WithinAbs(1.0 / 3.0, 1e-6));
  CHECK_THAT(rows.values[1], WithinAbs(1.0, 1e-6));
  // Tversky α = 0.3, β = 0.7: I = 1, FP = 2, FN = 1 → 1 − 1/2.3
  LossOptions t = defaultOptions("tversky");
  t.alpha = 0.3;
  t.beta = 0.7;
  const Call tv = run("tversky", {1, 1, 1, 0}, {1, 0, 0, 1}, 0, t);
  REQUIRE(tv.status.isOk());
  CHECK_THAT(tv.value, WithinAbs(1.0 - 1.0 / 2.3, 1e-6));
  // Two empty masks cost 1 (0/ε), with no gradient; sample_weight weighs the one mask.
  const Call empty = run("dice", {0, 0, 0}, {0, 0, 0});
  REQUIRE(empty.status.isOk());
  CHECK(empty.value == 1.0);
  for (float g : empty.grad) CHECK(g == 0.0f);
  LossOptions w = defaultOptions("dice");
  const std::vector<float> half{0.5f};
  w.sample_weight = FloatSpan{half.data(), half.size()};
  const Call weighted = run("dice", {1, 1, 0, 0}, {1, 0, 1, 0}, 0, w);
  REQUIRE(weighted.status.isOk());
  CHECK_THAT(weighted.value, WithinAbs(0.25, 1e-6));
  const std::vector<float> two{1.0f, 2.0f};
  w.sample_weight = FloatSpan{two.data(), two.size()};
  const Call tooMany = run("dice", {1, 1, 0, 0}, {1, 0, 1, 0}, 0, w);
  CHECK(tooMany.status.code() == Code::BadOption);
  CHECK_THAT(tooMany.status.message(), Contains("'sample_weight' has 2 values; expected 1 (one per row)"));
}

TEST_CASE("cosine_similarity: hand-checked rows, zero rows, any target values", "[similarity]") {
  LossOptions none = defaultOptions("cosine_similarity");
  none.reduction = Reduction::None;
  // −(3·4 + 4·3)/25; a zero prediction row: 0, pushed along ŷ by 1e6 (the l2_normalize floor);
  // a zero target row: 0, no gradient
  const Call c = run("cosine_similarity", {3, 4, 0, 0, 1, 2}, {4, 3, 0, 2, 0, 0}, 2, none);
  REQUIRE(c.status.isOk());
  REQUIRE(c.values.size() == 3);
  CHECK_THAT(c.values[0], WithinAbs(-0.96, 1e-6));
  CHECK(c.values[1] == 0.0f);
  CHECK(c.values[2] == 0.0f);
  // ∂l/∂x = −(ŷ − cos·x̂)/|x| = −((0.8, 0.6) − 0.96·(0.6, 0.8))/5
  CHECK_THAT(c.grad[0], WithinAbs(-(0.8 - 0.96 * 0.6) / 5, 1e-6));
  CHECK_THAT(c.grad[1], WithinAbs(-(0.6 - 0.96 * 0.8) / 5, 1e-6));
  CHECK_THAT(c.grad[2], WithinAbs(0.0, 1e-6));
  CHECK_THAT(c.grad[3], WithinAbs(-1e6, 1.0));
  CHECK(c.grad[4] == 0.0f);
  CHECK(c.grad[5] == 0.0f);
}

TEST_CASE("cosine_similarity: rows whose squares overflow float run in double, in any group of four", "[similarity]") {
  // five rows of 3; row 2 has coordinates near 3e25 (x² ≈ 1e51, beyond float), along its target
  std::vector<float> x{1, 2, 3, 0.5f, -1, 2, 3e25f, -6e25f, 9e25f, 1, 1, 1, 2, 0, -2};
  std::vector<float> y{1, 2, 3, 1, -2, 4, 1, -2, 3, -1, -1, -1, 0, 1, 0};
  LossOptions none = defaultOptions("cosine_similarity");
  none.reduction = Reduction::None;
  const Call c = run("cosine_similarity", x, y, 3, none);
  REQUIRE(c.status.isOk());
  REQUIRE(c.values.size() == 5);
  CHECK_THAT(c.values[0], WithinAbs(-1.0, 1e-6));
  CHECK_THAT(c.values[1], WithinAbs(-1.0, 1e-6));
  CHECK_THAT(c.values[2], WithinAbs(-1.0, 1e-6));
  CHECK_THAT(c.values[3], WithinAbs(1.0, 1e-6));
  CHECK_THAT(c.values[4], WithinAbs(0.0, 1e-6));
  for (float g : c.grad) CHECK(std::isfinite(g));
  CHECK_THAT(c.grad[6], WithinAbs(0.0, 1e-30));  // along the target: no gradient (|g| ~ 1/|x|)
}

TEST_CASE("dice, tversky, cosine_similarity: bad input names the argument and the index", "[overlap][similarity]") {
  const Call outside = run("dice", {0.5f, 0.2f, 1.5f, 0.1f}, {1, 0, 1, 0});
  CHECK(outside.status.code() == Code::OutOfDomain);
  CHECK_THAT(outside.status.message(), Contains("dice: input[2] = 1.5 is outside [0, 1]"));
  const Call target = run("tversky", {0.5f, 0.2f, 0.5f, 0.1f}, {1, 0, -1, 0}, 2);
  CHECK(target.status.code() == Code::OutOfDomain);
  CHECK_THAT(target.status.message(), Contains("tversky: target[2] = -1 is outside [0, 1]"));
  const Call shape = run("dice", {0.5f, 0.2f, 0.5f, 0.1f}, {1, 0}, 2);
  CHECK(shape.status.code() == Code::ShapeMismatch);
  CHECK_THAT(shape.status.message(), Contains("target has 2 values; expected [2, 2] probabilities"));
  LossOptions bad = defaultOptions("tversky");
  bad.alpha = -1;
  CHECK_THAT(run("tversky", {0.5f}, {1}, 0, bad).status.message(),
             Contains("tversky: option 'alpha' = -1 must be >= 0"));
  bad = defaultOptions("dice");
  bad.eps = 0;
  CHECK_THAT(run("dice", {0.5f}, {1}, 0, bad).status.message(), Contains("dice: option 'eps' = 0 must be > 0"));
  const Call flat = run("cosine_similarity", {1, 2, 3}, {1, 2, 3});
  CHECK(flat.status.code() == Code::ShapeMismatch);
  CHECK_THAT(flat.status.message(), Contains("input must be 2-D [N, C]"));
  const Call rows = run("cosine_similarity", {1, 2, 3, 4}, {1, 2}, 2);
  CHECK(rows.status.code() == Code::ShapeMismatch);
  CHECK_THAT(rows.status.message(), Contains("target has 2 values; expected [2, 2] values for input [2, 2]"));
  const Call nan = run("cosine_similarity", {1, 2, 3, 4}, {1, 2, NAN, 4}, 2);
  CHECK(nan.status.code() == Code::NotFinite);
  CHECK_THAT(nan.status.message(), Contains("cosine_similarity: target[2] is NaN"));
}

TEST_CASE("dice and tversky train a sigmoid head on binary data, the batch as one mask", "[network][overlap]") {
  for (const char* id : {"dice", "tversky"}) {
    const LossSpec* spec = findLoss(id);
    REQUIRE(spec != nullptr);
    CHECK(outputHead(*spec, defaultOptions(id)) == OutputHead::Sigmoid);
  }
  DatasetOptions o;
  o.n = 500;
  Dataset d;
  REQUIRE(makeDataset("circle", o, d).isOk());
  for (const char* id : {"dice", "tversky"}) {
    INFO(id);
    NetworkConfig c;
    c.loss = id;
    c.layers = {2, 8, 8, 1};
    c.learning_rate = 0.03;
    c.batch_size = 16;
    c.seed = 3;
    if (std::string(id) == "tversky") {
      c.loss_options.set("alpha", 0.3);
      c.loss_options.set("beta", 0.7);
    }
    Network net;
    const Status s = Network::create(c, net);
    INFO(s.message());
    REQUIRE(s.isOk());
    double last = 0.0;
    const Status f = net.fit(d.x.data(), d.x.size(), d.y.data(), d.y.size(), 60, last);
    INFO(f.message());
    REQUIRE(f.isOk());
    CHECK(last < 0.2);  // 1 − Dice of a batch: most of each batch's mask overlaps
    Evaluation ev;
    REQUIRE(net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev).isOk());
    CHECK(ev.accuracy > 0.9);
    std::vector<float> p;
    REQUIRE(net.predict(d.x.data(), 8, p).isOk());  // 4 points of 2
    REQUIRE(p.size() == 4);
    for (float v : p) CHECK((v >= 0.0f && v <= 1.0f));  // probabilities of class 1
  }
}

TEST_CASE("cosine_similarity says why a network does not train with it", "[network][similarity]") {
  NetworkConfig c;
  c.loss = "cosine_similarity";
  c.layers = {2, 4, 2};
  Network net;
  const Status s = Network::create(c, net);
  CHECK(s.code() == Code::BadOption);
  CHECK_THAT(s.message(), Contains("target is a vector per sample") && Contains("triplet_margin"));
}
