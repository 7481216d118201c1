// Coming from Keras, TensorFlow.js or PyTorch: for each peer loss, the LossLab call that
// gives the same number, and where the semantics differ, by how much and why.
// One source for two readers: scripts/docs.mjs renders these rows into docs/losses.md, and
// tests/js/translation.test.mjs computes both sides of every row — the peer's number from
// its own formula, written out below with the file and line it comes from, and LossLab's
// through lab.loss — so the table cannot drift from what either library does.
//
// Sources (read at these commits):
//   Keras 3  keras-team/keras@3422977a  keras/src/losses/losses.py (L), keras/src/losses/loss.py,
//            keras/src/backend/numpy/nn.py (the reference backend; the others clip alike)
//   TF.js    tensorflow/tfjs@0fc04d95   tfjs-core/src/ops/losses/*.ts, tfjs-layers/src/losses.ts
//            (4.22.0 as installed: the line numbers are those of the sources in its source maps)
//   PyTorch  1.13 torch.nn.functional (the golden file's reference; scripts/golden/generate.py)
//
// A row: { peer, name, source, peerCall, call: [id, input, target, options], lossLab,
//          peerValue(input, target) → number, relation: 'same' | 'differs',
//          convert?(lossLabValue) → the peer's number (a documented conversion),
//          expect?: { peer, lossLab } (the numbers a 'differs' row shows),
//          peerGrad?(input, target) → the peer's gradient, with convertGrad?(grad, input, target)
//          turning LossLab's into it (ctc: PyTorch's backward is another quantity), note }.

const f32 = Math.fround;
const EPS = 1e-7; // Keras backend.epsilon() and TF.js's default epsilon
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const sum = (a) => a.reduce((s, v) => s + v, 0);
const rows = (flat, c) => Array.from({ length: flat.length / c }, (_, i) => flat.slice(i * c, (i + 1) * c));
const clip = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const softmax = (r) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = sum(e);
  return e.map((v) => v / s);
};

// Shared data (small enough to check by hand).
const P = [2.5, 5.5, 1.8, 6.5];
const Y = [3, 5, 2, 7];
const LOGITS = [0.8, -1.2, 2.5, -0.3, 0.1, 1.7];
const LABELS = [1, 0, 1, 0, 0, 1];
const PROBS = [0.9, 0.2, 0.7, 0.4, 0.35, 0.6];
const MASK_P = [0.9, 0.2, 0.7, 0.1, 0.6, 0.0]; // two masks of 3 (dice, tversky)
const MASK_Y = [1, 0, 1, 0, 1, 1];
const COS_P = [1, 2, -1, 0.5, -0.5, 3];
const COS_Y = [2, 3, -1, -1, 0, 2];
const UNIT_P = [0.6, 0.8, 1, 0];
const UNIT_Y = [0.8, 0.6, 0, -1];
const SHORT_P = [1e-4, 1.2e-4, 0.6, 0.8]; // a row of norm 1.56e-4, then a unit row
const SHORT_Y = [0.6, 0.72, 0.6, 0.8].map((v, i) => (i < 2 ? v / Math.hypot(0.6, 0.72) : v));
const ROWS3 = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6]; // two probability rows, C = 3
const ONEHOT3 = [1, 0, 0, 0, 0, 1];
const LOGITS3 = [1.5, -0.5, 0.2, 0.3, 0.9, -1.1];
// ctc: log_softmax of three steps over C = 3 classes (blank 0), one sample
const CTC_LP = [[0.2, 1.1, -0.4], [0.9, 0.3, 0.5], [-0.2, 0.1, 1.4]].flatMap((r) => {
  const p = softmax(r);
  return p.map((v) => f32(Math.log(v)));
});

/** CTC by brute force: every path of T classes whose collapse (repeats merged, blanks 0
 *  dropped) is `labels`; returns −log Σ p(path) and each (t, k)'s posterior P(path_t = k).
 *  Independent of any forward–backward (Graves et al. 2006, eq. 2–3). */
function ctcByAlignments(lp, T, C, labels) {
  const posterior = new Array(T * C).fill(0);
  let total = 0;
  for (let code = 0; code < C ** T; code++) {
    const path = Array.from({ length: T }, (_, t) => Math.floor(code / C ** t) % C);
    const collapsed = path.filter((k, t) => k !== 0 && (t === 0 || k !== path[t - 1]));
    if (collapsed.join() !== labels.join()) continue;
    const p = Math.exp(sum(path.map((k, t) => lp[t * C + k])));
    total += p;
    path.forEach((k, t) => (posterior[t * C + k] += p));
  }
  return { loss: -Math.log(total), posterior: posterior.map((v) => v / total) };
}

/** Keras's binary cross-entropy on probabilities: clip to [ε, 1 − ε] in float32, then log
 *  (keras/src/backend/numpy/nn.py:928-930). */
function kerasBce(y, p) {
  const q = clip(p, f32(EPS), f32(1 - EPS));
  return -(y * Math.log(q) + (1 - y) * Math.log(f32(1 - q)));
}

export const ROWS = [
  // ---- Keras 3 --------------------------------------------------------------------------
  {
    peer: 'Keras', name: 'MeanSquaredError', source: 'L1760 mean_squared_error',
    peerCall: 'keras.losses.MeanSquaredError()(y, p)', call: ['mse', P, Y, {}], lossLab: "lab.loss('mse', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => (v - y[i]) ** 2)), relation: 'same',
    note: 'Same number (0.1975 on the article example).',
  },
  {
    peer: 'Keras', name: 'MeanAbsoluteError', source: 'L1799 mean_absolute_error',
    peerCall: 'keras.losses.MeanAbsoluteError()(y, p)', call: ['mae', P, Y, {}], lossLab: "lab.loss('mae', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => Math.abs(v - y[i]))), relation: 'same', note: 'Same number.',
  },
  {
    peer: 'Keras', name: 'MeanAbsolutePercentageError', source: 'L1836 mean_absolute_percentage_error',
    peerCall: 'keras.losses.MeanAbsolutePercentageError()(y, p)', call: ['mape', P, [3, 5, 2, -7], {}],
    lossLab: "lab.loss('mape', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => (100 * Math.abs(y[i] - v)) / Math.max(Math.abs(y[i]), EPS))),
    relation: 'same', note: 'Same number (each |y| clamped at ε = 1e-7 below, so a zero target gives a huge term, as in Keras).',
  },
  {
    peer: 'Keras', name: 'loss(y, p, sample_weight=w)', source: 'loss.py:164 reduce_weighted_values (sum_over_batch_size)',
    peerCall: 'keras.losses.MeanSquaredError()(y, p, sample_weight=w), y and p of shape [4, 1], w = [1, 0, 2, 0.5]',
    call: ['mse', P, Y, { sample_weight: [1, 0, 2, 0.5] }], lossLab: "lab.loss('mse', p, y, { sample_weight: w })",
    peerValue: (p, y) => sum(p.map((v, i) => [1, 0, 2, 0.5][i] * (v - y[i]) ** 2)) / 4,
    relation: 'same',
    note: "Same number: the weighted terms summed and divided by the number of terms N (not by Σw), for every loss and reduction ('sum': Σ w·l, 'none': w·l). Keras's `reduction='mean_with_sample_weight'` divides by Σw instead: use 'sum' and divide by Σw.",
  },
  {
    peer: 'Keras', name: 'MeanSquaredLogarithmicError', source: 'L1882 mean_squared_logarithmic_error (max(·, ε) + 1)',
    peerCall: 'keras.losses.MeanSquaredLogarithmicError()(y, p)', call: ['msle', [0.5, 1, 3], [-0.5, 1, 2], {}],
    lossLab: "lab.loss('msle', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => (Math.log(Math.max(v, EPS) + 1) - Math.log(Math.max(y[i], EPS) + 1)) ** 2)),
    relation: 'differs', expect: { peer: 0.08239, lossLab: 0.4299 },
    note: 'Keras (and tfjs-layers) replace negative values by ε ≈ 0 before log(1 + ·); LossLab takes log1p of any value above −1, as the formula says, and refuses −1 or less (OUT_OF_DOMAIN). Same number when nothing is negative.',
  },
  {
    peer: 'Keras', name: 'Huber', source: 'L1959 huber',
    peerCall: 'keras.losses.Huber(delta=1.5)(y, p)', call: ['huber', P, [3, 8, 2, 4], { delta: 1.5 }],
    lossLab: "lab.loss('huber', p, y, { delta: 1.5 })",
    peerValue: (p, y) => mean(p.map((v, i) => {
      const d = Math.abs(v - y[i]);
      return d <= 1.5 ? 0.5 * d * d : 1.5 * d - 0.5 * 1.5 * 1.5;
    })),
    relation: 'same', note: 'Same number.',
  },
  {
    peer: 'Keras', name: 'LogCosh', source: 'L2017 log_cosh',
    peerCall: 'keras.losses.LogCosh()(y, p)', call: ['log_cosh', P, [3, 8, 2, 4], {}], lossLab: "lab.loss('log_cosh', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => Math.log(Math.cosh(v - y[i])))), relation: 'same', note: 'Same number.',
  },
  {
    peer: 'Keras', name: 'Hinge (reduction="sum")', source: 'L1639 hinge (mean over the last axis), loss.py:140 reduce_values',
    peerCall: 'keras.losses.Hinge(reduction="sum")(y, p), y = [[0, 1], [0, 0]], p = [[0.6, 0.4], [0.4, 0.6]]',
    call: ['hinge', [0.6, 0.4, 0.4, 0.6], [0, 1, 0, 0], { reduction: 'sum' }],
    lossLab: "lab.loss('hinge', p, y, { reduction: 'sum' }).value / 2 (C = 2 per sample)",
    peerValue: (p, y) => sum(rows(p.map((v, i) => Math.max(0, 1 - (2 * y[i] - 1) * v)), 2).map(mean)),
    relation: 'differs', expect: { peer: 2.6, lossLab: 5.2 }, convert: (v) => v / 2,
    note: "Keras first averages each sample's last axis, then reduces: its 'sum' adds per-sample means (2.6), LossLab's adds every element (5.2). Divide LossLab's 'sum' by the elements per sample; the 'mean's agree (1.3).",
  },
  {
    peer: 'Keras', name: 'Hinge (reduction=None)', source: 'L1639 hinge, loss.py:140 reduce_values',
    peerCall: 'keras.losses.Hinge(reduction=None)(y, p) — one value per sample',
    call: ['hinge', [0.6, 0.4, 0.4, 0.6], [0, 1, 0, 0], { reduction: 'none' }],
    lossLab: "lab.loss('hinge', p, y, { reduction: 'none' }).value: one per element; average each sample's",
    peerValue: (p, y) => rows(p.map((v, i) => Math.max(0, 1 - (2 * y[i] - 1) * v)), 2).map(mean)[0],
    relation: 'differs', expect: { peer: 1.1, lossLab: 1.6 }, convert: (v) => mean(Array.from(v).slice(0, 2)),
    note: "Keras's `reduction=None` returns per-sample means (1.1, 1.5); LossLab's 'none' returns per-element terms (1.6, 0.6, 1.4, 1.6). Average each sample's terms to get Keras's.",
  },
  {
    peer: 'Keras', name: 'Hinge (mixed labels)', source: 'L1613 convert_binary_labels_to_hinge',
    peerCall: 'keras.losses.Hinge()(y, p), y = [1, 0, -1]', call: ['hinge', [0.5, 0.5, 0.5], [1, 0, -1], {}],
    lossLab: "lab.loss('hinge', p, y)",
    // Labels are converted (2y − 1) only when every one is 0 or 1; here 0 stays 0.
    peerValue: (p, y) => mean(p.map((v, i) => Math.max(0, 1 - y[i] * v))),
    relation: 'differs', expect: { peer: 1, lossLab: 1.1667 },
    note: 'Keras maps 0/1 labels to −1/+1 only when all labels are 0 or 1; a 0 among ±1 labels stays 0 (a term of 1). LossLab reads every 0 as −1.',
  },
  {
    peer: 'Keras', name: 'BinaryCrossentropy', source: 'L2383 binary_crossentropy; backend/numpy/nn.py:928 clip to [ε, 1 − ε]',
    peerCall: 'keras.losses.BinaryCrossentropy()(y, p), y = [1, 0, 1, 0], p = [1, 1, 1, 0]',
    call: ['bce', [1, 1, 1, 0], [1, 0, 1, 0], {}], lossLab: "lab.loss('bce', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => kerasBce(y[i], v))),
    relation: 'differs', expect: { peer: 3.98559, lossLab: 25 },
    note: "Keras clips probabilities to [1e-7, 1 − 1e-7] before the log, so a confident mistake costs at most 15.9; LossLab follows PyTorch (each log clamped at −100). The same number whenever every probability lies in [1e-7, 1 − 1e-7]; for Keras's number on saturated outputs use `bce_with_logits` on logits, or clip first.",
  },
  {
    peer: 'Keras', name: 'BinaryCrossentropy (inside the clip)', source: 'L2383 binary_crossentropy',
    peerCall: 'keras.losses.BinaryCrossentropy(label_smoothing=0.2)(y, p)',
    call: ['bce', PROBS, LABELS, { label_smoothing: 0.2 }], lossLab: "lab.loss('bce', p, y, { label_smoothing: 0.2 })",
    peerValue: (p, y) => mean(p.map((v, i) => kerasBce(y[i] * 0.8 + 0.1, v))), relation: 'same',
    note: 'Same number, label smoothing included (y(1 − ε) + ε/2, L2414).',
  },
  {
    peer: 'Keras', name: 'BinaryCrossentropy(from_logits=True)', source: 'L2383; backend/numpy/nn.py:925 (from_logits)',
    peerCall: 'keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)(y, z)',
    call: ['bce_with_logits', LOGITS, LABELS, { label_smoothing: 0.1 }],
    lossLab: "lab.loss('bce_with_logits', z, y, { label_smoothing: 0.1 })",
    peerValue: (z, y) => mean(z.map((v, i) => softplus(v) - v * (y[i] * 0.9 + 0.05))), relation: 'same',
    note: 'Same number.',
  },
  {
    peer: 'Keras', name: 'BinaryFocalCrossentropy', source: 'L2429 binary_focal_crossentropy (apply_class_balancing=False by default)',
    peerCall: 'keras.losses.BinaryFocalCrossentropy(gamma=2, from_logits=True)(y, z)',
    call: ['binary_focal', LOGITS, LABELS, { alpha: -1 }], lossLab: "lab.loss('binary_focal', z, y, { alpha: -1 })",
    peerValue: (z, y) => mean(z.map((v, i) => {
      const p = sigmoid(v), t = y[i];
      const pt = t * p + (1 - t) * (1 - p);
      return (1 - pt) ** 2 * kerasBce(t, p);
    })),
    relation: 'same',
    note: "Keras applies no alpha unless `apply_class_balancing=True`; LossLab's `binary_focal` follows torchvision (alpha 0.25). Pass `alpha: -1` for Keras's default, `alpha: a` for `apply_class_balancing=True, alpha=a`. (Keras clips the sigmoid to [1e-7, 1 − 1e-7], so logits beyond ±16 differ.)",
  },
  {
    peer: 'Keras', name: 'CategoricalCrossentropy', source: 'L2151 categorical_crossentropy',
    peerCall: 'keras.losses.CategoricalCrossentropy(label_smoothing=0.1)(y, p)',
    call: ['categorical_cross_entropy', rows(ROWS3, 3), rows(ONEHOT3, 3), { label_smoothing: 0.1 }],
    lossLab: "lab.loss('categorical_cross_entropy', p, y, { label_smoothing: 0.1 })",
    peerValue: (p, y) => mean(p.map((r, i) => {
      const s = sum(r);
      return -sum(r.map((v, c) => (y[i][c] * 0.9 + 0.1 / 3) * Math.log(clip(v / s, EPS, 1 - EPS))));
    })),
    relation: 'same', note: 'Same number: rows renormalised, clipped to [1e-7, 1 − 1e-7], targets smoothed by ε/C (L2200).',
  },
  {
    peer: 'Keras', name: 'CategoricalCrossentropy(from_logits=True)', source: 'L2151; softmax cross-entropy on logits',
    peerCall: 'keras.losses.CategoricalCrossentropy(from_logits=True)(y, z)',
    call: ['categorical_cross_entropy', rows(LOGITS3, 3), rows(ONEHOT3, 3), { from_logits: true }],
    lossLab: "lab.loss('categorical_cross_entropy', z, y, { from_logits: true })",
    peerValue: (z, y) => mean(z.map((r, i) => -sum(softmax(r).map((p, c) => y[i][c] * Math.log(p))))),
    relation: 'same', note: 'Same number (also `cross_entropy` with probability targets).',
  },
  {
    peer: 'Keras', name: 'SparseCategoricalCrossentropy(from_logits=True)', source: 'L2316 sparse_categorical_crossentropy',
    peerCall: 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, z)',
    call: ['sparse_categorical_cross_entropy', rows(LOGITS3, 3), [0, 2], { from_logits: true }],
    lossLab: "lab.loss('sparse_categorical_cross_entropy', z, y, { from_logits: true })",
    peerValue: (z, y) => mean(z.map((r, i) => -Math.log(softmax(r)[y[i]]))), relation: 'same',
    note: 'Same number (also `cross_entropy`).',
  },
  {
    peer: 'Keras', name: 'CategoricalFocalCrossentropy', source: 'L2217 categorical_focal_crossentropy (alpha=0.25, gamma=2)',
    peerCall: 'keras.losses.CategoricalFocalCrossentropy()(y, p)',
    call: ['focal', rows(ROWS3, 3), [0, 2], { alpha: 0.25, from_logits: false }],
    lossLab: "lab.loss('focal', p, y, { alpha: 0.25, from_logits: false })",
    peerValue: (p, y) => mean(p.map((r, i) => {
      const q = clip(r[y[i]] / sum(r), EPS, 1 - EPS);
      return -0.25 * (1 - q) ** 2 * Math.log(q);
    })),
    relation: 'same',
    note: "Keras's defaults are a scalar alpha 0.25 and probabilities; LossLab's `focal` defaults to logits and no alpha: pass both. Keras renormalises each row; LossLab reads p_y as given, so rows must already sum to 1.",
  },
  {
    peer: 'Keras', name: 'KLDivergence', source: 'L2068 kl_divergence',
    peerCall: 'keras.losses.KLDivergence()(y, p)', call: ['kl_div', rows(ROWS3, 3), rows([0.5, 0.3, 0.2, 0.2, 0.2, 0.6], 3), {}],
    lossLab: "lab.loss('kl_div', p, y)",
    peerValue: (p, y) => mean(p.map((r, i) => sum(r.map((v, c) => {
      const t = clip(y[i][c], EPS, 1);
      return t * Math.log(t / clip(v, EPS, 1));
    })))),
    relation: 'same', note: 'Same number.',
  },
  {
    peer: 'Keras', name: 'Poisson', source: 'L2112 poisson',
    peerCall: 'keras.losses.Poisson()(y, p)', call: ['poisson_nll', [1.5, 0.2, 3], [1, 0, 4], { log_input: false, eps: 1e-7 }],
    lossLab: "lab.loss('poisson_nll', p, y, { log_input: false, eps: 1e-7 })",
    peerValue: (p, y) => mean(p.map((v, i) => v - y[i] * Math.log(v + EPS))), relation: 'same',
    note: "Same number. Keras takes rates; LossLab's `poisson_nll` defaults to PyTorch's log-rates (log_input: true, eps 1e-8): pass both options.",
  },
  {
    peer: 'Keras', name: 'CategoricalHinge', source: 'L1714 categorical_hinge',
    peerCall: 'keras.losses.CategoricalHinge()(y, s), y one-hot',
    call: ['categorical_hinge', rows([0.3, -0.5, 0.9, -1.2, -0.4, -2.0], 3), rows(ONEHOT3, 3), {}],
    lossLab: "lab.loss('categorical_hinge', s, y) (or class indices as y)",
    peerValue: (s, y) => mean(s.map((r, i) => {
      const pos = sum(r.map((v, c) => y[i][c] * v));
      const neg = Math.max(...r.map((v, c) => (1 - y[i][c]) * v));
      return Math.max(0, neg - pos + 1);
    })),
    relation: 'same',
    note: "Same number. The true class's entry takes part in the max as (1 − 1)·s = 0, so when every other score is negative (the second row) the loss is max(0, 1 − s_y), not max(0, 1 + max_{j≠y} s_j − s_y).",
  },
  {
    peer: 'Keras', name: 'Dice', source: 'L2607-2616 dice (axis=None: sums over the whole batch)',
    peerCall: 'keras.losses.Dice()(y, p), y and p of shape [2, 3]',
    call: ['dice', MASK_P, MASK_Y, {}], lossLab: "lab.loss('dice', p.flat(), y.flat()) (a flat array is one mask)",
    peerValue: (p, y) => 1 - (2 * sum(p.map((v, i) => v * y[i]))) / (sum(y) + sum(p) + EPS),
    relation: 'same',
    note: "Same number. Keras's default axis=None sums over the whole batch (one Dice for everything); LossLab's `dice` takes [N, D] rows as N masks, each with its own Dice, and a flat array as one mask — pass the batch flat for Keras's number, or rows (`classes: D`) for Keras's `Dice(axis=(1,))` per-sample values. ε = 1e-7 (Keras's backend epsilon) is the `eps` option.",
  },
  {
    peer: 'Keras', name: 'Dice(axis=(1,), reduction=None)', source: 'L2607-2616 dice',
    peerCall: 'keras.losses.Dice(axis=(1,), reduction=None)(y, p)',
    call: ['dice', rows(MASK_P, 3), rows(MASK_Y, 3), { reduction: 'none' }], lossLab: "lab.loss('dice', p, y, { reduction: 'none' })",
    convert: (v) => v[0],
    peerValue: (p, y) => 1 - (2 * sum(p[0].map((v, i) => v * y[0][i]))) / (sum(y[0]) + sum(p[0]) + EPS),
    relation: 'same',
    note: "Same numbers, one per row (the first row's compared here): rows are masks.",
  },
  {
    peer: 'Keras', name: 'Tversky(alpha=0.3, beta=0.7)', source: 'L2648-2657 tversky (axis=None)',
    peerCall: 'keras.losses.Tversky(alpha=0.3, beta=0.7)(y, p)',
    call: ['tversky', MASK_P, MASK_Y, { alpha: 0.3, beta: 0.7 }], lossLab: "lab.loss('tversky', p.flat(), y.flat(), { alpha: 0.3, beta: 0.7 })",
    peerValue: (p, y) => {
      const i = sum(p.map((v, k) => v * y[k]));
      const fp = sum(p.map((v, k) => (1 - y[k]) * v));
      const fn = sum(p.map((v, k) => y[k] * (1 - v)));
      return 1 - i / (i + 0.3 * fp + 0.7 * fn + EPS);
    },
    relation: 'same',
    note: "Same number: α weighs the false positives, β the false negatives, as in Keras (Salehi et al. 2017). As for Dice, Keras's axis=None is LossLab's flat array; rows are separate masks. With α = β = 0.5 Tversky is Dice up to ε: 2I / (Σx + Σy + 2ε) against Dice's ε.",
  },
  {
    peer: 'Keras', name: 'CosineSimilarity', source: 'L1950-1955 cosine_similarity; ops/nn.py L2738-2744 normalize',
    peerCall: 'keras.losses.CosineSimilarity()(y, p), rows of 3',
    call: ['cosine_similarity', rows(COS_P, 3), rows(COS_Y, 3), {}], lossLab: "lab.loss('cosine_similarity', p, y)",
    peerValue: (p, y) => mean(p.map((r, i) => {
      const norm = (v) => Math.sqrt(Math.max(sum(v.map((a) => a * a)), EPS * EPS));
      return -sum(r.map((v, k) => v * y[i][k])) / (norm(r) * norm(y[i]));
    })),
    relation: 'same',
    note: "Same number: minus the cosine per row (−1 for the same direction), averaged over rows. Only a row shorter than 1e-6 differs: LossLab floors the squared norm at 1e-12 (tf.math.l2_normalize, as Keras 2 did), Keras 3 at ε² = 1e-14; an all-zero row gives 0 in both.",
  },

  // ---- TensorFlow.js ----------------------------------------------------------------------
  {
    peer: 'TF.js', name: 'tf.losses.meanSquaredError (weights, SUM_BY_NONZERO_WEIGHTS)', source: 'tfjs-core ops/losses/compute_weighted_loss.ts:70-78',
    peerCall: 'tf.losses.meanSquaredError(y, p, w), w = [1, 0, 2, 0.5]', call: ['mse', P, Y, { sample_weight: [1, 0, 2, 0.5], reduction: 'sum' }],
    lossLab: "lab.loss('mse', p, y, { sample_weight: w, reduction: 'sum' }).value / (number of w ≠ 0)",
    peerValue: (p, y) => sum(p.map((v, i) => [1, 0, 2, 0.5][i] * (v - y[i]) ** 2)) / 3,
    relation: 'same', convert: (v) => v / 3,
    note: "TF.js's default reduction divides the weighted sum by the count of non-zero weights (3 here); LossLab's 'mean' divides by all N terms (Keras). Take 'sum' and divide by the count of non-zero weights — or 'mean' times N / that count.",
  },
  {
    peer: 'TF.js', name: 'tf.losses.meanSquaredError (weights, Reduction.MEAN)', source: 'tfjs-core ops/losses/compute_weighted_loss.ts:60-67',
    peerCall: 'tf.losses.meanSquaredError(y, p, w, tf.Reduction.MEAN), w = [1, 0, 2, 0.5]',
    call: ['mse', P, Y, { sample_weight: [1, 0, 2, 0.5], reduction: 'sum' }],
    lossLab: "lab.loss('mse', p, y, { sample_weight: w, reduction: 'sum' }).value / Σw",
    peerValue: (p, y) => sum(p.map((v, i) => [1, 0, 2, 0.5][i] * (v - y[i]) ** 2)) / 3.5,
    relation: 'same', convert: (v) => v / 3.5,
    note: "TF.js's Reduction.MEAN with weights is the weighted average Σ w·l / Σw (Keras's 'mean_with_sample_weight'): divide LossLab's weighted 'sum' by Σw. (With weights of another shape than the losses, TF.js also divides by the broadcast factor.)",
  },
  {
    peer: 'TF.js', name: 'tf.losses.absoluteDifference', source: 'tfjs-core ops/losses/absolute_difference.ts',
    peerCall: 'tf.losses.absoluteDifference(y, p)', call: ['mae', P, Y, {}], lossLab: "lab.loss('mae', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => Math.abs(v - y[i]))), relation: 'same', note: 'Same number.',
  },
  {
    peer: 'TF.js', name: 'tf.losses.huberLoss', source: 'tfjs-core ops/losses/huber_loss.ts:62-68',
    peerCall: 'tf.losses.huberLoss(y, p, undefined, 2)', call: ['huber', P, [3, 8, 2, 4], { delta: 2 }],
    lossLab: "lab.loss('huber', p, y, { delta: 2 })",
    peerValue: (p, y) => mean(p.map((v, i) => {
      const e = Math.abs(v - y[i]), q = Math.min(e, 2);
      return 0.5 * q * q + 2 * (e - q);
    })),
    relation: 'same', note: 'Same number.',
  },
  {
    peer: 'TF.js', name: 'tf.losses.logLoss', source: 'tfjs-core ops/losses/log_loss.ts:62-66 (log(p + ε))',
    peerCall: 'tf.losses.logLoss(y, p), y = [1, 0, 1], p = [0, 0.5, 0.9]', call: ['bce', [0, 0.5, 0.9], [1, 0, 1], {}],
    lossLab: "lab.loss('bce', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => -y[i] * Math.log(v + EPS) - (1 - y[i]) * Math.log(1 - v + EPS))),
    relation: 'differs', expect: { peer: 5.6389, lossLab: 33.5995 },
    note: 'TF.js adds ε = 1e-7 inside each log (a wrong prediction of exactly 0 costs 16.1); LossLab clamps each log at −100, as PyTorch. Inside (0, 1) they differ by about ε/p.',
  },
  {
    peer: 'TF.js', name: 'tf.losses.hingeLoss', source: 'tfjs-core ops/losses/hinge_loss.ts:59 (labels → 2y − 1)',
    peerCall: 'tf.losses.hingeLoss(y, s), y = [1, 0, 1, 0]', call: ['hinge', [0.3, -2, 1.5, 0.4], [1, 0, 1, 0], {}],
    lossLab: "lab.loss('hinge', s, y)",
    peerValue: (s, y) => mean(s.map((v, i) => Math.max(0, 1 - (2 * y[i] - 1) * v))), relation: 'same',
    note: 'Same number for 0/1 labels. TF.js always maps y → 2y − 1, so ±1 labels become +1/−3 there; LossLab takes ±1 as they are.',
  },
  {
    peer: 'TF.js', name: 'tf.losses.sigmoidCrossEntropy', source: 'tfjs-core ops/losses/sigmoid_cross_entropy.ts:75-78',
    peerCall: 'tf.losses.sigmoidCrossEntropy(y, z, undefined, 0.2)', call: ['bce_with_logits', LOGITS, LABELS, { label_smoothing: 0.2 }],
    lossLab: "lab.loss('bce_with_logits', z, y, { label_smoothing: 0.2 })",
    peerValue: (z, y) => mean(z.map((v, i) => softplus(v) - v * (y[i] * 0.8 + 0.1))), relation: 'same', note: 'Same number.',
  },
  {
    peer: 'TF.js', name: 'tf.losses.softmaxCrossEntropy', source: 'tfjs-core ops/losses/softmax_cross_entropy.ts:109-112',
    peerCall: 'tf.losses.softmaxCrossEntropy(onehot, z, undefined, 0.1)', call: ['cross_entropy', rows(LOGITS3, 3), rows(ONEHOT3, 3), { label_smoothing: 0.1 }],
    lossLab: "lab.loss('cross_entropy', z, onehot, { label_smoothing: 0.1 })",
    peerValue: (z, y) => mean(z.map((r, i) => -sum(softmax(r).map((p, c) => (y[i][c] * 0.9 + 0.1 / 3) * Math.log(p))))),
    relation: 'same', note: 'Same number (also `categorical_cross_entropy` with `from_logits: true`).',
  },
  {
    peer: 'TF.js', name: 'tfjs-layers poisson', source: 'tfjs-layers/src/losses.ts:212 poisson (ε = 1e-7)',
    peerCall: "model.compile({ loss: 'poisson' })", call: ['poisson_nll', [1.5, 0.2, 3], [1, 0, 4], { log_input: false, eps: 1e-7 }],
    lossLab: "lab.loss('poisson_nll', p, y, { log_input: false, eps: 1e-7 })",
    peerValue: (p, y) => mean(p.map((v, i) => v - y[i] * Math.log(v + EPS))), relation: 'same', note: 'Same number (Keras\'s Poisson).',
  },
  {
    peer: 'TF.js', name: 'tfjs-layers meanAbsolutePercentageError', source: 'tfjs-layers/src/losses.ts:45',
    peerCall: "model.compile({ loss: 'meanAbsolutePercentageError' })", call: ['mape', P, Y, {}], lossLab: "lab.loss('mape', p, y)",
    peerValue: (p, y) => mean(p.map((v, i) => (100 * Math.abs(y[i] - v)) / Math.max(Math.abs(y[i]), EPS))), relation: 'same',
    note: 'Same number.',
  },
  {
    peer: 'TF.js', name: 'tfjs-layers categoricalHinge', source: 'tfjs-layers/src/losses.ts:83',
    peerCall: "model.compile({ loss: 'categoricalHinge' })", call: ['categorical_hinge', rows(LOGITS3, 3), rows(ONEHOT3, 3), {}],
    lossLab: "lab.loss('categorical_hinge', s, y)",
    peerValue: (s, y) => mean(s.map((r, i) => Math.max(0, 1 + Math.max(...r.map((v, c) => (1 - y[i][c]) * v)) - sum(r.map((v, c) => y[i][c] * v))))),
    relation: 'same', note: 'Same number (Keras\'s CategoricalHinge).',
  },
  {
    peer: 'TF.js', name: 'tfjs-layers hinge', source: 'tfjs-layers/src/losses.ts:76-78 (labels used as given)',
    peerCall: "model.compile({ loss: 'hinge' }), y = [1, 0, 1, 0]", call: ['hinge', [0.3, -2, 1.5, 0.4], [1, 0, 1, 0], {}],
    lossLab: "lab.loss('hinge', s, y)",
    peerValue: (s, y) => mean(s.map((v, i) => Math.max(0, 1 - y[i] * v))),
    relation: 'differs', expect: { peer: 0.675, lossLab: 0.525 },
    note: "tfjs-layers' hinge multiplies by the label as given: a 0 label makes the term 1 whatever the score. LossLab (and Keras, for all-0/1 labels) read 0 as −1. Pass ±1 labels and they agree.",
  },
  {
    peer: 'TF.js', name: 'tf.losses.cosineDistance', source: 'tfjs-core ops/losses/cosine_distance.ts:60-62 (1 − Σ y·p, no normalisation)',
    peerCall: 'tf.losses.cosineDistance(y, p, 1), unit rows', call: ['cosine_similarity', rows(UNIT_P, 2), rows(UNIT_Y, 2), {}],
    lossLab: "1 + lab.loss('cosine_similarity', p, y).value",
    peerValue: (p, y) => mean(p.map((r, i) => 1 - sum(r.map((v, k) => v * y[i][k])))),
    relation: 'same', convert: (v) => 1 + v,
    note: "TF.js's cosineDistance is 1 − Σ y·p along `axis` and does not normalise: it equals 1 + LossLab's value when both rows are unit vectors (normalise them first otherwise; LossLab normalises itself). Its default reduction SUM_BY_NONZERO_WEIGHTS without weights averages over rows, as LossLab's 'mean'.",
  },
  {
    peer: 'TF.js', name: 'tfjs-layers cosineProximity', source: 'tfjs-layers/src/losses.ts:219 cosineProximity, :25-31 l2Normalize (max(Σx², ε = 1e-7))',
    peerCall: "model.compile({ loss: 'cosineProximity' }), a short row", call: ['cosine_similarity', rows(SHORT_P, 2), rows(SHORT_Y, 2), {}],
    lossLab: "lab.loss('cosine_similarity', p, y)",
    peerValue: (p, y) => mean(p.map((r, i) => {
      const norm = (v) => Math.sqrt(Math.max(sum(v.map((a) => a * a)), EPS));
      return -sum(r.map((v, k) => v * y[i][k])) / (norm(r) * norm(y[i]));
    })),
    relation: 'differs', expect: { peer: -0.74698, lossLab: -1 },
    note: "tfjs-layers floors the squared norm at ε = 1e-7 (a norm of 3.2e-4), so rows shorter than that are not normalised and their cosine shrinks towards 0: here a row of norm 1.6e-4 pointing exactly along its target gives −0.49 instead of −1 (averaged with a unit row: −0.747). LossLab floors at 1e-12 (a norm of 1e-6). Same number for rows longer than 3.2e-4.",
  },

  // ---- PyTorch ------------------------------------------------------------------------------
  {
    peer: 'PyTorch', name: 'F.kl_div', source: "torch.nn.functional.kl_div(log q, t, reduction='batchmean')",
    peerCall: "F.kl_div(p.log(), y, reduction='batchmean')", call: ['kl_div', rows(ROWS3, 3), rows([0.5, 0.3, 0.2, 0.2, 0.2, 0.6], 3), {}],
    lossLab: "lab.loss('kl_div', p, y)",
    peerValue: (p, y) => sum(p.flatMap((r, i) => r.map((v, c) => y[i][c] * (Math.log(y[i][c]) - Math.log(v))))) / p.length,
    relation: 'same',
    note: "PyTorch's kl_div takes log-probabilities and its default 'mean' averages over elements; LossLab's `kl_div` is Keras's (probabilities, clipped to [1e-7, 1]) and its 'mean' averages per-sample sums — PyTorch's 'batchmean'.",
  },
  {
    peer: 'PyTorch', name: 'F.binary_cross_entropy_with_logits(pos_weight)', source: 'torch.nn.functional.binary_cross_entropy_with_logits',
    peerCall: "F.binary_cross_entropy_with_logits(z, y, pos_weight=torch.tensor(3.))", call: ['bce_with_logits', LOGITS, LABELS, { pos_weight: 3 }],
    lossLab: "lab.loss('bce_with_logits', z, y, { pos_weight: 3 })",
    peerValue: (z, y) => mean(z.map((v, i) => 3 * y[i] * softplus(-v) + (1 - y[i]) * softplus(v))), relation: 'same',
    note: 'Same number; every PyTorch loss in the catalogue is checked against PyTorch itself on the golden cases (tests/golden/).',
  },
  {
    peer: 'PyTorch', name: 'F.gaussian_nll_loss', source: 'torch.nn.functional.gaussian_nll_loss(input, target, var)',
    peerCall: 'F.gaussian_nll_loss(mu, y, var), mu = [2.5, 5.5], var = [0.5, 2]',
    call: ['gaussian_nll', rows([2.5, 0.5, 5.5, 2], 2), [3, 5], {}],
    lossLab: "lab.loss('gaussian_nll', rows of (mu_i, var_i), y) — grad holds ∂/∂mu and ∂/∂var side by side",
    peerValue: (x, y) => mean(x.map(([m, v], i) => 0.5 * (Math.log(v) + (m - y[i]) ** 2 / v))), relation: 'same',
    note: "Same number. PyTorch takes the means and the variances as two tensors; LossLab takes them as the two columns of one [N, 2] input, so one gradient covers both (the variance's is PyTorch's too: the formula's at max(var, eps)).",
  },
  {
    peer: 'PyTorch', name: 'F.cross_entropy(weight)', source: "torch.nn.functional.cross_entropy: 'mean' divides by Σ w_y",
    peerCall: 'F.cross_entropy(z, y, weight=torch.tensor([1., 2., 3.]))', call: ['cross_entropy', rows(LOGITS3, 3), [0, 2], { weight: [1, 2, 3] }],
    lossLab: "lab.loss('cross_entropy', z, y, { weight: [1, 2, 3] })",
    peerValue: (z, y) => sum(z.map((r, i) => -[1, 2, 3][y[i]] * Math.log(softmax(r)[y[i]]))) / (1 + 3), relation: 'same',
    note: "Same number: weighted 'mean' divides by the summed weights of the targets, not by N.",
  },
  {
    peer: 'PyTorch', name: 'MarginRankingLoss', source: 'torch.nn.MarginRankingLoss: max(0, −y·(x1 − x2) + margin)',
    peerCall: 'nn.MarginRankingLoss(margin=0.5)(x1, x2, y)',
    call: ['margin_ranking', [0.8, -0.2, 1.5, 0.3], { other: [0.5, 0.4, 1.5, 1.0], label: [1, 1, -1, -1] }, { margin: 0.5 }],
    lossLab: "lab.loss('margin_ranking', x1, { other: x2, label: y }, { margin: 0.5 }) — grad is { input, other }",
    peerValue: (x1, { other, label }) => mean(x1.map((v, i) => Math.max(0, -label[i] * (v - other[i]) + 0.5))),
    relation: 'same',
    note: "Same number (0.45: the terms 0.2, 1.1, 0.5 and 0). PyTorch's three tensors become the input and a target { other, label }; both inputs' gradients come back (grad.input, grad.other), and the labels must be -1 or +1.",
  },
  {
    peer: 'PyTorch', name: 'CosineEmbeddingLoss', source: 'torch.nn.CosineEmbeddingLoss (aten/src/ATen/native/Loss.cpp cosine_embedding_loss)',
    peerCall: 'nn.CosineEmbeddingLoss(margin=0.5)(x1, x2, y)',
    call: ['cosine_embedding', rows([1, 0, 1, 1, 3, 4], 2), { other: rows([0, 1, 1, 1, 4, 3], 2), label: [1, -1, -1] }, { margin: 0.5 }],
    lossLab: "lab.loss('cosine_embedding', x1, { other: x2, label: y }, { margin: 0.5 }) — grad is { input, other }",
    peerValue: (x1, { other, label }) => mean(x1.map((r, i) => {
      const eps = f32(1e-12); // Loss.cpp's EPSILON, a float, added to each squared norm
      const cos = sum(r.map((v, k) => v * other[i][k])) /
        Math.sqrt((sum(r.map((v) => v * v)) + eps) * (sum(other[i].map((v) => v * v)) + eps));
      return label[i] === 1 ? 1 - cos : Math.max(0, cos - 0.5);
    })),
    relation: 'same',
    note: 'Same number (0.6533: 1 − 0 for the orthogonal +1 pair, 1 − 0.5 and 0.96 − 0.5 for the two −1 pairs). Neither Keras nor TF.js has it (TF.js\'s cosineDistance is 1 − cos on unit vectors, for one set of labels).',
  },
  {
    peer: 'PyTorch', name: 'nn.CTCLoss', source: "torch.nn.functional.ctc_loss: 'mean' divides each sample by its target length, then by N",
    peerCall: 'F.ctc_loss(lp, torch.tensor([[1, 2]]), input_lengths=[3], target_lengths=[2]), lp = log-probabilities [T=3, N=1, C=3]',
    call: ['ctc', CTC_LP, { labels: [1, 2], inputLengths: [3], targetLengths: [2] }, { time: 3, classes: 3 }],
    lossLab: "lab.loss('ctc', lp, { labels: [1, 2], inputLengths: [3], targetLengths: [2] }, { time: 3, classes: 3 })",
    peerValue: (lp, t) => ctcByAlignments(lp, 3, 3, t.labels).loss / t.labels.length, relation: 'same',
    // PyTorch's backward (LossCTC.cpp ctc_loss_backward_cpu_template): exp(lp) − posterior,
    // times the sample's share; LossLab's is −posterior times it (the true derivative)
    peerGrad: (lp, t) => {
      const { posterior } = ctcByAlignments(lp, 3, 3, t.labels);
      return lp.map((v, k) => (Math.exp(v) - posterior[k]) / t.labels.length);
    },
    convertGrad: (grad, lp, t) => Array.from(grad, (g, k) => g + Math.exp(lp[k]) / t.labels.length),
    note: "Same number. The gradient differs (pytorch#52241): LossLab's is the true derivative with respect to the log-probabilities, PyTorch's backward the derivative with respect to logits under log_softmax, which adds s·exp(lp) on each sample's first inputLengths[b] steps (s = 1 for 'sum' and 'none', 1 / (N·max(targetLengths[b], 1)) for 'mean'): pytorchGrad = grad + s·exp(lp). Equal when followed by log_softmax's own backward. Impossible alignments: LossLab's gradient is 0, PyTorch's NaN.",
  },
];
