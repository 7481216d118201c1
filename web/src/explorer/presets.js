// The articles' worked examples. Each names the loss it needs; one whose loss this build does not
// have is shown disabled with a note. The expected number is shown beside the result whenever
// the page's state is exactly a preset's (so a shared link to one shows it too).
import { h } from '../dom.js';
import { defaultOptions } from '../catalogue.js';
import { textToList } from '../state.js';

export const PRESETS = [
  { key: 'mse', label: 'MSE', loss: 'mse', pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7', expected: 0.1975 },
  { key: 'mae', label: 'MAE', loss: 'mae', pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7', expected: 0.425 },
  {
    key: 'huber', label: 'Huber, one outlier', loss: 'huber', options: { delta: '1' },
    pred: '2.5, 5.5, 1.8, 10', target: '3, 5, 2, 7', expected: 0.6925,
  },
  {
    key: 'cce', label: 'Categorical cross-entropy', loss: 'categorical_cross_entropy',
    pred: '0.2, 0.7, 0.1', target: '0, 1, 0', expected: 0.356675,
  },
  {
    key: 'scce', label: 'Sparse categorical', loss: 'sparse_categorical_cross_entropy',
    pred: '0.2, 0.7, 0.1', target: '1', expected: 0.356675,
  },
  {
    key: 'focal', label: 'Focal γ=2', loss: 'focal', options: { gamma: '2', from_logits: false },
    pred: '0.2, 0.7, 0.1', target: '1', expected: 0.0321007,
  },
  {
    key: 'triplet', label: 'Triplet margin 0.2', loss: 'triplet_margin', options: { margin: '0.2' },
    pred: '1, 2, 3', target: '1.2, 1.8, 3.2', negative: '4, 5, 6', expected: 0,
  },
  { key: 'bce', label: 'BCE', loss: 'bce', pred: '0.25', target: '0', expected: 0.287682 },
  // The second half. quantile q = 0.9, d = y − x = 0.5, −0.5, 0.2, 0.5: (0.45 + 0.05 + 0.18 + 0.45) / 4
  {
    key: 'quantile', label: 'Quantile q=0.9', loss: 'quantile', options: { q: '0.9' },
    pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7', expected: 0.2825,
  },
  // 100 · (0.5/3 + 0.5/5 + 0.2/2 + 0.5/7) / 4
  { key: 'mape', label: 'MAPE', loss: 'mape', pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7', expected: 10.952381 },
  // ½ (log 1 + (2 − 3)² / 1)
  { key: 'gaussian', label: 'Gaussian NLL, σ² = 1', loss: 'gaussian_nll', pred: '2, 1', target: '3', expected: 0.5 },
  // rate 2, count 1: 2 − 1·log 2 (Keras's Poisson: rates, ε = 1e-7)
  {
    key: 'poisson', label: 'Poisson, rate 2', loss: 'poisson_nll', options: { log_input: false, eps: '1e-7' },
    pred: '2', target: '1', expected: 1.306853,
  },
  // log(1 + e^0) = log 2
  { key: 'soft-margin', label: 'Soft margin at 0', loss: 'soft_margin', pred: '0', target: '1', expected: 0.693147 },
  // true class 1 scores 1.5, the best other 2: 1 + 2 − 1.5
  { key: 'cat-hinge', label: 'Categorical hinge', loss: 'categorical_hinge', pred: '2, 1.5, 0.5', target: '1', expected: 1.5 },
  // margin 0.5, z = 0.5 − y(x1 − x2): 0.5 − 0.3 = 0.2, 0.5 + 0.6 = 1.1, 0.5 + 0 = 0.5, 0.5 − 0.7 → 0
  {
    key: 'margin-ranking', label: 'Margin ranking 0.5', loss: 'margin_ranking', options: { margin: '0.5' },
    pred: '0.8, -0.2, 1.5, 0.3', target: '0.5, 0.4, 1.5, 1.0', label: '1, 1, -1, -1', expected: 0.45,
  },
  // cos = 0 (+1: 1 − 0), cos = 1 (−1: 1 − 0.5), cos = 24/25 (−1: 0.96 − 0.5); mean of 1, 0.5, 0.46
  {
    key: 'cosine-embedding', label: 'Cosine embedding 0.5', loss: 'cosine_embedding', options: { margin: '0.5' },
    pred: '1, 0\n1, 1\n3, 4', target: '0, 1\n1, 1\n4, 3', label: '1, -1, -1', expected: 0.653333,
  },
  // one mask: overlap 1, masses 2 + 2: 1 − 2·1 / 4
  { key: 'dice', label: 'Dice, half overlap', loss: 'dice', pred: '1, 1, 0, 0', target: '1, 0, 1, 0', expected: 0.5 },
  // overlap 1, false positives 2, false negatives 1: 1 − 1 / (1 + 0.3·2 + 0.7·1)
  {
    key: 'tversky', label: 'Tversky α=0.3 β=0.7', loss: 'tversky', options: { alpha: '0.3', beta: '0.7' },
    pred: '1, 1, 1, 0', target: '1, 0, 0, 1', expected: 0.565217,
  },
  // −(3·4 + 4·3) / (5·5)
  { key: 'cosine', label: 'Cosine similarity', loss: 'cosine_similarity', pred: '3, 4', target: '4, 3', expected: -0.96 },
  // CTC, one sequence of two steps (rows: log p(blank), log p(1)), p(1) = 0.5 then 0.25, label
  // "1": the alignments 1 1, blank 1, 1 blank have p = 0.125 + 0.125 + 0.375 = 0.625; −log 0.625
  {
    key: 'ctc', label: 'CTC, two steps', loss: 'ctc',
    pred: '-0.693147, -0.693147\n-0.287682, -1.386294', target: '1', expected: 0.470004,
  },
];

/** The state a preset sets. */
export function presetState(preset, info, state) {
  return {
    ...state,
    loss: preset.loss,
    options: { ...defaultOptions(info), ...(preset.options ?? {}) },
    pred: preset.pred,
    target: preset.target,
    negative: preset.negative ?? '',
    label: preset.label ?? '',
    overlays: [],
    point: 0,
  };
}

/** The preset the state is exactly at, or null. */
export function matchPreset(state, info) {
  const defaults = defaultOptions(info);
  const same = (a, b) => textToList(a) === textToList(b);
  return PRESETS.find((p) => p.loss === state.loss
    && same(p.pred, state.pred) && same(p.target, state.target)
    && (info.layout !== 'triplet' || same(p.negative ?? '', state.negative))
    && (info.layout !== 'pair' || same(p.label ?? '', state.label ?? ''))
    && Object.entries({ ...defaults, ...(p.options ?? {}) }).every(([k, v]) => String(state.options[k]) === String(v))) ?? null;
}

/** True when `value` is the expected number to float32 accuracy. */
export function agrees(value, expected) {
  return Math.abs(value - expected) <= 1e-6 + 1e-4 * Math.abs(expected);
}

/**
 * The preset buttons.
 * @param {{ catalogue: readonly object[], onApply: (preset) => void }} deps
 */
export function createPresets({ catalogue, onApply }) {
  const have = new Set(catalogue.map((l) => l.id));
  const list = h('ul', { className: 'presets', 'data-testid': 'presets' });
  for (const preset of PRESETS) {
    const available = have.has(preset.loss);
    const button = h('button', {
      type: 'button',
      className: 'chip',
      'data-testid': `preset-${preset.key}`,
      'data-loss': preset.loss,
      disabled: !available,
      title: available ? `${preset.loss}: expected ${preset.expected}` : `${preset.loss} is not in this build yet`,
      onclick: () => onApply(preset),
    }, preset.label);
    const item = h('li', {}, button);
    if (!available) item.append(h('span', { className: 'note' }, ` (needs ${preset.loss}, not in this build yet)`));
    list.append(item);
  }
  return { element: h('section', { className: 'presets-strip', 'aria-labelledby': 'presets-title' },
    h('h2', { id: 'presets-title' }, 'Worked examples'),
    list,
    h('p', { className: 'hint' }, 'Each sets the loss, its options and the data of an article\'s example; the expected number appears beside the result.')) };
}
