// TensorFlow.js 4.22 in Node 20, offline: tfjs-core + the wasm and cpu backends (+ layers).
// The wasm backend is pointed at node_modules/@tensorflow/tfjs-backend-wasm/dist/ as a file
// path (no network); which of its three binaries loaded is recorded by watching the .wasm
// file reads (the Emscripten loader reads it with fs in Node).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * @returns {Promise<{ tf: any, tfl: any, backends: string[], wasmVariant: string | null,
 *   wasmFlags: object, notes: string[] }>} or `{ error }` when tfjs-core itself is missing.
 */
export async function loadTf() {
  const notes = [];
  let tf;
  let wasmBackend;
  const fs = require('node:fs');
  const reads = [];
  const origSync = fs.readFileSync;
  const origAsync = fs.readFile;
  fs.readFileSync = function (p, ...rest) {
    if (String(p).endsWith('.wasm')) reads.push(String(p));
    return origSync.call(this, p, ...rest);
  };
  fs.readFile = function (p, ...rest) {
    if (String(p).endsWith('.wasm')) reads.push(String(p));
    return origAsync.call(this, p, ...rest);
  };
  // tfjs greets Node users with an ad for tfjs-node; keep the bench output clean.
  const warn = console.warn;
  console.warn = (...args) => {
    const text = args.join(' ');
    if (/tfjs-node|Hi there|has already been set|already registered/.test(text)) return;
    notes.push(`tfjs warning: ${text.slice(0, 200)}`);
  };
  try {
    try {
      tf = require('@tensorflow/tfjs-core');
      require('@tensorflow/tfjs-backend-cpu');
    } catch (e) {
      return { error: `tfjs-core/cpu not loadable: ${e.message}` };
    }
    // Production mode: no debug-time correctness checks (and no Node greeting), as one
    // would ship it.
    tf.enableProdMode();
    const backends = [];
    if (await tryBackend(tf, 'cpu', notes)) backends.push('cpu');

    let wasmVariant = null;
    const wasmFlags = {};
    try {
      wasmBackend = require('@tensorflow/tfjs-backend-wasm');
      const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
      wasmBackend.setWasmPaths(dist);
      wasmFlags.simdSupported = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      wasmFlags.threadsSupported = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      let ok = await tryBackend(tf, 'wasm', notes);
      if (!ok) {
        // Fall back to the plain binary: no SIMD, no threads.
        notes.push('tfjs wasm: preferred variant failed to load; retrying with the plain tfjs-backend-wasm.wasm');
        tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        ok = await tryBackend(tf, 'wasm', notes);
      }
      if (ok) {
        backends.push('wasm');
        const file = reads.length ? path.basename(reads[reads.length - 1]) : 'unknown (no .wasm read seen)';
        let threads = null;
        try {
          threads = wasmBackend.getThreadsCount();
        } catch {
          /* older API */
        }
        wasmVariant = `${file}${threads ? `, ${threads} thread${threads > 1 ? 's' : ''}` : ''}`;
      }
    } catch (e) {
      notes.push(`tfjs wasm backend not loadable: ${e.message}`);
    }

    let tfl = null;
    try {
      tfl = require('@tensorflow/tfjs-layers');
    } catch (e) {
      notes.push(`tfjs-layers not loadable: ${e.message}`);
    }
    return { tf, tfl, backends, wasmVariant, wasmFlags, notes, version: tf.version_core };
  } finally {
    fs.readFileSync = origSync;
    fs.readFile = origAsync;
    console.warn = warn;
  }
}

async function tryBackend(tf, name, notes) {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) notes.push(`tfjs: setBackend('${name}') returned false`);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch (e) {
    notes.push(`tfjs: setBackend('${name}') failed: ${e?.message ?? e}`);
    return false;
  }
}

/** Switches backend quietly (the tfjs greeting is printed on first use of 'cpu' in Node). */
export async function useBackend(tf, name) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend(name);
    await tf.ready();
  } finally {
    console.warn = warn;
  }
}
