// Presets, error paths, URL state, embed mode, sharing and screenshots, on the built page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPage, closeBrowser } from './harness.mjs';
import { PRESETS } from '../../web/src/explorer/presets.js';

after(closeBrowser);

const SHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
const text = (page, id) => page.getByTestId(id).textContent();
const waitMatch = (page, id, source) => page.waitForFunction(([id, source]) => {
  const el = document.querySelector(`[data-testid="${id}"]`);
  return el && new RegExp(source).test(el.textContent);
}, [id, source]);
const waitEmpty = (page, id) => page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent === '', id);

test('presets: each one reproduces its article number', async () => {
  const page = await openPage();
  for (const preset of PRESETS) {
    const button = page.getByTestId(`preset-${preset.key}`);
    assert.equal(await button.isDisabled(), false, `${preset.key} (${preset.loss})`);
    await button.click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="loss-select"]').value === id, preset.loss);
    await waitMatch(page, 'expected', `^expected ${String(preset.expected).replace('.', '\\.')} ✓$`);
    const value = Number(await text(page, 'loss-value'));
    assert.ok(Math.abs(value - preset.expected) <= 1e-6 + 5e-4 * Math.abs(preset.expected), `${preset.key}: ${value}`);
    assert.equal(await text(page, 'loss-error'), '');
  }
  // Editing the data leaves the preset: the expected number goes away.
  await page.getByTestId('predictions').fill('0.5');
  await waitEmpty(page, 'expected');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('error paths: messages beside the field and in loss-error; the page keeps working', async () => {
  const page = await openPage('#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7');
  const expectError = async (field, pattern) => {
    await waitMatch(page, `${field}-error`, pattern);
    assert.match(await text(page, 'loss-error'), new RegExp(pattern));
    assert.equal(await text(page, 'loss-value'), '');
  };

  // Malformed number: names the token and its position.
  await page.getByTestId('predictions').fill('2.5, 5.5x, 1.8, 6.5');
  await expectError('predictions', "'5\\.5x' \\(item 2\\) is not a number");
  assert.equal(await page.getByTestId('predictions').getAttribute('aria-invalid'), 'true');
  // The rest of the page still works while a field is wrong.
  await page.getByTestId('param-reduction').selectOption('sum');
  await page.getByTestId('predictions').fill('2.5, 5.5, 1.8, 6.5');
  await waitEmpty(page, 'loss-error');
  assert.equal(await text(page, 'loss-value'), '0.79');
  assert.equal(await page.getByTestId('predictions').getAttribute('aria-invalid'), null);

  // Shape mismatch (LossLabError SHAPE_MISMATCH): beside the targets.
  await page.getByTestId('targets').fill('3, 5, 2');
  await expectError('targets', 'target has 3 values but input has 4');
  await page.getByTestId('targets').fill('3, 5, 2, 7');
  await waitEmpty(page, 'loss-error');

  // Empty field.
  await page.getByTestId('targets').fill('');
  await expectError('targets', 'no targets yet');
  await page.getByTestId('targets').fill('3, 5, 2, 7');
  await waitEmpty(page, 'loss-error');

  // Out-of-domain probability (OUT_OF_DOMAIN): beside the predictions, then the targets.
  await page.getByTestId('loss-select').selectOption('bce');
  await page.getByTestId('predictions').fill('0.25, 1.2');
  await page.getByTestId('targets').fill('0, 1');
  await expectError('predictions', 'input\\[1\\] = 1\\.2');
  await page.getByTestId('predictions').fill('0.25, 0.8');
  await page.getByTestId('targets').fill('0, 3');
  await expectError('targets', 'target\\[1\\] = 3');
  await page.getByTestId('targets').fill('0, 1');
  await waitEmpty(page, 'loss-error');
  // A vector option that does not parse, then one of the wrong length (BAD_OPTION).
  await page.getByTestId('param-weight').fill('1, x');
  await expectError('param-weight', "'x' \\(item 2\\) is not a number");
  await page.getByTestId('param-weight').fill('1, 2, 3');
  await expectError('param-weight', "option 'weight'");
  await page.getByTestId('param-weight').fill('');
  await waitEmpty(page, 'loss-error');

  // Bad option value (BAD_OPTION): beside its control.
  await page.getByTestId('loss-select').selectOption('huber');
  await page.getByTestId('param-delta').fill('-1');
  await expectError('param-delta', "option 'delta' = -1 must be > 0");
  assert.equal(await page.getByTestId('param-delta').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('param-delta').fill('1.5');
  await waitEmpty(page, 'loss-error');

  await page.getByTestId('loss-select').selectOption('hinge');
  await page.getByTestId('targets').fill('1, 5, -1, 1');
  await page.getByTestId('predictions').fill('1, 2, 3, 4');
  await expectError('targets', 'target\\[1\\] = 5');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('URL state round trip: change controls, reload the hash, get the same page', async () => {
  const page = await openPage();
  const id = 'huber';
  await page.getByTestId('loss-select').selectOption(id);
  await page.getByTestId('param-reduction').selectOption('sum');
  await page.getByTestId('param-delta').fill('0.5');
  await page.getByTestId('predictions').fill('2.5 5.5\t1.8\n10');
  await page.getByTestId('targets').fill('3, 5, 2, 7');
  await page.getByTestId('overlay-mae').check();
  await page.getByTestId('curve-point').selectOption('3');
  await page.waitForFunction(() => location.hash.includes('point=3'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, new RegExp(`^#loss=${id}&reduction=sum&delta=0.5&pred=2.5,5.5,1.8;10&target=3,5,2,7`));
  const read = (p) => p.evaluate(() => ({
    loss: document.querySelector('[data-testid="loss-select"]').value,
    controls: [...document.querySelectorAll('[data-testid^="param-"]:not([data-testid$="-error"])')].map((e) => [e.dataset.testid, e.type === 'checkbox' ? e.checked : e.value]),
    pred: document.querySelector('[data-testid="predictions"]').value,
    target: document.querySelector('[data-testid="targets"]').value,
    overlays: [...document.querySelectorAll('[data-testid="overlays"] input:checked')].map((i) => i.value),
    point: document.querySelector('[data-testid="curve-point"]').value,
    value: document.querySelector('[data-testid="loss-value"]').textContent,
    grad: document.querySelector('[data-testid="grad-values"]').textContent,
  }));
  const before = await read(page);
  const again = await openPage(hash);
  await again.waitForSelector('[data-testid="curve"] canvas');
  const after = await read(again);
  assert.deepEqual(after, { ...before, pred: '2.5, 5.5, 1.8\n10' });
  assert.deepEqual(await again.getByTestId('url-notice').isVisible(), false);
  // Changing the hash by hand (or going back) restores that state too.
  await again.evaluate(() => { location.hash = '#loss=mse&pred=1,2&target=1,4'; });
  await waitMatch(again, 'loss-value', '^2$');
  assert.deepEqual(page.problems, []);
  assert.deepEqual(again.problems, []);
  await page.context().close();
  await again.context().close();
});

test('URL values are validated and bounded; what is ignored is listed', async () => {
  const long = '1,'.repeat(6000);
  const page = await openPage(`#loss=mse&reduction=median&pred=1,x&target=3&bogus=1&delta=2&embed=2&seed=-1&lr=0.01&dataset=circle&layers=2,8,1&activation=tanh&target=${long}`);
  assert.equal(await page.getByTestId('url-notice').isVisible(), true);
  const notice = await text(page, 'url-notice');
  for (const part of ['reduction=median', "'x' (item 2) is not a number", "unknown setting 'bogus'", "mse has no option 'delta'", 'embed=2', 'seed=-1', 'target: longer than 10000 characters']) {
    assert.ok(notice.includes(part), part);
  }
  assert.equal(await page.getByTestId('loss-select').inputValue(), 'mse');
  assert.equal(await page.getByTestId('param-reduction').inputValue(), 'mean');
  // The trainer's keys are kept (and written back) even though the explorer does not use them.
  await page.getByTestId('predictions').fill('1');
  await page.getByTestId('targets').fill('3');
  await page.waitForFunction(() => location.hash.includes('pred=1&'));
  assert.match(await page.evaluate(() => location.hash), /&dataset=circle&layers=2,8,1&activation=tanh&lr=0\.01$/);
  // Unknown loss ids fall back, with a notice.
  const other = await openPage('#loss=nonexistent');
  assert.match(await text(other, 'url-notice'), /loss 'nonexistent' is not available here/);
  assert.equal(await text(other, 'loss-error'), '');
  // Hostile text stays text.
  const hostile = await openPage('#loss=custom&expr=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&pred=1&target=2');
  assert.equal(await hostile.getByTestId('param-expr').inputValue(), '<img src=x onerror=alert(1)>');
  assert.equal(await hostile.locator('img[src="x"]').count(), 0);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
  assert.deepEqual(hostile.problems, []);
  for (const p of [page, other, hostile]) await p.context().close();
});

test('embed=1 hides the page chrome', async () => {
  const page = await openPage('#loss=mse&embed=1');
  for (const selector of ['.site-header', '.site-footer', 'nav', '.lede']) {
    assert.equal(await page.locator(selector).first().isVisible(), false, selector);
  }
  assert.equal(await page.getByTestId('loss-value').isVisible(), true);
  await page.getByTestId('predictions').fill('1, 2');
  await page.getByTestId('targets').fill('1, 4');
  await page.waitForFunction(() => location.hash.endsWith('&embed=1'));
  const full = await openPage('#loss=mse');
  assert.equal(await full.locator('.site-header').isVisible(), true);
  assert.deepEqual(page.problems, []);
  await page.context().close();
  await full.context().close();
});

test('Share copies the link, or shows it to copy when the clipboard is unavailable', async () => {
  const page = await openPage('#loss=mse&pred=1,2&target=1,4');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share').click();
  await waitMatch(page, 'share-status', 'Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /#loss=mse&pred=1,2&target=1,4$/);

  const denied = await openPage('#loss=mse&pred=3&target=1');
  await denied.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  await denied.getByTestId('share').click();
  await waitMatch(denied, 'share-status', 'Copy this link');
  assert.match(await denied.getByTestId('share-link').inputValue(), /#loss=mse&pred=3&target=1$/);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(denied.problems, []);
  await page.context().close();
  await denied.context().close();
});

test('the Content-Security-Policy holds: no violations, no inline script', async () => {
  const page = await openPage('#loss=mse');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.equal(await page.locator('script:not([src])').count(), 0);
  await page.waitForSelector('[data-testid="formula"] .katex');
  await page.waitForSelector('[data-testid="curve"] canvas');
  assert.equal(await page.locator('style').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screenshots: phone (390×844) and desktop', async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const [name, width, height] of [['phone-390x844', 390, 844], ['desktop-1280x900', 1280, 900]]) {
    const page = await openPage('#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7', { width, height });
    await page.waitForSelector('[data-testid="formula"] .katex');
    await page.waitForSelector('[data-testid="curve"] canvas');
    await page.evaluate(() => document.fonts.ready);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${name}: the page scrolls sideways`);
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
