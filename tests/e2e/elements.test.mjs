// The custom elements without a build step, as a CDN serves them: a plain HTML page on one origin
// imports elements.js from a copy of dist/ on another origin (CORS), under a strict CSP (no
// 'unsafe-inline', no 'unsafe-eval'; the CDN allowed for scripts and fetches, and blob: for the
// trainer's worker, which a browser will not start from another origin's URL). Checked: the
// values, the shadow roots' data-testid hooks, one .wasm download for every element, training,
// scroll-driven start / pause / resume, attributes and properties, events, compact,
// controls="none", theming through --losslab-*, no <style> element or CSP violation. Then the
// same page with a CSP that refuses blob: workers: the trainer says it cannot start, the
// explorers still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { browser, closeBrowser } from './harness.mjs';
import { serveStatic } from './static-server.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PAGES = fileURLToPath(new URL('../../build/e2e-elements/', import.meta.url));
const CDN_PATH = '/npm/losslab@0.1.0/dist/';

let cdn = null;
let site = null;
let csp = '';
before(async () => {
  cdn = await serveStatic({ root: DIST, prefix: CDN_PATH, cors: true });
  csp = (workers) => [
    "default-src 'self'", `script-src 'self' ${cdn.origin} 'wasm-unsafe-eval'`, `connect-src 'self' ${cdn.origin}`,
    "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "object-src 'none'", "base-uri 'self'",
    ...(workers ? [`worker-src ${workers}`] : []),
  ].join('; ');
  rmSync(PAGES, { recursive: true, force: true });
  mkdirSync(PAGES, { recursive: true });
  writeFileSync(`${PAGES}page.css`, [
    'body { font-family: Georgia, serif; max-width: 760px; margin: 0 auto; }',
    '.spacer { height: 2600px; }',
    '#themed { --losslab-accent: rgb(124, 58, 237); --losslab-font: "DejaVu Serif", serif; }',
  ].join('\n'));
  const page = (title) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="page.css">
<script type="module" src="${cdn.url}elements.js"></script></head>
<body>
<h1>${title}</h1>
<losslab-explorer id="mse" loss="mse" pred="2.5, 5.5, 1.8, 6.5" target="3, 5, 2, 7"></losslab-explorer>
<losslab-explorer id="mae" loss="mae" pred="2.5 5.5 1.8 6.5" target="3 5 2 7" compact></losslab-explorer>
<losslab-explorer id="huber" loss="huber" delta="1" pred="2.5, 5.5, 1.8, 10" target="3, 5, 2, 7" controls="none"></losslab-explorer>
<losslab-trainer id="themed" loss="bce_with_logits" dataset="circle" autoplay compact></losslab-trainer>
<div class="spacer"></div>
<losslab-trainer id="far" loss="mse" dataset="sine_outliers" compare="mse,huber"></losslab-trainer>
</body></html>
`;
  writeFileSync(`${PAGES}index.html`, page('Elements from another origin'));
  const plain = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sizes</title><link rel="icon" href="data:,">
<script type="module" src="${cdn.url}elements.js"></script></head><body>${body}</body></html>\n`;
  writeFileSync(`${PAGES}explorer.html`, plain('<losslab-explorer loss="huber" compact></losslab-explorer>'));
  writeFileSync(`${PAGES}both.html`, plain('<losslab-explorer loss="huber" compact></losslab-explorer><losslab-trainer compact autoplay></losslab-trainer>'));
  writeFileSync(`${PAGES}no-blob.html`, page('No blob: workers'));
  site = await serveStatic({
    root: PAGES,
    headers: (path) => (path.endsWith('.html') || path.endsWith('/')
      ? { 'content-security-policy': csp(path.endsWith('no-blob.html') ? null : 'blob:') }
      : {}),
  });
});
after(async () => {
  await closeBrowser();
  await cdn?.close();
  await site?.close();
});

/** The page, with what went wrong collected: console errors and warnings, page errors, CSP
 *  violations (also those in shadow roots: the listener captures), and the elements' events. */
async function open(path) {
  const context = await (await browser()).newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && page.problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`failed: ${r.url()}`));
  await page.addInitScript(() => {
    window.__violations = [];
    window.__events = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
    for (const type of ['change', 'epoch']) {
      document.addEventListener(type, (e) => {
        if (!e.target.localName?.startsWith('losslab-')) return;
        const d = e.detail;
        window.__events.push({ type, id: e.target.id, value: type === 'change' ? d.value : d.epoch, trainLoss: d.trainLoss });
      }, true);
    }
  });
  await page.goto(`${site.url}${path}`);
  return page;
}

const value = (page, id) => page.locator(`#${id}`).getByTestId('loss-value').textContent();
const waitValue = (page, id, pattern) => page.waitForFunction(([id, source]) => {
  const el = document.getElementById(id)?.shadowRoot?.querySelector('[data-testid="loss-value"]');
  return el && new RegExp(source).test(el.textContent);
}, [id, pattern.source], { timeout: 30_000 });
const epochOf = (page, id) => page.evaluate((id) => document.getElementById(id).epoch, id);
const waitEpoch = (page, id, min) => page.waitForFunction(([id, min]) => document.getElementById(id).epoch >= min, [id, min], { timeout: 30_000 });
const displayed = (page, id, testid) => page.evaluate(([id, testid]) => {
  const el = document.getElementById(id).shadowRoot.querySelector(`[data-testid="${testid}"]`);
  return Boolean(el && el.getClientRects().length > 0);
}, [id, testid]);
/** How many times the worker script was asked for since request number `from`. */
const workerFetches = (from) => cdn.requests.slice(from).filter((p) => p.endsWith('/trainer-worker.js')).length;

test('from another origin under a strict CSP: three explorers and a trainer, one .wasm download, nothing blocked', async () => {
  const before = cdn.requests.length;
  const page = await open('index.html');
  await waitValue(page, 'mse', /^0\.1975$/);
  await waitValue(page, 'mae', /^0\.425$/);
  await waitValue(page, 'huber', /^0\.6925$/);
  // Open shadow roots with the page's hooks.
  assert.equal(await page.locator('#huber').getByTestId('grad-values').textContent(), '-0.125, 0.125, -0.05, 0.25');
  assert.equal(await page.evaluate(() => document.getElementById('mse').shadowRoot.querySelector('[data-testid="loss-select"]').value), 'mse');
  // Below the explorers, the trainers have not started: no worker yet, no epoch.
  assert.equal(workerFetches(before), 0);
  assert.equal(await epochOf(page, 'themed'), 0);
  // Scrolled into view, the autoplay trainer plays by itself and reports its epochs.
  await page.locator('#themed').scrollIntoViewIfNeeded();
  await waitEpoch(page, 'themed', 30);
  assert.ok(await page.evaluate(() => document.getElementById('themed').running));
  assert.match(await page.locator('#themed').getByTestId('train-loss').textContent(), /^\d/);
  const events = await page.evaluate(() => window.__events);
  assert.ok(events.some((e) => e.type === 'epoch' && e.id === 'themed' && e.value > 0 && e.trainLoss > 0), JSON.stringify(events.slice(-3)));
  assert.deepEqual(events.filter((e) => e.type === 'change').map((e) => e.id).sort(), ['huber', 'mae', 'mse']);
  assert.ok(Math.abs(events.find((e) => e.id === 'huber').value - 0.6925) < 1e-6);
  // The far trainer has not started its worker: one worker script was asked for so far.
  assert.equal(await epochOf(page, 'far'), 0);
  assert.equal(workerFetches(before), 1);
  // One download of one .wasm (the SIMD build) for all five elements and the worker.
  const wasm = cdn.requests.slice(before).filter((p) => p.endsWith('.wasm'));
  assert.deepEqual(wasm, [`${CDN_PATH}losslab-simd.wasm`]);
  assert.equal(await page.evaluate(() => document.getElementById('themed').shadowRoot.querySelector('.trainer-slot').dataset.wasm), 'simd');
  // Styles: adopted sheets only (no <style> element anywhere), the theme applied.
  const styles = await page.evaluate(() => [...document.querySelectorAll('losslab-explorer, losslab-trainer')]
    .map((el) => ({ adopted: el.shadowRoot.adoptedStyleSheets.length, inline: el.shadowRoot.querySelectorAll('style, link[rel=stylesheet]').length })));
  assert.ok(styles.every((s) => s.adopted >= 3 && s.inline === 0), JSON.stringify(styles));
  assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 0);
  const theme = await page.evaluate(() => {
    const root = document.getElementById('themed').shadowRoot;
    return {
      play: getComputedStyle(root.querySelector('[data-testid="train-toggle"]')).backgroundColor,
      font: getComputedStyle(root.querySelector('.trainer-slot')).fontFamily,
      other: getComputedStyle(document.getElementById('far')).getPropertyValue('--accent').trim(),
    };
  });
  assert.equal(theme.play, 'rgb(124, 58, 237)');
  assert.match(theme.font, /DejaVu Serif/);
  assert.equal(theme.other, '#1d4ed8', 'an element without the theme keeps the page\'s accent');
  // compact and controls="none".
  assert.ok(await displayed(page, 'mse', 'terms-table'));
  assert.ok(!(await displayed(page, 'mae', 'terms-table')), 'compact: no table');
  assert.ok(await displayed(page, 'mae', 'predictions'), 'compact: the data stays');
  assert.ok(await displayed(page, 'mae', 'curve'), 'compact: the curve stays');
  assert.ok(!(await displayed(page, 'huber', 'loss-select')), 'controls=none: no picker');
  assert.ok(!(await displayed(page, 'huber', 'predictions')), 'controls=none: no data boxes');
  assert.ok(await displayed(page, 'huber', 'curve'));
  assert.ok(!(await displayed(page, 'themed', 'dataset-select')), 'compact trainer: no settings');
  assert.ok(await displayed(page, 'themed', 'train-toggle'));
  assert.ok(await displayed(page, 'themed', 'boundary'));
  assert.ok(await displayed(page, 'themed', 'loss-curves'));

  // Scrolled to the far trainer: its worker starts (a second worker script), the first pauses.
  const far = page.locator('#far');
  await far.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.getElementById('themed').running, null, { timeout: 10_000 });
  await page.waitForFunction(() => {
    const t = document.getElementById('far').shadowRoot.querySelector('[data-testid="train-toggle"]');
    return t && !t.disabled;
  }, null, { timeout: 30_000 });
  assert.equal(workerFetches(before), 2);
  assert.equal(await epochOf(page, 'far'), 0, 'no autoplay: it waits for Play');
  await far.getByTestId('train-toggle').click();
  await waitEpoch(page, 'far', 20);
  const paused = await epochOf(page, 'themed');
  await page.waitForTimeout(300);
  assert.ok((await epochOf(page, 'themed')) - paused <= 60, 'out of view: paused');
  // Back up: the far one pauses, the first one resumes.
  await page.locator('#themed').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.getElementById('far').running && document.getElementById('themed').running, null, { timeout: 10_000 });
  await waitEpoch(page, 'themed', paused + 30);

  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('attributes are observed, properties reflect them, typing is kept, events follow', async () => {
  const page = await open('index.html');
  await waitValue(page, 'mse', /^0\.1975$/);
  // An attribute change (mse of the outlier data: (0.25 + 0.25 + 0.04 + 9) / 4).
  await page.evaluate(() => document.getElementById('mse').setAttribute('pred', '2.5, 5.5, 1.8, 10'));
  await waitValue(page, 'mse', /^2\.385$/);
  // A property: the loss (mae of the same data: (0.5 + 0.5 + 0.2 + 3) / 4).
  await page.evaluate(() => { document.getElementById('mse').loss = 'mae'; });
  await waitValue(page, 'mse', /^1\.05$/);
  assert.ok(Math.abs(await page.evaluate(() => document.getElementById('mse').value) - 1.05) < 1e-6);
  assert.equal(await page.evaluate(() => document.getElementById('mse').shadowRoot.querySelector('[data-testid="loss-select"]').value), 'mae');
  // The reader types into the shadow root; an author's later change of another key keeps it.
  await page.locator('#mse').getByTestId('targets').fill('3, 5, 2, 10');
  await waitValue(page, 'mse', /^0\.3$/);
  await page.evaluate(() => { document.getElementById('mse').compact = true; });
  assert.ok(!(await displayed(page, 'mse', 'terms-table')));
  await page.evaluate(() => document.getElementById('mse').setAttribute('reduction', 'sum'));
  await waitValue(page, 'mse', /^1\.2$/);
  // A refused value: named where authors look, the default kept.
  await page.evaluate(() => document.getElementById('huber').setAttribute('delta', '-2'));
  await page.waitForFunction(() => document.getElementById('huber').shadowRoot.querySelector('[data-testid="loss-value"]').textContent === '0.6925');
  const warned = page.problems.filter((p) => p.includes('delta=-2'));
  assert.equal(warned.length, 1, page.problems.join('\n'));
  page.problems = page.problems.filter((p) => !p.includes('delta=-2'));
  // Data the loss refuses: the error in the result, and in the event.
  await page.evaluate(() => document.getElementById('mae').setAttribute('target', '3, 5'));
  await page.waitForFunction(() => document.getElementById('mae').result?.error !== '');
  const last = await page.evaluate(() => ({ ...document.getElementById('mae').result, events: window.__events.filter((e) => e.id === 'mse').map((e) => e.value) }));
  assert.equal(last.value, null);
  assert.match(last.error, /target/i);
  for (const [got, want] of last.events.slice(-4).map((v, i) => [v, [2.385, 1.05, 0.3, 1.2][i]])) assert.ok(Math.abs(got - want) < 1e-5, `${got} vs ${want}`);
  // A trainer removed from the page lets its worker go; put back, it starts afresh.
  await page.evaluate(() => { window.__removed = document.getElementById('themed'); window.__removed.remove(); });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__removed.running), false);
  await page.evaluate(() => { document.body.prepend(window.__removed); window.scrollTo(0, 0); });
  await page.waitForFunction(() => window.__removed.epoch >= 10, null, { timeout: 30_000 });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a CSP without worker-src blob: the trainer from another origin says it cannot start; the explorers work', async () => {
  const page = await open('no-blob.html');
  await waitValue(page, 'huber', /^0\.6925$/);
  await page.locator('#themed').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /could not start/.test(document.getElementById('themed').shadowRoot
    .querySelector('[data-testid="train-message"]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.equal(await epochOf(page, 'themed'), 0);
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.length >= 1 && violations.every((v) => v.startsWith('worker-src blob')), violations.join());
  // The browser's own report of the refusal is the only problem.
  assert.ok(page.problems.every((p) => /worker-src|blob:|Refused/.test(p)), page.problems.join('\n'));
  await page.context().close();
});

test('sizes: what a page with one explorer downloads, and with a trainer too (JS + SIMD wasm, compressed)', async () => {
  /** The files `path` makes the browser fetch from the CDN, once it shows `ready`. */
  async function fetched(path, ready) {
    const from = cdn.requests.length;
    const page = await open(path);
    await page.waitForFunction(ready, null, { timeout: 30_000 });
    await page.waitForTimeout(300);
    const files = [...new Set(cdn.requests.slice(from))].map((p) => p.slice(CDN_PATH.length));
    assert.deepEqual(page.problems, []);
    await page.context().close();
    return files;
  }
  const explorer = await fetched('explorer.html', () => document.querySelector('losslab-explorer').shadowRoot?.querySelector('[data-testid="curve"] .uplot canvas'));
  const both = await fetched('both.html', () => document.querySelector('losslab-trainer').epoch >= 10);
  const size = (files) => files.reduce((sum, f) => {
    const bytes = readFileSync(`${DIST}${f}`);
    return {
      raw: sum.raw + bytes.length,
      gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length,
      brotli: sum.brotli + brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }, { raw: 0, gzip: 0, brotli: 0 });
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const line = (label, files) => {
    const js = size(files.filter((f) => f.endsWith('.js') || f.endsWith('.mjs')));
    const wasm = size(files.filter((f) => f.endsWith('.wasm')));
    console.log(`# ${label}: ${files.length} files; gzip -9: JS ${kb(js.gzip)} + wasm ${kb(wasm.gzip)} = ${kb(js.gzip + wasm.gzip)}; brotli: ${kb(js.brotli + wasm.brotli)}; raw ${kb(js.raw + wasm.raw)}`);
    return js.gzip + wasm.gzip;
  };
  const alone = line('explorer alone', explorer);
  const withTrainer = line('explorer and trainer', both);
  console.log(`# explorer alone: ${explorer.join(' ')}`);
  console.log(`# the trainer adds: ${both.filter((f) => !explorer.includes(f)).join(' ')}`);
  // What loads: the SIMD .wasm only; KaTeX (the custom loss's formulas) and the trainer's code
  // only when used; nothing inlined (a .wasm as base64 in a script would add ~700 KB).
  assert.deepEqual(explorer.filter((f) => f.endsWith('.wasm')), ['losslab-simd.wasm']);
  assert.ok(!explorer.some((f) => /katex|trainer/.test(f)), explorer.join(' '));
  assert.ok(both.includes('trainer-worker.js') && both.some((f) => /^elements-trainer-mount/.test(f)), both.join(' '));
  assert.ok(!both.some((f) => /katex|losslab-base/.test(f)), both.join(' '));
  assert.ok(alone < 320 * 1024 && withTrainer < alone + 60 * 1024, `${kb(alone)}, ${kb(withTrainer)}`);
});
