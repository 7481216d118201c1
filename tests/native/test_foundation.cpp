// The foundation's own checks: the catalogue is well formed, the article examples
// reproduce, and errors carry the contract's codes and useful messages.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "losslab/losslab.hpp"
#include "loss_run.hpp"

using namespace losslab;
using namespace loss_test;
using Catch::Matchers::Contains;

TEST_CASE("the catalogue has unique ids and well-formed option specs") {
  std::set<std::string> ids;
  for (const LossSpec& s : catalogue()) {
    INFO(s.id);
    CHECK(ids.insert(s.id).second);
    CHECK(findLoss(s.id) == &s);
    CHECK(s.run != nullptr);
    CHECK(std::string(s.formula).size() > 0);
    for (const OptionSpec& o : s.options) {
      INFO(o.name);
      const bool hasField = o.number || o.integer || o.flag || o.vector;
      CHECK(hasField);
    }
  }
  CHECK(findLoss("mse") != nullptr);
  CHECK(findLoss("cross_entropy") != nullptr);
  CHECK(findLoss("nope") == nullptr);
  const std::string json = catalogueJson();
  CHECK_THAT(json, Contains("\"id\":\"mse\""));
  CHECK_THAT(json, Contains("\"label_smoothing\""));
}

TEST_CASE("defaultOptions of an entry equals defaultOptions of its id, option by option") {
  for (const LossSpec& s : catalogue()) {
    INFO(s.id);
    const LossOptions byId = defaultOptions(s.id);
    const LossOptions bySpec = defaultOptions(s);
    CHECK(bySpec.reduction == Reduction::Mean);
    for (const OptionSpec& o : s.options) {
      INFO(o.name);
      switch (o.kind) {
        case OptionKind::Number:
          CHECK(bySpec.*(o.number) == byId.*(o.number));
          CHECK(bySpec.*(o.number) == o.default_value);
          break;
        case OptionKind::Integer:
          CHECK(bySpec.*(o.integer) == byId.*(o.integer));
          CHECK(bySpec.*(o.integer) == static_cast<int>(o.default_value));
          break;
        case OptionKind::Flag:
          CHECK(bySpec.*(o.flag) == byId.*(o.flag));
          CHECK(bySpec.*(o.flag) == (o.default_value != 0));
          break;
        case OptionKind::Vector:
          CHECK((bySpec.*(o.vector)).empty());
          break;
      }
    }
  }
}

TEST_CASE("mse reproduces the article example and its gradient") {
  const std::vector<float> x{2.5f, 5.5f, 1.8f, 6.5f}, y{3, 5, 2, 7};
  Run r = run("mse", x, y);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.1975).epsilon(1e-6));
  // ∂/∂x_i of mean (x−y)² = 2(x_i − y_i)/n
  CHECK(r.grad[0] == Approx(-0.25f));
  CHECK(r.grad[1] == Approx(0.25f));
  CHECK(r.grad[2] == Approx(-0.1f));
  CHECK(r.grad[3] == Approx(-0.25f));

  LossOptions sum;
  sum.reduction = Reduction::Sum;
  CHECK(run("mse", x, y, 0, sum).out.value == Approx(0.79));
  LossOptions none;
  none.reduction = Reduction::None;
  Run terms = run("mse", x, y, 0, none);
  CHECK(terms.values[0] == Approx(0.25f));
  CHECK(terms.values[2] == Approx(0.04f));
  CHECK(terms.grad[0] == Approx(-1.0f));
}

TEST_CASE("cross_entropy on probabilities-as-logits matches the article") {
  // The article's softmax of log([0.2, 0.7, 0.1]) is [0.2, 0.7, 0.1]: −log 0.7.
  const std::vector<float> logits{std::log(0.2f), std::log(0.7f), std::log(0.1f)};
  Run r = run("cross_entropy", logits, {1}, 3);
  REQUIRE(r.status.isOk());
  CHECK(r.out.value == Approx(0.356675).epsilon(1e-5));
  CHECK(r.grad[0] == Approx(0.2f).epsilon(1e-5));
  CHECK(r.grad[1] == Approx(-0.3f).epsilon(1e-5));
  CHECK(r.grad[2] == Approx(0.1f).epsilon(1e-5));
}

TEST_CASE("cross_entropy is exact for logits of ±1e4") {
  Run r = run("cross_entropy", {1e4f, -1e4f, 0.0f, -1e4f, 1e4f, 0.0f}, {1, 1}, 3);
  REQUIRE(r.status.isOk());
  CHECK(std::isfinite(r.out.value));
  CHECK(r.out.value == Approx(1e4));  // row 0 costs 2e4, row 1 costs 0: mean 1e4
}

TEST_CASE("errors carry the contract's codes and name the argument") {
  CHECK(run("nope", {1}, {1}).status.code() == Code::UnknownLoss);
  CHECK_THAT(run("nope", {1}, {1}).status.message(), Contains("'nope'"));

  Status s = run("mse", {1, 2, 3}, {1, 2}).status;
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK_THAT(s.message(), Contains("mse") && Contains("target has 2 values but input has 3"));

  CHECK(run("mse", {}, {}).status.code() == Code::EmptyInput);

  s = run("mse", {1, NAN, 3}, {1, 2, 3}).status;
  CHECK(s.code() == Code::NotFinite);
  CHECK_THAT(s.message(), Contains("input[1]") && Contains("NaN"));

  s = run("cross_entropy", {0, 1, 2, 3, 4, 5}, {0, 3}, 3).status;
  CHECK(s.code() == Code::BadLabel);
  CHECK_THAT(s.message(), Contains("target[1] = 3") && Contains("[0, 3)"));

  s = run("cross_entropy", {0, 1, 2, 3, 4, 5}, {0, 0.5f}, 3).status;
  CHECK(s.code() == Code::BadLabel);

  s = run("cross_entropy", {0, 1, 2, 3, 4, 5}, {0, 1}, 4).status;
  CHECK(s.code() == Code::ShapeMismatch);

  LossOptions smooth = defaultOptions("cross_entropy");
  smooth.label_smoothing = 1.5;
  s = run("cross_entropy", {0, 1, 2}, {0}, 3, smooth).status;
  CHECK(s.code() == Code::BadOption);
  CHECK_THAT(s.message(), Contains("label_smoothing") && Contains("1.5"));
}
