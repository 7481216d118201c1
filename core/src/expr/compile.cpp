// Expression compiler: syntax tree → constant folding → a flat register program.
#include <cstring>
#include <new>

#include "internal.hpp"

namespace losslab {
namespace expr {

bool isBinary(OpCode op) noexcept { return op >= OpCode::Add; }

const char* opName(OpCode op) noexcept {
  switch (op) {
    case OpCode::Neg: return "neg";
    case OpCode::Abs: return "abs";
    case OpCode::Sqrt: return "sqrt";
    case OpCode::Exp: return "exp";
    case OpCode::Log: return "log";
    case OpCode::Log1p: return "log1p";
    case OpCode::Sin: return "sin";
    case OpCode::Cos: return "cos";
    case OpCode::Sinh: return "sinh";
    case OpCode::Cosh: return "cosh";
    case OpCode::Tanh: return "tanh";
    case OpCode::Sigmoid: return "sigmoid";
    case OpCode::Softplus: return "softplus";
    case OpCode::Square: return "square";
    case OpCode::Add: return "add";
    case OpCode::Sub: return "sub";
    case OpCode::Mul: return "mul";
    case OpCode::Div: return "div";
    case OpCode::Pow: return "pow";
    case OpCode::Max: return "max";
    case OpCode::Min: return "min";
  }
  return "?";
}

namespace {

/// Replaces every operation whose operands are all constants by its value, computed with
/// the same scalar functions the element loops use.
void foldConstants(std::vector<Node>& nodes) {
  for (Node& node : nodes) {
    if (node.kind == NodeKind::Unary && nodes[node.a].kind == NodeKind::Constant) {
      node.value = applyUnary(node.op, nodes[node.a].value);
      node.kind = NodeKind::Constant;
    } else if (node.kind == NodeKind::Binary && nodes[node.a].kind == NodeKind::Constant &&
               nodes[node.b].kind == NodeKind::Constant) {
      node.value = applyBinary(node.op, nodes[node.a].value, nodes[node.b].value);
      node.kind = NodeKind::Constant;
    }
  }
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Register allocation for temporaries: the lowest free one. Operands stay allocated
/// until their user's destination is chosen, so `dst` never aliases `a` or `b`.
class Registers {
 public:
  explicit Registers(std::uint16_t first) : first_(first) {}
  std::uint16_t take() {
    std::size_t k = 0;
    while (k < used_.size() && used_[k]) ++k;
    if (k == used_.size()) used_.push_back(false);
    used_[k] = true;
    return static_cast<std::uint16_t>(first_ + k);
  }
  void release(std::uint16_t reg) {
    if (reg >= first_) used_[reg - first_] = false;
  }
  std::size_t count() const { return used_.size(); }

 private:
  std::uint16_t first_;
  std::vector<bool> used_;
};

}  // namespace
}  // namespace expr

Status compileExpression(std::string_view text, std::shared_ptr<const Expression>& out,
                         bool fold_constants) {
  using namespace expr;
  try {
    std::vector<Node> nodes;
    LL_TRY(parseText(text, nodes));
    if (fold_constants) foldConstants(nodes);

    // a^2 with a literal (or folded) 2 becomes `Square`: a·a, the value powValue gives.
    for (Node& node : nodes) {
      if (node.kind == NodeKind::Binary && node.op == OpCode::Pow &&
          nodes[node.b].kind == NodeKind::Constant && nodes[node.b].value == 2.0) {
        node.kind = NodeKind::Unary;
        node.op = OpCode::Square;
        node.b = node.a;
      }
    }

    // Which nodes the program needs: walk down from the root (nodes are postfix).
    const std::size_t n = nodes.size();
    std::vector<bool> needed(n, false);
    needed[n - 1] = true;
    for (std::size_t i = n; i-- > 0;) {
      const Node& node = nodes[i];
      if (needed[i] && (node.kind == NodeKind::Unary || node.kind == NodeKind::Binary)) {
        needed[node.a] = needed[node.b] = true;
      }
    }

    std::shared_ptr<Expression> e(new Expression());
    e->source_.assign(text.data(), text.size());
    std::vector<std::uint16_t> reg(n, 0);
    std::vector<bool> dep(n, false);  // depends on x

    // Constants first (deduplicated bit-for-bit), so temporaries can follow them.
    for (std::size_t i = 0; i < n; ++i) {
      if (!needed[i] || nodes[i].kind != NodeKind::Constant) continue;
      std::size_t k = 0;
      while (k < e->constants_.size() && !sameBits(e->constants_[k], nodes[i].value)) ++k;
      if (k == e->constants_.size()) e->constants_.push_back(nodes[i].value);
      reg[i] = static_cast<std::uint16_t>(kFirstConstant + k);
    }
    Registers temps(static_cast<std::uint16_t>(kFirstConstant + e->constants_.size()));

    for (std::size_t i = 0; i < n; ++i) {
      if (!needed[i]) continue;
      const Node& node = nodes[i];
      switch (node.kind) {
        case NodeKind::Constant: break;
        case NodeKind::X: reg[i] = kRegX; dep[i] = true; break;
        case NodeKind::Y: reg[i] = kRegY; break;
        case NodeKind::Unary:
        case NodeKind::Binary: {
          const std::uint16_t a = reg[node.a];
          const std::uint16_t b = reg[node.b];
          const bool binary = node.kind == NodeKind::Binary;
          const auto deps = static_cast<std::uint8_t>((dep[node.a] ? 1 : 0) |
                                                      (binary && dep[node.b] ? 2 : 0));
          const std::uint16_t dst = temps.take();
          temps.release(a);
          if (binary) temps.release(b);
          e->code_.push_back(Instruction{node.op, deps, dst, a, b});
          reg[i] = dst;
          dep[i] = deps != 0;
          break;
        }
      }
    }
    e->result_ = reg[n - 1];
    e->result_depends_on_x_ = dep[n - 1];
    e->registers_ = kFirstConstant + e->constants_.size() + temps.count();
    // Keep the register file near 64 KiB: values and derivatives, 8 bytes each.
    const std::size_t r = e->registers_;
    e->block_ = r <= 16 ? 256 : r <= 32 ? 128 : r <= 64 ? 64 : 32;
    out = std::move(e);
    return Status::ok();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, "custom: out of memory compiling 'expr'");
  } catch (...) {
    return Status(Code::Internal, "custom: internal error compiling 'expr'");
  }
}

}  // namespace losslab
