// The toy datasets: shapes, labels, domains, options and determinism.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "losslab/datasets.hpp"
#include "network_helpers.hpp"

using namespace losslab;
using namespace net_test;
using Catch::Matchers::Contains;

namespace {

std::string error(const char* id, DatasetOptions o) {
  Dataset d;
  const Status s = makeDataset(id, o, d);
  CHECK(s.code() == Code::BadOption);
  return s.message();
}

std::vector<int> counts(const Dataset& d) {
  std::vector<int> c(static_cast<std::size_t>(d.classes), 0);
  for (float v : d.y) ++c[static_cast<std::size_t>(v)];
  return c;
}

/// The dataset's points, then its labels or values.
std::uint64_t fingerprint(const Dataset& d) {
  return net_test::fingerprint(d.y, net_test::fingerprint(d.x));
}

}  // namespace

TEST_CASE("the dataset registry lists every set", "[datasets]") {
  std::vector<std::string> ids;
  for (const DatasetInfo& info : datasetCatalogue()) ids.emplace_back(info.id);
  CHECK(ids == std::vector<std::string>{"circle", "xor", "gauss", "spiral", "blobs", "imbalanced",
                                        "plane", "multi_gauss", "sine_outliers", "counts",
                                        "heteroscedastic"});
  CHECK(findDataset("blobs")->classes == 3);
  CHECK(std::string(findDataset("plane")->task) == "regression");
  CHECK(findDataset("sine_outliers")->dims == 1);
  CHECK(findDataset("moons") == nullptr);
}

TEST_CASE("every dataset has the promised shape, task, labels and domain", "[datasets]") {
  for (const DatasetInfo& info : datasetCatalogue()) {
    for (double noise : {0.0, 0.25, 0.5, 1.0}) {
      INFO(info.id << " noise " << noise);
      const Dataset d = toyData(info.id, 501, noise, 0, 3);
      CHECK(d.dims == info.dims);
      CHECK(d.task == info.task);
      CHECK(d.x.size() == 501u * static_cast<std::size_t>(d.dims));
      CHECK(d.y.size() == 501u);
      for (float v : d.x) REQUIRE(std::isfinite(v));
      for (float v : d.y) REQUIRE(std::isfinite(v));
      if (d.task == "classification") {
        CHECK(d.classes == info.classes);
        for (float v : d.y) REQUIRE((v >= 0 && v < d.classes && v == std::floor(v)));
      } else {
        CHECK(d.classes == 0);
      }
    }
  }
}

TEST_CASE("the datasets follow TF Playground's shapes", "[datasets]") {
  SECTION("circle: class 1 inside radius 2.5, class 0 from 3.5 to 5") {
    const Dataset d = toyData("circle", 1000);
    CHECK(counts(d) == std::vector<int>{500, 500});
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      const double r = std::hypot(d.x[2 * k], d.x[2 * k + 1]);
      if (d.y[k] == 1) CHECK(r <= 2.5 + 1e-5);
      if (d.y[k] == 0) CHECK((r >= 3.5 - 1e-5 && r <= 5 + 1e-5));
    }
  }
  SECTION("xor: class 1 where the signs agree, 0.3 from the axes") {
    const Dataset d = toyData("xor", 1000);
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      const float x = d.x[2 * k], y = d.x[2 * k + 1];
      CHECK(std::fabs(x) >= 0.3f);
      CHECK(std::fabs(x) <= 5.3f);
      CHECK(d.y[k] == (x * y >= 0 ? 1.0f : 0.0f));
    }
  }
  SECTION("gauss: clouds around (2, 2) and (-2, -2)") {
    const Dataset d = toyData("gauss", 2000);
    double mx[2] = {0, 0};
    for (std::size_t k = 0; k < d.y.size(); ++k) mx[static_cast<int>(d.y[k])] += d.x[2 * k];
    CHECK(mx[1] / 1000 == Approx(2.0).margin(0.1));
    CHECK(mx[0] / 1000 == Approx(-2.0).margin(0.1));
  }
  SECTION("spiral: radius up to 5") {
    const Dataset d = toyData("spiral", 500);
    for (std::size_t k = 0; k < d.y.size(); ++k) CHECK(std::hypot(d.x[2 * k], d.x[2 * k + 1]) <= 5.0 + 1e-5);
    CHECK(counts(d) == std::vector<int>{250, 250});
  }
  SECTION("blobs: k balanced classes") {
    const Dataset d = toyData("blobs", 500, 0.0, 8, 1);
    CHECK(d.classes == 8);
    for (int c : counts(d)) CHECK((c == 62 || c == 63));
    CHECK(toyData("blobs", 10).classes == 3);
  }
  SECTION("imbalanced: 1 positive in 21") {
    const Dataset d = toyData("imbalanced", 2100);
    CHECK(counts(d) == std::vector<int>{2000, 100});
    CHECK(counts(toyData("imbalanced", 5)) == std::vector<int>{4, 1});
  }
  SECTION("plane: y = (x1 + x2) / 10 without noise") {
    const Dataset d = toyData("plane", 300);
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      CHECK(d.y[k] == Approx((d.x[2 * k] + d.x[2 * k + 1]) / 10.0).margin(1e-5));
      CHECK(std::fabs(d.x[2 * k]) <= 6.0f);
    }
  }
  SECTION("multi_gauss: values in [-1, 1], peaks at the bumps") {
    const Dataset d = toyData("multi_gauss", 2000);
    float lo = 0, hi = 0;
    for (float v : d.y) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    CHECK(lo >= -1.0f);
    CHECK(hi <= 1.0f);
    CHECK(lo < -0.8f);
    CHECK(hi > 0.8f);
  }
  SECTION("sine_outliers: one input, sin(x) except 10% outliers, all above the curve") {
    const Dataset d = toyData("sine_outliers", 1000);
    int far = 0;
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      const double off = d.y[k] - std::sin(d.x[k]);
      far += std::fabs(off) > 1.5 ? 1 : 0;
      // one-sided: an outlier is 2 to 4 above sin(x), never below
      CHECK((std::fabs(off) < 1e-5 || (off >= 2.0 - 1e-5 && off <= 4.0 + 1e-5)));
    }
    CHECK(far == 100);
  }
  SECTION("counts: one input, whole counts >= 0 whose mean follows the rate") {
    const Dataset d = toyData("counts", 4000);
    double peak = 0, trough = 0;
    int nPeak = 0, nTrough = 0;
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      REQUIRE((d.y[k] >= 0 && d.y[k] == std::floor(d.y[k])));
      const double s = std::sin(d.x[k] / 1.5);
      if (s > 0.9) peak += d.y[k], ++nPeak;
      if (s < -0.9) trough += d.y[k], ++nTrough;
    }
    CHECK(peak / nPeak == Approx(std::exp(0.5 + 0.97)).epsilon(0.12));   // rate e^1.5 at the peak
    CHECK(trough / nTrough == Approx(std::exp(0.5 - 0.97)).epsilon(0.2));
  }
  SECTION("heteroscedastic: sin(x) with a spread that grows with |x|") {
    const Dataset d = toyData("heteroscedastic", 4000, 0.1);
    double inner = 0, outer = 0;
    int nInner = 0, nOuter = 0;
    for (std::size_t k = 0; k < d.y.size(); ++k) {
      const double r = d.y[k] - std::sin(d.x[k]);
      if (std::fabs(d.x[k]) < 1) inner += r * r, ++nInner;
      if (std::fabs(d.x[k]) > 5) outer += r * r, ++nOuter;
    }
    CHECK(std::sqrt(inner / nInner) == Approx(0.2 * 0.5).epsilon(0.15));   // σ = 0.2·(0.25 + |x|/2)
    CHECK(std::sqrt(outer / nOuter) == Approx(0.2 * 3.0).epsilon(0.15));
  }
}

TEST_CASE("regression sets carry their noise-free values; classification sets none", "[datasets]") {
  for (double noise : {0.0, 0.3}) {
    INFO("noise " << noise);
    const Dataset sine = toyData("sine_outliers", 400, noise, 0, 5);
    REQUIRE(sine.clean.size() == sine.y.size());
    for (std::size_t k = 0; k < sine.y.size(); ++k) CHECK(sine.clean[k] == Approx(std::sin(sine.x[k])).margin(1e-5));
    const Dataset plane = toyData("plane", 300, noise, 0, 5);
    REQUIRE(plane.clean.size() == plane.y.size());
    for (std::size_t k = 0; k < plane.y.size(); ++k) {
      CHECK(plane.clean[k] == Approx((plane.x[2 * k] + plane.x[2 * k + 1]) / 10.0).margin(1e-5));
    }
    const Dataset bumps = toyData("multi_gauss", 300, noise, 0, 5);
    REQUIRE(bumps.clean.size() == bumps.y.size());
    for (float v : bumps.clean) CHECK((v >= -1.0f && v <= 1.0f));
  }
  // without noise the targets are the clean values (sine_outliers: but for its outliers)
  const Dataset plane = toyData("plane", 200);
  CHECK(plane.clean == plane.y);
  const Dataset bumps = toyData("multi_gauss", 200);
  CHECK(bumps.clean == bumps.y);
  for (const char* id : {"circle", "xor", "gauss", "spiral", "blobs", "imbalanced"}) {
    INFO(id);
    CHECK(toyData(id, 100, 0.2).clean.empty());
  }
}

TEST_CASE("noise moves points or labels", "[datasets]") {
  for (const char* id : {"circle", "xor", "gauss", "spiral", "plane", "multi_gauss"}) {
    INFO(id);
    const bool changed = toyData(id, 200, 0.0).y != toyData(id, 200, 0.5).y || toyData(id, 200, 0.0).x != toyData(id, 200, 0.5).x;
    CHECK(changed);
  }
  // circle's noise flips labels near the boundary, as in TF Playground
  const Dataset noisy = toyData("circle", 2000, 0.5);
  int flipped = 0;
  for (std::size_t k = 0; k < noisy.y.size(); ++k) {
    const double r = std::hypot(noisy.x[2 * k], noisy.x[2 * k + 1]);
    flipped += (r < 2.5) != (noisy.y[k] == 1) ? 1 : 0;
  }
  CHECK(flipped > 0);
}

TEST_CASE("datasets are deterministic from the seed and shuffled", "[datasets]") {
  for (const DatasetInfo& info : datasetCatalogue()) {
    INFO(info.id);
    const Dataset a = toyData(info.id, 300, 0.2, 0, 42), b = toyData(info.id, 300, 0.2, 0, 42);
    CHECK(a.x == b.x);
    CHECK(a.y == b.y);
    CHECK(toyData(info.id, 300, 0.2, 0, 43).x != a.x);
  }
  // shuffled: the first 50 labels of circle are not all one class
  const Dataset c = toyData("circle", 500);
  const auto ones = std::count(c.y.begin(), c.y.begin() + 50, 1.0f);
  CHECK(ones > 10);
  CHECK(ones < 40);
  // the same bits on every platform (own PRNG and transcendental functions): if this
  // fails in only one build, determinism broke there
  INFO("fingerprint 0x" << std::hex << fingerprint(c));
  CHECK(fingerprint(c) == 0x41c048113c8cc898ull);
}

TEST_CASE("dataset options are checked with clear messages", "[datasets]") {
  DatasetOptions o;
  o.n = 0;
  CHECK_THAT(error("circle", o), Contains("dataset 'circle': n = 0 must be between 1 and 100000"));
  o.n = 100001;
  CHECK_THAT(error("circle", o), Contains("n = 100001"));
  o = {};
  o.noise = -0.1;
  CHECK_THAT(error("xor", o), Contains("noise = -0.1 must be between 0 and 1"));
  o.noise = NAN;
  CHECK_THAT(error("xor", o), Contains("noise = NaN"));
  o = {};
  o.classes = 9;
  CHECK_THAT(error("blobs", o), Contains("classes = 9 must be between 2 and 8"));
  o.classes = 1;
  CHECK_THAT(error("blobs", o), Contains("classes = 1"));
  o.classes = 3;
  CHECK_THAT(error("circle", o), Contains("applies to blobs only"));
  CHECK_THAT(error("plane", o), Contains("regression"));
  o.classes = 2;
  Dataset d;
  CHECK(makeDataset("circle", o, d).isOk());
  CHECK_THAT(error("moons", {}), Contains("unknown dataset 'moons'; known datasets: circle"));
  // the extremes work
  o = {};
  o.n = 1;
  for (const DatasetInfo& info : datasetCatalogue()) {
    INFO(info.id);
    CHECK(makeDataset(info.id, o, d).isOk());
    CHECK(d.y.size() == 1u);
  }
  o.n = kMaxDatasetSize;
  o.noise = 1.0;
  CHECK(makeDataset("spiral", o, d).isOk());
  CHECK(d.y.size() == static_cast<std::size_t>(kMaxDatasetSize));
}
