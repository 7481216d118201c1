// Entry for Node: Emscripten 3.1.6's loader cannot fetch files in Node 20, so the .wasm is
// read with fs and handed over as wasmBinary (or instantiated from a module compiled before).
import { readFile } from 'node:fs/promises';
import { createLab } from './lab.js';
import { chooseSimd } from './simd.js';
import { LossLabError } from './errors.js';

export { LossLabError };

const wasmFile = (simd) => new URL(`./${simd ? 'losslab-simd' : 'losslab-base'}.wasm`, import.meta.url);

/**
 * Reads and compiles the chosen flavour once; createLossLab({ compiled }) instantiates it
 * (here or in a worker_thread it was posted to) without compiling again.
 * @param {{ simd?: 'auto' | boolean, wasmBinary?: Uint8Array }} [options]
 */
export async function compileLossLab(options = {}) {
  const simd = chooseSimd(options.simd);
  const bytes = options.wasmBinary ?? (await readFile(wasmFile(simd)));
  return { simd, module: await WebAssembly.compile(bytes) };
}

/**
 * @param {{ simd?: 'auto' | boolean, wasmBinary?: Uint8Array,
 *           compiled?: { simd: boolean, module: WebAssembly.Module } }} [options]
 */
export async function createLossLab(options = {}) {
  const { compiled } = options;
  if (compiled !== undefined && (compiled === null || typeof compiled.simd !== 'boolean' || !(compiled.module instanceof WebAssembly.Module))) {
    throw new Error("losslab: option 'compiled' must be what compileLossLab() returned ({ simd, module })");
  }
  const simd = compiled ? compiled.simd : chooseSimd(options.simd);
  const { default: factory } = simd ? await import('./losslab-simd.mjs') : await import('./losslab-base.mjs');
  if (compiled) {
    let failed;
    const failure = new Promise((_, reject) => { failed = reject; });
    const module = await Promise.race([
      factory({
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(compiled.module, imports).then((instance) => receive(instance), failed);
          return {};
        },
      }),
      failure,
    ]);
    return createLab(module, { simd });
  }
  const wasmBinary = options.wasmBinary ?? (await readFile(wasmFile(simd)));
  const module = await factory({ wasmBinary });
  return createLab(module, { simd });
}

export default createLossLab;
