// The network's determinism: divergence reported and undone by reset(), the same seed giving
// the same weights (and the same bits on every platform), and the deterministic math it is
// built on (its own exp, log, tanh, sin, cos; vector activations equal to their one-lane twins).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "losslab/network.hpp"
#include "../../core/src/support/detmath.hpp"
#include "network/layer.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;
using Catch::Matchers::Contains;

// ------------------------------------------------------- divergence, reset, determinism

TEST_CASE("a huge learning rate diverges with NOT_FINITE; reset() recovers", "[network]") {
  const Split sp = makeSplit("plane", 200, 0.0);
  NetworkConfig c = configFor("mse", {2, 8, 8, 1});
  c.optimizer = Optimizer::Sgd;
  c.activation = Activation::Relu;
  c.learning_rate = 1e6;
  Network net = makeNetwork(c);
  const std::vector<float> fresh = paramsOf(net);
  double last = 0.0;
  Status s = net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 50, last);
  CHECK(s.code() == Code::NotFinite);
  CHECK_THAT(s.message(), Contains("training diverged at epoch "));
  CHECK_THAT(s.message(), Contains("lower the learning rate"));
  std::vector<float> p;
  CHECK(net.predict(sp.xte.data(), sp.xte.size(), p).code() == Code::NotFinite);
  CHECK(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 1, last).code() ==
        Code::NotFinite);

  net.reset();
  CHECK(net.epochs() == 0);
  CHECK(paramsOf(net) == fresh);
  REQUIRE(net.predict(sp.xte.data(), sp.xte.size(), p).isOk());
}

TEST_CASE("diverging classification names the epoch", "[network]") {
  const Split sp = makeSplit("circle", 200, 0.0);
  NetworkConfig c = configFor("bce", {2, 8, 1});
  c.optimizer = Optimizer::Sgd;
  c.activation = Activation::Linear;
  c.learning_rate = 1e30;
  Network net = makeNetwork(c);
  double last;
  const Status s = net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 20, last);
  CHECK(s.code() == Code::NotFinite);
  CHECK_THAT(s.message(), Contains("training diverged at epoch"));
}

TEST_CASE("the same seed gives identical weights; reset() replays training", "[network]") {
  const Split sp = makeSplit("spiral", 300, 0.1);
  for (Optimizer o : {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam}) {
    INFO(optimizerName(o));
    NetworkConfig c = configFor("bce_with_logits", {2, 8, 8, 1});
    c.optimizer = o;
    c.l1 = 1e-4;
    Network a = makeNetwork(c), b = makeNetwork(c);
    double la, lb;
    REQUIRE(a.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 4, la).isOk());
    REQUIRE(b.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 2, lb).isOk());
    REQUIRE(b.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 2, lb).isOk());
    CHECK(paramsOf(a) == paramsOf(b));  // 4 epochs = 2 + 2 epochs
    CHECK(la == lb);
    CHECK(a.epochs() == 4);
    const std::vector<float> trained = paramsOf(a);
    a.reset();
    REQUIRE(a.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 4, la).isOk());
    CHECK(paramsOf(a) == trained);
    c.seed = 2;
    Network other = makeNetwork(c);
    CHECK(paramsOf(other) != paramsOf(b));
  }
  // triplets are sampled from the seed too
  const Split bl = makeSplit("blobs", 200, 0.1, 3);
  NetworkConfig t = configFor("triplet_margin", {2, 8, 2});
  Network a = makeNetwork(t), b = makeNetwork(t);
  double l;
  REQUIRE(a.fit(bl.xtr.data(), bl.xtr.size(), bl.ytr.data(), bl.ytr.size(), 3, l).isOk());
  REQUIRE(b.fit(bl.xtr.data(), bl.xtr.size(), bl.ytr.data(), bl.ytr.size(), 3, l).isOk());
  CHECK(paramsOf(a) == paramsOf(b));
}

TEST_CASE("a fixed seed gives the same weights on every platform", "[network]") {
  // A fingerprint of training: natively and in wasm these bits must agree (the network
  // uses its own PRNG and transcendental functions and no FMA contraction; mse and the
  // datasets use no libm). If this fails only in one build, determinism broke there.
  const Split sp = makeSplit("circle", 200, 0.1);
  NetworkConfig c = configFor("mse", {2, 6, 6, 1});
  Network net = makeNetwork(c);
  double l;
  REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 5, l).isOk());
  const std::uint64_t h = fingerprint(paramsOf(net));  // FNV-1a over the weights' bits
  INFO("fingerprint 0x" << std::hex << h);
  CHECK(h == 0xac9f76c65e5d0176ull);
}

// ------------------------------------------------------------------ deterministic math

TEST_CASE("the network's own exp, log, tanh, sin and cos are accurate", "[network]") {
  namespace dm = losslab::detmath;
  double worst = 0.0;
  for (int k = -4000; k <= 4000; ++k) {
    const double x = k * 0.01 + 0.003;
    worst = std::max(worst, std::fabs(dm::exp(x) - std::exp(x)) / std::exp(x));
    worst = std::max(worst, std::fabs(dm::tanh(x) - std::tanh(x)) / std::max(1e-300, std::fabs(std::tanh(x))));
    worst = std::max(worst, std::fabs(dm::sin(x) - std::sin(x)));
    worst = std::max(worst, std::fabs(dm::cos(x) - std::cos(x)));
    const double y = std::exp(k * 0.02);
    worst = std::max(worst, std::fabs(dm::log(y) - std::log(y)) / std::max(1.0, std::fabs(std::log(y))));
  }
  CHECK(worst < 1e-15);
  CHECK(dm::exp(0.0) == 1.0);
  CHECK(dm::log(1.0) == 0.0);
  CHECK(dm::tanh(1e-9) == Approx(1e-9).epsilon(1e-15));
  CHECK(dm::tanh(50.0) == 1.0);
  CHECK(dm::exp(1000.0) == INFINITY);
  CHECK(dm::exp(-1000.0) == 0.0);
  CHECK(std::isnan(dm::log(-1.0)));
  CHECK(dm::log(0.0) == -INFINITY);
  CHECK(dm::log(5e-324) == Approx(std::log(5e-324)));
}

TEST_CASE("the vector tanh and sigmoid equal their one-lane twins and are accurate", "[network]") {
  // The layers run the activations on whole vectors and a padded partial one; the scalar
  // twin is the same code on one lane, so the bits must agree at every length and lane.
  const std::size_t L = hn::Lanes(detail::DF());
  for (Activation f : {Activation::Tanh, Activation::Sigmoid, Activation::Relu, Activation::Linear}) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, L - 1, L, L + 1, 5 * L + 3}) {
      INFO("activation " << static_cast<int>(f) << ", n = " << n);
      std::vector<float> z(n), a(n + 1, 42.0f);
      for (std::size_t k = 0; k < n; ++k) z[k] = -9.0f + 0.37f * static_cast<float>(k * k % 53);
      net::activate(f, z.data(), a.data(), n);
      int mismatches = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const float one = net::activate(f, z[k]);
        mismatches += std::memcmp(&one, &a[k], sizeof one) == 0 ? 0 : 1;
      }
      CHECK(mismatches == 0);
      CHECK(a[n] == 42.0f);  // nothing written past the end
    }
  }
  double worstTanh = 0.0, worstSigmoid = 0.0;
  for (int k = -200000; k <= 200000; ++k) {
    const float x = static_cast<float>(k) * 1e-4f + 3e-6f;
    const double t = std::tanh(static_cast<double>(x));
    worstTanh = std::max(worstTanh, std::fabs(net::activate(Activation::Tanh, x) - t) / std::fabs(t));
    if (x > -80.0f) {
      const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(x)));
      worstSigmoid = std::max(worstSigmoid, std::fabs(net::activate(Activation::Sigmoid, x) - s) / s);
    }
  }
  CHECK(worstTanh < 4e-7);     // ≤ 7 ulp
  CHECK(worstSigmoid < 4e-7);  // ≤ 3 ulp
  for (float tiny : {1e-30f, -3e-5f, 1e-3f}) {
    CHECK(net::activate(Activation::Tanh, tiny) == Approx(std::tanh(tiny)).epsilon(4e-7));
  }
  CHECK(net::activate(Activation::Tanh, 0.0f) == 0.0f);
  CHECK(std::signbit(net::activate(Activation::Tanh, -0.0f)));
  CHECK(net::activate(Activation::Tanh, INFINITY) == 1.0f);
  CHECK(net::activate(Activation::Tanh, -INFINITY) == -1.0f);
  CHECK(net::activate(Activation::Sigmoid, INFINITY) == 1.0f);
  CHECK(net::activate(Activation::Sigmoid, -INFINITY) == 0.0f);
  CHECK(net::activate(Activation::Sigmoid, -100.0f) < 1e-37f);
  // NaN stays NaN (so a diverging network is noticed the same way in every build)
  CHECK(std::isnan(net::activate(Activation::Tanh, NAN)));
  CHECK(std::isnan(net::activate(Activation::Sigmoid, NAN)));
}
