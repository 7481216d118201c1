// The custom loss's expression language: parse errors with exact columns, limits,
// precedence, gradients at kinks, constant folding, block evaluation, the catalogue entry
// and the fuzzer's regression inputs. (Agreement with the built-in losses and finite
// differences: test_expression_gradients.cpp.)
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

#include "expression_helpers.hpp"

using namespace losslab;
using namespace expr_test;
using Catch::Matchers::Contains;

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
