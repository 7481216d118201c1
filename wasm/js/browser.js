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

/**
 * @param {{ simd?: 'auto' | boolean, locateFile?: (file: string) => string }} [options]
 */
export async function createLossLab(options = {}) {
  const simd = chooseSimd(options.simd);
  const file = simd ? 'losslab-simd.wasm' : 'losslab-base.wasm';
  const wasmUrl = options.locateFile
    ? options.locateFile(file)
    : simd
      ? new URL('./losslab-simd.wasm', import.meta.url).href
      : new URL('./losslab-base.wasm', import.meta.url).href;
  const compiled = compileWasm(wasmUrl);
  compiled.catch(() => {}); // reported below, once the glue is there to wait on
  const { default: factory } = simd ? await import('./losslab-simd.mjs') : await import('./losslab-base.mjs');
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = await Promise.race([
    factory({
      locateFile: (name) => (name.endsWith('.wasm') ? wasmUrl : options.locateFile ? options.locateFile(name) : name),
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
