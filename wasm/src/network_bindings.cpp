// Embind registrations for the network and the datasets: integer handles to networks,
// pointers into wasm memory for data, a status code per call (message in lastError()).
#include <emscripten/bind.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bindings.hpp"
#include "losslab/datasets.hpp"
#include "losslab/network.hpp"
#include "support/json.hpp"
#include "wire.hpp"

namespace losslab::wasm {
namespace {

std::map<int, std::unique_ptr<Network>>& networks() {
  static std::map<int, std::unique_ptr<Network>> table;
  return table;
}
int g_nextNetwork = 1;
Dataset g_dataset;  // the last dataset made, until JS copies it out

template <class T>
T* at(std::uintptr_t address) noexcept {
  return reinterpret_cast<T*>(address);
}

Status lookup(int handle, Network*& out) {
  auto it = networks().find(handle);
  if (it == networks().end()) {
    return Status(Code::BadOption, "network: this network has been disposed");
  }
  out = it->second.get();
  return Status::ok();
}

/// Reads settings-only or saved JSON; returns the handle (≥ 1) or 0 with lastError().
int networkCreate(const std::string& json) {
  int handle = 0;
  const int code = guarded([&] {
    auto net = std::make_unique<Network>();
    LL_TRY(Network::fromJSON(json, *net));
    handle = g_nextNetwork++;
    networks()[handle] = std::move(net);
    return Status::ok();
  });
  return code == 0 ? handle : 0;
}

void networkDispose(int handle) { networks().erase(handle); }

int networkFit(int handle, std::uintptr_t x, double xn, std::uintptr_t y, double yn, int epochs) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    double loss = 0.0;
    Status s = net->fit(at<const float>(x), static_cast<std::size_t>(xn), at<const float>(y),
                        static_cast<std::size_t>(yn), epochs, loss);
    wireBlock()[kResult] = loss;
    return s;
  });
}

int networkPredict(int handle, std::uintptr_t x, double xn, std::uintptr_t out, double outN) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    return net->predict(at<const float>(x), static_cast<std::size_t>(xn), at<float>(out),
                        static_cast<std::size_t>(outN));
  });
}

int networkEvaluate(int handle, std::uintptr_t x, double xn, std::uintptr_t y, double yn) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    Evaluation e;
    LL_TRY(net->evaluate(at<const float>(x), static_cast<std::size_t>(xn), at<const float>(y),
                         static_cast<std::size_t>(yn), e));
    double* wire = wireBlock();
    wire[kResult] = e.loss;
    wire[kAux1] = e.accuracy;
    wire[kAux2] = e.r2;
    return Status::ok();
  });
}

int networkPredictGrid(int handle, double x0, double x1, double y0, double y1, int width,
                       int height, std::uintptr_t out) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    return net->predictGrid(static_cast<float>(x0), static_cast<float>(x1), static_cast<float>(y0),
                            static_cast<float>(y1), width, height, at<float>(out));
  });
}

/// Shares of (x, y) into `out` (outN floats); `loss` "" for the network's own loss and
/// `lossOptions` "" when none were given (else their JSON object).
int networkInfluence(int handle, std::uintptr_t x, double xn, std::uintptr_t y, double yn,
                     const std::string& loss, const std::string& lossOptions, std::uintptr_t out,
                     double outN) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    InfluenceOptions options;
    options.loss = loss;
    if (!lossOptions.empty()) {
      LossSettings settings;
      LL_TRY(parseLossSettings(lossOptions, settings, "network.influence"));
      options.loss_options = std::move(settings);
    }
    return net->influence(at<const float>(x), static_cast<std::size_t>(xn), at<const float>(y),
                          static_cast<std::size_t>(yn), options, at<float>(out),
                          static_cast<std::size_t>(outN));
  });
}

/// size × size losses into `out` (outN floats).
int networkLandscape(int handle, std::uintptr_t x, double xn, std::uintptr_t y, double yn, int size,
                     double span, double seed, std::uintptr_t out, double outN) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    LandscapeOptions options;
    options.size = size;
    options.span = span;
    options.seed = static_cast<std::uint32_t>(seed);
    return net->landscape(at<const float>(x), static_cast<std::size_t>(xn), at<const float>(y),
                          static_cast<std::size_t>(yn), options, at<float>(out),
                          static_cast<std::size_t>(outN));
  });
}

int networkReset(int handle) {
  return guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    net->reset();
    return Status::ok();
  });
}

/// The saved JSON, or "" with lastError().
std::string networkToJson(int handle) {
  std::string json;
  guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    return net->toJSON(json);
  });
  return json;
}

/// {"inputSize":…} or "" with lastError().
std::string networkInfoJson(int handle) {
  std::string info;
  guarded([&] {
    Network* net = nullptr;
    LL_TRY(lookup(handle, net));
    json::Writer(info)
        .beginObject()
        .key("inputSize").integer(static_cast<long long>(net->inputSize()))
        .key("outputSize").integer(static_cast<long long>(net->outputSize()))
        .key("predictionSize").integer(static_cast<long long>(net->predictionSize()))
        .key("classes").integer(net->classes())
        .key("epochs").integer(net->epochs())
        .key("parameters").integer(static_cast<long long>(net->parameterCount()))
        .key("task").string(taskName(net->task()))
        .endObject();
    return Status::ok();
  });
  return info;
}

int datasetMake(const std::string& id, int n, double noise, double seed, int classes) {
  return guarded([&] {
    DatasetOptions options;
    options.n = n;
    options.noise = noise;
    options.seed = static_cast<std::uint32_t>(seed);
    options.classes = classes;
    g_dataset = Dataset{};
    return makeDataset(id, options, g_dataset);
  });
}

std::string datasetInfoJson() {
  std::string out;
  json::Writer(out)
      .beginObject()
      .key("dims").integer(g_dataset.dims)
      .key("task").string(g_dataset.task)
      .key("classes").integer(g_dataset.classes)
      .key("xLength").integer(static_cast<long long>(g_dataset.x.size()))
      .key("yLength").integer(static_cast<long long>(g_dataset.y.size()))
      .key("cleanLength").integer(static_cast<long long>(g_dataset.clean.size()))
      .endObject();
  return out;
}
std::uintptr_t datasetX() { return reinterpret_cast<std::uintptr_t>(g_dataset.x.data()); }
std::uintptr_t datasetY() { return reinterpret_cast<std::uintptr_t>(g_dataset.y.data()); }
std::uintptr_t datasetClean() { return reinterpret_cast<std::uintptr_t>(g_dataset.clean.data()); }
void datasetRelease() { g_dataset = Dataset{}; }

/// The network catalogue (networkCatalogueJson), "{}" if it cannot be built.
std::string networkCatalogueJsonSafe() {
  try {
    return networkCatalogueJson();
  } catch (...) {
    return "{}";
  }
}

}  // namespace
}  // namespace losslab::wasm

EMSCRIPTEN_BINDINGS(losslab_network) {
  using namespace losslab::wasm;
  emscripten::function("networkCreate", &networkCreate);
  emscripten::function("networkDispose", &networkDispose);
  emscripten::function("networkFit", &networkFit);
  emscripten::function("networkPredict", &networkPredict);
  emscripten::function("networkEvaluate", &networkEvaluate);
  emscripten::function("networkPredictGrid", &networkPredictGrid);
  emscripten::function("networkInfluence", &networkInfluence);
  emscripten::function("networkLandscape", &networkLandscape);
  emscripten::function("networkReset", &networkReset);
  emscripten::function("networkToJson", &networkToJson);
  emscripten::function("networkInfoJson", &networkInfoJson);
  emscripten::function("datasetMake", &datasetMake);
  emscripten::function("datasetInfoJson", &datasetInfoJson);
  emscripten::function("datasetX", &datasetX);
  emscripten::function("datasetY", &datasetY);
  emscripten::function("datasetClean", &datasetClean);
  emscripten::function("datasetRelease", &datasetRelease);
  emscripten::function("networkCatalogueJson", &networkCatalogueJsonSafe);
}
