// "Why a loss behaves so" on the built page: the trainer's influence switch redraws the training
// points by their pull (and, in Compare on one-input data, splits the plot into one panel per
// network), and the landscape switch opens a heatmap of the loss around the current weights
// that is redrawn as the network trains. The assertions read the drawn pixels, not only the DOM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openTrainer, closeBrowser, waitFor, canvasPixels } from './harness.mjs';

after(closeBrowser);

const PRESET = '#loss=mse&compare=mse,huber&dataset=sine_outliers&noise=0.1&n=400&layers=1,8,8,1';


/** A checksum, distinct colours and the pull colour's pixels of a canvas (sampled). */
const pixels = (page, id) => canvasPixels(page, id, 3);

/** "A (mse): … carry 61% of the pull." → { A: 61, B: 40 } */
async function concentration(page) {
  const text = await page.getByTestId('influence-summary').textContent();
  return Object.fromEntries([...text.matchAll(/([AB]) \(\w+\): .*? carry (\d+)% of the pull/g)].map((m) => [m[1], Number(m[2])]));
}

test('influence: the points are redrawn by their pull, one panel per loss, on one scale', async () => {
  const page = await openTrainer(PRESET);
  assert.equal(await page.getByTestId('boundary-b').isVisible(), false, 'one-input Compare shares one plot');
  assert.equal(await page.getByTestId('influence-legend').isVisible(), false);
  const before = await pixels(page, 'boundary');

  await page.getByTestId('influence-toggle').check();
  await waitFor(page, () => /carry \d+%/.test(document.querySelector('[data-testid="influence-summary"]')?.textContent ?? ''));
  await waitFor(page, () => /influence=1/.test(location.hash));
  assert.equal(await page.getByTestId('boundary-b').isVisible(), true, 'each run gets its own panel');
  await waitFor(page, () => document.querySelector('[data-testid="boundary-b"]').width > 10);
  const after = await pixels(page, 'boundary');
  const afterB = await pixels(page, 'boundary-b');
  assert.notEqual(after.sum, before.sum, 'the plot is redrawn');
  assert.ok(after.pink > before.pink + 100 && afterB.pink > before.pink + 100, `pull rings drawn: ${before.pink} → ${after.pink}, ${afterB.pink}`);
  assert.match(await page.getByTestId('influence-reading').textContent(), /MSE: the pull grows with the error.*Huber: .*capped/s);
  // the same data and weights (epoch 0, same seed): mse's pull is more concentrated than huber's
  const c0 = await concentration(page);
  assert.ok(c0.A > c0.B, `epoch 0: mse ${c0.A}%, huber ${c0.B}%`);

  // training changes the pulls, and the drawing follows
  for (let k = 0; k < 5; k++) await page.getByTestId('train-step').click();
  await waitFor(page, () => document.querySelector('[data-testid="epoch"]').textContent === '5');
  await page.waitForTimeout(300);
  const trained = await pixels(page, 'boundary');
  assert.notEqual(trained.sum, after.sum, 'redrawn after training');
  const c5 = await concentration(page);
  assert.ok(c5.A > c5.B, `epoch 5: mse ${c5.A}%, huber ${c5.B}%`);

  await page.getByTestId('influence-toggle').uncheck();
  await waitFor(page, () => document.querySelector('[data-testid="influence-legend"]').hidden);
  assert.equal(await page.getByTestId('boundary-b').isVisible(), false);
  assert.ok((await pixels(page, 'boundary')).pink < before.pink + 50, 'plain points again');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('landscape: opens as a heatmap around the current weights, side by side, refreshed by training', async () => {
  const page = await openTrainer('#loss=cross_entropy&compare=cross_entropy,focal&dataset=imbalanced&noise=0.2&n=400&layers=2,8,8,2&lr=0.003');
  assert.equal(await page.getByTestId('landscape').isVisible(), false);
  await page.getByTestId('landscape-toggle').check();
  await waitFor(page, () => document.querySelector('[data-testid="landscape"]').closest('figure').dataset.epoch === '0'
    && document.querySelector('[data-testid="landscape-b"]').closest('figure').dataset.epoch === '0');
  await waitFor(page, () => /landscape=1/.test(location.hash));
  const a = await pixels(page, 'landscape');
  const b = await pixels(page, 'landscape-b');
  assert.ok(a.visible && b.visible, 'both landscapes shown in Compare');
  assert.ok(a.colours > 100 && b.colours > 100, `a heatmap, not a blank canvas: ${a.colours}, ${b.colours} colours`);
  assert.notEqual(a.sum, b.sum, 'two losses, two landscapes');
  assert.match(await page.getByTestId('landscape-note').textContent(), /^Epoch 0: loss \d/);

  // while training: redrawn about once a second
  await page.getByTestId('train-toggle').click();
  await waitFor(page, () => Number(document.querySelector('[data-testid="landscape"]').closest('figure').dataset.epoch) > 0);
  await page.getByTestId('train-toggle').click();
  // paused: one more, for the weights it stopped at
  await waitFor(page, () => document.querySelector('[data-testid="landscape"]').closest('figure').dataset.epoch
    === document.querySelector('[data-testid="epoch"]').textContent);
  const later = await pixels(page, 'landscape');
  assert.notEqual(later.sum, a.sum, 'the landscape follows the weights');
  const note = await page.getByTestId('landscape-note').textContent();
  assert.match(note, new RegExp(`^Epoch ${await page.getByTestId('epoch').textContent()}: loss`));

  await page.getByTestId('landscape-toggle').uncheck();
  assert.equal(await page.getByTestId('landscape').isVisible(), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the explorer's pull column speaks the trainer's words and colour, and opens its influence view", async () => {
  const page = await openPage('#loss=huber&pred=0.5,2,9&target=0,0,0');
  const headings = await page.evaluate(() => [...document.querySelectorAll('[data-testid="terms-table"] thead th')].map((t) => t.textContent));
  assert.equal(headings.at(-1), 'pull');
  // huber (delta 1): gradients 0.5, 1, 1 (÷3) → pulls 20%, 40%, 40%
  const pulls = await page.evaluate(() => [...document.querySelectorAll('[data-testid="terms-table"] tbody tr')].map((tr) => tr.cells[tr.cells.length - 1].textContent));
  assert.deepEqual(pulls, ['20.0%', '40.0%', '40.0%']);
  await page.getByTestId('show-influence').click();
  await waitFor(page, () => document.querySelector('[data-testid="influence-toggle"]')?.checked === true);
  await waitFor(page, () => /influence=1/.test(location.hash));
  const colours = await page.evaluate(() => ({
    bar: getComputedStyle(document.querySelector('.bar.pull')).backgroundColor,
    legend: getComputedStyle(document.querySelector('[data-testid="influence-legend"] .swatch')).backgroundColor,
  }));
  assert.equal(colours.bar, colours.legend);
  assert.match(await page.getByTestId('influence-legend').textContent(), /Bigger = the loss pulls harder here.*“pull” column/s);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
