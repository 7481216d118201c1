// LossLab network — the public API: a facade over Network::Impl, whose parts live beside it
// (training.cpp: the driver; triplets.cpp: triplet sampling; metrics.cpp: evaluate's numbers;
// readout.cpp: centroids and the heatmap). Every entry point catches everything.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <string>

#include "network/network_impl.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

using net::TargetForm;

Status bad(const std::string& message) { return Status(Code::BadOption, message); }

/// Runs `body` and turns anything it throws into a status: no exception leaves the core.
template <class F>
Status guarded(const char* what, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Status(Code::Internal, std::string(what) + ": out of memory");
  } catch (const std::exception& e) {
    return Status(Code::Internal, std::string(what) + ": internal error: " + e.what());
  } catch (...) {
    return Status(Code::Internal, std::string(what) + ": internal error");
  }
}

Status emptyNetwork(const char* what) {
  return bad(std::string(what) + ": the network is empty; create it with Network::create or "
                                 "Network::fromJSON");
}

}  // namespace

// ------------------------------------------------------------------- parameters

void Network::Impl::readParameters(std::vector<float>& p) const {
  p.clear();
  for (const net::Dense& layer : layers) {
    p.insert(p.end(), layer.w.data(), layer.w.data() + layer.w.size());
    p.insert(p.end(), layer.b.data(), layer.b.data() + layer.b.size());
  }
}

void Network::Impl::writeParameters(const float* p) noexcept {
  for (net::Dense& layer : layers) {
    std::copy(p, p + layer.w.size(), layer.w.data());
    p += layer.w.size();
    std::copy(p, p + layer.b.size(), layer.b.data());
    p += layer.b.size();
  }
}

// ---------------------------------------------------------------------- public API

Network::Network() noexcept = default;
Network::~Network() = default;
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;

Status Network::create(const NetworkConfig& config, Network& out) noexcept {
  return guarded("network", [&] {
    auto impl = std::make_unique<Impl>();
    LL_TRY(impl->configure(config));
    out.impl_ = std::move(impl);
    return Status::ok();
  });
}

bool Network::empty() const noexcept { return impl_ == nullptr; }

const NetworkConfig& Network::config() const noexcept {
  static const NetworkConfig kEmpty{};
  return impl_ ? impl_->config : kEmpty;
}

Task Network::task() const noexcept { return impl_ ? impl_->head().task : Task::Classification; }
std::size_t Network::inputSize() const noexcept { return impl_ ? impl_->inputs() : 0; }
std::size_t Network::outputSize() const noexcept { return impl_ ? impl_->units() : 0; }
std::size_t Network::predictionSize() const noexcept {
  return impl_ ? impl_->head().predictionSize() : 0;
}
long long Network::epochs() const noexcept { return impl_ ? impl_->epochs : 0; }

int Network::classes() const noexcept {
  if (!impl_) return 0;
  switch (impl_->head().task) {
    case Task::Regression: return 0;
    case Task::Classification: return impl_->units() == 1 ? 2 : static_cast<int>(impl_->units());
    case Task::Embedding: return impl_->centroid_classes;
  }
  return 0;
}

std::size_t Network::parameterCount() const noexcept {
  std::size_t n = 0;
  if (impl_) {
    for (const net::Dense& layer : impl_->layers) n += layer.parameterCount();
  }
  return n;
}

void Network::reset() noexcept {
  if (impl_) impl_->reset();
}

Status Network::fit(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                    int epochs, double& last_epoch_loss) noexcept {
  return guarded("fit", [&]() -> Status {
    if (!impl_) return emptyNetwork("fit");
    Impl& m = *impl_;
    if (epochs < 1 || epochs > kMaxEpochsPerFit) {
      return bad("epochs = " + std::to_string(epochs) + " must be between 1 and " +
                 std::to_string(kMaxEpochsPerFit));
    }
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    return m.train(x, y, n, epochs, last_epoch_loss);
  });
}

Status Network::predict(const float* x, std::size_t x_len, float* out, std::size_t out_len) noexcept {
  return guarded("predict", [&]() -> Status {
    if (!impl_) return emptyNetwork("predict");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, nullptr, 0, n));
    const std::size_t P = m.head().predictionSize();
    if (out == nullptr || out_len != n * P) {
      return Status(Code::ShapeMismatch, "predict: the output buffer has " + std::to_string(out_len) +
                                             " floats; " + std::to_string(n) + " samples need " +
                                             std::to_string(n * P));
    }
    const std::size_t in = m.inputs();
    for (std::size_t start = 0; start < n; start += Impl::kChunk) {
      const std::size_t rows = std::min(Impl::kChunk, n - start);
      const float* z = m.forward(x + start * in, rows, false);
      m.head().forward(z, m.ob.data(), rows);
      m.head().read(m.ob.data(), out + start * P, rows);
    }
    return Status::ok();
  });
}

Status Network::predict(const float* x, std::size_t x_len, std::vector<float>& out) noexcept {
  return guarded("predict", [&]() -> Status {
    if (!impl_) return emptyNetwork("predict");
    const std::size_t in = impl_->inputs();
    std::vector<float> result((x_len / in) * impl_->head().predictionSize());
    LL_TRY(predict(x, x_len, result.data(), result.size()));
    out = std::move(result);
    return Status::ok();
  });
}

float Network::gridCoordinate(float lo, float hi, int count, int index) noexcept {
  return lo + (hi - lo) * ((static_cast<float>(index) + 0.5f) / static_cast<float>(count));
}

Status Network::predictGrid(float x0, float x1, float y0, float y1, int width, int height,
                            float* out) noexcept {
  return guarded("predictGrid", [&]() -> Status {
    if (!impl_) return emptyNetwork("predictGrid");
    Impl& m = *impl_;
    if (m.inputs() != 2) {
      return Status(Code::ShapeMismatch, "predictGrid needs a network with 2 inputs; this one has " +
                                             std::to_string(m.inputs()));
    }
    if (width < 1 || width > kMaxGridSide || height < 1 || height > kMaxGridSide) {
      return bad("predictGrid: width = " + std::to_string(width) + " and height = " +
                 std::to_string(height) + " must each be between 1 and " + std::to_string(kMaxGridSide));
    }
    if (!(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1))) {
      return Status(Code::NotFinite, "predictGrid: the rectangle's bounds must be finite");
    }
    if (out == nullptr) return Status(Code::EmptyInput, "predictGrid: the output buffer is null");
    if (m.diverged) return m.divergedStatus();
    const std::size_t total = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    float* xb = m.xb.data();
    for (std::size_t start = 0; start < total; start += Impl::kChunk) {
      const std::size_t rows = std::min(Impl::kChunk, total - start);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t cell = start + r;
        const int i = static_cast<int>(cell / static_cast<std::size_t>(width));
        const int j = static_cast<int>(cell % static_cast<std::size_t>(width));
        xb[2 * r] = gridCoordinate(x0, x1, width, j);
        xb[2 * r + 1] = gridCoordinate(y0, y1, height, i);
      }
      const float* z = m.forward(xb, rows, false);
      m.head().forward(z, m.ob.data(), rows);
      m.head().read(m.ob.data(), m.pb.data(), rows);
      m.gridValues(m.pb.data(), rows, out + start);
    }
    return Status::ok();
  });
}

Status Network::evaluate(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                         Evaluation& result) noexcept {
  return guarded("evaluate", [&]() -> Status {
    if (!impl_) return emptyNetwork("evaluate");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    m.eval_out.resize(n * m.units());
    m.forwardOutputs(x, n);
    return m.evaluateOutputs(y, n, result);
  });
}

Status Network::parameters(std::vector<float>& out) const noexcept {
  return guarded("parameters", [&]() -> Status {
    if (!impl_) return emptyNetwork("parameters");
    std::vector<float> p;
    impl_->readParameters(p);
    out = std::move(p);
    return Status::ok();
  });
}

Status Network::setParameters(const float* params, std::size_t n) noexcept {
  return guarded("setParameters", [&]() -> Status {
    if (!impl_) return emptyNetwork("setParameters");
    if (params == nullptr || n != parameterCount()) {
      return Status(Code::ShapeMismatch, "setParameters: got " + std::to_string(n) +
                                             " values; the network has " +
                                             std::to_string(parameterCount()) + " parameters");
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (!std::isfinite(params[k])) {
        return Status(Code::NotFinite, "setParameters: params[" + std::to_string(k) + "] is " +
                                           formatNumber(params[k]));
      }
    }
    impl_->writeParameters(params);
    impl_->diverged = false;
    return Status::ok();
  });
}

Status Network::lossAndGradient(const float* x, std::size_t x_len, const float* y,
                                std::size_t y_len, double& loss, std::vector<float>& grad) noexcept {
  return guarded("lossAndGradient", [&]() -> Status {
    if (!impl_) return emptyNetwork("lossAndGradient");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    m.reserve(m.triplets() ? 3 * n : n);
    LL_TRY(m.wholeDataOrder(y, n));
    double value = 0.0;
    LL_TRY(m.runBatch(m.order.data(), n, x, y, value));
    const float l1 = static_cast<float>(m.config.l1);
    const float l2 = static_cast<float>(m.config.l2);
    std::vector<float> g;
    g.reserve(parameterCount());
    for (net::Dense& layer : m.layers) {
      net::addPenaltyGradient(layer, l1, l2);
      value += net::penalty(layer, l1, l2);
      g.insert(g.end(), layer.gw.data(), layer.gw.data() + layer.gw.size());
      g.insert(g.end(), layer.gb.data(), layer.gb.data() + layer.gb.size());
    }
    loss = value;
    grad = std::move(g);
    return Status::ok();
  });
}

Status Network::influence(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                          const InfluenceOptions& options, float* out, std::size_t out_len) noexcept {
  return guarded("influence", [&]() -> Status {
    if (!impl_) return emptyNetwork("influence");
    Impl& m = *impl_;
    if (m.diverged) return m.divergedStatus();
    NetworkConfig cfg;  // holds the options `which` views
    net::ResolvedLoss which;
    LL_TRY(resolveInfluenceLoss(m, options, cfg, which));
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n, which));
    if (out == nullptr || out_len != n) {
      return Status(Code::ShapeMismatch, "influence: the output buffer has " + std::to_string(out_len) +
                                             " floats; " + std::to_string(n) + " samples need " +
                                             std::to_string(n));
    }
    return m.influenceOn(x, y, n, which, out);
  });
}

Status Network::influence(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                          const InfluenceOptions& options, std::vector<float>& out) noexcept {
  return guarded("influence", [&]() -> Status {
    if (!impl_) return emptyNetwork("influence");
    std::vector<float> result(x_len / impl_->inputs());
    LL_TRY(influence(x, x_len, y, y_len, options, result.data(), result.size()));
    out = std::move(result);
    return Status::ok();
  });
}

Status Network::landscape(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                          const LandscapeOptions& options, float* out, std::size_t out_len) noexcept {
  return guarded("landscape", [&]() -> Status {
    if (!impl_) return emptyNetwork("landscape");
    Impl& m = *impl_;
    if (options.size < 1 || options.size > kMaxLandscapeSide) {
      return bad("landscape: size = " + std::to_string(options.size) + " must be between 1 and " +
                 std::to_string(kMaxLandscapeSide));
    }
    const float span = static_cast<float>(options.span);
    if (!(std::isfinite(span) && span > 0.0f)) {
      return bad("landscape: span = " + formatNumber(options.span) + " must be a finite number > 0");
    }
    if (m.diverged) return m.divergedStatus();
    if (y == nullptr || y_len == 0) return Status(Code::EmptyInput, "y is empty");
    std::size_t n = 0;
    LL_TRY(m.checkData(x, x_len, y, y_len, n));
    const std::size_t cells = static_cast<std::size_t>(options.size) * static_cast<std::size_t>(options.size);
    if (out == nullptr || out_len != cells) {
      return Status(Code::ShapeMismatch, "landscape: the output buffer has " + std::to_string(out_len) +
                                             " floats; size " + std::to_string(options.size) +
                                             " needs " + std::to_string(cells));
    }
    return m.landscapeOn(x, y, n, options, out);
  });
}

Status Network::landscape(const float* x, std::size_t x_len, const float* y, std::size_t y_len,
                          const LandscapeOptions& options, std::vector<float>& out) noexcept {
  return guarded("landscape", [&]() -> Status {
    const std::size_t side = options.size > 0 ? static_cast<std::size_t>(options.size) : 0;
    std::vector<float> result(options.size <= kMaxLandscapeSide ? side * side : 0);
    LL_TRY(landscape(x, x_len, y, y_len, options, result.data(), result.size()));
    out = std::move(result);
    return Status::ok();
  });
}

}  // namespace losslab
