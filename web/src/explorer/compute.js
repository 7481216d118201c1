// One evaluation of the chosen loss on the page's state: parse the fields, call lab.loss, and
// say which field any problem belongs to. No DOM; the result is plain data for the views.
import { parseRows, matrix, isRectangular, ParseError } from '../parse.js';
import { callOptions } from '../catalogue.js';
import { pullShares } from '../influence.js';

/** Field keys used in `errors`: 'pred', 'target', 'negative', 'label', or 'param-<option>'. */
const SUBJECTS = [
  [/^(input|anchors?)\b/, 'pred'],
  [/^target\.negative\b/, 'negative'],
  [/^target\.label\b/, 'label'],
  [/^target(\.positive|\.other)?\b/, 'target'],
];

/** Which field a LossLabError is about, from the subject its message starts with. */
export function fieldOfError(error) {
  const message = String(error.message);
  const option = /option '([A-Za-z_][\w]*)'/.exec(message);
  if (option) return `param-${option[1]}`;
  const subject = message.replace(/^[\w]+:\s*/, '');
  for (const [pattern, field] of SUBJECTS) if (pattern.test(subject)) return field;
  return null;
}

/** Rows of a field, shaped for the loss: [N, C] blocks stay rows, anything else is flat.
 *  ('pair-rows': x1 or x2 of a pair loss on rows, cosine_embedding's; 'flat': labels.) */
function shape(rows, layout, name, isTarget) {
  if (layout === 'triplet' || layout === 'pair-rows') return matrix(rows, name);
  if (layout === 'flat') return rows.flat();
  if (layout === 'sequence') return isTarget ? rows.flat() : matrix(rows, name);
  if (layout === 'rows' && !isTarget) return matrix(rows, name);
  if (layout === 'rows') {
    // One line, or one value per line: class indices (or a flat probability row).
    if (rows.length === 1 || rows.every((r) => r.length === 1)) return rows.flat();
    return matrix(rows, name);
  }
  const block = rows.length > 1 && rows[0].length > 1 && isRectangular(rows);
  return block ? rows : rows.flat();
}

function parseField(text, layout, name, isTarget, errors, key) {
  try {
    return shape(parseRows(text, { what: name }).rows, layout, name, isTarget);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    errors[key] = `${name}: ${e.message.replace(`${name}: `, '')}`;
    return null;
  }
}

const flatten = (v) => (Array.isArray(v[0]) ? v.flat() : v);

/**
 * @param {object} lab  from createLossLab()
 * @param {object} info  lab.losses entry of state.loss
 * @param {object} state
 * @returns {{ ok: boolean, errors: Record<string,string>, value?: number|Float32Array,
 *   terms?: Float32Array|null, grad?: Float32Array, gradParts?: object|null,
 *   x?: number[], t?: number[], neg?: number[]|null, options?: object }}
 */
export function evaluate(lab, info, state) {
  const errors = {};
  const triplet = info.layout === 'triplet';
  const pair = info.layout === 'pair';
  // A pair loss's x1 and x2 are rows unless it takes one number a side (margin_ranking).
  const layout = pair ? (info.columns === 1 ? 'elementwise' : 'pair-rows') : info.layout;
  const x = parseField(state.pred, layout, triplet ? 'anchors' : pair ? 'x1' : 'predictions', false, errors, 'pred');
  const t = parseField(state.target, layout, triplet ? 'positives' : pair ? 'x2' : 'targets', true, errors, 'target');
  const neg = triplet ? parseField(state.negative, info.layout, 'negatives', true, errors, 'negative') : null;
  const labels = pair ? parseField(state.label ?? '', 'flat', 'labels', true, errors, 'label') : null;
  const { options, errors: optionErrors } = callOptions(info, state.options);
  for (const [name, message] of Object.entries(optionErrors)) errors[`param-${name}`] = message;
  if (Object.keys(errors).length) return { ok: false, errors };

  // A sequence loss (ctc) here is one sequence: a row of log-probabilities per time step, and
  // its labels (N = 1, every step and label counting).
  const sequence = info.layout === 'sequence';
  const target = triplet ? { positive: t, negative: neg }
    : pair ? { other: t, label: labels }
    : sequence ? { labels: t, inputLengths: [x.length], targetLengths: [t.length] } : t;
  if (sequence) options.time = x.length;
  try {
    const { value, grad } = lab.loss(info.id, x, target, options);
    let terms = null;
    if (options.reduction === 'none') terms = value;
    else if (info.reductions.includes('none')) {
      terms = lab.loss(info.id, x, target, { ...options, reduction: 'none', grad: false }).value;
    }
    const gradParts = triplet || pair ? grad : null;
    return {
      ok: true,
      errors,
      value,
      terms,
      grad: triplet ? grad.anchor : pair ? grad.input : grad,
      gradParts,
      x: flatten(x),
      t: flatten(t),
      neg: neg ? flatten(neg) : null,
      labels,
      options,
    };
  } catch (e) {
    if (!(e instanceof lab.LossLabError)) throw e;
    errors[fieldOfError(e) ?? 'general'] = e.message;
    return { ok: false, errors, code: e.code };
  }
}

/**
 * The per-element (or per-row) table: one entry per term, with the slices of input, target and
 * gradient it covers, its share of the summed terms, and its pull (its share of the gradient).
 */
export function tableRows(result, info) {
  const { x, t, neg, labels, grad, gradParts, terms } = result;
  const count = terms ? terms.length : labels ? labels.length : info.layout === 'elementwise' ? x.length
    : info.layout === 'sequence' ? 1 : t.length;
  if (!count) return [];
  const per = x.length / count;
  const tPer = t.length / count;
  let sum = 0;
  if (terms) for (const v of terms) sum += v;
  const slice = (a, k, n) => Array.from(a.slice(k * n, (k + 1) * n));
  // pull: each term's share of the gradient (a triplet's: over its anchor, positive and
  // negative; a pair's: over x1 and x2), the number the trainer's influence view shows for
  // each training point
  const others = !gradParts ? [] : gradParts.other ? [gradParts.other] : [gradParts.positive, gradParts.negative];
  const pulls = pullShares(Array.from({ length: count }, (_, k) => [
    ...slice(grad, k, per),
    ...others.flatMap((g) => slice(g, k, per)),
  ]));
  return Array.from({ length: count }, (_, k) => ({
    index: k,
    input: slice(x, k, per),
    target: slice(t, k, tPer),
    negative: neg ? slice(neg, k, tPer) : null,
    label: labels ? labels[k] : null,
    term: terms ? terms[k] : null,
    share: terms && sum !== 0 ? terms[k] / sum : null,
    pull: pulls[k],
    grad: slice(grad, k, per),
    gradPositive: gradParts?.positive ? slice(gradParts.positive, k, per) : null,
    gradNegative: gradParts?.negative ? slice(gradParts.negative, k, per) : null,
    gradOther: gradParts?.other ? slice(gradParts.other, k, per) : null,
  }));
}
