// libFuzzer target for makeDataset, what lab.dataset(name, { n, noise, seed, classes }) reaches.
//
// Bytes → a dataset name (the registry's, or any text), n (1 … 100000 and beyond, 0,
// negative), noise (NaN, ±Inf, denormals, out of [0, 1]), seed, classes.
//
// Promises checked: the status is OK or a BAD_OPTION whose message names the dataset (and,
// for a bad name, lists the known ones); on failure the output is untouched; on success
// x holds n·dims finite floats, y n finite labels (class indices in [0, classes) for
// classification, and every class present when n is large enough) and dims, task and
// classes match the registry; the same options give the same bits.
#include <cmath>
#include <set>
#include <string>

#include "fuzz_input.hpp"
#include "losslab/datasets.hpp"
#include "targets.hpp"

namespace losslab::fuzz {
namespace {
constexpr const char* kTarget = "dataset_fuzz";
}

int fuzzDataset(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const std::vector<DatasetInfo>& all = datasetCatalogue();
  const std::uint8_t sel = in.u8();
  const std::string id = sel < 240 ? std::string(all[sel % all.size()].id) : in.text(20);

  DatasetOptions opt;
  const std::uint8_t b = in.u8();
  switch (b % 8) {
    case 0: opt.n = in.integer(); break;
    case 1: opt.n = 1 + static_cast<int>(in.u32() % kMaxDatasetSize); break;
    case 2: opt.n = kMaxDatasetSize + (b >> 7); break;
    default: opt.n = 1 + in.u16() % 600; break;
  }
  opt.noise = (b & 0x10) ? in.number() : static_cast<double>(in.u8()) / 255.0;
  opt.seed = in.u32();
  opt.classes = (b & 0x20) ? in.integer() : ((b & 0x40) ? static_cast<int>(in.u8() % 10) : 0);

  Dataset out;
  out.dims = -7;  // a marker: untouched on failure
  const Status s = makeDataset(id, opt, out);
  const std::string where = "dataset '" + clip(id, 40) + "' n=" + std::to_string(opt.n) +
                            " noise=" + formatNumber(opt.noise) + " seed=" + std::to_string(opt.seed) +
                            " classes=" + std::to_string(opt.classes);
  const DatasetInfo* info = findDataset(id);
  if (!s.isOk()) {
    if (s.code() != Code::BadOption) die(kTarget, "failure is not BAD_OPTION", where + "\n  " + clip(s.message()));
    if (s.message().find("'" + id + "'") == std::string::npos) die(kTarget, "message does not name the dataset", where + "\n  " + clip(s.message()));
    if (out.dims != -7 || !out.x.empty() || !out.y.empty()) die(kTarget, "output written on failure", where);
    return 0;
  }
  if (info == nullptr) die(kTarget, "OK for an unknown dataset", where);
  const std::size_t n = static_cast<std::size_t>(opt.n);
  if (out.dims != info->dims || out.task != info->task) die(kTarget, "dims or task differ from the registry", where);
  if (out.x.size() != n * static_cast<std::size_t>(out.dims) || out.y.size() != n) {
    die(kTarget, "wrong sizes: x " + std::to_string(out.x.size()) + ", y " + std::to_string(out.y.size()), where);
  }
  for (float v : out.x) {
    if (!std::isfinite(v)) die(kTarget, "non-finite x", where);
  }
  const bool classification = out.task == "classification";
  if (classification != (out.classes >= 2)) die(kTarget, "classes does not match the task", where);
  std::set<float> seen;
  for (float v : out.y) {
    if (!std::isfinite(v)) die(kTarget, "non-finite y", where);
    if (classification) {
      if (!(v >= 0.0f && v < static_cast<float>(out.classes) && v == std::floor(v))) {
        die(kTarget, "label " + formatNumber(v) + " is not a class index", where);
      }
      seen.insert(v);
    }
  }
  // Every class turns up in a set this large (imbalanced: 1 in 21 is class 1).
  if (classification && n >= 200 && static_cast<int>(seen.size()) != out.classes) {
    die(kTarget, "a class is missing", where);
  }
  // Determinism.
  if (n <= 5000) {
    Dataset again;
    if (!makeDataset(id, opt, again).isOk() || again.x != out.x || again.y != out.y) die(kTarget, "not deterministic", where);
  }
  return 0;
}

}  // namespace losslab::fuzz

#ifndef LOSSLAB_FUZZ_REPLAY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return losslab::fuzz::fuzzDataset(data, size);
}
#endif
