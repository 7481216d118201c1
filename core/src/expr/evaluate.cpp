// Expression evaluation: forward-mode dual numbers (value, ∂/∂x) over blocks of
// elements. Each instruction runs as one tight loop over the block, so the simple
// operations (+ − × ÷, square, abs, max, min and their derivatives) vectorise; the
// transcendental ones call the same scalar functions constant folding used.
#include <algorithm>
#include <cstdio>

#include "internal.hpp"

namespace losslab {
namespace expr {
namespace {

/// a^(b−1) given r = a^b: r / a saves a second pow where that is exact to an ulp (a and r
/// finite, non-zero and r not subnormal); elsewhere pow itself.
inline double powDecrement(double a, double b, double r) {
  const double ar = std::fabs(r);
  if (a != 0.0 && std::isfinite(a) && ar >= 2.2250738585072014e-308 && ar <= 1.7976931348623157e308) {
    return r / a;
  }
  return powValue(a, b - 1.0);
}

// One instruction over elements [0, m) of a block. Values of register r live at
// V + r·B, derivatives at D + r·B (D is null when no gradient is wanted).
void step(const Instruction& in, std::size_t m, double* V, double* D, std::size_t B) {
  double* __restrict r = V + in.dst * B;
  const double* __restrict a = V + in.a * B;
  const double* __restrict b = V + in.b * B;
  const bool ga = D != nullptr && (in.deps & 1) != 0;  // a depends on x
  const bool gb = D != nullptr && (in.deps & 2) != 0;  // b depends on x
  double* __restrict dr = D != nullptr ? D + in.dst * B : nullptr;
  const double* __restrict da = D != nullptr ? D + in.a * B : nullptr;
  const double* __restrict db = D != nullptr ? D + in.b * B : nullptr;
#define LL_EACH(...) for (std::size_t j = 0; j < m; ++j) { __VA_ARGS__; }

  switch (in.op) {
    // -a;  d = -a'
    case OpCode::Neg:
      LL_EACH(r[j] = -a[j]);
      if (ga) LL_EACH(dr[j] = -da[j]);
      break;
    // |a|;  d = sign(a)·a'  (0 at a = 0, as torch's abs backward)
    case OpCode::Abs:
      LL_EACH(r[j] = std::fabs(a[j]));
      if (ga) LL_EACH(dr[j] = signValue(a[j]) * da[j]);
      break;
    // √a;  d = a' / (2√a)  (inf at a = 0)
    case OpCode::Sqrt:
      LL_EACH(r[j] = std::sqrt(a[j]));
      if (ga) LL_EACH(dr[j] = da[j] / (2.0 * r[j]));
      break;
    // eᵃ;  d = eᵃ·a'
    case OpCode::Exp:
      LL_EACH(r[j] = std::exp(a[j]));
      if (ga) LL_EACH(dr[j] = r[j] * da[j]);
      break;
    // log a;  d = a' / a
    case OpCode::Log:
      LL_EACH(r[j] = std::log(a[j]));
      if (ga) LL_EACH(dr[j] = da[j] / a[j]);
      break;
    // log(1 + a);  d = a' / (1 + a)
    case OpCode::Log1p:
      LL_EACH(r[j] = std::log1p(a[j]));
      if (ga) LL_EACH(dr[j] = da[j] / (a[j] + 1.0));
      break;
    // sin a;  d = cos(a)·a'
    case OpCode::Sin:
      LL_EACH(r[j] = std::sin(a[j]));
      if (ga) LL_EACH(dr[j] = std::cos(a[j]) * da[j]);
      break;
    // cos a;  d = −sin(a)·a'
    case OpCode::Cos:
      LL_EACH(r[j] = std::cos(a[j]));
      if (ga) LL_EACH(dr[j] = -std::sin(a[j]) * da[j]);
      break;
    // sinh a;  d = cosh(a)·a'
    case OpCode::Sinh:
      LL_EACH(r[j] = std::sinh(a[j]));
      if (ga) LL_EACH(dr[j] = std::cosh(a[j]) * da[j]);
      break;
    // cosh a;  d = sinh(a)·a'
    case OpCode::Cosh:
      LL_EACH(r[j] = std::cosh(a[j]));
      if (ga) LL_EACH(dr[j] = std::sinh(a[j]) * da[j]);
      break;
    // tanh a;  d = (1 − tanh²a)·a'
    case OpCode::Tanh:
      LL_EACH(r[j] = std::tanh(a[j]));
      if (ga) LL_EACH(dr[j] = (1.0 - r[j] * r[j]) * da[j]);
      break;
    // σ(a);  d = σ(1 − σ)·a'
    case OpCode::Sigmoid:
      LL_EACH(r[j] = sigmoidValue(a[j]));
      if (ga) LL_EACH(dr[j] = r[j] * (1.0 - r[j]) * da[j]);
      break;
    // softplus(a);  d = σ(a)·a'
    case OpCode::Softplus:
      LL_EACH(r[j] = softplusValue(a[j]));
      if (ga) LL_EACH(dr[j] = sigmoidValue(a[j]) * da[j]);
      break;
    // a²;  d = 2a·a'
    case OpCode::Square:
      LL_EACH(r[j] = a[j] * a[j]);
      if (ga) LL_EACH(dr[j] = 2.0 * a[j] * da[j]);
      break;
    // a + b;  d = a' + b'
    case OpCode::Add:
      LL_EACH(r[j] = a[j] + b[j]);
      if (ga && gb) {
        LL_EACH(dr[j] = da[j] + db[j]);
      } else if (ga) {
        LL_EACH(dr[j] = da[j]);
      } else if (gb) {
        LL_EACH(dr[j] = db[j]);
      }
      break;
    // a − b;  d = a' − b'
    case OpCode::Sub:
      LL_EACH(r[j] = a[j] - b[j]);
      if (ga && gb) {
        LL_EACH(dr[j] = da[j] - db[j]);
      } else if (ga) {
        LL_EACH(dr[j] = da[j]);
      } else if (gb) {
        LL_EACH(dr[j] = -db[j]);
      }
      break;
    // a·b;  d = a'·b + a·b'
    case OpCode::Mul:
      LL_EACH(r[j] = a[j] * b[j]);
      if (ga && gb) {
        LL_EACH(dr[j] = da[j] * b[j] + a[j] * db[j]);
      } else if (ga) {
        LL_EACH(dr[j] = da[j] * b[j]);
      } else if (gb) {
        LL_EACH(dr[j] = a[j] * db[j]);
      }
      break;
    // a / b;  d = a'/b − a·b'/b²  (torch: grad/other, −grad·self/other²)
    case OpCode::Div:
      LL_EACH(r[j] = a[j] / b[j]);
      if (ga && gb) {
        LL_EACH(dr[j] = da[j] / b[j] - a[j] * db[j] / (b[j] * b[j]));
      } else if (ga) {
        LL_EACH(dr[j] = da[j] / b[j]);
      } else if (gb) {
        LL_EACH(dr[j] = -a[j] * db[j] / (b[j] * b[j]));
      }
      break;
    // aᵇ;  d = [b ≠ 0] b·aᵇ⁻¹·a' + [b' ≠ 0] (a = 0 ∧ b ≥ 0 ? 0 : aᵇ·log a)·b'
    case OpCode::Pow:
      LL_EACH(r[j] = powValue(a[j], b[j]));
      if (ga || gb) {
        LL_EACH(
          double d = 0.0;
          if (ga && b[j] != 0.0) d = b[j] * powDecrement(a[j], b[j], r[j]) * da[j];
          if (gb && db[j] != 0.0) {
            d += (a[j] == 0.0 && b[j] >= 0.0) ? 0.0 : r[j] * std::log(a[j]) * db[j];
          }
          dr[j] = d);
      }
      break;
    // max(a, b);  d = a' where a > b, b' where a < b, ½(a' + b') on ties (torch.maximum)
    case OpCode::Max:
      LL_EACH(r[j] = maxValue(a[j], b[j]));
      if (ga || gb) {
        LL_EACH(
          const double ta = ga ? da[j] : 0.0;
          const double tb = gb ? db[j] : 0.0;
          dr[j] = a[j] > b[j] ? ta : a[j] < b[j] ? tb : a[j] == b[j] ? 0.5 * (ta + tb) : ta + tb);
      }
      break;
    // min(a, b);  d = a' where a < b, b' where a > b, ½(a' + b') on ties (torch.minimum)
    case OpCode::Min:
      LL_EACH(r[j] = minValue(a[j], b[j]));
      if (ga || gb) {
        LL_EACH(
          const double ta = ga ? da[j] : 0.0;
          const double tb = gb ? db[j] : 0.0;
          dr[j] = a[j] < b[j] ? ta : a[j] > b[j] ? tb : a[j] == b[j] ? 0.5 * (ta + tb) : ta + tb);
      }
      break;
  }
#undef LL_EACH
}

}  // namespace
}  // namespace expr

template <class T>
void Expression::run(const T* x, const T* y, std::size_t n, bool gradient, BlockSink sink,
                     void* context) const {
  if (n == 0) return;
  const std::size_t B = std::min(block_, n);
  const std::size_t R = registers_;
  // The register file: values of every register, then (with a gradient) derivatives.
  std::vector<double> file(R * B * (gradient ? 2 : 1));
  double* V = file.data();
  double* D = gradient ? V + R * B : nullptr;
  for (std::size_t k = 0; k < constants_.size(); ++k) {
    std::fill_n(V + (expr::kFirstConstant + k) * B, B, constants_[k]);
  }
  if (D != nullptr) std::fill_n(D + expr::kRegX * B, B, 1.0);  // ∂x/∂x
  double* vx = V + expr::kRegX * B;
  double* vy = V + expr::kRegY * B;
  const double* result = V + result_ * B;
  const double* dresult = D != nullptr && result_depends_on_x_ ? D + result_ * B : nullptr;
  for (std::size_t start = 0; start < n; start += B) {
    const std::size_t m = std::min(B, n - start);
    for (std::size_t j = 0; j < m; ++j) vx[j] = static_cast<double>(x[start + j]);
    for (std::size_t j = 0; j < m; ++j) vy[j] = static_cast<double>(y[start + j]);
    for (const expr::Instruction& in : code_) expr::step(in, m, V, D, B);
    sink(context, start, m, result, dresult);
  }
}

void Expression::evaluateBlocks(const float* x, const float* y, std::size_t n, bool gradient,
                                BlockSink sink, void* context) const {
  run(x, y, n, gradient, sink, context);
}

namespace {

struct Collect {
  double* values;
  double* dfdx;
};

void collect(void* context, std::size_t offset, std::size_t count, const double* values,
             const double* dfdx) {
  const Collect& c = *static_cast<const Collect*>(context);
  if (c.values != nullptr) std::copy_n(values, count, c.values + offset);
  if (c.dfdx != nullptr) {
    if (dfdx != nullptr) {
      std::copy_n(dfdx, count, c.dfdx + offset);
    } else {
      std::fill_n(c.dfdx + offset, count, 0.0);
    }
  }
}

}  // namespace

void Expression::evaluate(const float* x, const float* y, std::size_t n, double* values,
                          double* dfdx) const {
  Collect c{values, dfdx};
  run(x, y, n, dfdx != nullptr, collect, &c);
}

double Expression::evaluate(double x, double y, double* dfdx) const {
  double value = 0.0;
  Collect c{&value, dfdx};
  run(&x, &y, 1, dfdx != nullptr, collect, &c);
  return value;
}

std::string Expression::disassemble() const {
  auto name = [this](std::uint16_t r) {
    if (r == expr::kRegX) return std::string("x");
    if (r == expr::kRegY) return std::string("y");
    if (r < expr::kFirstConstant + constants_.size()) {
      return formatNumber(constants_[r - expr::kFirstConstant]);
    }
    return "r" + std::to_string(r);
  };
  std::string s;
  for (const expr::Instruction& in : code_) {
    s += "r" + std::to_string(in.dst) + " = " + expr::opName(in.op) + " " + name(in.a);
    if (expr::isBinary(in.op)) s += " " + name(in.b);
    if (in.deps != 0) s += "  ; d/dx";
    s += "\n";
  }
  s += "return " + name(result_) + "\n";
  return s;
}

}  // namespace losslab
