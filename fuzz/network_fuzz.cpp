// libFuzzer target for the network: what lab.network(settings | json) and its methods reach.
//
// Mode byte, then either
//  - JSON (mode % 4 == 0): a u16 length and that many bytes of text for Network::fromJSON
//    (the JS wrapper sends settings objects as JSON too), or
//  - settings: every NetworkConfig field from the bytes (layer counts and sizes in and out
//    of range, enum values outside the enums, any loss id, loss options by any name with
//    numbers, vectors and expressions, learning rates and penalties from NaN to 1e300);
// then tiny data (0–16 samples; tame, labelled, or NaN/Inf) for fit, predict, evaluate,
// predictGrid, lossAndGradient, setParameters and reset.
//
// Promises checked:
//  - every status is a contract code (never INTERNAL); create() and validate() agree;
//    fromJSON failures are BAD_OPTION/UNKNOWN_LOSS messages starting "network JSON: ";
//  - a created network saves and loads: toJSON(fromJSON(toJSON())) is the same text, the
//    loaded network predicts bit-identically, and both train to bit-identical weights;
//  - predict/evaluate/predictGrid on finite data of sane size give finite results unless
//    training diverged (reported as NOT_FINITE); predictions are probabilities where they
//    should be; reset() gives back the created network's weights.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "losslab/catalogue.hpp"
#include "losslab/network.hpp"
#include "targets.hpp"

namespace losslab::fuzz {
namespace {

constexpr const char* kTarget = "network_fuzz";

const char* const kOptionNames[] = {"delta", "beta", "alpha", "gamma", "margin", "p", "eps",
                                    "label_smoothing", "from_logits", "swap", "ignore_index",
                                    "weight", "pos_weight", "reduction", "bogus", "expr"};
const char* const kExpressions[] = {"(x - y)^2", "abs(x - y)^1.5", "log(exp(x - y) + exp(y - x))", "sqrt(x)",
                                    "x / y", "exp(x)", "pow(x, y)", "y"};

void checkCode(const Status& s, const std::string& where) {
  const int code = static_cast<int>(s.code());
  if (code < 0 || code > static_cast<int>(Code::BadOption)) {
    die(kTarget, where + ": status " + std::to_string(code) + " is not a contract code", clip(s.message()));
  }
  if (!s.isOk() && s.message().empty()) die(kTarget, where + ": failure without a message");
}

NetworkConfig readConfig(Bytes& in) {
  NetworkConfig cfg;
  const std::uint8_t shape = in.u8();
  const std::size_t count = shape % 16 < 12 ? 3 + shape % 4 : shape % 11;
  cfg.layers.clear();
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint8_t b = in.u8();
    cfg.layers.push_back(b < 240 ? 1 + b % 17 : in.integer());
  }
  const std::uint8_t kinds = in.u8();
  cfg.activation = static_cast<Activation>(kinds % 16 == 15 ? in.integer() : kinds % 4);
  cfg.optimizer = static_cast<Optimizer>((kinds >> 4) % 16 == 15 ? in.integer() : (kinds >> 4) % 3);

  const std::vector<LossSpec>& cat = catalogue();
  const std::uint8_t sel = in.u8();
  cfg.loss = sel < 250 ? std::string(cat[sel % cat.size()].id) : in.text(40);
  const std::size_t options = in.u8() % 4;
  for (std::size_t k = 0; k < options; ++k) {
    const std::uint8_t b = in.u8();
    std::string name = b < 240 ? kOptionNames[b % (sizeof kOptionNames / sizeof *kOptionNames)] : in.text(12);
    switch (in.u8() % 4) {
      case 0:
      case 1:
        cfg.loss_options.numbers[name] = in.number();
        break;
      case 2: {
        const std::size_t len = in.u8() % 18;
        cfg.loss_options.vectors[name] = in.values(len);
        break;
      }
      default: {
        const std::uint8_t e = in.u8();
        cfg.loss_options.expr = e < 200 ? kExpressions[e % (sizeof kExpressions / sizeof *kExpressions)] : in.text(40);
      }
    }
  }
  const std::uint8_t nums = in.u8();
  cfg.learning_rate = nums & 1 ? in.number() : static_cast<double>(in.u8()) / 1000.0;
  cfg.batch_size = nums & 2 ? in.integer() : 1 + in.u8() % 20;
  cfg.l1 = nums & 4 ? in.number() : 0.0;
  cfg.l2 = nums & 8 ? in.number() : 0.0;
  cfg.seed = in.u32();
  return cfg;
}

/// Tiny data for `net`: rows × inputSize() inputs, and targets in the form its head takes
/// (or deliberately not).
struct Data {
  std::vector<float> x, y;
};

Data readData(Bytes& in, const Network& net) {
  Data d;
  const std::uint8_t b = in.u8();
  const std::size_t rows = b % 17;
  const std::size_t inputs = net.inputSize();
  const std::size_t per = net.task() == Task::Regression ? net.outputSize() : 1;
  const bool wild = (b & 0x80) != 0;
  d.x.resize(rows * inputs + ((b & 0x60) == 0x60 ? 1 : 0));
  for (float& v : d.x) v = wild ? in.value() : static_cast<float>(static_cast<std::int8_t>(in.u8())) / 16.0f;
  d.y.resize(rows * per + ((b & 0x60) == 0x40 ? 1 : 0));
  const std::size_t classes = std::max<std::size_t>(2, net.outputSize());
  for (float& v : d.y) {
    const std::uint8_t c = in.u8();
    if (wild && (c & 0x80)) v = in.value();
    else if (net.task() == Task::Regression) v = static_cast<float>(static_cast<std::int8_t>(c)) / 32.0f;
    else if (net.task() == Task::Embedding) v = static_cast<float>(c % 5);
    else v = static_cast<float>(c % classes);
  }
  return d;
}

bool finiteAll(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float f) { return std::isfinite(f); });
}
bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
  }
  return true;
}
bool tame(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float f) { return std::isfinite(f) && std::fabs(f) <= 1e4f; });
}

void exercise(Bytes& in, Network& net, const std::string& json) {
  const std::string where = "network " + clip(json, 300);
  // Save and load.
  std::string saved;
  Status s = net.toJSON(saved);
  checkCode(s, "toJSON");
  if (!s.isOk()) die(kTarget, "toJSON failed on a fresh network", where + "\n  " + s.message());
  Network loaded;
  s = Network::fromJSON(saved, loaded);
  if (!s.isOk()) die(kTarget, "fromJSON(toJSON()) failed", saved + "\n  " + s.message());
  std::string again;
  if (!loaded.toJSON(again).isOk() || again != saved) die(kTarget, "toJSON(fromJSON(toJSON())) differs", saved + "\n  " + again);

  Data d = readData(in, net);
  const bool finiteData = finiteAll(d.x) && finiteAll(d.y);
  const std::size_t P = net.predictionSize();
  const std::size_t rows = d.x.size() / net.inputSize();

  // Predictions of the loaded network match bit for bit.
  std::vector<float> p1, p2;
  const Status ps1 = net.predict(d.x.data(), d.x.size(), p1);
  const Status ps2 = loaded.predict(d.x.data(), d.x.size(), p2);
  checkCode(ps1, "predict");
  if (ps1.code() != ps2.code() || !sameFloats(p1, p2)) die(kTarget, "loaded network predicts differently", where);
  if (ps1.isOk()) {
    if (p1.size() != rows * P) die(kTarget, "predict wrote the wrong number of floats", where);
    if (tame(d.x) && !finiteAll(p1)) die(kTarget, "non-finite prediction from a fresh network on tame data", where);
    if (net.task() == Task::Classification) {
      for (float v : p1) {
        if (!(v >= 0.0f && v <= 1.0f) && std::isfinite(v)) die(kTarget, "a class probability outside [0, 1]", where);
      }
    }
  }

  // Train both for the same epochs: identical weights (the save kept everything training uses).
  const int epochs = 1 + in.u8() % 3;
  double l1 = 0.0, l2 = 0.0;
  const Status f1 = net.fit(d.x.data(), d.x.size(), d.y.data(), d.y.size(), epochs, l1);
  const Status f2 = loaded.fit(d.x.data(), d.x.size(), d.y.data(), d.y.size(), epochs, l2);
  checkCode(f1, "fit");
  if (f1.code() != f2.code()) die(kTarget, "loaded network trains differently (status)", where + "\n  " + f1.message() + "\n  " + f2.message());
  std::vector<float> w1, w2;
  if (!net.parameters(w1).isOk() || !loaded.parameters(w2).isOk()) die(kTarget, "parameters() failed", where);
  if (!sameFloats(w1, w2)) die(kTarget, "loaded network trains to other weights", where + "\n  saved " + clip(saved, 600));
  if (f1.isOk()) {
    if (!finiteData) die(kTarget, "fit accepted non-finite data", where);
    if (!finiteAll(w1)) die(kTarget, "fit returned OK with non-finite weights", where);
    if (std::isnan(l1) && net.task() != Task::Classification) die(kTarget, "fit returned OK with a NaN loss", where);
  } else if (f1.code() == Code::NotFinite && finiteData) {
    // Diverged: the network must say so until reset.
    std::vector<float> p;
    if (net.predict(d.x.data(), d.x.size(), p).code() != Code::NotFinite && !d.x.empty()) {
      die(kTarget, "a diverged network still predicts", where);
    }
  }

  // Evaluate.
  Evaluation ev;
  const Status es = net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev);
  checkCode(es, "evaluate");
  if (es.isOk()) {
    const bool regression = net.task() == Task::Regression;
    if (regression ? !std::isnan(ev.accuracy) : !(ev.accuracy >= 0.0 && ev.accuracy <= 1.0)) {
      die(kTarget, "evaluate: accuracy " + formatNumber(ev.accuracy) + " for task " + taskName(net.task()), where);
    }
    if (!regression && !std::isnan(ev.r2)) die(kTarget, "evaluate: r2 set for classification", where);
  }

  // The grid.
  const std::uint8_t g = in.u8();
  const int width = g & 0x80 ? in.integer() : 1 + g % 7;
  const int height = g & 0x40 ? in.integer() : 1 + (g >> 3) % 7;
  const float x0 = g & 0x20 ? static_cast<float>(in.number()) : -6.0f, x1 = g & 0x20 ? in.value() : 6.0f;
  const float y0 = 6.0f, y1 = g & 0x10 ? in.value() : -6.0f;
  const bool sane = width >= 1 && width <= 64 && height >= 1 && height <= 64;
  if (sane || (width >= 1 && width <= kMaxGridSide && height >= 1 && height <= kMaxGridSide && g % 8 == 0)) {
    std::vector<float> grid(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), sentinel());
    const Status gs = net.predictGrid(x0, x1, y0, y1, width, height, grid.data());
    checkCode(gs, "predictGrid");
    if (gs.isOk() && std::any_of(grid.begin(), grid.end(), isSentinel)) die(kTarget, "predictGrid left a cell unwritten", where);
  } else {
    const Status gs = net.predictGrid(x0, x1, y0, y1, width, height, nullptr);
    checkCode(gs, "predictGrid(null)");
    if (gs.isOk()) die(kTarget, "predictGrid accepted a null buffer or a bad size", where);
  }

  // The objective and its gradient.
  double loss = 0.0;
  std::vector<float> grad;
  const Status ls = net.lossAndGradient(d.x.data(), d.x.size(), d.y.data(), d.y.size(), loss, grad);
  checkCode(ls, "lossAndGradient");
  if (ls.isOk() && grad.size() != net.parameterCount()) die(kTarget, "gradient has the wrong size", where);

  // setParameters with anything; reset gives back the loaded (= created) weights.
  std::vector<float> params = in.values((in.u8() & 1) ? net.parameterCount() : in.u8() % 8);
  checkCode(net.setParameters(params.data(), params.size()), "setParameters");
  net.reset();
  loaded.reset();
  std::vector<float> r1, r2;
  (void)net.parameters(r1);
  (void)loaded.parameters(r2);
  if (!sameFloats(r1, r2)) die(kTarget, "reset() does not give back the seed's weights", where);
}

}  // namespace

int fuzzNetwork(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::uint8_t mode = in.u8();
  Network net;
  std::string label;
  if (mode % 4 == 0) {
    const std::size_t len = in.u16() % 8192;
    std::string text;
    for (std::size_t k = 0; k < len && !in.empty(); ++k) text += static_cast<char>(in.u8());
    const Status s = Network::fromJSON(text, net);
    checkCode(s, "fromJSON");
    if (std::getenv("LOSSLAB_FUZZ_TRACE") != nullptr && !s.isOk()) std::fprintf(stderr, "fromJSON: %s\n", s.message().c_str());
    if (!s.isOk()) {
      if (s.code() != Code::BadOption && s.code() != Code::UnknownLoss) {
        die(kTarget, "fromJSON failed with a code other than BAD_OPTION / UNKNOWN_LOSS", clip(text) + "\n  " + s.message());
      }
      if (s.message().rfind("network JSON: ", 0) != 0) die(kTarget, "fromJSON message lacks its prefix", s.message());
      if (!net.empty()) die(kTarget, "fromJSON filled the network on failure", clip(text));
      return 0;
    }
    label = text;
  } else {
    const NetworkConfig cfg = readConfig(in);
    const Status v = cfg.validate();
    const Status s = Network::create(cfg, net);
    checkCode(s, "create");
    if (std::getenv("LOSSLAB_FUZZ_TRACE") != nullptr && !s.isOk()) std::fprintf(stderr, "create: %s\n", s.message().c_str());
    if (v.code() != s.code()) die(kTarget, "validate() and create() disagree", v.message() + "\n  " + s.message());
    if (!s.isOk()) {
      if (!net.empty()) die(kTarget, "create filled the network on failure");
      return 0;
    }
    (void)net.toJSON(label);
  }
  if (net.empty()) die(kTarget, "OK but the network is empty");
  static const bool trace = std::getenv("LOSSLAB_FUZZ_TRACE") != nullptr;
  if (trace) std::fprintf(stderr, "network %s (%zu inputs, task %s)\n", net.config().loss.c_str(), net.inputSize(), taskName(net.task()));
  exercise(in, net, label);
  return 0;
}

}  // namespace losslab::fuzz

#ifndef LOSSLAB_FUZZ_REPLAY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return losslab::fuzz::fuzzNetwork(data, size);
}
#endif
