// Expression → LaTeX, from the parse tree (before any folding, so the formula shows what
// was typed). Parentheses are the minimal ones the precedence of the *rendered* formula
// needs: \frac{}{} and exponents group their contents, so "(x - y)/2" loses its
// parentheses and "(x/y)^2" keeps them. Numbers are copied as written ("0.50" stays 0.50);
// only exponent notation is typeset, 1e-3 as 1 \times 10^{-3}.
//
// Nodes are postfix, so one forward pass builds every sub-formula from its children's:
// no recursion, whatever the input.
#include <new>
#include <string>
#include <vector>

#include "internal.hpp"

namespace losslab {
namespace expr {
namespace {

/// How tightly a rendered sub-formula binds (higher binds tighter).
enum Level : int {
  kSum = 1,      // a + b, a - b
  kProduct = 2,  // a \cdot b, m \times 10^{k}
  kNeg = 3,      // -a
  kPower = 4,    // a^{b}
  kGroup = 5,    // \frac{a}{b}, \sqrt{a}: self-delimiting, but not a clean power base
  kCall = 6,     // \exp(a), \lvert a\rvert, \max(a, b)
  kAtom = 7,     // x, y, 2.5
};

struct Piece {
  std::string tex;
  int level = kAtom;
  bool tall = false;  // holds a \frac: its delimiters should stretch
};

std::string open(bool tall) { return tall ? "\\left(" : "("; }
std::string close(bool tall) { return tall ? "\\right)" : ")"; }

std::string paren(const Piece& p) { return open(p.tall) + p.tex + close(p.tall); }

/// `p` as an operand, parenthesised when `needsParens`.
std::string operand(const Piece& p, bool needsParens) { return needsParens ? paren(p) : p.tex; }

/// The number's lexeme as LaTeX: as written, except that "1.5e-3" becomes
/// "1.5 \times 10^{-3}" (level kProduct).
Piece number(std::string_view lexeme) {
  const std::size_t e = lexeme.find_first_of("eE");
  if (e == std::string_view::npos) return Piece{std::string(lexeme), kAtom, false};
  std::string_view exponent = lexeme.substr(e + 1);
  std::string sign;
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
    if (exponent[0] == '-') sign = "-";
    exponent.remove_prefix(1);
  }
  while (exponent.size() > 1 && exponent[0] == '0') exponent.remove_prefix(1);
  return Piece{std::string(lexeme.substr(0, e)) + " \\times 10^{" + sign + std::string(exponent) +
                   "}",
               kProduct, false};
}

/// "\name(a)" / "\name(a, b)" with delimiters that stretch around fractions.
Piece call(const char* name, const Piece& a, const Piece* b = nullptr) {
  const bool tall = a.tall || (b != nullptr && b->tall);
  std::string tex = std::string(name) + open(tall) + a.tex;
  if (b != nullptr) tex += ", " + b->tex;
  tex += close(tall);
  return Piece{std::move(tex), kCall, tall};
}

const char* functionName(OpCode op) {
  switch (op) {
    case OpCode::Exp: return "\\exp";
    case OpCode::Log: return "\\log";
    case OpCode::Log1p: return "\\operatorname{log1p}";
    case OpCode::Sin: return "\\sin";
    case OpCode::Cos: return "\\cos";
    case OpCode::Sinh: return "\\sinh";
    case OpCode::Cosh: return "\\cosh";
    case OpCode::Tanh: return "\\tanh";
    case OpCode::Sigmoid: return "\\sigma";
    case OpCode::Softplus: return "\\operatorname{softplus}";
    case OpCode::Max: return "\\max";
    case OpCode::Min: return "\\min";
    default: return nullptr;
  }
}

Piece unary(OpCode op, const Piece& a) {
  switch (op) {
    case OpCode::Neg:
      // -(x·y) and -(-x) keep their parentheses; -x^{2} is -(x^{2}) as typed.
      return Piece{"-" + operand(a, a.level <= kNeg), kNeg, a.tall};
    case OpCode::Abs:
      return Piece{(a.tall ? "\\left\\lvert " : "\\lvert ") + a.tex +
                       (a.tall ? "\\right\\rvert" : "\\rvert"),
                   kCall, a.tall};
    case OpCode::Sqrt: return Piece{"\\sqrt{" + a.tex + "}", kGroup, a.tall};
    case OpCode::Square: return Piece{operand(a, a.level < kCall) + "^{2}", kPower, a.tall};
    default: return call(functionName(op), a);
  }
}

Piece binary(OpCode op, const Piece& a, const Piece& b) {
  const bool tall = a.tall || b.tall;
  switch (op) {
    case OpCode::Add:
    case OpCode::Sub:
      // Left-associative: a right operand that is itself a sum keeps its parentheses, and
      // so does a negation (x - (-y), not x - -y).
      return Piece{a.tex + (op == OpCode::Add ? " + " : " - ") +
                       operand(b, b.level <= kSum || b.level == kNeg),
                   kSum, tall};
    case OpCode::Mul:
      return Piece{operand(a, a.level < kProduct) + " \\cdot " +
                       operand(b, b.level <= kProduct || b.level == kNeg),
                   kProduct, tall};
    case OpCode::Div: return Piece{"\\frac{" + a.tex + "}{" + b.tex + "}", kGroup, true};
    case OpCode::Pow:
      // Right-associative, and the exponent is grouped by its braces: only the base may
      // need parentheses (anything looser than a call: (x^{2})^{3}, (\frac{x}{y})^{2}).
      return Piece{operand(a, a.level < kCall) + "^{" + b.tex + "}", kPower, a.tall};
    default: return call(functionName(op), a, &b);
  }
}

}  // namespace
}  // namespace expr

Status expressionToLatex(std::string_view text, std::string& latex) {
  using namespace expr;
  try {
    std::vector<Node> nodes;
    LL_TRY(parseText(text, nodes));
    std::vector<Piece> pieces(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const Node& node = nodes[i];
      switch (node.kind) {
        case NodeKind::Constant: pieces[i] = number(text.substr(node.pos, node.len)); break;
        case NodeKind::X: pieces[i] = Piece{"x", kAtom, false}; break;
        case NodeKind::Y: pieces[i] = Piece{"y", kAtom, false}; break;
        case NodeKind::Unary: pieces[i] = unary(node.op, pieces[node.a]); break;
        case NodeKind::Binary: pieces[i] = binary(node.op, pieces[node.a], pieces[node.b]); break;
      }
      // Each node has one parent: its children's text is no longer needed.
      if (node.kind == NodeKind::Unary || node.kind == NodeKind::Binary) {
        std::string().swap(pieces[node.a].tex);
        std::string().swap(pieces[node.b].tex);
      }
    }
    latex = "\\ell(x, y) = " + pieces.back().tex;
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "custom: out of memory typesetting 'expr'");
  } catch (...) {
    return Status(Code::Internal, "custom: internal error typesetting 'expr'");
  }
}

}  // namespace losslab
