// Run-time SIMD detection: does this engine validate a tiny module that uses v128?
// (i8x16.splat and i8x16.popcnt-free: the same probe as wasm-feature-detect's `simd`.)
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function simdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Resolves the `simd` option ('auto' | true | false) to the flavour to load. */
export function chooseSimd(option = 'auto') {
  if (option === 'auto' || option === undefined) return simdSupported();
  if (option === true) {
    if (!simdSupported()) throw new Error('losslab: { simd: true } but this engine has no WebAssembly SIMD');
    return true;
  }
  if (option === false) return false;
  throw new Error(`losslab: option 'simd' must be 'auto', true or false; got ${String(option)}`);
}
