// The plain C limit kernels (limit.cpp): value, and the gradient into g when g is not null.
#pragma once

#include <cstddef>

namespace limit {

using Kernel = float (*)(const float* x, const float* y, std::size_t n, float* g);

/// The limit kernel of loss `id` (mse, mae, huber, bce_with_logits), or null.
Kernel find(const char* id);

}  // namespace limit
