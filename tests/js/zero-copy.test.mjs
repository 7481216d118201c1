// The zero-copy path through the packed package, on both builds: LabBuffers in, the gradient
// written into a LabBuffer ({ gradInto }) or skipped ({ grad: false }); such calls allocate
// nothing in wasm memory (inUseBytes and the memory's size stay put over 100,000 calls) and give
// exactly what the convenience path (plain arrays, copied in and out) gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from 'losslab';

const N = 4099; // not a multiple of any vector width: the kernels' tails run too

function data(n, seed) {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = (s / 2 ** 31) * 4 - 2;
  }
  return out;
}

for (const simd of [true, false]) {
  const tag = simd ? 'SIMD' : 'baseline';
  const lab = await createLossLab({ simd });

  test(`${tag}: LabBuffers and gradInto give what plain arrays give`, () => {
    const x = data(N, 1), y = data(N, 2);
    const bx = lab.buffer(x), by = lab.buffer(y), bg = lab.buffer(N);
    try {
      for (const [id, options] of [['mse', {}], ['huber', { delta: 0.5 }], ['log_cosh', {}], ['custom', { expr: 'abs(x - y)^1.5' }]]) {
        const plain = lab.loss(id, x, y, options);
        const zero = lab.loss(id, bx, by, { ...options, gradInto: bg });
        assert.equal(zero.value, plain.value, id);
        assert.equal(zero.grad, bg, `${id}: the gradient is the buffer passed as gradInto`);
        assert.deepEqual(bg.view(), plain.grad, id);
        const valueOnly = lab.loss(id, bx, by, { ...options, grad: false });
        assert.equal(valueOnly.value, plain.value, id);
        assert.equal(valueOnly.grad, null, id);
      }
      // Rows from a LabBuffer: a flat [N, C] block with `classes`.
      const logits = lab.buffer(data(12, 3));
      const labels = [0, 2, 1, 2];
      const rows = Array.from({ length: 4 }, (_, i) => Array.from(logits.view().subarray(3 * i, 3 * i + 3)));
      const g = lab.buffer(12);
      const viaBuffer = lab.loss('cross_entropy', logits, labels, { classes: 3, gradInto: g });
      const viaRows = lab.loss('cross_entropy', rows, labels);
      assert.equal(viaBuffer.value, viaRows.value);
      assert.deepEqual(g.view(), viaRows.grad);
      logits.free();
      g.free();
    } finally {
      bx.free();
      by.free();
      bg.free();
    }
  });

  test(`${tag}: 100,000 zero-copy calls allocate nothing`, () => {
    const bx = lab.buffer(data(N, 4)), by = lab.buffer(data(N, 5)), bg = lab.buffer(N);
    try {
      const first = lab.loss('mse', bx, by, { gradInto: bg }).value; // warm: the wire block and scratch exist
      const before = lab.memory();
      let sum = 0;
      for (let i = 0; i < 100_000; i++) {
        sum += i % 2 ? lab.loss('mse', bx, by, { gradInto: bg }).value : lab.loss('mse', bx, by, { grad: false }).value;
      }
      const after = lab.memory();
      assert.equal(after.inUseBytes, before.inUseBytes, 'bytes in use changed');
      assert.equal(after.wasmBytes, before.wasmBytes, 'wasm memory grew');
      assert.ok(Math.abs(sum / 100_000 - first) <= 1e-9 * Math.abs(first), `${sum / 100_000} vs ${first}`);
    } finally {
      bx.free();
      by.free();
      bg.free();
    }
  });
}
