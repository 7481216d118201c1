// The articles' worked examples for every loss family, the catalogue's shape (ids,
// families, defaults), and one test per error case checking the code and the message.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "losslab/losslab.hpp"
#include "simd/dispatch.hpp"
#include "loss_run.hpp"

using namespace losslab;
using namespace loss_test;
using Catch::Matchers::Contains;

namespace {

Run runTriplet(const std::vector<float>& a, const std::vector<float>& p,
               const std::vector<float>& n, std::size_t dim, LossOptions opt) {
  Run r;
  r.grad.assign(a.size(), NAN);
  r.gradPositive.assign(p.size(), NAN);
  r.gradNegative.assign(n.size(), NAN);
  r.values.assign(a.size(), NAN);
  LossInput in{a.data(), a.size(), dim};
  in.positive = p.data();
  in.positive_n = p.size();
  in.negative = n.data();
  in.negative_n = n.size();
  r.out.grad = r.grad.data();
  r.out.grad_positive = r.gradPositive.data();
  r.out.grad_negative = r.gradNegative.data();
  r.out.values = r.values.data();
  r.status = compute("triplet_margin", in, opt, r.out);
  return r;
}

LossOptions with(const char* id, Reduction reduction) {
  LossOptions o = defaultOptions(id);
  o.reduction = reduction;
  return o;
}

const std::vector<float> kPredictions{2.5f, 5.5f, 1.8f, 6.5f};
const std::vector<float> kTargets{3, 5, 2, 7};
const std::vector<float> kProbabilities{0.2f, 0.7f, 0.1f};  // true class 1

}  // namespace

TEST_CASE("the catalogue lists every contract loss in its family") {
  using Row = std::tuple<std::string, Family>;
  const auto [id, family] = GENERATE(table<std::string, Family>({
      Row{"mse", Family::Regression}, Row{"mae", Family::Regression},
      Row{"rmse", Family::Regression}, Row{"mbe", Family::Regression},
      Row{"msle", Family::Regression}, Row{"huber", Family::Regression},
      Row{"smooth_l1", Family::Regression}, Row{"pseudo_huber", Family::Regression},
      Row{"log_cosh", Family::Regression}, Row{"bce", Family::Binary},
      Row{"bce_with_logits", Family::Binary}, Row{"hinge", Family::Binary},
      Row{"squared_hinge", Family::Binary}, Row{"binary_focal", Family::Binary},
      Row{"cross_entropy", Family::Multiclass},
      Row{"categorical_cross_entropy", Family::Multiclass},
      Row{"sparse_categorical_cross_entropy", Family::Multiclass},
      Row{"nll", Family::Multiclass}, Row{"kl_div", Family::Multiclass},
      Row{"multi_margin", Family::Multiclass}, Row{"focal", Family::Multiclass},
      Row{"triplet_margin", Family::Embedding}}));
  INFO(id);
  const LossSpec* spec = findLoss(id);
  REQUIRE(spec != nullptr);
  CHECK(spec->family == family);
  CHECK(std::string(spec->summary).size() > 0);
  CHECK(std::string(spec->use_case).size() > 0);
  CHECK(std::string(spec->input_doc).size() > 0);
  CHECK(std::string(spec->target_doc).size() > 0);
}

TEST_CASE("option defaults follow the contract") {
  CHECK(defaultOptions("huber").delta == 1.0);
  CHECK(defaultOptions("smooth_l1").beta == 1.0);
  CHECK(defaultOptions("binary_focal").alpha == 0.25);
  CHECK(defaultOptions("binary_focal").gamma == 2.0);
  CHECK(defaultOptions("binary_focal").from_logits);
  CHECK(defaultOptions("focal").gamma == 2.0);
  CHECK(defaultOptions("multi_margin").p == 1.0);
  CHECK(defaultOptions("multi_margin").margin == 1.0);
  CHECK(defaultOptions("triplet_margin").p == 2.0);
  CHECK(defaultOptions("triplet_margin").margin == 1.0);
  CHECK(defaultOptions("triplet_margin").eps == 1e-6);
  CHECK_FALSE(defaultOptions("triplet_margin").swap);
  CHECK(defaultOptions("nll").ignore_index == -100);
  CHECK(findLoss("rmse")->mean_only);
}

TEST_CASE("regression losses reproduce the article's house-price example") {
  // predictions 2.5, 5.5, 1.8, 6.5 against 3, 5, 2, 7: d = −0.5, 0.5, −0.2, −0.5.
  const auto [id, expected] = GENERATE(table<const char*, double>({
      {"mse", 0.1975},
      {"mae", 0.425},
      {"rmse", 0.44440972086577946},
      {"mbe", 0.175},  // mean(target − input): the predictions run low
      {"msle", 0.008290676223648824},
      {"huber", 0.09875},  // every |d| < δ = 1: half the MSE
      {"smooth_l1", 0.09875},
      {"pseudo_huber", 0.09347646724206043},
      {"log_cosh", 0.09505289817870993},
  }));
  INFO(id);
  Run r = run(id, kPredictions, kTargets);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(expected).epsilon(1e-6));
}

TEST_CASE("mae's gradient is sign(d)/n, and 0 where the prediction is exact") {
  Run r = run("mae", {2.5f, 5.5f, 2.0f, 6.5f}, kTargets);
  REQUIRE(r.status.isOk());
  CHECK(r.grad == std::vector<float>{-0.25f, 0.25f, 0.0f, -0.25f});
}

TEST_CASE("rmse's gradient is d / (n·rmse), and 0 at a perfect fit") {
  Run r = run("rmse", kPredictions, kTargets);
  REQUIRE(r.status.isOk());
  CHECK(r.grad[0] == Approx(-0.5 / (4 * 0.44440972086577946)));
  Run perfect = run("rmse", kTargets, kTargets);
  REQUIRE(perfect.status.isOk());
  CHECK(perfect.out.value == 0.0);
  CHECK(perfect.grad == std::vector<float>(4, 0.0f));
}

TEST_CASE("huber, pseudo_huber and log_cosh stay finite at errors of 1e4") {
  for (const char* id : {"huber", "pseudo_huber", "log_cosh", "smooth_l1"}) {
    INFO(id);
    Run r = run(id, {1e4f, -1e4f}, {0, 0});
    REQUIRE(r.status.isOk());
    CHECK(std::isfinite(r.out.value));
    CHECK(r.grad[0] == Approx(0.5));  // slope 1 (δ = 1), halved by the mean
    CHECK(r.grad[1] == Approx(-0.5));
  }
  CHECK(run("huber", {1e4f}, {0}).out.value == Approx(1e4 - 0.5));
  CHECK(run("log_cosh", {1e4f}, {0}).out.value == Approx(1e4 - std::log(2.0)));
}

TEST_CASE("bce of an output of 0.25 with label 0 is −log 0.75") {
  Run r = run("bce", {0.25f}, {0});
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.287682).epsilon(1e-5));
  CHECK(r.grad[0] == Approx(1.0 / 0.75));
  // A confident mistake costs 100 (the log clamp), not infinity.
  CHECK(run("bce", {0.0f}, {1}).out.value == Approx(100.0));
}

TEST_CASE("bce_with_logits equals bce of the sigmoid, and is stable for huge logits") {
  Run r = run("bce_with_logits", {0.0f}, {1});
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(std::log(2.0)));
  CHECK(r.grad[0] == Approx(-0.5));
  Run big = run("bce_with_logits", {1e4f, -1e4f}, {0, 1});
  REQUIRE(big.status.isOk());
  CHECK(big.out.value == Approx(1e4));
}

TEST_CASE("hinge is zero beyond the margin; 0/1 targets are read as -1/+1") {
  Run r = run("hinge", {0.8f, -0.5f, 2.0f, 0.3f}, {1, -1, 1, -1});
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.5));  // terms 0.2, 0.5, 0, 1.3
  Run zeroOne = run("hinge", {0.8f, -0.5f, 2.0f, 0.3f}, {1, 0, 1, 0});
  CHECK(zeroOne.out.value == Approx(0.5));
  CHECK(run("squared_hinge", {0.8f, -0.5f, 2.0f, 0.3f}, {1, -1, 1, -1}).out.value ==
        Approx((0.04 + 0.25 + 0 + 1.69) / 4));
}

TEST_CASE("cross-entropy of probabilities [0.2, 0.7, 0.1] with class 1 is −log 0.7") {
  Run categorical = run("categorical_cross_entropy", kProbabilities, {0, 1, 0}, 3);
  REQUIRE(categorical.status.isOk());
  CHECK(categorical.out.value == Approx(0.356675).epsilon(1e-5));
  // Through the renormalisation: ∂/∂x_k = −1/0.7·([k = 1] − 0.7) / Σx.
  CHECK(categorical.grad[0] == Approx(1.0).epsilon(1e-5));
  CHECK(categorical.grad[1] == Approx(-1.0 / 0.7 + 1.0).epsilon(1e-5));

  Run sparse = run("sparse_categorical_cross_entropy", kProbabilities, {1}, 3);
  REQUIRE(sparse.status.isOk());
  CHECK(sparse.out.value == Approx(0.356675).epsilon(1e-5));
  CHECK(sparse.grad == categorical.grad);

  // Unnormalised rows are renormalised first: [2, 7, 1] is the same distribution.
  CHECK(run("sparse_categorical_cross_entropy", {2, 7, 1}, {1}, 3).out.value ==
        Approx(0.356675).epsilon(1e-5));

  Run nll = run("nll", {std::log(0.2f), std::log(0.7f), std::log(0.1f)}, {1}, 3);
  REQUIRE(nll.status.isOk());
  CHECK(nll.out.value == Approx(0.356675).epsilon(1e-5));
}

TEST_CASE("softmax losses stay exact when several logits tie at the float maximum") {
  // 11 logits at FLT_MAX, the true class at 1: p of each maximum is 1/11 (not 1, which
  // m + log s rounded to m would give), q = 1 − p_y = 1, and −log p_y = FLT_MAX − 1 + log 11.
  constexpr std::size_t C = 64, kMaxima = 11;
  std::vector<float> x(C, 0.0f);
  x[0] = 1.0f;
  for (std::size_t k = 1; k <= kMaxima; ++k) x[k] = std::numeric_limits<float>::max();
  const double expected = std::numeric_limits<float>::max() - 1.0 + std::log(double(kMaxima));
  for (const char* id : {"cross_entropy", "focal"}) {
    for (const bool scalar : {false, true}) {
      losslab::detail::forceScalar() = scalar;
      Run r = run(id, x, {0}, C);
      losslab::detail::forceScalar() = false;
      INFO(id << (scalar ? " (scalar twin)" : " (SIMD)"));
      REQUIRE(r.status.isOk());
      CHECK(r.out.value == Approx(expected).epsilon(1e-6));
      CHECK(r.grad[0] == Approx(-1.0).margin(1e-6));
      CHECK(r.grad[1] == Approx(1.0 / kMaxima).epsilon(1e-5));
      CHECK(r.grad[C - 1] == 0.0f);
    }
  }
}

TEST_CASE("kl_div of a one-hot truth is the cross-entropy (Keras clips 0 to 1e-7)") {
  Run r = run("kl_div", kProbabilities, {0, 1, 0}, 3);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.35667209974359926).epsilon(1e-6));
  CHECK(r.grad[1] == Approx(-1.0 / 0.7));
  CHECK(run("kl_div", kProbabilities, kProbabilities, 3).out.value == Approx(0.0).margin(1e-7));
}

TEST_CASE("focal loss with γ = 2 down-weights the article's example to 0.0321007") {
  LossOptions probabilities = defaultOptions("focal");
  probabilities.from_logits = false;
  Run r = run("focal", kProbabilities, {1}, 3, probabilities);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.0321007).epsilon(1e-5));
  CHECK(r.grad[0] == 0.0f);
  CHECK(r.grad[1] == Approx(-0.3426).epsilon(1e-3));

  // The same distribution as logits.
  Run logits = run("focal", {std::log(0.2f), std::log(0.7f), std::log(0.1f)}, {1}, 3);
  REQUIRE(logits.status.isOk());
  CHECK(logits.out.value == Approx(0.0321007).epsilon(1e-5));

  // γ = 0 is plain cross-entropy.
  probabilities.gamma = 0.0;
  CHECK(run("focal", kProbabilities, {1}, 3, probabilities).out.value == Approx(0.356675).epsilon(1e-5));
}

TEST_CASE("binary_focal with α = 0.25, γ = 2 matches the RetinaNet weighting") {
  // One positive at p = 0.7 (logit log(0.7/0.3)): 0.25·0.3²·(−log 0.7).
  Run r = run("binary_focal", {std::log(0.7f / 0.3f)}, {1});
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.25 * 0.09 * 0.356675).epsilon(1e-5));
  LossOptions probabilities = defaultOptions("binary_focal");
  probabilities.from_logits = false;
  Run p = run("binary_focal", {0.7f}, {1}, 0, probabilities);
  REQUIRE(p.status.isOk());
  CHECK(p.out.value == Approx(r.out.value).epsilon(1e-5));
}

TEST_CASE("multi_margin reproduces PyTorch's documented example") {
  Run r = run("multi_margin", {0.1f, 0.2f, 0.4f, 0.8f}, {3}, 4);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.325));  // (0.3 + 0.4 + 0.6) / 4
}

TEST_CASE("triplet margin 0.2: a close positive and a far negative cost nothing") {
  LossOptions opt = defaultOptions("triplet_margin");
  opt.margin = 0.2;
  Run r = runTriplet({1, 2, 3}, {1.2f, 1.8f, 3.2f}, {4, 5, 6}, 3, opt);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == 0.0);
  CHECK(r.grad == std::vector<float>(3, 0.0f));
  CHECK(r.gradPositive == std::vector<float>(3, 0.0f));
  CHECK(r.gradNegative == std::vector<float>(3, 0.0f));

  // Swap the roles and it costs margin + d(a, n) − d(a, p).
  Run swapped = runTriplet({1, 2, 3}, {4, 5, 6}, {1.2f, 1.8f, 3.2f}, 3, opt);
  REQUIRE(swapped.status.isOk());
  CHECK(swapped.out.value == Approx(0.2 + std::sqrt(27.0) - std::sqrt(0.12)).epsilon(1e-5));
}

TEST_CASE("'none' gives one value per sample for multi-class and triplet losses") {
  Run r = run("focal", {0, 0, 0, 1, 2, 3}, {0, 2}, 3, with("focal", Reduction::None));
  REQUIRE(r.status.isOk());
  CHECK(r.out.terms == 2);
  CHECK(r.values[0] + r.values[1] == Approx(r.out.value));
  Run sum = run("focal", {0, 0, 0, 1, 2, 3}, {0, 2}, 3, with("focal", Reduction::Sum));
  Run mean = run("focal", {0, 0, 0, 1, 2, 3}, {0, 2}, 3);
  CHECK(mean.out.value == Approx(sum.out.value / 2));
  CHECK(mean.grad[5] == Approx(sum.grad[5] / 2));
}

// ---- errors: the contract's code and a message naming the loss, argument and index ----

namespace {
void checkError(const Run& r, Code code, const std::vector<std::string>& parts) {
  INFO(r.status.message());
  CHECK(r.status.code() == code);
  for (const std::string& part : parts) CHECK_THAT(r.status.message(), Contains(part));
  // Nothing is written on failure.
  for (float g : r.grad) CHECK(std::isnan(g));
}
}  // namespace

TEST_CASE("bce rejects probabilities outside [0, 1]") {
  checkError(run("bce", {0.5f, 1.2f}, {0, 1}), Code::OutOfDomain,
             {"bce: ", "input[1] = 1.2", "outside [0, 1]"});
  checkError(run("bce", {0.5f, 0.2f}, {1.5f, 1}), Code::OutOfDomain,
             {"bce: ", "target[0] = 1.5", "outside [0, 1]"});
}

TEST_CASE("msle rejects values at or below -1") {
  checkError(run("msle", {0.5f, -1.0f}, {0, 1}), Code::OutOfDomain,
             {"msle: ", "input[1] = -1", "must be > -1"});
  checkError(run("msle", {0.5f, 1.0f}, {0, -2}), Code::OutOfDomain,
             {"msle: ", "target[1] = -2", "must be > -1"});
}

TEST_CASE("hinge rejects a target of 0.5") {
  checkError(run("hinge", {1, 2, 3}, {1, -1, 0.5f}), Code::BadLabel,
             {"hinge: ", "target[2] = 0.5", "-1 or +1"});
}

TEST_CASE("binary_focal rejects soft labels") {
  checkError(run("binary_focal", {1, 2}, {1, 0.5f}), Code::BadLabel,
             {"binary_focal: ", "target[1] = 0.5", "must be 0 or 1"});
}

TEST_CASE("weights of the wrong length are BAD_OPTION") {
  const std::vector<float> two{1, 2};
  LossOptions opt = defaultOptions("cross_entropy");
  opt.weight = {two.data(), two.size()};
  checkError(run("cross_entropy", {0, 1, 2}, {0}, 3, opt), Code::BadOption,
             {"cross_entropy: ", "option 'weight' has 2 values", "expected 3 (one per class)"});
  checkError(run("nll", {-1, -2, -3}, {0}, 3, opt), Code::BadOption,
             {"nll: ", "option 'weight' has 2 values"});
  checkError(run("multi_margin", {0, 1, 2}, {0}, 3, opt), Code::BadOption,
             {"multi_margin: ", "option 'weight' has 2 values"});

  const std::vector<float> three{1, 2, 3};
  LossOptions bce = defaultOptions("bce");
  bce.weight = {three.data(), three.size()};
  checkError(run("bce", {0.1f, 0.2f, 0.3f, 0.4f}, {0, 1, 0, 1}, 2, bce), Code::BadOption,
             {"bce: ", "option 'weight' has 3 values", "expected 4 (one per element) or 2 (one per class)"});

  LossOptions pos = defaultOptions("bce_with_logits");
  pos.pos_weight = {three.data(), three.size()};
  checkError(run("bce_with_logits", {0.1f, 0.2f, 0.3f, 0.4f}, {0, 1, 0, 1}, 2, pos),
             Code::BadOption, {"bce_with_logits: ", "option 'pos_weight' has 3 values", "expected 1 or 2"});

  LossOptions alpha = defaultOptions("focal");
  alpha.class_alpha = {two.data(), two.size()};
  checkError(run("focal", {0, 1, 2}, {0}, 3, alpha), Code::BadOption,
             {"focal: ", "option 'alpha' has 2 values", "expected 1 or 3 (one per class)"});
}

TEST_CASE("negative weights are BAD_OPTION naming the entry") {
  const std::vector<float> w{1, -1, 1};
  LossOptions opt = defaultOptions("nll");
  opt.weight = {w.data(), w.size()};
  checkError(run("nll", {-1, -2, -3}, {0}, 3, opt), Code::BadOption,
             {"nll: ", "option 'weight'[1] = -1", "must be >= 0"});
}

TEST_CASE("huber and pseudo_huber need delta > 0") {
  LossOptions opt = defaultOptions("huber");
  opt.delta = 0.0;
  checkError(run("huber", {1}, {0}, 0, opt), Code::BadOption,
             {"huber: ", "option 'delta' = 0 must be > 0"});
  opt.delta = -1.0;
  checkError(run("pseudo_huber", {1}, {0}, 0, opt), Code::BadOption,
             {"pseudo_huber: ", "option 'delta' = -1 must be > 0"});
}

TEST_CASE("smooth_l1 needs beta >= 0; beta = 0 is L1") {
  LossOptions opt = defaultOptions("smooth_l1");
  opt.beta = -0.5;
  checkError(run("smooth_l1", {1}, {0}, 0, opt), Code::BadOption,
             {"smooth_l1: ", "option 'beta' = -0.5 must be >= 0"});
  opt.beta = 0.0;
  Run l1 = run("smooth_l1", kPredictions, kTargets, 0, opt);
  REQUIRE(l1.status.isOk());
  CHECK(l1.out.value == Approx(0.425));
}

TEST_CASE("multi_margin takes p = 1 or 2 only") {
  LossOptions opt = defaultOptions("multi_margin");
  opt.p = 3.0;
  checkError(run("multi_margin", {0, 1, 2}, {0}, 3, opt), Code::BadOption,
             {"multi_margin: ", "option 'p' = 3 must be 1 or 2"});
}

TEST_CASE("focal losses need gamma >= 0") {
  LossOptions opt = defaultOptions("focal");
  opt.gamma = -1.0;
  checkError(run("focal", {0, 1, 2}, {0}, 3, opt), Code::BadOption,
             {"focal: ", "option 'gamma' = -1 must be >= 0"});
  checkError(run("binary_focal", {0.5f}, {1}, 0, opt), Code::BadOption,
             {"binary_focal: ", "option 'gamma' = -1 must be >= 0"});
}

TEST_CASE("binary_focal alpha is at most 1 (negative disables it)") {
  LossOptions opt = defaultOptions("binary_focal");
  opt.alpha = 1.5;
  checkError(run("binary_focal", {0.5f}, {1}, 0, opt), Code::BadOption,
             {"binary_focal: ", "option 'alpha' = 1.5 must be <= 1"});
  opt.alpha = -1.0;
  Run off = run("binary_focal", {0.0f}, {1}, 0, opt);
  REQUIRE(off.status.isOk());
  CHECK(off.out.value == Approx(0.25 * std::log(2.0)));  // (1 − ½)²·log 2, unweighted
}

TEST_CASE("rmse takes 'mean' only") {
  checkError(run("rmse", {1, 2}, {0, 0}, 0, with("rmse", Reduction::Sum)), Code::BadOption,
             {"option 'reduction' = 'sum' is not supported", "rmse takes 'mean' only"});
  checkError(run("rmse", {1, 2}, {0, 0}, 0, with("rmse", Reduction::None)), Code::BadOption,
             {"'none' is not supported"});
}

TEST_CASE("focal losses with from_logits: false need probabilities") {
  LossOptions opt = defaultOptions("focal");
  opt.from_logits = false;
  checkError(run("focal", {0.2f, 1.5f, 0.1f}, {1}, 3, opt), Code::OutOfDomain,
             {"focal: ", "input[1] = 1.5", "outside [0, 1]", "from_logits: false"});
  checkError(run("binary_focal", {0.5f, 1.5f}, {1, 0}, 0, opt), Code::OutOfDomain,
             {"binary_focal: ", "input[1] = 1.5", "from_logits: false takes probabilities"});
  // The same inputs are fine as logits.
  CHECK(run("focal", {0.2f, 1.5f, 0.1f}, {1}, 3).status.isOk());
}

TEST_CASE("kl_div rejects negative probabilities") {
  checkError(run("kl_div", {-0.1f, 0.6f, 0.5f}, {0, 1, 0}, 3), Code::OutOfDomain,
             {"kl_div: ", "input[0] = -0.1", "outside [0, 1]"});
  checkError(run("kl_div", {0.1f, 0.6f, 0.3f}, {0, 1.5f, 0}, 3), Code::OutOfDomain,
             {"kl_div: ", "target[1] = 1.5"});
}

TEST_CASE("categorical cross-entropies need non-negative rows with a positive sum") {
  checkError(run("categorical_cross_entropy", {0.2f, -0.7f, 0.1f}, {0, 1, 0}, 3), Code::OutOfDomain,
             {"categorical_cross_entropy: ", "input[1] = -0.7", "is negative"});
  checkError(run("sparse_categorical_cross_entropy", {0.2f, 0.7f, 0.1f, 0, 0, 0}, {1, 0}, 3),
             Code::OutOfDomain, {"sparse_categorical_cross_entropy: ", "input row 1", "sums to 0"});
  checkError(run("sparse_categorical_cross_entropy", {0.2f, 0.7f, 0.1f}, {3}, 3), Code::BadLabel,
             {"target[0] = 3", "not a class index in [0, 3)"});
  checkError(run("categorical_cross_entropy", {0.2f, 0.7f, 0.1f}, {1}, 3), Code::ShapeMismatch,
             {"target has 1 values", "[1, 3] probabilities"});
}

TEST_CASE("nll honours ignore_index and rejects other bad labels") {
  Run r = run("nll", {-1, -2, -3, -4, -5, -6}, {2, -100}, 3);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(3.0));  // the ignored row neither costs nor counts
  CHECK(r.grad == std::vector<float>{0, 0, -1, 0, 0, 0});
  checkError(run("nll", {-1, -2, -3}, {-1}, 3), Code::BadLabel, {"nll: ", "target[0] = -1"});
}

TEST_CASE("triplet_margin checks shapes, values and options") {
  LossOptions opt = defaultOptions("triplet_margin");
  checkError(runTriplet({1, 2, 3, 4}, {1, 2}, {1, 2, 3, 4}, 2, opt), Code::ShapeMismatch,
             {"triplet_margin: ", "target.positive has 2 values"});
  checkError(runTriplet({1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, NAN, 4}, 2, opt), Code::NotFinite,
             {"triplet_margin: ", "target.negative[2]"});
  opt.margin = -1.0;
  checkError(runTriplet({1, 2}, {1, 2}, {3, 4}, 2, opt), Code::BadOption,
             {"option 'margin' = -1 must be >= 0"});
  opt = defaultOptions("triplet_margin");
  opt.p = 0.0;
  checkError(runTriplet({1, 2}, {1, 2}, {3, 4}, 2, opt), Code::BadOption,
             {"option 'p' = 0 must be >= 1"});
  // p < 1 is not a norm: tiny p overflowed the distance to ∞ and the loss to ∞ − ∞ = NaN
  // (fuzz/regressions/loss/triplet-tiny-p).
  opt.p = 0.5;
  checkError(runTriplet({1, 2}, {1, 2}, {3, 4}, 2, opt), Code::BadOption,
             {"option 'p' = 0.5 must be >= 1"});
  opt = defaultOptions("triplet_margin");
  opt.eps = -1e-6;
  checkError(runTriplet({1, 2}, {1, 2}, {3, 4}, 2, opt), Code::BadOption,
             {"option 'eps' = -1e-06 must be in [0, 1]"});
  // ε near 1e300 overflowed both distances: ∞ − ∞ = NaN (fuzz/regressions/loss/triplet-huge-eps).
  opt.eps = 1e300;
  checkError(runTriplet({1, 2}, {1, 2}, {3, 4}, 2, opt), Code::BadOption,
             {"option 'eps' = 1e+300 must be in [0, 1]"});
}
