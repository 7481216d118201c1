// ctc at T × N × C = 64 × 1024 × 16 (the size): value and value + gradient, both wasm
// builds, data resident (the input in a LabBuffer, `{ grad: false }` or `{ gradInto }`).
// Each sample has 10 to 20 labels (no impossible alignments), all 64 steps counting.
//   node bench/ctc.mjs            (after npm run build; BENCH_SCALE as for the other tables)
import createLossLab from '../dist/node.js';
import { measure, fmtMs } from './timing.mjs';
import { seededRandom } from './reference/playground-nn.mjs';

export const T = 64, N = 1024, C = 16;

/** log_softmax rows [T, N, C] and a batch of label sequences, from a fixed seed. */
export function ctcData() {
  const random = seededRandom(13);
  const x = new Float32Array(T * N * C);
  for (let r = 0; r < T * N; r++) {
    const z = Array.from({ length: C }, () => 3 * random());
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    z.forEach((v, c) => (x[r * C + c] = v - lse));
  }
  const targetLengths = Int32Array.from({ length: N }, () => 10 + Math.floor(random() * 11));
  const labels = Int32Array.from({ length: targetLengths.reduce((s, v) => s + v, 0) }, () => 1 + Math.floor(random() * (C - 1)));
  return { x, target: { labels, inputLengths: new Int32Array(N).fill(T), targetLengths } };
}

const { x, target } = ctcData();
const rows = [];
for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const input = lab.buffer(x);
  const grad = lab.buffer(x.length);
  const options = { time: T, classes: C };
  const value = measure(() => lab.loss('ctc', input, target, { ...options, grad: false }));
  const both = measure(() => lab.loss('ctc', input, target, { ...options, gradInto: grad }));
  rows.push(`${simd ? 'SIMD    ' : 'baseline'}  value ${fmtMs(value.ms)} ms   value+grad ${fmtMs(both.ms)} ms`);
  input.free();
  grad.free();
}
console.log(`ctc, T × N × C = ${T} × ${N} × ${C} (10–20 labels per sample):`);
for (const r of rows) console.log(`  ${r}`);
