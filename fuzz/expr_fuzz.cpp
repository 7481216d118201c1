// libFuzzer target for the custom-loss expression compiler and evaluator.
//
// Feeds arbitrary bytes to compileExpression. Failures must be BAD_OPTION messages that
// start "custom: option 'expr'" and name a column inside the text (or one past its end);
// successes must respect the limits and evaluate without crashing, and folded, unfolded,
// block and one-at-a-time evaluation must agree bit for bit. Build and run with
// scripts/fuzz.sh [seconds].
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "losslab/expression.hpp"
#include "losslab/losslab.hpp"
#include "targets.hpp"

using namespace losslab;

namespace {

[[noreturn]] void dieExpr(const char* what, std::string_view text, const std::string& detail = "") {
  fuzz::die("expr_fuzz", what, "detail: " + detail + "\n  input (" + std::to_string(text.size()) +
                                   " bytes): " + fuzz::clip(text));
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void checkError(const Status& s, std::string_view text) {
  if (s.code() != Code::BadOption) dieExpr("error is not BAD_OPTION", text, s.message());
  const std::string& m = s.message();
  if (m.rfind("custom: option 'expr'", 0) != 0) dieExpr("error lacks the option prefix", text, m);
  const std::size_t at = m.rfind(" at column ");
  if (at == std::string::npos) {
    if (!text.empty() && m != "custom: option 'expr': empty expression") {
      dieExpr("error without a column", text, m);
    }
    return;
  }
  const long column = std::strtol(m.c_str() + at + 11, nullptr, 10);
  const std::size_t limit = std::min(text.size(), expr::kMaxLength) + 1;
  if (column < 1 || static_cast<std::size_t>(column) > limit) dieExpr("column out of range", text, m);
}

}  // namespace

int losslab::fuzz::fuzzExpr(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e);
  if (!s.isOk()) {
    checkError(s, text);
    return 0;
  }
  if (e == nullptr) dieExpr("ok without an expression", text);
  if (e->code().size() > expr::kMaxNodes) dieExpr("too many instructions", text);
  if (e->source() != text) dieExpr("source not kept", text);
  for (const expr::Instruction& in : e->code()) {
    if (in.dst == in.a || in.dst == in.b || in.dst >= e->registerCount() ||
        in.a >= e->registerCount() || in.b >= e->registerCount()) {
      dieExpr("bad register", text, e->disassemble());
    }
  }
  (void)e->disassemble();

  std::shared_ptr<const Expression> plain;
  if (!compileExpression(text, plain, false).isOk()) dieExpr("unfolded compile failed", text);

  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> xs{0.0f, 1.0f, -1.0f, 0.5f, -2.5f, 3e38f, -1e-30f, 1e-45f, 7.0f, inf, -inf, NAN};
  const std::vector<float> ys{0.0f, 1.0f, 2.0f, -0.5f, 0.0f, -3e38f, 1.0f, -1.0f, 7.0f, 1.0f, inf, 0.0f};
  const std::size_t n = xs.size();
  std::vector<double> v(n), d(n);
  e->evaluate(xs.data(), ys.data(), n, v.data(), d.data());
  for (std::size_t i = 0; i < n; ++i) {
    double di = 0, dp = 0;
    const double vi = e->evaluate(xs[i], ys[i], &di);
    const double vp = plain->evaluate(xs[i], ys[i], &dp);
    if (!same(vi, v[i]) || !same(di, d[i])) dieExpr("block and scalar evaluation differ", text, e->disassemble());
    if (!same(vi, vp) || !same(di, dp)) {
      dieExpr("constant folding changed a result", text, e->disassemble() + "--\n" + plain->disassemble());
    }
  }

  // The whole loss path, on finite inputs across more than one block.
  std::vector<float> x(300), y(300), grad(300), values(300);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(i % 17) * 0.37f - 3.0f;
    y[i] = static_cast<float>(i % 5) - 2.0f;
  }
  for (Reduction r : {Reduction::Mean, Reduction::Sum, Reduction::None}) {
    LossOptions opt;
    opt.reduction = r;
    opt.expr = e.get();
    LossOutput out;
    out.grad = grad.data();
    out.values = values.data();
    const Status cs = compute("custom", LossInput{x.data(), x.size(), 0, y.data(), y.size()}, opt, out);
    if (!cs.isOk()) dieExpr("compute failed", text, cs.message());
  }
  return 0;
}

#ifndef LOSSLAB_FUZZ_REPLAY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return losslab::fuzz::fuzzExpr(data, size);
}
#endif
