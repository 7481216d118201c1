// LossLab network — the network catalogue as JSON: activations, optimizers, every limit and
// default the core checks, and the datasets with theirs. The JS wrapper and the page read it
// instead of restating a number.
#include "losslab/datasets.hpp"
#include "losslab/network.hpp"
#include "support/json.hpp"

namespace losslab {
namespace {

void range(json::Writer& w, const char* key, double min, double max) {
  w.key(key).beginObject().key("min").number(min).key("max").number(max).endObject();
}

void datasets(json::Writer& w) {
  w.beginArray();
  for (const DatasetInfo& d : datasetCatalogue()) {
    w.beginObject()
        .key("id").string(d.id)
        .key("task").string(d.task)
        .key("dims").integer(d.dims)
        .key("classes").integer(d.classes)
        .key("minClasses").integer(d.min_classes)
        .key("maxClasses").integer(d.max_classes)
        .key("summary").string(d.summary)
        .endObject();
  }
  w.endArray();
}

void datasetOptions(json::Writer& w) {
  const DatasetOptions defaults;
  w.beginObject();
  w.key("n").beginObject().key("min").integer(1).key("max").integer(kMaxDatasetSize)
      .key("default").integer(defaults.n).endObject();
  w.key("noise").beginObject().key("min").number(0).key("max").number(1)
      .key("default").number(defaults.noise).endObject();
  w.key("seed").beginObject().key("min").integer(0).key("max").integer(0xFFFFFFFFll)
      .key("default").integer(defaults.seed).endObject();
  w.endObject();
}

}  // namespace

std::string networkCatalogueJson() {
  std::string out;
  json::Writer w(out);
  const NetworkConfig defaults;
  w.beginObject();
  w.key("activations").beginArray();
  for (int a = 0; a < kActivationCount; ++a) w.string(activationName(static_cast<Activation>(a)));
  w.endArray();
  w.key("optimizers").beginArray();
  for (int o = 0; o < kOptimizerCount; ++o) w.string(optimizerName(static_cast<Optimizer>(o)));
  w.endArray();
  w.key("limits").beginObject();
  range(w, "hiddenLayers", kMinHiddenLayers, kMaxHiddenLayers);
  range(w, "units", 1, kMaxUnits);
  range(w, "batchSize", 1, kMaxBatchSize);
  range(w, "epochsPerFit", 1, kMaxEpochsPerFit);
  range(w, "gridSide", 1, kMaxGridSide);
  range(w, "embeddingClasses", 2, kMaxEmbeddingClasses);
  range(w, "landscapeSide", 1, kMaxLandscapeSide);
  range(w, "seed", 0, 0xFFFFFFFFll);
  w.endObject();
  w.key("defaults").beginObject();
  w.key("layers").beginArray();
  for (int units : defaults.layers) w.integer(units);
  w.endArray();
  w.key("activation").string(activationName(defaults.activation))
      .key("loss").string(defaults.loss)
      .key("optimizer").string(optimizerName(defaults.optimizer))
      .key("learningRate").number(defaults.learning_rate)
      .key("batchSize").integer(defaults.batch_size)
      .key("l1").number(defaults.l1)
      .key("l2").number(defaults.l2)
      .key("seed").integer(defaults.seed);
  w.endObject();
  const LandscapeOptions landscape;
  w.key("landscape").beginObject()
      .key("size").integer(landscape.size)
      .key("span").number(landscape.span)
      .key("seed").integer(landscape.seed)
      .endObject();
  w.key("datasets");
  datasets(w);
  w.key("datasetOptions");
  datasetOptions(w);
  w.endObject();
  return out;
}

}  // namespace losslab
