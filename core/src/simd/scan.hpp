// Fast whole-array checks for validation: vectorised, answering only "is every value fine?".
// On a "no", validation walks the array with scalar code to name the first offending index.
#pragma once

#include <cstddef>

namespace losslab::detail {

/// True when every value of data[0..n) is finite (no NaN, no ±Inf).
bool allFinite(const float* data, std::size_t n) noexcept;

/// True when every value lies in [lo, hi] (or (lo, hi] with `loOpen`). Call it on finite
/// data only (validation checks finiteness first).
bool allWithin(const float* data, std::size_t n, float lo, float hi, bool loOpen) noexcept;

}  // namespace losslab::detail
