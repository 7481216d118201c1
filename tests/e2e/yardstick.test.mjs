// Compare's common yardstick on the built page: after a preset trains, the page shows both
// networks measured on the same held-out points, and those are the numbers the claim test
// (tests/web/compare-claims.test.mjs) asserts on: this file trains the page's own state (read back
// from its URL) to the page's epoch in Node and requires the same figures, then checks the claim
// the preset makes at that epoch.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, closeBrowser } from './harness.mjs';
import createLossLab from '../../dist/node.js';
import { parseHash } from '../../web/src/state.js';
import { derive } from '../../web/src/trainer/derive.js';
import { measureYardstick } from '../../web/src/trainer/yardstick.js';
import { formatNumber, formatPercent } from '../../web/src/format.js';

after(closeBrowser);

const lab = await createLossLab();
const waitFor = (page, fn, arg, timeout = 60_000) => page.waitForFunction(fn, arg, { timeout });
const text = (page, id) => page.getByTestId(id).textContent();

/** The preset trained on the page to at least `epochs` epochs, paused; its epoch and hash. */
async function trainPreset(page, key, epochs) {
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled);
  await page.getByTestId(`compare-preset-${key}`).click();
  await waitFor(page, () => location.hash.includes('compare='));
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled
    && document.querySelector('[data-testid="train-loss"]').textContent !== '—');
  await page.getByTestId('speed-select').selectOption('100');
  await page.getByTestId('train-toggle').click();
  await waitFor(page, (n) => Number(document.querySelector('[data-testid="epoch"]').textContent) >= n, epochs);
  await page.getByTestId('train-toggle').click();
  // frames on their way land; then the epoch stays
  let epoch = -1;
  for (;;) {
    await page.waitForTimeout(400);
    const now = Number(await text(page, 'epoch'));
    if (now === epoch) break;
    epoch = now;
  }
  await waitFor(page, () => location.hash.includes('speed=100'));
  return { epoch, hash: await page.evaluate(() => location.hash) };
}

/** The same networks trained in Node to `epoch`, measured by the page's yardstick. */
function nodeFigures(hash, epoch) {
  const { state, notices } = parseHash(hash, lab.losses, lab.networkCatalogue);
  assert.deepEqual(notices, []);
  const d = derive(lab, state, null);
  return d.runs.map((r) => {
    const net = lab.network(r.settings);
    net.fit(d.data.train.x, d.data.train.y, { epochs: epoch });
    const m = measureYardstick(net.predict(d.yardstick.x), d.yardstick, net.info.predictionSize);
    net.dispose();
    return m;
  });
}

test('MSE vs Huber: the page shows the error against the noise-free sin(x) that Node computes, and Huber is ahead', async () => {
  const page = await openPage('#loss=mse');
  const { epoch, hash } = await trainPreset(page, 'mse-huber', 1000);
  const shown = [await text(page, 'clean-error'), await text(page, 'clean-error-b'), await text(page, 'clean-r2'), await text(page, 'clean-r2-b')];
  const [mse, huber] = nodeFigures(hash, epoch);
  assert.deepEqual(shown, [mse.rmse, huber.rmse, mse.r2, huber.r2].map((v) => formatNumber(v, 3)), `epoch ${epoch}`);
  assert.ok(huber.rmse < mse.rmse);
  assert.match(await text(page, 'yardstick-verdict'), /^Closer to the noise-free function: huber \(error [\d.]+ against [\d.]+ for mse\)\.$/);
  assert.match(await page.getByTestId('trainer-metrics').textContent(), /Same yardstick for both: 8,400 new points \(not plotted\), against the noise-free function/);
  console.log(`# page at epoch ${epoch}: error vs sin(x) mse ${shown[0]}, huber ${shown[1]}; R² ${shown[2]} / ${shown[3]}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('cross-entropy vs focal: the page shows the held-out recall, precision and F1 that Node computes, and focal finds more of the rare class', async () => {
  const page = await openPage('#loss=mse');
  const { epoch, hash } = await trainPreset(page, 'ce-focal', 1000);
  // the preset made focal the page's loss with its alpha, and the explorer computes it
  assert.ok(hash.startsWith('#loss=focal&alpha=0.1,0.9&'), hash);
  assert.equal(await text(page, 'loss-error'), '');
  const ids = ['held-accuracy', 'held-recall-0', 'held-recall-1', 'held-precision', 'held-f1'];
  const shown = [];
  for (const id of ids) shown.push([await text(page, id), await text(page, `${id}-b`)]);
  const figures = nodeFigures(hash, epoch);
  const expected = [
    figures.map((f) => formatPercent(f.accuracy)),
    figures.map((f) => formatPercent(f.recall[0])),
    figures.map((f) => formatPercent(f.recall[1])),
    figures.map((f) => formatPercent(f.minority.precision)),
    figures.map((f) => formatNumber(f.minority.f1, 3)),
  ];
  assert.deepEqual(shown, expected, `epoch ${epoch}`);
  assert.ok(figures[1].minority.recall > figures[0].minority.recall);
  assert.match(await text(page, 'yardstick-verdict'), /^Finds more of the rare class: focal \([\d.]+% against [\d.]+% for cross_entropy\)\.$/);
  console.log(`# page at epoch ${epoch}: rare-class recall cross_entropy ${shown[2][0]}, focal ${shown[2][1]}; F1 ${shown[4].join(' / ')}; accuracy ${shown[0].join(' / ')}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
