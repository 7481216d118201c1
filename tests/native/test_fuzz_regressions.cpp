// Replays the fuzzers' committed inputs through the fuzz targets' own checks (fuzz/*_fuzz.cpp,
// linked here with LOSSLAB_FUZZ_REPLAY, so a broken promise throws instead of aborting):
//  - fuzz/regressions/<target>/: every input that once crashed or broke a promise (one file
//    each, named after the bug), kept after the fix;
//  - fuzz/corpus/<target>/: the seed corpus, a quick tour of every target's paths.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

struct Named {
  const char* name;
  Target run;
};

const Named kTargets[] = {
    {"expr", losslab::fuzz::fuzzExpr},       {"loss", losslab::fuzz::fuzzLoss},
    {"network", losslab::fuzz::fuzzNetwork}, {"dataset", losslab::fuzz::fuzzDataset},
    {"json", losslab::fuzz::fuzzJson},
};

/// Runs every file of fuzz/<folder>/<target>/ through the target; returns how many ran.
std::size_t replay(const char* folder, const Named& target) {
  const std::filesystem::path dir = std::filesystem::path(LOSSLAB_FUZZ_DIR) / folder / target.name;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(folder << "/" << target.name << "/" << file.filename().string() << " (" << bytes.size() << " bytes)");
    CHECK_NOTHROW(target.run(bytes.data(), bytes.size()));
  }
  return files.size();
}

}  // namespace

TEST_CASE("fuzzer regression inputs replay cleanly", "[fuzz]") {
  std::size_t total = 0;
  for (const Named& target : kTargets) total += replay("regressions", target);
  INFO("fuzz/regressions/ holds " << total << " inputs");
  CHECK(total > 0);
}

TEST_CASE("fuzzer seed corpora replay cleanly", "[fuzz][corpus]") {
  for (const Named& target : kTargets) {
    INFO("target " << target.name);
    CHECK(replay("corpus", target) > 0);
  }
}

// ---- what the fuzzers found, spelled out ------------------------------------------------

#include <cmath>

#include "losslab/loss.hpp"
#include "losslab/network.hpp"

TEST_CASE("fuzz finding: saved networks keep every double setting exactly", "[fuzz][network]") {
  // json_fuzz: the writer wrote numbers in their shortest *float* form, so a learning rate or
  // loss option of 0.1234567890123 came back as 0.12345679 and the loaded network trained
  // differently from the saved one (fuzz/regressions/json/double-written-as-float).
  losslab::NetworkConfig cfg;
  cfg.layers = {2, 3, 1};
  cfg.loss = "huber";
  cfg.loss_options.set("delta", 0.1234567890123);
  cfg.learning_rate = 0.0123456789012345;
  cfg.l2 = 1.0000000000000002e-3;
  losslab::Network net;
  REQUIRE(losslab::Network::create(cfg, net).isOk());
  std::string saved;
  REQUIRE(net.toJSON(saved).isOk());
  losslab::Network loaded;
  REQUIRE(losslab::Network::fromJSON(saved, loaded).isOk());
  CHECK(loaded.config().learning_rate == cfg.learning_rate);
  CHECK(loaded.config().l2 == cfg.l2);
  CHECK(loaded.config().loss_options == cfg.loss_options);
  const std::vector<float> x{0.5f, -1.0f, 2.0f, 0.25f}, y{1.5f, -0.5f};
  double a = 0, b = 0;
  REQUIRE(net.fit(x.data(), x.size(), y.data(), y.size(), 3, a).isOk());
  REQUIRE(loaded.fit(x.data(), x.size(), y.data(), y.size(), 3, b).isOk());
  std::vector<float> wa, wb;
  REQUIRE(net.parameters(wa).isOk());
  REQUIRE(loaded.parameters(wb).isOk());
  CHECK(wa == wb);
}

TEST_CASE("fuzz finding: triplet_margin options that overflowed to NaN are refused", "[fuzz][loss]") {
  // loss_fuzz: p = 1e-200 made (Σ|v|^p)^(1/p) infinite and ε = 1e300 made Σ(v + ε)² infinite,
  // so both distances were ∞ and the loss ∞ − ∞ = NaN (fuzz/regressions/loss/triplet-*).
  const std::vector<float> a{1, 0}, p{0.5f, 0}, n{0, 1};
  losslab::LossInput in;
  in.input = a.data();
  in.n = 2;
  in.cols = 2;
  in.positive = p.data();
  in.positive_n = 2;
  in.negative = n.data();
  in.negative_n = 2;
  for (auto [tinyP, hugeEps] : {std::pair{1e-200, 1e-6}, std::pair{0.5, 1e-6}, std::pair{2.0, 1e300}}) {
    losslab::LossOptions opt = losslab::defaultOptions("triplet_margin");
    opt.p = tinyP;
    opt.eps = hugeEps;
    losslab::LossOutput out;
    CHECK(losslab::compute("triplet_margin", in, opt, out).code() == losslab::Code::BadOption);
  }
  // At the edges of the new ranges the loss is finite.
  losslab::LossOptions opt = losslab::defaultOptions("triplet_margin");
  opt.p = 1.0;
  opt.eps = 1.0;
  std::vector<float> g(2);
  losslab::LossOutput out;
  out.grad = g.data();
  REQUIRE(losslab::compute("triplet_margin", in, opt, out).isOk());
  CHECK(std::isfinite(out.value));
  CHECK((std::isfinite(g[0]) && std::isfinite(g[1])));
}

TEST_CASE("fuzz finding: categorical_cross_entropy from_logits with one class reads rows, not indices", "[fuzz][loss]") {
  // loss_fuzz (fuzz/regressions/loss/categorical-from-logits-one-class-rows-as-indices): with
  // C = 1 a probability-row target has N values, the length of class indices, and the softmax
  // cross-entropy took the probabilities 1 for class indices: x[1] and g[1] were past the row
  // (a heap overflow under ASan). The loss now says which targets it has.
  const std::vector<float> x{0.5f, -1.0f, 2.0f}, t{1.0f, 0.0f, 1.0f};
  std::vector<float> g(3, NAN);
  losslab::LossInput in;
  in.input = x.data();
  in.n = 3;
  in.cols = 1;
  in.target = t.data();
  in.target_n = 3;
  losslab::LossOptions opt = losslab::defaultOptions("categorical_cross_entropy");
  opt.from_logits = true;
  opt.reduction = losslab::Reduction::Sum;
  losslab::LossOutput out;
  out.grad = g.data();
  REQUIRE(losslab::compute("categorical_cross_entropy", in, opt, out).isOk());
  // one class: softmax is 1, so the loss is 0 and so is its gradient, whatever the targets
  CHECK(out.value == 0.0);
  for (float v : g) CHECK(v == 0.0f);
}
