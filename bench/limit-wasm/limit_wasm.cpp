// The C limit compiled to WebAssembly: limit.cpp's plain loops, unchanged, built by
// bench/limit-wasm/build.sh with em++ -O3 -msimd128 -ffast-math, so clang auto-vectorises them
// for SIMD128 (4 lanes, no FMA, libc's scalar exp and log1p). bench/loss-bench.mjs times them
// in the same Node process, on the same data and with the same `measure` as LossLab (the
// "C→wasm" column): what WebAssembly itself allows for the loop, beside the native limit.
// Not in bench/native/: its CMakeLists.txt globs *.cpp into the native bench binary.
#include <cstddef>

#include "limit.hpp"

extern "C" {

/// The kernel of loss `id` (a NUL-terminated name in this module's memory), or null. In wasm a
/// function pointer is a table index: JS hands it back to limit_run.
limit::Kernel limit_find(const char* id) { return limit::find(id); }

/// kernel(x, y, n, g): the loss's mean, and the gradient into g unless g is null. One indirect
/// call per pass, as the native bench binary makes.
float limit_run(limit::Kernel kernel, const float* x, const float* y, std::size_t n, float* g) {
  return kernel(x, y, n, g);
}

}  // extern "C"
