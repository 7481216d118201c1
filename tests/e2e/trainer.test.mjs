// The Trainer panel on the built page: training in the worker, controls, data, Compare, export,
// own points, divergence, URL state and layouts. The frame rate while training is measured by
// `npm run bench` (bench/page.mjs), not asserted here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openTrainer, closeBrowser, waitFor, canvasPixels } from './harness.mjs';
import createLossLab from '../../dist/node.js';
import { PAGE_CASES } from '../../bench/page.mjs';

after(closeBrowser);

const lab = await createLossLab();
const SHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
const text = (page, id) => page.getByTestId(id).textContent();
const epoch = async (page) => Number(await text(page, 'epoch'));
const waitEpoch = (page, test, value) => waitFor(page, ([test, value]) => {
  const e = Number(document.querySelector('[data-testid="epoch"]').textContent);
  return test === 'ge' ? e >= value : e === value;
}, [test, value]);
const waitText = (page, id, source) => waitFor(page, ([id, source]) => {
  const el = document.querySelector(`[data-testid="${id}"]`);
  return el && new RegExp(source).test(el.textContent);
}, [id, source]);


/** Distinct colours among the canvas's pixels (sampled) and a checksum of them. */
const canvasInfo = (page, id = 'boundary') => canvasPixels(page, id, 7);

async function download(page, id) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
  const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
  return { name: file.suggestedFilename(), bytes };
}

test('training: epochs advance, the loss falls, the boundary is painted; pause, step and reset', async () => {
  const page = await openTrainer();
  // The explorer's default loss (mse) cannot train on circle: the trainer says so and uses a
  // binary loss instead.
  assert.equal(await page.getByTestId('trainer-loss').inputValue(), 'bce_with_logits');
  assert.match(await text(page, 'trainer-loss-fallback'), /mse cannot train here \(regression losses need a regression dataset/);
  assert.equal(await epoch(page), 0);
  const before = Number(await text(page, 'train-loss'));
  const painted = await canvasInfo(page);
  assert.ok(painted.width >= 100 && painted.height >= 100, JSON.stringify(painted));
  assert.ok(painted.colours > 20, `the boundary canvas is not uniform: ${painted.colours} colours`);

  await page.getByTestId('train-toggle').click();
  assert.equal(await text(page, 'train-toggle'), 'Pause');
  await waitEpoch(page, 'ge', 150);
  await page.waitForTimeout(200);
  const after = Number(await text(page, 'train-loss'));
  assert.ok(after < before * 0.5, `loss ${before} → ${after}`);
  assert.ok((await canvasInfo(page)).sum !== painted.sum, 'the boundary was redrawn');
  assert.match(await text(page, 'accuracy'), /^\d+(\.\d)?%$/);

  // Pause: the epoch stays put.
  await page.getByTestId('train-toggle').click();
  assert.equal(await text(page, 'train-toggle'), 'Play');
  await page.waitForTimeout(300); // frames already on their way
  const paused = await epoch(page);
  await page.waitForTimeout(500);
  assert.equal(await epoch(page), paused);

  // Step: exactly one epoch.
  await page.getByTestId('train-step').click();
  await waitEpoch(page, 'eq', paused + 1);
  await page.waitForTimeout(300);
  assert.equal(await epoch(page), paused + 1);

  // Reset: back to epoch 0 (and the initial loss).
  await page.getByTestId('train-reset').click();
  await waitEpoch(page, 'eq', 0);
  await waitFor(page, (v) => Math.abs(Number(document.querySelector('[data-testid="train-loss"]').textContent) - v) < 1e-3 * v, before);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('data and losses: the dataset select changes the data; only fitting losses are offered', async () => {
  const page = await openTrainer('#loss=bce_with_logits');
  const circle = await canvasInfo(page);
  await page.getByTestId('dataset-select').selectOption('xor');
  await waitFor(page, () => location.hash.includes('dataset=xor'));
  await page.waitForTimeout(400);
  assert.notEqual((await canvasInfo(page)).sum, circle.sum, 'the plot shows the new data');
  assert.match(await text(page, 'dataset-summary'), /quadrants/i);

  // Three blobs: binary losses go, multi-class ones come; the output layer has 3 units.
  await page.getByTestId('dataset-select').selectOption('blobs');
  await waitText(page, 'layer-count', '→ 3$');
  const offered = await page.getByTestId('trainer-loss').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes('cross_entropy') && offered.includes('focal') && offered.includes('triplet_margin'), offered.join());
  assert.ok(!offered.includes('bce_with_logits') && !offered.includes('mse') && !offered.includes('mbe'), offered.join());
  const why = await page.getByTestId('trainer-loss-note').textContent();
  assert.match(why, /binary losses need a 2-class dataset/);
  assert.match(why, /mbe cannot be minimised/);
  // Picking a loss in the trainer is the page's loss: the explorer follows.
  await page.getByTestId('trainer-loss').selectOption('focal');
  await waitFor(page, () => document.querySelector('[data-testid="loss-select"]').value === 'focal');
  await waitFor(page, () => location.hash.startsWith('#loss=focal'));

  // A regression dataset offers regression losses (custom included), not classification ones.
  await page.getByTestId('dataset-select').selectOption('plane');
  await waitFor(page, () => [...document.querySelectorAll('[data-testid="trainer-loss"] option')].some((o) => o.value === 'huber'));
  const regression = await page.getByTestId('trainer-loss').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(regression.includes('custom') && !regression.includes('cross_entropy') && !regression.includes('mbe'), regression.join());
  assert.match(await text(page, 'trainer-loss-fallback'), /focal cannot train here/);
  await page.getByTestId('train-step').click();
  await waitEpoch(page, 'eq', 1);
  assert.match(await text(page, 'r2'), /^-?\d/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('URL state: every trainer key is read, shown and written back; bad ones are noticed', async () => {
  const hash = '#loss=bce_with_logits&dataset=xor&layers=2,6,4,1&activation=relu&lr=0.01&seed=7&optimizer=sgd&batch=20'
    + '&l1=0.001&l2=0.01&noise=0.2&n=200&split=0.7&dseed=3&speed=5&points=1,1,1;-1,-1.5,0';
  const page = await openTrainer(hash);
  assert.equal(await page.getByTestId('url-notice').isVisible(), false);
  const values = await page.evaluate(() => Object.fromEntries(['dataset-select', 'activation-select', 'optimizer-select', 'lr-select', 'l1-select',
    'l2-select', 'batch-input', 'seed-input', 'n-select', 'speed-select', 'neurons-1', 'neurons-2']
    .map((id) => [id, document.querySelector(`[data-testid="${id}"]`).value])));
  assert.deepEqual(values, {
    'dataset-select': 'xor', 'activation-select': 'relu', 'optimizer-select': 'sgd', 'lr-select': '0.01', 'l1-select': '0.001', 'l2-select': '0.01',
    'batch-input': '20', 'seed-input': '7', 'n-select': '200', 'speed-select': '5', 'neurons-1': '6', 'neurons-2': '4',
  });
  assert.equal(await page.getByTestId('noise-input').inputValue(), '0.2');
  assert.equal(await page.getByTestId('split-input').inputValue(), '0.7');
  // 200 points split 70/30, plus the link's two points (training points).
  assert.match(await text(page, 'point-count'), /202 points: 142 for training \(2 yours\), 60 for testing/);
  // A change in the trainer writes every key back, the changed one updated.
  await page.getByTestId('activation-select').selectOption('tanh');
  await waitFor(page, () => location.hash.includes('activation=tanh'));
  const pairs = (h) => new Map(h.slice(1).split('&').map((p) => p.split('=')));
  const written = pairs(await page.evaluate(() => location.hash));
  for (const [key, value] of pairs(hash.replace('activation=relu', 'activation=tanh'))) assert.equal(written.get(key), value, key);
  // Adding a hidden layer rewrites `layers`.
  await page.getByTestId('add-layer').click();
  await waitFor(page, () => location.hash.includes('layers=2,6,4,4,1'));
  // Reload from the written hash: the same settings come back.
  const again = await openTrainer(await page.evaluate(() => location.hash));
  assert.equal(await again.getByTestId('activation-select').inputValue(), 'tanh');
  assert.equal(await again.getByTestId('neurons-3').inputValue(), '4');
  assert.deepEqual(again.problems, []);
  await again.context().close();

  const bad = await openTrainer('#layers=2,99,1&optimizer=rmsprop&batch=0&speed=fast&split=0.95&points=1,x,1&compare=mse,mse&n=5');
  const notice = await text(bad, 'url-notice');
  for (const part of ['layers=2,99,1', 'optimizer=rmsprop', 'batch=0', 'speed=fast', 'split=0.95', 'points=1,x,1', 'compare=mse,mse', 'n=5']) {
    assert.ok(notice.includes(part), `${part} in: ${notice}`);
  }
  assert.equal(await bad.getByTestId('optimizer-select').inputValue(), 'adam');
  assert.deepEqual([...page.problems, ...bad.problems], []);
  await page.context().close();
  await bad.context().close();
});

test('Compare: both presets run, both networks on one chart, minority recall for each', async () => {
  const page = await openTrainer();
  await page.getByTestId('compare-preset-mse-huber').click();
  await waitFor(page, () => location.hash.includes('compare=mse,huber') && location.hash.includes('dataset=sine_outliers'));
  assert.equal(await page.getByTestId('compare-loss-a').inputValue(), 'mse');
  assert.equal(await page.getByTestId('compare-loss-b').inputValue(), 'huber');
  assert.equal(await page.getByTestId('boundary-b').isVisible(), false, 'one input: one plot with both fitted curves');
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled);
  await page.getByTestId('train-toggle').click();
  await waitEpoch(page, 'ge', 100);
  await page.getByTestId('train-toggle').click();
  await page.waitForTimeout(300);
  const legend = await page.locator('[data-testid="loss-curves"] .u-legend').textContent();
  for (const label of ['mse train', 'mse test', 'huber train', 'huber test']) assert.ok(legend.includes(label), legend);
  assert.match(await text(page, 'r2'), /^-?\d/);
  assert.match(await text(page, 'r2-b'), /^-?\d/);
  assert.ok((await canvasInfo(page)).colours > 3);
  // Both series have points on the chart.
  const drawn = await page.evaluate(() => document.querySelector('[data-testid="loss-curves"] canvas').width > 0);
  assert.ok(drawn);

  await page.getByTestId('compare-preset-ce-focal').click();
  await waitFor(page, () => location.hash.includes('compare=cross_entropy,focal') && location.hash.includes('dataset=imbalanced'));
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled
    && document.querySelector('[data-testid="recall"]')?.textContent.endsWith('%'));
  assert.equal(await page.getByTestId('boundary-b').isVisible(), true);
  await page.getByTestId('train-toggle').click();
  await waitEpoch(page, 'ge', 60);
  await page.getByTestId('train-toggle').click();
  await page.waitForTimeout(300);
  const recall = [await text(page, 'recall'), await text(page, 'recall-b')];
  assert.ok(recall.every((r) => /^\d+(\.\d)?%$/.test(r)), recall.join());
  console.log(`# compare ce vs focal at epoch ${await epoch(page)}: rare-class recall ${recall.join(' vs ')}`);
  const legend2 = await page.locator('[data-testid="loss-curves"] .u-legend').textContent();
  assert.ok(legend2.includes('cross_entropy train') && legend2.includes('focal train'), legend2);
  assert.ok((await canvasInfo(page, 'boundary-b')).colours > 20);
  // Switching Compare off goes back to one network.
  await page.getByTestId('compare-toggle').uncheck();
  await waitFor(page, () => !location.hash.includes('compare='));
  assert.equal(await page.getByTestId('boundary-b').isVisible(), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('export: weights JSON that lab.network loads, loss curves CSV, plot PNG', async () => {
  const page = await openTrainer('#loss=cross_entropy&dataset=blobs&classes=4');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('train-step').click();
    await waitEpoch(page, 'eq', i);
  }
  const json = await download(page, 'trainer-export-json');
  assert.equal(json.name, 'losslab-blobs-cross_entropy.json');
  const saved = JSON.parse(json.bytes.toString('utf8'));
  assert.ok(Array.isArray(saved.weights) && saved.weights.length > 0);
  const net = lab.network(saved);
  assert.deepEqual([net.info.inputSize, net.info.outputSize, net.info.epochs], [2, 4, 3]);
  net.dispose();

  const csv = await download(page, 'trainer-export-csv');
  assert.equal(csv.name, 'losslab-blobs-curves.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'epoch,train_loss,test_loss,train_accuracy,test_accuracy');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), ['0', '1', '2', '3']);
  assert.ok(lines.slice(1).every((l) => l.split(',').slice(1).every((v) => Number.isFinite(Number(v)) && v !== '')), lines.join('\n'));

  const png = await download(page, 'trainer-export-png');
  assert.equal(png.name, 'losslab-blobs-plot.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 2000);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('own data: pasted CSV and clicks on the plot add points; an empty plot waits for points', async () => {
  const page = await openTrainer('#loss=bce_with_logits&dataset=circle&n=200');
  const total = async () => Number(await page.getByTestId('point-count').getAttribute('data-total'));
  const start = await total();
  await page.getByTestId('points-csv').fill('x1,x2,label\n1.5, -2, 1\n-3 0.5 0\n');
  await page.getByTestId('points-add').click();
  await waitFor(page, (n) => Number(document.querySelector('[data-testid="point-count"]').dataset.total) === n + 2, start);
  assert.match(await text(page, 'point-count'), /\(2 yours\)/);
  await waitFor(page, () => location.hash.includes('points=1.5,-2,1;-3,0.5,0'));
  // A bad line is reported and nothing is added from it.
  await page.getByTestId('points-csv').fill('1, 2, 7');
  await page.getByTestId('points-add').click();
  await waitText(page, 'points-error', 'label must be a class from 0 to 1');

  // Clicking adds a point of the chosen class where the click was.
  await page.getByTestId('click-class').selectOption('0');
  const box = await page.getByTestId('boundary').boundingBox();
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25); // x1 > 0, x2 > 0
  await waitFor(page, (n) => Number(document.querySelector('[data-testid="point-count"]').dataset.total) === n + 3, start);
  await waitFor(page, () => (location.hash.match(/points=([^&]*)/)?.[1] ?? '').split(';').length === 3);
  const points = await page.evaluate(() => decodeURIComponent(location.hash.match(/points=([^&]*)/)[1]).split(';'));
  const [x1, x2, label] = points[2].split(',').map(Number);
  assert.ok(x1 > 1 && x2 > 1 && label === 0, points[2]);

  // The user's own empty plot: training waits for points, then clicks make a dataset.
  await page.getByTestId('points-clear').click();
  await page.getByTestId('dataset-select').selectOption('own');
  await waitText(page, 'train-message', 'Add points to train on');
  assert.equal(await page.getByTestId('train-toggle').isDisabled(), true);
  await page.getByTestId('click-class').selectOption('1');
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.getByTestId('click-class').selectOption('0');
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.7);
  await waitFor(page, () => document.querySelector('[data-testid="point-count"]').dataset.total === '2');
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled);
  await page.getByTestId('train-step').click();
  await waitEpoch(page, 'eq', 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('divergence: lr 10, SGD, relu, six layers — training pauses and says what to change', async () => {
  const page = await openTrainer('#loss=bce_with_logits&dataset=circle&layers=2,16,16,16,16,16,16,1&activation=relu&optimizer=sgd&lr=10');
  await page.getByTestId('train-toggle').click();
  await waitText(page, 'train-message', 'diverged');
  const message = await text(page, 'train-message');
  assert.match(message, /lower the learning rate \(10 → 0\.3\)/);
  assert.match(message, /use adam/);
  assert.equal(await text(page, 'train-toggle'), 'Play');
  assert.equal(await page.getByTestId('train-toggle').isDisabled(), true);
  const stopped = await epoch(page);
  await page.waitForTimeout(400);
  assert.equal(await epoch(page), stopped);
  // The one-click fix lowers the rate and starts again from epoch 0.
  await page.getByTestId('train-fix').click();
  await waitFor(page, () => location.hash.includes('lr=0.3'));
  await waitFor(page, () => !document.querySelector('[data-testid="train-toggle"]').disabled);
  assert.equal(await text(page, 'train-message'), '');
  assert.equal(await page.getByTestId('lr-select').inputValue(), '0.3');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// The frame rate and the epochs per frame while these train are measurements: `npm run bench`
// reports them (bench/page.mjs, with the targets ≥ 30 fps and ≥ 10 epochs per frame).
test('the default and the largest network train, and show the worker\'s pace', async () => {
  for (const [name, hash] of PAGE_CASES) {
    const page = await openTrainer(hash);
    await page.getByTestId('train-toggle').click();
    await waitEpoch(page, 'ge', 30);
    // (the stats line is refreshed about once a second)
    await waitFor(page, () => document.querySelector('[data-testid="train-stats"]').dataset.epochsPerFrame);
    const stats = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="train-stats"]');
      return { epochs: Number(el.dataset.epochsPerFrame), grid: Number(el.dataset.grid), text: el.textContent };
    });
    // The worker fits whole epochs into each frame and the boundary is drawn on a grid.
    assert.ok(Number.isInteger(stats.epochs) && stats.epochs >= 1, `${name}: ${JSON.stringify(stats)}`);
    assert.ok(stats.grid >= 10, `${name}: ${JSON.stringify(stats)}`);
    assert.match(stats.text, /\d/, `${name}: the stats line shows figures`);
    await page.getByTestId('train-toggle').click();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('layout: phone and desktop screenshots, labelled controls, keyboard reach', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const phone = await openTrainer('#loss=cross_entropy&dataset=imbalanced&compare=cross_entropy,focal&layers=2,8,8,2&noise=0.2&n=1000&lr=0.003', { width: 390, height: 844 });
  for (let i = 0; i < 20; i++) await phone.getByTestId('train-step').click();
  await waitEpoch(phone, 'eq', 20);
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling at 390 px');
  // The first screen of the trainer (what a phone shows), and the whole panel.
  await phone.evaluate(() => window.scrollTo(0, document.getElementById('trainer').getBoundingClientRect().top + window.scrollY));
  await phone.screenshot({ path: `${SHOTS}trainer-phone.png` });
  await phone.locator('#trainer').screenshot({ path: `${SHOTS}trainer-phone-full.png` });
  assert.deepEqual(phone.problems, []);
  await phone.context().close();

  const page = await openTrainer('#loss=triplet_margin&dataset=blobs&classes=4');
  await page.getByTestId('train-toggle').click();
  await waitEpoch(page, 'ge', 100);
  await page.getByTestId('train-toggle').click();
  await page.waitForTimeout(300);
  assert.ok((await canvasInfo(page, 'embedding')).colours > 5, 'the embedding plane is drawn');
  await page.locator('#trainer').screenshot({ path: `${SHOTS}trainer-desktop.png` });
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#trainer :is(input, select, textarea, button)')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.getByTestId('train-toggle').focus();
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    reached.add(await page.evaluate(() => document.activeElement?.dataset?.testid ?? ''));
    await page.keyboard.press('Tab');
  }
  for (const id of ['train-toggle', 'train-step', 'train-reset', 'speed-select', 'trainer-export-json', 'compare-toggle', 'dataset-select', 'points-csv']) {
    assert.ok(reached.has(id), `${id} reached with Tab: ${[...reached].join(' ')}`);
  }
  // Space on the focused toggle plays.
  await page.getByTestId('train-toggle').focus();
  await page.keyboard.press('Space');
  assert.equal(await text(page, 'train-toggle'), 'Pause');
  await page.keyboard.press('Space');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
