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
    return { buffer: value, data: null, length: value.length, cols: 0 };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    // (An empty BigInt64Array too: copying one into float memory throws a TypeError.)
    if (isBigIntArray(value)) fail('SHAPE_MISMATCH', `${id}: ${what} must hold numbers, not BigInt`);
    return { buffer: null, data: value, length: value.length, cols: 0 };
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
  return { buffer: null, data: value, length: value.length, cols: 0 };
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
  return { buffer: null, data: out, length: out.length, cols };
}

// ---- ctc: the [T, N, C] input and the label sequences -------------------------------------

/**
 * A sequence loss's input: flat (with the call's `time` and `classes`), rows [T·N][C] (with
 * `time`), a LabBuffer, or nested [T][N][C] arrays, which give T and C themselves.
 * @returns {Flat & { time?: number }}
 */
export function sequenceInput(value, id, heap, call) {
  if (Array.isArray(value) && value.length > 0 && isRow(value[0]) && value[0].length > 0 && isRow(value[0][0])) {
    const steps = value.map((step, t) => {
      if (!Array.isArray(step) || step.length !== value[0].length) {
        fail('SHAPE_MISMATCH', `${id}: input[${t}] must hold ${value[0].length} rows like input[0] ([T][N][C] arrays)`);
      }
      return step;
    });
    const flat = flattenRows(steps.flat(), 'input', id);
    if (call.time && call.time !== value.length) {
      fail('SHAPE_MISMATCH', `${id}: option 'time' = ${call.time} but input has ${value.length} time steps`);
    }
    return { ...flat, time: value.length };
  }
  return flatten(value, 'input', id, heap);
}

const SEQUENCE_KEYS = ['labels', 'inputLengths', 'targetLengths'];

/**
 * ctc's target { labels, inputLengths, targetLengths } as Int32 data: arrays of whole
 * numbers or typed arrays; labels also [N, S] rows (padded). Range checks are the core's.
 * @returns {{ labels: Flat, inputLengths: Flat, targetLengths: Flat }}
 */
export function sequenceTarget(target, id) {
  if (target === null || typeof target !== 'object' || Array.isArray(target) || ArrayBuffer.isView(target) ||
      !SEQUENCE_KEYS.every((k) => k in target)) {
    fail('SHAPE_MISMATCH', `${id}: target must be { labels, inputLengths, targetLengths }; got ${show(target)}`);
  }
  const out = {};
  for (const key of SEQUENCE_KEYS) out[key] = integers(target[key], `target.${key}`, id, key === 'labels');
  return out;
}

function integers(value, what, id, rowsAllowed) {
  let data = value;
  if (rowsAllowed && Array.isArray(value) && value.length > 0 && isRow(value[0])) {
    const cols = value[0].length;
    value.forEach((row, r) => {
      if (!isRow(row) || row.length !== cols) {
        fail('SHAPE_MISMATCH', `${id}: ${what}[${r}] must be a row of ${cols} labels like ${what}[0] (padded [N, S])`);
      }
    });
    data = value.flatMap((row) => Array.from(row));
  } else if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    fail('SHAPE_MISMATCH', `${id}: ${what} must be an array of whole numbers or an Int32Array; got ${show(value)}`);
  }
  if (isBigIntArray(data)) fail('SHAPE_MISMATCH', `${id}: ${what} must hold numbers, not BigInt`);
  if (data instanceof Int32Array) return { data, length: data.length, cols: 0 };
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
      fail(what === 'target.labels' ? 'BAD_LABEL' : 'SHAPE_MISMATCH', `${id}: ${what}[${i}] = ${show(v)} is not a whole number`);
    }
  }
  return { data, length: data.length, cols: 0 };
}
