// The packed package through a bundler, as a user's app uses it: a two-file app in
// build/consumer/vite-app imports `losslab` (the tarball installed by scripts/consumer.sh),
// Vite builds it with no LossLab-specific configuration, and Chromium runs the result. Both
// .wasm files must be emitted as assets, the SIMD one loaded by default and the baseline one
// with { simd: false }, and both must compute the article's MSE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { browser, closeBrowser } from './harness.mjs';

const CONSUMER = fileURLToPath(new URL('../../build/consumer/', import.meta.url));
const APP = `${CONSUMER}vite-app/`;
const OUT = `${APP}dist/`;

let server = null;
after(async () => {
  await closeBrowser();
  await server?.close();
});

const MAIN = `import createLossLab from 'losslab';
const out = document.getElementById('out');
const pred = [2.5, 5.5, 1.8, 6.5], target = [3, 5, 2, 7];
Promise.all([createLossLab(), createLossLab({ simd: false })]).then(
  ([auto, base]) => {
    out.textContent = JSON.stringify({
      autoSimd: auto.simd, baseSimd: base.simd,
      auto: auto.loss('mse', pred, target).value, base: base.loss('mse', pred, target).value,
    });
  },
  (error) => { out.textContent = 'error: ' + error.message; },
);
`;

test('a Vite-built app that imports the packed losslab runs both builds in Chromium', async () => {
  assert.ok(existsSync(`${CONSUMER}node_modules/losslab/package.json`), 'scripts/consumer.sh installs the tarball first');
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  writeFileSync(`${APP}index.html`, '<!doctype html><title>app</title><link rel="icon" href="data:,"><pre id="out"></pre><script type="module" src="./main.js"></script>\n');
  writeFileSync(`${APP}main.js`, MAIN);

  await build({ root: APP, configFile: false, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
  const assets = readdirSync(`${OUT}assets`);
  for (const flavour of ['simd', 'base']) {
    assert.ok(assets.some((f) => new RegExp(`^losslab-${flavour}-.*\\.wasm$`).test(f)), `losslab-${flavour}.wasm emitted: ${assets.join(' ')}`);
  }

  server = await preview({ root: APP, configFile: false, logLevel: 'warn', build: { outDir: OUT }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls.local[0];
  const context = await (await browser()).newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname.split('/').pop()));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('out').textContent !== '');
  const text = await page.locator('#out').textContent();
  assert.doesNotMatch(text, /^error/, text);
  const result = JSON.parse(text);
  assert.equal(result.autoSimd, true);
  assert.equal(result.baseSimd, false);
  for (const key of ['auto', 'base']) assert.ok(Math.abs(result[key] - 0.1975) < 1e-6, `${key}: ${result[key]}`);
  assert.ok(wasm.some((f) => f.startsWith('losslab-simd')) && wasm.some((f) => f.startsWith('losslab-base')), wasm.join(' '));
  assert.deepEqual(problems, []);
  await context.close();
});
