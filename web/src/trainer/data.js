// The trainer's data: a lab.dataset shuffled (seeded) and split into training and test points,
// plus the user's own points (always training points); the view's extent; CSV for own points.
// Pure apart from the one lab.dataset call; unit-tested by tests/web/trainer.test.mjs.
import { OWN, LIMITS } from './settings.js';
import { parseNumber } from '../parse.js';

/** mulberry32: a small seeded generator, so a split is the same for the same seed. */
function random(seed) {
  let a = (seed >>> 0) + 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The dataset ids offered: the lab's, then the user's own empty plot. */
export function datasetChoices(lab) {
  const own = { minClasses: 2, maxClasses: mostClasses(lab) };
  return [...lab.datasets.map((d) => ({ id: d.id, summary: d.summary, task: d.task, dims: d.dims, minClasses: d.minClasses, maxClasses: d.maxClasses })),
    { id: OWN, summary: 'Your own points: click on the plot or paste CSV.', task: 'classification', dims: 2, ...own }];
}

/** The most classes any dataset takes (blobs' maximum): the bound of the user's own labels. */
export function mostClasses(lab) {
  return Math.max(...lab.datasets.map((d) => d.maxClasses));
}

/** Whether dataset `id` takes a `classes` option (a range, not a fixed count). */
export function takesClasses(lab, id) {
  const d = lab.datasets.find((x) => x.id === id);
  return Boolean(d && d.maxClasses > d.minClasses);
}

/**
 * The data for the trainer's settings.
 * @returns {{ id, task, dims, classes, train: {x, y, own}, test: {x, y}, extent, yRange,
 *             minTarget, dropped: string[], counts: number[]|null, minority: number }}
 *   x row-major; own: how many of the training points are the user's (the last ones).
 */
export function makeData(lab, cfg) {
  const known = lab.datasets.find((d) => d.id === cfg.dataset);
  const id = known || cfg.dataset === OWN ? cfg.dataset : 'circle';
  const dims = known ? known.dims : 2;
  const task = known ? known.task : 'classification';
  let genX = new Float32Array(0);
  let genY = [];
  let classes = known ? known.classes : 2;
  if (known) {
    const options = { n: cfg.n, noise: cfg.noise, seed: cfg.dseed };
    if (takesClasses(lab, id)) options.classes = cfg.classes;
    const d = lab.dataset(id, options);
    genX = d.x;
    genY = d.y;
    classes = d.classes;
  }
  const dropped = [];
  const own = [];
  for (const [i, p] of cfg.points.entries()) {
    const problem = pointProblem(p, dims, task, id === OWN ? mostClasses(lab) : classes);
    if (problem) dropped.push(`point ${i + 1}: ${problem}`);
    else own.push(p);
  }
  if (id === OWN) classes = Math.max(2, ...own.map((p) => p[2] + 1));

  // Shuffle the generated points (seeded), then the first share is for training.
  const count = genY.length;
  const order = Array.from({ length: count }, (_, i) => i);
  const rnd = random(cfg.dseed ^ 0x9e3779b9);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const trainCount = count === 0 ? 0 : Math.min(count - 1, Math.max(1, Math.round(count * cfg.split)));
  const Y = task === 'classification' ? Int32Array : Float32Array;
  const pick = (indices, extra) => {
    const x = new Float32Array((indices.length + extra.length) * dims);
    const y = new Y(indices.length + extra.length);
    indices.forEach((k, i) => {
      for (let d = 0; d < dims; d++) x[i * dims + d] = genX[k * dims + d];
      y[i] = genY[k];
    });
    extra.forEach((p, j) => {
      const i = indices.length + j;
      for (let d = 0; d < dims; d++) x[i * dims + d] = p[d];
      y[i] = p[dims];
    });
    return { x, y };
  };
  const train = { ...pick(order.slice(0, trainCount), own), own: own.length };
  const test = pick(order.slice(trainCount), []);

  const all = [train, test];
  let maxAbs = 0;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const part of all) {
    for (const v of part.x) maxAbs = Math.max(maxAbs, Math.abs(v));
    for (const v of part.y) {
      yMin = Math.min(yMin, v);
      yMax = Math.max(yMax, v);
    }
  }
  let counts = null;
  let minority = -1;
  if (task === 'classification') {
    counts = new Array(classes).fill(0);
    for (const v of train.y) counts[v]++;
    for (const v of test.y) counts[v]++;
    const present = counts.map((c, k) => [c, k]).filter(([c]) => c > 0);
    if (present.length) minority = present.reduce((a, b) => (b[0] < a[0] ? b : a))[1];
  }
  const extent = Math.min(1000, Math.max(6, Math.ceil(maxAbs * 1.05)));
  const pad = Number.isFinite(yMin) ? Math.max(0.5, (yMax - yMin) * 0.1) : 1;
  return {
    id, task, dims, classes, train, test, extent, dropped, counts, minority,
    yAbs: Number.isFinite(yMin) ? Math.max(Math.abs(yMin), Math.abs(yMax)) : 1,
    yRange: Number.isFinite(yMin) ? [yMin - pad, yMax + pad] : [-1, 1],
    minTarget: Number.isFinite(yMin) ? yMin : undefined,
  };
}

/** Null when point `p` suits the data, else why not. */
export function pointProblem(p, dims, task, classes) {
  if (p.length !== dims + 1) {
    return dims === 1 ? 'this dataset has one input: give x and y' : 'give x1, x2 and a label';
  }
  if (!p.every(Number.isFinite)) return 'not a number';
  if (task === 'classification' && !(Number.isInteger(p[dims]) && p[dims] >= 0 && p[dims] < classes)) {
    return `the label must be a class from 0 to ${classes - 1}`;
  }
  return null;
}

/**
 * CSV text → points: one per line, numbers separated by commas, semicolons, tabs or spaces;
 * a first line that is not numbers (a header) is skipped.
 * @returns {{ points: number[][], errors: string[] }}
 */
export function parseCsv(text, dims) {
  const points = [];
  const errors = [];
  const lines = String(text).split(/\r\n|[\n\r]/);
  lines.forEach((line, i) => {
    const cells = line.split(/[\s,;]+/).filter(Boolean);
    if (cells.length === 0) return;
    const values = cells.map(parseNumber);
    const bad = values.indexOf(null);
    if (bad >= 0) {
      if (i === 0 && points.length === 0) return; // a header
      errors.push(`line ${i + 1}: '${cells[bad].slice(0, 16)}' is not a number`);
      return;
    }
    if (values.length !== dims + 1) {
      errors.push(`line ${i + 1}: expected ${dims + 1} numbers (${dims === 1 ? 'x, y' : 'x1, x2, label'}), found ${values.length}`);
      return;
    }
    if (values.some((v) => Math.abs(v) > 1000)) {
      errors.push(`line ${i + 1}: numbers must be within ±1000`);
      return;
    }
    points.push(values);
  });
  if (points.length > LIMITS.points) {
    errors.push(`only the first ${LIMITS.points} points are kept`);
    points.length = LIMITS.points;
  }
  return { points, errors };
}
