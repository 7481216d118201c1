// The custom loss against the rest: expressions reproduce the built-in losses (value and
// gradient, every reduction) and directly written formulas, and their gradients match
// finite differences on every operator, every function and random expressions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "expression_helpers.hpp"

using namespace losslab;
using namespace expr_test;

// ---- agreement with the built-in losses --------------------------------------------------------

TEST_CASE("custom expressions reproduce the built-in losses, value and gradient", "[expr]") {
  std::mt19937 rng(7);
  const std::vector<float> x = uniform(rng, 300, -3, 3);
  const std::vector<float> y = uniform(rng, 300, -3, 3);
  std::vector<float> xt = x, yt = y;  // with exact ties, where the kinks are
  xt.insert(xt.end(), {1.0f, 0.0f, -2.5f});
  yt.insert(yt.end(), {1.0f, 0.0f, -2.5f});

  SECTION("(x - y)^2 is mse") { compareWithBuiltin("(x - y)^2", "mse", xt, yt); }
  SECTION("pow(x - y, 2) is mse") { compareWithBuiltin("pow(x - y, 2)", "mse", xt, yt); }
  SECTION("(x - y)*(x - y) is mse") { compareWithBuiltin("(x - y)*(x - y)", "mse", xt, yt); }
  SECTION("abs(x - y) is mae") { compareWithBuiltin("abs(x - y)", "mae", xt, yt); }
  SECTION("log(cosh(x - y)) is log_cosh") {
    compareWithBuiltin("log(cosh(x - y))", "log_cosh", xt, yt);
    compareWithBuiltin("log((exp(x - y) + exp(y - x)) / 2)", "log_cosh", xt, yt);
    compareWithBuiltin("log(0.5*(exp(x-y)+exp(-(x-y))))", "log_cosh", xt, yt);
  }
  SECTION("sqrt of the custom (x - y)^2 mean is rmse") {
    INFO("rmse");
    if (findLoss("rmse") == nullptr) FAIL("built-in loss 'rmse' is not in the catalogue yet");
    const Result mse = runCustom("(x - y)^2", x, y);
    const Result rmse = run(x, y, Reduction::Mean, "rmse");
    REQUIRE(mse.status.isOk());
    REQUIRE(rmse.status.isOk());
    const double root = std::sqrt(mse.out.value);
    CHECK(root == Approx(rmse.out.value).epsilon(1e-6));
    for (std::size_t i = 0; i < x.size(); ++i) {  // d√m = dm / (2√m)
      CHECK(mse.grad[i] / (2 * root) == Approx(rmse.grad[i]).epsilon(1e-5).margin(1e-7));
    }
  }
}

TEST_CASE("custom expressions match directly written formulas", "[expr]") {
  // Independent of the other losses being present: the formulas written out here.
  std::mt19937 rng(11);
  const std::vector<float> x = uniform(rng, 257, -3, 3), y = uniform(rng, 257, -3, 3);
  const std::size_t n = x.size();
  struct Formula {
    const char* expr;
    double (*f)(double, double);
    double (*g)(double, double);
  };
  const Formula formulas[] = {
      {"(x - y)^2", [](double a, double b) { return (a - b) * (a - b); },
       [](double a, double b) { return 2 * (a - b); }},
      {"abs(x - y)", [](double a, double b) { return std::fabs(a - b); },
       [](double a, double b) { return a > b ? 1.0 : a < b ? -1.0 : 0.0; }},
      {"log(0.5*(exp(x-y)+exp(-(x-y))))", [](double a, double b) { return std::log(std::cosh(a - b)); },
       [](double a, double b) { return std::tanh(a - b); }},
      {"sinh(x - y) * cosh(y)", [](double a, double b) { return std::sinh(a - b) * std::cosh(b); },
       [](double a, double b) { return std::cosh(a - b) * std::cosh(b); }},
      {"max(0, 1 - x*y)^2", [](double a, double b) { return std::pow(std::max(0.0, 1 - a * b), 2); },
       [](double a, double b) { return -2 * b * std::max(0.0, 1 - a * b); }},
      {"softplus(x) - x*y", [](double a, double b) { return std::log1p(std::exp(a)) - a * b; },
       [](double a, double b) { return 1 / (1 + std::exp(-a)) - b; }},
  };
  for (const Formula& f : formulas) {
    INFO(f.expr);
    for (Reduction red : {Reduction::Mean, Reduction::Sum, Reduction::None}) {
      const Result r = runCustom(f.expr, x, y, red);
      REQUIRE(r.status.isOk());
      double total = 0;
      const double scale = red == Reduction::Mean ? 1.0 / n : 1.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double v = f.f(x[i], y[i]);
        total += v;
        CHECK(r.grad[i] == Approx(f.g(x[i], y[i]) * scale).epsilon(1e-5).margin(1e-7));
        if (red == Reduction::None) CHECK(r.values[i] == Approx(v).epsilon(1e-6).margin(1e-7));
      }
      CHECK(r.out.value == Approx(red == Reduction::Mean ? total / n : total).epsilon(1e-10));
      CHECK(r.out.terms == n);
    }
  }
}

// ---- finite differences ----------------------------------------------------------------

TEST_CASE("gradients match finite differences on every operator and function", "[expr]") {
  struct Case {
    const char* expr;
    double xlo, xhi;
  };
  const Case cases[] = {
      {"(x - y)^2", -3, 3},
      {"abs(x - y)^1.5", -3, 3},
      {"sqrt(x^2 + y^2 + 1)", -3, 3},
      {"exp(x - y) - x", -3, 3},
      {"log(1 + x^2) * y", -3, 3},
      {"log1p(x^2 + abs(y))", -3, 3},
      {"sin(x*y) + cos(x - y)", -3, 3},
      {"cos(x) / (2 + sin(y*x))", -3, 3},
      {"tanh(x - y)^2", -3, 3},
      {"sigmoid(x) - y", -6, 6},
      {"softplus(x) - x*y", -30, 30},
      {"max(x, y)^2 + min(x, 0.5*y)", -3, 3},
      {"pow(2, x) + 3^-x", -3, 3},
      {"pow(1.5 + sin(x), y*x)", -3, 3},
      {"x^y", 0.1, 3},
      {"pow(x, x)", 0.1, 3},
      {"log(x) + sqrt(x) - 1/x", 0.1, 3},
      {"-x^2 + y/(1 + x^2)", -3, 3},
      {"(x + 1)/(x^2 + 1) - x/y", -3, 3},
      {"2^(x/3)^2 - x^3", -3, 3},
      {"sigmoid(x*y)*(1 - sigmoid(x*y)) + softplus(-x)", -3, 3},
      {"max(0, 1 - x*y) + min(1, abs(x))^3", -3, 3},
  };
  std::mt19937 rng(3);
  for (const Case& c : cases) {
    INFO(c.expr);
    const auto e = compiled(c.expr);
    std::uniform_real_distribution<double> ux(c.xlo, c.xhi), uy(0.2, 2.0);
    int checked = 0;
    for (int k = 0; k < 50; ++k) {
      const double x = ux(rng), y = (k % 2 ? 1 : -1) * uy(rng);
      INFO("x = " << x << ", y = " << y);
      bool didCheck = false;
      CHECK(gradientMatches(*e, x, y, didCheck));
      checked += didCheck;
    }
    CHECK(checked >= 45);
  }
}

namespace {

/// A random expression over every operator and function, with arguments kept inside
/// their domains so most points are finite.
std::string randomExpression(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> pick(0, 27);
  std::uniform_real_distribution<double> constant(-2, 2);
  if (depth == 0) {
    const int k = pick(rng) % 4;
    if (k == 0) return "y";
    if (k == 1) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g", constant(rng));
      return std::string("(") + buf + ")";
    }
    return "x";
  }
  auto sub = [&] { return randomExpression(rng, depth - 1); };
  switch (pick(rng)) {
    case 0: return "(" + sub() + " + " + sub() + ")";
    case 1: return "(" + sub() + " - " + sub() + ")";
    case 2: return "(" + sub() + " * " + sub() + ")";
    case 3: return "(" + sub() + " / (2 + sin(" + sub() + ")))";
    case 4: return "-" + sub();
    case 5: return "abs(" + sub() + ")";
    case 6: return "sqrt(1 + " + sub() + "^2)";
    case 7: return "exp(sin(" + sub() + "))";
    case 8: return "log(1.5 + cos(" + sub() + "))";
    case 9: return "log1p(abs(" + sub() + "))";
    case 10: return "sin(" + sub() + ")";
    case 11: return "cos(" + sub() + ")";
    case 12: return "tanh(" + sub() + ")";
    case 13: return "sigmoid(" + sub() + ")";
    case 14: return "softplus(" + sub() + ")";
    case 15: return "max(" + sub() + ", " + sub() + ")";
    case 16: return "min(" + sub() + ", " + sub() + ")";
    case 17: return "pow(1.5 + sin(" + sub() + "), " + sub() + ")";
    case 18: return "(2 + cos(" + sub() + "))^tanh(" + sub() + ")";
    case 19: return "(" + sub() + ")^2";
    case 20: return "(" + sub() + ")^3";
    case 21: return "abs(" + sub() + ")^1.5";
    case 22: return "pow(" + sub() + ", 2)";
    case 23: return "sigmoid(" + sub() + ")^-1";
    case 24: return "(" + sub() + " * 0.5 + 1e-1)";
    default: return sub();
  }
}

}  // namespace

TEST_CASE("random expressions: gradients match finite differences", "[expr]") {
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> u(-2, 2);
  int checked = 0, points = 0;
  for (int k = 0; k < 200; ++k) {
    const std::string text = randomExpression(rng, 1 + k % 4);
    INFO(text);
    const auto e = compiled(text);
    for (int p = 0; p < 10; ++p) {
      const double x = u(rng), y = u(rng);
      INFO("x = " << x << ", y = " << y);
      bool didCheck = false;
      CHECK(gradientMatches(*e, x, y, didCheck));
      checked += didCheck;
      ++points;
    }
  }
  CHECK(checked > points * 9 / 10);
}


TEST_CASE("reductions: mean, sum and none, gradients scaled once", "[expr]") {
  const std::vector<float> x{2.5f, 5.5f, 1.8f, 6.5f}, y{3, 5, 2, 7};
  const std::string mse = "(x - y)^2";
  const Result mean = runCustom(mse, x, y, Reduction::Mean);
  REQUIRE(mean.status.isOk());
  CHECK(mean.out.value == Approx(0.1975).epsilon(1e-6));
  CHECK(mean.grad[0] == Approx(-0.25f));
  CHECK(mean.grad[2] == Approx(-0.1f));
  const Result sum = runCustom(mse, x, y, Reduction::Sum);
  CHECK(sum.out.value == Approx(0.79));
  CHECK(sum.grad[0] == Approx(-1.0f));
  const Result none = runCustom(mse, x, y, Reduction::None);
  CHECK(none.values[0] == Approx(0.25f));
  CHECK(none.values[2] == Approx(0.04f));
  CHECK(none.grad[0] == Approx(-1.0f));
  CHECK(none.out.terms == 4);
  CHECK(std::isnan(mean.values[0]));  // values are written for 'none' only

  // No dependence on x: a zero gradient; constants broadcast.
  const Result c = runCustom("3", x, y, Reduction::Sum);
  CHECK(c.out.value == 12);
  CHECK(c.grad == std::vector<float>(4, 0.0f));
  // Grad may be skipped.
  LossInput in{x.data(), x.size(), 0, y.data(), y.size()};
  LossOutput out;
  REQUIRE(computeCustom(mse, in, {}, out).isOk());
  CHECK(out.value == Approx(0.1975).epsilon(1e-6));

  // A large input: double accumulation keeps the mean exact.
  const std::size_t n = 1 << 20;
  std::vector<float> big(n, 1.0f), zero(n, 0.0f);
  const Result r = runCustom("x * 0.1", big, zero, Reduction::Mean);
  CHECK(r.out.value == Approx(0.1).epsilon(1e-12));
  CHECK(r.grad[n - 1] == Approx(0.1 / n).epsilon(1e-6));
}

