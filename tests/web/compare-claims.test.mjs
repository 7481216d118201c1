// Each Compare preset makes its point on the common yardstick, robustly: the networks the page
// builds for the preset (settings.js applyComparePreset → derive.js → lab.network), trained as the
// worker trains them (net.fit on the training split), measured on the held-out points the page
// measures on (yardstick.js, the worker's own function), at every checkpoint of 1,000 … 5,000
// epochs and for three seeds (the network's and the data's: 1, 2, 3).
//   mse-huber: Huber's error against the noise-free sin(x) is below MSE's, and MSE's curve sits
//              visibly above sin(x) (the one-sided outliers pull it up).
//   ce-focal:  focal's recall of the rare class is above cross-entropy's.
// The numbers behind each claim are printed (TAP diagnostics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from '../../dist/node.js';
import { COMPARE_PRESETS, applyComparePreset } from '../../web/src/trainer/settings.js';
import { derive } from '../../web/src/trainer/derive.js';
import { measureYardstick, YARDSTICK_POINTS } from '../../web/src/trainer/yardstick.js';
import { defaultOptions } from '../../web/src/catalogue.js';
import { evaluate } from '../../web/src/explorer/compute.js';

const lab = await createLossLab();
const infoOf = (id) => lab.losses.find((l) => l.id === id);
const CHECKPOINTS = [1000, 2000, 3000, 4000, 5000];
const SEEDS = [1, 2, 3];

/** The page's state after the preset's button, with the network and data seeds at `seed`. */
function presetState(preset, seed) {
  const trainer = applyComparePreset({}, preset);
  trainer.seed = String(seed);
  trainer.dseed = String(seed);
  const loss = preset.page?.loss ?? preset.losses[0];
  const options = { ...defaultOptions(infoOf(loss)), ...(preset.page?.options ?? {}) };
  return { loss, options, pred: preset.page?.pred ?? '', target: preset.page?.target ?? '', negative: '', trainer };
}

/** Trains both networks to each checkpoint; calls `measure(runs, yardstick)` at each. */
function train(preset, seed, measure) {
  const d = derive(lab, presetState(preset, seed), null);
  assert.equal(d.presetKey, preset.key);
  assert.ok(d.yardstick && d.yardstick.count === YARDSTICK_POINTS);
  const nets = d.runs.map((r) => lab.network(r.settings));
  const rows = [];
  let done = 0;
  for (const epochs of CHECKPOINTS) {
    for (const net of nets) net.fit(d.data.train.x, d.data.train.y, { epochs: epochs - done });
    done = epochs;
    const pred = nets.map((net) => net.predict(d.yardstick.x));
    rows.push({ epochs, ...measure(pred.map((p, k) => measureYardstick(p, d.yardstick, nets[k].info.predictionSize)), pred, d) });
  }
  for (const net of nets) net.dispose();
  return { d, rows };
}

test('mse vs huber on sine_outliers: huber is closer to the noise-free sin(x) at every checkpoint, three seeds', (t) => {
  const preset = COMPARE_PRESETS.find((p) => p.key === 'mse-huber');
  for (const seed of SEEDS) {
    const { d, rows } = train(preset, seed, ([mse, huber], pred, d) => {
      // How far each curve sits above sin(x) on average: the outliers' pull.
      const offset = pred.map((p) => p.reduce((s, v, i) => s + v - d.yardstick.y[i], 0) / p.length);
      return { mse, huber, offset };
    });
    assert.deepEqual(d.ids, ['mse', 'huber']);
    t.diagnostic(`seed ${seed}: ${rows.map((r) => `${r.epochs}: RMSE vs sin(x) mse ${r.mse.rmse.toFixed(3)} huber ${r.huber.rmse.toFixed(3)}, R² ${r.mse.r2.toFixed(3)} / ${r.huber.r2.toFixed(3)}, offset ${r.offset[0].toFixed(2)} / ${r.offset[1].toFixed(2)}`).join('; ')}`);
    for (const r of rows) {
      const where = `seed ${seed}, ${r.epochs} epochs`;
      assert.ok(r.huber.rmse < r.mse.rmse, `${where}: huber ${r.huber.rmse} vs mse ${r.mse.rmse}`);
      assert.ok(r.huber.r2 > r.mse.r2, `${where}: R² huber ${r.huber.r2} vs mse ${r.mse.r2}`);
      // The fitted curves show it: mse's sits visibly above sin(x), above huber's.
      assert.ok(r.offset[0] > 0.15 && r.offset[0] > r.offset[1], `${where}: offsets ${r.offset}`);
    }
  }
});

test('cross-entropy vs focal on imbalanced: focal finds more of the rare class at every checkpoint, three seeds', (t) => {
  const preset = COMPARE_PRESETS.find((p) => p.key === 'ce-focal');
  for (const seed of SEEDS) {
    const { d, rows } = train(preset, seed, ([ce, focal]) => ({ ce, focal }));
    assert.deepEqual(d.ids, ['cross_entropy', 'focal']);
    assert.deepEqual(d.runs[1].settings.lossOptions.alpha, [0.1, 0.9]);
    const rare = d.yardstick.minority;
    const count = Array.from(d.yardstick.y).filter((v) => v === rare).length;
    assert.ok(count >= 350, `${count} rare points in the held-out set`);
    t.diagnostic(`seed ${seed} (${count} rare of ${d.yardstick.count}): ${rows.map((r) => `${r.epochs}: rare recall ce ${r.ce.minority.recall.toFixed(3)} focal ${r.focal.minority.recall.toFixed(3)}, F1 ${r.ce.minority.f1.toFixed(3)} / ${r.focal.minority.f1.toFixed(3)}, accuracy ${r.ce.accuracy.toFixed(4)} / ${r.focal.accuracy.toFixed(4)}`).join('; ')}`);
    for (const r of rows) {
      assert.ok(r.focal.minority.recall > r.ce.minority.recall,
        `seed ${seed}, ${r.epochs} epochs: focal ${r.focal.minority.recall} vs cross-entropy ${r.ce.minority.recall}`);
    }
  }
});

test('the presets\' page part: focal with α for the rare class, an explorer example it computes', () => {
  const preset = COMPARE_PRESETS.find((p) => p.key === 'ce-focal');
  const state = presetState(preset, 1);
  const result = evaluate(lab, infoOf('focal'), state);
  assert.equal(result.ok, true, JSON.stringify(result.errors));
  for (const p of COMPARE_PRESETS) assert.ok(p.about.length > 40 && !p.about.includes('\n'), p.key);
});

test('measureYardstick: regression error and R² against the clean values; recall, precision, F1', () => {
  const reg = { task: 'regression', y: new Float32Array([0, 1, 2, 3]), count: 4, classes: 0, minority: -1 };
  const m = measureYardstick(new Float32Array([0, 1, 2, 5]), reg, 1);
  assert.equal(m.rmse, 1);
  assert.equal(m.r2, 1 - 4 / 5);
  const cls = { task: 'classification', y: new Int32Array([0, 0, 0, 1, 1]), count: 5, classes: 2, minority: 1 };
  // one output per point (binary): p > ½ is class 1
  const b = measureYardstick(new Float32Array([0.1, 0.7, 0.2, 0.9, 0.3]), cls, 1);
  assert.deepEqual(b.recall, [2 / 3, 0.5]);
  assert.equal(b.accuracy, 3 / 5);
  assert.deepEqual(b.minority, { cls: 1, recall: 0.5, precision: 0.5, f1: 0.5 });
  // class probabilities per point: the largest
  const c = measureYardstick(new Float32Array([0.9, 0.1, 0.8, 0.2, 0.6, 0.4, 0.3, 0.7, 0.4, 0.6]), cls, 2);
  assert.deepEqual(c.recall, [1, 1]);
  assert.equal(c.minority.f1, 1);
});
