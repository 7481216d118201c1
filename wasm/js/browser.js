// Entry for browsers and bundlers (Vite, webpack): the .wasm files sit next to this file and
// are found with new URL(…, import.meta.url), which bundlers follow. Only one flavour loads.
import { createLab } from './lab.js';
import { chooseSimd } from './simd.js';
import { LossLabError } from './errors.js';

export { LossLabError };

/**
 * @param {{ simd?: 'auto' | boolean, locateFile?: (file: string) => string }} [options]
 */
export async function createLossLab(options = {}) {
  const simd = chooseSimd(options.simd);
  const { default: factory } = simd ? await import('./losslab-simd.mjs') : await import('./losslab-base.mjs');
  const wasmUrl = simd
    ? new URL('./losslab-simd.wasm', import.meta.url).href
    : new URL('./losslab-base.wasm', import.meta.url).href;
  const module = await factory({
    locateFile: (file) => (options.locateFile ? options.locateFile(file) : file.endsWith('.wasm') ? wasmUrl : file),
  });
  return createLab(module, { simd });
}

export default createLossLab;
