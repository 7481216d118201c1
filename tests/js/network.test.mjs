// lab.network and lab.dataset through the packed package, on both builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab, { LossLabError } from 'losslab';

const builds = { simd: await createLossLab({ simd: true }), baseline: await createLossLab({ simd: false }) };

for (const [tag, lab] of Object.entries(builds)) {
  test(`${tag}: datasets are seeded, shaped and bounded`, () => {
    const a = lab.dataset('circle', { n: 200, noise: 0.1, seed: 3 });
    const b = lab.dataset('circle', { n: 200, noise: 0.1, seed: 3 });
    assert.equal(a.x.length, 400);
    assert.ok(a.y instanceof Int32Array);
    assert.deepEqual([...a.x.slice(0, 6)], [...b.x.slice(0, 6)]);
    assert.equal(a.task, 'classification');
    const blobs = lab.dataset('blobs', { n: 90, classes: 3 });
    assert.equal(blobs.classes, 3);
    assert.ok(lab.dataset('plane', { n: 10 }).y instanceof Float32Array);
    for (const id of lab.datasets.map((d) => d.id)) assert.ok(lab.dataset(id, { n: 20 }).x.length >= 20);
    assert.throws(() => lab.dataset('moons'), (e) => e instanceof LossLabError && e.code === 'BAD_OPTION' && /moons/.test(e.message));
    assert.throws(() => lab.dataset('circle', { n: 1e6 }), (e) => e.code === 'BAD_OPTION' && /'n'/.test(e.message));
  });

  test(`${tag}: regression sets carry their noise-free values (clean); classification sets none`, () => {
    const sine = lab.dataset('sine_outliers', { n: 300, noise: 0.2, seed: 4 });
    assert.ok(sine.clean instanceof Float32Array && sine.clean.length === 300);
    let above = 0;
    for (let i = 0; i < 300; i++) {
      assert.ok(Math.abs(sine.clean[i] - Math.sin(sine.x[i])) < 1e-5, `clean ${i}`);
      if (sine.y[i] - sine.clean[i] > 1.5) above++;
      assert.ok(sine.y[i] - sine.clean[i] > -1.5, 'no outlier below the curve');
    }
    assert.equal(above, 30); // 10% outliers, all above sin(x)
    const plane = lab.dataset('plane', { n: 50, noise: 0.3 });
    assert.equal(plane.clean.length, 50);
    assert.ok(Math.abs(plane.clean[7] - (plane.x[14] + plane.x[15]) / 10) < 1e-6);
    assert.equal(lab.dataset('imbalanced', { n: 50 }).clean, undefined);
  });

  test(`${tag}: a network learns circle and round-trips through JSON`, () => {
    const train = lab.dataset('circle', { n: 400, noise: 0.05, seed: 1 });
    const test_ = lab.dataset('circle', { n: 200, noise: 0.05, seed: 2 });
    const net = lab.network({ layers: [2, 8, 8, 1], activation: 'tanh', loss: 'bce_with_logits', optimizer: 'adam', learningRate: 0.03, batchSize: 10, seed: 1 });
    const first = net.fit(train.x, train.y, { epochs: 1 });
    const last = net.fit(train.x, train.y, { epochs: 30 });
    assert.ok(last < first, `loss fell: ${first} → ${last}`);
    const { accuracy } = net.evaluate(test_.x, test_.y);
    assert.ok(accuracy >= 0.95, `held-out accuracy ${accuracy}`);
    const p = net.predict(test_.x);
    assert.equal(p.length, 200);
    assert.ok(p.every((v) => v >= 0 && v <= 1));
    const copy = lab.network(JSON.parse(JSON.stringify(net)));
    assert.deepEqual([...copy.predict(test_.x)], [...p]);
    const grid = net.predictGrid({ width: 100, height: 100 });
    assert.equal(grid.length, 10_000);
    const into = lab.buffer(10_000);
    net.predictGrid({ width: 100, height: 100 }, into);
    assert.deepEqual([...into.view()], [...grid]);
    into.free();
    copy.dispose();
    net.dispose();
    assert.throws(() => net.predict(test_.x), (e) => e.code === 'BAD_OPTION' && /disposed/.test(e.message));
  });

  test(`${tag}: regression networks report R², mbe is refused, divergence is NOT_FINITE`, () => {
    const plane = lab.dataset('plane', { n: 300, seed: 1 });
    const net = lab.network({ layers: [2, 8, 1], loss: 'huber', lossOptions: { delta: 1 } });
    net.fit(plane.x, plane.y, { epochs: 40 });
    const { r2 } = net.evaluate(plane.x, plane.y);
    assert.ok(r2 > 0.9, `R² ${r2}`);
    net.dispose();
    assert.throws(() => lab.network({ layers: [2, 4, 1], loss: 'mbe' }), (e) => e.code === 'BAD_OPTION' && /mbe/.test(e.message));
    const wild = lab.network({ layers: [2, 16, 16, 1], activation: 'relu', loss: 'mse', optimizer: 'sgd', learningRate: 1e6 });
    assert.throws(() => wild.fit(plane.x, plane.y, { epochs: 5 }), (e) => e.code === 'NOT_FINITE' && /epoch/.test(e.message));
    wild.reset();
    assert.ok(Number.isFinite(wild.predict(plane.x)[0]));
    wild.dispose();
  });

  test(`${tag}: 2,000 networks created and disposed leave memory where it was`, () => {
    const data = lab.dataset('xor', { n: 50 });
    const warm = lab.network({ layers: [2, 4, 1] });
    warm.fit(data.x, data.y);
    warm.dispose();
    const before = lab.memory().inUseBytes;
    for (let i = 0; i < 2000; i++) {
      const net = lab.network({ layers: [2, 4, 1], seed: i });
      net.fit(data.x, data.y);
      net.dispose();
    }
    assert.equal(lab.memory().inUseBytes, before);
  });
}

test('same seed, same result: both builds agree after 10 epochs', () => {
  const data = builds.simd.dataset('spiral', { n: 200, noise: 0.1, seed: 5 });
  const settings = { layers: [2, 8, 8, 1], loss: 'bce_with_logits', seed: 7 };
  const preds = Object.values(builds).map((lab) => {
    const net = lab.network(settings);
    net.fit(data.x, data.y, { epochs: 10 });
    const p = net.predict(data.x);
    net.dispose();
    return p;
  });
  preds[0].forEach((v, i) => assert.ok(Math.abs(v - preds[1][i]) <= 1e-4, `prediction ${i}: ${v} vs ${preds[1][i]}`));
});
