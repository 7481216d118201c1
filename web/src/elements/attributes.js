// An element's attributes are the page's URL keys. They are written as a hash and read by
// state.js (parseHash, through readState), so an attribute is checked exactly as a link's value
// is, and what fails is named the same way. Pure apart from `lab` (unit-tested by
// tests/web/elements.test.mjs).
import { fieldsOf } from '../catalogue.js';
import { TRAINER_KEY_NAMES, textToList, toHash } from '../state.js';
import { readState } from '../explorer/samples.js';

const EXPLORER_KEYS = ['loss', 'pred', 'target', 'negative', 'label', 'overlay', 'point'];
const LISTS = new Set(['pred', 'target', 'negative', 'label']);

/** Every attribute that is state: the explorer's keys, each option of any loss, the trainer's. */
export function urlKeys(catalogue) {
  return new Set([...EXPLORER_KEYS, ...catalogue.flatMap((l) => fieldsOf(l).map((f) => f.name)), ...TRAINER_KEY_NAMES]);
}

/** The state attributes of `el` as [key, value] pairs. Data may be written as in the page's
 *  boxes (spaces, commas, new lines, ';' between rows); it is put in the hash's form. */
export function attributePairs(el, keys) {
  const pairs = [];
  for (const { name, value } of el.attributes) {
    if (keys.has(name)) pairs.push([name, LISTS.has(name) ? textToList(value) : value.trim()]);
  }
  return pairs;
}

/** '#k=v&…' from pairs. */
export function hashOf(pairs) {
  return `#${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

/** A hash's pairs (the inverse of toHash's encoding). */
function pairsOf(hash) {
  return hash.replace(/^#/, '').split('&').filter(Boolean).map((part) => {
    const at = part.indexOf('=');
    return [decodeURIComponent(part.slice(0, at)), decodeURIComponent(part.slice(at + 1))];
  });
}

/**
 * The state an element's attributes describe: { state, notices }.
 * @param {object} lab
 * @param {Array<[string, string]>} pairs  attributePairs()
 */
export function stateFromAttributes(lab, pairs) {
  return readState(lab, hashOf(pairs));
}

/**
 * The state after the attributes named in `changed` changed: the current state (with what the
 * reader typed or chose) with those keys set to their new values, or back to their defaults
 * when removed. A new `loss` starts again from the attributes alone, as a new link would.
 * @returns {{ state: object, notices: string[] }}
 */
export function stateAfterChange(lab, current, pairs, changed) {
  if (changed.has('loss')) return stateFromAttributes(lab, pairs);
  const info = lab.losses.find((l) => l.id === current.loss);
  const merged = new Map(pairsOf(toHash(current, info)));
  const given = new Map(pairs);
  for (const key of changed) {
    if (given.has(key)) merged.set(key, given.get(key));
    else merged.delete(key);
  }
  const { state, notices } = readState(lab, hashOf([...merged]));
  state.embed = false;
  return { state, notices };
}
