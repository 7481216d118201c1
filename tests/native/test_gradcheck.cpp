// Finite-difference gradient check: for every loss in the catalogue (so a new loss is
// covered without touching this file) and every option variant of the golden set
// (tests/golden/losses.json: one variant per distinct option set, vector-option role and
// target form; and the first of them with per-term sample weights, for every loss), the
// analytic gradient must match central differences of the loss VALUE,
// for 'mean' and 'sum'; for triplet_margin also the positive / negative gradients, for the
// pair losses the gradient of x2 (`other`).
//
// Inputs are drawn fresh (seeded, reproducible on every platform: mt19937 bits, our own
// uniform / normal) inside each loss's domain and away from its kinks and clip bounds:
//   probabilities in (0.05, 0.95) · log-probabilities in (−4, −0.05) · msle values in
//   (−0.5, 2.5) · regression errors |d| in [0.2, 2.5], 0.15 away from any number option
//   (δ, β) · hinge margins y·x 0.2 away from 1 · multi_margin rows 0.2 away from
//   margin − x_y + x_c = 0 · triplets 0.3 away from the margin, with no near-ties for swap
//   and no near-zero components (p = 1) · rates in (0.2, 4) · (mean, variance) rows with
//   variances in (0.6, 3), above any clamp ε · ±1-labelled distances 0.2 away from the margin
//   · label-list rows 0.2 away from 1 − x_j + x_c = 0 · categorical hinge rows whose two
//   largest (1 − t)·x and whose hinge 1 + neg − pos are 0.2 away from a tie and from 0 ·
//   ranked pairs 0.2 away from margin − y·(x1 − x2) = 0 · cosine pairs of −1 labels 0.1
//   away from cos = margin.
// Targets are the golden case's (they are valid for the loss and hold its ignored rows);
// custom compiles a few smooth expressions. Step h = 1e-2·max(|x|, 0.25), applied to the
// float32 input (probabilities: 1e-2·min(x, 1 − x)); central differences at h and h/2
// combined by Richardson extrapolation; tolerance 1e-2 relative plus a floor for float32
// noise in the value.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "golden.hpp"
#include "losslab/expression.hpp"

using namespace losslab;

namespace {

constexpr double kRelTol = 1e-2;
constexpr double kStep = 1e-2;  // relative step (of max(|x|, 0.25))
constexpr std::size_t kMaxChecked = 48;  // perturbed elements per input

/// Reproducible everywhere: mt19937's bits are specified; std's distributions are not.
struct Random {
  std::mt19937 bits;
  explicit Random(const std::string& seedText) {
    std::uint32_t h = 2166136261u;  // FNV-1a of the section name
    for (unsigned char c : seedText) h = (h ^ c) * 16777619u;
    bits.seed(h);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * (bits() >> 8) * (1.0 / 16777216.0); }
  double normal(double sd) {  // Box–Muller
    const double u = uniform(1e-12, 1.0), v = uniform(0.0, 1.0);
    return sd * std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  bool coin() { return bits() & 1u; }
};

/// Inputs are probabilities when the catalogue says so (with `from_logits` applied).
bool probabilityInput(const LossSpec& spec, const LossOptions& opt) {
  return inputKind(spec, opt) == InputKind::Probabilities;
}

struct Variant {
  const LossSpec* spec = nullptr;
  std::string label;
  const json::Value* options = nullptr;  // null: the defaults
  std::size_t n = 0, cols = 0;
  std::vector<float> target;  // the pair losses: the ±1 labels
  std::string expr;  // custom
  std::vector<float> sampleWeight;  // one per term, set by the test (not from the golden file)
  // ctc: the golden case's time steps and sequences
  std::size_t time = 0;
  std::vector<std::int32_t> labels, inputLengths, targetLengths;
};

/// `v` with per-term sample weights (one of them 0): every loss gets this variant, so the
/// generic weighting (compute's sample_weight) is checked on each, new ones included.
Variant weighted(Variant v) {
  const std::size_t terms = termsOf(*v.spec, v.n, v.cols, v.time);
  for (std::size_t i = 0; i < terms; ++i) v.sampleWeight.push_back(i == 1 ? 0.0f : 0.3f + 0.45f * static_cast<float>(i % 4));
  v.label += "+sample_weight";
  return v;
}

/// What makes two golden cases the same variant: the options (vectors by role, not by
/// value), the layout, the target form, whether some rows are ignored and, for 1-D
/// targets of at most three distinct values, that label set.
std::string variantKey(const json::Value& c) {
  std::ostringstream key;
  const std::size_t n = c["input"].array().size();
  const std::size_t cols = static_cast<std::size_t>(c["cols"].number());
  const json::Value& options = c["options"];
  double ignoreIndex = -100;
  for (std::size_t k = 0; k < options.keys().size(); ++k) {
    const json::Value& v = options.items()[k];
    key << options.keys()[k] << '=';
    if (v.isArray()) {
      const std::size_t len = v.array().size();
      key << (len == 1 ? "[1]" : len == n ? "[n]" : "[C]");
    } else if (v.isBool()) {
      key << v.boolean();
    } else {
      key << v.number();
      if (options.keys()[k] == "ignore_index") ignoreIndex = v.number();
    }
    key << ';';
  }
  key << (cols ? "rows" : "1d");
  if (const json::Value* l = c.find("labels")) {  // ctc: concatenated or padded labels
    std::size_t total = 0;
    for (const json::Value& len : c["target_lengths"].array()) total += static_cast<std::size_t>(len.number());
    key << (l->array().size() == total ? "/concatenated" : "/padded");
  }
  if (const json::Value* t = c.find("target")) {
    const std::vector<double> target = golden::doubles(*t);
    if (cols && target.size() == n) key << "/target-rows";
    if (std::count(target.begin(), target.end(), ignoreIndex) > 0) key << "/ignored";
    std::vector<double> distinct = target;  // label sets: hinge's ±1 versus 0/1
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (!cols && distinct.size() <= 3) {
      key << "/labels";
      for (double d : distinct) key << ' ' << d;
    }
  }
  return key.str();
}

std::vector<Variant> variantsOf(const LossSpec& spec) {
  std::map<std::string, std::size_t> index;
  std::vector<Variant> out;
  for (const json::Value& c : golden::cases()) {
    if (c["id"].string() != spec.id) continue;
    // ctc's impossible alignments: +∞ whatever the input, so no difference quotient exists
    // (test_golden checks their zero gradient).
    if (!c["value"].isNumber()) continue;
    const std::string key = variantKey(c);
    const std::size_t n = c["input"].array().size();
    auto [it, fresh] = index.emplace(key, out.size());
    if (fresh) out.emplace_back();
    Variant& v = out[it->second];
    // The largest case up to 40 elements; smaller ones only until one is found.
    const bool better = fresh || (n <= 40 && (v.n > 40 || n > v.n)) || (v.n > 40 && n < v.n);
    if (!better) continue;
    std::string name = c["name"].string();  // id/variant.../reduction/shape
    for (int cut = 0; cut < 2; ++cut) name = name.substr(0, name.rfind('/'));
    v.spec = &spec;
    v.label = name;
    v.options = &c["options"];
    v.n = n;
    v.cols = static_cast<std::size_t>(c["cols"].number());
    v.target = c.find("target") ? golden::floats(c["target"])
               : c.find("label") ? golden::floats(c["label"])
                                 : std::vector<float>{};
    if (c.find("labels")) {
      v.time = static_cast<std::size_t>(c["time"].number());
      v.labels = golden::ints(c["labels"]);
      v.inputLengths = golden::ints(c["input_lengths"]);
      v.targetLengths = golden::ints(c["target_lengths"]);
    }
  }
  if (out.empty()) {  // no PyTorch counterpart (custom): the defaults, on a small shape
    Variant v;
    v.spec = &spec;
    v.label = std::string(spec.id) + "/default";
    switch (spec.layout) {
      case Layout::Elementwise: v.n = 9; break;
      case Layout::Rows: v.n = 15, v.cols = 3; break;
      case Layout::Triplet: v.n = 12, v.cols = 3; break;
      case Layout::Pair: v.n = 12, v.cols = 3; break;
      case Layout::Sequence: FAIL(spec.id << " has no golden cases to take its sequences from"); break;
    }
    out.push_back(v);
  }
  if (spec.family == Family::Custom) {
    std::vector<Variant> custom;
    for (const char* e : {"abs(x - y)^1.5", "softplus(x - y) * (1 + y^2)", "sqrt(1 + (x - y)^2) - 1",
                          "max(x, y) - min(x, y) * sigmoid(x)", "sin(x) * cos(y) + tanh(x - y)^2",
                          "pow(abs(x - y) + 1, 1.5) / (1 + exp(-y))"}) {
      Variant v = out.front();
      v.expr = e;
      v.label = std::string(spec.id) + "/" + e;
      custom.push_back(v);
    }
    custom.push_back(weighted(custom.front()));
    return custom;
  }
  out.push_back(weighted(out.front()));
  return out;
}

double pnorm(const float* u, const float* v, std::size_t d, double p, double eps) {
  double s = 0.0;
  for (std::size_t k = 0; k < d; ++k) s += std::pow(std::abs(double(u[k]) - v[k] + eps), p);
  return std::pow(s, 1.0 / p);
}

/// Pairs: x1 and x2 (`other`) for the variant's ±1 labels (`target`), away from the kinks:
/// ranked pairs (margin_ranking, one score a side) 0.2 from margin − y·(x1 − x2) = 0;
/// embedding pairs of −1 labels 0.1 from cos = margin.
void drawPairs(const Variant& v, const LossOptions& opt, Random& rnd, std::vector<float>& x,
               const std::vector<float>& labels, std::vector<float>& other) {
  const std::size_t d = v.cols ? v.cols : 1;
  other.assign(v.n, 0.0f);
  REQUIRE(labels.size() == v.n / d);
  for (std::size_t r = 0; r < v.n / d; ++r) {
    float *a = &x[r * d], *b = &other[r * d];
    for (int attempt = 0;; ++attempt) {
      REQUIRE(attempt < 10000);
      double dot = 0.0, s1 = 0.0, s2 = 0.0;
      for (std::size_t k = 0; k < d; ++k) {
        a[k] = static_cast<float>(rnd.normal(1.5));
        b[k] = static_cast<float>(a[k] + rnd.normal(1.5));
        dot += double(a[k]) * b[k], s1 += double(a[k]) * a[k], s2 += double(b[k]) * b[k];
      }
      if (d == 1) {
        if (std::abs(opt.margin - labels[r] * (double(a[0]) - b[0])) < 0.2) continue;
      } else {
        const double cos = dot / std::sqrt(s1 * s2);
        if (s1 < 0.5 || s2 < 0.5 || (labels[r] < 0 && std::abs(cos - opt.margin) < 0.1)) continue;
      }
      break;
    }
  }
}

/// Fresh inputs for the variant (and positive/negative for triplets, other for pairs),
/// inside the domain and away from kinks. Targets of elementwise/rows losses (and the
/// pairs' labels) are the variant's.
void drawInputs(const Variant& v, const LossOptions& opt, Random& rnd, std::vector<float>& x,
                std::vector<float>& target, std::vector<float>& positive, std::vector<float>& negative,
                std::vector<float>& other) {
  const LossSpec& spec = *v.spec;
  x.assign(v.n, 0.0f);
  target = v.target;
  if (spec.layout == Layout::Pair) {
    if (target.empty()) {  // no golden case: alternate labels
      for (std::size_t i = 0; i < termsOf(spec, v.n, v.cols); ++i) target.push_back(i % 2 ? -1.0f : 1.0f);
    }
    drawPairs(v, opt, rnd, x, target, other);
    return;
  }
  if (target.empty() && spec.layout == Layout::Elementwise) {
    for (std::size_t i = 0; i < v.n; ++i) target.push_back(static_cast<float>(rnd.uniform(-2, 2)));
  }
  if (target.empty() && spec.layout == Layout::Rows) {
    for (std::size_t i = 0; i < v.n / v.cols; ++i) target.push_back(static_cast<float>(i % v.cols));
  }
  const bool probabilities = probabilityInput(spec, opt);

  if (spec.layout == Layout::Sequence) {  // ctc: log_softmax of random rows (smooth everywhere)
    const std::size_t C = v.cols;
    for (std::size_t r = 0; r < v.n / C; ++r) {
      float* row = &x[r * C];
      double m = -INFINITY, sum = 0.0;
      std::vector<double> z(C);
      for (double& e : z) m = std::max(m, e = rnd.normal(1.5));
      for (double e : z) sum += std::exp(e - m);
      for (std::size_t c = 0; c < C; ++c) row[c] = static_cast<float>(z[c] - m - std::log(sum));
    }
    return;
  }

  if (spec.layout == Layout::Triplet) {
    const std::size_t d = v.cols;
    positive.assign(v.n, 0.0f);
    negative.assign(v.n, 0.0f);
    for (std::size_t r = 0; r < v.n / d; ++r) {
      float *a = &x[r * d], *p = &positive[r * d], *q = &negative[r * d];
      for (int attempt = 0;; ++attempt) {
        REQUIRE(attempt < 10000);
        bool nearZero = false;
        for (std::size_t k = 0; k < d; ++k) {
          a[k] = static_cast<float>(rnd.normal(1.0));
          p[k] = static_cast<float>(a[k] + rnd.normal(0.7));
          // With swap, every other negative sits near the positive, so d(p, n) < d(a, n).
          q[k] = static_cast<float>(opt.swap && r % 2 ? p[k] + rnd.normal(0.6) : a[k] + rnd.normal(1.0));
          nearZero = nearZero || std::abs(a[k] - p[k]) < 0.1 || std::abs(a[k] - q[k]) < 0.1 ||
                     std::abs(p[k] - q[k]) < 0.1;
        }
        const double ap = pnorm(a, p, d, opt.p, opt.eps), an = pnorm(a, q, d, opt.p, opt.eps);
        const double pn = pnorm(p, q, d, opt.p, opt.eps);
        const double neg = opt.swap ? std::min(an, pn) : an;
        if (nearZero || std::abs(ap - neg + opt.margin) < 0.3 || (opt.swap && std::abs(an - pn) < 0.15)) continue;
        break;
      }
    }
    return;
  }

  if (spec.layout == Layout::Rows) {
    const std::size_t C = v.cols ? v.cols : flatColumns(spec, v.n);  // dice's flat array: one row
    const OptionSpec* margin = findOption(spec, "margin");
    for (std::size_t r = 0; r < v.n / C; ++r) {
      float* row = &x[r * C];
      for (int attempt = 0;; ++attempt) {
        REQUIRE(attempt < 10000);
        for (std::size_t c = 0; c < C; ++c) {
          row[c] = static_cast<float>(probabilities ? rnd.uniform(0.05, 0.95)
                                      : spec.input_domain == InputDomain::NonPositive ? rnd.uniform(-4, -0.05)
                                                                                      : rnd.normal(1.5));
        }
        if (inputKind(spec, opt) == InputKind::MeanVariance) {
          for (std::size_t c = 1; c < C; c += 2) row[c] = static_cast<float>(rnd.uniform(0.6, 3.0));
        }
        bool nearKink = false;  // multi_margin: margin − x_y + x_c = 0
        const float label = target.size() == v.n / C ? target[r] : -1.0f;
        if (margin && margin->number && label >= 0 && label < C) {
          const std::size_t y = static_cast<std::size_t>(label);
          for (std::size_t c = 0; c < C; ++c) {
            nearKink = nearKink || (c != y && std::abs(opt.*(margin->number) - row[y] + row[c]) < 0.2);
          }
        }
        if (spec.target == TargetKind::LabelLists) {  // 1 − (x_j − x_c) = 0, j listed, c not
          const float* t = &target[r * C];
          std::vector<bool> listed(C, false);
          for (std::size_t k = 0; k < C && t[k] != -1.0f; ++k) listed[static_cast<std::size_t>(t[k])] = true;
          for (std::size_t j = 0; j < C; ++j) {
            for (std::size_t c = 0; c < C; ++c) {
              nearKink = nearKink || (listed[j] && !listed[c] && std::abs(1.0 - row[j] + row[c]) < 0.2);
            }
          }
        }
        if (spec.target == TargetKind::IndicesOrProbabilities && inputKind(spec, opt) == InputKind::Scores) {
          // the categorical hinge: neg = max (1 − t)·x (no near-tie), z = 1 + neg − pos (not near 0)
          std::vector<double> t(C, 0.0);
          if (label >= 0) t[static_cast<std::size_t>(label)] = 1.0;
          else for (std::size_t c = 0; c < C; ++c) t[c] = target[r * C + c];
          double pos = 0.0, first = -INFINITY, second = -INFINITY;
          for (std::size_t c = 0; c < C; ++c) {
            pos += t[c] * row[c];
            const double m = (1.0 - t[c]) * row[c];
            if (m > first) second = first, first = m;
            else second = std::max(second, m);
          }
          nearKink = nearKink || first - second < 0.2 || std::abs(1.0 + first - pos) < 0.2;
        }
        if (!nearKink) break;
      }
    }
    return;
  }

  // Elementwise.
  std::vector<double> avoid;  // |d| near a number option (δ, β) is a kink
  for (const OptionSpec& o : spec.options) {
    if (o.kind == OptionKind::Number && o.number) avoid.push_back(opt.*(o.number));
  }
  for (std::size_t i = 0; i < v.n; ++i) {
    const double y = target[i];
    double xi = 0.0;
    if (probabilities) {
      xi = rnd.uniform(0.05, 0.95);
    } else if (inputKind(spec, opt) == InputKind::Rates) {
      xi = rnd.uniform(0.2, 4.0);
    } else if (spec.target == TargetKind::StrictSigns) {  // distances: x = margin is a kink
      bool nearKink = true;
      for (int attempt = 0; nearKink; ++attempt) {
        REQUIRE(attempt < 10000);
        xi = rnd.uniform(-4, 4);
        nearKink = false;
        for (double a : avoid) nearKink = nearKink || std::abs(xi - a) < 0.2;
      }
    } else if (spec.input_domain == InputDomain::GreaterThanMinusOne) {
      xi = rnd.uniform(-0.5, 2.5);
    } else if (spec.target == TargetKind::Values) {
      for (int attempt = 0;; ++attempt) {
        REQUIRE(attempt < 10000);
        const double d = rnd.uniform(0.2, 2.5) * (rnd.coin() ? 1 : -1);
        bool nearKink = false;
        for (double a : avoid) nearKink = nearKink || std::abs(std::abs(d) - a) < 0.15;
        xi = y + d;
        if (!nearKink) break;
      }
    } else if (spec.target == TargetKind::Signs) {
      const double s = y == 0 ? -1.0 : y;
      double m = 0;
      do m = rnd.uniform(-2, 2);
      while (std::abs(m - 1) < 0.2);
      xi = s * m;
    } else {
      xi = rnd.uniform(-4, 4);  // logits
    }
    x[i] = static_cast<float>(xi);
  }
}

/// One variant and reduction: analytic gradients against central differences.
void gradcheck(const Variant& v, Reduction reduction) {
  const LossSpec& spec = *v.spec;
  LossOptions opt = defaultOptions(spec.id);
  std::deque<std::vector<float>> storage;
  if (v.options) {
    const std::string bad = golden::applyOptions(spec, *v.options, opt, storage);
    if (!bad.empty()) FAIL(bad);
  }
  if (!v.sampleWeight.empty()) opt.sample_weight = FloatSpan{v.sampleWeight.data(), v.sampleWeight.size()};
  std::shared_ptr<const Expression> compiled;
  if (!v.expr.empty()) {
    const Status s = compileExpression(v.expr, compiled);
    INFO(s.message());
    REQUIRE(s.isOk());
    opt.expr = compiled.get();
  }
  opt.reduction = reduction;

  Random rnd(v.label + "/" + reductionName(reduction));
  const bool probabilities = probabilityInput(spec, opt);
  std::vector<float> x, target, positive, negative, other;
  drawInputs(v, opt, rnd, x, target, positive, negative, other);
  const bool pair = spec.layout == Layout::Pair;

  auto makeInput = [&] {
    LossInput in;
    in.input = x.data();
    in.n = x.size();
    in.cols = v.cols;
    if (pair) {
      in.other = other.data(), in.other_n = other.size();
      in.label = target.data(), in.label_n = target.size();
    } else if (!target.empty()) {
      in.target = target.data(), in.target_n = target.size();
    }
    if (!positive.empty()) {
      in.positive = positive.data(), in.positive_n = positive.size();
      in.negative = negative.data(), in.negative_n = negative.size();
    }
    in.time = v.time;  // ctc
    in.labels = v.labels.data(), in.labels_n = v.labels.size();
    in.input_lengths = v.inputLengths.data(), in.input_lengths_n = v.inputLengths.size();
    in.target_lengths = v.targetLengths.data(), in.target_lengths_n = v.targetLengths.size();
    return in;
  };
  auto evaluate = [&] {
    LossOutput out;
    const Status s = compute(spec.id, makeInput(), opt, out);
    INFO(s.message());
    REQUIRE(s.isOk());
    return out.value;
  };

  std::vector<float> grad(x.size(), NAN), gradPositive(x.size(), NAN), gradNegative(x.size(), NAN);
  std::vector<float> gradOther(x.size(), NAN);
  LossOutput out;
  out.grad = grad.data();
  if (pair) out.grad_other = gradOther.data();
  if (!positive.empty()) out.grad_positive = gradPositive.data(), out.grad_negative = gradNegative.data();
  {
    const Status s = compute(spec.id, makeInput(), opt, out);
    INFO(s.message());
    REQUIRE(s.isOk());
  }

  struct Wrt {
    const char* name;
    std::vector<float>* data;
    const std::vector<float>* grad;
  };
  std::vector<Wrt> wrts{{"input", &x, &grad}};
  if (!positive.empty()) {
    wrts.push_back({"positive", &positive, &gradPositive});
    wrts.push_back({"negative", &negative, &gradNegative});
  }
  if (pair) wrts.push_back({"other", &other, &gradOther});
  for (const Wrt& w : wrts) {
    std::vector<float>& data = *w.data;
    double gmax = 0.0;
    for (float g : *w.grad) gmax = std::max(gmax, std::abs(double(g)));
    std::vector<std::size_t> which(data.size());
    for (std::size_t i = 0; i < which.size(); ++i) which[i] = i;
    if (which.size() > kMaxChecked) {
      for (std::size_t i = 0; i < kMaxChecked; ++i) std::swap(which[i], which[i + rnd.bits() % (which.size() - i)]);
      which.resize(kMaxChecked);
    }
    std::size_t bad = 0;
    for (std::size_t i : which) {
      const float x0 = data[i];
      // Probabilities: relative to the distance from 0 and 1, where log terms curve fast.
      const double h = kStep * (probabilities ? std::min(double(x0), 1.0 - x0)
                                              : std::max(std::abs(double(x0)), 0.25));
      // Central differences at h and h/2, combined by Richardson extrapolation: the h²
      // error cancels (triplet distances curve on the scale of the distance, not of x).
      auto central = [&](double step, double& noise) {
        const float xp = static_cast<float>(x0 + step), xm = static_cast<float>(x0 - step);
        data[i] = xp;
        const double fp = evaluate();
        data[i] = xm;
        const double fm = evaluate();
        data[i] = x0;
        const double width = double(xp) - double(xm);
        // float32 terms: ~1e-7 relative noise in the value, amplified by 1/width.
        noise = 1e-6 * (std::abs(fp) + std::abs(fm)) / width;
        return (fp - fm) / width;
      };
      double noiseH = 0.0, noiseHalf = 0.0;
      const double dH = central(h, noiseH), dHalf = central(h / 2, noiseHalf);
      const double fd = (4.0 * dHalf - dH) / 3.0;
      const double noise = (4.0 * noiseHalf + noiseH) / 3.0;
      const double g = (*w.grad)[i];
      const double tol = kRelTol * std::max(std::abs(g), std::abs(fd)) + 1e-4 * gmax + noise;
      if (std::abs(g - fd) <= tol && std::isfinite(g)) continue;
      if (++bad <= 5) {
        INFO(w.name << "[" << i << "] = " << x0 << ": analytic " << g << ", central difference " << fd
                    << " (h " << h << ", tolerance " << tol << ")");
        CHECK(std::abs(g - fd) <= tol);
      }
    }
    INFO(w.name << ": " << bad << " of " << which.size() << " checked elements differ");
    CHECK(bad == 0);
  }
}

}  // namespace

TEST_CASE("gradcheck: every loss and option variant against central differences", "[gradcheck]") {
  for (const LossSpec& spec : catalogue()) {
    for (const Variant& v : variantsOf(spec)) {
      for (Reduction r : {Reduction::Mean, Reduction::Sum}) {
        if (spec.mean_only && r != Reduction::Mean) continue;
        DYNAMIC_SECTION(v.label << " " << v.n << "x" << v.cols << " " << reductionName(r)) {
          INFO("gradcheck " << v.label << " (" << reductionName(r) << ")");
          gradcheck(v, r);
        }
      }
    }
  }
}
