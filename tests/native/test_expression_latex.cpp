// expressionToLatex: the typeset formula for a custom-loss expression (minimal parentheses
// by the rendered precedence), and the same errors as compileExpression for bad text.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "losslab/expression.hpp"

using namespace losslab;

namespace {

std::string latexOf(const std::string& text) {
  std::string latex;
  const Status s = expressionToLatex(text, latex);
  INFO(text << " -> " << s.message());
  REQUIRE(s.isOk());
  const std::string prefix = "\\ell(x, y) = ";
  REQUIRE(latex.compare(0, prefix.size(), prefix) == 0);
  return latex.substr(prefix.size());
}

}  // namespace

TEST_CASE("expressionToLatex: a table of expressions", "[expr]") {
  struct Row {
    const char* text;
    const char* latex;
  };
  const Row rows[] = {
      {"(x - y)^2", "(x - y)^{2}"},
      {"abs(x - y)", "\\lvert x - y\\rvert"},
      {"abs(x - y)^1.5", "\\lvert x - y\\rvert^{1.5}"},
      {"(x - y) / 2", "\\frac{x - y}{2}"},
      {"sqrt((x - y)^2 + 1) - 1", "\\sqrt{(x - y)^{2} + 1} - 1"},
      {"exp(-x) * log(y)", "\\exp(-x) \\cdot \\log(y)"},
      {"log1p(abs(x - y))", "\\operatorname{log1p}(\\lvert x - y\\rvert)"},
      {"sigmoid(x) + softplus(y)", "\\sigma(x) + \\operatorname{softplus}(y)"},
      {"max(x - y, 0) + min(x, y)", "\\max(x - y, 0) + \\min(x, y)"},
      {"tanh(x) * sin(y) * cos(x)", "\\tanh(x) \\cdot \\sin(y) \\cdot \\cos(x)"},
      {"log(cosh(x - y)) + sinh(y)", "\\log(\\cosh(x - y)) + \\sinh(y)"},
      {"pow(x - y, 2.5)", "(x - y)^{2.5}"},
      {"2^3^2", "2^{3^{2}}"},
      {"(2^3)^2", "(2^{3})^{2}"},
      {"-x^2", "-x^{2}"},
      {"(-x)^2", "(-x)^{2}"},
      {"x - (y - 1)", "x - (y - 1)"},
      {"(x - y) - 1", "x - y - 1"},
      {"x - -y", "x - (-y)"},
      {"+x * 0.50", "x \\cdot 0.50"},
      {"(x + y) * (x - y)", "(x + y) \\cdot (x - y)"},
      {"x * (y * 2)", "x \\cdot (y \\cdot 2)"},
      {"-(x * y)", "-(x \\cdot y)"},
      {"(x / y)^2", "\\left(\\frac{x}{y}\\right)^{2}"},
      {"abs(x / y)", "\\left\\lvert \\frac{x}{y}\\right\\rvert"},
      {"sqrt(x)^2", "(\\sqrt{x})^{2}"},
      {"1e-3 * x + 2.5E+04", "1 \\times 10^{-3} \\cdot x + 2.5 \\times 10^{4}"},
      {"  .5*x  ", ".5 \\cdot x"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    CHECK(latexOf(row.text) == row.latex);
  }
}

TEST_CASE("expressionToLatex: the whole string", "[expr]") {
  std::string latex;
  REQUIRE(expressionToLatex("abs(x - y)", latex).isOk());
  CHECK(latex == "\\ell(x, y) = \\lvert x - y\\rvert");
}

TEST_CASE("expressionToLatex fails exactly as compileExpression does", "[expr]") {
  const char* bad[] = {"", "abs(x - ", "x +", "(x - y", "x ** 2", "foo(x)", "z", "max(x)",
                       "x )", "x # y", "sqrt x"};
  for (const char* text : bad) {
    INFO(text);
    std::string latex = "unchanged";
    const Status a = expressionToLatex(text, latex);
    std::shared_ptr<const Expression> e;
    const Status b = compileExpression(text, e);
    CHECK_FALSE(a.isOk());
    CHECK(a.code() == Code::BadOption);
    CHECK(a.code() == b.code());
    CHECK(a.message() == b.message());
    CHECK(latex == "unchanged");
  }
  std::string latex;
  const Status s = expressionToLatex("abs(x - ", latex);
  CHECK(s.message() == "custom: option 'expr': expected a number, x, y, a function or '(' at column 9");
  // Limits apply too.
  CHECK(expressionToLatex(std::string(1001, 'x'), latex).code() == Code::BadOption);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "(";
  deep += "x";
  for (int i = 0; i < 100; ++i) deep += ")";
  CHECK(expressionToLatex(deep, latex).code() == Code::BadOption);
}

TEST_CASE("expressionToLatex handles the largest expressions without recursion", "[expr]") {
  // 60 nested calls and a long flat sum: both within the limits.
  std::string nested;
  for (int i = 0; i < 60; ++i) nested += "abs(";
  nested += "x";
  for (int i = 0; i < 60; ++i) nested += ")";
  std::string latex;
  REQUIRE(expressionToLatex(nested, latex).isOk());
  std::string flat = "x";
  for (int i = 0; i < 120; ++i) flat += " + y";
  REQUIRE(expressionToLatex(flat, latex).isOk());
  CHECK(latex.size() == std::string("\\ell(x, y) = ").size() + flat.size());
}
