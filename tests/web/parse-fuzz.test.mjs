// Property tests for the page's parsers (web/src/parse.js, state.js, catalogue.js) under hostile
// text: what a person pastes into a box, or what a crafted link puts in the hash. They return
// or throw a ParseError (parseRows) / never throw (parseHash, parseNumber, checkUrlOption);
// what they keep is bounded and valid; they stay linear (no regex backtracking blow-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRows, parseNumber, rowsToText, ParseError, MAX_VALUES } from '../../web/src/parse.js';
import { parseHash, toHash, textToList, listToText, MAX_FIELD, TRAINER_KEY_NAMES, trainerKeys } from '../../web/src/state.js';
import { fieldsOf, checkUrlOption, callOptions } from '../../web/src/catalogue.js';
import { CATALOGUE, NETWORK } from './fixtures.mjs';

const SEED = Number(process.env.FC_SEED ?? 7);
const runs = (numRuns) => ({ seed: SEED, numRuns, endOnFailure: true });

// Text with numbers, separators, signs, exponents, Unicode minus, markup and escapes mixed in.
const token = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom('1e', 'e5', '.', '-', '+', '1.', '.5', '−0.5', '1e400', '-1e-400', 'NaN', 'Infinity', '0x10', '1_000', '٣', '１'),
  fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '%3Cscript%3E', '%E0%A4%A', '\u0000', '\uD800', '\u202E'),
  fc.string({ maxLength: 6 }),
);
const separator = fc.constantFrom(',', ' ', '\t', '\n', '\r\n', ';', ', ', '\r', '  ,\n');
const fieldText = fc.oneof(
  fc.array(fc.tuple(token, separator), { maxLength: 30 }).map((parts) => parts.map(([t, s]) => t + s).join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

test('parseRows: rows of finite numbers, or a ParseError', () => {
  fc.assert(
    fc.property(fieldText, (text) => {
      let out;
      try {
        out = parseRows(text);
      } catch (e) {
        assert.ok(e instanceof ParseError, `threw ${e?.constructor?.name}: ${e?.message}`);
        assert.equal(typeof e.message, 'string');
        return;
      }
      assert.ok(out.rows.length > 0);
      assert.equal(out.count, out.rows.flat().length);
      assert.ok(out.count <= MAX_VALUES);
      for (const row of out.rows) {
        assert.ok(row.length > 0);
        for (const v of row) assert.ok(Number.isFinite(v), `kept ${v}`);
      }
    }),
    runs(3000),
  );
});

test('parseRows: numbers written back as text read back exactly', () => {
  const rows = fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(rows, (r) => {
      const back = parseRows(rowsToText(r)).rows;
      assert.deepEqual(back.map((row) => row.map((v) => (Object.is(v, -0) ? 0 : v))), r.map((row) => row.map((v) => (Object.is(v, -0) ? 0 : v))));
    }),
    runs(1000),
  );
});

test('parseNumber: a finite number or null, never a throw', () => {
  fc.assert(
    fc.property(fc.oneof(token, fieldText), (text) => {
      const v = parseNumber(text);
      assert.ok(v === null || Number.isFinite(v));
    }),
    runs(3000),
  );
});

test('the parsers stay linear on long hostile tokens (no regex backtracking blow-up)', () => {
  // A long run of digits that fails at its end made the number pattern backtrack
  // quadratically: 200,000 digits took about 20 s.
  const cases = [
    `${'1'.repeat(200_000)}x`,
    `${'1'.repeat(100_000)}.${'1'.repeat(100_000)}x`,
    `-${'9'.repeat(150_000)}e`,
    `${'1,'.repeat(120_000)}x`,
    `${'1 '.repeat(300_000)}`,
    `${';'.repeat(200_000)}1`,
    `${'\n'.repeat(200_000)}`,
  ];
  for (const text of cases) {
    const t0 = performance.now();
    try {
      parseRows(text);
    } catch (e) {
      assert.ok(e instanceof ParseError);
    }
    parseNumber(text);
    textToList(text);
    listToText(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `${text.slice(0, 12)}… (${text.length} chars) took ${ms.toFixed(0)} ms`);
  }
});

// ---------------------------------------------------------------------------- URL state

const keys = [
  'loss', 'reduction', 'delta', 'weight', 'expr', 'p', 'margin', 'ignore_index', 'label_smoothing', 'from_logits', 'gamma',
  'pred', 'target', 'negative', 'overlay', 'point', 'embed', ...TRAINER_KEY_NAMES,
  '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'bogus', '', '=', '&',
];
const hashValue = fc.oneof(
  fieldText, token,
  fc.constantFrom('mse', 'huber', 'cross_entropy', 'triplet_margin', 'custom', 'mean', 'none', 'true', '1', '0', '-1', '1e9', 'circle', '2,8,8,1', 'tanh', '0.03', '4294967296'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('x'.repeat(MAX_FIELD + 1), '%', '%zz', '%E0%A4%A', '%00', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'),
);
const hash = fc.oneof(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), hashValue), { maxLength: 12 })
    .map((pairs) => `#${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

test('parseHash: never throws; keeps only checked, bounded values; notices are strings', () => {
  const ids = new Set(CATALOGUE.map((l) => l.id));
  fc.assert(
    fc.property(hash, (h) => {
      let result;
      try {
        result = parseHash(h, CATALOGUE, NETWORK);
      } catch (e) {
        assert.fail(`parseHash threw ${e?.constructor?.name}: ${e?.message} for ${JSON.stringify(h).slice(0, 200)}`);
      }
      const { state, notices } = result;
      assert.ok(Array.isArray(notices) && notices.every((n) => typeof n === 'string' && n.length < 400));
      assert.ok(ids.has(state.loss));
      for (const key of ['pred', 'target', 'negative']) {
        assert.equal(typeof state[key], 'string');
        assert.ok(state[key].length <= MAX_FIELD + 2 * MAX_FIELD / 3, `${key} is ${state[key].length} chars`);
        if (state[key]) parseRows(state[key]); // kept text parses
      }
      assert.ok(Number.isInteger(state.point) && state.point >= 0 && state.point <= 999_999);
      assert.equal(typeof state.embed, 'boolean');
      for (const [k, v] of Object.entries(state.trainer)) {
        assert.ok(hasOwn(trainerKeys(NETWORK), k), `trainer key ${k}`);
        assert.equal(trainerKeys(NETWORK)[k].check(v), v, `${k}=${v} kept but not valid`);
      }
      assert.equal(Object.getPrototypeOf(state.options), Object.prototype);
      const info = CATALOGUE.find((l) => l.id === state.loss);
      const allowed = new Set(fieldsOf(info).map((f) => f.name));
      for (const [k, v] of Object.entries(state.options)) {
        assert.ok(allowed.has(k), `option ${k} kept for ${state.loss}`);
        assert.ok(typeof v === 'string' || typeof v === 'boolean');
        assert.ok(typeof v !== 'string' || v.length <= MAX_FIELD);
      }
      // What was kept writes back and reads back the same.
      const again = parseHash(toHash(state, info), CATALOGUE, NETWORK).state;
      assert.deepEqual(again, state);
    }),
    runs(4000),
  );
});

test('parseHash: prototype names as keys are ignored, not looked up', () => {
  for (const key of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
    const { state, notices } = parseHash(`#${key}=1&loss=mse`, CATALOGUE, NETWORK);
    assert.equal(state.loss, 'mse');
    assert.deepEqual(state.trainer, {});
    assert.ok(notices.some((n) => n.includes(key)), `${key}: ${notices}`);
  }
});

test('checkUrlOption and callOptions: any text for any field gives a value or a problem', () => {
  const fields = CATALOGUE.flatMap((info) => fieldsOf(info).map((f) => [info, f]));
  fc.assert(
    fc.property(fc.constantFrom(...fields), hashValue, ([info, field], text) => {
      const r = checkUrlOption(field, text, MAX_FIELD);
      assert.ok(('value' in r) !== ('problem' in r));
      if ('problem' in r) assert.equal(typeof r.problem, 'string');
      const { options, errors } = callOptions(info, { [field.name]: 'value' in r ? r.value : text });
      assert.equal(typeof options, 'object');
      for (const e of Object.values(errors)) assert.equal(typeof e, 'string');
    }),
    runs(3000),
  );
});
