// The named numerical constants of the losses, shared by the scalar twins (in double) and
// the vector kernels (as float): one definition each.
#pragma once

namespace losslab::detail {

/// PyTorch's binary_cross_entropy clamps each log at −100, so a probability of exactly 0
/// or 1 costs 100 instead of ∞.
inline constexpr double kLogClamp = -100.0;
/// The floor of binary_cross_entropy_backward's denominator max(x(1 − x), ε).
inline constexpr double kBceGradEpsilon = 1e-12;
/// Keras's backend.epsilon(): probabilities are clipped to [ε, 1 − ε] (or [ε, 1]).
inline constexpr double kKerasEpsilon = 1e-7;

}  // namespace losslab::detail
