// Memory through the packed package: lab.memory().inUseBytes comes back to its baseline after
// 200,000 mixed good and bad calls and after 2,000 networks created and disposed; forgotten
// LabBuffers and networks are freed by the FinalizationRegistry; a 16M-element input grows
// wasm memory and everything (old buffers included) keeps working. Prints the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import createLossLab, { LossLabError } from 'losslab';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const lab = await createLossLab();
const inUse = () => lab.memory().inUseBytes;
const figures = [];
const report = (line) => {
  figures.push(line);
  console.log(`# memory: ${line}`);
};

/** Collects garbage until the FinalizationRegistry has run (its callbacks are asynchronous). */
async function collect(until, rounds = 40) {
  for (let i = 0; i < rounds; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
    if (until()) return true;
  }
  return until();
}

const article = () => lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]).value;

// One call of each kind, good and bad; every one must end as a result or a LossLabError.
const calls = [
  () => lab.loss('mse', [1, 2, 3], [1, 2, 4]),
  () => lab.loss('huber', Float32Array.of(1, -2, 3, 0.5), [0, 0, 0, 0], { delta: 0.5, reduction: 'none' }),
  () => lab.loss('cross_entropy', [[1, 2, 3], [0, 0, 1]], [2, 0], { label_smoothing: 0.1 }),
  () => lab.loss('focal', [[0.2, 0.3, 0.5]], [1], { from_logits: false, alpha: [1, 2, 3] }),
  () => lab.loss('triplet_margin', [[0, 1]], { positive: [[0, 0.5]], negative: [[1, 1]] }, { swap: true }),
  () => lab.loss('custom', [1, 2], [0, 1], { expr: 'abs(x - y)^1.5' }),
  () => lab.loss('custom', [1, 2], [0, 1], { expr: 'softplus(x) - y*x' }),
  () => lab.loss('custom', [1, 2], [0, 1], { expr: 'abs(x - ' }),            // BAD_OPTION (column)
  () => lab.loss('nope', [1], [1]),                                            // UNKNOWN_LOSS
  () => lab.loss('mse', [1, 2, 3], [1, 2]),                                    // SHAPE_MISMATCH
  () => lab.loss('mse', [], []),                                               // EMPTY_INPUT
  () => lab.loss('mse', [1, NaN], [1, 2]),                                     // NOT_FINITE
  () => lab.loss('msle', [-2], [1]),                                           // OUT_OF_DOMAIN
  () => lab.loss('cross_entropy', [[1, 2]], [5]),                              // BAD_LABEL
  () => lab.loss('huber', [1], [1], { delta: -1 }),                            // BAD_OPTION (core)
  () => lab.loss('mse', [1], [1], { reduction: 'median' }),                    // BAD_OPTION (JS)
  () => lab.loss('mse', [[1, 2], [3]], [1, 2, 3]),                             // ragged rows
  () => lab.loss('mse', new BigInt64Array(2), [1, 2]),                          // BigInt
  () => {
    const b = lab.buffer([1, 2, 3]);
    try {
      return lab.loss('mae', b, [0, 0, 0], { gradInto: b });
    } finally {
      b.free();
    }
  },
  () => {
    const b = lab.buffer(4);
    b.free();
    return lab.loss('mse', b, [1, 2, 3, 4]);                                   // freed buffer
  },
  () => lab.buffer(new BigInt64Array(3)),                                      // refused data
  () => lab.buffer(-1),
];

function mixed(count) {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < count; i++) {
    try {
      calls[i % calls.length]();
      ok++;
    } catch (e) {
      if (!(e instanceof LossLabError)) throw e;
      failed++;
    }
  }
  return { ok, failed };
}

test('200,000 mixed good and bad calls: inUseBytes back at its baseline', () => {
  mixed(calls.length * 3); // warm-up: scratch arena and expression cache at their working size
  const before = inUse();
  const t0 = performance.now();
  const { ok, failed } = mixed(200_000);
  const ms = performance.now() - t0;
  const after = inUse();
  report(`200,000 mixed calls (${ok} results, ${failed} LossLabErrors) in ${(ms / 1000).toFixed(1)} s: inUseBytes ${before} → ${after}`);
  assert.equal(after, before);
  assert.ok(Math.abs(article() - 0.1975) < 1e-6);
});

test('2,000 networks created, trained and disposed: inUseBytes back at its baseline', () => {
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
  const y = Float32Array.from({ length: 20 }, (_, i) => i % 2);
  const settings = (i) => ({ layers: [2, 1 + (i % 8), 1], loss: ['bce_with_logits', 'hinge', 'bce'][i % 3], learningRate: 0.05, seed: i });
  for (let i = 0; i < 5; i++) {
    const net = lab.network(settings(i));
    net.fit(x, y);
    net.dispose();
  }
  const before = inUse();
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) {
    const net = lab.network(settings(i));
    net.fit(x, y);
    net.predict(x);
    if (i % 10 === 0) lab.network(net.toJSON()).dispose();
    net.dispose();
  }
  const ms = performance.now() - t0;
  const after = inUse();
  report(`2,000 networks created, fitted and disposed in ${(ms / 1000).toFixed(1)} s: inUseBytes ${before} → ${after}`);
  assert.equal(after, before);
});

test('forgotten LabBuffers and networks are freed by the FinalizationRegistry', async () => {
  const before = inUse();
  (() => {
    for (let i = 0; i < 200; i++) lab.buffer(1024).view()[0] = i; // 800 KiB, never freed
  })();
  const leaked = inUse() - before;
  assert.ok(leaked >= 200 * 4096, `buffers took ${leaked} bytes`);
  assert.ok(await collect(() => inUse() === before), `buffers: ${inUse() - before} bytes still in use after GC`);
  report(`200 forgotten LabBuffers (${leaked} bytes) freed by the FinalizationRegistry`);

  const beforeNets = inUse();
  (() => {
    for (let i = 0; i < 200; i++) lab.network({ layers: [2, 16, 16, 1], loss: 'mse', seed: i });
  })();
  const nets = inUse() - beforeNets;
  assert.ok(nets > 0);
  assert.ok(await collect(() => inUse() === beforeNets), `networks: ${inUse() - beforeNets} bytes still in use after GC`);
  report(`200 forgotten networks (${nets} bytes) freed by the FinalizationRegistry`);
});

test('a 16M-element input grows wasm memory; old buffers, views and calls keep working', () => {
  const n = 16 * 1024 * 1024;
  const early = lab.buffer(Float32Array.of(1, 2, 3, 4)); // lives across the growth
  const wasmBefore = lab.memory().wasmBytes;
  const inUseBefore = inUse();
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  let exact = 0;
  for (let i = 0; i < n; i++) {
    x[i] = (i % 1000) / 500;
    y[i] = ((i * 7) % 1000) / 500;
    const d = x[i] - y[i];
    exact += d * d;
  }
  exact /= n;
  const t0 = performance.now();
  const { value, grad } = lab.loss('mse', x, y);
  const ms = performance.now() - t0;
  const wasmAfter = lab.memory().wasmBytes;
  report(`16M-element mse (${(ms).toFixed(0)} ms): wasm memory ${(wasmBefore / 2 ** 20).toFixed(0)} → ${(wasmAfter / 2 ** 20).toFixed(0)} MiB; inUseBytes ${inUseBefore} → ${inUse()} after the call`);
  assert.ok(wasmAfter > wasmBefore, 'memory did not grow');
  // The call's 192 MiB of scratch went back to the allocator (wasm memory itself never shrinks).
  assert.ok(inUse() <= inUseBefore, `${inUse() - inUseBefore} bytes more in use after the call`);
  assert.ok(Math.abs(value - exact) <= 1e-6 * exact, `value ${value} vs ${exact}`);
  assert.equal(grad.length, n);
  assert.ok(Math.abs(grad[n - 1] - (2 * (x[n - 1] - y[n - 1])) / n) < 1e-12);
  // The buffer made before the growth: its view is re-read, its data intact, usable in calls.
  assert.deepEqual([...early.view()], [1, 2, 3, 4]);
  const r = lab.loss('mse', early, [1, 2, 3, 5]);
  assert.ok(Math.abs(r.value - 0.25) < 1e-7);
  early.set([4, 3, 2, 1]);
  assert.deepEqual([...early.view()], [4, 3, 2, 1]);
  early.free();
  // A LabBuffer that big works too (zero copy in, gradient into another buffer).
  const big = lab.buffer(x);
  const g = lab.buffer(n);
  const z = lab.loss('mse', big, y, { gradInto: g });
  assert.ok(Math.abs(z.value - value) <= 1e-9 * value);
  assert.equal(g.view()[n - 1], grad[n - 1]);
  big.free();
  g.free();
  assert.ok(Math.abs(article() - 0.1975) < 1e-6);
});

test('memory figures', () => {
  assert.ok(figures.length >= 3);
});
