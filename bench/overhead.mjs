// Per-call overhead: lab.loss('mse') on 4 elements, both builds, arrays and LabBuffers, after
// a 300 ms warm-up (the default 25 ms ends before V8 has optimised the wrapper: the first case
// then measured 3–7x its steady cost), in two rounds (the better median).
//
// bench/run.mjs measures each case twice: in the bench process after the loss tables, and in
// a Node process of its own (`node bench/overhead.mjs <case>`, which prints its row as JSON),
// which is what a program calling lab.loss sees. In one process the cases share `measure`'s
// loop, whose call of `fn` V8 optimises for the first case and then deoptimises: whole
// windows of a later case ran 2x slower (0.6–0.8 µs, then 1.5–2.2 µs, for the same call).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { measure } from './timing.mjs';

/** The cases for lab `L` (`key` 'simd' or 'base'): [what, fn], and a cleanup. */
export function overheadCases(L, key) {
  const x4 = Float32Array.of(0.5, -1, 2, 0.25);
  const y4 = Float32Array.of(0, -1.5, 1, 1);
  const name = key === 'simd' ? 'LossLab SIMD' : 'LossLab baseline';
  const bx = L.buffer(x4);
  const by = L.buffer(y4);
  const bg = L.buffer(4);
  const cases = [
    [`${name}: lab.loss('mse', Float32Array, Float32Array) → { value, grad }`, () => L.loss('mse', x4, y4).value],
    [`${name}: same, { grad: false }`, () => L.loss('mse', x4, y4, { grad: false }).value],
    [`${name}: LabBuffers, { grad: false }`, () => L.loss('mse', bx, by, { grad: false }).value],
    [`${name}: LabBuffers, { gradInto }`, () => L.loss('mse', bx, by, { gradInto: bg }).value],
  ];
  return { cases, free: () => [bx, by, bg].forEach((b) => b.free()) };
}

/** µs per call of `fn`: the better median of two rounds. */
export function overheadOf(fn) {
  return Math.min(measure(fn, { warmupMs: 300 }).ms, measure(fn, { warmupMs: 300 }).ms) * 1000;
}

/** The number of cases per build. */
export const OVERHEAD_CASES = 4;

// As a script: case `k` (0 … 7: the SIMD build's four, then the baseline's) in this fresh
// process, printed as { what, us }.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const k = Number(process.argv[2]);
  const key = k < OVERHEAD_CASES ? 'simd' : 'base';
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { createLossLab } = await import(pathToFileURL(path.join(root, 'dist', 'node.js')).href);
  const { cases, free } = overheadCases(await createLossLab({ simd: key === 'simd' }), key);
  const [what, fn] = cases[k % OVERHEAD_CASES];
  process.stdout.write(JSON.stringify({ what, us: overheadOf(fn) }));
  free();
}
