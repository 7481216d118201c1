// Unit tests for the Trainer's pure modules (web/src/trainer/): settings, loss fit, data and
// split, CSV, history/CSV export, colours, and the trainer keys of the hash (web/src/state.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from '../../dist/node.js';
import {
  readTrainer, DEFAULTS, lossProblem, offeredLosses, chooseLoss, headFor, lossOptionsFor, networkSettings,
  epochsPerFrame, divergenceAdvice, parsePoints, pointsToText, COMPARE_PRESETS,
} from '../../web/src/trainer/settings.js';
import { makeData, parseCsv, pointProblem, datasetChoices } from '../../web/src/trainer/data.js';
import { derive } from '../../web/src/trainer/derive.js';
import { createHistory } from '../../web/src/trainer/history.js';
import { paintCell, paintGrid, classColour, classColours, rgb, BINARY_COLOURS, MULTI_COLOURS } from '../../web/src/trainer/colours.js';
import { parseHash, toHash, initialState, trainerKeys } from '../../web/src/state.js';
import { CATALOGUE } from './fixtures.mjs';
import { splitPrediction } from '../../web/src/trainer/band.js';

const lab = await createLossLab();
const infoOf = (id) => lab.losses.find((l) => l.id === id);

test('readTrainer: defaults, and the hash strings as numbers', () => {
  const d = readTrainer({});
  assert.deepEqual(d.hidden, [8, 8]);
  assert.equal(d.speed, 'auto');
  assert.equal(d.compare, null);
  const t = readTrainer({ layers: '2,16,4,3,1', lr: '0.1', batch: '32', speed: '5', compare: 'mse,huber', points: '1,2,0;-1.5,0.25,1', embedding: 'x' });
  assert.deepEqual(t.hidden, [16, 4, 3]);
  assert.equal(t.embedding, 2); // the last size, bounded to 2…8 (1 → 2)
  assert.equal(readTrainer({ layers: '2,8,5' }).embedding, 5);
  assert.deepEqual([t.lr, t.batch, t.speed], [0.1, 32, 5]);
  assert.deepEqual(t.compare, ['mse', 'huber']);
  assert.deepEqual(t.points, [[1, 2, 0], [-1.5, 0.25, 1]]);
  assert.equal(pointsToText([[1.23456, -2, 1]]), '1.235,-2,1');
  assert.deepEqual(parsePoints(pointsToText(t.points)), t.points);
  assert.equal(DEFAULTS.dataset, 'circle');
});

test('loss fit: each family trains on the data it suits; those the catalogue marks untrainable never; msle needs targets above -1, poisson_nll counts', () => {
  const binary = { task: 'classification', classes: 2 };
  const multi = { task: 'classification', classes: 4 };
  const reg = { task: 'regression', classes: 0, minTarget: 0.5 };
  const fits = (data) => offeredLosses(lab.losses, data).offered.map((l) => l.id);
  for (const info of lab.losses) {
    const where = [binary, multi, reg].filter((d) => lossProblem(info, d) === null).map((d) => (d === binary ? 'binary' : d === multi ? 'multi' : 'regression'));
    const expected = !info.trains || info.trainerNote ? []
      : info.family === 'regression' || info.family === 'custom' ? ['regression']
        : info.family === 'binary' ? ['binary'] : ['binary', 'multi'];
    assert.deepEqual(where, expected, info.id);
  }
  assert.match(lossProblem(infoOf('mbe'), reg), /cannot be minimised/);
  for (const id of ['margin_ranking', 'cosine_embedding']) {  // pairs: the catalogue says why, for every dataset
    if (!infoOf(id)) continue;
    for (const data of [binary, multi, reg]) assert.match(lossProblem(infoOf(id), data), new RegExp(`^${id} does not fit a 2-D toy: .*pair`));
  }
  for (const info of lab.losses.filter((l) => !l.trains)) {
    assert.equal(lossProblem(info, reg), `${info.id} ${info.notTrainable}`); // the catalogue's words
  }
  // Trainable, but not by a network on 2-D points (ctc needs sequences): the catalogue's note,
  // on every dataset, in the "why not offered" list
  for (const info of lab.losses.filter((l) => l.trainerNote)) {
    for (const data of [binary, multi, reg]) assert.equal(lossProblem(info, data), `${info.id} ${info.trainerNote}`);
    assert.ok(offeredLosses(lab.losses, binary).excluded.some((e) => e.ids.includes(info.id) && e.reason.includes(info.trainerNote)));
  }
  if (infoOf('ctc')) assert.match(infoOf('ctc').trainerNote, /sequences/);
  if (infoOf('poisson_nll')) {
    assert.equal(lossProblem(infoOf('poisson_nll'), reg), null);
    assert.match(lossProblem(infoOf('poisson_nll'), { ...reg, minTarget: -1.5 }), /poisson_nll needs counts ≥ 0 as targets/);
  }
  assert.match(lossProblem(infoOf('mse'), binary), /regression losses need a regression dataset/);
  assert.match(lossProblem(infoOf('bce'), multi), /binary losses need a 2-class dataset; this one has 4 classes/);
  assert.match(lossProblem(infoOf('cross_entropy'), reg), /multi-class losses need a classification dataset/);
  assert.match(lossProblem(infoOf('msle'), { ...reg, minTarget: -1.2 }), /msle needs targets above −1/);
  assert.ok(fits(multi).includes('triplet_margin') && !fits(multi).includes('hinge'));
  const { excluded } = offeredLosses(lab.losses, binary);
  assert.ok(excluded.some((e) => e.ids.includes('mse') && e.ids.includes('custom')));
});

test('dice and tversky train on 2-class data through one sigmoid output; cosine_similarity says why it does not train', () => {
  const binary = { task: 'classification', classes: 2 };
  for (const id of ['dice', 'tversky']) {
    assert.equal(lossProblem(infoOf(id), binary), null, id);
    assert.match(lossProblem(infoOf(id), { task: 'classification', classes: 3 }), /binary losses need a 2-class dataset/);
    assert.deepEqual(headFor(infoOf(id), { dims: 2, ...binary }, 2), { units: 1, kind: 'binary' });
    assert.equal(infoOf(id).head, 'sigmoid');
    assert.equal(infoOf(id).flatIsOneRow, true);
  }
  assert.equal(infoOf('cosine_similarity').trains, true); // minimisable; only not on this data
  assert.notEqual(infoOf('cosine_similarity').trainerNote, '');
  assert.match(lossProblem(infoOf('cosine_similarity'), { task: 'classification', classes: 3 }),
    /^cosine_similarity cannot train here: its target is a vector per sample/);
});

test('chooseLoss: the explorer loss when it fits, else the usual one for the task, with a note', () => {
  assert.deepEqual(chooseLoss(lab.losses, 'huber', { task: 'regression', classes: 0 }), { id: 'huber', note: '' });
  const c = chooseLoss(lab.losses, 'mse', { task: 'classification', classes: 2 });
  assert.equal(c.id, 'bce_with_logits');
  assert.match(c.note, /mse cannot train here .*training with bce_with_logits/);
  assert.equal(chooseLoss(lab.losses, 'bce', { task: 'classification', classes: 3 }).id, 'cross_entropy');
  assert.equal(chooseLoss(lab.losses, 'focal', { task: 'regression', classes: 0 }).id, 'mse');
  assert.equal(chooseLoss(CATALOGUE, 'nope', { task: 'regression', classes: 0 }).id, 'mse');
});

test('network settings: output size from the loss and data; batch bounded; options without reduction', () => {
  const data = { dims: 2, task: 'classification', classes: 3 };
  assert.deepEqual(headFor(infoOf('cross_entropy'), data, 2), { units: 3, kind: 'multiclass' });
  assert.deepEqual(headFor(infoOf('triplet_margin'), data, 5), { units: 5, kind: 'embedding' });
  assert.deepEqual(headFor(infoOf('bce'), { ...data, classes: 2 }, 2), { units: 1, kind: 'binary' });
  assert.deepEqual(headFor(infoOf('mse'), { dims: 1, task: 'regression' }, 2), { units: 1, kind: 'regression' });
  if (infoOf('gaussian_nll')) {
    assert.deepEqual(headFor(infoOf('gaussian_nll'), { dims: 1, task: 'regression' }, 2), { units: 2, kind: 'regression' });
    assert.deepEqual(headFor(infoOf('multilabel_soft_margin'), data, 2), { units: 3, kind: 'multiclass' });
  }
  assert.deepEqual(lossOptionsFor(infoOf('huber'), { reduction: 'sum', delta: '0.5' }), { delta: 0.5 });
  assert.deepEqual(lossOptionsFor(infoOf('huber'), { reduction: 'mean', delta: 'x' }), {});
  const cfg = readTrainer({ layers: '2,4,1', batch: '500', optimizer: 'sgd' });
  const s = networkSettings(cfg, infoOf('cross_entropy'), {}, data, 120);
  assert.deepEqual(s.layers, [2, 4, 3]);
  assert.equal(s.batchSize, 120);
  assert.equal(s.optimizer, 'sgd');
  // Every dataset × every offered loss builds and trains one epoch.
  for (const choice of datasetChoices(lab).filter((c) => c.id !== 'own')) {
    const d = makeData(lab, readTrainer({ dataset: choice.id, n: '60' }));
    for (const info of offeredLosses(lab.losses, d).offered) {
      const net = lab.network(networkSettings(readTrainer({}), info, lossOptionsFor(info, {}), d, d.train.y.length));
      assert.ok(Number.isFinite(net.fit(d.train.x, d.train.y, { epochs: 1 })), `${choice.id} ${info.id}`);
      net.dispose();
    }
  }
});

test('speed and divergence advice', () => {
  assert.equal(epochsPerFrame(7, 100), 7);
  assert.equal(epochsPerFrame('auto', 0), 10);
  assert.equal(epochsPerFrame('auto', 0.1), 20);
  assert.equal(epochsPerFrame('auto', 2), 10); // small networks keep 10
  assert.equal(epochsPerFrame('auto', 3.5), 4);
  assert.equal(epochsPerFrame('auto', 100), 1);
  const a = divergenceAdvice(readTrainer({ lr: '10', optimizer: 'sgd', activation: 'relu', layers: '2,16,16,16,16,1' }), 3);
  assert.equal(a.lower, 0.3);
  assert.match(a.text, /diverged after epoch 3.*lower the learning rate \(10 → 0\.3\), use adam.*try tanh.*fewer layers, then press Reset/);
  assert.equal(divergenceAdvice(readTrainer({ lr: '0.001' }), 1).lower, 0.0001);
});

test('data: seeded shuffle and split, own points appended to training, bad ones dropped', () => {
  const cfg = readTrainer({ dataset: 'circle', n: '100', split: '0.7', dseed: '4', points: '1,1,1;2,2,5;3,3' });
  const d = makeData(lab, cfg);
  assert.equal(d.train.y.length, 71);
  assert.equal(d.test.y.length, 30);
  assert.equal(d.train.own, 1);
  assert.deepEqual(Array.from(d.train.x.slice(-2)), [1, 1]);
  assert.equal(d.dropped.length, 2);
  assert.match(d.dropped.join(' '), /point 2: the label must be a class from 0 to 1.*point 3: give x1, x2 and a label/);
  assert.ok(d.train.y instanceof Int32Array);
  assert.deepEqual(makeData(lab, cfg).train.x, d.train.x, 'same seed, same split');
  assert.notDeepEqual(makeData(lab, { ...cfg, dseed: 5 }).train.x, d.train.x);
  assert.equal(d.extent, 6);
  // Both classes appear on both sides of the split.
  assert.ok(new Set(d.test.y).size === 2);

  const sine = makeData(lab, readTrainer({ dataset: 'sine_outliers', n: '50', points: '0.5,3' }));
  assert.equal(sine.dims, 1);
  assert.ok(sine.train.y instanceof Float32Array);
  assert.equal(sine.train.own, 1);
  assert.ok(sine.yRange[0] < -1 && sine.yRange[1] > 1);

  const own = makeData(lab, readTrainer({ dataset: 'own', points: '1,1,0;2,2,3' }));
  assert.deepEqual([own.id, own.classes, own.train.y.length, own.test.y.length], ['own', 4, 2, 0]);
  const empty = makeData(lab, readTrainer({ dataset: 'own' }));
  assert.deepEqual([empty.classes, empty.train.y.length], [2, 0]);
  assert.equal(makeData(lab, readTrainer({ dataset: 'nosuch' })).id, 'circle');
  const imb = makeData(lab, readTrainer({ dataset: 'imbalanced', n: '420' }));
  assert.equal(imb.minority, 1);
  const blobs = makeData(lab, readTrainer({ dataset: 'blobs', classes: '5', n: '100' }));
  assert.equal(blobs.classes, 5);
});

test('CSV: header skipped, separators, errors per line, bounds', () => {
  const r = parseCsv('x1,x2,label\n1.5, -2, 1\n-3 0.5 0\n\n4;5;1\nfoo,1,1\n1,2\n1e9,0,1', 2);
  assert.deepEqual(r.points, [[1.5, -2, 1], [-3, 0.5, 0], [4, 5, 1]]);
  assert.deepEqual(r.errors, ["line 6: 'foo' is not a number", 'line 7: expected 3 numbers (x1, x2, label), found 2', 'line 8: numbers must be within ±1000']);
  assert.deepEqual(parseCsv('0.5, 1\n', 1).points, [[0.5, 1]]);
  assert.equal(parseCsv('1,1,1\n'.repeat(600), 2).points.length, 500);
  assert.equal(pointProblem([1, 2, 0.5], 2, 'classification', 2), 'the label must be a class from 0 to 1');
  assert.equal(pointProblem([1, 2, 0.5], 2, 'regression', 0), null);
});

test('derive: one or two networks, notes, keys that change only with what they cover', () => {
  const base = { ...initialState(infoOf('mse')), trainer: {} };
  const d = derive(lab, base, null);
  assert.deepEqual(d.ids, ['bce_with_logits']);
  assert.match(d.lossNote, /mse cannot train here/);
  assert.equal(d.metric, 'accuracy');
  const same = derive(lab, { ...base, pred: '1, 2' }, d);
  assert.equal(same.setupKey, d.setupKey);
  assert.equal(same.data, d.data, 'the data is reused');
  const points = derive(lab, { ...base, trainer: { points: '1,1,1' } }, d);
  assert.equal(points.setupKey, d.setupKey, 'own points keep the networks');
  assert.notEqual(points.dataKey, d.dataKey);
  for (const preset of COMPARE_PRESETS) {
    const c = derive(lab, { ...base, trainer: { ...preset.trainer, compare: preset.losses.join(',') } }, null);
    assert.deepEqual(c.ids, preset.losses);
    assert.equal(c.presetKey, preset.key);
    assert.equal(c.runs.length, 2);
    assert.equal(c.runs[0].settings.seed, c.runs[1].settings.seed);
    // the common yardstick: held-out points of the same dataset, another seed
    assert.equal(c.yardstick.count, 8400);
    assert.equal(c.yardstick.task, c.data.task);
    assert.notEqual(c.yardstick.seed, c.cfg.dseed);
  }
  assert.equal(derive(lab, { ...base, trainer: { dataset: 'plane' } }, null).yardstick, null, 'only in Compare');
  const sine = derive(lab, { ...base, trainer: { dataset: 'sine_outliers', compare: 'mse,huber' } }, null);
  sine.yardstick.y.forEach((v, i) => assert.ok(Math.abs(v - Math.sin(sine.yardstick.x[i])) < 1e-5, 'clean values'));
  assert.equal(derive(lab, { ...base, trainer: { dataset: 'sine_outliers', compare: 'mse,huber', n: '200' } }, sine).yardstick, sine.yardstick, 'kept while its data settings stay');
  assert.equal(derive(lab, { ...base, trainer: { dataset: 'own', compare: 'cross_entropy,focal', points: '1,1,0;2,2,1' } }, null).yardstick, null, 'none for own points');
  const imb = derive(lab, { ...base, trainer: { dataset: 'imbalanced', compare: 'cross_entropy,focal' } }, null);
  assert.equal(imb.withRecall, true);
  const wrong = derive(lab, { ...base, trainer: { dataset: 'plane', compare: 'bce,mse' } }, null);
  assert.equal(wrong.ids[1], 'mse');
  assert.ok(wrong.ids[0] !== 'bce' && wrong.ids[0] !== 'mse', wrong.ids.join());
  assert.match(wrong.notes.join(' '), /bce cannot train here/);
  // The explorer's options go to the explorer's loss only.
  const huber = derive(lab, { ...initialState(infoOf('huber')), options: { reduction: 'mean', delta: '0.25' }, trainer: { dataset: 'plane', compare: 'huber,mse' } }, null);
  assert.deepEqual(huber.runs.map((r) => r.settings.lossOptions), [{ delta: 0.25 }, {}]);
  const other = derive(lab, { ...base, trainer: { dataset: 'plane', compare: 'mse,huber' } }, null);
  assert.deepEqual(other.runs[1].settings.lossOptions, { delta: 1 }, 'defaults for a loss the explorer does not show');
  const custom = derive(lab, { ...base, trainer: { dataset: 'plane', compare: 'mse,custom' } }, null);
  assert.equal(custom.runs[1].settings.lossOptions.expr, '(x - y)^2');
});

test('band: a (mean, variance) prediction splits into the curve and ±σ; one output stays a curve', () => {
  const { curve, band } = splitPrediction(Float32Array.of(1, 4, -2, 0.25, 0.5, 0), 2);
  assert.deepEqual(Array.from(curve), [1, -2, 0.5]);
  assert.deepEqual(Array.from(band), [2, 0.5, 0]);
  const one = Float32Array.of(1, 2, 3);
  assert.deepEqual(splitPrediction(one, 1), { curve: one, band: null });
});

test('history: rows, chart series, CSV columns', () => {
  const h = createHistory(['mse', 'huber'], 'r2', false);
  h.add(0, [{ trainLoss: 2, testLoss: 3, train: { r2: 0.1 }, test: { r2: 0 } }, { trainLoss: 1, testLoss: 1.5, train: { r2: 0.2 }, test: { r2: 0.1 } }]);
  h.add(10, [{ trainLoss: 1, testLoss: NaN, train: null, test: null }, { trainLoss: 0.5, testLoss: 1 }]);
  h.add(10, [{ trainLoss: 0.9, testLoss: 2 }, { trainLoss: 0.4, testLoss: 1 }]); // same epoch: replaced
  assert.deepEqual(h.series(), [[0, 10], [2, 0.9], [3, 2], [1, 0.4], [1.5, 1]]);
  assert.equal(h.csv(), 'epoch,mse_train_loss,mse_test_loss,mse_train_r2,mse_test_r2,huber_train_loss,huber_test_loss,huber_train_r2,huber_test_r2\n'
    + '0,2,3,0.1,0,1,1.5,0.2,0.1\n10,0.9,2,,,0.4,1,,\n');
  const single = createHistory([''], 'accuracy', true);
  for (let e = 0; e < 30_000; e++) single.add(e, [{ trainLoss: 1, testLoss: 1, recall: 0.5 }]);
  assert.ok(single.rows.length <= 20_000);
  assert.equal(single.rows[single.rows.length - 1].epoch, 29_999);
  assert.ok(single.series()[0].length <= 801);
  assert.equal(single.csv().split('\n')[0], 'epoch,train_loss,test_loss,train_accuracy,test_accuracy,minority_recall');
  // Compare's yardstick: its numbers become columns of each network
  const ys = createHistory(['cross_entropy', 'focal'], 'accuracy', true);
  const held = (r) => ({ accuracy: 0.9, recall: [0.95, r], minority: { cls: 1, recall: r, precision: 0.5, f1: 0.6 } });
  ys.add(5, [{ trainLoss: 1, testLoss: 1, recall: 0.5, yardstick: held(0.25) }, { trainLoss: 1, testLoss: 1, recall: 0.5, yardstick: held(0.75) }]);
  const [header, line] = ys.csv().trim().split('\n');
  assert.match(header, /cross_entropy_heldout_accuracy,cross_entropy_heldout_minority_recall,cross_entropy_heldout_minority_precision,cross_entropy_heldout_minority_f1,focal_train_loss/);
  assert.equal(line.split(',').length, header.split(',').length);
  assert.ok(line.endsWith(',0.9,0.75,0.5,0.6'), line);
  const reg = createHistory(['mse', 'huber'], 'r2', false);
  reg.add(1, [{ trainLoss: 1, testLoss: 1, yardstick: { rmse: 0.4, r2: 0.6 } }, { trainLoss: 1, testLoss: 1, yardstick: { rmse: 0.2, r2: 0.9 } }]);
  assert.match(reg.csv(), /huber_heldout_clean_rmse,huber_heldout_clean_r2\n1,.*,0\.2,0\.9\n$/);
});

test('colours: binary, multi-class and regression cells', () => {
  const px = new Uint8ClampedArray(4);
  paintCell(px, 0, 0.5, 'binary', 2, 1);
  assert.deepEqual([...px], [255, 255, 255, 255]);
  paintCell(px, 0, 1, 'binary', 2, 1);
  const blue = rgb(BINARY_COLOURS[1]);
  assert.ok(px[2] > px[0] && px[0] < 255 && px[0] > blue[0], [...px].join());
  paintCell(px, 0, 2.999, 'multiclass', 3, 1);
  const sure = [...px];
  paintCell(px, 0, 2 + 0.999 * 0.4, 'multiclass', 3, 1);
  assert.ok(px[0] > sure[0], 'less sure is paler');
  paintCell(px, 0, -5, 'regression', 0, 1);
  const orange = [...px];
  paintCell(px, 0, 5, 'regression', 0, 1);
  assert.ok(orange[0] > orange[2] && px[2] > px[0]);
  paintCell(px, 0, NaN, 'binary', 2, 1);
  assert.equal(px[3], 255);
  assert.equal(paintGrid(new Float32Array([0, 1]), new Uint8ClampedArray(8), 'binary', 2, 1).length, 8);
  assert.equal(classColour(9), BINARY_COLOURS[1]);
  assert.equal(classColour(9, 8), MULTI_COLOURS[1]);
  assert.equal(classColours(2), BINARY_COLOURS);
  assert.equal(classColours(3), MULTI_COLOURS);
  // two classes keep the binary pair however the network's head is shaped
  paintCell(px, 0, 1.999, 'multiclass', 2, 1);
  const two = [...px];
  paintCell(px, 0, 0.999, 'binary', 2, 1);
  assert.ok(two[2] > two[0] && px[2] > px[0], 'class 1 is purple both ways');
});

// Colour-vision deficiencies: Machado, Oliveira & Fernandes (2009) simulation matrices at full
// severity, applied in linear sRGB; differences in CIEDE2000.
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const linear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function seen(hex, m) {
  const l = rgb(hex).map((v) => linear(v / 255));
  return m.map((r) => Math.min(1, Math.max(0, r[0] * l[0] + r[1] * l[1] + r[2] * l[2])));
}
function cielab([r, g, b]) {
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
function ciede2000([L1, a1, b1], [L2, a2, b2]) {
  const rad = Math.PI / 180;
  const C = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(C ** 7 / (C ** 7 + 25 ** 7)));
  const [p1, p2] = [(1 + G) * a1, (1 + G) * a2];
  const [c1, c2] = [Math.hypot(p1, b1), Math.hypot(p2, b2)];
  const hue = (b, a) => ((Math.atan2(b, a) / rad) + 360) % 360;
  const [h1, h2] = [hue(b1, p1), hue(b2, p2)];
  let dh = c1 * c2 === 0 ? 0 : h2 - h1;
  if (dh > 180) dh -= 360;
  else if (dh < -180) dh += 360;
  const dH = 2 * Math.sqrt(c1 * c2) * Math.sin((dh * rad) / 2);
  const L = (L1 + L2) / 2;
  const Cp = (c1 + c2) / 2;
  let H = h1 + h2;
  if (c1 * c2 !== 0) H = Math.abs(h1 - h2) > 180 ? (H < 360 ? H + 360 : H - 360) / 2 : H / 2;
  const T = 1 - 0.17 * Math.cos((H - 30) * rad) + 0.24 * Math.cos(2 * H * rad) + 0.32 * Math.cos((3 * H + 6) * rad) - 0.2 * Math.cos((4 * H - 63) * rad);
  const RC = 2 * Math.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7));
  const RT = -Math.sin(2 * 30 * Math.exp(-(((H - 275) / 25) ** 2)) * rad) * RC;
  const SL = 1 + (0.015 * (L - 50) ** 2) / Math.sqrt(20 + (L - 50) ** 2);
  const SC = 1 + 0.045 * Cp;
  const SH = 1 + 0.015 * Cp * T;
  const [x, y, z] = [(L2 - L1) / SL, (c2 - c1) / SC, dH / SH];
  return Math.sqrt(x * x + y * y + z * z + RT * y * z);
}
const closest = (colours, m) => {
  let min = Infinity;
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) min = Math.min(min, ciede2000(cielab(seen(colours[i], m)), cielab(seen(colours[j], m))));
  }
  return min;
};

test('colours: the palettes stay apart under protanopia, deuteranopia and tritanopia', () => {
  assert.ok(ciede2000(cielab([1, 1, 1]), cielab([0, 0, 0])) > 99, 'CIEDE2000 of white and black is 100');
  for (const [name, m] of Object.entries(CVD)) {
    assert.ok(closest(BINARY_COLOURS, m) > 35, `${name}: the two classes (PuOr ends)`);
    assert.ok(closest(MULTI_COLOURS.slice(0, 3), m) > 35, `${name}: three classes`);
    assert.ok(closest(MULTI_COLOURS.slice(0, 4), m) > 20, `${name}: four classes`);
    assert.ok(closest(MULTI_COLOURS, m) > 11, `${name}: eight classes`);
  }
  // the old palette (orange/brown at classes 0 and 4) failed this: 0.9 under deuteranopia
  assert.ok(closest(['#c2410c', '#a16207'], CVD.deuteranopia) < 2);
});

test('hash: the trainer keys round-trip; bad values are ignored with the rule', () => {
  const state = {
    ...initialState(CATALOGUE[0]),
    trainer: {
      dataset: 'xor', layers: '2,6,4,1', activation: 'relu', lr: '0.01', seed: '7', optimizer: 'sgd', batch: '20', l1: '0.001', l2: '0.01',
      noise: '0.2', n: '200', split: '0.7', classes: '4', dseed: '3', speed: '5', compare: 'mse,huber', points: '1,1,1;-1,-1.5,0',
    },
  };
  const back = parseHash(toHash(state, CATALOGUE[0]), CATALOGUE, lab.networkCatalogue);
  assert.deepEqual(back.notices, []);
  assert.deepEqual(back.state.trainer, state.trainer);
  const bad = {
    layers: ['2,17,1', '2,1', '3,8,1', '2,8,8,8,8,8,8,8,1', '2,0,1'], lr: ['0', '11'], batch: ['0', '1001', '1.5'], l1: ['-1', '2'], noise: ['1.5'],
    n: ['19', '2001'], split: ['0.05', '1'], classes: ['1', '9'], speed: ['0', '101', 'fast'], compare: ['mse', 'mse,mse', 'a,b,c', 'MSE,x'],
    points: ['', '1,2,3,4', '1,2,3;1,2', `${'1,1,1;'.repeat(501)}`, '1,1e9,1'], optimizer: ['rmsprop'], dseed: ['-1'],
  };
  const TRAINER_KEYS = trainerKeys(lab.networkCatalogue);
  for (const [key, values] of Object.entries(bad)) {
    for (const value of values) {
      assert.equal(TRAINER_KEYS[key].check(value), null, `${key}=${value}`);
    }
  }
  const { notices } = parseHash('#speed=fast&layers=2,99,1', CATALOGUE, lab.networkCatalogue);
  assert.match(notices.join('\n'), /speed=fast: must be 'auto' or a whole number/);
  assert.equal(TRAINER_KEYS.speed.check('auto'), 'auto');
  assert.equal(TRAINER_KEYS.points.check('1.50,-2,1'), '1.5,-2,1');
});
