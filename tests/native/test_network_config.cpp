// The network's settings and data checks: messages that name the field, the catalogue's
// trainable losses each with a head (the others saying why), an empty network, and fit,
// predict and evaluate refusing bad data in the catalogue's words.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "losslab/catalogue.hpp"
#include "losslab/network.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;
using Catch::Matchers::Contains;

namespace {

std::string errorOf(const NetworkConfig& c, Code expected) {
  const Status s = c.validate();
  CHECK(s.code() == expected);
  Network net;
  CHECK(Network::create(c, net).code() == expected);
  CHECK(net.empty());
  return s.message();
}

}  // namespace

// ------------------------------------------------------------------------- settings

TEST_CASE("network settings are validated with messages that name the field", "[network]") {
  NetworkConfig c;
  CHECK(c.validate().isOk());

  c = NetworkConfig{};
  c.layers = {2, 40, 1};
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("layers[1] = 40 must be between 1 and 16"));
  c.layers = {2, 1};
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("1 to 6 hidden layer"));
  c.layers = {2, 4, 4, 4, 4, 4, 4, 4, 1};
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("layers has 9 entries"));
  c.layers = {0, 4, 1};
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("layers[0] = 0"));

  c = NetworkConfig{};
  c.learning_rate = -1;
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("learning_rate = -1 must be > 0"));
  c.learning_rate = NAN;
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("learning_rate = NaN"));
  c = NetworkConfig{};
  c.batch_size = 0;
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("batch_size = 0 must be between 1 and 10000"));
  c = NetworkConfig{};
  c.l2 = -0.5;
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("l2 = -0.5 must be >= 0"));
  c = NetworkConfig{};
  c.l1 = INFINITY;
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("l1 = Infinity"));

  c = NetworkConfig{};
  c.loss = "mbe";
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("loss 'mbe' cannot be minimised"));
  c.loss = "nope";
  CHECK_THAT(errorOf(c, Code::UnknownLoss), Contains("unknown loss 'nope'"));

  // the family decides the output size
  c = configFor("bce", {2, 8, 3});
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("is binary and needs 1"));
  c = configFor("cross_entropy", {2, 8, 1});
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("needs one unit per class"));

  // loss options by name, checked by the catalogue itself
  c = configFor("huber", {2, 8, 1});
  c.loss_options.set("delta", -1.0);
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("delta"));
  c.loss_options = {};
  c.loss_options.set("beta", 1.0);
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("loss 'huber' has no option 'beta'; its options are delta"));
  c.loss_options = {};
  c.loss_options.set("reduction", 1.0);
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("always trains on the mean"));
  c = configFor("cross_entropy", {2, 8, 3});
  c.loss_options.set("weight", std::vector<float>{1, 2});
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("weight"));
  c.loss_options.set("weight", std::vector<float>{1, 2, 3});
  CHECK(c.validate().isOk());
  c = configFor("focal", {2, 8, 3});
  c.loss_options.set("from_logits", 0.5);
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("lossOptions.from_logits = 0.5 must be true or false"));
  c = configFor("bce", {2, 8, 1});
  c.loss_options.set("weight", std::vector<float>{2});
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("lossOptions.weight"));
  c = configFor("custom", {2, 8, 1});
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("needs lossOptions.expr"));
  c.loss_options.expr = "abs(x - y";
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("column"));
  c.loss_options.expr = "abs(x - y)";
  CHECK(c.validate().isOk());
  c = configFor("mse", {2, 8, 1});
  c.loss_options.expr = "x";
  CHECK_THAT(errorOf(c, Code::BadOption), Contains("custom loss only"));

  Activation a;
  CHECK_THAT(parseActivation("gelu", a).message(), Contains("tanh, relu, sigmoid, linear"));
  REQUIRE(parseActivation("relu", a).isOk());
  CHECK(a == Activation::Relu);
  Optimizer o;
  CHECK(parseOptimizer("rmsprop", o).code() == Code::BadOption);
  REQUIRE(parseOptimizer("momentum", o).isOk());
  CHECK(o == Optimizer::Momentum);
}

TEST_CASE("every trainable catalogue loss makes a network with a head; the others say why", "[network]") {
  for (const LossSpec& spec : catalogue()) {
    const std::string id = spec.id;
    INFO(id);
    NetworkConfig c;
    c.loss = id;
    const bool classes = spec.family == Family::Multiclass || spec.family == Family::Multilabel;
    const int out = spec.columns ? static_cast<int>(spec.columns)
                                 : spec.family == Family::Binary ? 1 : classes ? 3 : 2;
    c.layers = {2, 4, out};
    if (spec.family == Family::Custom) c.loss_options.expr = "(x - y)^2";
    Network net;
    const Status s = Network::create(c, net);
    if (spec.not_trainable != nullptr) {  // mbe, and the losses a network has no targets for
      CHECK(s.code() == Code::BadOption);
      CHECK_THAT(s.message(), Contains(spec.not_trainable));
      continue;
    }
    if (spec.trainer_note != nullptr) {  // ctc: a network of points has no time axis
      CHECK(s.code() == Code::BadOption);
      CHECK_THAT(s.message(), Contains(spec.trainer_note));
      continue;
    }
    INFO(s.message());
    REQUIRE(s.isOk());
    CHECK(net.predictionSize() == static_cast<std::size_t>(out));
  }
}

TEST_CASE("an empty network answers with a status, not a crash", "[network]") {
  Network net;
  CHECK(net.empty());
  std::vector<float> x{0, 0}, y{0}, p;
  double l;
  CHECK(net.fit(x.data(), 2, y.data(), 1, 1, l).code() == Code::BadOption);
  CHECK(net.predict(x.data(), 2, p).code() == Code::BadOption);
  std::string json;
  CHECK(net.toJSON(json).code() == Code::BadOption);
  net.reset();
}

// ------------------------------------------------------------------- data checks

TEST_CASE("fit, predict and evaluate check their data", "[network]") {
  Network net = makeNetwork(configFor("bce_with_logits", {2, 4, 1}));
  std::vector<float> x{0, 1, 2, 3, 4, 5}, y{0, 1, 1}, out(3);
  double l = 0.0;
  Status s = net.fit(x.data(), 5, y.data(), 3, 1, l);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK_THAT(s.message(), Contains("x has 5 values, not a multiple of the input size 2"));
  s = net.fit(x.data(), 6, y.data(), 2, 1, l);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK_THAT(s.message(), Contains("y has 2 values; expected 3"));
  // y is the loss's target: refused with the catalogue's code and words, as lab.loss does.
  y[1] = 2;
  s = net.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::OutOfDomain);
  CHECK_THAT(s.message(), Contains("bce_with_logits: y[1] = 2 is outside [0, 1]"));
  y[1] = 1;
  x[3] = NAN;
  s = net.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::NotFinite);
  CHECK_THAT(s.message(), Contains("x[3] is NaN"));
  x[3] = 3;
  CHECK(net.fit(x.data(), 6, y.data(), 3, 0, l).code() == Code::BadOption);
  CHECK(net.fit(nullptr, 0, y.data(), 3, 1, l).code() == Code::EmptyInput);
  CHECK(net.predict(x.data(), 6, out.data(), 2).code() == Code::ShapeMismatch);
  CHECK(net.predict(x.data(), 6, out.data(), 3).isOk());

  Network hinge = makeNetwork(configFor("hinge", {2, 4, 1}));
  y = {0, 0.5f, 1};
  s = hinge.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::BadLabel);
  CHECK_THAT(s.message(), Contains("hinge: y[1] = 0.5 must be -1 or +1"));

  Network multi = makeNetwork(configFor("cross_entropy", {2, 4, 3}));
  y = {0, 3, 1};
  s = multi.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::BadLabel);
  CHECK_THAT(s.message(), Contains("y[1] = 3 is not a class index in [0, 3)"));
  y = {0, 1.5f, 1};
  CHECK(multi.fit(x.data(), 6, y.data(), 3, 1, l).code() == Code::BadLabel);

  Network reg = makeNetwork(configFor("mse", {2, 4, 2}));
  y = {0, 1, 2};
  s = reg.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::ShapeMismatch);
  CHECK_THAT(s.message(), Contains("2 values per sample"));

  Network msle = makeNetwork(configFor("msle", {2, 4, 1}));
  y = {0, -1, 1};
  s = msle.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::OutOfDomain);
  CHECK_THAT(s.message(), Contains("y[1] = -1 must be > -1"));

  Network trip = makeNetwork(configFor("triplet_margin", {2, 4, 2}));
  y = {1, 1, 1};
  s = trip.fit(x.data(), 6, y.data(), 3, 1, l);
  CHECK(s.code() == Code::BadLabel);
  CHECK_THAT(s.message(), Contains("at least 2 classes"));
}
