// The vector kernels at the edges of float: differences beyond float's range fall back to the
// scalar twin's answer, and 1M-element means stay within 1e-6 of the exact value (float blocks
// summed in double). The lane-by-lane agreement with the scalar twins is test_simd.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <hwy/highway.h>

#include "losslab/expression.hpp"
#include "losslab/losslab.hpp"
#include "simd/dispatch.hpp"
#include "simd_support.hpp"

using namespace losslab;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

using losslab_test::lanes;
using losslab_test::Random;

TEST_CASE("differences beyond float's range give the scalar twin's answer", "[simd]") {
  const std::size_t L = lanes();
  const std::size_t n = 3 * L + 1;
  for (const char* id : {"mse", "mae", "huber", "smooth_l1", "pseudo_huber", "log_cosh", "mbe", "rmse"}) {
    for (double option : {0.5, 1.0, 3.0}) {
      std::vector<float> x(n, 0.25f), y(n, -0.5f);
      x[L + 1] = 3e38f;  // x − y = 6e38 > FLT_MAX, at a vector lane
      y[L + 1] = -3e38f;
      LossInput in;
      in.input = x.data();
      in.n = n;
      in.target = y.data();
      in.target_n = n;
      LossOptions opt = defaultOptions(id);
      opt.delta = opt.beta = option;
      INFO(id << " with delta / beta " << option);
      for (bool withGrad : {false, true}) {
        std::vector<float> g1(n), g2(n);
        LossOutput simd, scalar;
        if (withGrad) {
          simd.grad = g1.data();
          scalar.grad = g2.data();
        }
        REQUIRE(compute(id, in, opt, simd).isOk());
        detail::forceScalar() = true;
        REQUIRE(compute(id, in, opt, scalar).isOk());
        detail::forceScalar() = false;
        CHECK((simd.value == scalar.value || (std::isnan(simd.value) && std::isnan(scalar.value))));
        for (std::size_t i = 0; i < n; ++i) CHECK(g1[i] == g2[i]);
      }
    }
  }
}

namespace {

/// Σ of `terms(i)` over i < n, compensated (Neumaier), in double.
template <class F>
double exactSum(std::size_t n, F terms) {
  double s = 0.0, c = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = terms(i);
    const double t = s + v;
    c += std::abs(s) >= std::abs(v) ? (s - t) + v : (v - t) + s;
    s = t;
  }
  return s + c;
}

}  // namespace

TEST_CASE("1M-element means are within 1e-6 of the exact value", "[simd]") {
  const std::size_t n = 1u << 20;
  Random rnd;
  std::vector<float> x(n), y(n), labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<float>(rnd.normal(2.0));
    y[i] = static_cast<float>(rnd.normal(1.0) + 1.0);
    labels[i] = static_cast<float>(rnd.below(2));
  }
  LossInput in;
  in.input = x.data();
  in.n = n;
  in.target_n = n;
  SECTION("mse") {
    in.target = y.data();
    const double exact = exactSum(n, [&](std::size_t i) {
      const double d = static_cast<double>(x[i]) - y[i];
      return d * d;
    }) / n;
    for (bool withGrad : {false, true}) {
      std::vector<float> g(n);
      LossOutput out;
      if (withGrad) out.grad = g.data();
      REQUIRE(compute("mse", in, defaultOptions("mse"), out).isOk());
      CHECK_THAT(out.value, WithinRel(exact, 1e-6));
    }
  }
  SECTION("bce_with_logits") {
    in.target = labels.data();
    const double exact = exactSum(n, [&](std::size_t i) {
      const double v = x[i], t = labels[i];
      return (1.0 - t) * v + std::max(-v, 0.0) + std::log1p(std::exp(-std::abs(v)));
    }) / n;
    for (bool withGrad : {false, true}) {
      std::vector<float> g(n);
      LossOutput out;
      if (withGrad) out.grad = g.data();
      REQUIRE(compute("bce_with_logits", in, defaultOptions("bce_with_logits"), out).isOk());
      CHECK_THAT(out.value, WithinRel(exact, 1e-6));
    }
  }
}
