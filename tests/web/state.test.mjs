// Unit tests for web/src/state.js and web/src/catalogue.js: the hash round trip and its checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, toHash, initialState, textToList, listToText, createStore, MAX_FIELD } from '../../web/src/state.js';
import { fieldsOf, defaultOptions, overlayCandidates, callOptions, rangeProblem } from '../../web/src/catalogue.js';
import { CATALOGUE, NETWORK } from './fixtures.mjs';

const info = (id) => CATALOGUE.find((l) => l.id === id);
const roundTrip = (state) => parseHash(toHash(state, info(state.loss)), CATALOGUE, NETWORK);

test('text ↔ hash lists', () => {
  assert.equal(textToList('2.5, 5.5\t1.8\n\n6.5 7'), '2.5,5.5,1.8;6.5,7');
  assert.equal(listToText('2.5,5.5,1.8;6.5,7'), '2.5, 5.5, 1.8\n6.5, 7');
  assert.equal(listToText(textToList('1 2\n3 4')), '1, 2\n3, 4');
});

test('an empty hash gives the first loss with its defaults and no notices', () => {
  const { state, notices, given } = parseHash('', CATALOGUE, NETWORK);
  assert.equal(state.loss, 'mse');
  assert.deepEqual(state.options, { reduction: 'mean' });
  assert.deepEqual(notices, []);
  assert.equal(given.size, 0);
});

test('theme: light or dark from the toggle; absent or auto follows the system; anything else is noticed', () => {
  assert.equal(parseHash('#loss=mse', CATALOGUE, NETWORK).state.theme, '');
  assert.equal(parseHash('#theme=light', CATALOGUE, NETWORK).state.theme, 'light');
  const auto = parseHash('#theme=auto', CATALOGUE, NETWORK);
  assert.deepEqual([auto.state.theme, auto.notices], ['', []]);
  const bad = parseHash('#theme=sepia', CATALOGUE, NETWORK);
  assert.equal(bad.state.theme, '');
  assert.match(bad.notices.join(), /theme=sepia: must be light or dark; ignored/);
  assert.ok(!toHash(initialState(info('mse')), info('mse')).includes('theme'), 'the system scheme is not written');
});

test('a plain in-page anchor is not state', () => {
  assert.deepEqual(parseHash('#trainer', CATALOGUE, NETWORK).notices, []);
});

test('the full state round-trips through the hash', () => {
  const state = {
    ...initialState(info('huber')),
    options: { reduction: 'sum', delta: '0.5' },
    pred: '2.5, 5.5, 1.8, 10',
    target: '3, 5, 2, 7',
    overlays: ['mse', 'huber:2'],
    point: 3,
    trainer: { dataset: 'circle', layers: '2,8,8,1', activation: 'tanh', lr: '0.03', seed: '7' },
    theme: 'dark',
    embed: true,
  };
  const hash = toHash(state, info('huber'));
  assert.equal(hash, '#loss=huber&reduction=sum&delta=0.5&pred=2.5,5.5,1.8,10&target=3,5,2,7&overlay=mse,huber:2&point=3'
    + '&dataset=circle&layers=2,8,8,1&activation=tanh&lr=0.03&seed=7&theme=dark&embed=1');
  const back = parseHash(hash, CATALOGUE, NETWORK);
  assert.deepEqual(back.notices, []);
  assert.deepEqual(back.state, state);
});

test('rows, vectors, flags and expressions with URL-special characters round-trip', () => {
  const cases = [
    { ...initialState(info('cross_entropy')), options: { reduction: 'none', ignore_index: '2', label_smoothing: '0.1' }, pred: '1, 2, 3\n4, 5, 6', target: '0, 2' },
    { ...initialState(info('bce')), options: { reduction: 'mean', weight: '1, 2, 0.5' }, pred: '0.25', target: '0' },
    { ...initialState(info('binary_focal')), options: { reduction: 'mean', from_logits: false, gamma: '0.5' }, pred: '0.2', target: '1' },
    { ...initialState(info('custom')), options: { reduction: 'mean', expr: 'abs(x - y)^1.5 + 0*x & y=#%;,' }, pred: '1', target: '2' },
    { ...initialState(info('triplet_margin')), options: { reduction: 'mean', margin: '0.2' }, pred: '1, 2, 3', target: '1.2, 1.8, 3.2', negative: '4, 5, 6' },
  ];
  for (const state of cases) {
    const back = roundTrip(state);
    assert.deepEqual(back.notices, [], state.loss);
    assert.deepEqual(back.state, state, state.loss);
  }
});

test('defaults are left out of the hash', () => {
  const hash = toHash({ ...initialState(info('huber')), pred: '1', target: '2' }, info('huber'));
  assert.equal(hash, '#loss=huber&pred=1&target=2');
});

test('bad values are ignored, with a notice each', () => {
  const { state, notices } = parseHash(
    '#loss=huber&delta=-1&reduction=median&pred=1,x,3&target=3,5&foo=1&label_smoothing=0.5&embed=yes&point=-1&seed=1.5&lr=100&layers=2,0,1&activation=gelu&dataset=%3Cscript%3E',
    CATALOGUE,
    NETWORK,
  );
  assert.equal(state.loss, 'huber');
  assert.equal(state.options.delta, '1');
  assert.equal(state.options.reduction, 'mean');
  assert.equal(state.pred, '');
  assert.equal(state.target, '3, 5');
  assert.equal(state.embed, false);
  assert.deepEqual(state.trainer, {});
  assert.equal(notices.length, 12, notices.join('\n'));
  assert.match(notices.join('\n'), /lr=100: must be a number in \(0, 10\]; ignored/);
  assert.match(notices.join('\n'), /delta=-1: must be > 0; ignored/);
  assert.match(notices.join('\n'), /pred=1,x,3: 'x' \(item 2\) is not a number; ignored/);
  assert.match(notices.join('\n'), /unknown setting 'foo'/);
  assert.match(notices.join('\n'), /label_smoothing=0.5: huber has no option 'label_smoothing'/);
});

test('option ranges, integers and choices come from the specs', () => {
  const ok = parseHash('#loss=multi_margin&p=2&margin=0', CATALOGUE, NETWORK);
  assert.deepEqual(ok.notices, []);
  assert.deepEqual(ok.state.options, { reduction: 'mean', p: '2', margin: '0' });
  const bad = parseHash('#loss=multi_margin&p=3&margin=-0.1', CATALOGUE, NETWORK);
  assert.equal(bad.notices.length, 2);
  const ce = parseHash('#loss=cross_entropy&ignore_index=1.5&label_smoothing=1.01', CATALOGUE, NETWORK);
  assert.equal(ce.notices.length, 2);
  assert.deepEqual(parseHash('#loss=rmse&reduction=none', CATALOGUE, NETWORK).notices, ['reduction=none: must be mean; ignored']);
  assert.equal(parseHash('#loss=bce&weight=1,-2', CATALOGUE, NETWORK).notices.length, 1);
  assert.equal(rangeProblem(info('huber').optionSpecs[0], 0), '> 0');
});

test('an unknown loss falls back to the first, with a notice', () => {
  const { state, notices } = parseHash('#loss=nope&pred=1', CATALOGUE, NETWORK);
  assert.equal(state.loss, 'mse');
  assert.match(notices[0], /loss 'nope' is not available here; showing mse/);
  assert.equal(state.pred, '1');
});

test('fields are bounded: long values, broken escapes, too many keys', () => {
  const long = parseHash(`#loss=mse&pred=${'1,'.repeat(MAX_FIELD)}`, CATALOGUE, NETWORK);
  assert.equal(long.state.pred, '');
  assert.match(long.notices[0], /pred: longer than 10000 characters; ignored/);
  const broken = parseHash('#loss=mse&pred=%E0%A4%A', CATALOGUE, NETWORK);
  assert.match(broken.notices[0], /broken %-escape/);
  const many = parseHash(`#${Array.from({ length: 300 }, (_, i) => `k${i}=1`).join('&')}`, CATALOGUE, NETWORK);
  assert.match(many.notices[0], /only the first 200 were read/);
});

test('negatives belong to triplet losses only', () => {
  assert.equal(parseHash('#loss=mse&negative=1', CATALOGUE, NETWORK).notices.length, 1);
  assert.equal(parseHash('#loss=triplet_margin&negative=1,2', CATALOGUE, NETWORK).state.negative, '1, 2');
  assert.ok(!toHash({ ...initialState(info('mse')), negative: '1' }, info('mse')).includes('negative'));
});

test('labels belong to pair losses only', () => {
  assert.equal(parseHash('#loss=mse&label=1,-1', CATALOGUE, NETWORK).notices.length, 1);
  assert.match(parseHash('#loss=triplet_margin&label=1', CATALOGUE, NETWORK).notices[0], /only pair losses take labels/);
  assert.equal(parseHash('#loss=margin_ranking&label=1,-1', CATALOGUE, NETWORK).state.label, '1, -1');
  assert.ok(!toHash({ ...initialState(info('mse')), label: '1' }, info('mse')).includes('label'));
  const pair = { ...initialState(info('margin_ranking')), pred: '1, 2', target: '2, 1', label: '1, -1' };
  assert.deepEqual(roundTrip(pair).state, pair);
});

test('overlays must be curves the loss can show', () => {
  const keys = overlayCandidates(CATALOGUE, info('mse')).map((c) => c.key);
  assert.deepEqual(keys, ['mse', 'mae', 'huber:0.5', 'huber:1', 'huber:2']);
  assert.deepEqual(overlayCandidates(CATALOGUE, info('cross_entropy')), []);
  assert.deepEqual(overlayCandidates(CATALOGUE, info('binary_focal')).map((c) => c.key), ['bce', 'binary_focal:1', 'binary_focal:2', 'binary_focal:4']);
  const { state, notices } = parseHash('#loss=mse&overlay=mae,bce,huber:2', CATALOGUE, NETWORK);
  assert.deepEqual(state.overlays, ['mae', 'huber:2']);
  assert.equal(notices.length, 1);
});

test('fields come from optionSpecs, plus string options such as expr', () => {
  assert.deepEqual(fieldsOf(info('multi_margin')).map((f) => [f.name, f.kind]), [['reduction', 'reduction'], ['p', 'choice'], ['margin', 'number']]);
  assert.deepEqual(fieldsOf(info('custom')).map((f) => [f.name, f.kind]), [['reduction', 'reduction'], ['expr', 'text']]);
  assert.deepEqual(defaultOptions(info('binary_focal')), { reduction: 'mean', from_logits: true, gamma: '2' });
});

test('callOptions converts control values and names what does not parse', () => {
  assert.deepEqual(callOptions(info('bce'), { reduction: 'sum', weight: '1, 2 0.5' }), { options: { reduction: 'sum', weight: [1, 2, 0.5] }, errors: {} });
  assert.deepEqual(callOptions(info('bce'), { reduction: 'mean', weight: '' }).options, { reduction: 'mean' });
  const bad = callOptions(info('huber'), { reduction: 'mean', delta: 'abc' });
  assert.deepEqual(bad.errors, { delta: "delta: 'abc' is not a number" });
  assert.match(callOptions(info('bce'), { weight: '1, x' }).errors.weight, /'x' \(item 2\) is not a number/);
});

test('the store hands out copies and tells subscribers', () => {
  const store = createStore(initialState(info('mse')));
  const seen = [];
  store.subscribe((s, why) => seen.push([s.pred, why]));
  const before = store.get();
  store.update((s) => { s.pred = '1'; });
  assert.equal(before.pred, '');
  assert.equal(store.get().pred, '1');
  store.update(() => ({ ...initialState(info('mae')) }), 'hash');
  assert.deepEqual(seen, [['1', 'input'], ['', 'hash']]);
});
