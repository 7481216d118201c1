// Text → numbers. Pure: no DOM, no LossLab; unit-tested by tests/web/parse.test.mjs.
//
// Numbers are separated by commas, spaces, tabs or newlines; each line (or each `;`-separated
// part, as in the URL) is a row. A block pasted from a spreadsheet (tabs between cells, one
// row per line) therefore keeps its shape. The Unicode minus (−, as copied from articles) is
// read as '-'.

/** The most values one field may hold; beyond it the page would only get slow. */
export const MAX_VALUES = 100_000;

// Digits after the point only follow a literal '.': `\d+\.?\d*` let both runs share the
// digits, and a long run that failed at its end backtracked quadratically (200,000 digits
// pasted into a box took minutes).
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ROW_BREAK = /\r\n|[\n\r;]/;
const SEPARATORS = /[\s,]+/;

/** A parse problem: `message` is written for people and names the token and its position. */
export class ParseError extends Error {
  constructor(message, { token = null, item = null, row = null } = {}) {
    super(message);
    this.name = 'ParseError';
    this.token = token;
    this.item = item;
    this.row = row;
  }
}

/** Quotes a token for a message, shortening long ones. */
function quote(token) {
  return `'${token.length > 24 ? `${token.slice(0, 24)}…` : token}'`;
}

/**
 * Parses `text` into rows of numbers. Empty lines are skipped.
 * @param {string} text
 * @param {{ what?: string }} [options]  what the field holds, for the empty message
 * @returns {{ rows: number[][], count: number }}
 * @throws {ParseError}
 */
export function parseRows(text, { what = 'values' } = {}) {
  const lines = String(text).replace(/\u2212/g, '-').split(ROW_BREAK);
  const rows = [];
  let item = 0;
  for (const line of lines) {
    const tokens = line.split(SEPARATORS).filter(Boolean);
    if (tokens.length === 0) continue;
    const row = [];
    for (let i = 0; i < tokens.length; i++) {
      item += 1;
      if (item > MAX_VALUES) throw new ParseError(`too many numbers: at most ${MAX_VALUES} per field`);
      const token = tokens[i];
      if (!NUMBER.test(token)) {
        const where = rows.length > 0 || lines.length > 1 ? `row ${rows.length + 1}, item ${i + 1}` : `item ${item}`;
        throw new ParseError(`${quote(token)} (${where}) is not a number`, { token, item, row: rows.length + 1 });
      }
      const value = Number(token);
      if (!Number.isFinite(value)) {
        throw new ParseError(`${quote(token)} (item ${item}) is too large`, { token, item, row: rows.length + 1 });
      }
      row.push(value);
    }
    rows.push(row);
  }
  if (rows.length === 0) throw new ParseError(`no ${what} yet: type some numbers`);
  return { rows, count: item };
}

/** One number written as people write it ('1.5', '-2e-3', '−0.5'), or null. */
export function parseNumber(text) {
  const token = String(text).trim().replace(/\u2212/g, '-');
  if (!NUMBER.test(token)) return null;
  const value = Number(token);
  return Number.isFinite(value) ? value : null;
}

/** All numbers in reading order. */
export function flat(rows) {
  return rows.flat();
}

/** True when every row has the same length (a proper [N, C] block). */
export function isRectangular(rows) {
  return rows.every((r) => r.length === rows[0].length);
}

/**
 * Rows for an [N, C] argument; throws when the lines have different lengths.
 * @param {number[][]} rows
 * @param {string} name  e.g. 'predictions'
 */
export function matrix(rows, name) {
  const bad = rows.findIndex((r) => r.length !== rows[0].length);
  if (bad >= 0) {
    throw new ParseError(
      `${name}: row ${bad + 1} has ${rows[bad].length} values but row 1 has ${rows[0].length}; every row needs the same number`,
      { row: bad + 1 },
    );
  }
  return rows;
}

/** Text for a field from rows: ', ' between numbers, a newline between rows. */
export function rowsToText(rows) {
  return rows.map((r) => r.join(', ')).join('\n');
}
