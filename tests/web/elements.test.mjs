// The custom elements' pure parts (web/src/elements/): attributes read as the page's URL keys
// (through parseHash, so checked as a link is), attribute changes merged into what the reader
// did, and the page's style sheet made fit for a shadow root. The elements themselves run in
// Chromium: tests/e2e/elements.test.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createLossLab from '../../dist/node.js';
import { urlKeys, attributePairs, hashOf, stateFromAttributes, stateAfterChange } from '../../web/src/elements/attributes.js';
import { hostCss } from '../../web/src/elements/host-css.js';
import { TRAINER_KEY_NAMES } from '../../web/src/state.js';

let lab;
before(async () => {
  lab = await createLossLab();
});

/** Stands in for an element: its attributes as [name, value]. */
const element = (attrs) => ({ attributes: Object.entries(attrs).map(([name, value]) => ({ name, value })) });
const read = (attrs) => stateFromAttributes(lab, attributePairs(element(attrs), urlKeys(lab.losses)));

test('the state keys are the explorer\'s, every option of every loss, and the trainer\'s', () => {
  const keys = urlKeys(lab.losses);
  for (const k of ['loss', 'pred', 'target', 'negative', 'overlay', 'point', 'delta', 'reduction', 'expr', ...TRAINER_KEY_NAMES]) assert.ok(keys.has(k), k);
  for (const k of ['compact', 'controls', 'autoplay', 'class', 'style', 'id', 'embed']) assert.ok(!keys.has(k), k);
});

test('attributes are read as a link is: values, data as typed, examples for what is missing', () => {
  const { state, notices } = read({ loss: 'huber', delta: '0.5', pred: '2.5  5.5\n1.8, 10', target: '3, 5, 2, 7', compact: '', class: 'x' });
  assert.deepEqual(notices, []);
  assert.equal(state.loss, 'huber');
  assert.equal(state.options.delta, '0.5');
  assert.equal(state.pred, '2.5, 5.5\n1.8, 10');
  assert.equal(state.embed, false);
  const bare = read({ loss: 'mse' }).state;
  assert.ok(bare.pred.length > 0 && bare.target.length > 0, 'example data when none is given');
});

test('a refused attribute is named and left at its default', () => {
  const { state, notices } = read({ loss: 'huber', delta: '-1', lr: '99', dataset: 'circle' });
  assert.equal(String(state.options.delta), '1');
  assert.equal(state.trainer.lr, undefined);
  assert.equal(state.trainer.dataset, 'circle');
  assert.equal(notices.length, 2, notices.join(' | '));
  assert.match(notices.join(' '), /delta=-1/);
  assert.match(notices.join(' '), /lr=99/);
});

test('an attribute change keeps what the reader typed; a new loss starts from the attributes', () => {
  const attrs = { loss: 'huber', delta: '1', pred: '1, 2', target: '1, 3' };
  const first = read(attrs).state;
  const typed = { ...first, target: '5, 5', overlays: ['mae'] };
  const keys = urlKeys(lab.losses);
  const after = stateAfterChange(lab, typed, attributePairs(element({ ...attrs, delta: '2' }), keys), new Set(['delta'])).state;
  assert.equal(after.options.delta, '2');
  assert.equal(after.target, '5, 5');
  assert.deepEqual(after.overlays, ['mae']);
  const removed = stateAfterChange(lab, after, attributePairs(element({ loss: 'huber', pred: '1, 2', target: '1, 3' }), keys), new Set(['delta'])).state;
  assert.equal(String(removed.options.delta), '1', 'a removed attribute goes back to its default');
  const other = stateAfterChange(lab, typed, attributePairs(element({ ...attrs, loss: 'mae' }), keys), new Set(['loss'])).state;
  assert.equal(other.loss, 'mae');
  assert.equal(other.target, '1, 3');
  assert.deepEqual(other.overlays, []);
});

test('hashOf encodes what parseHash decodes', () => {
  assert.equal(hashOf([['expr', 'abs(x - y)^1.5'], ['pred', '1,2;3,4']]), '#expr=abs(x%20-%20y)%5E1.5&pred=1%2C2%3B3%2C4');
  assert.equal(read({ loss: 'custom', expr: 'abs(x - y)^1.5 & y=2' }).state.options.expr, 'abs(x - y)^1.5 & y=2'); // not split at '&'
});

test('the page\'s style sheet on the host: :root rules move, variables and font become --losslab-*', () => {
  const css = ':root{--accent:#1d4ed8;--mono:ui-monospace, monospace;color-scheme:light;font-family:system-ui, sans-serif;color:var(--text)}'
    + '@media (prefers-color-scheme: dark){:root{--accent:#93c5fd}}.card{color:var(--accent)}:root .x{margin:0}';
  const out = hostCss(css);
  assert.doesNotMatch(out.replace(':root .x', ''), /:root/);
  assert.match(out, /:host\{--accent: var\(--losslab-accent, #1d4ed8\);--mono: var\(--losslab-mono, ui-monospace, monospace\);color-scheme:light;font-family: var\(--losslab-font, system-ui, sans-serif\);color:var\(--text\)\}/);
  assert.match(out, /@media \(prefers-color-scheme: dark\)\{:host\{--accent: var\(--losslab-accent, #93c5fd\)\}\}/);
  assert.match(out, /\.card\{color:var\(--accent\)\}/);
  // The build's light-dark() switches stay as written (`initial` only works written out).
  const built = hostCss(':root,body{--lightningcss-light:initial;--lightningcss-dark: ;--text:var(--lightningcss-light,#111)var(--lightningcss-dark,#eee)}');
  assert.equal(built, ':host,body{--lightningcss-light:initial;--lightningcss-dark: ;--text: var(--losslab-text, var(--lightningcss-light,#111)var(--lightningcss-dark,#eee))}');
  // The page's own sheet: every variable it defines becomes settable.
  const page = hostCss(readFileSync(new URL('../../web/src/styles.css', import.meta.url), 'utf8'));
  for (const name of ['accent', 'text', 'card', 'border']) assert.match(page, new RegExp(`--${name}: var\\(--losslab-${name}, `));
  assert.match(page, /font-family: var\(--losslab-font, /);
});
