// Network bench: TensorFlow Playground's default — 250 `circle` points, [2, 4, 2, 1] tanh,
// batch 10, SGD at 0.03, squared error — for one epoch and for a 100 × 100 heatmap, with
// LossLab's network (lab.network), a Playground-style JS network (an object per neuron and
// per link) and TensorFlow.js layers (fit / predict) on the same points. Then minority-class
// recall on `imbalanced` for BCE and focal losses (a figure, not an assertion).
import {
  classifyCircleData,
  heatmap as playgroundHeatmap,
  oneStep,
  getLoss,
  playgroundDefault,
  seededRandom,
} from './reference/playground-nn.mjs';
import { measure, measureAsync } from './timing.mjs';
import { useBackend } from './tfjs.mjs';

const POINTS = 250;
const DENSITY = 100;
const LEARNING_RATE = 0.03;
const BATCH = 10;
// Every implementation warms up for 300 ms: with the default 25 ms, LossLab's first fits (V8
// still compiling and optimising the glue, 300–700 µs each) reached the timed samples.
const WARM = { warmupMs: 300 };

/** The grid the heatmap evaluates: DENSITY² points over [−6, 6]², row-major (x1, x2). */
function grid() {
  const g = new Float32Array(DENSITY * DENSITY * 2);
  const s = (i) => -6 + (12 * i) / (DENSITY - 1);
  for (let i = 0, k = 0; i < DENSITY; i++) {
    for (let j = 0; j < DENSITY; j++, k += 2) {
      g[k] = s(i);
      g[k + 1] = s(j);
    }
  }
  return g;
}

/** The circle points: lab.dataset's when it exists, else the Playground's generator. */
function circlePoints(lab, notes) {
  if (lab && typeof lab.dataset === 'function') {
    try {
      const d = lab.dataset('circle', { n: POINTS, noise: 0, seed: 1 });
      const n = d.y.length;
      const points = [];
      for (let i = 0; i < n; i++) points.push({ x: d.x[2 * i], y: d.x[2 * i + 1], label: d.y[i] > 0.5 ? 1 : -1 });
      return { points, source: "lab.dataset('circle', { n: 250, noise: 0, seed: 1 })" };
    } catch (e) {
      notes.push(`lab.dataset('circle') failed (${e.message}); using the Playground's generator`);
    }
  }
  const random = seededRandom(11);
  const points = classifyCircleData(POINTS, 0, random);
  // playground.ts shuffles before splitting train/test.
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [points[i], points[j]] = [points[j], points[i]];
  }
  return { points, source: "the Playground's classifyCircleData(250, noise 0)" };
}

/**
 * @returns {Promise<{ rows: any[], recall: any[], notes: string[], source: string }>}
 *   rows: [{ impl, epochMs, heatmapMs, loss }]
 */
export async function runNetworkBench({ lab, tfx, log }) {
  const notes = [];
  const { points, source } = circlePoints(lab, notes);
  const xs = new Float32Array(points.length * 2);
  const ys = new Float32Array(points.length); // ±1, the Playground's labels
  points.forEach((p, i) => {
    xs[2 * i] = p.x;
    xs[2 * i + 1] = p.y;
    ys[i] = p.label;
  });
  const g = grid();
  const rows = [];

  // LossLab.
  const hasNetwork = lab && typeof lab.network === 'function';
  if (!hasNetwork) {
    rows.push({ impl: 'LossLab (lab.network)', missing: 'n/a (lab.network not in this build)' });
  } else {
    log('  LossLab network');
    try {
      const net = lab.network({
        layers: [2, 4, 2, 1],
        activation: 'tanh',
        loss: 'mse',
        optimizer: 'sgd',
        learningRate: LEARNING_RATE,
        batchSize: BATCH,
        seed: 1,
      });
      // The contract's fit/predict are synchronous; should they ever return promises, await them.
      const fitReturnsPromise = typeof net.fit(xs, ys, { epochs: 1 })?.then === 'function';
      if (fitReturnsPromise) notes.push('lab.network: fit returned a promise (timed with await)');
      const epoch = fitReturnsPromise
        ? await measureAsync(() => net.fit(xs, ys, { epochs: 1 }), WARM)
        : measure(() => net.fit(xs, ys, { epochs: 1 }), WARM);
      const predictReturnsPromise = typeof net.predict(g)?.then === 'function';
      const heat = predictReturnsPromise
        ? await measureAsync(async () => (await net.predict(g))[0], WARM)
        : measure(() => net.predict(g)[0], WARM);
      let loss = null;
      try {
        loss = (await net.evaluate(xs, ys))?.loss ?? null;
      } catch {
        /* evaluate is optional here */
      }
      rows.push({ impl: 'LossLab (lab.network)', epoch, heatmap: heat, loss });
      net.dispose?.();
    } catch (e) {
      rows.push({ impl: 'LossLab (lab.network)', missing: `error: ${String(e?.message ?? e).slice(0, 160)}` });
    }
  }

  // Playground-style JS.
  log('  Playground-style JS network');
  {
    const net = playgroundDefault(1);
    const out = new Float32Array(DENSITY * DENSITY);
    const epoch = measure(() => {
      oneStep(net, points, LEARNING_RATE, 0, BATCH);
      return net[3][0].output;
    }, WARM);
    const heat = measure(() => playgroundHeatmap(net, DENSITY, out)[0], WARM);
    rows.push({ impl: 'Playground-style JS (nn.ts)', epoch, heatmap: heat, loss: 2 * getLoss(net, points) });
  }

  // TensorFlow.js layers.
  if (tfx?.tf && tfx.tfl) {
    const { tf, tfl } = tfx;
    for (const backend of ['wasm', 'cpu']) {
      if (!tfx.backends.includes(backend)) continue;
      log(`  TensorFlow.js layers (${backend})`);
      await useBackend(tf, backend);
      const before = tf.memory().numTensors;
      try {
        tf.util.seedrandom?.('1');
        const model = tfl.sequential({
          layers: [
            tfl.layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }),
            tfl.layers.dense({ units: 2, activation: 'tanh' }),
            tfl.layers.dense({ units: 1, activation: 'tanh' }),
          ],
        });
        const optimizer = tf.train.sgd(LEARNING_RATE);
        model.compile({ optimizer, loss: 'meanSquaredError' });
        const xt = tf.tensor2d(xs, [points.length, 2]);
        const yt = tf.tensor2d(ys, [points.length, 1]);
        const gt = tf.tensor2d(g, [DENSITY * DENSITY, 2]);
        const fitOptions = { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 };
        const epoch = await measureAsync(async () => {
          const h = await model.fit(xt, yt, fitOptions);
          return h.history.loss[0];
        }, WARM);
        const heat = measure(() => {
          const p = model.predict(gt);
          const v = p.dataSync();
          p.dispose();
          return v[0];
        }, WARM);
        const loss = epoch.last;
        rows.push({ impl: `TensorFlow.js layers (${backend})`, epoch, heatmap: heat, loss });
        tf.dispose([xt, yt, gt]);
        model.dispose();
        optimizer.dispose();
      } catch (e) {
        rows.push({ impl: `TensorFlow.js layers (${backend})`, missing: `error: ${String(e?.message ?? e).slice(0, 160)}` });
      }
      const leaked = tf.memory().numTensors - before;
      if (leaked > 0) notes.push(`tfjs-layers (${backend}): ${leaked} tensors left after dispose`);
    }
  } else {
    rows.push({ impl: 'TensorFlow.js layers', missing: 'n/a (tfjs-layers not loadable)' });
  }

  const recall = await runRecall(lab, notes, log);
  return { rows, recall, notes, source };
}

/** Minority-class recall on `imbalanced` (1 : 20) after training with each loss. */
async function runRecall(lab, notes, log) {
  const out = [];
  const losses = [
    { loss: 'bce_with_logits', label: 'BCE (bce_with_logits)', outputs: 1 },
    { loss: 'binary_focal', label: 'focal (binary_focal, α 0.25, γ 2)', outputs: 1 },
    { loss: 'focal', label: 'focal (multi-class, 2 outputs, γ 2)', outputs: 2 },
  ];
  if (!lab || typeof lab.network !== 'function' || typeof lab.dataset !== 'function') {
    for (const l of losses) out.push({ ...l, missing: 'n/a (lab.network / lab.dataset not in this build)' });
    return out;
  }
  let train;
  let test;
  try {
    train = lab.dataset('imbalanced', { n: 1000, seed: 1 });
    test = lab.dataset('imbalanced', { n: 4000, seed: 2 });
  } catch (e) {
    for (const l of losses) out.push({ ...l, missing: `n/a (lab.dataset('imbalanced'): ${e.message})` });
    return out;
  }
  const label = (y, i) => (y[i] > 0.5 ? 1 : 0);
  let ones = 0;
  for (let i = 0; i < test.y.length; i++) ones += label(test.y, i);
  const minority = ones * 2 < test.y.length ? 1 : 0;
  const positives = minority ? ones : test.y.length - ones;
  log(`  recall on imbalanced (minority class ${minority}: ${positives} of ${test.y.length} test points)`);
  for (const l of losses) {
    if (!lab.losses.some((s) => s.id === l.loss)) {
      out.push({ ...l, missing: 'n/a (not in catalogue)' });
      continue;
    }
    try {
      const net = lab.network({
        layers: [2, 8, 8, l.outputs],
        activation: 'tanh',
        loss: l.loss,
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 10,
        seed: 1,
      });
      const ytrain = l.outputs === 2 ? Int32Array.from(train.y, (v) => (v > 0.5 ? 1 : 0)) : train.y;
      await net.fit(train.x, ytrain, { epochs: 40 });
      const p = await net.predict(test.x);
      let tp = 0;
      let correct = 0;
      for (let i = 0; i < test.y.length; i++) {
        const pred = l.outputs === 2 ? (p[2 * i + 1] > p[2 * i] ? 1 : 0) : p[i] >= 0.5 ? 1 : 0;
        const truth = label(test.y, i);
        if (pred === truth) correct++;
        if (truth === minority && pred === minority) tp++;
      }
      out.push({ ...l, recall: tp / positives, accuracy: correct / test.y.length, positives, n: test.y.length });
      net.dispose?.();
    } catch (e) {
      out.push({ ...l, missing: `error: ${String(e?.message ?? e).slice(0, 160)}` });
    }
  }
  return out;
}
