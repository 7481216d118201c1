// The trainer's settings: state.trainer (strings checked by state.js) read into typed values with
// their defaults, written back, and turned into what lab.network takes. Which losses fit which
// data, and why the others do not, is decided here from each loss's family (lab.losses).
// Pure: no DOM, no LossLab calls; unit-tested by tests/web/trainer.test.mjs.
import { callOptions } from '../catalogue.js';
import { parseNumber } from '../parse.js';

/** The page's own bounds: embedding sizes offered and points a user may add. */
export const LIMITS = { embedding: [2, 8], points: 500 };

/** The network editor's bounds: the core's (lab.networkCatalogue), with the page's own. */
export function networkLimits(network) {
  const { hiddenLayers, units } = network.limits;
  return {
    ...LIMITS,
    hiddenLayers: [hiddenLayers.min, hiddenLayers.max],
    neurons: [units.min, units.max],
    activations: network.activations,
    optimizers: network.optimizers,
  };
}

/** What each trainer key is when the URL does not say. */
export const DEFAULTS = Object.freeze({
  dataset: 'circle',
  hidden: Object.freeze([8, 8]),
  embedding: 2,
  activation: 'tanh',
  lr: 0.03,
  seed: 1,
  optimizer: 'adam',
  batch: 10,
  l1: 0,
  l2: 0,
  noise: 0.1,
  n: 400,
  split: 0.5,
  classes: 3,
  dseed: 1,
  speed: 'auto',
  compare: null,
  points: Object.freeze([]),
});

/** The pseudo-dataset of only the user's own points. */
export const OWN = 'own';

/** Losses for the loss picker of each task when the explorer's loss does not fit. */
const FALLBACK = { regression: 'mse', binary: 'bce_with_logits', multiclass: 'cross_entropy' };

/**
 * The two Compare presets: same seed and data, two losses. Each makes a claim that Compare's
 * common yardstick (yardstick.js) shows at every checkpoint from 1,000 to 5,000 epochs for
 * seeds 1–3 (tests/web/compare-claims.test.mjs): Huber's curve is closer to the noise-free
 * function than MSE's; focal finds more of the rare class than cross-entropy.
 * `page`: the page's loss, its options and an explorer example, set with the preset (a Compare
 * loss other than the page's trains with its defaults, so a non-default option lives there).
 */
export const COMPARE_PRESETS = Object.freeze([
  Object.freeze({
    key: 'mse-huber',
    label: 'MSE vs Huber on outliers',
    losses: ['mse', 'huber'],
    trainer: { dataset: 'sine_outliers', noise: '0.1', n: '400', layers: '1,8,1', activation: 'tanh', lr: '0.03', optimizer: 'adam' },
    about: 'One input; 1 point in 10 is an outlier, all above sin(x), so MSE\'s curve is pulled up towards them while Huber caps each outlier\'s pull: compare their error against the noise-free sin(x). One hidden layer of 8, too small to bend a spike to each outlier.',
  }),
  Object.freeze({
    key: 'ce-focal',
    label: 'Cross-entropy vs focal on imbalanced data',
    losses: ['cross_entropy', 'focal'],
    trainer: { dataset: 'imbalanced', noise: '0.2', n: '2000', layers: '2,8,8,2', activation: 'tanh', lr: '0.003', optimizer: 'adam', l2: '0.001' },
    page: Object.freeze({ loss: 'focal', options: Object.freeze({ alpha: '0.1, 0.9' }), pred: '2, -1\n-0.5, 1.5\n0.3, 0.1', target: '0, 1, 1' }),
    about: 'One point in 21 is class 1. Focal weighs the rare class 9 times the common one (α = 0.1, 0.9) and down-weights easy points (γ = 2); γ alone leaves the 50% boundary where cross-entropy puts it, so α is what finds more of the rare class, at the price of more false alarms (lower precision and F1). 2,000 points and L2 0.001 keep the boundaries steady.',
  }),
]);

/** Trainer keys a Compare preset clears before setting its own. */
const PRESET_CLEARS = ['batch', 'l1', 'l2', 'split', 'dseed', 'seed', 'points', 'classes'];

/** Sets a Compare preset's trainer keys in `t` (state.trainer), clearing the others it governs. */
export function applyComparePreset(t, preset) {
  for (const key of PRESET_CLEARS) delete t[key];
  Object.assign(t, preset.trainer);
  t.compare = preset.losses.join(',');
  return t;
}

const num = (text, fallback) => {
  if (text === undefined) return fallback;
  const v = parseNumber(text);
  return v === null ? fallback : v;
};

/** Points from the `points` key: [[x1, x2, label], …] or [[x, y], …]. */
export function parsePoints(text) {
  if (!text) return [];
  return text.split(';').filter(Boolean).map((row) => row.split(',').map(Number));
}

/** Points → the `points` key (3 decimals; labels as they are). */
export function pointsToText(points) {
  return points.map((p) => p.map((v) => String(Math.round(v * 1000) / 1000)).join(',')).join(';');
}

/**
 * state.trainer (strings) → typed settings. Values were checked by state.js; whatever is
 * missing takes its default.
 */
export function readTrainer(t = {}) {
  const sizes = t.layers ? t.layers.split(',').map(Number) : null;
  return {
    dataset: t.dataset ?? DEFAULTS.dataset,
    hidden: sizes ? sizes.slice(1, -1) : [...DEFAULTS.hidden],
    // The last layer size only means something for an embedding (triplet) network.
    embedding: sizes ? clamp(sizes[sizes.length - 1], ...LIMITS.embedding) : DEFAULTS.embedding,
    activation: t.activation ?? DEFAULTS.activation,
    lr: num(t.lr, DEFAULTS.lr),
    seed: num(t.seed, DEFAULTS.seed),
    optimizer: t.optimizer ?? DEFAULTS.optimizer,
    batch: num(t.batch, DEFAULTS.batch),
    l1: num(t.l1, DEFAULTS.l1),
    l2: num(t.l2, DEFAULTS.l2),
    noise: num(t.noise, DEFAULTS.noise),
    n: num(t.n, DEFAULTS.n),
    split: num(t.split, DEFAULTS.split),
    classes: num(t.classes, DEFAULTS.classes),
    dseed: num(t.dseed, DEFAULTS.dseed),
    speed: t.speed === undefined || t.speed === 'auto' ? 'auto' : num(t.speed, 'auto'),
    compare: t.compare ? t.compare.split(',') : null,
    points: parsePoints(t.points),
  };
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * The task a loss needs, or why it cannot train on this data.
 * @param {object} info  a lab.losses entry
 * @param {{ task: string, classes: number, minTarget?: number }} data
 * @returns {string|null}  null when it fits, else the reason in words
 */
export function lossProblem(info, data) {
  const family = info.family === 'custom' ? 'regression' : info.family;
  if (info.trains === false) return `${info.id} ${info.notTrainable}`;  // the catalogue's own reason
  if (info.trainerNote) return `${info.id} ${info.trainerNote}`;  // trains, but not on 2-D points
  if (data.task === 'regression') {
    if (family !== 'regression') return `${familyWords(family)} losses need a classification dataset`;
    if (info.targetKind === 'values > -1' && data.minTarget !== undefined && data.minTarget <= -1) {
      return `${info.id} needs targets above −1 (it takes log(1 + y)); this data goes down to ${data.minTarget.toFixed(2)}`;
    }
    if (info.targetKind === 'counts' && data.minTarget !== undefined && data.minTarget < 0) {
      return `${info.id} needs counts ≥ 0 as targets (try the counts dataset); this data goes down to ${data.minTarget.toFixed(2)}`;
    }
    return null;
  }
  if (family === 'regression') return 'regression losses need a regression dataset (plane, multi_gauss, sine_outliers, counts, heteroscedastic)';
  if (family === 'binary' && data.classes !== 2) return `binary losses need a 2-class dataset; this one has ${data.classes} classes`;
  return null;
}

function familyWords(family) {
  return { binary: 'binary', multiclass: 'multi-class', multilabel: 'multi-label', embedding: 'embedding (triplet)', ranking: 'ranking (pairs)' }[family] ?? family;
}

/**
 * The losses offered for this data, and the others grouped by the reason they are not.
 * @returns {{ offered: object[], excluded: { reason: string, ids: string[] }[] }}
 */
export function offeredLosses(catalogue, data) {
  const offered = [];
  const reasons = new Map();
  for (const info of catalogue) {
    const problem = lossProblem(info, data);
    if (problem === null) offered.push(info);
    else reasons.set(problem, [...(reasons.get(problem) ?? []), info.id]);
  }
  return { offered, excluded: [...reasons].map(([reason, ids]) => ({ reason, ids })) };
}

/**
 * The loss to train with: `wanted` (the explorer's) when it fits, else the family's usual one.
 * @returns {{ id: string, note: string }}  note says why `wanted` was not used ('' when it was)
 */
export function chooseLoss(catalogue, wanted, data) {
  const info = catalogue.find((l) => l.id === wanted);
  if (info && lossProblem(info, data) === null) return { id: wanted, note: '' };
  const { offered } = offeredLosses(catalogue, data);
  const key = data.task === 'regression' ? 'regression' : data.classes === 2 ? 'binary' : 'multiclass';
  const id = offered.some((l) => l.id === FALLBACK[key]) ? FALLBACK[key] : offered[0]?.id;
  const why = info ? lossProblem(info, data) : `'${wanted}' is not a loss of this build`;
  return { id, note: id ? `The explorer's loss ${wanted} cannot train here (${why}); training with ${id}.` : why };
}

/** How the network's last layer follows from the loss and the data. */
export function headFor(info, data, embedding) {
  if (info.family === 'embedding') return { units: embedding, kind: 'embedding' };
  if (info.family === 'multiclass' || info.family === 'multilabel') return { units: data.classes, kind: 'multiclass' };
  if (info.columns) return { units: info.columns, kind: 'regression' };  // gaussian_nll: mean, variance
  return { units: 1, kind: data.task === 'regression' ? 'regression' : 'binary' };
}

/**
 * Options for lab.network from the explorer's option fields: the loss's own options without
 * the reduction (a network always averages). Fields that do not parse are left to their default.
 */
export function lossOptionsFor(info, rawOptions) {
  const { options } = callOptions(info, rawOptions ?? {});
  delete options.reduction;
  return options;
}

/** Settings for lab.network. `batch` is bounded by the training set's size. */
export function networkSettings(cfg, info, lossOptions, data, trainSize) {
  const head = headFor(info, data, cfg.embedding);
  return {
    layers: [data.dims, ...cfg.hidden, head.units],
    activation: cfg.activation,
    loss: info.id,
    lossOptions,
    optimizer: cfg.optimizer,
    learningRate: cfg.lr,
    batchSize: Math.max(1, Math.min(cfg.batch, trainSize || 1)),
    l1: cfg.l1,
    l2: cfg.l2,
    seed: cfg.seed,
  };
}

/**
 * Epochs per frame: a fixed speed, or for 'auto' as many as fit a frame's budget (1–20) — and at
 * least 10 while 10 epochs cost under 25 ms (small networks always move quickly).
 */
export function epochsPerFrame(speed, msPerEpoch, budgetMs = 14) {
  if (speed !== 'auto') return speed;
  if (!(msPerEpoch > 0)) return 10;
  const fit = Math.floor(budgetMs / msPerEpoch);
  return clamp(msPerEpoch * 10 <= 25 ? Math.max(10, fit) : fit, 1, 20);
}

/** Words for a diverged run: what happened and what to change. */
export function divergenceAdvice(cfg, epoch) {
  const lower = [0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0001].find((v) => v < cfg.lr / 3) ?? cfg.lr / 10;
  const tips = [`lower the learning rate (${cfg.lr} → ${lower})`];
  if (cfg.optimizer === 'sgd') tips.push('use adam, which scales its steps');
  if (cfg.activation === 'relu' || cfg.activation === 'linear') tips.push('try tanh, whose outputs stay bounded');
  if (cfg.hidden.length > 3) tips.push('use fewer layers');
  return {
    lower,
    text: `Training diverged after epoch ${epoch}: the loss or the weights became infinite. To fix it, ${joinWords(tips)}, then press Reset.`,
  };
}

function joinWords(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
