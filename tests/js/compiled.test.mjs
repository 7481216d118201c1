// compileLossLab(): one compile, instantiated as many times as wanted, here or in a worker the
// module was posted to (what the custom elements do for their trainer's worker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import createLossLab, { compileLossLab } from 'losslab';

const PRED = [2.5, 5.5, 1.8, 6.5];
const TARGET = [3, 5, 2, 7];

for (const simd of [true, false]) {
  test(`${simd ? 'simd' : 'baseline'}: a compiled module makes labs that agree with a fresh one`, async () => {
    const compiled = await compileLossLab({ simd });
    assert.equal(compiled.simd, simd);
    assert.ok(compiled.module instanceof WebAssembly.Module);
    const [a, b] = await Promise.all([createLossLab({ compiled }), createLossLab({ compiled })]);
    assert.equal(a.simd, simd);
    const fresh = (await createLossLab({ simd })).loss('huber', PRED, TARGET).value;
    assert.equal(a.loss('huber', PRED, TARGET).value, fresh);
    assert.equal(b.loss('huber', PRED, TARGET).value, fresh);
    // Two instances: separate memories.
    a.buffer(1000);
    assert.notEqual(a.memory().inUseBytes, b.memory().inUseBytes);
  });
}

test('the compiled module, posted to a worker, instantiates there', async () => {
  const compiled = await compileLossLab();
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    parentPort.once('message', async (compiled) => {
      const { createLossLab } = await import(workerData.url);
      const lab = await createLossLab({ compiled });
      parentPort.postMessage({ simd: lab.simd, value: lab.loss('mse', ${JSON.stringify(PRED)}, ${JSON.stringify(TARGET)}).value });
    });`;
  const worker = new Worker(source, { eval: true, workerData: { url: import.meta.resolve('losslab') } });
  const answer = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  worker.postMessage(compiled);
  const { simd, value } = await answer;
  await worker.terminate();
  assert.equal(simd, compiled.simd);
  assert.ok(Math.abs(value - 0.1975) < 1e-6, String(value));
});

test('anything else given as `compiled` is refused with a message', async () => {
  for (const bad of [null, {}, { simd: true }, { simd: 'yes', module: {} }, new Uint8Array(8)]) {
    await assert.rejects(createLossLab({ compiled: bad }), /compileLossLab\(\)/);
  }
});
