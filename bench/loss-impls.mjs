// Each implementation of a loss on one data set, as closures the tables time: LossLab on
// LabBuffers, the C limit compiled to wasm on copies in its own memory, plain JS on the
// Float32Arrays, TensorFlow.js on tensors made outside the timed loop, and the native binary's
// job list (data written to files, timed in its own process).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { LOSSES, SIZES } from './losses.mjs';

/** Pair losses: x1 against the target { other: x2, label: ±1 }. */
const isPair = (loss) => loss.kind === 'rank' || loss.kind === 'cos';

/** Arguments for the plain-JS function of `loss` on data `d`. */
export function jsArgs(loss, d) {
  if (loss.kind === 'rows') return [d[loss.input], d.labelsI, d.cols];
  if (loss.kind === 'gauss') return [d.meanVar, d.y];
  if (loss.kind === 'trip') return [d.a, d.p, d.negative, d.cols];
  if (isPair(loss)) return [d.x1, d.other, d.signs, d.cols ?? 1];
  if (loss.kind === 'overlap') return [d[loss.input], d[loss.target], d.cols];
  return [d[loss.input], d[loss.target]];
}

export function jsGradArgs(loss, d) {
  if (loss.kind === 'trip') {
    return [...jsArgs(loss, d), new Float32Array(d.n), new Float32Array(d.n), new Float32Array(d.n)];
  }
  if (isPair(loss)) return [...jsArgs(loss, d), new Float32Array(d.n), new Float32Array(d.n)];
  return [...jsArgs(loss, d), new Float32Array(d.n)];
}

/** LossLab buffers and closures for one (lab, loss, data). Free with `.free()`. */
export function labCase(lab, loss, d) {
  const buffers = [];
  const buf = (a) => {
    const b = lab.buffer(a);
    buffers.push(b);
    return b;
  };
  const input = buf(d[loss.input]);
  let target;
  const options = { ...(loss.options ?? {}) };
  if (loss.kind === 'trip') {
    target = { positive: buf(d.p), negative: buf(d.negative) };
    options.dim = d.cols;
  } else if (isPair(loss)) {
    target = { other: buf(d.other), label: buf(d.signs) };
    if (d.cols) options.dim = d.cols;
  } else {
    target = buf(d[loss.target]);
    if (loss.kind === 'rows' || loss.kind === 'gauss' || loss.kind === 'overlap') options.classes = d.cols;
  }
  // pairs: both gradients in place, as native writes them
  const gradInto = loss.kind === 'trip' ? null : isPair(loss) ? { input: buf(d.n), other: buf(d.n) } : buf(d.n);
  const valueOpts = { ...options, grad: false };
  const gradOpts = gradInto ? { ...options, gradInto } : options;
  return {
    value: () => lab.loss(loss.id, input, target, valueOpts).value,
    grad: () => lab.loss(loss.id, input, target, gradOpts).value,
    /** The gradient of the last grad call (a copy). */
    lastGrad: () => {
      if (gradInto) return (gradInto.input ?? gradInto).view().slice();
      const r = lab.loss(loss.id, input, target, options);
      return r.grad.anchor ?? r.grad;
    },
    free: () => buffers.forEach((b) => b.free()),
  };
}

// ---- the C limit compiled to wasm (bench/limit-wasm/) ---------------------------------------

/**
 * Loads build/bench/limit-wasm.{mjs,wasm} (bench/limit-wasm/build.sh) with the .wasm read by
 * fs, as 3.1.6's loader cannot fetch it in Node 20.
 * @returns {Promise<{ module?: any, error?: string }>}
 */
export async function loadLimitWasm(dir) {
  const glue = path.join(dir, 'limit-wasm.mjs');
  const wasm = path.join(dir, 'limit-wasm.wasm');
  if (!existsSync(glue) || !existsSync(wasm)) return { error: `${glue} not built (bash bench/limit-wasm/build.sh)` };
  try {
    const { default: create } = await import(glue);
    return { module: await create({ wasmBinary: readFileSync(wasm) }) };
  } catch (e) {
    return { error: `${glue} failed to load: ${e?.message ?? e}` };
  }
}

/**
 * The limit kernel of `loss` in the wasm module `m`, on copies of the input, the target and a
 * gradient array in its memory (made here, outside the timed loop, as LossLab's LabBuffers
 * are). Null when the module has no kernel for the loss. Free with `.free()`.
 */
export function wasmLimitCase(m, loss, d) {
  const name = new TextEncoder().encode(`${loss.id}\0`);
  const pName = m._malloc(name.length);
  m.HEAPU8.set(name, pName);
  const kernel = m._limit_find(pName);
  m._free(pName);
  if (!kernel) return null;
  const x = d[loss.input];
  const y = d[loss.target];
  const n = x.length;
  // On 64-byte lines, as LossLab's buffers are (a vector at 8 mod 16 splits cache lines).
  const bytes = Math.ceil((4 * n) / 64) * 64;
  const px = m._aligned_alloc(64, bytes);
  const py = m._aligned_alloc(64, bytes);
  const pg = m._aligned_alloc(64, bytes);
  if (!px || !py || !pg) {
    [px, py, pg].forEach((p) => m._free(p));
    throw new Error(`C→wasm: no memory for ${n} floats`);
  }
  // Growing memory detaches every view: HEAPF32 is read after the last malloc.
  m.HEAPF32.set(x, px >> 2);
  m.HEAPF32.set(y, py >> 2);
  // m._limit_run read at each call: 3.1.6's glue replaces its first-call wrapper (an apply on
  // `arguments`) by the wasm export itself, as LossLab's module does.
  return {
    value: () => m._limit_run(kernel, px, py, n, 0),
    grad: () => m._limit_run(kernel, px, py, n, pg),
    /** The gradient of the last grad call (a copy). */
    lastGrad: () => m.HEAPF32.slice(pg >> 2, (pg >> 2) + n),
    free: () => [px, py, pg].forEach((p) => m._free(p)),
  };
}

/**
 * Tensors for data `d` on the current backend: one per Float32Array of it, [rows, cols] when
 * it holds a whole table's n values (the triplets' negatives as `n`). A new data kind needs
 * nothing here.
 */
export function tfTensors(tf, d) {
  const T = {};
  for (const [key, v] of Object.entries(d)) {
    if (!(v instanceof Float32Array)) continue;
    const table = d.shape.length === 2 && v.length === d.n;
    T[key === 'negative' ? 'n' : key] = table ? tf.tensor2d(v, d.shape) : tf.tensor1d(v);
  }
  return T;
}

export function tfCase(tf, loss, T) {
  // What is differentiated: the input, for triplets the positives and negatives too, for
  // pairs x2 as well.
  const args = loss.kind === 'trip' ? [T.a, T.p, T.n] : isPair(loss) ? [T.x1, T.other] : [T[loss.input]];
  const f = (x, ...rest) => loss.tf(tf, x, T, ...rest);
  const vg = tf.valueAndGrads(f);
  const scalar = (t) => {
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  return {
    value: () => scalar(tf.tidy(() => f(...args))),
    grad: () => {
      const { value, grads } = vg(args);
      const r = scalar(value);
      tf.dispose(grads);
      return r;
    },
    lastGrad: () => {
      const { value, grads } = vg(args);
      const g = grads[0].dataSync().slice();
      value.dispose();
      tf.dispose(grads);
      return g;
    },
  };
}

// ---- native jobs --------------------------------------------------------------------------

/** Writes the data files and the job list for the native binary; returns the job file path. */
export function writeNativeJobs(dir, datasets, ids) {
  mkdirSync(dir, { recursive: true });
  const written = new Map();
  const file = (kind, n, name, data) => {
    const p = path.join(dir, `${kind}-${n}-${name}.f32`);
    if (!written.has(p)) {
      writeFileSync(p, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      written.set(p, true);
    }
    return p;
  };
  const lines = [];
  for (const loss of LOSSES) {
    if (!ids.has(loss.id)) continue;
    for (const n of SIZES) {
      const d = datasets.get(`${loss.kind}-${n}`);
      const input = file(d.kind, n, loss.input, d[loss.input]);
      let target = '-';
      let targetN = 0;
      let pos = '-';
      let neg = '-';
      let cols = d.cols ?? 0;
      if (loss.kind === 'trip') {
        pos = file(d.kind, n, 'p', d.p);
        neg = file(d.kind, n, 'negative', d.negative);
      } else if (isPair(loss)) {  // pairs: the labels as the target, x2 in the positive slot
        target = file(d.kind, n, 'signs', d.signs);
        targetN = d.signs.length;
        pos = file(d.kind, n, 'other', d.other);
      } else {
        target = file(d.kind, n, loss.target, d[loss.target]);
        targetN = d[loss.target].length;
      }
      const expr = loss.options?.expr ?? '-';
      for (const mode of ['value', 'grad']) {
        lines.push([`${loss.id}|${mode}|${n}`, loss.id, mode, n, cols, input, target, targetN, pos, neg, expr].join(' '));
        if (loss.limit) {
          lines.push([`${loss.id}|limit-${mode}|${n}`, loss.id, `limit-${mode}`, n, cols, input, target, targetN, pos, neg, expr].join(' '));
        }
      }
    }
  }
  const jobs = path.join(dir, 'native-jobs.txt');
  writeFileSync(jobs, lines.join('\n') + '\n');
  return jobs;
}
