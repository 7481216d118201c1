// LossLab network — saving and loading: settings and weights as JSON. The reader treats
// its text as untrusted: every key, type, shape and value is checked and named.
#include <cmath>
#include <string>
#include <vector>

#include "support/json.hpp"
#include "network/network_impl.hpp"

namespace losslab {
namespace {

constexpr const char* kFormat = "losslab.network";
constexpr int kVersion = 1;
constexpr const char* kWhat = "network JSON";

const char* const kKeys[] = {"format",     "version",      "layers", "activation", "loss",
                             "lossOptions", "optimizer",   "learningRate", "batchSize", "l1",
                             "l2",          "seed",        "epochs", "weights",   "centroids"};

Status bad(const std::string& message) {
  return Status(Code::BadOption, std::string(kWhat) + ": " + message);
}

Status wrongType(const std::string& path, const char* expected, const json::Value& v) {
  return bad(path + " must be " + expected + ", not " + json::typeName(v.type));
}

Status readNumber(const json::Value& v, const std::string& path, double& out) {
  if (!v.isNumber()) return wrongType(path, "a number", v);
  out = v.number;
  return Status::ok();
}

Status readInteger(const json::Value& v, const std::string& path, double lo, double hi,
                   long long& out) {
  if (!v.isNumber()) return wrongType(path, "an integer", v);
  if (v.number != std::floor(v.number) || v.number < lo || v.number > hi) {
    return bad(path + " = " + formatNumber(v.number) + " must be an integer between " +
               formatNumber(lo) + " and " + formatNumber(hi));
  }
  out = static_cast<long long>(v.number);
  return Status::ok();
}

Status readString(const json::Value& v, const std::string& path, std::string& out) {
  if (v.type != json::Value::Type::String) return wrongType(path, "a string", v);
  out = v.string;
  return Status::ok();
}

/// An array of exactly `count` finite numbers that fit in a float.
Status readFloats(const json::Value& v, const std::string& path, std::size_t count, float* out,
                  const std::string& why) {
  if (v.type != json::Value::Type::Array) return wrongType(path, "an array of numbers", v);
  if (v.items.size() != count) {
    return bad(path + " has " + std::to_string(v.items.size()) + " numbers; " + why + " needs " +
               std::to_string(count));
  }
  for (std::size_t k = 0; k < count; ++k) {
    const json::Value& item = v.items[k];
    const std::string at = path + "[" + std::to_string(k) + "]";
    if (!item.isNumber()) return wrongType(at, "a number", item);
    const float f = static_cast<float>(item.number);
    if (!std::isfinite(f)) return bad(at + " = " + formatNumber(item.number) + " does not fit in a float");
    out[k] = f;
  }
  return Status::ok();
}

Status readLossOptions(const json::Value& v, LossSettings& out, const char* what = kWhat) {
  // Messages start with `what` ("network JSON" when reading a saved network).
  auto bad = [what](const std::string& message) {
    return Status(Code::BadOption, std::string(what) + ": " + message);
  };
  auto wrongType = [&bad](const std::string& path, const char* expected, const json::Value& v) {
    return bad(path + " must be " + expected + ", not " + json::typeName(v.type));
  };
  if (v.type != json::Value::Type::Object) return wrongType("lossOptions", "an object", v);
  for (const auto& [name, value] : v.members) {
    const std::string path = "lossOptions." + name;
    switch (value.type) {
      case json::Value::Type::Boolean:
        out.numbers[name] = value.boolean ? 1.0 : 0.0;
        break;
      case json::Value::Type::Number:
        out.numbers[name] = value.number;
        break;
      case json::Value::Type::Array: {
        std::vector<float> values(value.items.size());
        Status read = readFloats(value, path, values.size(), values.data(), "it");
        if (!read.isOk()) {  // readFloats speaks of the network JSON
          const std::string m = read.message();
          return bad(m.substr(m.find(": ") == std::string::npos ? 0 : m.find(": ") + 2));
        }
        out.vectors[name] = std::move(values);
        break;
      }
      case json::Value::Type::String:
        if (name == "expr") {
          out.expr = value.string;
        } else if (name == "reduction" && value.string == "mean") {
          // the network always trains on the mean; saying so is allowed
        } else if (name == "reduction") {
          return bad("lossOptions.reduction = '" + value.string +
                     "': the network always trains on the mean over each batch; leave it out");
        } else {
          return wrongType(path, "a number, a boolean or an array of numbers", value);
        }
        break;
      default:
        return wrongType(path, "a number, a boolean or an array of numbers", value);
    }
  }
  return Status::ok();
}

}  // namespace

Status parseLossSettings(std::string_view text, LossSettings& out, const char* what) {
  try {
    json::Value root;
    LL_TRY(json::parse(text, root, what));
    LossSettings settings;
    LL_TRY(readLossOptions(root, settings, what));
    out = std::move(settings);
    return Status::ok();
  } catch (...) {
    return Status(Code::Internal, std::string(what) + ": out of memory");
  }
}

namespace {

Status readConfig(const json::Value& root, NetworkConfig& cfg, long long& epochs) {
  for (const auto& [key, value] : root.members) {
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) {
      std::vector<std::string> names(std::begin(kKeys), std::end(kKeys));
      return bad("unknown key '" + key + "'; the keys are " + net::joinNames(names));
    }
  }
  if (const json::Value* v = root.find("format")) {
    std::string format;
    LL_TRY(readString(*v, "format", format));
    if (format != kFormat) return bad("format = '" + format + "' must be '" + kFormat + "'");
  }
  if (const json::Value* v = root.find("version")) {
    long long version = 0;
    LL_TRY(readInteger(*v, "version", 1, 1e9, version));
    if (version != kVersion) {
      return bad("version " + std::to_string(version) + " is newer than this LossLab reads (" +
                 std::to_string(kVersion) + ")");
    }
  }
  if (const json::Value* v = root.find("layers")) {
    if (v->type != json::Value::Type::Array) return wrongType("layers", "an array of integers", *v);
    if (v->items.size() > 64) return bad("layers has " + std::to_string(v->items.size()) + " entries");
    cfg.layers.clear();
    for (std::size_t k = 0; k < v->items.size(); ++k) {
      long long units = 0;
      LL_TRY(readInteger(v->items[k], "layers[" + std::to_string(k) + "]", -1e9, 1e9, units));
      cfg.layers.push_back(static_cast<int>(units));
    }
  }
  if (const json::Value* v = root.find("activation")) {
    std::string name;
    LL_TRY(readString(*v, "activation", name));
    Status s = parseActivation(name, cfg.activation);
    if (!s.isOk()) return bad(s.message());
  }
  if (const json::Value* v = root.find("loss")) LL_TRY(readString(*v, "loss", cfg.loss));
  if (const json::Value* v = root.find("lossOptions")) LL_TRY(readLossOptions(*v, cfg.loss_options));
  if (const json::Value* v = root.find("optimizer")) {
    std::string name;
    LL_TRY(readString(*v, "optimizer", name));
    Status s = parseOptimizer(name, cfg.optimizer);
    if (!s.isOk()) return bad(s.message());
  }
  if (const json::Value* v = root.find("learningRate")) LL_TRY(readNumber(*v, "learningRate", cfg.learning_rate));
  if (const json::Value* v = root.find("batchSize")) {
    long long b = 0;
    LL_TRY(readInteger(*v, "batchSize", 1, kMaxBatchSize, b));
    cfg.batch_size = static_cast<int>(b);
  }
  if (const json::Value* v = root.find("l1")) LL_TRY(readNumber(*v, "l1", cfg.l1));
  if (const json::Value* v = root.find("l2")) LL_TRY(readNumber(*v, "l2", cfg.l2));
  if (const json::Value* v = root.find("seed")) {
    long long seed = 0;
    LL_TRY(readInteger(*v, "seed", 0, 4294967295.0, seed));
    cfg.seed = static_cast<std::uint32_t>(seed);
  }
  if (const json::Value* v = root.find("epochs")) LL_TRY(readInteger(*v, "epochs", 0, 9e15, epochs));
  return Status::ok();
}

Status readWeights(const json::Value& v, Network::Impl& m) {
  if (v.type != json::Value::Type::Array) return wrongType("weights", "an array of layers", v);
  if (v.items.size() != m.layers.size()) {
    return bad("weights has " + std::to_string(v.items.size()) + " layers; layers " +
               std::to_string(m.config.layers.size()) + " sizes need " + std::to_string(m.layers.size()));
  }
  for (std::size_t l = 0; l < m.layers.size(); ++l) {
    const json::Value& layer = v.items[l];
    const std::string path = "weights[" + std::to_string(l) + "]";
    if (layer.type != json::Value::Type::Object) return wrongType(path, "an object {w, b}", layer);
    for (const auto& member : layer.members) {
      if (member.first != "w" && member.first != "b") {
        return bad(path + " has an unknown key '" + member.first + "'; a layer has 'w' and 'b'");
      }
    }
    net::Dense& d = m.layers[l];
    const json::Value* w = layer.find("w");
    const json::Value* b = layer.find("b");
    if (w == nullptr || b == nullptr) return bad(path + " needs both 'w' and 'b'");
    if (w->type != json::Value::Type::Array) return wrongType(path + ".w", "an array of rows", *w);
    if (w->items.size() != static_cast<std::size_t>(d.out)) {
      return bad(path + ".w has " + std::to_string(w->items.size()) + " rows; layers[" +
                 std::to_string(l + 1) + "] = " + std::to_string(d.out) + " needs " +
                 std::to_string(d.out));
    }
    for (int j = 0; j < d.out; ++j) {
      LL_TRY(readFloats(w->items[j], path + ".w[" + std::to_string(j) + "]", d.in,
                        d.w.data() + static_cast<std::size_t>(j) * d.in,
                        "layers[" + std::to_string(l) + "] = " + std::to_string(d.in)));
    }
    LL_TRY(readFloats(*b, path + ".b", d.out, d.b.data(),
                      "layers[" + std::to_string(l + 1) + "] = " + std::to_string(d.out)));
  }
  return Status::ok();
}

Status readCentroids(const json::Value& v, Network::Impl& m) {
  if (!m.triplets()) return bad("centroids apply to triplet_margin networks only");
  if (v.type != json::Value::Type::Array) return wrongType("centroids", "an array of rows", v);
  if (v.items.size() > static_cast<std::size_t>(kMaxEmbeddingClasses)) {
    return bad("centroids has " + std::to_string(v.items.size()) + " rows; at most " +
               std::to_string(kMaxEmbeddingClasses) + " classes");
  }
  const std::size_t D = m.units();
  std::vector<float> c(v.items.size() * D, std::nanf(""));
  for (std::size_t k = 0; k < v.items.size(); ++k) {
    if (v.items[k].type == json::Value::Type::Null) continue;  // a class absent from training
    LL_TRY(readFloats(v.items[k], "centroids[" + std::to_string(k) + "]", D, c.data() + k * D,
                      "the embedding size " + std::to_string(D)));
  }
  m.centroids = std::move(c);
  m.centroid_classes = static_cast<int>(v.items.size());
  return Status::ok();
}

void writeLossOptions(json::Writer& w, const NetworkConfig& cfg) {
  const LossSpec* spec = findLoss(cfg.loss);
  w.beginObject();
  for (const auto& [name, value] : cfg.loss_options.numbers) {
    w.key(name);
    const OptionSpec* o = nullptr;
    if (spec != nullptr) {
      for (const OptionSpec& s : spec->options) {
        if (name == s.name) o = &s;
      }
    }
    if (o != nullptr && o->kind == OptionKind::Flag) {
      w.boolean(value != 0.0);
    } else {
      w.number(value);
    }
  }
  for (const auto& [name, values] : cfg.loss_options.vectors) {
    w.key(name).beginArray();
    for (float f : values) w.numberFloat(f);
    w.endArray();
  }
  if (!cfg.loss_options.expr.empty()) w.key("expr").string(cfg.loss_options.expr);
  w.endObject();
}

}  // namespace

Status Network::toJSON(std::string& out) const noexcept {
  try {
    if (!impl_) {
      return Status(Code::BadOption, "toJSON: the network is empty; create it with Network::create");
    }
    const Impl& m = *impl_;
    const NetworkConfig& cfg = m.config;
    std::string s;
    json::Writer w(s);
    w.beginObject();
    w.key("format").string(kFormat);
    w.key("version").integer(kVersion);
    w.key("layers").beginArray();
    for (int units : cfg.layers) w.integer(units);
    w.endArray();
    w.key("activation").string(activationName(cfg.activation));
    w.key("loss").string(cfg.loss);
    w.key("lossOptions");
    writeLossOptions(w, cfg);
    w.key("optimizer").string(optimizerName(cfg.optimizer));
    w.key("learningRate").number(cfg.learning_rate);
    w.key("batchSize").integer(cfg.batch_size);
    w.key("l1").number(cfg.l1);
    w.key("l2").number(cfg.l2);
    w.key("seed").integer(cfg.seed);
    w.key("epochs").integer(m.epochs);
    w.key("weights").beginArray();
    for (const net::Dense& d : m.layers) {
      w.beginObject().key("w").beginArray();
      for (int j = 0; j < d.out; ++j) {
        w.beginArray();
        for (int i = 0; i < d.in; ++i) w.numberFloat(d.w(j, i));
        w.endArray();
      }
      w.endArray().key("b").beginArray();
      for (int j = 0; j < d.out; ++j) w.numberFloat(d.b(j));
      w.endArray().endObject();
    }
    w.endArray();
    if (m.centroid_classes > 0) {
      const std::size_t D = m.units();
      w.key("centroids").beginArray();
      for (int c = 0; c < m.centroid_classes; ++c) {
        const float* row = m.centroids.data() + static_cast<std::size_t>(c) * D;
        if (std::isnan(row[0])) {
          w.null();
          continue;
        }
        w.beginArray();
        for (std::size_t d = 0; d < D; ++d) w.numberFloat(row[d]);
        w.endArray();
      }
      w.endArray();
    }
    w.endObject();
    out = std::move(s);
    return Status::ok();
  } catch (...) {
    return Status(Code::Internal, "toJSON: out of memory");
  }
}

Status Network::fromJSON(std::string_view text, Network& out) noexcept {
  try {
    json::Value root;
    LL_TRY(json::parse(text, root, kWhat));
    if (root.type != json::Value::Type::Object) {
      return bad(std::string("the top level must be an object, not ") + json::typeName(root.type));
    }
    NetworkConfig cfg;
    long long epochs = 0;
    LL_TRY(readConfig(root, cfg, epochs));
    Network net;
    Status created = create(cfg, net);
    if (!created.isOk()) return Status(created.code(), std::string(kWhat) + ": " + created.message());
    Impl& m = *net.impl_;
    if (const json::Value* v = root.find("weights")) LL_TRY(readWeights(*v, m));
    if (const json::Value* v = root.find("centroids")) LL_TRY(readCentroids(*v, m));
    m.epochs = epochs;
    out = std::move(net);
    return Status::ok();
  } catch (...) {
    return Status(Code::Internal, "fromJSON: out of memory");
  }
}

}  // namespace losslab
