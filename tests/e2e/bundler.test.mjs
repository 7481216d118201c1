// The packed package through four bundlers, as users' apps use it: the same two-file app (in
// build/consumer/<bundler>-app) imports `losslab` (the tarball installed by scripts/consumer.sh)
// and `losslab/elements`; Vite, webpack 5, esbuild and Rollup build it, each with no
// LossLab-specific configuration; Chromium runs each result. Each must load the SIMD build by
// default and the baseline one with { simd: false } (both computing the article's MSE), register
// the elements (kept although imported only for their side effect: package.json's
// `sideEffects` lists dist/elements.js), show an explorer's value and train in a trainer's worker.
//
// Vite and webpack emit the files the package finds with new URL(…, import.meta.url) (the two
// .wasm and trainer-worker.js) by themselves. esbuild and Rollup leave that expression alone, so
// their apps copy those three files next to the bundle, as the README says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';
import * as esbuild from 'esbuild';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { browser, closeBrowser } from './harness.mjs';
import { serveStatic } from './static-server.mjs';

const CONSUMER = fileURLToPath(new URL('../../build/consumer/', import.meta.url));
const PACKAGE_DIST = `${CONSUMER}node_modules/losslab/dist/`;
/** What a bundler that leaves new URL(…, import.meta.url) alone must be given beside the bundle. */
const BESIDE = ['losslab-simd.wasm', 'losslab-base.wasm', 'trainer-worker.js'];

const MAIN = `import createLossLab from 'losslab';
import 'losslab/elements';

const out = document.getElementById('out');
const pred = [2.5, 5.5, 1.8, 6.5], target = [3, 5, 2, 7];
Promise.all([createLossLab(), createLossLab({ simd: false })]).then(
  ([auto, base]) => {
    out.textContent = JSON.stringify({
      autoSimd: auto.simd, baseSimd: base.simd,
      auto: auto.loss('mse', pred, target).value, base: base.loss('mse', pred, target).value,
      elements: ['losslab-explorer', 'losslab-trainer'].map((name) => Boolean(customElements.get(name))),
    });
  },
  (error) => { out.textContent = 'error: ' + error.message; },
);
`;
const BODY = `<pre id="out"></pre>
<losslab-explorer id="explorer" loss="huber" delta="1" pred="2.5, 5.5, 1.8, 10" target="3, 5, 2, 7" compact></losslab-explorer>
<losslab-trainer id="trainer" loss="bce_with_logits" dataset="circle" compact autoplay></losslab-trainer>`;
const html = (script) => `<!doctype html><title>app</title><link rel="icon" href="data:,">\n${BODY}\n${script}\n`;

/** Writes the app's sources into build/consumer/<name>-app/ (fresh) and returns its folder. */
function app(name) {
  const dir = `${CONSUMER}${name}-app/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}main.js`, MAIN);
  return dir;
}

/** Copies the package's new URL(…) files next to a bundle (the esbuild and Rollup recipe). */
function copyBeside(out) {
  for (const file of BESIDE) copyFileSync(`${PACKAGE_DIST}${file}`, `${out}${file}`);
}

const BUNDLERS = {
  async vite(dir) {
    writeFileSync(`${dir}index.html`, html('<script type="module" src="./main.js"></script>'));
    await viteBuild({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: `${dir}dist`, emptyOutDir: true } });
    const assets = readdirSync(`${dir}dist/assets`);
    for (const flavour of ['simd', 'base']) {
      assert.ok(assets.some((f) => new RegExp(`^losslab-${flavour}-.*\\.wasm$`).test(f)), `losslab-${flavour}.wasm emitted: ${assets.join(' ')}`);
    }
    assert.ok(assets.some((f) => /^trainer-worker-.*\.js$/.test(f)), `trainer-worker.js emitted: ${assets.join(' ')}`);
    return `${dir}dist/`;
  },
  async webpack(dir) {
    const out = `${dir}dist/`;
    const stats = await new Promise((resolve, reject) => {
      webpack({ mode: 'production', context: dir, entry: './main.js', output: { path: out, clean: true } }, (error, result) => (error ? reject(error) : resolve(result)));
    });
    assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
    writeFileSync(`${out}index.html`, html('<script defer src="./main.js"></script>'));
    const files = readdirSync(out);
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 2, `two .wasm emitted: ${files.join(' ')}`);
    return out;
  },
  async esbuild(dir) {
    const out = `${dir}dist/`;
    const result = await esbuild.build({ entryPoints: [`${dir}main.js`], bundle: true, format: 'esm', outdir: out, logLevel: 'silent' });
    assert.deepEqual(result.errors, []);
    copyBeside(out);
    writeFileSync(`${out}index.html`, html('<script type="module" src="./main.js"></script>'));
    return out;
  },
  async rollup(dir) {
    const out = `${dir}dist/`;
    const bundle = await rollup({ input: `${dir}main.js`, plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
    await bundle.write({ dir: out, format: 'es' });
    await bundle.close();
    copyBeside(out);
    writeFileSync(`${out}index.html`, html('<script type="module" src="./main.js"></script>'));
    return out;
  },
};

const servers = [];
before(() => {
  assert.ok(existsSync(`${CONSUMER}node_modules/losslab/package.json`), 'scripts/consumer.sh installs the tarball first');
});
after(async () => {
  await closeBrowser();
  for (const s of servers) await s.close();
});

for (const [name, bundle] of Object.entries(BUNDLERS)) {
  test(`${name}: an app importing losslab and losslab/elements builds and runs both builds, an explorer and a trainer in Chromium`, async () => {
    const started = Date.now();
    const out = await bundle(app(name));
    const built = Date.now() - started;
    const server = await serveStatic({ root: out });
    servers.push(server);
    const context = await (await browser()).newContext({ viewport: { width: 1000, height: 1400 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    const wasm = [];
    page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname.split('/').pop()));
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('out').textContent !== '');
    const text = await page.locator('#out').textContent();
    assert.doesNotMatch(text, /^error/, text);
    const result = JSON.parse(text);
    assert.equal(result.autoSimd, true);
    assert.equal(result.baseSimd, false);
    for (const key of ['auto', 'base']) assert.ok(Math.abs(result[key] - 0.1975) < 1e-6, `${key}: ${result[key]}`);
    assert.deepEqual(result.elements, [true, true], 'both elements registered');
    // Both flavours fetched (webpack names its assets by content hash alone).
    if (name === 'webpack') assert.equal(new Set(wasm).size, 2, wasm.join(' '));
    else assert.ok(wasm.some((f) => f.startsWith('losslab-simd')) && wasm.some((f) => f.startsWith('losslab-base')), wasm.join(' '));
    // The elements: the explorer's value, the trainer training in its worker.
    await page.waitForFunction(() => document.getElementById('explorer').shadowRoot?.querySelector('[data-testid="loss-value"]')?.textContent === '0.6925', null, { timeout: 30_000 });
    await page.waitForFunction(() => document.getElementById('trainer').epoch >= 20, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.getElementById('trainer').shadowRoot.querySelector('.trainer-slot').dataset.wasm), 'simd');
    assert.deepEqual(problems, []);
    console.log(`# ${name}: built in ${(built / 1000).toFixed(1)} s; ${readdirSync(out).length} files in its output`);
    await context.close();
  });
}
