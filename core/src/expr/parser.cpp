// Expression parser: recursive descent over the tokens, emitting postfix nodes.
// Recursion happens only where the text nests ('(' , calls, unary signs, '^' exponents),
// and every such level is counted against kMaxDepth, so the C++ stack stays shallow even
// for hostile input.
#include <cstring>

#include "internal.hpp"

namespace losslab::expr {
namespace {

struct Function {
  const char* name;
  OpCode op;
  int arity;
};

constexpr Function kFunctions[] = {
    {"abs", OpCode::Abs, 1},         {"sqrt", OpCode::Sqrt, 1},
    {"exp", OpCode::Exp, 1},         {"log", OpCode::Log, 1},
    {"log1p", OpCode::Log1p, 1},     {"sin", OpCode::Sin, 1},
    {"cos", OpCode::Cos, 1},         {"sinh", OpCode::Sinh, 1},
    {"cosh", OpCode::Cosh, 1},       {"tanh", OpCode::Tanh, 1},
    {"sigmoid", OpCode::Sigmoid, 1}, {"softplus", OpCode::Softplus, 1},
    {"max", OpCode::Max, 2},         {"min", OpCode::Min, 2},
    {"pow", OpCode::Pow, 2},
};

const Function* findFunction(std::string_view name) {
  for (const Function& f : kFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& tokens, std::vector<Node>& nodes)
      : text_(text), tokens_(tokens), nodes_(nodes) {}

  Status run() {
    nodes_.clear();
    if (peek().kind == Tok::End) {
      return Status(Code::BadOption, "custom: option 'expr': empty expression");
    }
    if (!sum(0)) return std::move(status_);
    const Token& t = peek();
    switch (t.kind) {
      case Tok::End: return Status::ok();
      case Tok::RParen: return syntaxError("unmatched ')'", t.pos);
      case Tok::Comma: return syntaxError("unexpected ','", t.pos);
      default: return syntaxError("expected an operator", t.pos);
    }
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t k = i_ + ahead;
    return tokens_[k < tokens_.size() ? k : tokens_.size() - 1];
  }
  void next() {
    if (i_ + 1 < tokens_.size()) ++i_;
  }
  std::string_view lexeme(const Token& t) const { return text_.substr(t.pos, t.len); }

  bool fail(const std::string& what, std::size_t pos, const char* hint = nullptr) {
    status_ = syntaxError(what, pos);
    if (hint != nullptr) {
      status_ = Status(Code::BadOption, status_.message() + " (" + hint + ")");
    }
    return false;
  }

  /// Opening one more level of nesting at `pos`.
  bool enter(int depth, std::size_t pos) {
    if (depth > kMaxDepth) {
      return fail("expression nests deeper than " + std::to_string(kMaxDepth) + " levels", pos);
    }
    return true;
  }

  /// Appends a node whose children are the last `arity` completed operands.
  bool emit(Node node, int arity, std::size_t pos) {
    if (nodes_.size() >= kMaxNodes) {
      return fail("expression has more than " + std::to_string(kMaxNodes) + " nodes", pos);
    }
    if (arity == 2) {
      node.b = operands_.back();
      operands_.pop_back();
    }
    if (arity >= 1) {
      node.a = operands_.back();
      operands_.pop_back();
      if (arity == 1) node.b = node.a;
    }
    operands_.push_back(static_cast<std::uint16_t>(nodes_.size()));
    nodes_.push_back(node);
    return true;
  }

  bool binary(OpCode op, std::size_t pos) { return emit(Node{NodeKind::Binary, op}, 2, pos); }

  // sum := product (('+' | '-') product)*
  bool sum(int depth) {
    if (!product(depth)) return false;
    while (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
      const Token op = peek();
      next();
      if (!product(depth)) return false;
      if (!binary(op.kind == Tok::Plus ? OpCode::Add : OpCode::Sub, op.pos)) return false;
    }
    return true;
  }

  // product := unary (('*' | '/') unary)*
  bool product(int depth) {
    if (!unary(depth)) return false;
    while (peek().kind == Tok::Star || peek().kind == Tok::Slash) {
      const Token op = peek();
      next();
      if (!unary(depth)) return false;
      if (!binary(op.kind == Tok::Star ? OpCode::Mul : OpCode::Div, op.pos)) return false;
    }
    return true;
  }

  // unary := ('-' | '+') unary | power      (so -x^2 = -(x^2) and 2^-1 = 0.5)
  bool unary(int depth) {
    const Token t = peek();
    if (t.kind != Tok::Minus && t.kind != Tok::Plus) return power(depth);
    if (!enter(depth + 1, t.pos)) return false;
    next();
    if (!unary(depth + 1)) return false;
    return t.kind == Tok::Plus || emit(Node{NodeKind::Unary, OpCode::Neg}, 1, t.pos);
  }

  // power := primary ('^' unary)?            (right-associative: 2^3^2 = 2^9)
  bool power(int depth) {
    if (!primary(depth)) return false;
    if (peek().kind != Tok::Caret) return true;
    const Token caret = peek();
    if (!enter(depth + 1, caret.pos)) return false;
    next();
    if (!unary(depth + 1)) return false;
    return binary(OpCode::Pow, caret.pos);
  }

  bool primary(int depth) {
    const Token t = peek();
    switch (t.kind) {
      case Tok::Number: {
        Node node{NodeKind::Constant};
        node.value = t.number;
        node.pos = t.pos;
        node.len = t.len;
        next();
        return emit(node, 0, t.pos);
      }
      case Tok::Name: return name(depth, t);
      case Tok::LParen: {
        if (!enter(depth + 1, t.pos)) return false;
        next();
        if (!sum(depth + 1)) return false;
        if (peek().kind != Tok::RParen) return fail("expected ')'", peek().pos);
        next();
        return true;
      }
      default: {
        const bool doubleStar = t.kind == Tok::Star && i_ > 0 && tokens_[i_ - 1].kind == Tok::Star;
        return fail("expected a number, x, y, a function or '('", t.pos,
                    doubleStar ? "use ^ for powers" : nullptr);
      }
    }
  }

  bool name(int depth, const Token& t) {
    const std::string_view word = lexeme(t);
    if (word == "x" || word == "y") {
      next();
      return emit(Node{word == "x" ? NodeKind::X : NodeKind::Y}, 0, t.pos);
    }
    const Function* f = findFunction(word);
    const bool call = peek(1).kind == Tok::LParen;
    if (!call) {
      if (f != nullptr) return fail("expected '(' after '" + std::string(word) + "'", peek(1).pos);
      return fail("unknown variable '" + std::string(word) + "'", t.pos, "use x and y");
    }
    if (f == nullptr) return fail("unknown function '" + std::string(word) + "'", t.pos);
    if (!enter(depth + 1, t.pos)) return false;
    next();  // the name
    next();  // '('
    int args = 0;
    if (peek().kind != Tok::RParen) {
      for (;;) {
        if (!sum(depth + 1)) return false;
        ++args;
        if (peek().kind == Tok::Comma) {
          next();
          continue;
        }
        if (peek().kind == Tok::RParen) break;
        return fail(args < f->arity ? "expected ','" : "expected ')'", peek().pos);
      }
    }
    next();  // ')'
    if (args != f->arity) {
      return fail(std::string(f->name) + " expects " + std::to_string(f->arity) +
                      (f->arity == 1 ? " argument" : " arguments"),
                  t.pos);
    }
    return emit(Node{f->arity == 1 ? NodeKind::Unary : NodeKind::Binary, f->op}, f->arity, t.pos);
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::vector<Node>& nodes_;
  std::vector<std::uint16_t> operands_;
  std::size_t i_ = 0;
  Status status_;
};

}  // namespace

Status parseText(std::string_view text, std::vector<Node>& nodes) {
  if (text.empty()) {
    return Status(Code::BadOption, "custom: option 'expr' is required, e.g. abs(x - y)^1.5");
  }
  if (text.size() > kMaxLength) {
    return syntaxError("expression is longer than " + std::to_string(kMaxLength) + " characters",
                       kMaxLength);
  }
  std::vector<Token> tokens;
  LL_TRY(tokenize(text, tokens));
  return parse(text, tokens, nodes);
}

Status parse(std::string_view text, const std::vector<Token>& tokens, std::vector<Node>& nodes) {
  return Parser(text, tokens, nodes).run();
}

}  // namespace losslab::expr
