// The static site `npm run build` leaves in build/site/, deployed under a sub-path
// (http://host/some/path/) of a plain static file server (tests/e2e/static-server.mjs: no
// rewriting, no fallback). Every file is asked for under the sub-path; the explorer, a link's
// state, the trainer's worker, the baseline build and the in-page links work there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browser, closeBrowser } from './harness.mjs';
import { serveStatic } from './static-server.mjs';

const SITE = fileURLToPath(new URL('../../build/site/', import.meta.url));
const PREFIX = '/some/path/';
let server = null;
before(async () => {
  assert.ok(existsSync(`${SITE}index.html`), 'build/site/ is built first (scripts/build.sh, or scripts/e2e.mjs)');
  server = await serveStatic({ root: SITE, prefix: PREFIX });
});
after(async () => {
  await closeBrowser();
  await server?.close();
});

async function open(url) {
  const context = await (await browser()).newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && page.problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && page.problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('requestfailed', (r) => page.problems.push(`failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector('[data-testid="loss-value"]:not(:empty), [data-testid="loss-error"]:not(:empty)');
  return page;
}

test('build/site under /some/path/: the explorer, a link\'s state, the trainer and its worker', async () => {
  const first = server.requests.length;
  const page = await open(`${server.url}#loss=huber&delta=1&pred=2.5,5.5,1.8,10&target=3,5,2,7`);
  assert.equal(await page.getByTestId('loss-value').textContent(), '0.6925');
  assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'simd');
  await page.waitForFunction(() => document.querySelector('[data-testid="curve"] .uplot canvas'));
  // An edit is written back to this page's address (under the sub-path).
  await page.getByTestId('param-delta').fill('2');
  await page.waitForFunction(() => location.hash.includes('delta=2'));
  assert.equal(new URL(page.url()).pathname, PREFIX);
  // The trainer: its worker script and its .wasm come from under the sub-path too.
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const t = document.querySelector('[data-testid="train-toggle"]');
    return t && !t.disabled;
  }, null, { timeout: 30_000 });
  await page.getByTestId('train-toggle').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]').textContent) >= 50, null, { timeout: 30_000 });
  await page.getByTestId('train-toggle').click();
  // The in-page links scroll, and keep the state.
  await page.locator('nav a[href="#explorer"]').click();
  await page.waitForFunction(() => location.hash.includes('delta=2'));
  const asked = server.requests.slice(first);
  assert.ok(asked.every((p) => p.startsWith(PREFIX)), asked.filter((p) => !p.startsWith(PREFIX)).join());
  for (const kind of [/\.js$/, /\.css$/, /losslab-simd-.*\.wasm$/, /worker-.*\.js$/, /favicon\.svg$/]) {
    assert.ok(asked.some((p) => kind.test(p)), `${kind} asked for: ${asked.join(' ')}`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('build/site under /some/path (no final slash, redirected as static hosts do), with ?simd=0', async () => {
  const page = await open(`${server.url.slice(0, -1)}?simd=0#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7`);
  assert.equal(new URL(page.url()).pathname, PREFIX);
  assert.equal(await page.getByTestId('loss-value').textContent(), '0.1975');
  assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'baseline');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
