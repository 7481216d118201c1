// LossLabError: the one error type LossLab throws. `code` is one of the contract's codes.

export class LossLabError extends Error {
  /**
   * @param {string} code  UNKNOWN_LOSS | SHAPE_MISMATCH | EMPTY_INPUT | NOT_FINITE |
   *                       OUT_OF_DOMAIN | BAD_LABEL | BAD_OPTION | INTERNAL
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'LossLabError';
    this.code = code;
  }
}

/** Throws a LossLabError. */
export function fail(code, message) {
  throw new LossLabError(code, message);
}

/** A value as a message shows it: numbers plainly, strings quoted, the rest by type. */
export function show(value) {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
