// The switch between vector kernels and their scalar twins.
#pragma once

namespace losslab::detail {

/// When true, every loss runs its scalar twin only (for SIMD-versus-scalar tests, the fuzz
/// targets and the benchmark). Not thread-safe to flip while computing.
bool& forceScalar() noexcept;

}  // namespace losslab::detail
