// Unit tests for web/src/parse.js and web/src/format.js (pure functions; run: node --test tests/web/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRows, parseNumber, matrix, isRectangular, rowsToText, ParseError, MAX_VALUES } from '../../web/src/parse.js';
import { formatNumber, formatList, formatPercent } from '../../web/src/format.js';

test('numbers separated by commas, spaces, tabs and newlines', () => {
  assert.deepEqual(parseRows('2.5, 5.5, 1.8, 6.5').rows, [[2.5, 5.5, 1.8, 6.5]]);
  assert.deepEqual(parseRows('2.5 5.5\t1.8,6.5').rows, [[2.5, 5.5, 1.8, 6.5]]);
  assert.deepEqual(parseRows('  1,,2 ,\n\n3  ').rows, [[1, 2], [3]]);
  assert.equal(parseRows('1 2\n3').count, 3);
});

test('a block pasted from a spreadsheet keeps its rows', () => {
  const { rows } = parseRows('0.7\t0.2\t0.1\r\n0.1\t0.6\t0.3\r\n');
  assert.deepEqual(rows, [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]);
  assert.ok(isRectangular(rows));
});

test("';' separates rows, as in the URL", () => {
  assert.deepEqual(parseRows('1,2;3,4').rows, [[1, 2], [3, 4]]);
});

test('number syntax: signs, exponents, leading dots, the Unicode minus', () => {
  assert.deepEqual(parseRows('+1 -2 .5 5. 1e3 -2.5E-2 −0.5').rows[0], [1, -2, 0.5, 5, 1000, -0.025, -0.5]);
  assert.equal(parseNumber(' 1.5 '), 1.5);
  assert.equal(parseNumber('−2'), -2);
  for (const bad of ['', 'abc', '0x10', 'Infinity', 'NaN', '1e', '1.2.3', '1_000', '1e999']) {
    assert.equal(parseNumber(bad), null, bad);
  }
});

test('a malformed number is named with its position', () => {
  assert.throws(() => parseRows('2.5, 5.5x, 1.8'), { name: 'ParseError', message: "'5.5x' (item 2) is not a number" });
  assert.throws(() => parseRows('1, 2, 3\n4, five, 6'), { message: "'five' (row 2, item 2) is not a number" });
  try {
    parseRows('1 2 x');
  } catch (e) {
    assert.ok(e instanceof ParseError);
    assert.equal(e.token, 'x');
    assert.equal(e.item, 3);
  }
});

test('hex, Infinity, NaN and overflow are rejected', () => {
  assert.throws(() => parseRows('1, 0x10'), /'0x10' \(item 2\) is not a number/);
  assert.throws(() => parseRows('Infinity'), /is not a number/);
  assert.throws(() => parseRows('1e400'), /'1e400' \(item 1\) is too large/);
});

test('long tokens are shortened in messages', () => {
  assert.throws(() => parseRows('x'.repeat(100)), (e) => e.message.length < 60 && e.message.includes('…'));
});

test('an empty field says so', () => {
  assert.throws(() => parseRows('  \n ', { what: 'targets' }), { message: 'no targets yet: type some numbers' });
});

test('too many values is an error, not a hang', () => {
  assert.throws(() => parseRows('1 '.repeat(MAX_VALUES + 1)), /too many numbers/);
});

test('matrix wants rows of equal length', () => {
  assert.deepEqual(matrix([[1, 2], [3, 4]], 'x'), [[1, 2], [3, 4]]);
  assert.throws(() => matrix([[1, 2], [3]], 'predictions'), /predictions: row 2 has 1 values but row 1 has 2/);
  assert.equal(rowsToText([[1, 2], [3, 4]]), '1, 2\n3, 4');
});

test('formatNumber: 4 significant digits for people', () => {
  const cases = [
    [0.19749999046325684, '0.1975'], [0.425, '0.425'], [0.4250000059604645, '0.425'], [0, '0'], [-0, '0'],
    [1, '1'], [-2.5, '-2.5'], [0.356675, '0.3567'], [0.0321007, '0.0321'], [123.456, '123.5'],
    [12345.6, '12350'], [3.2e-7, '3.2e-7'], [0.0000999, '9.99e-5'], [1234567, '1.235e6'],
    [999999.7, '1e6'], [-4.56e-12, '-4.56e-12'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
  ];
  for (const [v, text] of cases) assert.equal(formatNumber(v), text, String(v));
  for (const [v] of cases) if (Number.isFinite(v) && v !== 0) assert.ok(Math.abs(Number(formatNumber(v)) - v) <= Math.abs(v) * 1e-3);
});

test('formatList and formatPercent', () => {
  assert.equal(formatList(new Float32Array([0.25, -0.25, 0.1])), '0.25, -0.25, 0.1');
  assert.equal(formatPercent(0.49367), '49.4%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(NaN), '—');
});
