// Native half of bench/why.mjs: the default network's 41 × 41 loss landscape on 200 `circle`
// points and one influence call on them, with the same data and settings as the JS side
// (the datasets and the network are deterministic, so both time the same work).
//   losslab_bench --why    prints {"why": {"landscapeMs", "influenceMs", "centre", "evaluate"}}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "losslab/losslab.hpp"

namespace {

using Clock = std::chrono::steady_clock;

/// The median of 15 timed calls after 3 warm-up calls, in ms.
template <class F>
double medianMs(F&& fn) {
  for (int k = 0; k < 3; ++k) fn();
  std::vector<double> ms;
  for (int k = 0; k < 15; ++k) {
    const auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int runWhyBench() {
  using namespace losslab;
  DatasetOptions o;
  o.n = 200;
  o.noise = 0.1;
  o.seed = 1;
  Dataset d;
  Network net;
  double last = 0.0;
  if (!makeDataset("circle", o, d).isOk() || !Network::create(NetworkConfig{}, net).isOk() ||
      !net.fit(d.x.data(), d.x.size(), d.y.data(), d.y.size(), 20, last).isOk()) {
    std::printf("{\"why\":{\"error\":\"set-up failed\"}}\n");
    return 1;
  }
  LandscapeOptions lo;  // 41 × 41, span 1, seed 1
  std::vector<float> grid(static_cast<std::size_t>(lo.size * lo.size));
  std::vector<float> shares(d.y.size());
  bool ok = true;
  const double landscapeMs = medianMs([&] {
    ok = ok && net.landscape(d.x.data(), d.x.size(), d.y.data(), d.y.size(), lo, grid.data(), grid.size()).isOk();
  });
  const double influenceMs = medianMs([&] {
    ok = ok && net.influence(d.x.data(), d.x.size(), d.y.data(), d.y.size(), InfluenceOptions{}, shares.data(),
                             shares.size()).isOk();
  });
  Evaluation ev;
  ok = ok && net.evaluate(d.x.data(), d.x.size(), d.y.data(), d.y.size(), ev).isOk();
  std::printf("{\"why\":{\"landscapeMs\":%.6g,\"influenceMs\":%.6g,\"centre\":%.9g,\"evaluate\":%.9g,\"ok\":%s}}\n",
              landscapeMs, influenceMs, grid[grid.size() / 2], ev.loss, ok ? "true" : "false");
  return ok ? 0 : 1;
}
