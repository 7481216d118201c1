// The pair losses through lab.loss on the packed package, both builds: the target
// { other, label } as plain arrays, rows, typed arrays (Int32Array labels too) and LabBuffers;
// grad as { input, other } (gradInto takes x1's); errors naming target.other / target.label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from 'losslab';

const X1 = [0.8, -0.2, 1.5, 0.3];
const X2 = [0.5, 0.4, 1.5, 1.0];
const Y = [1, 1, -1, -1];
// margin 0.5: terms 0.2, 1.1, 0.5, 0 → 0.45; ∂/∂x1 = −y/4 where the term is active
const GRAD = [-0.25, -0.25, 0.25, 0];

for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const tag = simd ? 'SIMD' : 'baseline';

  test(`${tag}: margin_ranking by arrays, typed arrays and LabBuffers gives the same`, () => {
    const a = lab.loss('margin_ranking', X1, { other: X2, label: Y }, { margin: 0.5 });
    assert.ok(Math.abs(a.value - 0.45) < 1e-7);
    assert.deepEqual(Array.from(a.grad.input), GRAD);
    assert.deepEqual(Array.from(a.grad.other), GRAD.map((g) => -g));
    const t = lab.loss('margin_ranking', Float64Array.from(X1), { other: Float32Array.from(X2), label: Int32Array.from(Y) }, { margin: 0.5 });
    assert.equal(t.value, a.value);
    const bufs = [lab.buffer(X1), lab.buffer(X2), lab.buffer(Y), lab.buffer(4)];
    try {
      const b = lab.loss('margin_ranking', bufs[0], { other: bufs[1], label: bufs[2] }, { margin: 0.5, gradInto: bufs[3] });
      assert.equal(b.value, a.value);
      assert.equal(b.grad.input, bufs[3]); // gradInto takes x1's gradient …
      assert.deepEqual(Array.from(bufs[3].view()), GRAD);
      assert.deepEqual(Array.from(b.grad.other), Array.from(a.grad.other)); // … and x2's is returned
    } finally {
      bufs.forEach((b) => b.free());
    }
    assert.equal(lab.loss('margin_ranking', X1, { other: X2, label: Y }, { grad: false }).grad, null);
    // Both gradients in place: gradInto { input, other }.
    const [g1, g2] = [lab.buffer(4), lab.buffer(4)];
    try {
      const both = lab.loss('margin_ranking', X1, { other: X2, label: Y }, { margin: 0.5, gradInto: { input: g1, other: g2 } });
      assert.equal(both.grad.input, g1);
      assert.equal(both.grad.other, g2);
      assert.deepEqual(Array.from(g1.view()), GRAD);
      assert.deepEqual(Array.from(g2.view()), GRAD.map((g) => -g));
      assert.throws(() => lab.loss('margin_ranking', X1, { other: X2, label: Y }, { gradInto: { input: g1, other: [0, 0, 0, 0] } }),
        /option 'gradInto\.other' must be a LabBuffer/);
      assert.throws(() => lab.loss('mse', X1, X2, { gradInto: { input: g1, other: g2 } }), /option 'gradInto' must be a LabBuffer/);
      const short = lab.buffer(3);
      assert.throws(() => lab.loss('margin_ranking', X1, { other: X2, label: Y }, { gradInto: { input: g1, other: short } }),
        /gradInto\.other has 3 floats but target\.other has 4/);
      short.free();
    } finally {
      g1.free();
      g2.free();
    }
  });

  test(`${tag}: cosine_embedding by rows or flat with dim; 'none' terms per pair`, () => {
    const rows = lab.loss('cosine_embedding', [[1, 0], [1, 1], [3, 4]], { other: [[0, 1], [1, 1], [4, 3]], label: [1, -1, -1] }, { margin: 0.5, reduction: 'none' });
    assert.deepEqual(Array.from(rows.value, (v) => Number(v.toFixed(6))), [1, 0.5, 0.46]);
    const flat = lab.loss('cosine_embedding', [1, 0, 1, 1, 3, 4], { other: [0, 1, 1, 1, 4, 3], label: [1, -1, -1] }, { margin: 0.5, dim: 2 });
    assert.ok(Math.abs(flat.value - 0.653333) < 1e-6);
    assert.equal(flat.grad.input.length, 6);
    assert.equal(flat.grad.other.length, 6);
  });

  test(`${tag}: a pair's target is checked and the errors name target.other / target.label`, () => {
    const code = (fn) => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof lab.LossLabError);
        return [e.code, e.message];
      }
      return ['no error', ''];
    };
    let [c, m] = code(() => lab.loss('margin_ranking', X1, X2));
    assert.equal(c, 'SHAPE_MISMATCH');
    assert.match(m, /margin_ranking: target must be \{ other, label \}/);
    [c, m] = code(() => lab.loss('margin_ranking', X1, { other: X2 }));
    assert.equal(c, 'SHAPE_MISMATCH');
    [c, m] = code(() => lab.loss('margin_ranking', X1, { other: [1, 'x', 2, 3], label: Y }));
    assert.equal(c, 'NOT_FINITE');
    assert.match(m, /target\.other\[1\] = "x" is not a number/);
    [c, m] = code(() => lab.loss('margin_ranking', X1, { other: X2, label: [1, 0, 1, 1] }));
    assert.equal(c, 'BAD_LABEL');
    assert.equal(m, 'margin_ranking: target.label[1] = 0 must be -1 or +1');
    [c, m] = code(() => lab.loss('margin_ranking', X1, { other: X2, label: [1, 1] }));
    assert.equal(c, 'SHAPE_MISMATCH');
    assert.match(m, /target\.label has 2 values; expected 4/);
    [c, m] = code(() => lab.loss('cosine_embedding', [1, 2, 3, 4], { other: [1, 2, 3, 4], label: [1, 1] }));
    assert.equal(c, 'SHAPE_MISMATCH');
    assert.match(m, /pass rows, or a flat array with `dim`/);
    [c, m] = code(() => lab.loss('cosine_embedding', [[1, 2]], { other: [[1, NaN]], label: [1] }));
    assert.equal(c, 'NOT_FINITE');
    assert.match(m, /target\.other\[1\] is NaN/);
    // the module stays usable
    assert.ok(Math.abs(lab.loss('margin_ranking', X1, { other: X2, label: Y }, { margin: 0.5 }).value - 0.45) < 1e-7);
  });
}
