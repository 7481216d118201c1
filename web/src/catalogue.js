// Reading lab.losses: the option fields of a loss, their defaults, checks and conversions, the
// overlay curves on offer, and words for target kinds. Pure (no DOM); everything here is derived
// from the catalogue the package reports, so new losses and options appear without edits.
import { parseNumber, parseRows, ParseError } from './parse.js';

/** Greek letters for option names in labels; any other name is shown as it is. */
const SYMBOLS = { delta: 'δ', beta: 'β', gamma: 'γ', alpha: 'α', eps: 'ε' };

/** Plain words for each `targetKind`; unknown kinds fall back to the loss's own `target` text. */
const TARGET_HELP = {
  values: 'Targets are real numbers, one per prediction.',
  'values > -1': 'Targets are numbers greater than −1 (the loss compares log(1 + value)).',
  probabilities: 'Targets are probabilities in [0, 1]: 0/1 labels, or soft labels such as 0.9.',
  labels01: 'Targets are labels 0 or 1, one per prediction.',
  signs: 'Targets are labels −1 or +1 (0 is read as −1), one per prediction.',
  indices: 'Targets are class indices counted from 0, one per row of predictions (e.g. 1 means the second column).',
  'indices-or-probabilities':
    'Targets are class indices counted from 0 (one per row, e.g. 1 = second column) or one probability row per prediction row.',
  'probability-rows': 'Targets are probability rows, one per prediction row (e.g. one-hot: 0, 1, 0).',
  triplet:
    'Each anchor row pairs with the same row of positives (should be close to it) and of negatives (should be far from it).',
  counts: 'Targets are counts ≥ 0 (e.g. 0, 3, 7), one per prediction.',
  'signs-strict': 'Targets are labels −1 (dissimilar pair) or +1 (similar pair), one per prediction.',
  'label-lists':
    'Targets are rows of class indices counted from 0, one row per prediction row: the true classes, then −1 to end the list (e.g. 2, 0, −1).',
  'row-values': 'Targets are real numbers, one per prediction row.',
};

export function symbol(name) {
  return SYMBOLS[name] ?? name;
}

/** 'Mean squared error (L2 loss)' from the summary, for the picker. */
export function shortName(info) {
  const head = String(info.summary ?? '').split(/[:.]/)[0].trim();
  return head && head.length <= 60 ? head : info.id;
}

export function targetHelp(info) {
  return TARGET_HELP[info.targetKind] ?? `Targets: ${info.target}.`;
}

/**
 * The option fields of a loss, in display order: reduction first, then each optionSpec, then any
 * string option the catalogue lists without a spec (the custom loss's `expr`).
 * kind: 'reduction' | 'number' | 'integer' | 'choice' | 'boolean' | 'vector' | 'text'.
 */
export function fieldsOf(info) {
  const fields = [{
    name: 'reduction',
    kind: 'reduction',
    choices: [...info.reductions],
    default: info.options.reduction ?? info.reductions[0],
    doc: 'how the per-element terms are combined',
    spec: null,
  }];
  for (const spec of info.optionSpecs) {
    fields.push({
      name: spec.name,
      kind: spec.choices.length ? 'choice' : spec.kind,
      choices: [...spec.choices],
      default: spec.default,
      doc: spec.doc,
      spec,
    });
  }
  for (const [name, value] of Object.entries(info.options)) {
    if (fields.some((f) => f.name === name) || typeof value !== 'string') continue;
    fields.push({ name, kind: 'text', choices: [], default: value, doc: '', spec: null });
  }
  return fields;
}

/** The value a control shows for a field's default: a string, or a boolean for checkboxes. */
export function rawDefault(field) {
  if (field.kind === 'boolean') return Boolean(field.default);
  if (field.default === null || field.default === undefined) return '';
  return String(field.default);
}

/** Every field at its default, as control values. */
export function defaultOptions(info) {
  return Object.fromEntries(fieldsOf(info).map((f) => [f.name, rawDefault(f)]));
}

/** Null when `v` satisfies the spec, else what it must be (e.g. '> 0'). */
export function rangeProblem(spec, v) {
  if (!spec) return null;
  if (spec.kind === 'integer' && !Number.isInteger(v)) return 'a whole number';
  if (spec.choices.length && !spec.choices.includes(v)) return `one of ${spec.choices.join(', ')}`;
  const below = spec.min !== null && (spec.minOpen ? v <= spec.min : v < spec.min);
  const above = spec.max !== null && (spec.maxOpen ? v >= spec.max : v > spec.max);
  if (below || above) return spec.range || `in [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}]`;
  return null;
}

/**
 * Control values → the options object for lab.loss, with a message per field that does not
 * even parse (range checks are left to LossLab, whose messages name the option).
 * @returns {{ options: object, errors: Record<string, string> }}
 */
export function callOptions(info, raw) {
  const options = {};
  const errors = {};
  for (const field of fieldsOf(info)) {
    const value = raw[field.name] ?? rawDefault(field);
    switch (field.kind) {
      case 'reduction':
      case 'text':
        options[field.name] = String(value);
        break;
      case 'boolean':
        options[field.name] = Boolean(value);
        break;
      case 'vector': {
        if (String(value).trim() === '') break;
        try {
          options[field.name] = parseRows(String(value)).rows.flat();
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
          errors[field.name] = `${field.name}: ${e.message}`;
        }
        break;
      }
      default: {
        const text = String(value).trim();
        if (text === '') break;
        const n = parseNumber(text);
        if (n === null) errors[field.name] = `${field.name}: '${text.slice(0, 24)}' is not a number`;
        else options[field.name] = n;
      }
    }
  }
  return { options, errors };
}

/**
 * Checks one option value read from a URL. Returns the control value to use, or
 * { problem } saying why it was ignored.
 */
export function checkUrlOption(field, text, maxLength) {
  if (text.length > maxLength) return { problem: `longer than ${maxLength} characters` };
  switch (field.kind) {
    case 'reduction':
      return field.choices.includes(text) ? { value: text } : { problem: field.choices.length === 1 ? `must be ${field.choices[0]}` : `must be one of ${field.choices.join(', ')}` };
    case 'boolean':
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0') return { value: false };
      return { problem: 'must be true or false' };
    case 'text':
      return { value: text };
    case 'vector': {
      let values;
      try {
        values = parseRows(text).rows.flat();
      } catch (e) {
        return { problem: e.message };
      }
      const bad = values.find((v) => rangeProblem({ ...field.spec, kind: 'number', choices: [] }, v) !== null);
      if (bad !== undefined) return { problem: `${bad} must be ${field.spec.range}` };
      return { value: values.join(', ') };
    }
    default: {
      const v = parseNumber(text);
      if (v === null) return { problem: 'not a number' };
      const problem = rangeProblem(field.spec, v);
      return problem ? { problem: `must be ${problem}` } : { value: String(v) };
    }
  }
}

/** The family whose losses can share a curve with `info`'s (custom plots beside regression). */
function curveFamily(info) {
  if (info.layout !== 'elementwise') return null;
  if (info.family === 'custom') return 'regression';
  return info.family === 'regression' || info.family === 'binary' ? info.family : null;
}

/** True when the loss-versus-prediction curve makes sense for this loss. */
export function hasCurve(info) {
  return curveFamily(info) !== null;
}

/**
 * Losses that can be drawn over `info`'s curve: every element-wise loss of the same family with
 * a 'none' reduction; one with a positive number option (δ, β, γ, q) is offered at ½, 1 and 2 times
 * its default, where those are in its range. Keys look like 'mae' or 'huber:0.5'.
 */
export function overlayCandidates(catalogue, info) {
  const family = curveFamily(info);
  if (!family) return [];
  const out = [];
  for (const other of catalogue) {
    if (other.layout !== 'elementwise' || other.family !== family || !other.reductions.includes('none')) continue;
    const knob = other.optionSpecs.find((s) => s.kind === 'number' && !s.choices.length
      && typeof s.default === 'number' && s.default > 0 && s.min !== null && s.min >= 0);
    if (!knob) {
      out.push({ key: other.id, id: other.id, options: {}, label: other.id });
      continue;
    }
    for (const factor of [0.5, 1, 2]) {
      const v = knob.default * factor;
      if (rangeProblem(knob, v) !== null) continue; // e.g. quantile's q = 1
      out.push({ key: `${other.id}:${v}`, id: other.id, options: { [knob.name]: v }, label: `${other.id} ${symbol(knob.name)}=${v}` });
    }
  }
  return out;
}
