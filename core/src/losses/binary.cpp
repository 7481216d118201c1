// Binary losses: element-wise terms of a score, logit or probability against a 0/1 or ±1 label.
#include "common.hpp"

namespace losslab {

std::vector<LossSpec> binaryLosses() { return {}; }

}  // namespace losslab
