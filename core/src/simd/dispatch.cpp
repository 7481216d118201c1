// The switch between vector kernels and their scalar twins.
#include "losses/common.hpp"

namespace losslab::detail {

bool& forceScalar() noexcept {
  static bool scalar = false;
  return scalar;
}

}  // namespace losslab::detail
