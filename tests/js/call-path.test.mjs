// The per-call path of lab.loss, through the packed package, both builds: buffers start on
// 64-byte lines (vector loads and stores at 8 mod 16, the allocator's own alignment, cost 12%
// at 1M), and a good call makes no JS round trip out of the module. Under Emscripten's exceptions, every call that may
// throw inside a try block becomes an `invoke_*` import (wasm → JS → wasm, about 0.1 µs each:
// six of them were most of a 4-element call's cost in wasm). The imports are wrapped here to
// count them; a call that fails may use them (its messages are built on the cold path), and
// the good calls after it again use none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLossLab, createLossLab } from 'losslab';

/** A lab whose `invoke_*` imports count their calls into `counter.calls`. */
async function countingLab(simd) {
  const compiled = await compileLossLab({ simd });
  const counter = { calls: 0, wrapped: 0 };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (module, imports) => {
    for (const space of Object.values(imports)) {
      for (const [name, f] of Object.entries(space)) {
        if (typeof f !== 'function' || !f.name.startsWith('invoke_')) continue;
        space[name] = (...args) => {
          counter.calls++;
          return f(...args);
        };
        counter.wrapped++;
      }
    }
    return instantiate(module, imports);
  };
  try {
    return { lab: await createLossLab({ compiled }), counter };
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

for (const simd of [true, false]) {
  const flavour = simd ? 'SIMD' : 'baseline';

  test(`${flavour}: good lab.loss calls make no invoke_ round trip`, async () => {
    const { lab, counter } = await countingLab(simd);
    assert.ok(counter.wrapped > 0, 'the module imports invoke_ trampolines (else this test counts nothing)');
    const x = Float32Array.of(0.5, -1, 2, 0.25);
    const y = Float32Array.of(0, -1.5, 1, 1);
    const bx = lab.buffer(x);
    const by = lab.buffer(y);
    const bg = lab.buffer(4);
    const calls = {
      'mse, arrays, value and gradient': () => lab.loss('mse', x, y),
      'mse, LabBuffers, gradInto': () => lab.loss('mse', bx, by, { gradInto: bg }),
      'mae, reduction none': () => lab.loss('mae', x, y, { reduction: 'none' }),
      'huber, delta 0.5': () => lab.loss('huber', x, y, { delta: 0.5 }),
      'bce_with_logits, pos_weight': () => lab.loss('bce_with_logits', x, [0, 1, 1, 0], { pos_weight: 2 }),
      'cross_entropy, rows, class weights': () => lab.loss('cross_entropy', [[1, 2, 0.5], [0, -1, 3]], [2, 0], { weight: [1, 2, 0.5] }),
      'multi_margin, p = 2 (an integer option)': () => lab.loss('multi_margin', [[1, 2, 0.5], [0, -1, 3]], [2, 0], { p: 2 }),
    };
    for (const [what, call] of Object.entries(calls)) {
      call(); // first use: anything lazily built is built
      counter.calls = 0;
      for (let i = 0; i < 20; i++) call();
      assert.equal(counter.calls, 0, `${what}: ${counter.calls / 20} invoke_ calls per call`);
    }
    // A bad call may use them; it leaves the good path as it was.
    assert.throws(() => lab.loss('mse', x, Float32Array.of(1, 2)), /target has 2 values but input has 4/);
    counter.calls = 0;
    assert.equal(lab.loss('mse', x, y).value, lab.loss('mse', bx, by, { grad: false }).value);
    assert.equal(counter.calls, 0);
    for (const b of [bx, by, bg]) b.free();
  });

  test(`${flavour}: a network's training batches make no invoke_ round trip`, async () => {
    const { lab, counter } = await countingLab(simd);
    const { x, y } = lab.dataset('circle', { n: 250, seed: 1 });
    const invokesPerFit = (batchSize) => {
      const net = lab.network({ layers: [2, 4, 2, 1], activation: 'tanh', loss: 'mse', batchSize, seed: 1 });
      net.fit(x, y, { epochs: 1 }); // first use
      counter.calls = 0;
      net.fit(x, y, { epochs: 4 });
      const calls = counter.calls;
      net.dispose();
      return calls;
    };
    // 4 epochs of 25 batches make as many round trips as 4 epochs of one batch: none per batch
    // (what a fit makes once, its checks of the data, does not grow with the batches).
    assert.equal(invokesPerFit(10), invokesPerFit(250));
  });
}

for (const simd of [true, false]) {
  test(`${simd ? 'SIMD' : 'baseline'}: LabBuffers start on 64-byte lines, whatever their size`, async () => {
    const lab = await createLossLab({ simd });
    const buffers = [1, 3, 4, 5, 16, 17, 1000, 65536, 1 << 20].map((n) => lab.buffer(n));
    for (const b of buffers) assert.equal(b.pointer % 64, 0, `a buffer of ${b.length} floats at ${b.pointer}`);
    // Still usable end to end (the rounding up to whole lines writes nothing past them).
    const x = lab.buffer(Float32Array.of(1, 2, 3));
    const y = lab.buffer(Float32Array.of(1, 1, 1));
    assert.equal(lab.loss('mse', x, y, { grad: false }).value, 5 / 3);
    for (const b of [...buffers, x, y]) b.free();
  });
}
