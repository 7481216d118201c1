// The custom loss's expression language: parse errors with exact columns, limits,
// precedence, agreement with the built-in losses (value and gradient), finite-difference
// gradient checks over every operator and function, constant folding, block evaluation,
// and the fuzzer's regression inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "losslab/expression.hpp"
#include "losslab/losslab.hpp"

using namespace losslab;
using Catch::Matchers::Contains;

namespace {

std::shared_ptr<const Expression> compiled(const std::string& text, bool fold = true) {
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e, fold);
  INFO(text << " -> " << s.message());
  REQUIRE(s.isOk());
  REQUIRE(e != nullptr);
  return e;
}

std::string compileError(const std::string& text) {
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e);
  if (s.isOk()) return "<ok>";
  CHECK(s.code() == Code::BadOption);
  CHECK(e == nullptr);
  return s.message();
}

double eval(const std::string& text, double x = 0.0, double y = 0.0, double* d = nullptr) {
  return compiled(text)->evaluate(x, y, d);
}

bool sameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

struct Result {
  Status status;
  LossOutput out;
  std::vector<float> grad;
  std::vector<float> values;
};

Result run(const std::vector<float>& x, const std::vector<float>& y, Reduction reduction,
           const char* id, const std::string* expr = nullptr) {
  Result r;
  r.grad.assign(x.size(), NAN);
  r.values.assign(x.size(), NAN);
  LossInput in{x.data(), x.size(), 0, y.data(), y.size()};
  LossOptions opt = defaultOptions(id);
  opt.reduction = reduction;
  r.out.grad = r.grad.data();
  r.out.values = r.values.data();
  r.status = expr != nullptr ? computeCustom(*expr, in, opt, r.out) : compute(id, in, opt, r.out);
  return r;
}

Result runCustom(const std::string& expr, const std::vector<float>& x, const std::vector<float>& y,
                 Reduction reduction = Reduction::Mean) {
  return run(x, y, reduction, "custom", &expr);
}

std::vector<float> uniform(std::mt19937& rng, std::size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = u(rng);
  return v;
}

/// Compares the custom expression against built-in loss `id` on value and gradient, for
/// every reduction. Fails (does not skip) when `id` is not in the catalogue.
void compareWithBuiltin(const std::string& expr, const char* id, const std::vector<float>& x,
                        const std::vector<float>& y) {
  INFO(expr << " vs " << id);
  if (findLoss(id) == nullptr) {
    FAIL("built-in loss '" << id << "' is not in the catalogue yet");
    return;
  }
  for (Reduction red : {Reduction::Mean, Reduction::Sum, Reduction::None}) {
    INFO("reduction " << reductionName(red));
    const Result mine = runCustom(expr, x, y, red);
    const Result ref = run(x, y, red, id);
    REQUIRE(mine.status.isOk());
    REQUIRE(ref.status.isOk());
    CHECK(mine.out.value == Approx(ref.out.value).epsilon(1e-5).margin(1e-6));
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("element " << i << " x = " << x[i] << " y = " << y[i]);
      CHECK(mine.grad[i] == Approx(ref.grad[i]).epsilon(1e-5).margin(1e-6));
      if (red == Reduction::None) CHECK(mine.values[i] == Approx(ref.values[i]).epsilon(1e-5).margin(1e-6));
    }
  }
}

/// Central finite difference of f in x, with the one-sided ones to spot nearby kinks.
struct Fd {
  double central, left, right;
};

Fd finiteDifference(const Expression& e, double x, double y) {
  const double h = 1e-6 * std::max(1.0, std::fabs(x));
  const double fp = e.evaluate(x + h, y), fm = e.evaluate(x - h, y), f0 = e.evaluate(x, y);
  return {(fp - fm) / (2 * h), (f0 - fm) / h, (fp - f0) / h};
}

/// Checks ∂f/∂x against finite differences at `x`; returns false (no check) when f is
/// not finite or huge there, or a kink lies within the step.
bool gradientMatches(const Expression& e, double x, double y, bool& checked) {
  double d = 0.0;
  const double f = e.evaluate(x, y, &d);
  checked = false;
  if (!std::isfinite(f) || !std::isfinite(d) || std::fabs(f) > 1e6) return true;
  const Fd fd = finiteDifference(e, x, y);
  const double scale = std::max({1.0, std::fabs(d), std::fabs(fd.central)});
  if (!std::isfinite(fd.central) || std::fabs(fd.left - fd.right) > 1e-3 * scale) return true;
  checked = true;
  return std::fabs(d - fd.central) <= 1e-6 * scale;
}

}  // namespace

// ---- errors ------------------------------------------------------------------------

TEST_CASE("malformed expressions name what was expected and the column", "[expr]") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"abs(x - y", "expected ')' at column 10"},
      {"(x - y", "expected ')' at column 7"},
      {"(x - y))", "unmatched ')' at column 8"},
      {"foo(x)", "unknown function 'foo' at column 1"},
      {"x + z", "unknown variable 'z' at column 5 (use x and y)"},
      {"X", "unknown variable 'X' at column 1 (use x and y)"},
      {"max(x)", "max expects 2 arguments at column 1"},
      {"1 + min()", "min expects 2 arguments at column 5"},
      {"pow(x, y, 2)", "pow expects 2 arguments at column 1"},
      {"abs(x, y)", "abs expects 1 argument at column 1"},
      {"max(1 2)", "expected ',' at column 7"},
      {"max(1, 2 3)", "expected ')' at column 10"},
      {"x +", "expected a number, x, y, a function or '(' at column 4"},
      {"x ** 2", "expected a number, x, y, a function or '(' at column 4 (use ^ for powers)"},
      {"x^", "expected a number, x, y, a function or '(' at column 3"},
      {"*x", "expected a number, x, y, a function or '(' at column 1"},
      {"()", "expected a number, x, y, a function or '(' at column 2"},
      {"max(1,)", "expected a number, x, y, a function or '(' at column 7"},
      {"2x", "expected an operator at column 2"},
      {"x y", "expected an operator at column 3"},
      {"1.2.3", "expected an operator at column 4"},
      {"x(2)", "expected an operator at column 2"},
      {"x, y", "unexpected ',' at column 2"},
      {"1e", "expected digits in the exponent at column 3"},
      {"1e+ 2", "expected digits in the exponent at column 4"},
      {"1e999 * x", "number 1e999 is too large at column 1"},
      {"abs", "expected '(' after 'abs' at column 4"},
      {"sqrt x", "expected '(' after 'sqrt' at column 6"},
      {"x # y", "unexpected character '#' at column 3"},
      {"x \xE2\x80\x93 y", "unexpected character '\xE2\x80\x93' at column 3"},  // en dash
      {"x\x01", "unexpected byte 0x01 at column 2"},
      {"x \xFF", "unexpected byte 0xFF at column 3"},
      {std::string("x\0y", 3), "unexpected byte 0x00 at column 2"},
  }));
  INFO(text);
  CHECK(compileError(text) == "custom: option 'expr': " + message);
}

TEST_CASE("a missing or blank expression says what to write", "[expr]") {
  CHECK(compileError("") == "custom: option 'expr' is required, e.g. abs(x - y)^1.5");
  CHECK(compileError(" \t\n ") == "custom: option 'expr': empty expression");

  // Through the loss: no compiled expression is a BAD_OPTION naming the option.
  const std::vector<float> x{1, 2}, y{0, 0};
  LossInput in{x.data(), 2, 0, y.data(), 2};
  LossOutput out;
  Status s = compute("custom", in, defaultOptions("custom"), out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "custom: option 'expr' is required, e.g. abs(x - y)^1.5");
  s = computeCustom("", in, {}, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "custom: option 'expr' is required, e.g. abs(x - y)^1.5");
  s = computeCustom("x +", in, {}, out);
  CHECK(s.code() == Code::BadOption);
  CHECK(s.message() == "custom: option 'expr': expected a number, x, y, a function or '(' at column 4");
  // The generic checks still come first.
  s = computeCustom("x", LossInput{x.data(), 2, 0, y.data(), 1}, {}, out);
  CHECK(s.code() == Code::ShapeMismatch);
}

TEST_CASE("expression limits: length, nesting depth, node count", "[expr]") {
  SECTION("length") {
    std::string ok = "x" + std::string(999, ' ');
    CHECK(compileError(ok) == "<ok>");
    CHECK(compileError(ok + " ") ==
          "custom: option 'expr': expression is longer than 1000 characters at column 1001");
  }
  SECTION("parentheses") {
    auto nested = [](int k) { return std::string(k, '(') + "x" + std::string(k, ')'); };
    CHECK(compileError(nested(64)) == "<ok>");
    CHECK(compileError(nested(65)) ==
          "custom: option 'expr': expression nests deeper than 64 levels at column 65");
  }
  SECTION("function calls") {
    std::string text = "x";
    for (int i = 0; i < 64; ++i) text = "abs(" + text + ")";
    CHECK(compileError(text) == "<ok>");
    CHECK(compileError("abs(" + text + ")") ==
          "custom: option 'expr': expression nests deeper than 64 levels at column 257");
  }
  SECTION("unary signs and exponents nest too") {
    CHECK(compileError(std::string(64, '-') + "x") == "<ok>");
    CHECK(compileError(std::string(65, '-') + "x") ==
          "custom: option 'expr': expression nests deeper than 64 levels at column 65");
    std::string tower = "1";
    for (int i = 0; i < 64; ++i) tower += "^1";
    CHECK(compileError(tower) == "<ok>");
    CHECK(compileError(tower + "^1") ==
          "custom: option 'expr': expression nests deeper than 64 levels at column 130");
  }
  SECTION("nodes") {
    auto chain = [](int k) {  // x + x + … : 2k + 1 nodes
      std::string s = "x";
      for (int i = 0; i < k; ++i) s += "+x";
      return s;
    };
    CHECK(compileError(chain(127)) == "<ok>");  // 255 nodes
    CHECK(compiled(chain(127))->code().size() == 127);
    CHECK(compileError(chain(128)) ==
          "custom: option 'expr': expression has more than 256 nodes at column 256");
    // Long flat chains are not "deep": 200 additions of constants fold away.
    std::string sum = "1";
    for (int i = 0; i < 120; ++i) sum += "+1";
    const auto e = compiled(sum);
    CHECK(e->code().empty());
    CHECK(e->evaluate(0, 0) == 121.0);
  }
}

// ---- precedence and values -------------------------------------------------------------

TEST_CASE("operator precedence and associativity follow mathematics", "[expr]") {
  auto [text, x, y, expected] = GENERATE(table<std::string, double, double, double>({
      {"2^3^2", 0, 0, 512},
      {"(2^3)^2", 0, 0, 64},
      {"-2^2", 0, 0, -4},
      {"(-2)^2", 0, 0, 4},
      {"2^-1", 0, 0, 0.5},
      {"-2^-2", 0, 0, -0.25},
      {"2*3+4", 0, 0, 10},
      {"2+3*4", 0, 0, 14},
      {"(2+3)*4", 0, 0, 20},
      {"2*-3", 0, 0, -6},
      {"--2", 0, 0, 2},
      {"+2", 0, 0, 2},
      {"8/4/2", 0, 0, 1},
      {"8-4-2", 0, 0, 2},
      {"2^2*3", 0, 0, 12},
      {"3*2^2", 0, 0, 12},
      {"1/2^2", 0, 0, 0.25},
      {"-x^2", 3, 0, -9},
      {"x^y", 2, 3, 8},
      {"-x^-y", 2, 1, -0.5},
      {"x - y", 5, 2, 3},
      {"y - x*2", 5, 2, -8},
      {"1e-3*1000", 0, 0, 1},
      {"2.5E+1", 0, 0, 25},
      {".5+.5", 0, 0, 1},
      {"5.", 0, 0, 5},
      {" ( x\t+\n1 ) ", 1, 0, 2},
      {"max(1, 2)", 0, 0, 2},
      {"min(1, 2)", 0, 0, 1},
      {"pow(2, 10)", 0, 0, 1024},
      {"4^0.5", 0, 0, 2},
      {"abs(-3)", 0, 0, 3},
      {"sqrt(16)", 0, 0, 4},
      {"exp(0) + log(1) + log1p(0)", 0, 0, 1},
      {"sin(0) + cos(0) + tanh(0)", 0, 0, 1},
      {"sigmoid(0)", 0, 0, 0.5},
      {"softplus(0)", 0, 0, std::log(2.0)},
      {"softplus(1000)", 0, 0, 1000},
      {"softplus(-1000)", 0, 0, 0},
      {"sigmoid(-1000)", 0, 0, 0},
      {"max(x, y) - min(x, y)", -1, 4, 5},
  }));
  INFO(text << " at x = " << x << ", y = " << y);
  CHECK(eval(text, x, y) == Approx(expected).margin(1e-15));
  CHECK(compiled(text, false)->evaluate(x, y) == Approx(expected).margin(1e-15));
}

TEST_CASE("non-finite results are the expression's and pass through", "[expr]") {
  CHECK(std::isinf(eval("1/0")));
  CHECK(std::isnan(eval("(-8)^(1/3)")));  // as torch.pow
  CHECK(std::isnan(eval("sqrt(-1)")));
  CHECK(eval("log(x)", 0) == -INFINITY);
  CHECK(std::isnan(eval("max(x, 0/0)", 1)));  // torch.maximum propagates NaN
  CHECK(std::isnan(eval("min(0/0, x)", 1)));

  const std::vector<float> x{0, 1}, y{0, 0};
  const Result r = runCustom("log(x)", x, y, Reduction::None);
  REQUIRE(r.status.isOk());
  CHECK(r.values[0] == -INFINITY);
  CHECK(r.values[1] == 0.0f);
  CHECK(r.grad[0] == INFINITY);  // 1/x at 0
  CHECK(r.out.value == -INFINITY);
  const Result m = runCustom("sqrt(x)", x, y);
  REQUIRE(m.status.isOk());
  CHECK(m.grad[0] == INFINITY);
}

// ---- gradients at kinks: PyTorch's conventions ----------------------------------------------

TEST_CASE("gradients at kinks follow PyTorch autograd", "[expr]") {
  double d = NAN;
  SECTION("abs'(0) = 0") {
    CHECK(eval("abs(x)", 0, 0, &d) == 0);
    CHECK(d == 0);
    eval("abs(x - y)", 2, 2, &d);
    CHECK(d == 0);
    eval("abs(x)", -3, 0, &d);
    CHECK(d == -1);
  }
  SECTION("max and min split ties ½/½ like torch.maximum") {
    eval("max(x, y)", 1, 1, &d);
    CHECK(d == 0.5);
    eval("max(x, 1)", 1, 0, &d);
    CHECK(d == 0.5);
    eval("min(x, 1)", 1, 0, &d);
    CHECK(d == 0.5);
    eval("max(x, x)", 1, 0, &d);  // both arguments are x: ½ + ½
    CHECK(d == 1);
    eval("max(x, 2*x)", 0, 0, &d);  // tie at 0: ½(1 + 2)
    CHECK(d == 1.5);
    eval("max(x, y)", 2, 1, &d);
    CHECK(d == 1);
    eval("max(x, y)", 0, 1, &d);
    CHECK(d == 0);
    eval("min(x, y)", 0, 1, &d);
    CHECK(d == 1);
    eval("max(0, 1 - x*y)", 2, 1, &d);  // hinge, inactive
    CHECK(d == 0);
    eval("max(0, 1 - x*y)", 0, 1, &d);  // hinge, active: −y
    CHECK(d == -1);
  }
  SECTION("sqrt'(0) is infinite") {
    eval("sqrt(x)", 0, 0, &d);
    CHECK(d == INFINITY);
    eval("sqrt(x^2)", 0, 0, &d);  // 0 / 0 in autograd too
    CHECK(std::isnan(d));
  }
  SECTION("powers") {
    eval("x^0", 0, 0, &d);  // torch: exponent 0 gives gradient 0, not 0·0^−1
    CHECK(d == 0);
    eval("x^2", -3, 0, &d);
    CHECK(d == -6);
    eval("x^1.5", 4, 0, &d);
    CHECK(d == Approx(3.0));
    eval("2^x", 3, 0, &d);
    CHECK(d == Approx(8 * std::log(2.0)));
    eval("pow(x, x)", 0, 0, &d);  // torch.pow(x, x) at 0: both terms are 0
    CHECK(d == 0);
    eval("x^y", -2, 3, &d);  // only the base term: the exponent does not depend on x
    CHECK(d == 12);
    eval("0^x", 1, 0, &d);  // a = 0, b ≥ 0: no log term
    CHECK(d == 0);
    eval("x^x", 2, 0, &d);  // x^x (log x + 1)
    CHECK(d == Approx(4 * (std::log(2.0) + 1)));
    eval("(-2)^(x*0)", 1, 0, &d);  // b' = 0: the log term (NaN here) is not added
    CHECK(d == 0);
  }
  SECTION("functions of y only have no gradient") {
    eval("y^2 + sqrt(y)", 1, 0, &d);
    CHECK(d == 0);
    CHECK_FALSE(compiled("y^2 + sqrt(y)")->dependsOnX());
    eval("x * sqrt(y)", 1, 0, &d);  // no 0·inf from the y branch
    CHECK(d == 0);
  }
}

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

// ---- compilation ----------------------------------------------------------------------

TEST_CASE("constant folding shrinks the program and changes no result", "[expr]") {
  const char* texts[] = {
      "x * (2 + 3) - sqrt(4) * y + exp(1)^x",
      "(x - y)^(1 + 1) * log(10) / log(2)",
      "max(x, -2^2) + min(sigmoid(0), y) - softplus(1)*tanh(0.5)",
      "abs(x - y)^(3/2) + pow(2, -1) * x",
      "-(-(-(x))) * (1e-3 + .5) + log1p(exp(-1)) * sin(1) / cos(2)",
      "2^3^2 * x + (y - 1/3)^2",
      "x^(2*1) + y^(4/2) + (1+1)^x",
  };
  std::mt19937 rng(5);
  const std::vector<float> xs = uniform(rng, 100, -3, 3), ys = uniform(rng, 100, -3, 3);
  for (const char* text : texts) {
    INFO(text);
    const auto folded = compiled(text, true);
    const auto plain = compiled(text, false);
    INFO("folded:\n" << folded->disassemble() << "plain:\n" << plain->disassemble());
    CHECK(folded->code().size() < plain->code().size());
    std::vector<double> fv(100), fd(100), pv(100), pd(100);
    folded->evaluate(xs.data(), ys.data(), 100, fv.data(), fd.data());
    plain->evaluate(xs.data(), ys.data(), 100, pv.data(), pd.data());
    for (std::size_t i = 0; i < 100; ++i) {
      CHECK(sameDouble(fv[i], pv[i]));
      CHECK(sameDouble(fd[i], pd[i]));
    }
  }
  // Folded to a single constant: no instructions, and a zero gradient.
  const auto c = compiled("2^10 - sqrt(16) * max(1, 3)");
  CHECK(c->code().empty());
  CHECK(c->constants() == std::vector<double>{1012});
  CHECK_FALSE(c->dependsOnX());
}

TEST_CASE("the compiled program is compact", "[expr]") {
  const auto e = compiled("abs(x - y)^1.5");
  // sub, abs, pow: three instructions over x, y and one constant.
  REQUIRE(e->code().size() == 3);
  CHECK(e->code()[0].op == expr::OpCode::Sub);
  CHECK(e->code()[1].op == expr::OpCode::Abs);
  CHECK(e->code()[2].op == expr::OpCode::Pow);
  CHECK(e->constants() == std::vector<double>{1.5});
  CHECK(e->registerCount() == 5);  // x, y, 1.5, two temporaries
  CHECK(e->dependsOnX());
  CHECK(e->source() == "abs(x - y)^1.5");
  CHECK(e->disassemble() == "r3 = sub x y  ; d/dx\nr4 = abs r3  ; d/dx\nr3 = pow r4 1.5  ; d/dx\nreturn r3\n");
  // ^2 becomes Square; repeated constants share a register; dst never aliases an operand.
  const auto s = compiled("(x - 0.5)^2 + (y - 0.5)^2 + 0.5*x");
  CHECK(s->constants() == std::vector<double>{0.5});
  for (const expr::Instruction& in : s->code()) {
    CHECK(in.dst != in.a);
    CHECK(in.dst != in.b);
  }
  CHECK(std::count_if(s->code().begin(), s->code().end(),
                      [](const expr::Instruction& in) { return in.op == expr::OpCode::Square; }) == 2);
  // Bare variables and constants compile to no instructions.
  CHECK(compiled("x")->code().empty());
  CHECK(compiled("y")->evaluate(1, 7) == 7);
  double d = 0;
  CHECK(compiled("x")->evaluate(3, 0, &d) == 3);
  CHECK(d == 1);
}

TEST_CASE("block evaluation equals one-at-a-time evaluation at every length", "[expr]") {
  const char* texts[] = {"abs(x - y)^1.5", "max(0, 1 - x*y)^2 + 0.01*x^2",
                         "log(0.5*(exp(x-y)+exp(-(x-y))))", "sigmoid(x) * softplus(y) / (1 + x^2)"};
  std::mt19937 rng(9);
  for (const char* text : texts) {
    const auto e = compiled(text);
    const std::size_t B = e->blockSize();
    for (std::size_t n : {std::size_t(0), std::size_t(1), B - 1, B, B + 1, 5 * B + 3}) {
      INFO(text << " n = " << n);
      const std::vector<float> x = uniform(rng, n, -3, 3), y = uniform(rng, n, -3, 3);
      std::vector<double> v(n), d(n);
      e->evaluate(x.data(), y.data(), n, v.data(), d.data());
      for (std::size_t i = 0; i < n; ++i) {
        double di = 0;
        const double vi = e->evaluate(x[i], y[i], &di);
        CHECK(sameDouble(v[i], vi));
        CHECK(sameDouble(d[i], di));
      }
    }
  }
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

TEST_CASE("the custom loss is in the catalogue", "[expr]") {
  const LossSpec* spec = findLoss("custom");
  REQUIRE(spec != nullptr);
  CHECK(spec->family == Family::Custom);
  CHECK(spec->layout == Layout::Elementwise);
  CHECK(spec->target == TargetKind::Values);
  REQUIRE(spec->options.size() == 1);  // only what every loss takes
  CHECK(std::string(spec->options[0].name) == "sample_weight");
  CHECK(std::string(spec->formula) == "\\ell = \\frac1n\\sum_i f(x_i, y_i)");
  CHECK(std::string(spec->use_case) ==
        "Your own idea: any element-wise loss, with its gradient derived automatically");
  CHECK_THAT(catalogueJson(), Contains("\"id\":\"custom\"") && Contains("\"family\":\"custom\""));
}

// ---- fuzzer regressions ------------------------------------------------------------------

namespace {

/// Compiles and evaluates an arbitrary input the way fuzz/expr_fuzz.cpp does; the test is
/// that nothing crashes and errors stay well-formed.
void exercise(const std::string& text) {
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e);
  if (!s.isOk()) {
    CHECK(s.code() == Code::BadOption);
    CHECK_THAT(s.message(), Contains("custom: option 'expr'"));
    return;
  }
  const std::vector<float> x{0.0f, 1.0f, -1.5f, 3e38f, -1e-30f}, y{0.0f, -2.0f, 0.5f, 1.0f, 7.0f};
  std::vector<double> v(x.size()), d(x.size());
  e->evaluate(x.data(), y.data(), x.size(), v.data(), d.data());
  std::shared_ptr<const Expression> plain;
  REQUIRE(compileExpression(text, plain, false).isOk());
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(sameDouble(plain->evaluate(x[i], y[i]), v[i]));
  }
}

}  // namespace

TEST_CASE("fuzzer regression inputs compile or fail cleanly", "[expr]") {
  // Inputs that exercised edge cases while fuzzing; fuzz/regressions/expr/ holds the raw
  // files of any crash the fuzzer found, replayed below.
  const std::string inputs[] = {
      std::string("\0", 1), "(", ")", "-", "^", ",", "e", "1e", ".", "..", "x^", "max(", "max(,",
      "abs()", "((((((((((x", "x))))))))))", "1e308*1e308", "1e-400", "2^2^2^2^2^2^2^2",
      "max(x,max(x,max(x,max(x,y))))", "sqrt(-x)^0", "0^0", "(0/0)^0", "x^-1e308",
      std::string(1000, '('), std::string(1001, 'x'), std::string(300, '-') + "x",
  };
  for (const std::string& text : inputs) {
    INFO("input of " << text.size() << " bytes: " << text.substr(0, 40));
    exercise(text);
  }
  const std::filesystem::path dir =
      std::filesystem::path(LOSSLAB_GOLDEN_DIR) / ".." / ".." / "fuzz" / "regressions" / "expr";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(entry.path().filename().string());
    exercise(text);
  }
}
