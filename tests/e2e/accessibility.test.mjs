// Accessibility of the built page (Chromium through playwright-core): axe-core, injected from
// node_modules (nothing from the network), on the page's states — the initial page, the trainer
// while it trains, Compare (both presets), embed=1, a 390 px phone, and dark mode (the system's,
// and the toggle's) — with zero violations of any impact; then what axe cannot see: keyboard
// order and focus, the keyboard path to add points, live regions, disabled controls and their
// reason, charts' text alternatives, no sideways scrolling at 360 px, a tap adds a point, the
// theme toggle in the URL. Screenshots of dark mode and the phone layout go to build/screenshots/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPage, closeBrowser, trainerReady as harnessTrainerReady } from './harness.mjs';
import { AXE_RULES, AXE_URL, describeViolations, runAxeInPage } from './axe.mjs';

after(closeBrowser);

const SHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const waitFor = (page, fn, arg, timeout = 30_000) => page.waitForFunction(fn, arg, { timeout });
const epochOf = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="epoch"]').textContent));
const waitEpoch = (page, n) => waitFor(page, (n) => Number(document.querySelector('[data-testid="epoch"]').textContent) >= n, n);
const trainerReady = (page) => harnessTrainerReady(page, 30_000);

/** A fresh page at `hash` once the explorer has a result and the trainer panel is built. */
async function open(hash = '', { width = 1280, height = 900, colorScheme = 'light', hasTouch = false } = {}) {
  const page = await openPage(hash, { width, height, colorScheme, hasTouch, isMobile: hasTouch });
  await page.waitForSelector('#trainer .trainer-grid');
  return page;
}

/** axe-core's violations on the page as it is now (AXE_RULES only; axe served by scripts/e2e.mjs). */
async function axe(page) {
  return describeViolations(await page.evaluate(`(${runAxeInPage})(${JSON.stringify(AXE_URL)}, ${JSON.stringify(AXE_RULES)})`));
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
    assert.equal(await page.evaluate(() => document.body.dataset.scheme), colorScheme);
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

test('dark mode by the toggle: kept in the URL, clean for axe, and back', async () => {
  const page = await open('#loss=mse', { colorScheme: 'light' });
  const toggle = page.getByTestId('theme-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  await waitFor(page, () => location.hash.includes('theme=dark') && document.body.dataset.scheme === 'dark');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(15, 20, 27)', 'the dark background (--bg)');
  await assertClean(page, 'dark by the toggle (system light)');
  // the link keeps it
  const again = await open(await page.evaluate(() => location.hash), { colorScheme: 'light' });
  assert.equal(await again.evaluate(() => document.body.dataset.scheme), 'dark');
  assert.equal(await again.evaluate(() => getComputedStyle(document.body).backgroundColor), background);
  await again.getByTestId('theme-toggle').click();
  await waitFor(again, () => location.hash.includes('theme=light') && document.body.dataset.scheme === 'light');
  assert.deepEqual([...page.problems, ...again.problems], []);
  await page.context().close();
  await again.context().close();
});

/** The focusable elements in Tab order from the top of the page (one lap). */
async function tabLap(page, max = 260) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const all = [...document.querySelectorAll('*')];
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      return {
        key: el.dataset.testid || el.id || `${el.tagName.toLowerCase()}:${(el.textContent || '').trim().slice(0, 20)}`,
        index: all.indexOf(el),
        ring,
        visible: el.getClientRects().length > 0,
      };
    });
    if (!info || (seen.length && info.key === seen[0].key && info.index === seen[0].index)) break;
    seen.push(info);
  }
  return seen;
}

test('keyboard: every control in a sensible (document) order, focus always visible, points added by keyboard', async () => {
  const page = await open('#loss=bce_with_logits&dataset=circle&n=200');
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  const lap = await tabLap(page);
  const keys = lap.map((s) => s.key);
  // document order: each stop comes after the one before (no tabindex jumps)
  for (let i = 1; i < lap.length; i++) assert.ok(lap[i].index > lap[i - 1].index, `Tab order goes back at ${keys[i - 1]} → ${keys[i]}`);
  // the focus ring is visible on every stop
  assert.deepEqual(lap.filter((s) => !s.ring || !s.visible).map((s) => s.key), [], 'stops without a visible focus ring');
  // every enabled, visible control of the page is a stop
  const controls = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')]
    .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden]'))
    .map((el) => el.dataset.testid || el.id || `${el.tagName.toLowerCase()}:${(el.textContent || '').trim().slice(0, 20)}`));
  assert.deepEqual(controls.filter((k) => !keys.includes(k)), [], 'controls Tab never reaches');
  const order = ['skip-link-or-first', 'theme-toggle', 'share', 'loss-select', 'predictions', 'targets', 'train-toggle', 'boundary', 'trainer-export-csv', 'compare-toggle', 'dataset-select', 'points-csv', 'trainer-loss', 'seed-input'];
  const positions = order.slice(1).map((k) => keys.indexOf(k));
  assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `order: ${keys.join(' ')}`);
  assert.ok(keys[0].startsWith('a:Skip to the loss'), keys[0]);
  console.log(`# keyboard: ${lap.length} Tab stops, in document order, each with a focus ring`);

  // Adding points by keyboard: the plot takes focus, arrows move a cross-hair, Enter adds a point.
  const before = Number(await page.getByTestId('point-count').getAttribute('data-total'));
  await page.getByTestId('boundary').focus();
  assert.match(await page.getByTestId('boundary-cursor').textContent(), /Cross-hair at x1 0, x2 0/);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
  assert.match(await page.getByTestId('boundary-cursor').textContent(), /Cross-hair at x1 [1-9][.\d]*, x2 [1-9]/);
  await page.getByTestId('click-class').selectOption('0');
  await page.getByTestId('boundary').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, (n) => Number(document.querySelector('[data-testid="point-count"]').dataset.total) === n + 1, before);
  await waitFor(page, () => location.hash.includes('points='));
  const point = await page.evaluate(() => decodeURIComponent(location.hash.match(/points=([^&]*)/)?.[1] ?? ''));
  const [x1, x2, label] = point.split(',').map(Number);
  assert.ok(x1 > 0 && x2 > 0 && label === 0, point);
  assert.match(await page.getByTestId('boundary-cursor').textContent(), /Point added at x1/);
  assert.match(await page.getByTestId('point-count').textContent(), /\(1 yours\)/);
  assert.equal(await page.getByTestId('point-count').getAttribute('aria-live'), 'polite');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screen readers: polite live regions for the loss, errors and training (not every frame); text alternatives for charts', async () => {
  const page = await open('#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7');
  // the explorer: value and errors are polite live regions
  assert.equal(await page.getByTestId('loss-value').getAttribute('aria-live'), 'polite');
  assert.equal(await page.getByTestId('loss-error').getAttribute('aria-live'), 'polite');
  await page.getByTestId('predictions').fill('2.5, 5.5, x');
  await waitFor(page, () => document.querySelector('[data-testid="loss-error"]').textContent !== '');
  assert.equal(await page.getByTestId('export-csv').isDisabled(), true);
  assert.equal(await page.getByTestId('export-csv').getAttribute('aria-describedby'), 'results-error');
  await page.getByTestId('predictions').fill('2.5, 5.5, 1.8, 6.5');
  await waitFor(page, () => document.querySelector('[data-testid="loss-value"]').textContent === '0.1975');

  // charts: a name, and a caption that says where the numbers are
  const alt = (id) => page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const described = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean).map((ref) => document.getElementById(ref)?.textContent ?? '');
    return { role: el.getAttribute('role'), label: el.getAttribute('aria-label') ?? '', described: described.join(' ') };
  }, id);
  const curve = await alt('curve');
  assert.equal(curve.role, 'img');
  assert.match(curve.label, /Loss of mse against the prediction, for target 3; your point: x 2\.5, loss 0\.25/);
  assert.match(curve.described, /numbers are in the table above/);
  // the legend shows values without a pointer over the chart
  await waitFor(page, () => document.querySelector('[data-testid="curve"] .u-legend'));
  assert.ok(!(await page.locator('[data-testid="curve"] .u-legend').textContent()).includes('—'));

  // the trainer: the reason beside disabled buttons, then its live status
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  const boundary = await alt('boundary');
  assert.equal(boundary.role, 'application');
  assert.match(boundary.label, /Decision boundary · bce_with_logits\. Arrow keys move a cross-hair; Enter adds a point there\./);
  assert.match(boundary.described, /200 training points \(filled\), 200 test points \(rings\)\. The numbers are in the table below/);
  assert.match(boundary.described, /Background: the predicted probability of class 1 \(orange: class 0, purple: class 1/);
  const lossChart = await alt('loss-curves');
  assert.equal(lossChart.role, 'img');
  assert.match(lossChart.described, /Solid lines: loss on the training points; dashed: on the test points\..*CSV/);

  const status = page.getByTestId('train-status');
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await page.getByTestId('epoch').getAttribute('aria-live'), 'off');
  await page.evaluate(() => {
    window.statusChanges = [];
    new MutationObserver(() => window.statusChanges.push(document.querySelector('[data-testid="train-status"]').textContent))
      .observe(document.querySelector('[data-testid="train-status"]'), { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('train-toggle').click();
  await waitEpoch(page, 300);
  await page.waitForTimeout(500);
  const whilePlaying = await page.evaluate(() => window.statusChanges.slice());
  assert.deepEqual(whilePlaying, ['Training from epoch 0.'], 'one announcement for the whole run');
  await page.getByTestId('train-toggle').click();
  await waitFor(page, () => window.statusChanges.length === 2);
  const paused = await page.evaluate(() => window.statusChanges[1]);
  const epoch = await epochOf(page);
  assert.equal(paused.match(/^Paused at epoch ([\d,]+)\./)?.[1].replace(',', ''), String(epoch), paused);
  assert.match(paused, /Test loss \d[\d.e-]*, accuracy \d+(\.\d)?%\.$/);
  await page.getByTestId('train-step').click();
  await waitFor(page, (e) => window.statusChanges.at(-1)?.startsWith(`Epoch ${(e + 1).toLocaleString('en')}.`), epoch);
  // the loss chart's legend shows the latest values (the stepped epoch), not '—'
  await waitFor(page, (e) => document.querySelector('[data-testid="loss-curves"] .u-legend')?.textContent.includes(String(e + 1)), epoch);
  assert.ok(!(await page.locator('[data-testid="loss-curves"] .u-legend').textContent()).includes('—'));
  await page.getByTestId('train-reset').click();
  await waitFor(page, () => window.statusChanges.at(-1) === 'Back to epoch 0: the network starts again.');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('disabled controls look disabled and say why: the trainer before its worker is ready', async () => {
  const page = await open('#loss=bce_with_logits', { width: 1280, height: 700 });
  // The worker starts when the panel comes into view: until then Play waits, and says so.
  const toggle = page.getByTestId('train-toggle');
  assert.equal(await toggle.isDisabled(), true);
  assert.equal(await page.getByTestId('train-why').textContent(), 'Starting the trainer…');
  assert.equal(await toggle.getAttribute('aria-describedby'), 'trainer-why');
  const look = () => toggle.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, border: s.borderTopStyle, colour: s.color };
  });
  const disabled = await look();
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  const enabled = await look();
  assert.equal(disabled.border, 'dashed');
  assert.equal(enabled.border, 'solid');
  assert.notEqual(disabled.background, enabled.background);
  assert.notEqual(disabled.colour, enabled.colour);
  assert.equal(await page.getByTestId('train-why').textContent(), '');
  // Other disabled controls: their reason is on screen and linked.
  assert.equal(await page.getByTestId('points-clear').isDisabled(), true);
  assert.equal(await page.getByTestId('points-clear-why').textContent(), 'You have added none.');
  await page.getByTestId('dataset-select').selectOption('own');
  await waitFor(page, () => document.querySelector('[data-testid="noise-input"]').disabled);
  assert.equal(await page.getByTestId('noise-input').getAttribute('aria-describedby'), 'trainer-dataset-summary');
  assert.match(await page.getByTestId('train-why').textContent(), /Add points to train on first/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('phones: nothing scrolls sideways at 360 px, in every section and state; a tap adds a point', async () => {
  const states = [
    '#loss=mse', '#loss=cross_entropy', '#loss=triplet_margin', '#loss=custom', '#loss=mse&embed=1',
    '#loss=bce_with_logits&dataset=spiral', '#loss=cross_entropy&dataset=blobs&classes=6', '#loss=triplet_margin&dataset=blobs',
  ];
  const check = async (page, what) => {
    const sections = await page.evaluate(() => [...document.querySelectorAll('header, main section, footer')]
      .filter((el) => el.getClientRects().length > 0).map((el, i) => el.id || el.getAttribute('aria-labelledby') || el.className || String(i)));
    for (const [i, name] of sections.entries()) {
      const r = await page.evaluate((i) => {
        const el = [...document.querySelectorAll('header, main section, footer')].filter((e) => e.getClientRects().length > 0)[i];
        el.scrollIntoView({ block: 'start' });
        return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, right: el.getBoundingClientRect().right };
      }, i);
      assert.ok(r.scroll <= r.inner && r.right <= r.inner + 0.5, `${what}, section ${name}: ${JSON.stringify(r)}`);
    }
    return sections.length;
  };
  let checked = 0;
  for (const hash of states) {
    const page = await open(hash, { width: 360, height: 760 });
    await page.locator('#trainer').scrollIntoViewIfNeeded();
    await trainerReady(page);
    checked += await check(page, hash);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
  const page = await open('#loss=mse', { width: 360, height: 760, hasTouch: true });
  for (const key of ['mse-huber', 'ce-focal']) {
    await comparePreset(page, key);
    await startTraining(page, 20);
    await page.getByTestId('train-toggle').click();
    checked += await check(page, `Compare ${key}`);
  }
  console.log(`# 360 px: ${checked} sections checked in ${states.length + 2} states, none wider than the screen`);

  // A tap on the one-input plot adds a point where it lands.
  await page.getByTestId('compare-toggle').uncheck();
  await waitFor(page, () => !location.hash.includes('compare='));
  await trainerReady(page);
  const before = Number(await page.getByTestId('point-count').getAttribute('data-total'));
  const box = await page.getByTestId('boundary').boundingBox();
  await page.getByTestId('boundary').tap({ position: { x: box.width * 0.25, y: box.height * 0.2 } });
  await waitFor(page, (n) => Number(document.querySelector('[data-testid="point-count"]').dataset.total) === n + 1, before);
  await waitFor(page, () => location.hash.includes('points='));
  const point = await page.evaluate(() => decodeURIComponent(location.hash.match(/points=([^&]*)/)?.[1] ?? ''));
  const [x, y] = point.split(',').map(Number);
  assert.ok(x < 0 && y > 1, `tapped at the upper left: ${point}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
