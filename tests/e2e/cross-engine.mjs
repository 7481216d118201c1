// The cross-engine subset of the browser suite: what a student does first, in each engine
// (firefox.test.mjs, webkit.test.mjs; Chromium runs the full suite and this one too, in
// chromium.test.mjs). Explorer with an article preset, an error beside its field, URL state,
// embed mode, the trainer playing a few hundred epochs (its speed printed), Compare, the export
// buttons, the baseline (non-SIMD) build forced with ?simd=0, axe-core on the explorer in the
// light and the dark scheme, and the custom elements (the tutorial page, examples/tutorial.html,
// with no build step). After every test nothing may
// have gone wrong in the page: no uncaught error, unhandled rejection, console error or
// warning, worker error, failed resource or CSP violation (tests/e2e/probe.js records them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from '../../dist/node.js';
import { launch, BASE_URL } from './engines.mjs';
import { AXE_RULES, AXE_URL, describeViolations, runAxeInPage } from './axe.mjs';

const TIMEOUT = { timeout: 120_000 };
const ARTICLE = '#loss=mse&pred=2.5,5.5,1.8,6.5&target=3,5,2,7';

/** Registers the subset for engine `name` ('chromium' | 'firefox' | 'webkit'). */
export function crossEngineSuite(name) {
  let engine = null;
  let page = null;
  let lab = null;

  before(async () => {
    lab = await createLossLab();
    engine = await launch(name);
    page = engine.page;
    console.log(`# ${name}: ${engine.version}`);
  });
  after(async () => {
    await engine?.close();
  });

  /** Nothing went wrong in the page since the last check. */
  const clean = async () => assert.deepEqual(await page.problems(), [], `${name}: problems in the page`);
  const epoch = async () => Number(await page.text('epoch'));
  const waitEpoch = (min, options) => page.waitFor((m) => Number(document.querySelector('[data-testid="epoch"]').textContent) >= m, [min], { what: `epoch ≥ ${min}`, ...options });

  /** Scrolls to the trainer and waits until the worker has drawn epoch 0. */
  async function openTrainer() {
    await page.run(() => document.getElementById('trainer').scrollIntoView());
    await page.waitFor(() => {
      const toggle = document.querySelector('[data-testid="train-toggle"]');
      const loss = document.querySelector('[data-testid="train-loss"]');
      return Boolean(toggle && !toggle.disabled && loss && loss.textContent !== '—');
    }, [], { what: 'the trainer to be ready' });
  }

  /** Clicks the buttons, then waits for their downloads (kept by the probe): { name: file }. */
  async function downloads(testids) {
    for (const id of testids) await page.click(id);
    const files = await page.waitFor(async (n) => {
      const got = (window.__downloads ??= []);
      got.push(...(await window.__e2e.downloads()));
      return got.length >= n && got;
    }, [testids.length], { what: `${testids.length} downloads` });
    return Object.fromEntries(files.map((f) => [f.name, f]));
  }
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  /** Distinct colours among a canvas's pixels (sampled). */
  const colours = (testid) => page.run((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, testid);

  test(`${name}: the features the page relies on are there; the ones it can do without are reported`, TIMEOUT, async () => {
    await page.open(ARTICLE);
    const features = await page.run(() => ({
      wasmSimd: document.body.dataset.wasm === 'simd',
      structuredClone: typeof structuredClone === 'function',
      resizeObserver: typeof ResizeObserver === 'function',
      intersectionObserver: typeof IntersectionObserver === 'function',
      cssIs: CSS.supports('selector(:is(a))'),
      mathml: typeof MathMLElement === 'function',
      requestIdleCallback: typeof requestIdleCallback === 'function',
      offscreenCanvas: typeof OffscreenCanvas === 'function',
      cssHas: CSS.supports('selector(:has(a))'),
      containerQueries: CSS.supports('container-type: inline-size'),
    }));
    const { requestIdleCallback, offscreenCanvas, cssHas, containerQueries, ...required } = features;
    for (const [feature, present] of Object.entries(required)) assert.ok(present, `${name} lacks ${feature}`);
    console.log(`# ${name}: optional features ${JSON.stringify({ requestIdleCallback, offscreenCanvas, cssHas, containerQueries })} (the page uses requestIdleCallback when present, the others not)`);
    await clean();
  });

  test(`${name}: explorer — an article preset, its formula, its curve, and the table and curve exports`, TIMEOUT, async () => {
    await page.open();
    await page.click('preset-huber');
    await page.waitText('expected', /^expected 0\.6925 ✓$/);
    assert.equal(await page.run(() => document.querySelector('[data-testid="loss-select"]').value), 'huber');
    assert.ok(Math.abs(Number(await page.text('loss-value')) - 0.6925) < 1e-4);
    assert.equal(await page.text('loss-error'), '');
    // The formula (MathML typeset at build time) and the curve (uPlot, loaded once per page).
    assert.ok(await page.run(() => Boolean(document.querySelector('[data-testid="formula"] .katex math'))));
    await page.waitFor(() => document.querySelectorAll('[data-testid="curve"] .uplot canvas').length > 0, [], { what: 'the uPlot curve' });
    const files = await downloads(['export-csv', 'export-png']);
    assert.deepEqual(Object.keys(files).sort(), ['losslab-huber-curve.png', 'losslab-huber.csv']);
    const rows = files['losslab-huber.csv'].text.trim().split('\n');
    assert.equal(rows[0], 'index,input,target,term,share,grad,pull');
    assert.equal(rows.length, 5);
    assert.deepEqual(files['losslab-huber-curve.png'].head, PNG);
    await clean();
  });

  test(`${name}: an error is shown beside its field, and goes when fixed`, TIMEOUT, async () => {
    await page.open(ARTICLE);
    await page.fill('predictions', '2.5, 5.5x, 1.8, 6.5');
    await page.waitText('predictions-error', /'5\.5x' \(item 2\) is not a number/);
    assert.match(await page.text('loss-error'), /5\.5x/);
    assert.equal(await page.run(() => document.querySelector('[data-testid="predictions"]').getAttribute('aria-invalid')), 'true');
    await page.fill('predictions', '2.5, 5.5, 1.8, 6.5');
    await page.waitText('loss-value', /^0\.1975$/);
    assert.equal(await page.text('predictions-error'), '');
    // An option out of its range, beside its control.
    await page.select('loss-select', 'huber');
    await page.fill('param-delta', '-1');
    await page.waitText('param-delta-error', /option 'delta' = -1 must be > 0/);
    await page.fill('param-delta', '1.5');
    await page.waitFor(() => document.querySelector('[data-testid="loss-error"]').textContent === '', [], { what: 'the error to clear' });
    await clean();
  });

  test(`${name}: URL state — a link opens the same page, and edits are written back`, TIMEOUT, async () => {
    const hash = '#loss=huber&delta=0.5&pred=2.5,5.5,1.8,10&target=3,5,2,7';
    await page.open(hash);
    const expected = lab.loss('huber', [2.5, 5.5, 1.8, 10], [3, 5, 2, 7], { delta: 0.5 }).value;
    assert.equal(await page.run(() => document.querySelector('[data-testid="param-delta"]').value), '0.5');
    assert.ok(Math.abs(Number(await page.text('loss-value')) - expected) < 5e-4 * expected, `${await page.text('loss-value')} vs ${expected}`);
    await page.select('param-reduction', 'sum');
    const written = await page.waitFor(() => location.hash.includes('reduction=sum') && location.hash, [], { what: 'the hash to follow' });
    const sum = await page.text('loss-value');
    await page.open(written);
    assert.equal(await page.run(() => document.querySelector('[data-testid="param-reduction"]').value), 'sum');
    assert.equal(await page.text('loss-value'), sum);
    await clean();
  });

  test(`${name}: accessibility — axe-core finds no violation on the explorer, light and dark (theme=dark)`, TIMEOUT, async () => {
    for (const [hash, scheme] of [[ARTICLE, 'light'], [`${ARTICLE}&theme=dark`, 'dark']]) {
      await page.open(hash);
      assert.equal(await page.run(() => document.body.dataset.scheme), scheme);
      const result = await page.run(runAxeInPage, AXE_URL, AXE_RULES);
      assert.deepEqual(describeViolations(result), [], `${name}, ${scheme}: axe violations`);
      console.log(`# ${name}: axe, explorer ${scheme}: 0 violations (${AXE_RULES.length} rules)`);
    }
    await clean();
  });

  test(`${name}: embed=1 hides the page chrome`, TIMEOUT, async () => {
    await page.open('#loss=mse&embed=1');
    const shown = () => page.run(() => ['.site-header', '.site-footer', 'nav', '.lede', '[data-testid="loss-value"]']
      .map((s) => document.querySelector(s).getClientRects().length > 0));
    assert.deepEqual(await shown(), [false, false, false, false, true]);
    await page.open('#loss=mse');
    assert.deepEqual(await shown(), [true, true, true, true, true]);
    await clean();
  });

  test(`${name}: the trainer plays a few hundred epochs; the loss falls; the loss chart draws`, TIMEOUT, async () => {
    await page.open();
    await openTrainer();
    assert.equal(await epoch(), 0);
    const before = Number(await page.text('train-loss'));
    assert.ok((await colours('boundary')) > 20, 'the boundary is painted');
    assert.equal(await page.run(() => document.getElementById('trainer').dataset.wasm), 'simd');
    await page.click('train-toggle');
    // Epochs per second at the default network (circle, 2-8-8-1 tanh, Adam, batch 10, auto
    // speed), measured between epoch 50 and epoch 350 with the page's clock.
    const start = await page.waitFor(() => {
      const e = Number(document.querySelector('[data-testid="epoch"]').textContent);
      return e >= 50 && { e, t: performance.now() };
    }, [], { what: 'epoch ≥ 50' });
    const end = await page.waitFor((e0) => {
      const e = Number(document.querySelector('[data-testid="epoch"]').textContent);
      return e >= e0 + 300 && { e, t: performance.now() };
    }, [start.e], { what: `epoch ≥ ${start.e + 300}` });
    const rate = ((end.e - start.e) * 1000) / (end.t - start.t);
    const stats = await page.text('train-stats');
    await page.click('train-toggle');
    console.log(`# ${name}: ${engine.version}: trainer ${Math.round(rate)} epochs/s at the default network (epochs ${start.e}→${end.e}; the page says: ${stats})`);
    await page.waitText('train-toggle', /^Play$/);
    await page.waitFor(() => document.querySelector('[data-testid="train-loss"]').textContent !== '', []);
    const after = Number(await page.text('train-loss'));
    assert.ok(after < before * 0.5, `loss ${before} → ${after}`);
    assert.match(await page.text('accuracy'), /^\d+(\.\d)?%$/);
    const legend = await page.waitFor(() => document.querySelector('[data-testid="loss-curves"] .u-legend')?.textContent, [], { what: 'the loss chart' });
    assert.ok(legend.includes('train') && legend.includes('test'), legend);
    // Paused: the epoch stays put.
    const paused = await epoch();
    await new Promise((r) => setTimeout(r, 400));
    assert.ok((await epoch()) - paused <= 40, 'frames already on their way at most');
    await clean();
  });

  test(`${name}: Compare — cross-entropy against focal on imbalanced data`, TIMEOUT, async () => {
    await page.open();
    await openTrainer();
    await page.click('compare-preset-ce-focal');
    await page.waitFor(() => location.hash.includes('compare=cross_entropy,focal') && location.hash.includes('dataset=imbalanced'), [], { what: 'the preset in the hash' });
    await page.waitFor(() => !document.querySelector('[data-testid="train-toggle"]').disabled
      && document.querySelector('[data-testid="recall"]')?.textContent.endsWith('%'), [], { what: 'both networks' });
    await page.click('train-toggle');
    await waitEpoch(60);
    await page.click('train-toggle');
    await page.waitText('train-toggle', /^Play$/);
    const recall = [await page.text('recall'), await page.text('recall-b')];
    assert.ok(recall.every((r) => /^\d+(\.\d)?%$/.test(r)), recall.join());
    const legend = await page.waitFor(() => {
      const text = document.querySelector('[data-testid="loss-curves"] .u-legend')?.textContent ?? '';
      return text.includes('focal train') && text;
    }, [], { what: 'both networks on the loss chart' });
    assert.ok(legend.includes('cross_entropy train'), legend);
    assert.equal(await page.run(() => document.querySelector('[data-testid="boundary-b"]').closest('[hidden]') === null), true);
    assert.ok((await colours('boundary-b')) > 20, 'the second plot is painted');
    await clean();
  });

  test(`${name}: trainer exports — weights JSON that lab.network loads, loss curves CSV, plot PNG`, TIMEOUT, async () => {
    await page.open('#loss=cross_entropy&dataset=blobs&classes=4');
    await openTrainer();
    for (let i = 1; i <= 3; i++) {
      await page.click('train-step');
      await page.waitFor((n) => document.querySelector('[data-testid="epoch"]').textContent === String(n), [i], { what: `epoch ${i}` });
    }
    const byName = await downloads(['trainer-export-json', 'trainer-export-csv', 'trainer-export-png']);
    assert.deepEqual(Object.keys(byName).sort(), ['losslab-blobs-cross_entropy.json', 'losslab-blobs-curves.csv', 'losslab-blobs-plot.png']);
    const net = lab.network(JSON.parse(byName['losslab-blobs-cross_entropy.json'].text));
    assert.deepEqual([net.info.inputSize, net.info.outputSize, net.info.epochs], [2, 4, 3]);
    net.dispose();
    const lines = byName['losslab-blobs-curves.csv'].text.trim().split('\n');
    assert.equal(lines[0], 'epoch,train_loss,test_loss,train_accuracy,test_accuracy');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['0', '1', '2', '3']);
    assert.deepEqual(byName['losslab-blobs-plot.png'].head, PNG);
    assert.ok(byName['losslab-blobs-plot.png'].size > 2000, `${byName['losslab-blobs-plot.png'].size} bytes`);
    await clean();
  });

  test(`${name}: ?simd=0 forces the baseline build, in the page and in the trainer's worker`, TIMEOUT, async () => {
    await page.open(ARTICLE, { query: 'simd=0' });
    assert.equal(await page.run(() => document.body.dataset.wasm), 'baseline');
    assert.equal(await page.text('loss-value'), '0.1975');
    const wasm = await page.run(() => performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()).filter((n) => n.endsWith('.wasm')));
    assert.ok(wasm.length === 1 && /^losslab-base/.test(wasm[0]), `fetched ${wasm.join(', ')}`);
    await openTrainer();
    assert.equal(await page.run(() => document.getElementById('trainer').dataset.wasm), 'baseline');
    const before = Number(await page.text('train-loss'));
    await page.click('train-toggle');
    await waitEpoch(100);
    await page.waitText('train-stats', /epochs\/s .* wasm baseline$/); // written while it plays
    await page.click('train-toggle');
    await page.waitText('train-toggle', /^Play$/);
    assert.ok(Number(await page.text('train-loss')) < before, 'the baseline build trains');
    await clean();
  });

  test(`${name}: custom elements — the tutorial's three explorers and its trainer (examples/tutorial.html)`, TIMEOUT, async () => {
    await page.go(new URL(`examples/tutorial.html?e2e=1&visit=${++page.visits}`, BASE_URL).href);
    await page.waitFor(() => Boolean(window.__e2e), [], { what: 'the e2e probe to load' });
    const values = await page.waitFor(() => {
      const got = ['mse', 'mae', 'huber'].map((id) => document.getElementById(id)?.shadowRoot?.querySelector('[data-testid="loss-value"]')?.textContent);
      return got.every(Boolean) && got;
    }, [], { what: 'the explorers\' values' });
    assert.deepEqual(values, ['2.385', '1.05', '0.6925']);
    assert.equal(await page.run(() => document.getElementById('trainer').epoch), 0, 'the trainer waits to be scrolled to');
    await page.run(() => document.getElementById('trainer').scrollIntoView());
    await page.waitFor(() => document.getElementById('trainer').epoch >= 50, [], { what: 'the trainer element to train' });
    assert.equal(await page.run(() => document.getElementById('trainer').shadowRoot.querySelector('.trainer-slot').dataset.wasm), 'simd');
    await clean();
  });
}
