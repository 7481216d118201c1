// The network with the losses of the catalogue's second half (issue 13), on the toy data they
// suit: what each learns is what its loss asks for — the q-quantile (quantile), a rate that
// follows the counts (poisson_nll, whose prediction is e^output), a variance that grows where
// the data spreads (gaussian_nll's second output), classes (soft_margin, categorical_hinge,
// multilabel_soft_margin); and the heads and targets these need.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/catalogue.hpp"
#include "losslab/datasets.hpp"
#include "losslab/network.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;
using Catch::Matchers::Contains;

namespace {

using Data = Dataset;

Network train(const std::string& loss, std::vector<int> layers, const Data& d, int epochs,
              LossSettings options = {}, double lr = 0.01, std::uint32_t seed = 3) {
  NetworkConfig c = configFor(loss, std::move(layers));
  c.loss_options = std::move(options);
  c.learning_rate = lr;
  c.batch_size = 16;
  c.seed = seed;
  Network net = makeNetwork(c);
  double last = 0.0;
  const Status f = net.fit(d.x.data(), d.x.size(), d.y.data(), d.y.size(), epochs, last);
  INFO(f.message());
  REQUIRE(f.isOk());
  REQUIRE(std::isfinite(last));
  return net;
}

double accuracy(Network& net, const Data& d) {
  Evaluation ev;
  REQUIRE(net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev).isOk());
  return ev.accuracy;
}

}  // namespace

TEST_CASE("quantile: the fitted curve is the q-quantile of the data", "[network][second-half]") {
  const Data d = toyData("sine_outliers", 600, 0.3);
  for (double q : {0.1, 0.9}) {
    INFO("q = " << q);
    LossSettings o;
    o.set("q", q);
    Network net = train("quantile", {1, 16, 16, 1}, d, 150, o, 0.01, 1);
    std::vector<float> p;
    REQUIRE(net.predict(d.x.data(), d.x.size(), p).isOk());
    int below = 0;
    for (std::size_t i = 0; i < d.y.size(); ++i) below += d.y[i] <= p[i] ? 1 : 0;
    CHECK(static_cast<double>(below) / d.y.size() == Approx(q).margin(0.06));
  }
}

TEST_CASE("poisson_nll: the predicted rate follows the counts", "[network][second-half]") {
  const Data d = toyData("counts", 800, 0.0);
  Network net = train("poisson_nll", {1, 8, 8, 1}, d, 80, {}, 0.01);
  // x = 1.5·π/2 is the rate's peak (e^1.5 ≈ 4.5), x = −1.5·π/2 its trough (e^−0.5 ≈ 0.61)
  const std::vector<float> x{2.356f, -2.356f};
  std::vector<float> rate;
  REQUIRE(net.predict(x.data(), 2, rate).isOk());  // predict shows e^output: the rate
  CHECK(rate[0] == Approx(std::exp(1.5)).epsilon(0.25));
  CHECK(rate[1] == Approx(std::exp(-0.5)).epsilon(0.35));
  Evaluation ev;
  REQUIRE(net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev).isOk());
  CHECK(ev.r2 > 0.3);  // of the rate against the counts (Poisson noise stays)
  // Rates as input: an exp head before the loss, the same model.
  LossSettings rates;
  rates.set("log_input", 0.0);
  Network direct = train("poisson_nll", {1, 8, 8, 1}, d, 80, rates, 0.01);
  REQUIRE(direct.predict(x.data(), 2, rate).isOk());
  CHECK(rate[0] > 2.0 * rate[1]);
}

TEST_CASE("gaussian_nll: a mean and a variance per point; the variance grows where the data spreads",
          "[network][second-half]") {
  const Data d = toyData("heteroscedastic", 800, 0.1);
  Network net = train("gaussian_nll", {1, 16, 16, 2}, d, 150, {}, 0.01);
  CHECK(net.predictionSize() == 2);
  const std::vector<float> x{0.3f, 5.5f, -5.5f};
  std::vector<float> p;
  REQUIRE(net.predict(x.data(), 3, p).isOk());
  // σ(x) = 0.2·(0.25 + |x|/2): 0.08 at 0.3, 0.6 at ±5.5
  CHECK(p[1] > 0.0f);
  CHECK(std::sqrt(p[3]) > 2.5 * std::sqrt(p[1]));
  CHECK(std::sqrt(p[5]) > 2.5 * std::sqrt(p[1]));
  CHECK(std::sqrt(p[3]) == Approx(0.6).epsilon(0.5));
  CHECK(p[0] == Approx(std::sin(0.3)).margin(0.15));
  Evaluation ev;
  REQUIRE(net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev).isOk());
  CHECK(ev.r2 > 0.5);  // of the mean against y
  // Its head needs two outputs.
  NetworkConfig c;
  c.loss = "gaussian_nll";
  c.layers = {1, 4, 1};
  Network bad;
  const Status s = Network::create(c, bad);
  CHECK(s.code() == Code::BadOption);
  CHECK_THAT(s.message(), Contains("needs 2 (rows [N, 2] = (mean, variance >= 0))"));
}

TEST_CASE("soft_margin, categorical_hinge and multilabel_soft_margin classify", "[network][second-half]") {
  const Data circle = toyData("circle", 500, 0.0);
  Network soft = train("soft_margin", {2, 8, 8, 1}, circle, 60, {}, 0.03);
  CHECK(accuracy(soft, circle) > 0.9);
  const Data blobs = toyData("blobs", 600, 0.1, 4);
  for (const char* loss : {"categorical_hinge", "multilabel_soft_margin"}) {
    INFO(loss);
    Network net = train(loss, {2, 8, 8, 4}, blobs, 40, {}, 0.03);
    CHECK(accuracy(net, blobs) > 0.85);
    std::vector<float> p;
    REQUIRE(net.predict(blobs.x.data(), 2, p).isOk());
    CHECK(p.size() == 4);
  }
}

TEST_CASE("sample_weight is refused by a network's loss options, with the reason", "[network][second-half]") {
  NetworkConfig c;
  c.loss = "mse";
  c.layers = {2, 4, 1};
  c.loss_options.set("sample_weight", std::vector<float>{1, 2, 3});
  Network net;
  const Status s = Network::create(c, net);
  CHECK(s.code() == Code::BadOption);
  CHECK_THAT(s.message(), Contains("lossOptions.sample_weight") && Contains("mini-batch"));
}
