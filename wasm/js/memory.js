// Wasm memory from JS: heap views that survive memory growth, a reusable scratch arena
// for the convenience path, and LabBuffer for the zero-copy path.
import { fail, show } from './errors.js';

const MAX_FLOATS = 2 ** 28; // 1 GiB of float32: beyond that, say so instead of failing in malloc
const MAX_BYTES = 2 ** 31 - 1; // the module's MAXIMUM_MEMORY is 2 GiB
const SCRATCH_KEEP = 2 ** 20; // floats of scratch kept between calls
// Every block and scratch slice starts on a 64-byte line. The allocator aligns to 8 bytes
// only, and a 16-byte vector load or store at 8 mod 16 crosses a cache line every fourth
// time: 12% slower for mse's value + gradient at 64k and 1M (measured in Node 20).
const ALIGN_BYTES = 64;
const ALIGN_FLOATS = ALIGN_BYTES / 4;
// Scratch floats beyond a call's total, for the slices' alignment (16 slices' worth; a call
// takes fewer, and a slice that would not fit aligned is placed unaligned).
const SCRATCH_SLACK = 16 * ALIGN_FLOATS;

/** Heap views, re-read after anything that may grow memory (never cached across calls). */
export class Heap {
  #raw = new Map(); // malloc's address of each block, by the aligned address handed out
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
  /** `bytes` of wasm memory starting on a 64-byte line (freed with `free`). */
  malloc(bytes) {
    // The module takes a wasm32 size: anything from 2 GiB on would wrap around to a small
    // block that the copy after it then overruns.
    if (!Number.isInteger(bytes) || bytes < 0 || bytes + ALIGN_BYTES > MAX_BYTES) {
      fail('BAD_OPTION', `out of memory: could not allocate ${bytes} bytes (wasm memory holds at most ${MAX_BYTES})`);
    }
    // Over-allocated and rounded up here rather than by the allocator's aligned_alloc, whose
    // alignment fragments stay counted as in use after every block is freed (so inUseBytes
    // would no longer come back to its baseline).
    const raw = this.module._malloc(bytes + ALIGN_BYTES);
    if (!raw) fail('BAD_OPTION', `out of memory: could not allocate ${bytes} bytes`);
    const ptr = Math.ceil(raw / ALIGN_BYTES) * ALIGN_BYTES;
    this.#raw.set(ptr, raw);
    return ptr;
  }
  free(ptr) {
    if (!ptr) return;
    this.module._free(this.#raw.get(ptr));
    this.#raw.delete(ptr);
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
    const want = Math.max(floats + SCRATCH_SLACK, 1024);
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
  /** A slice of `floats` floats, on a 64-byte line when there is room: returns its byte address. */
  take(floats) {
    const aligned = Math.ceil(this.used / ALIGN_FLOATS) * ALIGN_FLOATS;
    const start = aligned + floats <= this.capacity ? aligned : this.used;
    this.used = start + floats;
    return this.ptr + start * 4;
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
