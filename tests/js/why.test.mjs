// Why a loss behaves so, through the packed package on both builds: net.influence (each
// sample's share of the gradient with respect to the output) and net.landscape (the loss
// around the current weights along two filter-normalised random directions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab, { LossLabError } from 'losslab';

const builds = { simd: await createLossLab({ simd: true }), baseline: await createLossLab({ simd: false }) };

const sum = (a) => a.reduce((s, v) => s + v, 0);
const shareOf = (shares, which) => shares.reduce((s, v, k) => s + (which[k] ? v : 0), 0);
const code = (c, pattern) => (e) => e instanceof LossLabError && e.code === c && pattern.test(e.message);

for (const [tag, lab] of Object.entries(builds)) {
  test(`${tag}: influence is one share per sample, summing to 1, and changes nothing`, () => {
    const d = lab.dataset('circle', { n: 150, noise: 0.1, seed: 2 });
    const net = lab.network({ layers: [2, 6, 1], loss: 'bce_with_logits', seed: 1 });
    net.fit(d.x, d.y, { epochs: 3 });
    const before = net.predict(d.x);
    const shares = net.influence(d.x, d.y);
    assert.ok(shares instanceof Float32Array);
    assert.equal(shares.length, 150);
    assert.ok(shares.every((s) => s >= 0 && s <= 1));
    assert.ok(Math.abs(sum(shares) - 1) < 1e-5, `sum ${sum(shares)}`);
    assert.deepEqual(net.predict(d.x), before);
    // rows, typed arrays and LabBuffers give the same shares
    const rows = Array.from({ length: 150 }, (_, k) => [d.x[2 * k], d.x[2 * k + 1]]);
    assert.deepEqual(net.influence(rows, Array.from(d.y)), shares);
    const xb = lab.buffer(d.x);
    assert.deepEqual(net.influence(xb, d.y, { loss: 'bce_with_logits' }), shares);
    xb.free();
    const blobs = lab.dataset('blobs', { n: 90, classes: 3, seed: 1 });
    for (const loss of ['cross_entropy', 'categorical_cross_entropy', 'nll', 'focal', 'multi_margin']) {
      const m = lab.network({ layers: [2, 6, 3], loss, seed: 1 });
      // (trained, multi_margin meets its margin on every blob point: every share is then 0)
      if (loss !== 'multi_margin') m.fit(blobs.x, blobs.y, { epochs: 2 });
      assert.ok(Math.abs(sum(m.influence(blobs.x, blobs.y)) - 1) < 1e-5, loss);
      m.dispose();
    }
    net.dispose();
  });

  test(`${tag}: sine_outliers — the outliers take most of mse's pull, far less of huber's and mae's`, () => {
    // The native suite's case: 200 points (20 outliers), [1, 8, 8, 1] trained 200 epochs with
    // mse; every loss at those weights. Measured (one-sided outliers): 0.456 (mse), 0.237 (huber), 0.100 (mae).
    const d = lab.dataset('sine_outliers', { n: 200, noise: 0.1, seed: 1 });
    const outliers = Array.from(d.y, (y, k) => Math.abs(y - Math.sin(d.x[k])) > 1.5);
    assert.equal(outliers.filter(Boolean).length, 20);
    const net = lab.network({ layers: [1, 8, 8, 1], loss: 'mse', seed: 1 });
    net.fit(d.x, d.y, { epochs: 200 });
    const mse = shareOf(net.influence(d.x, d.y), outliers);
    const huber = shareOf(net.influence(d.x, d.y, { loss: 'huber' }), outliers);
    const mae = shareOf(net.influence(d.x, d.y, { loss: 'mae' }), outliers);
    const wideHuber = shareOf(net.influence(d.x, d.y, { loss: 'huber', lossOptions: { delta: 100 } }), outliers);
    assert.ok(mse > 0.4 && huber < 0.3 && mae < 0.13, `mse ${mse}, huber ${huber}, mae ${mae}`);
    assert.ok(mse > 1.5 * huber && mse > 4 * mae, `mse ${mse}, huber ${huber}, mae ${mae}`);
    // huber with a delta beyond every residual is mse (up to a constant factor)
    assert.ok(Math.abs(wideHuber - mse) < 1e-4, `huber(delta 100) ${wideHuber} vs mse ${mse}`);
    net.dispose();
  });

  test(`${tag}: hinge gives points beyond the margin share 0; focal quiets the easy points`, () => {
    const circle = lab.dataset('circle', { n: 200, noise: 0.1, seed: 1 });
    const hinge = lab.network({ layers: [2, 8, 8, 1], loss: 'hinge', seed: 1 });
    hinge.fit(circle.x, circle.y, { epochs: 2 });
    const p = hinge.predict(circle.x); // σ(score)
    const shares = hinge.influence(circle.x, circle.y);
    let beyond = 0;
    for (let k = 0; k < p.length; k++) {
      const margin = (circle.y[k] === 1 ? 1 : -1) * Math.log(p[k] / (1 - p[k]));
      if (margin > 1.001) {
        beyond++;
        assert.equal(shares[k], 0, `point ${k} beyond the margin (${margin})`);
      } else if (margin < 0.999) assert.ok(shares[k] > 0, `point ${k} inside the margin (${margin})`);
    }
    assert.ok(beyond > 40, `${beyond} points beyond the margin`);
    hinge.dispose();

    const d = lab.dataset('imbalanced', { n: 500, noise: 0.2, seed: 1 });
    const net = lab.network({ layers: [2, 8, 8, 2], loss: 'cross_entropy', learningRate: 0.003, seed: 1 });
    net.fit(d.x, d.y, { epochs: 40 });
    const probs = net.predict(d.x);
    const easy = Array.from(d.y, (y, k) => probs[2 * k + y] > 0.9);
    const ce = shareOf(net.influence(d.x, d.y), easy);
    const focal = shareOf(net.influence(d.x, d.y, { loss: 'focal', lossOptions: { gamma: 2 } }), easy);
    assert.ok(easy.filter(Boolean).length > 300);
    assert.ok(focal < 0.1 * ce, `well-classified points: cross_entropy ${ce}, focal ${focal}`);
    net.dispose();
  });

  test(`${tag}: influence refuses other heads, bad options and bad data with named errors`, () => {
    const d = lab.dataset('circle', { n: 40, seed: 1 });
    const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits' });
    assert.throws(() => net.influence(d.x, d.y, { loss: 'bce' }),
      code('BAD_OPTION', /'bce'.*sigmoid head.*'bce_with_logits'.*linear head/));
    assert.throws(() => net.influence(d.x, d.y, { loss: 'mse' }), code('BAD_OPTION', /regression.*classification/));
    assert.throws(() => net.influence(d.x, d.y, { loss: 'nope' }), code('UNKNOWN_LOSS', /nope/));
    assert.throws(() => net.influence(d.x, d.y, { loss: 'hinge', lossOptions: { delta: 1 } }), code('BAD_OPTION', /delta/));
    assert.throws(() => net.influence(d.x, d.y, { loss: 'binary_focal', lossOptions: { gamma: 'x' } }),
      code('BAD_OPTION', /network\.influence: lossOptions\.gamma/));
    assert.throws(() => net.influence(d.x, d.y, { loss: 3 }), code('BAD_OPTION', /'loss' = 3/));
    assert.throws(() => net.influence(d.x, d.y, { lossOptions: [1] }), code('BAD_OPTION', /lossOptions/));
    assert.throws(() => net.influence(d.x, d.y, { los: 'mse' }), code('BAD_OPTION', /unknown option 'los'/));
    assert.throws(() => net.influence(d.x, d.y.slice(1)), code('SHAPE_MISMATCH', /y has 39 values/));
    assert.throws(() => net.influence(d.x), code('EMPTY_INPUT', /y/));
    // the module stays usable, and no memory leaks through the failures
    const used = lab.memory().inUseBytes;
    for (let k = 0; k < 50; k++) assert.throws(() => net.influence(d.x, d.y, { loss: 'bce' }));
    assert.equal(lab.memory().inUseBytes, used);
    assert.equal(net.influence(d.x, d.y).length, 40);
    net.dispose();
  });

  test(`${tag}: landscape's default data is a copy of the last fit's, refit after refit`, () => {
    const a = lab.dataset('circle', { n: 60, noise: 0.1, seed: 1 });
    const b = lab.dataset('circle', { n: 60, noise: 0.1, seed: 2 });
    const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits', seed: 1 });
    const options = { size: 3, span: 1, seed: 2 };
    net.fit(a.x, a.y);
    assert.deepEqual(net.landscape(options), net.landscape({ ...options, x: a.x, y: a.y }));
    // a refit of the same size replaces the copy (fit reuses its memory)
    net.fit(b.x, b.y);
    assert.deepEqual(net.landscape(options), net.landscape({ ...options, x: b.x, y: b.y }));
    // the caller's arrays changed after a fit do not reach it; nor does a failed fit
    const x = Float32Array.from(a.x);
    const y = Int32Array.from(a.y);
    net.fit(x, y);
    x.fill(0);
    y.fill(1);
    assert.throws(() => net.fit(a.x, a.y.slice(1)), code('SHAPE_MISMATCH', /y has 59 values/));
    assert.deepEqual(net.landscape(options), net.landscape({ ...options, x: a.x, y: a.y }));
    net.dispose();
  });

  test(`${tag}: landscape — centre is evaluate's loss, weights restored bit for bit`, () => {
    const d = lab.dataset('circle', { n: 200, noise: 0.1, seed: 1 });
    const net = lab.network({ layers: [2, 8, 8, 1], loss: 'bce_with_logits', seed: 1 });
    assert.throws(() => net.landscape(), code('BAD_OPTION', /no training data yet/));
    net.fit(d.x, d.y, { epochs: 5 });
    const before = net.predict(d.x);
    const saved = JSON.stringify(net.toJSON());
    const grid = net.landscape({ size: 11, span: 1, seed: 3 });
    assert.ok(grid instanceof Float32Array);
    assert.equal(grid.length, 121);
    assert.deepEqual(net.predict(d.x), before);
    assert.equal(JSON.stringify(net.toJSON()), saved);
    const { loss } = net.evaluate(d.x, d.y);
    assert.ok(Math.abs(grid[60] - loss) <= 1e-5 * loss, `centre ${grid[60]} vs evaluate ${loss}`);
    assert.ok(grid.every(Number.isFinite));
    assert.ok(grid[60] < (grid[0] + grid[10] + grid[110] + grid[120]) / 4, 'the trained point sits in a valley');
    // explicit data equal to the fit's gives the same bits; the default size is the catalogue's
    assert.deepEqual(net.landscape({ size: 11, span: 1, seed: 3, x: d.x, y: d.y }), grid);
    const { size } = lab.networkCatalogue.landscape;
    assert.equal(net.landscape().length, size * size);
    // even sizes have no centre cell; size 1 is the centre alone
    const even = net.landscape({ size: 4, seed: 3 });
    assert.equal(even.length, 16);
    assert.ok(Math.abs(net.landscape({ size: 1 })[0] - loss) <= 1e-5 * loss);
    net.dispose();
  });

  test(`${tag}: landscape checks its options against the catalogue's limits`, () => {
    const d = lab.dataset('circle', { n: 30, seed: 1 });
    const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits' });
    net.fit(d.x, d.y);
    const { max } = lab.networkCatalogue.limits.landscapeSide;
    assert.throws(() => net.landscape({ size: 0 }), code('BAD_OPTION', /'size' = 0/));
    assert.throws(() => net.landscape({ size: max + 1 }), code('BAD_OPTION', new RegExp(`from 1 to ${max}`)));
    assert.throws(() => net.landscape({ size: 2.5 }), code('BAD_OPTION', /'size'/));
    for (const span of [0, -1, NaN, Infinity, '1']) {
      assert.throws(() => net.landscape({ span }), code('BAD_OPTION', /'span'/));
    }
    assert.throws(() => net.landscape({ seed: -1 }), code('BAD_OPTION', /'seed'/));
    assert.throws(() => net.landscape({ x: d.x }), code('BAD_OPTION', /both 'x' and 'y'/));
    assert.throws(() => net.landscape({ x: d.x, y: d.y.slice(2) }), code('SHAPE_MISMATCH', /y has 28 values/));
    assert.throws(() => net.landscape({ sizes: 5 }), code('BAD_OPTION', /unknown option 'sizes'/));
    net.dispose();
    assert.throws(() => net.landscape(), code('BAD_OPTION', /disposed/));
  });
}

test('influence agrees bit for bit between the SIMD and baseline builds; the landscape to rounding', () => {
  const [a, b] = Object.values(builds).map((lab) => {
    const d = lab.dataset('sine_outliers', { n: 100, noise: 0.1, seed: 1 });
    const net = lab.network({ layers: [1, 8, 8, 1], loss: 'mse', seed: 1 });
    net.fit(d.x, d.y, { epochs: 20 });
    const result = { shares: net.influence(d.x, d.y), grid: net.landscape({ size: 9 }) };
    net.dispose();
    return result;
  });
  assert.deepEqual(a.shares, b.shares);
  // each cell's loss is a vector reduction whose summation order follows the vector width
  a.grid.forEach((v, k) => assert.ok(Math.abs(v - b.grid[k]) <= 1e-6 * Math.abs(v), `cell ${k}: ${v} vs ${b.grid[k]}`));
});
