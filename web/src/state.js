// The page's state: one plain object, serialised to the URL hash and read back (validated) from
// it. Pure apart from createStore's subscriptions; unit-tested by tests/web/state.test.mjs.
//
// Hash keys (a key=value list joined by '&', values percent-encoded, ',' and ';' kept readable):
//   loss       a loss id from lab.losses
//   <option>   each option of that loss by name (reduction, delta, weight, expr, …), only when it
//              differs from the default
//   pred       predictions (anchors for triplet losses): numbers joined by ',', rows by ';'
//   target     targets (positives for triplet losses), same form
//   negative   negatives, triplet losses only
//   label      the ±1 labels of the pair losses (pred holds x1, target x2), one per pair
//   overlay    curves drawn beside the loss, e.g. 'mae,huber:0.5'
//   point      which element's target the curve is drawn for (0-based)
//   dataset, layers, activation, lr, seed, optimizer, batch, l1, l2, noise, n, split, classes,
//   dseed, speed, compare, points    the trainer's (read, checked and kept here as strings; used
//              by web/src/trainer/ through state.trainer; rules in trainerKeys())
//   influence=1, landscape=1         the trainer's influence view and landscape panel are on
//   theme      'light' or 'dark': the colour scheme chosen with the page's toggle (absent: the
//              system's, prefers-color-scheme)
//   embed=1    no page chrome, for iframes
// Every value is bounded (MAX_FIELD characters) and checked; what fails is left out and listed in
// the notices the page shows. Unknown keys are ignored (also noted).
import { fieldsOf, defaultOptions, rawDefault, checkUrlOption, overlayCandidates } from './catalogue.js';
import { parseRows, parseNumber, ParseError } from './parse.js';

export const MAX_FIELD = 10_000;
const MAX_HASH = 200_000;
const MAX_KEYS = 200;

/** The trainer's keys: `check` returns the value to keep, or null; `rule` says what is allowed.
 *  What the core checks (layer counts and sizes, activations, optimizers, class counts, seeds)
 *  comes from its network catalogue (lab.networkCatalogue); the other bounds are the page's
 *  own (web/src/trainer/settings.js reads these strings into numbers). */
const MAX_POINTS = 500;
/** A number from text within [lo, hi], as the string kept (or null). */
const numberIn = (lo, hi, openLo = false) => (t) => {
  const v = parseNumber(t);
  return v !== null && (openLo ? v > lo : v >= lo) && v <= hi ? String(v) : null;
};
const wholeIn = (lo, hi) => (t) => (/^\d{1,10}$/.test(t) && Number(t) >= lo && Number(t) <= hi ? String(Number(t)) : null);

function buildTrainerKeys(network) {
  const { activations, optimizers, limits } = network;
  const hidden = limits.hiddenLayers, units = limits.units, seed = limits.seed;
  // `classes`: the widest range any classification dataset takes (blobs: 2 to 8).
  const withClasses = network.datasets.filter((d) => d.maxClasses > 0);
  const classes = { min: Math.min(...withClasses.map((d) => d.minClasses)), max: Math.max(...withClasses.map((d) => d.maxClasses)) };
  return {
    dataset: {
      rule: 'must be a dataset name (lower-case letters, digits, _)',
      check: (t) => (/^[a-z][a-z0-9_]{0,31}$/.test(t) ? t : null),
    },
    layers: {
      rule: `must be ${hidden.min + 2} to ${hidden.max + 2} layer sizes: the input (1 or 2), ${hidden.min} to ${hidden.max} hidden layers of ${units.min} to ${units.max} neurons, the output (${units.min} to ${units.max}), e.g. 2,8,8,1`,
      check: (t) => {
        const parts = t.split(',');
        if (parts.length < hidden.min + 2 || parts.length > hidden.max + 2 || !parts.every((p) => /^\d{1,4}$/.test(p))) return null;
        const sizes = parts.map(Number);
        const ok = sizes.every((v) => v >= units.min && v <= units.max) && sizes[0] <= 2;
        return ok ? sizes.join(',') : null;
      },
    },
    activation: {
      rule: `must be one of ${activations.join(', ')}`,
      check: (t) => (activations.includes(t) ? t : null),
    },
    lr: { rule: 'must be a number in (0, 10]', check: numberIn(0, 10, true) },
    seed: { rule: `must be a whole number from ${seed.min} to ${seed.max}`, check: wholeIn(seed.min, seed.max) },
    optimizer: {
      rule: `must be one of ${optimizers.join(', ')}`,
      check: (t) => (optimizers.includes(t) ? t : null),
    },
    batch: { rule: 'must be a whole number from 1 to 1000', check: wholeIn(1, 1000) },
    l1: { rule: 'must be a number in [0, 1]', check: numberIn(0, 1) },
    l2: { rule: 'must be a number in [0, 1]', check: numberIn(0, 1) },
    noise: { rule: 'must be a number in [0, 1]', check: numberIn(0, 1) },
    n: { rule: 'must be a whole number from 20 to 2000', check: wholeIn(20, 2000) },
    split: { rule: 'must be the training share, a number in [0.1, 0.9]', check: numberIn(0.1, 0.9) },
    classes: { rule: `must be a whole number from ${classes.min} to ${classes.max}`, check: wholeIn(classes.min, classes.max) },
    dseed: { rule: `must be a whole number from ${seed.min} to ${seed.max}`, check: wholeIn(seed.min, seed.max) },
    speed: {
      rule: "must be 'auto' or a whole number of epochs per frame from 1 to 100",
      check: (t) => (t === 'auto' ? t : wholeIn(1, 100)(t)),
    },
    compare: {
      rule: 'must be two different loss ids, e.g. mse,huber',
      check: (t) => {
        const ids = t.split(',');
        return ids.length === 2 && ids.every((id) => /^[a-z][a-z0-9_]{0,31}$/.test(id)) && ids[0] !== ids[1] ? t : null;
      },
    },
    influence: { rule: "must be 1 (show each point's influence)", check: (t) => (t === '1' ? t : null) },
    landscape: { rule: 'must be 1 (show the loss landscape)', check: (t) => (t === '1' ? t : null) },
    points: {
      rule: `must be up to ${MAX_POINTS} points 'x1,x2,label' (or 'x,y' for one input) joined by ';', each number within ±1000`,
      check: (t) => {
        const rows = t.split(';').filter(Boolean);
        if (rows.length === 0 || rows.length > MAX_POINTS) return null;
        const parsed = rows.map((row) => row.split(',').map(parseNumber));
        const width = parsed[0].length;
        const ok = (width === 2 || width === 3)
          && parsed.every((r) => r.length === width && r.every((v) => v !== null && Math.abs(v) <= 1000));
        return ok ? parsed.map((r) => r.join(',')).join(';') : null;
      },
    },
  };
}

/** The trainer's key names, in the order the hash lists them. */
export const TRAINER_KEY_NAMES = Object.freeze([
  'dataset', 'layers', 'activation', 'lr', 'seed', 'optimizer', 'batch', 'l1', 'l2', 'noise', 'n',
  'split', 'classes', 'dseed', 'speed', 'compare', 'influence', 'landscape', 'points',
]);

const trainerKeysCache = new WeakMap();
/** The trainer's key rules for this network catalogue (lab.networkCatalogue). */
export function trainerKeys(network) {
  let keys = trainerKeysCache.get(network);
  if (!keys) {
    keys = buildTrainerKeys(network);
    trainerKeysCache.set(network, keys);
  }
  return keys;
}

const DATA_KEYS = ['pred', 'target', 'negative', 'label'];
/** The data keys only some layouts take: negatives (triplets) and labels (pairs). */
const LAYOUT_KEYS = { negative: 'triplet', label: 'pair' };
const takes = (info, key) => !(key in LAYOUT_KEYS) || info.layout === LAYOUT_KEYS[key];
/** The `theme` key's values (absent, or 'auto': follow the system). */
export const THEMES = Object.freeze(['light', 'dark']);

/** The state for `info` with nothing chosen yet: default options, empty fields. */
export function initialState(info) {
  return {
    loss: info.id,
    options: defaultOptions(info),
    pred: '',
    target: '',
    negative: '',
    label: '',
    overlays: [],
    point: 0,
    trainer: {},
    theme: '',
    embed: false,
  };
}

/** Field text → hash form: '2.5, 5.5\n1 2' → '2.5,5.5;1,2' (tokens kept as typed). */
export function textToList(text) {
  return String(text)
    .split(/\r\n|[\n\r;]/)
    .map((line) => line.split(/[\s,]+/).filter(Boolean).join(','))
    .filter(Boolean)
    .join(';');
}

/** Hash form → field text: '2.5,5.5;1,2' → '2.5, 5.5\n1, 2'. */
export function listToText(list) {
  return String(list)
    .split(';')
    .map((row) => row.split(',').map((s) => s.trim()).filter(Boolean).join(', '))
    .filter(Boolean)
    .join('\n');
}

function encode(value) {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3B/gi, ';').replace(/%3A/gi, ':');
}

/**
 * The hash for `state` (with the leading '#'). Options equal to their default are left out.
 * @param {object} state
 * @param {object} info  the lab.losses entry of state.loss
 */
export function toHash(state, info) {
  const parts = [['loss', state.loss]];
  for (const field of fieldsOf(info)) {
    const raw = state.options[field.name];
    if (raw === undefined || raw === rawDefault(field)) continue;
    const text = field.kind === 'vector' ? textToList(raw) : String(raw);
    if (field.kind === 'text' || text !== '') parts.push([field.name, text]);
  }
  for (const key of DATA_KEYS) {
    if (!takes(info, key)) continue;
    const list = textToList(state[key]);
    if (list) parts.push([key, list]);
  }
  if (state.overlays.length) parts.push(['overlay', state.overlays.join(',')]);
  if (state.point) parts.push(['point', String(state.point)]);
  for (const key of TRAINER_KEY_NAMES) {
    if (state.trainer[key] !== undefined) parts.push([key, state.trainer[key]]);
  }
  if (state.theme) parts.push(['theme', state.theme]);
  if (state.embed) parts.push(['embed', '1']);
  return `#${parts.map(([k, v]) => `${k}=${encode(v)}`).join('&')}`;
}

/** Splits a hash into [key, value] pairs, decoding each; bad escapes become notices. */
function readPairs(hash, notices) {
  let text = String(hash).replace(/^#/, '');
  if (text.length > MAX_HASH) {
    notices.push(`the link is longer than ${MAX_HASH} characters; only its start was read`);
    text = text.slice(0, MAX_HASH);
  }
  const pairs = text.split('&').filter(Boolean);
  if (pairs.length > MAX_KEYS) {
    notices.push(`the link has ${pairs.length} values; only the first ${MAX_KEYS} were read`);
    pairs.length = MAX_KEYS;
  }
  const out = new Map();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const rawKey = at < 0 ? pair : pair.slice(0, at);
    const rawValue = at < 0 ? '' : pair.slice(at + 1);
    let key;
    let value;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      notices.push(`'${rawKey.slice(0, 24)}': a broken %-escape; ignored`);
      continue;
    }
    if (value.length > MAX_FIELD) {
      notices.push(`${key.slice(0, 24)}: longer than ${MAX_FIELD} characters; ignored`);
      continue;
    }
    out.set(key, value);
  }
  return out;
}

/**
 * Reads a hash into a state. Never throws: anything that fails its check is left at its default
 * and described in `notices`.
 * @param {string} hash  location.hash
 * @param {readonly object[]} catalogue  lab.losses
 * @param {object} network  lab.networkCatalogue (the trainer keys' limits and choices)
 * @returns {{ state: object, notices: string[], given: Set<string> }}  given: the keys that were used
 */
export function parseHash(hash, catalogue, network) {
  const TRAINER_KEYS = trainerKeys(network);
  const notices = [];
  // A fragment without '=' is an in-page anchor (#trainer), not state.
  const pairs = String(hash).includes('=') ? readPairs(hash, notices) : new Map();
  const given = new Set();
  let info = catalogue[0];
  if (pairs.has('loss')) {
    const found = catalogue.find((l) => l.id === pairs.get('loss'));
    if (found) info = found;
    else notices.push(`loss '${pairs.get('loss').slice(0, 40)}' is not available here; showing ${info.id}`);
    pairs.delete('loss');
    if (found) given.add('loss');
  }
  const state = initialState(info);
  const fields = new Map(fieldsOf(info).map((f) => [f.name, f]));
  const otherOptions = new Set(catalogue.flatMap((l) => fieldsOf(l).map((f) => f.name)));

  for (const [key, value] of pairs) {
    const ignore = (why) => notices.push(`${key}=${shorten(value)}: ${why}; ignored`);
    if (fields.has(key)) {
      const checked = checkUrlOption(fields.get(key), value, MAX_FIELD);
      if ('problem' in checked) ignore(checked.problem);
      else {
        state.options[key] = checked.value;
        given.add(key);
      }
    } else if (DATA_KEYS.includes(key)) {
      if (!takes(info, key)) {
        ignore(key === 'negative' ? 'only triplet losses take negatives' : 'only pair losses take labels');
        continue;
      }
      const text = listToText(value);
      try {
        parseRows(text);
        state[key] = text;
        given.add(key);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        ignore(e.message);
      }
    } else if (key === 'overlay') {
      const known = new Set(overlayCandidates(catalogue, info).map((c) => c.key));
      const keys = value.split(',').filter(Boolean);
      const unknown = keys.filter((k) => !known.has(k));
      if (unknown.length) notices.push(`overlay ${unknown.map(shorten).join(', ')}: not a curve ${info.id} can show; ignored`);
      state.overlays = [...new Set(keys.filter((k) => known.has(k)))];
      given.add(key);
    } else if (key === 'point') {
      if (/^\d{1,6}$/.test(value)) {
        state.point = Number(value);
        given.add(key);
      } else ignore('must be a whole number ≥ 0');
    } else if (Object.hasOwn(TRAINER_KEYS, key)) { // not `in`: '#toString=1' is no trainer key
      const kept = TRAINER_KEYS[key].check(value);
      if (kept === null) ignore(TRAINER_KEYS[key].rule);
      else {
        state.trainer[key] = kept;
        given.add(key);
      }
    } else if (key === 'theme') {
      if (THEMES.includes(value)) state.theme = value;
      else if (value !== 'auto') ignore(`must be ${THEMES.join(' or ')}`);
    } else if (key === 'embed') {
      if (value === '1' || value === '0') state.embed = value === '1';
      else ignore('must be 1 or 0');
    } else if (otherOptions.has(key)) {
      ignore(`${info.id} has no option '${key}'`);
    } else {
      notices.push(`unknown setting '${shorten(key)}'; ignored`);
    }
  }
  return { state, notices, given };
}

function shorten(text) {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/**
 * The one mutable object: holds the state and tells subscribers after each change.
 * update(fn) gets a copy to change (or return a replacement).
 */
export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  return {
    get: () => state,
    update(change, why = 'input') {
      const draft = structuredClone(state);
      state = change(draft) ?? draft;
      for (const listener of listeners) listener(state, why);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
