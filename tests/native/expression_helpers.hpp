// Shared by the expression tests (test_expression*.cpp): compiling, running a custom loss
// beside a built-in one, and finite differences.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "losslab/expression.hpp"
#include "losslab/losslab.hpp"

namespace expr_test {

using namespace losslab;


inline std::shared_ptr<const Expression> compiled(const std::string& text, bool fold = true) {
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e, fold);
  INFO(text << " -> " << s.message());
  REQUIRE(s.isOk());
  REQUIRE(e != nullptr);
  return e;
}

inline std::string compileError(const std::string& text) {
  std::shared_ptr<const Expression> e;
  const Status s = compileExpression(text, e);
  if (s.isOk()) return "<ok>";
  CHECK(s.code() == Code::BadOption);
  CHECK(e == nullptr);
  return s.message();
}

inline double eval(const std::string& text, double x = 0.0, double y = 0.0, double* d = nullptr) {
  return compiled(text)->evaluate(x, y, d);
}

inline bool sameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

struct Result {
  Status status;
  LossOutput out;
  std::vector<float> grad;
  std::vector<float> values;
};

inline Result run(const std::vector<float>& x, const std::vector<float>& y, Reduction reduction,
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

inline Result runCustom(const std::string& expr, const std::vector<float>& x, const std::vector<float>& y,
                 Reduction reduction = Reduction::Mean) {
  return run(x, y, reduction, "custom", &expr);
}

inline std::vector<float> uniform(std::mt19937& rng, std::size_t n, float lo, float hi) {
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = u(rng);
  return v;
}

/// Compares the custom expression against built-in loss `id` on value and gradient, for
/// every reduction. Fails (does not skip) when `id` is not in the catalogue.
inline void compareWithBuiltin(const std::string& expr, const char* id, const std::vector<float>& x,
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

inline Fd finiteDifference(const Expression& e, double x, double y) {
  const double h = 1e-6 * std::max(1.0, std::fabs(x));
  const double fp = e.evaluate(x + h, y), fm = e.evaluate(x - h, y), f0 = e.evaluate(x, y);
  return {(fp - fm) / (2 * h), (f0 - fm) / h, (fp - f0) / h};
}

/// Checks ∂f/∂x against finite differences at `x`; returns false (no check) when f is
/// not finite or huge there, or a kink lies within the step.
inline bool gradientMatches(const Expression& e, double x, double y, bool& checked) {
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

}  // namespace expr_test
