// LossLab network — which points a loss listens to: each sample's share of the gradient of
// the loss with respect to the network's output, from the catalogue's own gradient (the one
// training backpropagates), under the network's loss or another loss of the same head.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "network/network_impl.hpp"
#include "simd/scan.hpp"

namespace losslab {
namespace {

using net::TargetForm;

/// "logits from the linear head (binary)": how a loss's input is made from the last layer,
/// in the catalogue's words, for messages.
std::string describeHead(const net::ResolvedLoss& r) {
  return std::string(inputKindName(inputKind(*r.spec, r.options))) + " from the " +
         headName(r.head.kind) + " head (" + taskName(r.head.task) + ")";
}

}  // namespace

/// The loss `options` asks for, resolved as NetworkConfig's loss is (the catalogue checks
/// its id and options), into `out`; BAD_OPTION when its head or task differs from the
/// network's. `cfg` holds the options `out` views and must outlive it.
Status resolveInfluenceLoss(const Network::Impl& m, const InfluenceOptions& options,
                            NetworkConfig& cfg, net::ResolvedLoss& out) {
  const bool own = options.loss.empty() || options.loss == m.config.loss;
  if (own && !options.loss_options) {
    out = m.loss;
    return Status::ok();
  }
  cfg = m.config;
  cfg.loss = own ? m.config.loss : options.loss;
  cfg.loss_options = options.loss_options ? *options.loss_options : LossSettings{};
  Status s = net::resolveLoss(cfg, out);
  if (!s.isOk()) return Status(s.code(), "influence: " + s.message());
  if (out.head.kind != m.head().kind || out.head.task != m.head().task) {
    return Status(Code::BadOption,
                  "influence: loss '" + cfg.loss + "' reads " + describeHead(out) +
                      "; this network's loss '" + m.config.loss + "' reads " + describeHead(m.loss) +
                      ". Influence compares losses of the same head at the same weights; train a "
                      "network with '" + cfg.loss + "' to see its influence");
  }
  return Status::ok();
}

Status Network::Impl::influenceOn(const float* x, const float* y, std::size_t n,
                                  const net::ResolvedLoss& which, float* shares) {
  const net::Head& h = which.head;
  const std::size_t in = inputs();
  const std::size_t K = units();
  const std::size_t R = triplets() ? 3 * n : n;  // rows the loss reads
  // z (the last layer's outputs) and o = head(z) of every sample
  std::vector<float> zs(n * K), os(n * K);
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t rows = std::min(kChunk, n - start);
    const float* z = forward(x + start * in, rows, false);
    std::copy(z, z + rows * K, zs.data() + start * K);
    h.forward(z, os.data() + start * K, rows);
  }
  if (!detail::allFinite(os.data(), os.size())) {
    return Status(Code::NotFinite, "influence: the network's outputs are not finite");
  }
  LL_TRY(wholeDataOrder(y, n));
  // the rows the loss reads: the samples, or anchors, positives and negatives
  std::vector<float> z(R * K), o(R * K), t;
  if (triplets()) {
    for (std::size_t part = 0; part < 3; ++part) {
      for (std::size_t r = 0; r < n; ++r) {
        const std::size_t sample = part == 0 ? r : partner[2 * r + (part - 1)];
        std::copy(zs.data() + sample * K, zs.data() + sample * K + K, z.data() + (part * n + r) * K);
        std::copy(os.data() + sample * K, os.data() + sample * K + K, o.data() + (part * n + r) * K);
      }
    }
  } else {
    z.swap(zs);
    o.swap(os);
    const bool rowsOfK = h.target == TargetForm::OneHot || h.target == TargetForm::Values;
    t.resize(n * (rowsOfK ? K : 1));
    buildTargets(order.data(), n, y, t.data(), h);
  }
  // The catalogue's gradient of the summed loss ('mean' where the loss has only that): row r
  // of ∂L/∂o is sample r's own ∂ℓ_r/∂o_r (a triplet's three rows are its own).
  LossOptions opt = which.options;
  opt.reduction = which.spec->mean_only ? Reduction::Mean : Reduction::Sum;
  std::vector<float> go(R * K), gz(R * K);
  double value = 0.0;
  LL_TRY(lossWith(*which.spec, opt, h.target, o.data(), n, t.empty() ? nullptr : t.data(),
                  go.data(), value));
  h.backward(z.data(), o.data(), go.data(), gz.data(), R);
  // each sample's Euclidean norm (over its triplet's three rows for triplet_margin)
  std::vector<double> norms(n, 0.0);
  double total = 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    double sq = 0.0;
    for (std::size_t part = 0; part < R / n; ++part) {
      const float* g = gz.data() + (part * n + r) * K;
      for (std::size_t k = 0; k < K; ++k) sq += static_cast<double>(g[k]) * g[k];
    }
    norms[r] = std::sqrt(sq);
    total += norms[r];
  }
  if (!std::isfinite(total)) {
    return Status(Code::NotFinite, "influence: the gradient of '" + std::string(which.spec->id) +
                                       "' is not finite at these weights");
  }
  for (std::size_t r = 0; r < n; ++r) {
    shares[r] = total > 0.0 ? static_cast<float>(norms[r] / total) : 0.0f;
  }
  return Status::ok();
}

}  // namespace losslab
