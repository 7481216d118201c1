// Loss tables: every loss below × sizes × (value, value+gradient) × implementations, on the
// same data. LossLab runs "data resident" (inputs in LabBuffers, `{ grad: false }` or
// `{ gradInto }`), TensorFlow.js on tensors created outside the timed loop, plain JS on the
// Float32Arrays, native on the same floats written to files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PLAIN_JS, CUSTOM_EXPR } from './reference/plain-js.mjs';
import { seededRandom } from './reference/playground-nn.mjs';
import { measure, fmtMs, fmtRatio, table } from './timing.mjs';
import { useBackend } from './tfjs.mjs';

export const SIZES = [1024, 65536, 1048576];
export const CLASSES = 16;
export const DIM = 32;

export const IMPLS = [
  { key: 'simd', title: 'LossLab SIMD', short: 'SIMD' },
  { key: 'base', title: 'baseline', short: 'base' },
  { key: 'limit', title: 'C limit', short: 'limit', ratioTitle: 'of limit' },
  { key: 'native', title: 'native', short: 'native' },
  { key: 'js', title: 'plain JS', short: 'JS' },
  { key: 'tfwasm', title: 'tfjs-wasm', short: 'tf-wasm' },
  { key: 'tfcpu', title: 'tfjs-cpu', short: 'tf-cpu' },
];

// ---- what is compared ---------------------------------------------------------------------
// kind: which data set (reg | bin | rows | trip). lab: LossLab input/target/options.
// tf: the TensorFlow.js expression (a scalar), `wrt` what it is differentiated against.

const BCE_ALPHA = 0.25;

export const LOSSES = [
  // regression
  { id: 'mse', family: 'regression', kind: 'reg', limit: true, input: 'x', target: 'y', tfName: 'tf.losses.meanSquaredError',
    tf: (tf, x, T) => tf.losses.meanSquaredError(T.y, x) },
  { id: 'mae', family: 'regression', kind: 'reg', limit: true, input: 'x', target: 'y', tfName: 'tf.losses.absoluteDifference',
    tf: (tf, x, T) => tf.losses.absoluteDifference(T.y, x) },
  { id: 'huber', family: 'regression', kind: 'reg', limit: true, input: 'x', target: 'y', tfName: 'tf.losses.huberLoss',
    tf: (tf, x, T) => tf.losses.huberLoss(T.y, x, undefined, 1) },
  { id: 'log_cosh', family: 'regression', kind: 'reg', input: 'x', target: 'y', tfName: 'mean(log(cosh(x − y))) (composed)',
    tf: (tf, x, T) => tf.mean(tf.log(tf.cosh(tf.sub(x, T.y)))) },
  // binary
  { id: 'bce_with_logits', family: 'binary', kind: 'bin', limit: true, input: 'logits', target: 'labels', tfName: 'tf.losses.sigmoidCrossEntropy',
    tf: (tf, x, T) => tf.losses.sigmoidCrossEntropy(T.labels, x) },
  { id: 'bce', family: 'binary', kind: 'bin', input: 'probs', target: 'labels', tfName: 'tf.losses.logLoss (ε = 1e-7)',
    tf: (tf, x, T) => tf.losses.logLoss(T.labels, x) },
  { id: 'hinge', family: 'binary', kind: 'bin', input: 'logits', target: 'labels', tfName: 'tf.losses.hingeLoss',
    tf: (tf, x, T) => tf.losses.hingeLoss(T.labels, x) },
  { id: 'binary_focal', family: 'binary', kind: 'bin', input: 'logits', target: 'labels', tfName: 'sigmoidCrossEntropy·α_t(1−p_t)² (composed)',
    tf: (tf, x, T) => {
      const y = T.labels;
      const p = tf.sigmoid(x);
      const ce = tf.losses.sigmoidCrossEntropy(y, x, undefined, 0, tf.Reduction.NONE);
      const pt = tf.add(tf.mul(p, y), tf.mul(tf.sub(1, p), tf.sub(1, y)));
      const at = tf.add(tf.mul(y, BCE_ALPHA), tf.mul(tf.sub(1, y), 1 - BCE_ALPHA));
      return tf.mean(tf.mul(tf.mul(ce, tf.square(tf.sub(1, pt))), at));
    } },
  // multiclass, [N, C] with class indices
  { id: 'cross_entropy', family: 'multiclass', kind: 'rows', input: 'logits', target: 'labelsF', tfName: 'tf.losses.softmaxCrossEntropy (one-hot)',
    tf: (tf, z, T) => tf.losses.softmaxCrossEntropy(T.onehot, z) },
  { id: 'focal', family: 'multiclass', kind: 'rows', input: 'logits', target: 'labelsF', tfName: '−(1−p_y)² log p_y via logSoftmax (composed)',
    tf: (tf, z, T) => {
      const lpy = tf.sum(tf.mul(T.onehot, tf.logSoftmax(z)), 1);
      return tf.neg(tf.mean(tf.mul(tf.square(tf.sub(1, tf.exp(lpy))), lpy)));
    } },
  { id: 'nll', family: 'multiclass', kind: 'rows', input: 'logp', target: 'labelsF', tfName: '−mean(sum(onehot · logp)) (composed)',
    tf: (tf, z, T) => tf.neg(tf.mean(tf.sum(tf.mul(T.onehot, z), 1))) },
  // embedding, [N, D] triplets
  { id: 'triplet_margin', family: 'embedding', kind: 'trip', input: 'a', tfName: 'relu(‖a−p+ε‖ − ‖a−n+ε‖ + 1) (composed)',
    tf: (tf, a, T, p = T.p, n = T.n) => {
      const dp = tf.sqrt(tf.sum(tf.square(tf.add(tf.sub(a, p), 1e-6)), 1));
      const dn = tf.sqrt(tf.sum(tf.square(tf.add(tf.sub(a, n), 1e-6)), 1));
      return tf.mean(tf.relu(tf.add(tf.sub(dp, dn), 1)));
    } },
  // the second half (issue 13), part a
  { id: 'quantile', family: 'regression', kind: 'reg', input: 'x', target: 'y', tfName: 'mean(max(q·d, (q − 1)·d)), q = ½ (composed)',
    tf: (tf, x, T) => {
      const d = tf.sub(T.y, x);
      return tf.mean(tf.maximum(tf.mul(d, 0.5), tf.mul(d, -0.5)));
    } },
  { id: 'mape', family: 'regression', kind: 'reg', input: 'x', target: 'y', tfName: '100·mean(|y − x| / max(|y|, ε)) (composed)',
    tf: (tf, x, T) => tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(T.y, x), tf.maximum(tf.abs(T.y), 1e-7))))) },
  { id: 'poisson_nll', family: 'regression', kind: 'counts', input: 'logRates', target: 'counts', tfName: 'mean(exp(x) − y·x) (composed)',
    tf: (tf, x, T) => tf.mean(tf.sub(tf.exp(x), tf.mul(T.counts, x))) },
  { id: 'gaussian_nll', family: 'regression', kind: 'gauss', input: 'meanVar', target: 'y', tfName: 'mean(½(log v + (μ − y)²/v)) on split columns (composed)',
    tf: (tf, x, T) => {
      const [m, v] = tf.split(x, 2, 1);
      const vv = tf.maximum(tf.reshape(v, [-1]), 1e-6);
      return tf.mean(tf.mul(0.5, tf.add(tf.log(vv), tf.div(tf.square(tf.sub(tf.reshape(m, [-1]), T.y)), vv))));
    } },
  { id: 'soft_margin', family: 'binary', kind: 'bin', input: 'logits', target: 'labels', tfName: 'mean(softplus(−s·x)) (composed)',
    tf: (tf, x, T) => tf.mean(tf.softplus(tf.neg(tf.mul(T.signs, x)))) },
  { id: 'hinge_embedding', family: 'binary', kind: 'bin', input: 'dist', target: 'signs', tfName: 'mean(s > 0 ? x : relu(1 − x)) (composed)',
    tf: (tf, x, T) => tf.mean(tf.where(tf.greater(T.signs, 0), x, tf.relu(tf.sub(1, x)))) },
  { id: 'categorical_hinge', family: 'multiclass', kind: 'rows', input: 'logits', target: 'labelsF', tfName: 'tfjs-layers categoricalHinge (one-hot)',
    tf: (tf, z, T) => {
      const pos = tf.sum(tf.mul(T.onehot, z), 1);
      const neg = tf.max(tf.mul(tf.sub(1, T.onehot), z), 1);
      return tf.mean(tf.relu(tf.add(1, tf.sub(neg, pos))));
    } },
  { id: 'multilabel_soft_margin', family: 'multilabel', kind: 'rows', input: 'logits', target: 'onehot', tfName: 'mean(softplus(z) − y·z) (composed)',
    tf: (tf, z, T) => tf.mean(tf.sub(tf.softplus(z), tf.mul(T.onehot, z))) },
  { id: 'multilabel_margin', family: 'multilabel', kind: 'rows', input: 'logits', target: 'lists', tfName: 'Σ_{c≠y} relu(1 − z_y + z_c) / C, one label per row (composed)',
    tf: (tf, z, T) => {
      const zy = tf.sum(tf.mul(T.onehot, z), 1, true);
      const terms = tf.mul(tf.sub(1, T.onehot), tf.relu(tf.add(tf.sub(1, zy), z)));
      return tf.div(tf.mean(tf.sum(terms, 1)), z.shape[1]);
    } },
  // the second half (issue 13), part c: [N, 16] row pairs — masks, and unit directions
  { id: 'dice', family: 'binary', kind: 'pairs', input: 'probs', target: 'masks', tfName: 'mean(1 − 2Σxy / (Σx + Σy + ε)) per row (composed)',
    tf: (tf, x, T) => tf.mean(tf.sub(1, tf.div(tf.mul(2, tf.sum(tf.mul(x, T.masks), 1)),
      tf.add(tf.add(tf.sum(x, 1), tf.sum(T.masks, 1)), 1e-7)))) },
  { id: 'tversky', family: 'binary', kind: 'pairs', input: 'probs', target: 'masks', tfName: 'mean(1 − I / (I + ½FP + ½FN + ε)) per row (composed)',
    tf: (tf, x, T) => {
      const i = tf.sum(tf.mul(x, T.masks), 1);
      const fp = tf.sum(tf.mul(x, tf.sub(1, T.masks)), 1);
      const fn = tf.sum(tf.mul(tf.sub(1, x), T.masks), 1);
      return tf.mean(tf.sub(1, tf.div(i, tf.add(tf.add(tf.add(i, tf.mul(0.5, fp)), tf.mul(0.5, fn)), 1e-7))));
    } },
  // TF.js's cosineDistance does not normalise: on unit rows its value is 1 + LossLab's, but its
  // gradient (−y/N) is not the cosine's (which removes the component along x), so only the
  // values are compared with the plain-JS reference (tfGradDiffers).
  { id: 'cosine_similarity', family: 'embedding', kind: 'pairs', input: 'u', target: 'v', tfName: 'tf.losses.cosineDistance − 1 (unit rows)',
    tfGradDiffers: true, tf: (tf, x, T) => tf.sub(tf.losses.cosineDistance(T.v, x, 1), 1) },
  // custom expression
  { id: 'custom', family: 'custom', kind: 'reg', input: 'x', target: 'y', options: { expr: CUSTOM_EXPR }, tfName: `mean(pow(abs(x − y), 1.5)) (composed)`,
    tf: (tf, x, T) => tf.mean(tf.pow(tf.abs(tf.sub(x, T.y)), 1.5)) },
];

export const FAMILIES = ['regression', 'binary', 'multiclass', 'multilabel', 'embedding', 'custom'];

// ---- data ---------------------------------------------------------------------------------

function normals(random, n, scale = 1, shift = 0) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = shift + scale * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = shift + scale * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** The data of one kind at one size (element count n), deterministic. */
export function makeData(kind, n, seed = 7) {
  const random = seededRandom(seed * 1000003 + n);
  switch (kind) {
    case 'reg': {
      const x = normals(random, n);
      const y = normals(random, n);
      return { kind, n, shape: [n], x, y };
    }
    case 'bin': {
      const logits = normals(random, n, 2);
      const labels = new Float32Array(n);
      const probs = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = random() < 0.5 ? 0 : 1;
        probs[i] = Math.min(1 - 1e-6, Math.max(1e-6, 1 / (1 + Math.exp(-logits[i]))));
      }
      // derived, no further draws: ±1 labels, and distances |logit| (hinge_embedding)
      const signs = labels.map((l) => 2 * l - 1);
      const dist = logits.map(Math.abs);
      return { kind, n, shape: [n], logits, labels, probs, signs, dist };
    }
    case 'counts': {  // log-rates and Poisson counts drawn at rate e^{x + noise}
      const logRates = normals(random, n, 0.5, 1);
      const counts = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const limit = Math.exp(-Math.exp(logRates[i] + 0.3 * (random() - 0.5)));
        let k = 0;
        for (let p = random(); p > limit; p *= random()) k++;
        counts[i] = k;
      }
      return { kind, n, shape: [n], logRates, counts };
    }
    case 'gauss': {  // rows (mean, variance) and one value per row
      const rows = n / 2;
      const meanVar = new Float32Array(n);
      const means = normals(random, rows);
      const y = normals(random, rows);
      for (let r = 0; r < rows; r++) {
        meanVar[2 * r] = means[r];
        meanVar[2 * r + 1] = 0.05 + 2 * random();
      }
      return { kind, n, rows, cols: 2, shape: [rows, 2], meanVar, y };
    }
    case 'rows': {
      const C = CLASSES;
      const rows = n / C;
      const logits = normals(random, n, 2);
      const labelsF = new Float32Array(rows);
      const labelsI = new Int32Array(rows);
      const onehot = new Float32Array(n);
      const logp = new Float32Array(n);
      for (let r = 0; r < rows; r++) {
        const y = Math.min(C - 1, Math.floor(random() * C));
        labelsF[r] = y;
        labelsI[r] = y;
        onehot[r * C + y] = 1;
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, logits[r * C + c]);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(logits[r * C + c] - m);
        const lse = m + Math.log(s);
        for (let c = 0; c < C; c++) logp[r * C + c] = Math.min(0, logits[r * C + c] - lse);
      }
      // label lists of one label each (multilabel_margin): y, then −1s
      const lists = new Float32Array(n).fill(-1);
      for (let r = 0; r < rows; r++) lists[r * C] = labelsF[r];
      return { kind, n, rows, cols: C, shape: [rows, C], logits, labelsF, labelsI, onehot, logp, lists };
    }
    case 'pairs': {  // [N, 16]: probabilities against 0/1 masks; unit rows against unit rows
      const C = CLASSES;
      const rows = n / C;
      const probs = new Float32Array(n);
      const masks = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        masks[i] = random() < 0.4 ? 1 : 0;
        probs[i] = Math.min(1, Math.abs(masks[i] - 0.7 * random()));
      }
      const u = normals(random, n);
      const v = normals(random, n, 0.5);
      for (let r = 0; r < rows; r++) {
        let su = 0, sv = 0;
        for (let c = 0; c < C; c++) {
          v[r * C + c] += u[r * C + c];
          su += u[r * C + c] ** 2;
          sv += v[r * C + c] ** 2;
        }
        for (let c = 0; c < C; c++) {
          u[r * C + c] /= Math.sqrt(su);
          v[r * C + c] /= Math.sqrt(sv);
        }
      }
      return { kind, n, rows, cols: C, shape: [rows, C], probs, masks, u, v };
    }
    case 'trip': {
      const D = DIM;
      const rows = n / D;
      const a = normals(random, n);
      const noise = normals(random, n, 0.5);
      const p = new Float32Array(n);
      for (let i = 0; i < n; i++) p[i] = a[i] + noise[i];
      const neg = normals(random, n);
      return { kind, n, rows, cols: D, shape: [rows, D], a, p, negative: neg };
    }
    default:
      throw new Error(`unknown data kind ${kind}`);
  }
}

export function sizeLabel(loss, n) {
  const short = n >= 1048576 ? `${n / 1048576}M` : n >= 1024 ? `${n / 1024}k` : String(n);
  if (loss.kind === 'rows' || loss.kind === 'pairs') return `${n / CLASSES}×${CLASSES}`;
  if (loss.kind === 'gauss') return `${n / 2}×2`;
  if (loss.kind === 'trip') return `${n / DIM}×${DIM}`;
  return short;
}

// ---- implementations ----------------------------------------------------------------------

/** Arguments for the plain-JS function of `loss` on data `d`. */
function jsArgs(loss, d) {
  if (loss.kind === 'rows') return [d[loss.input], d.labelsI, d.cols];
  if (loss.kind === 'pairs') return [d[loss.input], d[loss.target], d.cols];
  if (loss.kind === 'gauss') return [d.meanVar, d.y];
  if (loss.kind === 'trip') return [d.a, d.p, d.negative, d.cols];
  return [d[loss.input], d[loss.target]];
}

function jsGradArgs(loss, d) {
  if (loss.kind === 'trip') {
    return [...jsArgs(loss, d), new Float32Array(d.n), new Float32Array(d.n), new Float32Array(d.n)];
  }
  return [...jsArgs(loss, d), new Float32Array(d.n)];
}

/** LossLab buffers and closures for one (lab, loss, data). Free with `.free()`. */
function labCase(lab, loss, d) {
  const buffers = [];
  const buf = (a) => {
    const b = lab.buffer(a);
    buffers.push(b);
    return b;
  };
  const input = buf(d[loss.input]);
  let target;
  const options = { ...(loss.options ?? {}) };
  if (loss.kind === 'trip') {
    target = { positive: buf(d.p), negative: buf(d.negative) };
    options.dim = d.cols;
  } else {
    target = buf(d[loss.target]);
    if (loss.kind === 'rows' || loss.kind === 'gauss' || loss.kind === 'pairs') options.classes = d.cols;
  }
  const gradInto = loss.kind === 'trip' ? null : buf(d.n);
  const valueOpts = { ...options, grad: false };
  const gradOpts = gradInto ? { ...options, gradInto } : options;
  return {
    value: () => lab.loss(loss.id, input, target, valueOpts).value,
    grad: () => lab.loss(loss.id, input, target, gradOpts).value,
    /** The gradient of the last grad call (a copy). */
    lastGrad: () => {
      if (gradInto) return gradInto.view().slice();
      const r = lab.loss(loss.id, input, target, options);
      return r.grad.anchor ?? r.grad;
    },
    free: () => buffers.forEach((b) => b.free()),
  };
}

/** Tensors for data `d` on the current backend. */
function tfTensors(tf, d) {
  const T = {};
  const shape = d.shape;
  switch (d.kind) {
    case 'reg':
      T.x = tf.tensor1d(d.x);
      T.y = tf.tensor1d(d.y);
      break;
    case 'bin':
      T.logits = tf.tensor1d(d.logits);
      T.labels = tf.tensor1d(d.labels);
      T.probs = tf.tensor1d(d.probs);
      T.signs = tf.tensor1d(d.signs);
      T.dist = tf.tensor1d(d.dist);
      break;
    case 'counts':
      T.logRates = tf.tensor1d(d.logRates);
      T.counts = tf.tensor1d(d.counts);
      break;
    case 'gauss':
      T.meanVar = tf.tensor2d(d.meanVar, shape);
      T.y = tf.tensor1d(d.y);
      break;
    case 'rows':
      T.logits = tf.tensor2d(d.logits, shape);
      T.onehot = tf.tensor2d(d.onehot, shape);
      T.logp = tf.tensor2d(d.logp, shape);
      break;
    case 'pairs':
      for (const k of ['probs', 'masks', 'u', 'v']) T[k] = tf.tensor2d(d[k], shape);
      break;
    case 'trip':
      T.a = tf.tensor2d(d.a, shape);
      T.p = tf.tensor2d(d.p, shape);
      T.n = tf.tensor2d(d.negative, shape);
      break;
  }
  return T;
}

function tfCase(tf, loss, T) {
  const x = T[loss.input];
  const f = (xx) => loss.tf(tf, xx, T);
  const read = (t) => {
    const v = t.dataSync()[0];
    return v;
  };
  if (loss.kind === 'trip') {
    const vg = tf.valueAndGrads((a, p, n) => loss.tf(tf, a, T, p, n));
    return {
      value: () => {
        const v = tf.tidy(() => f(x));
        const r = read(v);
        v.dispose();
        return r;
      },
      grad: () => {
        const { value, grads } = vg([T.a, T.p, T.n]);
        const r = read(value);
        value.dispose();
        tf.dispose(grads);
        return r;
      },
      lastGrad: () => {
        const { value, grads } = vg([T.a, T.p, T.n]);
        const g = grads[0].dataSync().slice();
        value.dispose();
        tf.dispose(grads);
        return g;
      },
    };
  }
  const vg = tf.valueAndGrad(f);
  return {
    value: () => {
      const v = tf.tidy(() => f(x));
      const r = read(v);
      v.dispose();
      return r;
    },
    grad: () => {
      const { value, grad } = vg(x);
      const r = read(value);
      value.dispose();
      grad.dispose();
      return r;
    },
    lastGrad: () => {
      const { value, grad } = vg(x);
      const g = grad.dataSync().slice();
      value.dispose();
      grad.dispose();
      return g;
    },
  };
}

// ---- native jobs --------------------------------------------------------------------------

/** Writes the data files and the job list for the native binary; returns the job file path. */
export function writeNativeJobs(dir, datasets, ids) {
  mkdirSync(dir, { recursive: true });
  const written = new Map();
  const file = (kind, n, name, data) => {
    const p = path.join(dir, `${kind}-${n}-${name}.f32`);
    if (!written.has(p)) {
      writeFileSync(p, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      written.set(p, true);
    }
    return p;
  };
  const lines = [];
  for (const loss of LOSSES) {
    if (!ids.has(loss.id)) continue;
    for (const n of SIZES) {
      const d = datasets.get(`${loss.kind}-${n}`);
      const input = file(d.kind, n, loss.input, d[loss.input]);
      let target = '-';
      let targetN = 0;
      let pos = '-';
      let neg = '-';
      let cols = d.cols ?? 0;
      if (loss.kind === 'trip') {
        pos = file(d.kind, n, 'p', d.p);
        neg = file(d.kind, n, 'negative', d.negative);
      } else {
        target = file(d.kind, n, loss.target, d[loss.target]);
        targetN = d[loss.target].length;
      }
      const expr = loss.options?.expr ?? '-';
      for (const mode of ['value', 'grad']) {
        lines.push([`${loss.id}|${mode}|${n}`, loss.id, mode, n, cols, input, target, targetN, pos, neg, expr].join(' '));
        if (loss.limit) {
          lines.push([`${loss.id}|limit-${mode}|${n}`, loss.id, `limit-${mode}`, n, cols, input, target, targetN, pos, neg, expr].join(' '));
        }
      }
    }
  }
  const jobs = path.join(dir, 'native-jobs.txt');
  writeFileSync(jobs, lines.join('\n') + '\n');
  return jobs;
}

// ---- the run ------------------------------------------------------------------------------

/**
 * Runs every loss a little in each LossLab build and in tfjs-wasm before anything is timed:
 * V8 compiles wasm with Liftoff first and tiers hot functions up to TurboFan in the
 * background, so the first cells of a table would otherwise catch baseline-tier code.
 */
export async function prewarm({ labs, tfx, datasets, ids = null, ms = 12 }) {
  const spin = (fn) => {
    const t0 = performance.now();
    do fn();
    while (performance.now() - t0 < ms);
  };
  for (const loss of LOSSES) {
    if (ids && !ids.has(loss.id)) continue;
    const d = datasets.get(`${loss.kind}-${SIZES[1]}`);
    for (const lab of [labs.simd, labs.base]) {
      if (!catalogueHas(lab, loss.id)) continue;
      let c;
      try {
        c = labCase(lab, loss, d);
        spin(c.value);
        spin(c.grad);
      } catch {
        /* reported when measured */
      } finally {
        c?.free();
      }
    }
    if (tfx?.backends.includes('wasm')) {
      const tf = tfx.tf;
      await useBackend(tf, 'wasm');
      const T = tfTensors(tf, d);
      try {
        const c = tfCase(tf, loss, T);
        spin(c.value);
        spin(c.grad);
      } catch {
        /* reported when measured */
      } finally {
        tf.dispose(Object.values(T));
      }
    }
  }
}

const catalogueHas = (lab, id) => !!lab && lab.losses.some((l) => l.id === id);

/**
 * @param {{ labs: { simd?: any, base?: any }, tfx: any, native: Map<string, any>,
 *   datasets: Map<string, any>, log: (s: string) => void, families?: string[],
 *   ids?: Set<string> | null }} ctx  (ids: only these losses, from --losses=)
 * @returns {Promise<{ rows: any[], checks: string[], spent: Record<string, number> }>}
 */
export async function runLossBench(ctx) {
  const { labs, tfx, native, datasets, log } = ctx;
  const families = ctx.families ?? FAMILIES;
  const rows = [];
  const checks = [];
  const spent = {}; // seconds of measuring per implementation
  const anyLab = labs.simd ?? labs.base;

  for (const family of families) {
    const losses = LOSSES.filter((l) => l.family === family && (!ctx.ids || ctx.ids.has(l.id)));
    if (!losses.length) continue;
    log(`  ${family}: ${losses.map((l) => l.id).join(', ')}`);
    for (const loss of losses) {
      if (!catalogueHas(anyLab, loss.id)) {
        for (const n of SIZES) {
          for (const mode of ['value', 'grad']) {
            rows.push({ family, id: loss.id, mode, n, size: sizeLabel(loss, n), missing: true, times: {}, values: {} });
          }
        }
        continue;
      }
      for (const n of SIZES) {
        const d = datasets.get(`${loss.kind}-${n}`);
        const row = {
          value: { family, id: loss.id, mode: 'value', n, size: sizeLabel(loss, n), times: {}, values: {}, errors: {} },
          grad: { family, id: loss.id, mode: 'grad', n, size: sizeLabel(loss, n), times: {}, values: {}, errors: {} },
        };
        const grads = {};
        const record = (impl, mode, fn) => {
          const t0 = performance.now();
          try {
            const m = measure(fn);
            row[mode].times[impl] = m;
            row[mode].values[impl] = m.last;
          } catch (e) {
            row[mode].errors[impl] = String(e?.message ?? e).slice(0, 160);
          }
          spent[impl] = (spent[impl] ?? 0) + (performance.now() - t0) / 1000;
        };
        // LossLab, both builds.
        for (const impl of ['simd', 'base']) {
          const lab = labs[impl];
          if (!lab || !catalogueHas(lab, loss.id)) continue;
          let c;
          try {
            c = labCase(lab, loss, d);
          } catch (e) {
            row.value.errors[impl] = row.grad.errors[impl] = String(e?.message ?? e).slice(0, 160);
            continue;
          }
          try {
            record(impl, 'value', c.value);
            record(impl, 'grad', c.grad);
            if (n === SIZES[0] && !row.grad.errors[impl]) grads[impl] = c.lastGrad();
          } finally {
            c.free();
          }
        }
        // Native and its plain C limit (measured earlier, in their own process).
        for (const mode of ['value', 'grad']) {
          for (const [impl, key] of [['native', mode], ['limit', `limit-${mode}`]]) {
            const r = native.get(`${loss.id}|${key}|${n}`);
            if (r?.ms != null) {
              row[mode].times[impl] = { ms: r.ms, min: r.min, max: r.max, samples: r.samples, inner: r.inner };
              row[mode].values[impl] = r.value;
            } else if (r?.error) {
              row[mode].errors[impl] = r.error;
            }
          }
        }
        // Plain JS.
        const f = PLAIN_JS[loss.id];
        if (f) {
          const a = jsArgs(loss, d);
          const ga = jsGradArgs(loss, d);
          record('js', 'value', () => f(...a));
          record('js', 'grad', () => f.grad(...ga));
          if (n === SIZES[0]) grads.js = ga[a.length];
        }
        // TensorFlow.js, each backend with its own tensors.
        if (tfx?.tf) {
          const tf = tfx.tf;
          for (const [impl, backend] of [['tfwasm', 'wasm'], ['tfcpu', 'cpu']]) {
            if (!tfx.backends.includes(backend)) continue;
            await useBackend(tf, backend);
            const before = tf.memory().numTensors;
            const T = tfTensors(tf, d);
            try {
              const c = tfCase(tf, loss, T);
              record(impl, 'value', c.value);
              record(impl, 'grad', c.grad);
              if (n === SIZES[0] && !row.grad.errors[impl]) grads[impl] = c.lastGrad();
            } catch (e) {
              row.value.errors[impl] = row.grad.errors[impl] = String(e?.message ?? e).slice(0, 160);
            } finally {
              tf.dispose(Object.values(T));
            }
            const leaked = tf.memory().numTensors - before;
            if (leaked !== 0) checks.push(`${impl} ${loss.id} ${row.value.size}: ${leaked} tensors leaked`);
          }
        }
        rows.push(row.value, row.grad);
        if (n === SIZES[0]) agreement(loss, row, grads, checks);
      }
      const done = rows.filter((r) => r.id === loss.id);
      log(`    ${loss.id}: ${done.length} rows`);
    }
  }
  return { rows, checks, spent };
}

/** Values and gradients agree with the plain-JS reference (at the smallest size)? */
function agreement(loss, row, grads, checks) {
  const ref = row.value.values.js;
  if (ref == null) return;
  const tol = { simd: 2e-5, base: 2e-5, native: 2e-5, tfwasm: 1e-3, tfcpu: 1e-3 };
  for (const mode of ['value', 'grad']) {
    for (const [impl, v] of Object.entries(row[mode].values)) {
      if (impl === 'js' || typeof v !== 'number') continue;
      const rel = Math.abs(v - ref) / Math.max(Math.abs(ref), 1e-12);
      if (!(rel <= tol[impl])) {
        checks.push(`${loss.id} ${row.value.size} ${mode}: ${impl} value ${v} vs plain JS ${ref} (rel ${rel.toExponential(1)})`);
      }
    }
  }
  const gref = grads.js;
  if (!gref) return;
  let scale = 0;
  for (let i = 0; i < gref.length; i++) scale = Math.max(scale, Math.abs(gref[i]));
  for (const [impl, g] of Object.entries(grads)) {
    if (impl === 'js' || !g || (loss.tfGradDiffers && impl.startsWith('tf'))) continue;
    let worst = 0;
    for (let i = 0; i < gref.length; i++) worst = Math.max(worst, Math.abs(g[i] - gref[i]));
    const rel = worst / Math.max(scale, 1e-30);
    if (!(rel <= (impl.startsWith('tf') ? 1e-3 : 1e-4))) {
      checks.push(`${loss.id} ${row.value.size} gradient: ${impl} max |Δ| ${worst.toExponential(2)} (${rel.toExponential(1)} of max |g|) vs plain JS`);
    }
  }
}

// ---- printing -----------------------------------------------------------------------------

export const LOSS_COLUMNS = [
  { title: 'loss', align: 'l' },
  { title: 'mode', align: 'l' },
  { title: 'size', align: 'r' },
  ...IMPLS.map((i) => ({ title: i.title, align: 'r' })),
  { title: '│', align: 'l' },
  ...IMPLS.slice(1).map((i) => ({ title: i.ratioTitle ?? `÷${i.short}`, align: 'r' })),
];

function cell(row, key) {
  const t = row.times[key];
  if (t) return fmtMs(t.ms);
  if (row.errors?.[key]) return 'err';
  return '—';
}

export function ratio(row, key) {
  const s = row.times.simd?.ms;
  const o = row.times[key]?.ms;
  return s && o ? o / s : null;
}

export function lossTableRows(rows, family) {
  const out = [];
  let lastId = null;
  const fr = rows.filter((x) => x.family === family);
  const width = Math.max(4, ...fr.filter((x) => !x.missing).map((x) => x.id.length), ...fr.map((x) => x.id.length));
  for (const r of fr) {
    const name = r.id === lastId ? '' : r.id;
    if (r.missing) {
      if (r.id !== lastId) out.push(`${r.id.padEnd(width)}  n/a (not in catalogue)`);
      lastId = r.id;
      continue;
    }
    lastId = r.id;
    out.push([
      name,
      r.mode === 'grad' ? 'value+grad' : 'value',
      r.size,
      ...IMPLS.map((i) => cell(r, i.key)),
      '│',
      ...IMPLS.slice(1).map((i) => fmtRatio(ratio(r, i.key))),
    ]);
  }
  return out;
}

export function printLossTables(rows, print) {
  for (const family of FAMILIES) {
    const fr = rows.filter((r) => r.family === family);
    if (!fr.length) continue;
    print(`\n${family} — ms per call (median); ÷X = X's time / LossLab SIMD's (> 1: SIMD faster); "of limit" = the plain C loop's time / SIMD's (1: at the machine's limit)`);
    print(table(LOSS_COLUMNS, lossTableRows(rows, family)));
    const names = LOSSES.filter((l) => l.family === family).map((l) => `${l.id}: ${l.tfName}`);
    print(`  tfjs: ${names.join('; ')}`);
    const errs = [];
    for (const r of fr) {
      for (const [k, v] of Object.entries(r.errors ?? {})) errs.push(`${r.id} ${r.mode} ${r.size} ${k}: ${v}`);
    }
    if (errs.length) print(`  errors: ${[...new Set(errs)].slice(0, 8).join(' | ')}`);
  }
}
