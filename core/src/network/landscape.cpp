// LossLab network — the loss landscape around the current weights along two random
// directions, normalised filter-wise (Li, Xu, Taylor, Studer & Goldstein, "Visualizing the
// Loss Landscape of Neural Nets", NeurIPS 2018): L(θ + a·d₁ + b·d₂) on a grid of (a, b).
#include <cmath>
#include <limits>
#include <vector>

#include "network/network_impl.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

/// Puts the weights back when it goes out of scope, on every path out of the landscape.
class RestoreParameters {
 public:
  RestoreParameters(Network::Impl& m, const std::vector<float>& theta) noexcept
      : m_(m), theta_(theta) {}
  ~RestoreParameters() { m_.writeParameters(theta_.data()); }
  RestoreParameters(const RestoreParameters&) = delete;
  RestoreParameters& operator=(const RestoreParameters&) = delete;

 private:
  Network::Impl& m_;
  const std::vector<float>& theta_;
};

}  // namespace

float Network::landscapeCoordinate(double span, int size, int index) noexcept {
  if (size <= 1) return 0.0f;
  const float steps = static_cast<float>(size - 1);
  return static_cast<float>(span) * (static_cast<float>(2 * index - (size - 1)) / steps);
}

/// One direction in parameters()'s layout: Gaussian entries from `rng` for every weight, each
/// unit's row then scaled to the norm of that row of θ ("filter normalisation": for a dense
/// layer a filter is one unit's incoming weights); 0 for every bias.
void Network::Impl::filterDirection(detail::Rng& rng, std::vector<float>& d) const {
  d.clear();
  for (const net::Dense& layer : layers) {
    const std::size_t in = static_cast<std::size_t>(layer.in);
    for (int j = 0; j < layer.out; ++j) {
      const float* theta = layer.w.data() + static_cast<std::size_t>(j) * in;
      const std::size_t first = d.size();
      double dd = 0.0, tt = 0.0;
      for (std::size_t i = 0; i < in; ++i) {
        const float v = static_cast<float>(rng.normal());
        d.push_back(v);
        dd += static_cast<double>(v) * v;
        tt += static_cast<double>(theta[i]) * theta[i];
      }
      const double scale = dd > 0.0 ? std::sqrt(tt) / std::sqrt(dd) : 0.0;
      for (std::size_t i = 0; i < in; ++i) {
        d[first + i] = static_cast<float>(static_cast<double>(d[first + i]) * scale);
      }
    }
    d.insert(d.end(), static_cast<std::size_t>(layer.out), 0.0f);
  }
}

Status Network::Impl::landscapeOn(const float* x, const float* y, std::size_t n,
                                  const LandscapeOptions& options, float* out) {
  std::vector<float> theta, d1, d2, w;
  readParameters(theta);
  detail::Rng rng(options.seed, detail::Stream::Landscape);
  filterDirection(rng, d1);
  filterDirection(rng, d2);
  w.resize(theta.size());
  eval_out.resize(n * units());
  LL_TRY(prepareTargets(y, n));

  const RestoreParameters restore(*this, theta);
  const int size = options.size;
  const std::size_t P = theta.size();
  for (int i = 0; i < size; ++i) {
    const float b = Network::landscapeCoordinate(options.span, size, i);
    for (int j = 0; j < size; ++j) {
      const float a = Network::landscapeCoordinate(options.span, size, j);
      for (std::size_t k = 0; k < P; ++k) w[k] = theta[k] + a * d1[k] + b * d2[k];
      writeParameters(w.data());
      forwardOutputs(x, n);
      double value = std::numeric_limits<double>::quiet_NaN();
      if (detail::allFinite(eval_out.data(), eval_out.size())) {
        const Status s = outputsLoss(n, value);
        if (!s.isOk() && s.code() != Code::NotFinite && s.code() != Code::OutOfDomain) return s;
        if (!s.isOk() || !std::isfinite(value)) value = std::numeric_limits<double>::quiet_NaN();
      }
      const float cell = static_cast<float>(value);  // a loss beyond float's range is NaN too
      out[static_cast<std::size_t>(i) * static_cast<std::size_t>(size) + static_cast<std::size_t>(j)] =
          std::isfinite(cell) ? cell : std::numeric_limits<float>::quiet_NaN();
    }
  }
  return Status::ok();
}

}  // namespace losslab
