// What the loss tables compare: the sizes, the implementations and every loss below (its
// data kind, LossLab input/target/options and the TensorFlow.js expression it is timed
// against). Adding a loss to the bench is one entry in LOSSES. The data is made in
// loss-data.mjs, each implementation is driven by loss-impls.mjs, and loss-bench.mjs times
// and prints them (LossLab "data resident": inputs in LabBuffers, `{ grad: false }` or
// `{ gradInto }`; TensorFlow.js on tensors created outside the timed loop; plain JS on the
// Float32Arrays; native on the same floats written to files; the losses with `limit` also
// against limit.cpp's plain loop, native and compiled to wasm).
import { CUSTOM_EXPR } from './reference/plain-js.mjs';

export const SIZES = [1024, 65536, 1048576];
export const CLASSES = 16;
export const DIM = 32;
/** cosine_embedding's rows: 65536 × 16 at 1M elements. */
export const PAIR_DIM = 16;

export const IMPLS = [
  { key: 'simd', title: 'LossLab SIMD', short: 'SIMD' },
  { key: 'base', title: 'baseline', short: 'base' },
  { key: 'limit', title: 'C limit', short: 'limit', ratioTitle: 'of limit' },
  // The same plain C loop compiled to wasm SIMD (bench/limit-wasm/): what WebAssembly allows.
  { key: 'wasmc', title: 'C→wasm', short: 'C→wasm', ratioTitle: 'of wasm C' },
  { key: 'native', title: 'native', short: 'native' },
  { key: 'js', title: 'plain JS', short: 'JS' },
  { key: 'tfwasm', title: 'tfjs-wasm', short: 'tf-wasm' },
  { key: 'tfcpu', title: 'tfjs-cpu', short: 'tf-cpu' },
];

// ---- what is compared ---------------------------------------------------------------------
// kind: which data set (reg | bin | counts | gauss | rows | trip | overlap | rank | cos).
// lab: LossLab input/target/options. overlap: [N, 16] masks and unit rows.
// Pair kinds (rank: x1, x2 [n]; cos: x1, x2 [n / 16, 16]) take the target { other, label }.
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
  // the second half (issue 13): the pair losses, x1 against { other: x2, label: ±1 }
  { id: 'cosine_embedding', family: 'embedding', kind: 'cos', input: 'x1', target: 'signs', tfName: 'mean(y > 0 ? 1 − cos : relu(cos)) (composed)',
    tf: (tf, x1, T, x2 = T.other) => {
      const dot = tf.sum(tf.mul(x1, x2), 1);
      const r = tf.sqrt(tf.mul(tf.add(tf.sum(tf.square(x1), 1), 1e-12), tf.add(tf.sum(tf.square(x2), 1), 1e-12)));
      const cos = tf.div(dot, r);
      return tf.mean(tf.where(tf.greater(T.signs, 0), tf.sub(1, cos), tf.relu(cos)));
    } },
  { id: 'margin_ranking', family: 'ranking', kind: 'rank', input: 'x1', target: 'signs', tfName: 'mean(relu(−y·(x1 − x2))) (composed)',
    tf: (tf, x1, T, x2 = T.other) => tf.mean(tf.relu(tf.neg(tf.mul(T.signs, tf.sub(x1, x2))))) },
  // the second half (issue 13), part c: [N, 16] row pairs — masks, and unit directions
  { id: 'dice', family: 'binary', kind: 'overlap', input: 'probs', target: 'masks', tfName: 'mean(1 − 2Σxy / (Σx + Σy + ε)) per row (composed)',
    tf: (tf, x, T) => tf.mean(tf.sub(1, tf.div(tf.mul(2, tf.sum(tf.mul(x, T.masks), 1)),
      tf.add(tf.add(tf.sum(x, 1), tf.sum(T.masks, 1)), 1e-7)))) },
  { id: 'tversky', family: 'binary', kind: 'overlap', input: 'probs', target: 'masks', tfName: 'mean(1 − I / (I + ½FP + ½FN + ε)) per row (composed)',
    tf: (tf, x, T) => {
      const i = tf.sum(tf.mul(x, T.masks), 1);
      const fp = tf.sum(tf.mul(x, tf.sub(1, T.masks)), 1);
      const fn = tf.sum(tf.mul(tf.sub(1, x), T.masks), 1);
      return tf.mean(tf.sub(1, tf.div(i, tf.add(tf.add(tf.add(i, tf.mul(0.5, fp)), tf.mul(0.5, fn)), 1e-7))));
    } },
  // TF.js's cosineDistance does not normalise: on unit rows its value is 1 + LossLab's, but its
  // gradient (−y/N) is not the cosine's (which removes the component along x), so only the
  // values are compared with the plain-JS reference (tfGradDiffers).
  { id: 'cosine_similarity', family: 'embedding', kind: 'overlap', input: 'u', target: 'v', tfName: 'tf.losses.cosineDistance − 1 (unit rows)',
    tfGradDiffers: true, tf: (tf, x, T) => tf.sub(tf.losses.cosineDistance(T.v, x, 1), 1) },
  // custom expression
  { id: 'custom', family: 'custom', kind: 'reg', input: 'x', target: 'y', options: { expr: CUSTOM_EXPR }, tfName: `mean(pow(abs(x − y), 1.5)) (composed)`,
    tf: (tf, x, T) => tf.mean(tf.pow(tf.abs(tf.sub(x, T.y)), 1.5)) },
];

export const FAMILIES = ['regression', 'binary', 'multiclass', 'multilabel', 'embedding', 'ranking', 'custom'];
