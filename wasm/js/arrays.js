// Turning what users pass (number[], rows, typed arrays, LabBuffer) into flat float data.
import { fail, show } from './errors.js';
import { LabBuffer } from './memory.js';

/**
 * @typedef {{ buffer?: LabBuffer, data?: ArrayLike<number>, length: number, cols: number }} Flat
 */

const isRow = (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

const isBigIntArray = (v) => v instanceof BigInt64Array || v instanceof BigUint64Array;

/**
 * Flattens `value` (the argument called `what` of loss `id`) without copying where it can.
 * Nested rows give `cols`; ragged rows and non-numbers are errors naming the index.
 * `heap`, when given, is the lab's own: a LabBuffer must live there (a buffer of another
 * LossLab instance holds an address in someone else's memory).
 * @returns {Flat}
 */
export function flatten(value, what, id, heap = null) {
  if (value instanceof LabBuffer) {
    if (value.freed) fail('BAD_OPTION', `${id}: ${what} is a LabBuffer that has been freed`);
    if (heap && !value.belongsTo(heap)) {
      fail('BAD_OPTION', `${id}: ${what} is a LabBuffer of another LossLab instance; make it with this lab's buffer()`);
    }
    return { buffer: value, length: value.length, cols: 0 };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    // (An empty BigInt64Array too: copying one into float memory throws a TypeError.)
    if (isBigIntArray(value)) fail('SHAPE_MISMATCH', `${id}: ${what} must hold numbers, not BigInt`);
    return { data: value, length: value.length, cols: 0 };
  }
  if (!Array.isArray(value)) {
    fail(
      value === undefined || value === null ? 'EMPTY_INPUT' : 'SHAPE_MISMATCH',
      `${id}: ${what} must be an array of numbers, an array of rows, a Float32Array or a LabBuffer; got ${show(value)}`,
    );
  }
  if (value.length > 0 && isRow(value[0])) return flattenRows(value, what, id);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') {
      fail('NOT_FINITE', `${id}: ${what}[${i}] = ${show(value[i])} is not a number`);
    }
  }
  return { data: value, length: value.length, cols: 0 };
}

function flattenRows(rows, what, id) {
  const cols = rows[0].length;
  if (cols === 0) fail('EMPTY_INPUT', `${id}: ${what}[0] is an empty row`);
  const out = new Float32Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!isRow(row)) fail('SHAPE_MISMATCH', `${id}: ${what}[${r}] = ${show(row)} is not a row like ${what}[0]`);
    if (row.length !== cols) {
      fail('SHAPE_MISMATCH', `${id}: ${what}[${r}] has ${row.length} values but ${what}[0] has ${cols} (ragged rows)`);
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      if (typeof v !== 'number') fail('NOT_FINITE', `${id}: ${what}[${r}][${c}] = ${show(v)} is not a number`);
      out[r * cols + c] = v;
    }
  }
  return { data: out, length: out.length, cols };
}
