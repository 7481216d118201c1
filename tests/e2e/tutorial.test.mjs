// examples/tutorial.html, the page an author copies: three explorers and a trainer in an
// article, from ../dist/elements.js with no build step (scripts/e2e.mjs serves the repository's
// examples/ and dist/ as they are), under the page's strict CSP. The numbers the text quotes,
// the δ slider (an attribute set from the page's script, the loss read from `change`), the
// trainer starting when scrolled to (Compare: two networks), and screenshots (build/screenshots/
// tutorial.png is the README's docs/tutorial.png).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browser, closeBrowser, BASE_URL } from './harness.mjs';

after(closeBrowser);
const SHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));

test('the tutorial: the quoted numbers, the δ slider, the trainer, no problem; screenshots', async () => {
  const context = await (await browser()).newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.addInitScript(() => {
    window.__violations = [];
    window.__epochs = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
    document.addEventListener('epoch', (e) => window.__epochs.push(e.detail), true);
  });
  await page.goto(new URL('examples/tutorial.html', BASE_URL).href);
  const text = (id, testid) => page.locator(`#${id}`).getByTestId(testid).textContent();
  const waitText = (id, testid, pattern) => page.waitForFunction(([id, testid, source]) => {
    const el = document.getElementById(id)?.shadowRoot?.querySelector(`[data-testid="${testid}"]`);
    return el && new RegExp(source).test(el.textContent);
  }, [id, testid, pattern.source], { timeout: 30_000 });

  // The values and gradients the text quotes.
  await waitText('mse', 'loss-value', /^2\.385$/);
  await waitText('mae', 'loss-value', /^1\.05$/);
  await waitText('huber', 'loss-value', /^0\.6925$/);
  assert.equal(await text('mse', 'grad-values'), '-0.25, 0.25, -0.1, 1.5');
  assert.equal(await text('mae', 'grad-values'), '-0.25, 0.25, -0.25, 0.25');
  assert.equal(await text('huber', 'grad-values'), '-0.125, 0.125, -0.05, 0.25');
  // Each curve is drawn for the outlier's target (point="3").
  await page.waitForFunction(() => ['mse', 'mae', 'huber'].every((id) => document.getElementById(id).shadowRoot.querySelector('[data-testid="curve"] .uplot canvas')));
  assert.equal(await page.evaluate(() => document.getElementById('huber').shadowRoot.querySelector('[data-testid="curve-point"]').value), '3');

  // The slider sets `delta`; the readout comes from the element's change event.
  await page.locator('#huber').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}tutorial.png` });
  await page.locator('#delta').fill('2');
  // (0.125 + 0.125 + 0.02 + 2 × (3 − 1)) / 4 = 1.0675
  await page.waitForFunction(() => Math.abs(document.getElementById('huber').value - 1.0675) < 1e-6, null, { timeout: 10_000 });
  assert.match(await text('huber', 'loss-value'), /^1\.06[78]$/);
  assert.equal(await page.locator('#delta-readout').textContent(), 'δ = 2: loss 1.0675');
  assert.equal(await page.evaluate(() => document.getElementById('huber').shadowRoot.querySelector('[data-testid="param-delta"]').value), '2');

  // The trainer has not started; scrolled to, it plays both networks.
  assert.equal(await page.evaluate(() => document.getElementById('trainer').epoch), 0);
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('trainer').epoch >= 100, null, { timeout: 30_000 });
  const last = await page.evaluate(() => window.__epochs.at(-1));
  assert.deepEqual(last.runs.map((r) => r.loss), ['mse', 'huber']);
  assert.ok(last.runs.every((r) => r.trainLoss > 0 && Number.isFinite(r.testLoss)), JSON.stringify(last));
  assert.equal(await page.evaluate(() => document.getElementById('trainer').shadowRoot.querySelector('.trainer-slot').dataset.wasm), 'simd');
  await page.screenshot({ path: `${SHOTS}tutorial-trainer.png` });
  await page.screenshot({ path: `${SHOTS}tutorial-full.png`, fullPage: true });

  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

mkdirSync(SHOTS, { recursive: true });
