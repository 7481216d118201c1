// Native bench: times losslab::compute for the jobs bench/run.mjs hands it, on the very data
// the JS side uses (float32 files written by run.mjs), and prints one JSON line per job.
//
//   losslab_bench --jobs FILE [--budget-ms 110] [--warmup-ms 25] [--sample-ms 4]
//   losslab_bench --check            one tiny mse call; prints {"check": ...}; exit 0 if right
//   losslab_bench --why              the landscape and influence timings (bench_why.cpp)
//
// Job file: one job per line, fields separated by single spaces, '-' for "absent":
//   key id mode n cols input target target_n positive negative expr...
// (pair losses: `target` holds the ±1 labels and `positive` x2, the LossInput's label and other)
// mode is `value` (no gradient) or `grad` (value and gradient; triplets: all three), or
// `limit-value` / `limit-grad`: the plain C loop of limit.cpp on the same data (the limit).
// The timing is the one bench/timing.mjs uses: warm-up, calibrate, adaptive repeat count,
// median of samples.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "limit.hpp"
#include "losslab/losslab.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct TimingOptions {
  double budget_ms = 110;
  double warmup_ms = 25;
  double sample_ms = 4;
  int min_samples = 5;
  int max_samples = 41;
};

struct Timing {
  double ms = 0, min = 0, max = 0;
  int samples = 0;
  long inner = 0;
  long calls = 0;
};

volatile double g_sink = 0;

template <class F>
Timing measure(F&& fn, const TimingOptions& o) {
  long calls = 0;
  double min_call = 1e300;
  auto w0 = Clock::now();
  while (calls == 0 || ((calls < 3 || msSince(w0) < o.warmup_ms) && min_call < o.warmup_ms)) {
    auto t = Clock::now();
    g_sink = g_sink + fn();
    min_call = std::min(min_call, msSince(t));
    ++calls;
  }
  long batch = 1;
  double per_call = 0;
  if (min_call >= 2) {
    auto t = Clock::now();
    g_sink = g_sink + fn();
    per_call = std::min(min_call, msSince(t));
    ++calls;
  }
  while (per_call == 0) {
    auto t0 = Clock::now();
    for (long i = 0; i < batch; ++i) g_sink = g_sink + fn();
    double dt = msSince(t0);
    calls += batch;
    if (dt >= 2 || batch >= (1L << 22)) {
      per_call = dt / static_cast<double>(batch);
      break;
    }
    batch *= 2;
  }
  long inner = std::max(1L, std::lround(o.sample_ms / std::max(per_call, 1e-7)));
  double sample_time = static_cast<double>(inner) * per_call;
  int min_samples = per_call >= 40 ? 3 : per_call >= 2 ? std::max(9, o.min_samples) : o.min_samples;
  long samples = static_cast<long>(o.budget_ms / std::max(sample_time, 1e-7));
  samples = std::min<long>(o.max_samples, std::max<long>(min_samples, samples));
  if (samples % 2 == 0) ++samples;
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(samples));
  for (long s = 0; s < samples; ++s) {
    auto t0 = Clock::now();
    for (long i = 0; i < inner; ++i) g_sink = g_sink + fn();
    times.push_back(msSince(t0) / static_cast<double>(inner));
  }
  calls += inner * samples;
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  Timing t;
  std::size_t m = sorted.size() / 2;
  t.ms = sorted.size() % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  t.min = sorted.front();
  t.max = sorted.back();
  t.samples = static_cast<int>(samples);
  t.inner = inner;
  t.calls = calls;
  return t;
}

std::string jsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// float32 files, read once each.
class Files {
 public:
  const std::vector<float>* get(const std::string& path, std::string& error) {
    if (path == "-") return nullptr;
    auto it = cache_.find(path);
    if (it != cache_.end()) return &it->second;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
      error = "cannot open " + path;
      return nullptr;
    }
    std::streamsize bytes = in.tellg();
    in.seekg(0);
    std::vector<float> data(static_cast<std::size_t>(bytes) / sizeof(float));
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(float)));
    return &(cache_[path] = std::move(data));
  }

 private:
  std::map<std::string, std::vector<float>> cache_;
};

std::string compilerName() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("g++ ") + __VERSION__;
#else
  return "unknown";
#endif
}

std::string archFlags() {
  std::string s;
#ifdef __AVX512F__
  s += "avx512f ";
#endif
#ifdef __AVX2__
  s += "avx2 ";
#endif
#ifdef __FMA__
  s += "fma ";
#endif
#ifdef __SSE4_2__
  s += "sse4.2 ";
#endif
  if (!s.empty()) s.pop_back();
  return s;
}

int check() {
  const float x[4] = {1, 2, 3, 4};
  const float y[4] = {1, 1, 1, 1};
  float g[4];
  losslab::LossInput in;
  in.input = x;
  in.n = 4;
  in.target = y;
  in.target_n = 4;
  losslab::LossOptions opt = losslab::defaultOptions("mse");
  losslab::LossOutput out;
  out.grad = g;
  losslab::Status st = losslab::compute("mse", in, opt, out);
  // (0 + 1 + 4 + 9) / 4 = 3.5; grad 2d/n = 0, 0.5, 1, 1.5
  bool ok = st.isOk() && out.value == 3.5 && g[0] == 0 && g[1] == 0.5f && g[2] == 1 && g[3] == 1.5f;
  std::cout << "{\"check\":" << (ok ? "true" : "false") << ",\"value\":" << num(out.value)
            << ",\"status\":\"" << jsonEscape(st.isOk() ? "ok" : st.message()) << "\",\"compiler\":\""
            << jsonEscape(compilerName()) << "\",\"arch\":\"" << archFlags() << "\"}" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace

int runWhyBench();  // bench_why.cpp

int main(int argc, char** argv) {
  TimingOptions topt;
  std::string jobsPath;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--check") return check();
    if (a == "--why") return runWhyBench();
    if (a == "--jobs") jobsPath = next();
    else if (a == "--budget-ms") topt.budget_ms = std::atof(next());
    else if (a == "--warmup-ms") topt.warmup_ms = std::atof(next());
    else if (a == "--sample-ms") topt.sample_ms = std::atof(next());
    else {
      std::cerr << "usage: losslab_bench --check | --why | --jobs FILE [--budget-ms N] [--warmup-ms N] [--sample-ms N]\n";
      return 2;
    }
  }
  if (jobsPath.empty()) {
    std::cerr << "losslab_bench: --jobs FILE is required (bench/run.mjs writes it)\n";
    return 2;
  }
  std::ifstream jobs(jobsPath);
  if (!jobs) {
    std::cerr << "losslab_bench: cannot open " << jobsPath << "\n";
    return 2;
  }
  std::cout << "{\"native\":{\"compiler\":\"" << jsonEscape(compilerName()) << "\",\"arch\":\"" << archFlags()
            << "\"}}" << std::endl;

  Files files;
  std::string line;
  while (std::getline(jobs, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string key, id, mode, inputPath, targetPath, positivePath, negativePath;
    std::size_t n = 0, cols = 0, targetN = 0;
    ls >> key >> id >> mode >> n >> cols >> inputPath >> targetPath >> targetN >> positivePath >> negativePath;
    std::string expr;
    std::getline(ls, expr);
    if (!expr.empty() && expr[0] == ' ') expr.erase(0, 1);
    if (expr == "-") expr.clear();

    std::ostringstream head;
    head << "{\"key\":\"" << jsonEscape(key) << "\",\"id\":\"" << jsonEscape(id) << "\",\"mode\":\"" << mode
         << "\",\"n\":" << n;
    auto fail = [&](const std::string& why) {
      std::cout << head.str() << ",\"error\":\"" << jsonEscape(why) << "\"}" << std::endl;
    };
    if (!losslab::findLoss(id)) {
      fail("not in catalogue");
      continue;
    }
    std::string error;
    const std::vector<float>* x = files.get(inputPath, error);
    const std::vector<float>* t = files.get(targetPath, error);
    const std::vector<float>* pos = files.get(positivePath, error);
    const std::vector<float>* neg = files.get(negativePath, error);
    if (!error.empty() || !x) {
      fail(error.empty() ? "no input" : error);
      continue;
    }
    losslab::LossInput in;
    in.input = x->data();
    in.n = std::min(n, x->size());
    in.cols = cols;
    const bool pair = losslab::findLoss(id)->layout == losslab::Layout::Pair;
    if (pair && t && pos) {
      in.label = t->data();
      in.label_n = std::min(targetN, t->size());
      in.other = pos->data();
      in.other_n = pos->size();
      t = pos = nullptr;
    }
    if (t) {
      in.target = t->data();
      in.target_n = std::min(targetN, t->size());
    }
    if (pos) {
      in.positive = pos->data();
      in.positive_n = pos->size();
    }
    if (neg) {
      in.negative = neg->data();
      in.negative_n = neg->size();
    }
    losslab::LossOptions opt = losslab::defaultOptions(id);
    opt.reduction = losslab::Reduction::Mean;
    std::shared_ptr<const losslab::Expression> compiled;
    if (!expr.empty()) {
      losslab::Status st = losslab::compileExpression(expr, compiled);
      if (!st.isOk()) {
        fail(st.message());
        continue;
      }
      opt.expr = compiled.get();
    }
    if (mode.rfind("limit-", 0) == 0) {
      const limit::Kernel kernel = limit::find(id.c_str());
      if (kernel == nullptr || !t) {
        fail("no limit kernel for " + id);
        continue;
      }
      std::vector<float> lg(mode == "limit-grad" ? in.n : 0);
      float* gp = lg.empty() ? nullptr : lg.data();
      const double value = kernel(in.input, in.target, in.n, gp);
      Timing tm = measure([&]() -> double { return kernel(in.input, in.target, in.n, gp); }, topt);
      std::cout << head.str() << ",\"ms\":" << num(tm.ms) << ",\"min\":" << num(tm.min) << ",\"max\":" << num(tm.max)
                << ",\"samples\":" << tm.samples << ",\"inner\":" << tm.inner << ",\"value\":" << num(value) << "}"
                << std::endl;
      continue;
    }
    const bool grad = mode == "grad";
    std::vector<float> g(grad ? in.n : 0), gp(grad && pos ? in.n : 0), gn(grad && neg ? in.n : 0);
    std::vector<float> go(grad && pair ? in.n : 0);
    losslab::LossOutput out;
    out.grad = grad ? g.data() : nullptr;
    out.grad_other = go.empty() ? nullptr : go.data();
    out.grad_positive = gp.empty() ? nullptr : gp.data();
    out.grad_negative = gn.empty() ? nullptr : gn.data();
    losslab::Status first = losslab::compute(id, in, opt, out);
    if (!first.isOk()) {
      fail(first.message());
      continue;
    }
    const double value = out.value;
    Timing tm = measure(
        [&]() -> double {
          losslab::LossOutput o;
          o.outputs_may_be_written_on_failure = true;  // as the JS wrapper calls it
          o.grad = out.grad;
          o.grad_positive = out.grad_positive;
          o.grad_negative = out.grad_negative;
          o.grad_other = out.grad_other;
          (void)losslab::compute(id, in, opt, o);
          return o.value;
        },
        topt);
    std::cout << head.str() << ",\"ms\":" << num(tm.ms) << ",\"min\":" << num(tm.min) << ",\"max\":" << num(tm.max)
              << ",\"samples\":" << tm.samples << ",\"inner\":" << tm.inner << ",\"value\":" << num(value) << "}"
              << std::endl;
  }
  return 0;
}
