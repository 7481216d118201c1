// Unit tests for the "why a loss behaves so" views' pure parts: the pull (web/src/influence.js:
// the explorer's column and the trainer's point sizes), the explorer table's pull against the
// network's influence, the trainer's URL keys, and the landscape's scale and contours.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from '../../dist/node.js';
import { evaluate, tableRows } from '../../web/src/explorer/compute.js';
import { initialState, parseHash, toHash, trainerKeys } from '../../web/src/state.js';
import { pullShares, pullRadius, pullStrength, pullReading, PULL_WORD, PULL_COLOUR } from '../../web/src/influence.js';
import { landscapeRange, landscapePosition, landscapeColour, contourSegments } from '../../web/src/trainer/landscape-scale.js';
import { BINARY_COLOURS, MULTI_COLOURS, RUN_COLOURS } from '../../web/src/trainer/colours.js';

let lab;
const info = (id) => lab.losses.find((l) => l.id === id);

before(async () => {
  lab = await createLossLab();
});

test('pull: shares of the gradient by Euclidean norm, summing to 1, 0 when nothing pulls', () => {
  assert.deepEqual(pullShares([[3], [-1], [0]]), [0.75, 0.25, 0]);
  assert.deepEqual(pullShares([[3, 4], [0, 5]]), [0.5, 0.5]);
  assert.deepEqual(pullShares([[0], [0]]), [0, 0]);
  assert.equal(PULL_WORD, 'pull');
  assert.ok(![...BINARY_COLOURS, ...MULTI_COLOURS, ...RUN_COLOURS].includes(PULL_COLOUR), 'the pull colour is no class or run colour');
});

test('pull sizes: area follows the share on one scale, clamped', () => {
  assert.equal(pullRadius(1 / 200, 200), 1); // the average pull: the usual size
  assert.equal(pullRadius(4 / 200, 200), 2);
  assert.equal(pullRadius(0, 200), 0.3);
  assert.equal(pullRadius(1, 200), 3.5);
  assert.equal(pullStrength(0, 200), 0);
  assert.equal(pullStrength(3 / 200, 200), 1);
});

test('each loss has a one-line reading; unknown ones fall back by family', () => {
  for (const l of lab.losses) assert.ok(pullReading(l.id, l.family).length > 20, l.id);
  assert.match(pullReading('hinge', 'binary'), /beyond the margin.*no pull/);
  assert.match(pullReading('focal', 'multiclass'), /easy/);
  assert.match(pullReading('mae', 'regression'), /equally/);
  assert.match(pullReading('someday', 'regression'), /slope/);
});

test("the explorer's pull column is the network's influence for the same gradients", () => {
  const result = evaluate(lab, info('mse'), { ...initialState(info('mse')), pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7' });
  const rows = tableRows(result, info('mse'));
  assert.deepEqual(rows.map((r) => Number(r.pull.toFixed(4))), [0.2941, 0.2941, 0.1176, 0.2941]);
  // a one-input linear network whose output is its input: x → z = x, so ∂ℓ/∂z = ∂ℓ/∂x
  const net = lab.network({ layers: [1, 1, 1], activation: 'linear', loss: 'mse' });
  const saved = net.toJSON();
  const identity = lab.network({ ...saved, weights: [{ w: [[1]], b: [0] }, { w: [[1]], b: [0] }] });
  const shares = identity.influence([2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]);
  rows.forEach((r, k) => assert.ok(Math.abs(r.pull - shares[k]) < 1e-6, `${r.pull} vs ${shares[k]}`));
  net.dispose();
  identity.dispose();
  // triplets: a row's pull counts the anchor's, the positive's and the negative's gradients
  const t = info('triplet_margin');
  const tr = evaluate(lab, t, { ...initialState(t), pred: '0, 0\n1, 1', target: '0, 1\n1, 1', negative: '0, 0.5\n5, 5' });
  const trows = tableRows(tr, t);
  assert.equal(trows[1].pull, 0); // its negative is far beyond the margin
  assert.equal(trows[0].pull, 1);
});

test('influence and landscape round-trip through the URL', () => {
  const state = { ...initialState(info('mse')), trainer: { influence: '1', landscape: '1' } };
  const hash = toHash(state, info('mse'));
  assert.match(hash, /influence=1/);
  assert.deepEqual(parseHash(hash, lab.losses, lab.networkCatalogue).state.trainer, { influence: '1', landscape: '1' });
  assert.equal(trainerKeys(lab.networkCatalogue).influence.check('yes'), null);
  assert.equal(trainerKeys(lab.networkCatalogue).landscape.check('0'), null);
});

test('landscape scale: log when the losses span a wide range, NaN left grey', () => {
  const range = landscapeRange([0.1, 1, 10, NaN]);
  assert.deepEqual(range, { min: 0.1, max: 10, log: true, empty: false });
  assert.equal(landscapePosition(0.1, range), 0);
  assert.ok(Math.abs(landscapePosition(1, range) - 0.5) < 1e-12);
  assert.equal(landscapePosition(10, range), 1);
  assert.ok(Number.isNaN(landscapePosition(NaN, range)));
  assert.equal(landscapeRange([1, 2]).log, false);
  assert.equal(landscapeRange([NaN]).empty, true);
  assert.deepEqual(landscapeColour(NaN), [200, 200, 200]);
  const low = landscapeColour(0);
  const high = landscapeColour(1);
  assert.ok(low[0] + low[1] + low[2] > high[0] + high[1] + high[2], 'low losses are bright');
});

test('contours: marching squares around a bowl close into a ring', () => {
  const size = 21;
  const field = new Float32Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) field[i * size + j] = ((i - 10) ** 2 + (j - 10) ** 2) / 200;
  const segments = contourSegments(field, size, [0.25]);
  assert.ok(segments.length > 20);
  for (const [x0, y0, x1, y1] of segments) {
    for (const [x, y] of [[x0, y0], [x1, y1]]) assert.ok(Math.abs(Math.hypot(x - 10, y - 10) - Math.sqrt(50)) < 0.3);
  }
  assert.deepEqual(contourSegments(field, size, [2]), []); // above every value
  field[0] = NaN;
  assert.ok(contourSegments(field, size, [0.9]).every(([x0, y0]) => x0 > 0.5 || y0 > 0.5));
});

test("the influence summary says how concentrated the pull is, or that nothing pulls", async () => {
  const { concentration } = await import('../../web/src/trainer/views.js');
  const shares = new Float32Array(20).fill(0.02);
  shares[0] = 0.4 + 0.02;
  shares[1] = 0.2;
  assert.equal(concentration(shares, 'A (mse)'), 'A (mse): the 2 points (10%) that pull hardest carry 63% of the pull.');
  assert.equal(concentration(new Float32Array(5), 'hinge'), 'hinge: no point pulls — the loss is flat at every training point.');
  assert.match(concentration(Float32Array.of(0.7, 0.3), 'x'), /the point that pulls hardest carries 70%/);
});
