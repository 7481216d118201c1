// The "Coming from Keras, TensorFlow.js or PyTorch" table (docs/translation.mjs, rendered
// into docs/losses.md) checked row by row on the packed package, both builds: the peer's
// number from its own formula, LossLab's through lab.loss, and the relation the row claims —
// the same number, or a difference of exactly the documented size (and the documented
// conversion, where there is one, turning LossLab's number into the peer's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from 'losslab';

// The tests run from build/consumer/test/ (scripts/consumer.sh), three levels below the repo.
const { ROWS } = await import(new URL('../../../docs/translation.mjs', import.meta.url));

const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const tag = simd ? 'SIMD' : 'baseline';

  test(`${tag}: the table has rows for each peer and every loss it names exists`, () => {
    for (const peer of ['Keras', 'TF.js', 'PyTorch']) assert.ok(ROWS.some((r) => r.peer === peer), peer);
    const ids = new Set(lab.losses.map((l) => l.id));
    for (const r of ROWS) assert.ok(ids.has(r.call[0]), `${r.peer} ${r.name}: ${r.call[0]}`);
  });

  for (const row of ROWS) {
    test(`${tag}: ${row.peer} ${row.name} — ${row.relation === 'same' ? 'same number' : 'the documented difference'}`, () => {
      const [id, input, target, options] = row.call;
      const { value, grad } = lab.loss(id, input, target, options);
      const peer = row.peerValue(input, target);
      if (row.peerGrad) {  // a documented gradient convention (ctc): convertGrad gives the peer's
        const want = row.peerGrad(input, target);
        const got = row.convertGrad(grad, input, target);
        want.forEach((w, k) => assert.ok(close(got[k], w, 1e-5), `gradient[${k}]: converted ${got[k]}, ${row.peer} ${w}`));
        const plain = Array.from(grad);
        assert.ok(want.some((w, k) => !close(plain[k], w, 1e-3)), 'without the conversion the gradients differ');
      }
      const ours = row.convert ? row.convert(value) : value;
      if (row.relation === 'same') {
        assert.ok(close(ours, peer, 2e-6), `LossLab ${ours} (from ${value}), ${row.peer} ${peer}`);
        return;
      }
      assert.equal(row.relation, 'differs');
      const lossLab = typeof value === 'number' ? value : value[0];
      assert.ok(close(peer, row.expect.peer, 1e-4), `${row.peer} gives ${peer}, the table says ${row.expect.peer}`);
      assert.ok(close(lossLab, row.expect.lossLab, 1e-4), `LossLab gives ${lossLab}, the table says ${row.expect.lossLab}`);
      if (row.convert) assert.ok(close(row.convert(value), peer, 2e-6), `the conversion gives ${row.convert(value)}, ${row.peer} ${peer}`);
      else assert.ok(!close(lossLab, peer, 1e-3), 'a row that differs differs');
    });
  }
}
