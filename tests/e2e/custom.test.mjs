// The custom loss on the page: the user's expression typeset live with KaTeX (loaded only when
// the custom loss is shown), its value matching lab.loss, the parser's column for a malformed
// expression, and the loss curve with built-in overlays. The page has a strict CSP: no
// console problems allowed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, closeBrowser } from './harness.mjs';
import createLossLab from '../../dist/node.js';

after(closeBrowser);

const lab = await createLossLab();
const text = (page, id) => page.getByTestId(id).textContent();
const waitMatch = (page, id, source) => page.waitForFunction(([id, source]) => {
  const el = document.querySelector(`[data-testid="${id}"]`);
  return el && new RegExp(source).test(el.textContent);
}, [id, source]);
const katexScripts = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => /\/katex[^/]*\.js$/.test(new URL(e.name).pathname)).length);

const PRED = [2.5, 5.5, 1.8, 6.5];
const TARGET = [3, 5, 2, 7];
const EXPR = 'abs(x - y)^1.5';

test('custom: the expression is typeset, computed, validated and plotted', async () => {
  const page = await openPage('#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7');
  // A built-in loss needs no KaTeX script: its formula was typeset at build time.
  await page.waitForSelector('[data-testid="formula"] .katex');
  assert.equal(await katexScripts(page), 0, 'KaTeX loaded before the custom loss was shown');

  await page.getByTestId('loss-select').selectOption('custom');
  await page.getByTestId('param-expr').fill(EXPR);

  // Typeset: |x - y|^{1.5} with KaTeX's own markup (loaded on demand now).
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="formula"]');
    return f.querySelector('.katex') && /1\.5/.test(f.textContent) && f.textContent.includes('ℓ');
  });
  assert.equal(await katexScripts(page), 1);
  const annotation = await page.locator('[data-testid="formula"] annotation').textContent();
  assert.equal(annotation, lab.expression(EXPR).latex);
  assert.equal(annotation, '\\ell(x, y) = \\lvert x - y\\rvert^{1.5}');

  // The value: mean |d|^1.5 for the article example, as lab.loss computes it.
  const expected = PRED.reduce((s, p, i) => s + Math.abs(p - TARGET[i]) ** 1.5, 0) / PRED.length;
  const computed = lab.loss('custom', PRED, TARGET, { expr: EXPR }).value;
  assert.ok(Math.abs(computed - expected) < 1e-6, `${computed} vs ${expected}`);
  await waitMatch(page, 'loss-value', '^0\\.2875');
  assert.equal(await text(page, 'loss-error'), '');

  // The curve is drawn for the custom loss, and a built-in can be overlaid on it.
  await page.waitForSelector('[data-testid="curve"] canvas');
  await page.waitForFunction(() => /loss of custom .*your points?: x 2\.5, loss 0\.3536/i
    .test(document.querySelector('[data-testid="curve"]').getAttribute('aria-label')));
  const series = () => page.evaluate(() => document.querySelectorAll('[data-testid="curve"] .u-legend .u-series').length);
  const before = await series();
  const overlays = await page.evaluate(() => [...document.querySelectorAll('[data-testid="overlays"] input')].map((i) => i.value));
  for (const id of ['mae', 'mse']) {
    if (!overlays.includes(id)) continue;
    await page.getByTestId(`overlay-${id}`).check();
  }
  const added = ['mae', 'mse'].filter((id) => overlays.includes(id)).length;
  assert.ok(added > 0, `no regression overlays for custom: ${overlays}`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="curve"] .u-legend .u-series').length === n, before + added);

  // Live: a new expression re-typesets (debounced) and recomputes; the curve follows.
  await page.getByTestId('param-expr').fill('(x - y)^2 / 2');
  await page.waitForFunction(() => document.querySelector('[data-testid="formula"] annotation')?.textContent
    === '\\ell(x, y) = \\frac{(x - y)^{2}}{2}');
  await waitMatch(page, 'loss-value', '^0\\.09875');
  await page.waitForFunction(() => /x 2\.5, loss 0\.125/.test(document.querySelector('[data-testid="curve"]').getAttribute('aria-label')));

  // Malformed: the error with its column, the marker, and the text in place of the formula.
  await page.getByTestId('param-expr').fill('abs(x - ');
  await waitMatch(page, 'param-expr-error', 'at column 9');
  assert.match(await text(page, 'loss-error'), /column 9/);
  assert.equal(await page.locator('.expr-marker mark').count(), 1);
  assert.equal(await page.locator('.expr-marker mark').getAttribute('aria-label'), 'column 9');
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="formula"]');
    return !f.querySelector('.katex') && f.textContent === 'abs(x - ';
  });

  // Fixed again: typeset again, no error.
  await page.getByTestId('param-expr').fill(EXPR);
  await page.waitForFunction(() => document.querySelector('[data-testid="formula"] annotation')?.textContent
    === '\\ell(x, y) = \\lvert x - y\\rvert^{1.5}');
  await waitMatch(page, 'loss-value', '^0\\.2875');
  assert.equal(await text(page, 'loss-error'), '');

  // Back to a built-in: its prerendered formula, not the expression.
  await page.getByTestId('loss-select').selectOption('mse');
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="formula"]');
    return f.querySelector('.katex') && !f.textContent.includes('1.5') && !f.title;
  });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('custom from a link: typeset on load', async () => {
  const page = await openPage(`#loss=custom&expr=${encodeURIComponent('max(0, 1 - x*y)')}&pred=2.5,5.5,1.8,6.5&target=3,5,2,7`);
  await page.waitForFunction(() => document.querySelector('[data-testid="formula"] annotation')?.textContent
    === '\\ell(x, y) = \\max(0, 1 - x \\cdot y)');
  await page.waitForSelector('[data-testid="curve"] canvas');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
