// The network's JSON: toJSON and fromJSON round-trip settings and weights exactly, settings
// alone initialise from the seed, and malformed or mismatched text is refused with a
// position or a key.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "losslab/network.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;
using Catch::Matchers::Contains;

// ------------------------------------------------------------------------ JSON

TEST_CASE("toJSON and fromJSON round-trip settings and weights exactly", "[network]") {
  const Split sp = makeSplit("blobs", 200, 0.1, 3);
  NetworkConfig c = configFor("cross_entropy", {2, 7, 5, 3});
  c.activation = Activation::Relu;
  c.optimizer = Optimizer::Momentum;
  c.learning_rate = 0.01;
  c.batch_size = 16;
  c.l2 = 1e-4;
  c.seed = 4000000000u;
  c.loss_options.set("label_smoothing", 0.1).set("weight", std::vector<float>{1.0f, 0.5f, 2.0f});
  Network net = makeNetwork(c);
  double last;
  REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 5, last).isOk());
  std::string json;
  REQUIRE(net.toJSON(json).isOk());
  CHECK_THAT(json, Contains("\"format\":\"losslab.network\""));
  CHECK_THAT(json, Contains("\"loss\":\"cross_entropy\""));
  CHECK_THAT(json, Contains("\"label_smoothing\":0.1"));
  CHECK_THAT(json, Contains("\"learningRate\":0.01"));

  Network back;
  const Status s = Network::fromJSON(json, back);
  INFO(s.message());
  REQUIRE(s.isOk());
  CHECK(back.config().layers == c.layers);
  CHECK(back.config().activation == c.activation);
  CHECK(back.config().optimizer == c.optimizer);
  CHECK(back.config().loss_options == c.loss_options);
  CHECK(back.config().seed == c.seed);
  CHECK(back.epochs() == 5);
  CHECK(paramsOf(back) == paramsOf(net));
  std::vector<float> a, b;
  REQUIRE(net.predict(sp.xte.data(), sp.xte.size(), a).isOk());
  REQUIRE(back.predict(sp.xte.data(), sp.xte.size(), b).isOk());
  CHECK(a == b);
  std::string again;
  REQUIRE(back.toJSON(again).isOk());
  CHECK(again == json);

  // triplet networks keep their centroids
  Network trip = makeNetwork(configFor("triplet_margin", {2, 6, 2}));
  REQUIRE(trip.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 3, last).isOk());
  REQUIRE(trip.toJSON(json).isOk());
  Network trip2;
  REQUIRE(Network::fromJSON(json, trip2).isOk());
  std::vector<float> g1(64), g2(64);
  REQUIRE(trip.predictGrid(-6, 6, -6, 6, 8, 8, g1.data()).isOk());
  REQUIRE(trip2.predictGrid(-6, 6, -6, 6, 8, 8, g2.data()).isOk());
  CHECK(g1 == g2);

  // the custom loss keeps its expression, flags stay booleans
  NetworkConfig cc = configFor("custom", {2, 3, 1});
  cc.loss_options.expr = "abs(x - y)^1.5 + \"q\"";
  CHECK_FALSE(cc.validate().isOk());
  cc.loss_options.expr = "abs(x - y)^1.5";
  Network custom = makeNetwork(cc);
  REQUIRE(custom.toJSON(json).isOk());
  CHECK_THAT(json, Contains("\"expr\":\"abs(x - y)^1.5\""));
  NetworkConfig fc = configFor("focal", {2, 3, 3});
  fc.loss_options.set("from_logits", 0.0);
  Network focal = makeNetwork(fc);
  REQUIRE(focal.toJSON(json).isOk());
  CHECK_THAT(json, Contains("\"from_logits\":false"));
  REQUIRE(Network::fromJSON(json, back).isOk());
  CHECK(back.config().loss_options.numbers.at("from_logits") == 0.0);
}

TEST_CASE("fromJSON accepts settings alone and initialises from the seed", "[network]") {
  Network a, b;
  REQUIRE(Network::fromJSON(R"({"layers":[2,8,8,1],"activation":"tanh","loss":"bce_with_logits",
      "lossOptions":{"pos_weight":[2]},"optimizer":"adam","learningRate":0.03,"batchSize":10,
      "l1":0,"l2":0,"seed":9})", a).isOk());
  NetworkConfig c;
  c.seed = 9;
  c.loss_options.set("pos_weight", std::vector<float>{2});
  REQUIRE(Network::create(c, b).isOk());
  CHECK(paramsOf(a) == paramsOf(b));
  REQUIRE(Network::fromJSON("{}", a).isOk());
  CHECK(a.config().loss == "bce_with_logits");
}

TEST_CASE("fromJSON refuses malformed or mismatched text with a position or a key", "[network]") {
  Network net;
  auto err = [&](const std::string& text) {
    const Status s = Network::fromJSON(text, net);
    CHECK_FALSE(s.isOk());
    CHECK(net.empty());
    return s.message();
  };
  CHECK_THAT(err(R"({"layers":[2,8,1],})"), Contains("malformed JSON at position 18"));
  CHECK_THAT(err(R"({"layers" [2]})"), Contains("at position 10: expected ':'"));
  CHECK_THAT(err(""), Contains("position 0"));
  CHECK_THAT(err("[1,2"), Contains("expected ',' or ']'"));
  CHECK_THAT(err(R"({"a":1,"a":2})"), Contains("duplicate key"));
  CHECK_THAT(err(R"({"loss":"bce\q"})"), Contains("invalid escape"));
  CHECK_THAT(err(R"({"seed":1e999})"), Contains("out of range"));
  CHECK_THAT(err(R"({"seed":01})"), Contains("position"));
  CHECK_THAT(err("{\"loss\":\"a\nb\"}"), Contains("control character"));
  CHECK_THAT(err(std::string(100, '[') + std::string(100, ']')), Contains("nested deeper than 64"));
  CHECK_THAT(err("[1]"), Contains("the top level must be an object"));
  CHECK_THAT(err(R"({"learning_rate":0.1})"), Contains("unknown key 'learning_rate'"));
  CHECK_THAT(err(R"({"learningRate":"fast"})"), Contains("learningRate must be a number, not a string"));
  CHECK_THAT(err(R"({"learningRate":-1})"), Contains("learning_rate = -1 must be > 0"));
  CHECK_THAT(err(R"({"layers":[2,40,1]})"), Contains("layers[1] = 40 must be between 1 and 16"));
  CHECK_THAT(err(R"({"layers":[2,4.5,1]})"), Contains("layers[1] = 4.5 must be an integer"));
  CHECK_THAT(err(R"({"seed":-1})"), Contains("seed = -1"));
  CHECK_THAT(err(R"({"activation":"gelu"})"), Contains("activation 'gelu'"));
  CHECK_THAT(err(R"({"loss":"nope"})"), Contains("unknown loss 'nope'"));
  CHECK_THAT(err(R"({"version":2})"), Contains("version 2"));
  CHECK_THAT(err(R"({"lossOptions":{"reduction":"sum"}})"), Contains("reduction"));
  CHECK_THAT(err(R"({"layers":[2,2,1],"weights":[]})"), Contains("weights has 0 layers"));
  CHECK_THAT(err(R"({"layers":[2,2,1],"weights":[{"w":[[1,2]],"b":[0,0]},{"w":[[1,2]],"b":[0]}]})"),
             Contains("weights[0].w has 1 rows"));
  CHECK_THAT(err(R"({"layers":[2,2,1],"weights":[{"w":[[1,2],[3]],"b":[0,0]},{"w":[[1,2]],"b":[0]}]})"),
             Contains("weights[0].w[1] has 1 numbers"));
  CHECK_THAT(err(R"({"layers":[2,2,1],"weights":[{"w":[[1,2],[3,null]],"b":[0,0]},{"w":[[1,2]],"b":[0]}]})"),
             Contains("weights[0].w[1][1] must be a number, not null"));
  CHECK_THAT(err(R"({"layers":[2,2,1],"weights":[{"w":[[1,2],[3,4]],"b":[0,1e39]},{"w":[[1,2]],"b":[0]}]})"),
             Contains("does not fit in a float"));
  CHECK_THAT(err(R"({"centroids":[[1]]})"), Contains("triplet_margin networks only"));
  // the message names the position of the problem, 0-based as JSON.parse
  CHECK_THAT(err("{\"a\":tru}"), Contains("position 5"));

  // every truncation of a valid document fails cleanly
  Network src = makeNetwork(configFor("triplet_margin", {2, 3, 2}));
  std::string json;
  REQUIRE(src.toJSON(json).isOk());
  for (std::size_t cut = 0; cut < json.size(); ++cut) {
    Network t;
    CHECK_FALSE(Network::fromJSON(json.substr(0, cut), t).isOk());
  }
  // and a mangled byte never crashes
  for (std::size_t at = 0; at < json.size(); at += 3) {
    std::string m = json;
    m[at] = static_cast<char>(m[at] ^ 0x5A);
    Network t;
    (void)Network::fromJSON(m, t);
  }
}
