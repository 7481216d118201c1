// Entry for browsers and bundlers (Vite, webpack): the .wasm files sit next to this file and
// are found with new URL(…, import.meta.url), which bundlers follow. Only one flavour loads.
// The .wasm is fetched and compiled while the glue script loads (not after it has run), which
// takes a round trip off the time to a first result.
import { createLab } from './lab.js';
import { chooseSimd } from './simd.js';
import { LossLabError } from './errors.js';

export { LossLabError };

/** Fetches and compiles the module: streaming when the server says application/wasm. */
async function compileWasm(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`losslab: could not load ${url} (HTTP ${response.status})`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The .wasm of one flavour: `locateFile`'s answer, else the file beside this one. */
function wasmUrl(simd, options) {
  const file = simd ? 'losslab-simd.wasm' : 'losslab-base.wasm';
  if (options.locateFile) return options.locateFile(file);
  return simd
    ? new URL('./losslab-simd.wasm', import.meta.url).href
    : new URL('./losslab-base.wasm', import.meta.url).href;
}

/** `compiled` must be what compileLossLab() resolved to (possibly posted from another thread). */
function checkCompiled(compiled) {
  if (compiled === undefined) return;
  if (compiled === null || typeof compiled.simd !== 'boolean' || !(compiled.module instanceof WebAssembly.Module)) {
    throw new Error("losslab: option 'compiled' must be what compileLossLab() returned ({ simd, module })");
  }
}

/**
 * Downloads and compiles the chosen flavour once. createLossLab({ compiled }) then instantiates
 * it without another download or compile: in this thread, or in a worker it was posted to
 * (a WebAssembly.Module can be posted to workers).
 * @param {{ simd?: 'auto' | boolean, locateFile?: (file: string) => string }} [options]
 * @returns {Promise<{ simd: boolean, module: WebAssembly.Module }>}
 */
export async function compileLossLab(options = {}) {
  const simd = chooseSimd(options.simd);
  return { simd, module: await compileWasm(wasmUrl(simd, options)) };
}

/**
 * @param {{ simd?: 'auto' | boolean, locateFile?: (file: string) => string,
 *           compiled?: { simd: boolean, module: WebAssembly.Module } }} [options]
 */
export async function createLossLab(options = {}) {
  checkCompiled(options.compiled);
  const simd = options.compiled ? options.compiled.simd : chooseSimd(options.simd);
  const url = wasmUrl(simd, options);
  const compiled = options.compiled ? Promise.resolve(options.compiled.module) : compileWasm(url);
  compiled.catch(() => {}); // reported below, once the glue is there to wait on
  const { default: factory } = simd ? await import('./losslab-simd.mjs') : await import('./losslab-base.mjs');
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = await Promise.race([
    factory({
      locateFile: (name) => (name.endsWith('.wasm') ? url : options.locateFile ? options.locateFile(name) : name),
      // Emscripten's hook: instantiate the module compiled above; {} means "asynchronously".
      instantiateWasm(imports, receive) {
        compiled
          .then((wasm) => WebAssembly.instantiate(wasm, imports))
          .then((instance) => receive(instance), failed);
        return {};
      },
    }),
    failure,
  ]);
  return createLab(module, { simd });
}

export default createLossLab;
