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

/// True when every value is one of `a`, `b`, `c` (labels: {0, 1} passes a = b).
bool allOneOf(const float* data, std::size_t n, float a, float b, float c) noexcept;

/// True when every value is a class index — an integer in [0, classes) — or equals
/// `ignore` (pass NaN for "no ignore_index").
bool allClassIndices(const float* data, std::size_t n, std::size_t classes, float ignore) noexcept;

}  // namespace losslab::detail
