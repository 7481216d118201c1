// Internal pieces of the expression compiler: tokens, the syntax tree, and the scalar
// semantics of every operation. Constant folding and the element loops both call these
// same inline functions, so folding cannot change a result.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/expression.hpp"
#include "losslab/status.hpp"

namespace losslab::expr {

// ---- tokens ------------------------------------------------------------------------

enum class Tok : std::uint8_t {
  Number, Name, Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, End,
};

struct Token {
  Tok kind;
  std::uint32_t pos;  // 0-based byte offset; column = pos + 1
  std::uint32_t len;
  double number;      // Tok::Number
};

/// The message every compile error carries: "custom: option 'expr': <what> at column N".
Status syntaxError(const std::string& what, std::size_t pos);

/// Splits `text` into tokens, ending with Tok::End at pos = text.size().
Status tokenize(std::string_view text, std::vector<Token>& tokens);

// ---- syntax tree -------------------------------------------------------------------

enum class NodeKind : std::uint8_t { Constant, X, Y, Unary, Binary };

/// Nodes are stored in postfix order (children before parents, the root last), so
/// folding and code generation are single forward passes with no recursion.
struct Node {
  NodeKind kind;
  OpCode op = OpCode::Neg;   // Unary / Binary
  std::uint16_t a = 0;       // child node indices
  std::uint16_t b = 0;
  double value = 0.0;        // Constant
  std::uint32_t pos = 0;     // Constant: the number's lexeme is text.substr(pos, len)
  std::uint32_t len = 0;
};

/// Parses the tokens of `text` into postfix nodes, enforcing the depth and node limits.
Status parse(std::string_view text, const std::vector<Token>& tokens, std::vector<Node>& nodes);

/// The whole front end: the empty and length checks, tokenize, parse. Both
/// compileExpression and expressionToLatex go through it, so they fail alike.
Status parseText(std::string_view text, std::vector<Node>& nodes);

// ---- scalar semantics ----------------------------------------------------------------

/// sigmoid(a) = 1 / (1 + e^−a): exact to a few ulp for every a (e^−a → inf gives 0).
inline double sigmoidValue(double a) { return 1.0 / (1.0 + std::exp(-a)); }

/// softplus(a) = log(1 + e^a) = max(a, 0) + log1p(e^−|a|): no overflow for large a.
inline double softplusValue(double a) {
  return (a > 0.0 ? a : 0.0) + std::log1p(std::exp(-std::fabs(a)));
}

/// a^b as std::pow, except a^2 = a·a (exact, and what `Square` computes).
inline double powValue(double a, double b) { return b == 2.0 ? a * a : std::pow(a, b); }

/// torch.maximum / torch.minimum: NaN if either argument is NaN.
inline double maxValue(double a, double b) { return (a > b || a != a) ? a : b; }
inline double minValue(double a, double b) { return (a < b || a != a) ? a : b; }

/// sign(a) ∈ {−1, 0, 1}: abs' with abs'(0) = 0 (NaN gives 0).
inline double signValue(double a) { return static_cast<double>((a > 0.0) - (a < 0.0)); }

inline double applyUnary(OpCode op, double a) {
  switch (op) {
    case OpCode::Neg: return -a;
    case OpCode::Abs: return std::fabs(a);
    case OpCode::Sqrt: return std::sqrt(a);
    case OpCode::Exp: return std::exp(a);
    case OpCode::Log: return std::log(a);
    case OpCode::Log1p: return std::log1p(a);
    case OpCode::Sin: return std::sin(a);
    case OpCode::Cos: return std::cos(a);
    case OpCode::Sinh: return std::sinh(a);
    case OpCode::Cosh: return std::cosh(a);
    case OpCode::Tanh: return std::tanh(a);
    case OpCode::Sigmoid: return sigmoidValue(a);
    case OpCode::Softplus: return softplusValue(a);
    case OpCode::Square: return a * a;
    default: return NAN;
  }
}

inline double applyBinary(OpCode op, double a, double b) {
  switch (op) {
    case OpCode::Add: return a + b;
    case OpCode::Sub: return a - b;
    case OpCode::Mul: return a * b;
    case OpCode::Div: return a / b;
    case OpCode::Pow: return powValue(a, b);
    case OpCode::Max: return maxValue(a, b);
    case OpCode::Min: return minValue(a, b);
    default: return NAN;
  }
}

}  // namespace losslab::expr
