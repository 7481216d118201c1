// "Pull": one word and one colour for how hard a loss pulls on each point — its share of the
// gradient, ‖∂ℓᵢ/∂output‖ / Σⱼ‖∂ℓⱼ/∂output‖. The explorer's per-element table and the
// trainer's influence view both read this module, so a learner sees one idea in two places.
// Pure: no DOM, no LossLab calls.

/** The word, as a column heading and in sentences. */
export const PULL_WORD = 'pull';
/** Its colour: bars in the explorer, rings around the trainer's points (distinct from the class colours). */
export const PULL_COLOUR = '#db2777';
/** What it is, in one sentence (tooltips and legends). */
export const PULL_MEANING = 'pull: each point’s share of the gradient — how hard the loss pulls on it; the shares add up to 100%';
/** The trainer's legend. */
export const PULL_LEGEND = 'Bigger = the loss pulls harder here.';

/**
 * Shares of the gradient from per-point gradient slices (arrays of numbers): the Euclidean norm
 * of each, over the sum of the norms (all 0 when every gradient is 0). The explorer's pull
 * column; net.influence() computes the same in the core.
 * @param {number[][]} grads
 */
export function pullShares(grads) {
  const norms = grads.map((g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0)));
  const total = norms.reduce((s, v) => s + v, 0);
  return norms.map((v) => (total > 0 && Number.isFinite(total) ? v / total : 0));
}

/**
 * A point's size for its share among `n` points: area ∝ share (radius ∝ √(share·n)), 1 for an
 * average pull, clamped to [0.3, 3.5] so no point vanishes or covers the plot. The same for
 * every panel, so two networks on the same data are drawn on one scale.
 */
export function pullRadius(share, n) {
  const r = Math.sqrt(Math.max(0, share) * n);
  return Math.min(3.5, Math.max(0.3, r));
}

/** How strongly a point's pull ring shows: 0 at no pull, 1 from 3× the average pull up. */
export function pullStrength(share, n) {
  return Math.min(1, Math.max(0, share * n) / 3);
}

const CROSS_ENTROPY = 'keeps pulling on every point, even confident correct ones — less and less, never zero.';
const READINGS = {
  mse: 'MSE: the pull grows with the error (2·d), so the points it misses most — outliers — pull hardest.',
  rmse: 'RMSE: the pull grows with the error, as for MSE: the points it misses most pull hardest.',
  mae: 'MAE: every missed point pulls equally hard, however far off: an outlier counts no more than any other point.',
  huber: 'Huber: pulls like MSE on small errors and no harder than δ on large ones: outliers still pull, but capped.',
  smooth_l1: 'Smooth L1: pulls like MSE on errors below β and like MAE beyond: outliers pull no harder than the rest.',
  pseudo_huber: 'Pseudo-Huber: the pull grows with small errors and levels off at δ for large ones.',
  log_cosh: 'Log-cosh: the pull grows with small errors and levels off (tanh d) for large ones.',
  msle: 'MSLE: errors on a log scale: a miss on a large target pulls less than the same miss on a small one.',
  bce: `Binary cross-entropy ${CROSS_ENTROPY}`,
  bce_with_logits: `Binary cross-entropy ${CROSS_ENTROPY}`,
  hinge: 'Hinge: points beyond the margin (correct by a score of 1 or more) have no pull at all; only points near or across the boundary count.',
  squared_hinge: 'Squared hinge: no pull beyond the margin; inside it, the pull grows with how far a point falls short.',
  binary_focal: 'Focal: (1 − p)^γ turns the easy, well-classified points down; the hard ones keep the pull.',
  focal: 'Focal: (1 − p)^γ turns the easy, well-classified points down; the hard ones keep the pull.',
  cross_entropy: `Cross-entropy ${CROSS_ENTROPY}`,
  categorical_cross_entropy: `Cross-entropy ${CROSS_ENTROPY}`,
  sparse_categorical_cross_entropy: `Cross-entropy ${CROSS_ENTROPY}`,
  nll: `Negative log-likelihood (cross-entropy) ${CROSS_ENTROPY}`,
  kl_div: `KL divergence ${CROSS_ENTROPY}`,
  multi_margin: 'Multi-class hinge: points whose class wins by the margin have no pull; the rest pull by how far they fall short.',
  triplet_margin: 'Triplet margin: an anchor pulls only while its negative is not yet farther than its positive by the margin.',
  custom: 'Custom: each point pulls by the size of your expression’s slope ∂ℓ/∂x at its error.',
};
const BY_FAMILY = {
  regression: 'The pull of each point is the slope of the loss at its error.',
  binary: 'The pull of each point is the slope of the loss at its score.',
  multiclass: 'The pull of each point is the slope of the loss at its class scores.',
};

/** One line: what this loss's pull means. */
export function pullReading(id, family) {
  return READINGS[id] ?? BY_FAMILY[family] ?? BY_FAMILY.regression;
}
