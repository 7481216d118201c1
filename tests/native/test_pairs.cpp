// The pair losses at their entry (Layout::Pair: x1 in `input`, x2 in `other`, ±1 `label`s):
// hand-checked values and both gradients, and every refusal naming the argument and index.
// (Golden values, gradient checks, SIMD agreement and sample_weight reach them from the
// catalogue: test_golden, test_gradcheck, test_simd, test_sample_weight.)
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "losslab/losslab.hpp"

using namespace losslab;
using Catch::Matchers::WithinAbs;

namespace {

struct Pair {
  std::vector<float> x1, x2, y;
  std::size_t cols = 0;
  LossInput in() const {
    LossInput in;
    in.input = x1.data();
    in.n = x1.size();
    in.cols = cols;
    in.other = x2.data();
    in.other_n = x2.size();
    in.label = y.data();
    in.label_n = y.size();
    return in;
  }
};

Status run(const char* id, const Pair& p, LossOptions opt, LossOutput& out) {
  return compute(id, p.in(), opt, out);
}

}  // namespace

TEST_CASE("margin_ranking: the hand-checked example, both gradients, ties", "[pairs]") {
  // margin 0.5: z = 0.5 − y(x1 − x2) = 0.2, 1.1, 0.5, −0.2 → mean 0.45
  Pair p{{0.8f, -0.2f, 1.5f, 0.3f}, {0.5f, 0.4f, 1.5f, 1.0f}, {1, 1, -1, -1}};
  LossOptions opt = defaultOptions("margin_ranking");
  opt.margin = 0.5;
  std::vector<float> g(4), go(4);
  LossOutput out;
  out.grad = g.data();
  out.grad_other = go.data();
  REQUIRE(run("margin_ranking", p, opt, out).isOk());
  CHECK_THAT(out.value, WithinAbs(0.45, 1e-7));
  CHECK(out.terms == 4);
  const std::vector<float> want{-0.25f, -0.25f, 0.25f, 0.0f};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(g[i] == want[i]);
    CHECK(go[i] == -want[i]);
  }
  // A tie at margin 0 costs 0 and still pushes x1 up for +1 (clamp_min passes the gradient at 0).
  Pair tie{{2.0f}, {2.0f}, {1}};
  opt.margin = 0.0;
  opt.reduction = Reduction::Sum;
  REQUIRE(run("margin_ranking", tie, opt, out).isOk());
  CHECK(out.value == 0.0);
  CHECK(g[0] == -1.0f);
  CHECK(go[0] == 1.0f);
}

TEST_CASE("cosine_embedding: the hand-checked example, zero rows", "[pairs]") {
  // cos = 0 (+1: 1), cos = 1 (−1 at margin 0.5: 0.5), cos = 0.96 (−1: 0.46) → mean 0.65333
  Pair p{{1, 0, 1, 1, 3, 4}, {0, 1, 1, 1, 4, 3}, {1, -1, -1}, 2};
  LossOptions opt = defaultOptions("cosine_embedding");
  opt.margin = 0.5;
  opt.reduction = Reduction::None;
  std::vector<float> values(3), g(6), go(6);
  LossOutput out;
  out.values = values.data();
  out.grad = g.data();
  out.grad_other = go.data();
  REQUIRE(run("cosine_embedding", p, opt, out).isOk());
  CHECK(out.terms == 3);
  CHECK_THAT(values[0], WithinAbs(1.0, 1e-6));
  CHECK_THAT(values[1], WithinAbs(0.5, 1e-6));
  CHECK_THAT(values[2], WithinAbs(0.46, 1e-6));
  // Row 0, +1: ∂l/∂x1 = −(x2/r − cos·x1/s1) = −(0, 1); ∂l/∂x2 = −(1, 0).
  CHECK_THAT(g[0], WithinAbs(0.0, 1e-6));
  CHECK_THAT(g[1], WithinAbs(-1.0, 1e-6));
  CHECK_THAT(go[0], WithinAbs(-1.0, 1e-6));
  CHECK_THAT(go[1], WithinAbs(0.0, 1e-6));
  // A zero row: cos = 0, everything finite.
  Pair zero{{0, 0, 0}, {1, 2, 2}, {1}, 3};
  opt.reduction = Reduction::Mean;
  REQUIRE(run("cosine_embedding", zero, opt, out).isOk());
  CHECK(out.value == 1.0);
  for (std::size_t k = 0; k < 3; ++k) CHECK(std::isfinite(g[k]));
}

TEST_CASE("pair losses: refusals name the argument and the index", "[pairs]") {
  LossOutput out;
  LossOptions opt = defaultOptions("cosine_embedding");
  Pair p{{1, 2, 3, 4}, {1, 2, 3, 4}, {1, -1}, 2};

  Pair flat = p;
  flat.cols = 0;
  Status s = run("cosine_embedding", flat, opt, out);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK(s.message() == "cosine_embedding: input must be 2-D [N, D]: pass rows, or a flat array with `dim`");

  Pair shortOther = p;
  shortOther.x2.pop_back();
  s = run("cosine_embedding", shortOther, opt, out);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK(s.message() == "cosine_embedding: target.other has 3 values but input has 4 (x2 must have x1's shape)");

  Pair moreLabels = p;
  moreLabels.y.push_back(1);
  s = run("cosine_embedding", moreLabels, opt, out);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK(s.message() == "cosine_embedding: target.label has 3 values; expected 2 (one -1 or +1 per pair)");

  Pair zeroLabel = p;
  zeroLabel.y[1] = 0;  // PyTorch gives 0 no meaning here
  s = run("cosine_embedding", zeroLabel, opt, out);
  CHECK(s.code() == Code::BadLabel);
  CHECK(s.message() == "cosine_embedding: target.label[1] = 0 must be -1 or +1");

  Pair nanOther = p;
  nanOther.x2[3] = NAN;
  s = run("cosine_embedding", nanOther, opt, out);
  CHECK(s.code() == Code::NotFinite);
  CHECK(s.message() == "cosine_embedding: target.other[3] is NaN; every value must be finite");

  Pair infLabel = p;
  infLabel.y[0] = INFINITY;
  s = run("cosine_embedding", infLabel, opt, out);
  CHECK(s.code() == Code::NotFinite);
  CHECK(s.message() == "cosine_embedding: target.label[0] is Infinity; every value must be finite");

  opt.margin = 1.5;
  s = run("cosine_embedding", p, opt, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "cosine_embedding: option 'margin' = 1.5 must be in [-1, 1]");

  LossOptions mr = defaultOptions("margin_ranking");
  std::vector<float> w{1, 2, 3};
  mr.sample_weight = FloatSpan{w.data(), w.size()};
  Pair scores{{1, 2}, {2, 1}, {1, -1}};
  s = run("margin_ranking", scores, mr, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "margin_ranking: option 'sample_weight' has 3 values; expected 2 (one per pair) or 1 (for all)");

  Pair noOther = scores;
  noOther.x2.clear();
  s = run("margin_ranking", noOther, defaultOptions("margin_ranking"), out);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK(s.message() == "margin_ranking: target.other has 0 values but input has 2 (x2 must have x1's shape)");
}

TEST_CASE("pair losses: the catalogue says why they do not train in a 2-D toy", "[pairs]") {
  for (const char* id : {"margin_ranking", "cosine_embedding"}) {
    const LossSpec* spec = findLoss(id);
    REQUIRE(spec != nullptr);
    CHECK(spec->layout == Layout::Pair);
    CHECK(spec->not_trainable == nullptr);  // minimisable, only not by a network of points
    REQUIRE(spec->trainer_note != nullptr);
    CHECK(std::string(spec->trainer_note).find("2-D") != std::string::npos);
  }
  CHECK(std::string(familyName(findLoss("margin_ranking")->family)) == "ranking");
}
