// Example inputs for a freshly chosen loss, and the two state transitions that use them (a new
// loss; a hash's state, or an element's attributes written as one). Nothing here names a loss:
// for the loss's layout we try a few typical inputs (values, ±1 labels, logits or probabilities
// with 0/1 labels, log-rates with counts, distances; rows of logits, probabilities or
// log-probabilities, multi-label rows, label lists, (mean, variance) rows, masks, target
// directions; a sequence of log-probability rows with its labels — those of the catalogue's
// input kind first, then those made for its family) and keep the first that LossLab accepts.
import { evaluate } from './compute.js';
import { defaultOptions } from '../catalogue.js';
import { parseHash } from '../state.js';

const SAMPLES = {
  elementwise: [
    { pred: '2.5, 5.5, 1.8, 6.5', target: '3, 5, 2, 7' },
    { pred: '0.8, -0.5, 1.5, 0.3', target: '1, -1, 1, -1' },
    { pred: '1.2, -0.8, 2.5, -0.3', target: '1, 0, 1, 0' },
    { pred: '0.9, 0.2, 0.65, 0.4', target: '1, 0, 1, 0' },
    { pred: '1.1, 1.6, 0.7, 1.9', target: '3, 5, 2, 7', input: 'log-rates' },
    { pred: '0.3, 1.6, 0.2, 0.5', target: '1, -1, 1, -1', input: 'distances' },
  ],
  rows: [
    { pred: '0.7, 0.2, 0.1\n0.1, 0.6, 0.3', target: '0, 1', input: 'probabilities' },
    { pred: '0.7, 0.2, 0.1\n0.1, 0.6, 0.3', target: '0.8, 0.1, 0.1\n0.2, 0.7, 0.1', input: 'probabilities' },
    { pred: '2, 1, 0.1\n0.5, 2.5, 0.3', target: '0, 1', input: 'logits' },
    { pred: '-0.36, -1.61, -2.3\n-2.3, -0.51, -1.2', target: '0, 1', input: 'log-probabilities' },
    // label lists (multilabel_margin) before 0/1 rows, which would also read as label lists
    { pred: '2, 0.5, 1.2\n0.3, 1.8, -0.4', target: '0, 2, -1\n1, -1, -1', input: 'logits' },
    { pred: '2, -1, 0.5\n-0.5, 1.5, 1', target: '1, 0, 1\n0, 1, 1', input: 'logits' },
    { pred: '2.5, 0.5\n5.5, 1\n1.8, 0.25', target: '3, 5, 2', input: 'mean-variance' },
    // masks (dice, tversky: a binary loss on rows) and target directions (cosine_similarity)
    { pred: '0.9, 0.8, 0.2, 0.1\n0.3, 0.7, 0.6, 0.1', target: '1, 1, 0, 0\n0, 1, 1, 0', input: 'probabilities', family: 'binary' },
    { pred: '1, 2, -1\n0.5, -0.5, 3', target: '2, 3, -1\n-1, 0, 2', input: 'embeddings' },
  ],
  // ctc: one sequence of T = 2 steps over C = 2 classes (blank 0), p(1) = 0.5 then 0.25, label
  // "1": its alignments 11, 01, 10 have p = 0.125 + 0.125 + 0.375, so the loss is −log 0.625.
  sequence: [
    { pred: '-0.693147, -0.693147\n-0.287682, -1.386294', target: '1', input: 'log-probabilities' },
  ],
  triplet: [
    { pred: '1, 2, 3\n0, 1, 0', target: '1.2, 1.8, 3.2\n0.1, 0.9, 0', negative: '4, 5, 6\n0, 1.2, 0.1' },
  ],
  // x1 and x2 with one ±1 label per pair: embedding rows, or one score a side
  pair: [
    { pred: '1, 0.5, -0.2\n0.3, 1, 0.8\n2, 0, 1', target: '0.9, 0.7, 0\n-0.5, 0.2, 1\n1, 1, 0.5', label: '1, -1, -1', input: 'embeddings' },
    { pred: '0.8, -0.2, 1.5, 0.3', target: '0.5, 0.4, 1.5, 1.0', label: '1, 1, -1, -1', input: 'scores' },
  ],
};

/** True when the state's fields work for `info` with its default options. */
export function fits(lab, info, state) {
  return evaluate(lab, info, { ...state, options: defaultOptions(info) }).ok;
}

/** The first sample `info` accepts (or the first of its layout), as { pred, target, negative, label }. */
export function sampleFor(lab, info) {
  // Scores are fed like logits: any real numbers, one per class (pairs keep their own kinds).
  const kind = info.defaultInputKind === 'scores' && info.layout !== 'pair' ? 'logits' : info.defaultInputKind;
  const fields = (s) => ({ pred: s.pred, target: s.target, negative: s.negative ?? '', label: s.label ?? '' });
  // The input kind first, then a sample made for the loss's family (masks for binary rows).
  const score = (s) => 2 * Number(s.input === kind) + Number(s.family === info.family);
  const list = [...(SAMPLES[info.layout] ?? SAMPLES.elementwise)].sort((a, b) => score(b) - score(a));
  const found = list.find((s) => fits(lab, info, fields(s)));
  return fields(found ?? list[0]);
}

/** The state after choosing loss `info`: its default options (keeping the reduction if it has
 *  it), and the current data if it suits the new loss, else an example that does. */
export function switchLoss(lab, state, info) {
  const options = defaultOptions(info);
  if (info.reductions.includes(state.options.reduction)) options.reduction = state.options.reduction;
  const next = { ...state, loss: info.id, options, overlays: [], point: 0 };
  return fits(lab, info, next) ? next : { ...next, ...sampleFor(lab, info) };
}

/** A hash's state (the page's location.hash, or an element's attributes written as one), with
 *  example data for whatever it did not give: { state, notices }. */
export function readState(lab, hash) {
  const catalogue = lab.losses;
  const { state, notices, given } = parseHash(hash, catalogue, lab.networkCatalogue);
  const info = catalogue.find((l) => l.id === state.loss);
  if (!given.has('pred') || !given.has('target')) {
    const sample = sampleFor(lab, info);
    for (const key of ['pred', 'target', 'negative', 'label']) if (!given.has(key)) state[key] = sample[key];
  }
  return { state, notices };
}
