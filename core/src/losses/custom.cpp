// The custom loss: an element-wise expression in x and y with automatic gradients.
#include "common.hpp"

namespace losslab {

std::vector<LossSpec> customLosses() { return {}; }

}  // namespace losslab
