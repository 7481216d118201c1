// Entry for Node: Emscripten 3.1.6's loader cannot fetch files in Node 20, so the .wasm is
// read with fs and handed over as wasmBinary.
import { readFile } from 'node:fs/promises';
import { createLab } from './lab.js';
import { chooseSimd } from './simd.js';
import { LossLabError } from './errors.js';

export { LossLabError };

/** @param {{ simd?: 'auto' | boolean, wasmBinary?: Uint8Array }} [options] */
export async function createLossLab(options = {}) {
  const simd = chooseSimd(options.simd);
  const name = simd ? 'losslab-simd' : 'losslab-base';
  const { default: factory } = simd ? await import('./losslab-simd.mjs') : await import('./losslab-base.mjs');
  const wasmBinary = options.wasmBinary ?? (await readFile(new URL(`./${name}.wasm`, import.meta.url)));
  const module = await factory({ wasmBinary });
  return createLab(module, { simd });
}

export default createLossLab;
