// The switch between vector kernels and their scalar twins.
#include "simd/dispatch.hpp"

namespace losslab::detail {

bool& forceScalar() noexcept {
  static bool scalar = false;
  return scalar;
}

}  // namespace losslab::detail
