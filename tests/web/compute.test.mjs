// Unit tests for web/src/explorer/compute.js, samples.js and the presets, against the built package
// (dist/). Losses the build does not have yet are skipped by name, so these tighten as they land.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from '../../dist/node.js';
import { evaluate, fieldOfError, tableRows } from '../../web/src/explorer/compute.js';
import { sampleFor } from '../../web/src/explorer/samples.js';
import { PRESETS, presetState, matchPreset, agrees } from '../../web/src/explorer/presets.js';
import { initialState, parseHash, toHash } from '../../web/src/state.js';
import { defaultOptions, overlayCandidates } from '../../web/src/catalogue.js';
import { sweep, sweepOptions, mainCurve, yRange, linspace } from '../../web/src/explorer/sweep.js';

let lab;
const info = (id) => lab.losses.find((l) => l.id === id);
const has = (id) => Boolean(info(id));
const stateFor = (id, fields) => ({ ...initialState(info(id)), ...fields });

before(async () => {
  lab = await createLossLab();
});

test('the article example: MSE 0.1975, with shares and gradients', () => {
  const result = evaluate(lab, info('mse'), stateFor('mse', { pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7' }));
  assert.ok(result.ok);
  assert.ok(agrees(result.value, 0.1975));
  const rows = tableRows(result, info('mse'));
  assert.equal(rows.length, 4);
  assert.ok(Math.abs(rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-6);
  assert.deepEqual(rows.map((r) => Number(r.grad[0].toFixed(4))), [-0.25, 0.25, -0.1, -0.25]);
});

test('parse errors belong to their field; nothing is computed', () => {
  const r = evaluate(lab, info('mse'), stateFor('mse', { pred: '2.5, 5.5x', target: '3, 5' }));
  assert.equal(r.ok, false);
  assert.equal(r.errors.pred, "predictions: '5.5x' (item 2) is not a number");
  const empty = evaluate(lab, info('mse'), stateFor('mse', { pred: '1', target: '' }));
  assert.match(empty.errors.target, /no targets yet/);
});

test('LossLab errors are routed to the field they concern', () => {
  const shape = evaluate(lab, info('mse'), stateFor('mse', { pred: '1, 2, 3', target: '1, 2' }));
  assert.equal(shape.code, 'SHAPE_MISMATCH');
  assert.match(shape.errors.target, /target has 2 values but input has 3/);
  if (has('huber')) {
    const bad = evaluate(lab, info('huber'), { ...stateFor('huber', { pred: '1', target: '2' }), options: { ...defaultOptions(info('huber')), delta: '-1' } });
    assert.match(bad.errors['param-delta'], /delta/);
  }
  if (has('bce')) {
    const domain = evaluate(lab, info('bce'), stateFor('bce', { pred: '0.5, 1.2', target: '0, 1' }));
    assert.equal(domain.code, 'OUT_OF_DOMAIN');
    assert.match(domain.errors.pred, /input\[1\] = 1.2/);
  }
  if (has('custom')) {
    const expr = evaluate(lab, info('custom'), { ...stateFor('custom', { pred: '1', target: '2' }), options: { reduction: 'mean', expr: 'abs(x - y' } });
    assert.match(expr.errors['param-expr'], /column \d+/);
  }
});

test('fieldOfError reads the subject of a message', () => {
  const e = (message) => ({ message });
  assert.equal(fieldOfError(e("huber: option 'delta' = -1 must be > 0")), 'param-delta');
  assert.equal(fieldOfError(e('bce: input[1] = 1.2 is outside [0, 1]')), 'pred');
  assert.equal(fieldOfError(e('mse: target has 1 values but input has 2')), 'target');
  assert.equal(fieldOfError(e('triplet_margin: target.positive has 2 values but the anchors have 3')), 'target');
  assert.equal(fieldOfError(e('triplet_margin: target.negative has 2 values')), 'negative');
  assert.equal(fieldOfError(e('cross_entropy: input must be 2-D [N, C]')), 'pred');
  assert.equal(fieldOfError(e('something else entirely')), null);
});

test('multi-class: one line of indices, or probability rows', () => {
  const ce = info('cross_entropy');
  const r = evaluate(lab, ce, stateFor('cross_entropy', { pred: '2, 1, 0.1\n0.5, 2.5, 0.3', target: '0, 1' }));
  assert.ok(r.ok, JSON.stringify(r.errors));
  assert.equal(tableRows(r, ce).length, 2);
  assert.equal(tableRows(r, ce)[0].grad.length, 3);
  const column = evaluate(lab, ce, stateFor('cross_entropy', { pred: '2, 1, 0.1\n0.5, 2.5, 0.3', target: '0\n1' }));
  assert.ok(agrees(column.value, r.value));
  const ragged = evaluate(lab, ce, stateFor('cross_entropy', { pred: '2, 1, 0.1\n0.5, 2.5', target: '0, 1' }));
  assert.match(ragged.errors.pred, /row 2 has 2 values but row 1 has 3/);
});

test('pair losses: x1, x2 and labels; both gradients; errors in the box they concern', () => {
  const e = (message) => ({ message });
  assert.equal(fieldOfError(e('margin_ranking: target.other has 3 values but input has 4')), 'target');
  assert.equal(fieldOfError(e('margin_ranking: target.label[1] = 0 must be -1 or +1')), 'label');
  if (!has('margin_ranking') || !has('cosine_embedding')) return;
  const mr = info('margin_ranking');
  const state = { ...stateFor('margin_ranking', { pred: '0.8, -0.2, 1.5, 0.3', target: '0.5, 0.4, 1.5, 1.0', label: '1, 1, -1, -1' }),
    options: { ...defaultOptions(mr), margin: '0.5' } };
  const r = evaluate(lab, mr, state);
  assert.ok(r.ok, JSON.stringify(r.errors));
  assert.ok(agrees(r.value, 0.45));
  const rows = tableRows(r, mr);
  assert.deepEqual(rows.map((row) => row.label), [1, 1, -1, -1]);
  assert.deepEqual(rows.map((row) => row.grad[0]), [-0.25, -0.25, 0.25, 0]);
  assert.deepEqual(rows.map((row) => row.gradOther[0]), [0.25, 0.25, -0.25, -0]);
  const badLabel = evaluate(lab, mr, { ...state, label: '1, 0, -1, -1' });
  assert.equal(badLabel.code, 'BAD_LABEL');
  assert.match(badLabel.errors.label, /target\.label\[1\] = 0 must be -1 or \+1/);
  const ce = info('cosine_embedding');
  const one = evaluate(lab, ce, stateFor('cosine_embedding', { pred: '1, 2, 2', target: '2, 4, 4', label: '1' }));
  assert.ok(one.ok, JSON.stringify(one.errors)); // one row is still rows of D
  assert.ok(Math.abs(one.value) < 1e-6);
  const shape = evaluate(lab, ce, stateFor('cosine_embedding', { pred: '1, 2\n3, 4', target: '1, 2', label: '1, -1' }));
  assert.match(shape.errors.target, /target\.other has 2 values but input has 4/);
});

test('every loss in the build gets a working example and a hash that reads back', () => {
  for (const l of lab.losses) {
    const state = { ...initialState(l), ...sampleFor(lab, l) };
    const r = evaluate(lab, l, state);
    assert.ok(r.ok, `${l.id}: ${JSON.stringify(r.errors)}`);
    assert.equal(tableRows(r, l).length > 0, true, l.id);
    const back = parseHash(toHash(state, l), lab.losses, lab.networkCatalogue);
    assert.deepEqual(back.notices, [], l.id);
    assert.deepEqual(back.state, state, l.id);
    for (const c of overlayCandidates(lab.losses, l)) assert.ok(has(c.id));
  }
});

test('masks for dice and tversky, directions for cosine_similarity; other row losses keep theirs', () => {
  for (const id of ['dice', 'tversky']) assert.equal(sampleFor(lab, info(id)).target, '1, 1, 0, 0\n0, 1, 1, 0', id);
  assert.equal(sampleFor(lab, info('cosine_similarity')).pred, '1, 2, -1\n0.5, -0.5, 3');
  assert.equal(sampleFor(lab, info('categorical_cross_entropy')).target, '0.8, 0.1, 0.1\n0.2, 0.7, 0.1');
});

test('every preset whose loss is built gives its expected number and is recognised', () => {
  for (const preset of PRESETS) {
    if (!has(preset.loss)) continue;
    const l = info(preset.loss);
    const state = presetState(preset, l, initialState(l));
    const r = evaluate(lab, l, state);
    assert.ok(r.ok, `${preset.key}: ${JSON.stringify(r.errors)}`);
    assert.ok(agrees(r.value, preset.expected), `${preset.key}: ${r.value} vs ${preset.expected}`);
    assert.equal(matchPreset(state, l), preset);
    assert.equal(matchPreset({ ...state, pred: `${state.pred}, 1` }, l), null);
  }
});

test('curves: one sweep per loss; a bounded domain narrows the range; undefined targets give nothing', () => {
  const xs = linspace(0, 6, 401);
  const mse = sweep(lab, 'mse', () => ({ reduction: 'none', grad: false }), xs, 3);
  assert.equal(mse.length, 401);
  assert.ok(Math.abs(mse[0] - 9) < 1e-5 && mse[200] === 0);
  if (has('bce')) {
    const curve = mainCurve(lab, info('bce'), () => ({ reduction: 'none', grad: false }), [{ x: 0.25, y: 0.2877 }], 0);
    assert.ok(curve.xs[0] >= 0 && curve.xs[400] <= 1, `${curve.xs[0]} … ${curve.xs[400]}`);
    assert.ok(curve.ys.every((v) => v !== null));
    const [lo, hi] = yRange(curve.ys, [{ x: 0.25, y: 0.2877 }]);
    assert.ok(lo === 0 && hi > 0.3 && hi < 10);
  }
  if (has('hinge')) assert.equal(sweep(lab, 'hinge', () => ({ reduction: 'none', grad: false }), xs, 0.5), null);
  const weighted = sweepOptions({ reduction: 'mean', weight: [1, 2, 3], pos_weight: [2], delta: 1 }, 3, 1, 5);
  assert.deepEqual(Array.from(weighted.weight), [2, 2, 2, 2, 2]);
  assert.deepEqual(weighted.pos_weight, [2]);
  assert.equal(weighted.reduction, 'none');
});
