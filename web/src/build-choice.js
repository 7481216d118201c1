// Which LossLab build the page (and its trainer worker) loads. `?simd=0` forces the baseline
// (non-SIMD) build, as an engine without WebAssembly SIMD gets it; `?simd=1` insists on SIMD (the
// page says it cannot start where there is none). Anything else: feature detection ('auto').
// A query parameter, not hash state: it picks the build, it is not part of what a link shares.

/** `location.search` → createLossLab's `simd` option. */
export function simdOption(search) {
  const value = new URLSearchParams(search).get('simd');
  if (value === '0') return false;
  if (value === '1') return true;
  return 'auto';
}
