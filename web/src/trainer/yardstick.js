// Compare's common yardstick: numbers both networks are measured by, on the same held-out points,
// whatever loss each trained with (each network's own loss is not comparable: Huber's 0.2 and
// MSE's 0.2 are different quantities). Pure: makeYardstick calls lab.dataset once; the worker
// (worker.js) and tests/web/compare-claims.test.mjs measure with measureYardstick.
//
// The held-out points are new points from the same generator (same dataset, noise and class
// count; another seed), many more than the plotted test points, so one point is never the
// difference: 8,400 hold 400 of imbalanced's 1-in-21 class, and a recall moves in steps of 0.25%.
//   regression:      the error against the noise-free function (dataset.clean: sin(x) for
//                    sine_outliers) and R² there; outliers and noise do not count.
//   classification:  accuracy, each class's recall, and for the rarest class its recall,
//                    precision and F1.

/** How many held-out points the yardstick uses. */
export const YARDSTICK_POINTS = 8400;
/** The held-out points' seed: the data's seed moved by this (mod 2³²), so they are new points. */
const SEED_OFFSET = 7919;

/** The held-out points' seed for data seed `dseed`. */
export function yardstickSeed(dseed) {
  return (dseed + SEED_OFFSET) % 2 ** 32;
}

/**
 * The held-out points for Compare, or null when there are none (the user's own points).
 * @param {object} lab
 * @param {{ dataset: string, noise: number, dseed: number, classes: number }} cfg  readTrainer()
 * @param {{ id: string, task: string, classes: number, minority: number }} data  makeData()
 * @param {boolean} takesClasses  whether the dataset takes a class count (blobs)
 * @returns {null | { x: Float32Array, y: Float32Array | Int32Array, dims: number, task: string,
 *   classes: number, minority: number, count: number, seed: number }}
 *   y: the noise-free values for regression, the labels for classification
 */
export function makeYardstick(lab, cfg, data, takesClasses) {
  if (!lab.datasets.some((d) => d.id === data.id)) return null;
  const seed = yardstickSeed(cfg.dseed);
  const options = { n: YARDSTICK_POINTS, noise: cfg.noise, seed };
  if (takesClasses) options.classes = cfg.classes;
  const d = lab.dataset(data.id, options);
  const regression = d.task === 'regression';
  if (regression && !d.clean) return null;
  return {
    x: d.x, y: regression ? d.clean : d.y, dims: d.dims, task: d.task, classes: d.classes,
    minority: regression ? -1 : rarest(d.y, d.classes), count: d.y.length, seed,
  };
}

/** The class with the fewest points (the first of equals). */
function rarest(y, classes) {
  const counts = new Array(classes).fill(0);
  for (const v of y) counts[v]++;
  let k = 0;
  for (let c = 1; c < classes; c++) if (counts[c] < counts[k]) k = c;
  return k;
}

/** The class a prediction row says: p > ½ for one output (binary), else the largest. */
function classOf(pred, i, width) {
  if (width === 1) return pred[i] > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < width; c++) if (pred[i * width + c] > pred[i * width + best]) best = c;
  return best;
}

/**
 * The yardstick's numbers for one network's predictions on the held-out points.
 * @param {Float32Array} pred  net.predict(ys.x): values, probabilities (binary: one per point)
 *   or class probabilities (width per point)
 * @param {object} ys  makeYardstick()
 * @param {number} width  predictions per point (net.info.predictionSize)
 * @returns {{ rmse: number, r2: number } | { accuracy: number, recall: (number|null)[],
 *   minority: { cls: number, recall: number|null, precision: number|null, f1: number|null } }}
 */
export function measureYardstick(pred, ys, width) {
  const n = ys.count;
  if (ys.task === 'regression') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += ys.y[i];
    mean /= n;
    let se = 0;
    let spread = 0;
    for (let i = 0; i < n; i++) {
      se += (pred[i * width] - ys.y[i]) ** 2;
      spread += (ys.y[i] - mean) ** 2;
    }
    return { rmse: Math.sqrt(se / n), r2: spread > 0 ? 1 - se / spread : null };
  }
  const k = ys.classes;
  const total = new Array(k).fill(0);
  const hit = new Array(k).fill(0);
  const said = new Array(k).fill(0);
  let right = 0;
  for (let i = 0; i < n; i++) {
    const truth = ys.y[i];
    const guess = classOf(pred, i, width);
    total[truth]++;
    said[guess]++;
    if (guess === truth) {
      hit[truth]++;
      right++;
    }
  }
  const m = ys.minority;
  const recall = total.map((t, c) => (t ? hit[c] / t : null));
  const precision = m >= 0 && said[m] ? hit[m] / said[m] : null;
  const r = m >= 0 ? recall[m] : null;
  const f1 = r !== null && precision !== null && r + precision > 0 ? (2 * r * precision) / (r + precision) : r === 0 ? 0 : null;
  return { accuracy: right / n, recall, minority: { cls: m, recall: r, precision, f1 } };
}
