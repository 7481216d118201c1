// Shared by the dataset and network tests (test_datasets.cpp, test_network_*.cpp): a toy
// dataset by name, a network made from settings that must be valid, its weights and their
// fingerprint, and an 80/20 split trained and evaluated.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "losslab/datasets.hpp"
#include "losslab/network.hpp"

namespace net_test {

using namespace losslab;

/// The toy dataset `id` with these options; it must be made.
inline Dataset toyData(const char* id, int n, double noise = 0.0, int classes = 0,
                       std::uint32_t seed = 1) {
  DatasetOptions o;
  o.n = n;
  o.noise = noise;
  o.classes = classes;
  o.seed = seed;
  Dataset d;
  const Status s = makeDataset(id, o, d);
  INFO(s.message());
  REQUIRE(s.isOk());
  return d;
}

/// Default settings but for the loss and the layer sizes.
inline NetworkConfig configFor(const std::string& loss, std::vector<int> layers) {
  NetworkConfig c;
  c.loss = loss;
  c.layers = std::move(layers);
  return c;
}

/// A network from settings that must be valid.
inline Network makeNetwork(const NetworkConfig& c) {
  Network net;
  const Status s = Network::create(c, net);
  INFO(s.message());
  REQUIRE(s.isOk());
  return net;
}

inline std::vector<float> paramsOf(const Network& net) {
  std::vector<float> p;
  REQUIRE(net.parameters(p).isOk());
  return p;
}

/// FNV-1a over the values' bits: one number that changes when any bit does. `h` continues an
/// earlier fingerprint (fingerprint(y, fingerprint(x)) covers x, then y).
inline std::uint64_t fingerprint(const std::vector<float>& values,
                                 std::uint64_t h = 1469598103934665603ull) {
  for (float f : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int k = 0; k < 4; ++k) {
      h ^= (bits >> (8 * k)) & 0xFF;
      h *= 1099511628211ull;
    }
  }
  return h;
}

struct Split {
  std::vector<float> xtr, ytr, xte, yte;
  int dims = 2;
};

/// A dataset split 80/20 (the generators shuffle, so a prefix is a fair sample).
inline Split makeSplit(const char* id, int n = 500, double noise = 0.0, int classes = 0,
                       std::uint32_t seed = 1) {
  const Dataset d = toyData(id, n, noise, classes, seed);
  Split sp;
  sp.dims = d.dims;
  const std::size_t ntr = static_cast<std::size_t>(n) * 4 / 5;
  sp.xtr.assign(d.x.begin(), d.x.begin() + ntr * d.dims);
  sp.xte.assign(d.x.begin() + ntr * d.dims, d.x.end());
  sp.ytr.assign(d.y.begin(), d.y.begin() + ntr);
  sp.yte.assign(d.y.begin() + ntr, d.y.end());
  return sp;
}

/// Trains on the training split and evaluates on the held-out one.
inline Evaluation trainAndEvaluate(const NetworkConfig& c, const Split& sp, int epochs) {
  Network net = makeNetwork(c);
  double last = 0.0;
  Status s = net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), epochs, last);
  INFO(c.loss << ": " << s.message());
  REQUIRE(s.isOk());
  CHECK(std::isfinite(last));
  Evaluation ev;
  s = net.evaluate(sp.xte.data(), sp.xte.size(), sp.yte.data(), sp.yte.size(), ev);
  INFO(s.message());
  REQUIRE(s.isOk());
  return ev;
}

}  // namespace net_test
