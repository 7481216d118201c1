// A C++ user's first program against LossLab, built four ways by tests/cmake/run.sh:
// find_package(losslab), FetchContent, add_subdirectory(core) and pkg-config. It computes the
// README's Huber example and trains a network for one step, prints what it got, and exits 1
// when a value is wrong. Only the public headers (core/include/losslab/) are used.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <losslab/datasets.hpp>
#include <losslab/losslab.hpp>
#include <losslab/network.hpp>

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what);
    ++failures;
  }
}

bool near(double a, double b) { return std::fabs(a - b) <= 1e-6 * (1 + std::fabs(b)); }

}  // namespace

int main() {
  // The README's example: Huber with δ = 0.5; every |d| ≤ δ, so l = ½d², mean 0.09875.
  std::vector<float> x{2.5f, 5.5f, 1.8f, 6.5f}, y{3, 5, 2, 7}, grad(4);
  losslab::LossOptions opt = losslab::defaultOptions("huber");
  opt.delta = 0.5;
  losslab::LossInput in{x.data(), x.size(), 0, y.data(), y.size()};
  losslab::LossOutput out;
  out.grad = grad.data();
  if (losslab::Status s = losslab::compute("huber", in, opt, out); !s) {
    std::fprintf(stderr, "FAIL: huber: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("huber value %.6g grad %.6g %.6g %.6g %.6g\n", out.value, grad[0], grad[1], grad[2],
              grad[3]);
  expect(near(out.value, 0.09875), "huber value is 0.09875");
  const double want[4] = {-0.125, 0.125, -0.05, -0.125};  // d/n
  for (int i = 0; i < 4; ++i) expect(near(grad[i], want[i]), "huber gradient is d/n");

  // An error comes back as a Status, never an exception.
  losslab::Status bad = losslab::compute("no_such_loss", in, opt, out);
  std::printf("unknown loss -> %s\n", losslab::codeName(bad.code()));
  expect(bad.code() == losslab::Code::UnknownLoss, "an unknown id is UNKNOWN_LOSS");

  // One training step: the whole dataset as one batch, one epoch.
  losslab::Dataset data;
  losslab::DatasetOptions dopt;
  dopt.n = 100;
  dopt.noise = 0.1;
  dopt.seed = 7;
  if (losslab::Status s = losslab::makeDataset("circle", dopt, data); !s) {
    std::fprintf(stderr, "FAIL: dataset: %s\n", s.message().c_str());
    return 1;
  }
  losslab::NetworkConfig config;
  config.layers = {2, 8, 1};
  config.loss = "mse";
  config.batch_size = dopt.n;
  losslab::Network net;
  losslab::Evaluation before, after;
  double train_loss = 0;
  losslab::Status s = losslab::Network::create(config, net);
  if (s) s = net.evaluate(data.x.data(), data.x.size(), data.y.data(), data.y.size(), before);
  if (s) s = net.fit(data.x.data(), data.x.size(), data.y.data(), data.y.size(), 1, train_loss);
  if (s) s = net.evaluate(data.x.data(), data.x.size(), data.y.data(), data.y.size(), after);
  std::vector<float> params;
  if (s) s = net.parameters(params);
  if (!s) {
    std::fprintf(stderr, "FAIL: network: %s\n", s.message().c_str());
    return 1;
  }
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the weights' bits
  for (float f : params) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int k = 0; k < 4; ++k) {
      h ^= (bits >> (8 * k)) & 0xFF;
      h *= 1099511628211ull;
    }
  }
  std::printf("network %zu parameters, one step: loss %.6f -> %.6f, weights 0x%016llx\n",
              params.size(), before.loss, after.loss, static_cast<unsigned long long>(h));
  expect(net.epochs() == 1, "one epoch trained");
  expect(after.loss < before.loss, "one step lowers the loss");
  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
