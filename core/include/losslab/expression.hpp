// LossLab — custom-loss expressions: text in x (input) and y (target), compiled once to a
// flat register program and evaluated per element with its derivative ∂f/∂x.
//
// Grammar (loosest binding first; `^` is right-associative, a unary sign binds looser
// than `^` as in mathematics and Python: -x^2 = -(x^2), 2^-1 = 0.5, 2^3^2 = 512):
//
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?
//   primary := number | 'x' | 'y' | name '(' sum (',' sum)* ')' | '(' sum ')'
//   number  := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]  |  '.' digits [exponent]
//
// Functions: abs sqrt exp log log1p sin cos sinh cosh tanh sigmoid softplus (one argument), max min
// pow (two). Nothing here is ever handed to JavaScript's eval.
//
// Gradients follow PyTorch's autograd at kinks: abs'(0) = 0; max/min give the whole
// gradient to the larger/smaller argument and split it ½/½ on ties (torch.maximum);
// sqrt'(0) = inf; a^b adds the b'·a^b·log a term only where b' ≠ 0, is 0 where a = 0 and
// b ≥ 0, and d(a^0)/da = 0. Results may be non-finite: that is the expression's doing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "losslab/loss.hpp"
#include "losslab/options.hpp"
#include "losslab/status.hpp"

namespace losslab {

namespace expr {

/// Limits, each with its own error message.
inline constexpr std::size_t kMaxLength = 1000;  // characters (bytes) of text
inline constexpr int kMaxDepth = 64;             // '(' , calls, unary signs and '^' exponents
inline constexpr std::size_t kMaxNodes = 256;    // numbers, variables and operations

/// One instruction's operation. Unary ops read `a`; binary ops read `a` and `b`.
enum class OpCode : std::uint8_t {
  Neg, Abs, Sqrt, Exp, Log, Log1p, Sin, Cos, Sinh, Cosh, Tanh, Sigmoid, Softplus,
  Square,  // a^2 with a constant exponent 2 (value a·a, exactly what pow gives here)
  Add, Sub, Mul, Div, Pow, Max, Min,
};

/// True for the two-operand operations (Add … Min). Never fails.
bool isBinary(OpCode op) noexcept;
/// The operation's lower-case name as `disassemble` prints it ("sub", "pow"). Never fails.
const char* opName(OpCode op) noexcept;

/// Register file: 0 = x, 1 = y, then one register per distinct constant, then
/// temporaries. `deps` bit 0 says register `a` depends on x, bit 1 says `b` does; when
/// neither does the instruction's derivative is not computed (it is 0). `dst` is never
/// `a` or `b`, so every element loop is alias-free and vectorises.
struct Instruction {
  OpCode op;
  std::uint8_t deps;
  std::uint16_t dst;
  std::uint16_t a;
  std::uint16_t b;  // == a for unary ops
};

inline constexpr std::uint16_t kRegX = 0;
inline constexpr std::uint16_t kRegY = 1;
inline constexpr std::uint16_t kFirstConstant = 2;

}  // namespace expr

/// A compiled expression: immutable, shareable across threads, evaluated in double.
class Expression {
 public:
  /// Receives consecutive blocks of results: `values[0..count)` for elements
  /// `offset..offset+count)`, and ∂f/∂x for them (null when not asked for, or when the
  /// expression does not depend on x: the derivative is then 0).
  using BlockSink = void (*)(void* context, std::size_t offset, std::size_t count,
                             const double* values, const double* dfdx);

  /// f(x, y), and ∂f/∂x into `dfdx` when it is non-null. Any finite or non-finite result
  /// is returned as is (log(0) is -inf). May throw std::bad_alloc.
  double evaluate(double x, double y, double* dfdx = nullptr) const;

  /// f and ∂f/∂x at n points; either output may be null. May throw std::bad_alloc.
  void evaluate(const float* x, const float* y, std::size_t n, double* values,
                double* dfdx) const;

  /// The element loop: blocks of up to `blockSize()` elements, one instruction at a time
  /// over the whole block. May throw std::bad_alloc (the register file is allocated once
  /// per call).
  void evaluateBlocks(const float* x, const float* y, std::size_t n, bool gradient,
                      BlockSink sink, void* context) const;

  const std::string& source() const noexcept { return source_; }
  const std::vector<expr::Instruction>& code() const noexcept { return code_; }
  const std::vector<double>& constants() const noexcept { return constants_; }
  std::size_t registerCount() const noexcept { return registers_; }
  std::size_t blockSize() const noexcept { return block_; }
  std::uint16_t resultRegister() const noexcept { return result_; }
  bool dependsOnX() const noexcept { return result_depends_on_x_; }

  /// The program as text, one instruction per line, e.g. "r4 = sub r0 r1".
  std::string disassemble() const;

 private:
  Expression() = default;
  friend Status compileExpression(std::string_view text, std::shared_ptr<const Expression>& out,
                                  bool fold_constants);

  template <class T>
  void run(const T* x, const T* y, std::size_t n, bool gradient, BlockSink sink,
           void* context) const;

  std::string source_;
  std::vector<expr::Instruction> code_;
  std::vector<double> constants_;
  std::size_t registers_ = 2;
  std::size_t block_ = 256;
  std::uint16_t result_ = 0;
  bool result_depends_on_x_ = false;
};

/// Compiles `text` (see the grammar above). On failure `out` is left alone and the status
/// is BAD_OPTION with a message such as
///   "custom: option 'expr': expected ')' at column 9"  (columns are 1-based).
/// `fold_constants` = false keeps sub-expressions free of x and y as instructions (tests
/// use it to show folding does not change results). Never throws.
Status compileExpression(std::string_view text, std::shared_ptr<const Expression>& out,
                         bool fold_constants = true);

/// The expression as LaTeX, "\ell(x, y) = " followed by the formula: minimal parentheses
/// by the rendered precedence, \frac{a}{b} for a / b, a^{b} for a ^ b and pow(a, b),
/// \lvert a\rvert, \sqrt{a}, \sigma(a) for sigmoid, \operatorname{log1p} and
/// \operatorname{softplus}, \max(a, b); numbers as written (1e-3 as 1 \times 10^{-3}).
/// Fails exactly as compileExpression does for malformed text; `latex` is then left
/// alone. Never throws.
Status expressionToLatex(std::string_view text, std::string& latex);

/// Compiles `expr` and computes the `custom` loss with it: a convenience for C++ callers
/// (`options.expr` is ignored; the other fields are read as `compute` reads them).
/// Returns `compileExpression`'s BAD_OPTION for malformed text, else what
/// `compute("custom", in, options, out)` returns. Never throws. To evaluate one expression
/// many times, compile it once and set `options.expr` instead.
Status computeCustom(std::string_view expr, const LossInput& in, LossOptions options,
                     LossOutput& out) noexcept;

}  // namespace losslab
