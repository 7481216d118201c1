// Wasm memory from JS: heap views that survive memory growth, a reusable scratch arena
// for the convenience path, and LabBuffer for the zero-copy path.
import { fail, show } from './errors.js';

const MAX_FLOATS = 2 ** 28; // 1 GiB of float32: beyond that, say so instead of failing in malloc
const MAX_BYTES = 2 ** 31 - 1; // the module's MAXIMUM_MEMORY is 2 GiB
const SCRATCH_KEEP = 2 ** 20; // floats of scratch kept between calls

/** Heap views, re-read after anything that may grow memory (never cached across calls). */
export class Heap {
  constructor(module) {
    this.module = module;
  }
  get f32() {
    return this.module.HEAPF32;
  }
  get f64() {
    return this.module.HEAPF64;
  }
  /** Int32 view (ctc's labels and lengths). */
  get i32() {
    return this.module.HEAP32 ?? new Int32Array(this.module.HEAPF32.buffer);
  }
  get bytes() {
    return this.module.HEAP8.length;
  }
  malloc(bytes) {
    // _malloc takes a wasm32 size: anything from 2 GiB on would wrap around to a small block
    // that the copy after it then overruns.
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_BYTES) {
      fail('BAD_OPTION', `out of memory: could not allocate ${bytes} bytes (wasm memory holds at most ${MAX_BYTES})`);
    }
    const ptr = this.module._malloc(bytes);
    if (!ptr) fail('BAD_OPTION', `out of memory: could not allocate ${bytes} bytes`);
    return ptr;
  }
  free(ptr) {
    if (ptr) this.module._free(ptr);
  }
}

/**
 * One growable malloc'd block, carved into float slices per call. After the first call of
 * a given size, calls allocate nothing.
 */
export class Scratch {
  constructor(heap) {
    this.heap = heap;
    this.ptr = 0;
    this.capacity = 0; // floats
    this.used = 0;
  }
  /** Makes room for `floats` floats in total for this call; resets the carving point. */
  reserve(floats) {
    this.used = 0;
    if (floats <= this.capacity) return;
    this.heap.free(this.ptr);
    this.ptr = 0;
    this.capacity = 0;
    const want = Math.max(floats, 1024);
    this.ptr = this.heap.malloc(want * 4);
    this.capacity = want;
  }
  /**
   * Gives a large block back after the call that needed it (above 1M floats, 4 MiB): one
   * 16M-element call must not keep 192 MiB in use for good. Small blocks stay for reuse.
   */
  trim() {
    if (this.capacity <= SCRATCH_KEEP) return;
    this.heap.free(this.ptr);
    this.ptr = 0;
    this.capacity = 0;
    this.used = 0;
  }
  /** A slice of `floats` floats: returns its byte address. */
  take(floats) {
    const at = this.ptr + this.used * 4;
    this.used += floats;
    return at;
  }
}

export function checkLength(length, what) {
  if (!Number.isInteger(length) || length < 1 || length > MAX_FLOATS) {
    fail('BAD_OPTION', `${what} = ${show(length)} must be a whole number from 1 to ${MAX_FLOATS}`);
  }
}

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ heap, ptr }) => heap.free(ptr))
    : null;

/** Floats living in wasm memory, accepted wherever LossLab takes an array. */
export class LabBuffer {
  #heap;
  #ptr;
  #length;
  constructor(heap, length) {
    this.#heap = heap;
    this.#length = length;
    this.#ptr = heap.malloc(length * 4);
    heap.f32.fill(0, this.#ptr >> 2, (this.#ptr >> 2) + length);
    registry?.register(this, { heap, ptr: this.#ptr }, this);
  }
  get length() {
    return this.#length;
  }
  get freed() {
    return this.#ptr === 0;
  }
  /** The byte address in wasm memory (for LossLab's own calls). */
  get pointer() {
    if (!this.#ptr) fail('BAD_OPTION', 'this LabBuffer has been freed');
    return this.#ptr;
  }
  /** A Float32Array over the buffer; valid until memory next grows — call again then. */
  view() {
    const start = this.pointer >> 2;
    return this.#heap.f32.subarray(start, start + this.#length);
  }
  /** True when this buffer lives in `heap` (the lab that made it). */
  belongsTo(heap) {
    return this.#heap === heap;
  }
  /** Copies `data` in (one typed-array copy), starting at element `offset`. */
  set(data, offset = 0) {
    const view = this.view();
    if (!Number.isInteger(offset) || offset < 0) fail('BAD_OPTION', `buffer.set: offset = ${show(offset)} must be a whole number ≥ 0`);
    const isTyped = ArrayBuffer.isView(data) && !(data instanceof DataView);
    if (!isTyped && !Array.isArray(data)) {
      fail('SHAPE_MISMATCH', `buffer.set: data must be an array of numbers or a typed array; got ${show(data)}`);
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      fail('SHAPE_MISMATCH', 'buffer.set: data must hold numbers, not BigInt');
    }
    if (offset + data.length > this.#length) {
      fail('SHAPE_MISMATCH', `buffer.set: ${show(data)} does not fit a buffer of ${this.#length} from offset ${offset}`);
    }
    if (!isTyped) {
      const i = data.findIndex((v) => typeof v !== 'number');
      if (i >= 0) fail('NOT_FINITE', `buffer.set: data[${i}] = ${show(data[i])} is not a number`);
    }
    view.set(data, offset);
    return this;
  }
  /** Releases the memory; the buffer is unusable afterwards. Safe to call twice. */
  free() {
    if (!this.#ptr) return;
    registry?.unregister(this);
    this.#heap.free(this.#ptr);
    this.#ptr = 0;
  }
}
