// lab.loss(): options checked against the catalogue, data moved into wasm memory with one
// typed-array copy (or none, for LabBuffers), results copied out, statuses turned into errors.
import { LossLabError, fail, show } from './errors.js';
import { flatten, sequenceInput, sequenceTarget } from './arrays.js';
import { LabBuffer } from './memory.js';

const REDUCTIONS = { mean: 0, sum: 1, none: 2 };
// Options every loss takes, handled here rather than by the catalogue.
const CALL_OPTIONS = new Set(['reduction', 'grad', 'gradInto', 'classes', 'dim']);
const EXPRESSION_CACHE = 64;
// What a call without options shares (no allocation).
const NO_OPTIONS = Object.freeze({});

// A call's cost beside the kernel is what this file does per call: a 4-element call takes
// about a microsecond, so the path below allocates nothing it can avoid (no closures, no
// arrays of parts) and calls the module's C export directly (an Embind call costs more).

/** The floats a Flat adds to the scratch: none for a LabBuffer or an absent one. */
const copies = (p) => (p === null || p.buffer ? 0 : p.length);

/** Option `key` (classes, dim) as a row width: a whole number from 1 to 2^24. */
function wholeCount(id, key, v) {
  if (!Number.isInteger(v) || v < 1 || v > 2 ** 24) {
    fail('BAD_OPTION', `${id}: option '${key}' = ${show(v)} must be a whole number ≥ 1`);
  }
  return v;
}

export class LossRunner {
  /**
   * @param {object} module  the Emscripten module
   * @param {import('./memory.js').Heap} heap
   * @param {import('./memory.js').Scratch} scratch
   * @param {Array<object>} catalogue  parsed catalogueJson()
   */
  constructor(module, heap, scratch, catalogue) {
    this.module = module;
    this.heap = heap;
    this.scratch = scratch;
    this.layout = JSON.parse(module.wireLayoutJson());
    this.wireAddress = module.wireAddress();
    this.codes = Array.from({ length: 9 }, (_, i) => module.codeName(i));
    // Per loss, what every call needs and no call should rebuild: the option names it takes
    // and the wire values of its options when they are left out.
    this.specs = new Map(
      catalogue.map((spec, index) => {
        const known = new Set([...CALL_OPTIONS, ...spec.options.map((o) => o.name)]);
        if (spec.family === 'custom') known.add('expr');
        if (spec.layout === 'sequence') known.add('time');
        const defaults = spec.options.map((o) => (o.kind === 'vector' ? null : { value: o.kind === 'boolean' ? Number(o.default) : o.default }));
        // One shape for every loss (catalogue entries differ in their optional keys): the
        // per-call code then reads it monomorphically whichever losses a program has called.
        return [spec.id, { id: spec.id, index, family: spec.family, layout: spec.layout, options: spec.options, known, defaults }];
      }),
    );
    this.wire = null; // a Float64Array view of the wire block, made again when memory grows
    this.expressions = new Map(); // text → handle, least recently used first
  }

  /** Throws the module's last error when `code` is not OK. */
  check(code) {
    if (code !== 0) throw new LossLabError(this.codes[code] ?? 'INTERNAL', this.module.lastError());
  }

  /** Throws the module's last error: for calls that answer with a handle or text, whose
   *  failure (0 or "") leaves its code in lastCode(). */
  raise() {
    this.check(this.module.lastCode() || this.codes.indexOf('INTERNAL'));
  }

  spec(id) {
    const spec = typeof id === 'string' ? this.specs.get(id) : undefined;
    if (!spec) {
      fail('UNKNOWN_LOSS', `unknown loss ${show(id)}; known losses: ${[...this.specs.keys()].join(', ')}`);
    }
    return spec;
  }

  run(id, input, target, options = NO_OPTIONS) {
    const spec = this.spec(id);
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      fail('BAD_OPTION', `${id}: options must be an object; got ${show(options)}`);
    }
    const call = this.#callOptions(spec, options);
    const sequence = spec.layout === 'sequence';
    const x = sequence ? sequenceInput(input, id, this.heap, call) : flatten(input, 'input', id, this.heap);
    let cols = call.cols || x.cols;
    let t = null;
    let pos = null;
    let neg = null;
    let other = null;
    let label = null;
    let seq = null; // ctc: { labels, inputLengths, targetLengths }, each an Int32 Flat
    if (sequence) {
      seq = sequenceTarget(target, id);
    } else if (spec.layout === 'pair') {
      ({ other, label } = this.#pairTarget(id, target));
      if (!cols && other.cols) cols = other.cols;
    } else if (spec.layout === 'triplet') {
      if (target === null || typeof target !== 'object' || !('positive' in target) || !('negative' in target)) {
        fail('SHAPE_MISMATCH', `${id}: target must be { positive, negative }; got ${show(target)}`);
      }
      pos = flatten(target.positive, 'target.positive', id, this.heap);
      neg = flatten(target.negative, 'target.negative', id, this.heap);
    } else {
      t = flatten(target, 'target', id, this.heap);
      if (!cols && spec.layout === 'rows' && t.cols) cols = t.cols;
    }
    const vectors = call.lossOptions === 0 ? spec.defaults : this.#optionValues(spec, options);
    const n = x.length;
    const wantGrad = call.grad && !call.gradInto;
    const tripletGrads = call.grad && spec.layout === 'triplet';
    const pairGrad = call.grad && spec.layout === 'pair';
    if (call.gradInto && call.gradInto.length !== n) {
      fail('SHAPE_MISMATCH', `${id}: gradInto has ${call.gradInto.length} floats but input has ${n}`);
    }
    if (call.gradOtherInto && call.gradOtherInto.length !== n) {
      fail('SHAPE_MISMATCH', `${id}: gradInto.other has ${call.gradOtherInto.length} floats but target.other has ${n}`);
    }
    const pairScratch = pairGrad && !call.gradOtherInto; // x2's gradient into a new array

    // One reservation for everything this call copies in or out.
    let copied = copies(x) + copies(t) + copies(pos) + copies(neg) + copies(other) + copies(label);
    if (seq) copied += seq.labels.length + seq.inputLengths.length + seq.targetLengths.length;
    for (let k = 0; k < vectors.length; k++) copied += vectors[k]?.data ? vectors[k].length : 0;
    const outFloats = (call.reduction === 2 ? n : 0) + (wantGrad ? n : 0) + (tripletGrads ? 2 * n : 0) + (pairScratch ? n : 0);
    this.scratch.reserve(copied + outFloats);
    const wire = this.#wireView();
    wire.fill(0);
    const L = this.layout;
    wire[L.input] = this.#place(x);
    wire[L.n] = n;
    wire[L.cols] = cols;
    if (seq) {
      wire[L.labels] = this.#placeInts(seq.labels);
      wire[L.labelsN] = seq.labels.length;
      wire[L.inputLengths] = this.#placeInts(seq.inputLengths);
      wire[L.inputLengthsN] = seq.inputLengths.length;
      wire[L.targetLengths] = this.#placeInts(seq.targetLengths);
      wire[L.targetLengthsN] = seq.targetLengths.length;
      wire[L.time] = call.time || x.time || 0;
    } else if (t) {
      wire[L.target] = this.#place(t);
      wire[L.targetN] = t.length;
    } else if (other) {
      wire[L.other] = this.#place(other);
      wire[L.otherN] = other.length;
      wire[L.label] = this.#place(label);
      wire[L.labelN] = label.length;
    } else {
      wire[L.positive] = this.#place(pos);
      wire[L.positiveN] = pos.length;
      wire[L.negative] = this.#place(neg);
      wire[L.negativeN] = neg.length;
    }
    for (let k = 0; k < vectors.length; k++) {
      const v = vectors[k];
      const slot = L.options + 2 * k;
      if (v === null) continue;
      if (v.data) {
        wire[slot] = this.#place(v);
        wire[slot + 1] = v.length;
      } else {
        wire[slot] = v.value;
      }
    }
    wire[L.reduction] = call.reduction;
    wire[L.expr] = call.expr;
    const valuesAt = call.reduction === 2 ? this.scratch.take(n) : 0;
    const gradAt = call.gradInto ? call.gradInto.pointer : wantGrad ? this.scratch.take(n) : 0;
    const gradPosAt = tripletGrads ? this.scratch.take(n) : 0;
    const gradNegAt = tripletGrads ? this.scratch.take(n) : 0;
    wire[L.values] = valuesAt;
    wire[L.grad] = gradAt;
    wire[L.gradPositive] = gradPosAt;
    wire[L.gradNegative] = gradNegAt;
    const gradOtherAt = call.gradOtherInto ? call.gradOtherInto.pointer : pairScratch ? this.scratch.take(n) : 0;
    wire[L.gradOther] = gradOtherAt;

    try {
      // Read at each call: until its first call, the glue's export is a stub that looks the
      // wasm function up (through Function.apply) and then replaces itself with it.
      this.check(this.module._losslab_loss_compute(spec.index));
      return this.#results(call, spec, n, valuesAt, gradAt, gradPosAt, gradNegAt, gradOtherAt);
    } finally {
      this.scratch.trim();
    }
  }

  /** The wire block as a Float64Array: the same view from call to call until the memory
   *  grows, which detaches it (a detached view has length 0). */
  #wireView() {
    if (this.wire === null || this.wire.length === 0) {
      this.wire = this.heap.f64.subarray(this.wireAddress >> 3, (this.wireAddress >> 3) + this.layout.slots);
    }
    return this.wire;
  }

  /** A Flat's byte address in wasm memory: its LabBuffer's, or a scratch copy's (0: absent). */
  #place(p) {
    if (p === null) return 0;
    if (p.buffer) return p.buffer.pointer;
    const at = this.scratch.take(p.length);
    this.heap.f32.set(p.data, at >> 2);
    return at;
  }

  /** An Int32 Flat (ctc's labels and lengths) copied into the scratch: its byte address. */
  #placeInts(p) {
    const at = this.scratch.take(p.length);
    this.heap.i32.set(p.data, at >> 2);
    return at;
  }

  #results(call, spec, n, valuesAt, gradAt, gradPosAt, gradNegAt, gradOtherAt) {
    const L = this.layout;
    const tripletGrads = call.grad && spec.layout === 'triplet';
    const wantGrad = call.grad && !call.gradInto;
    // Views re-read: the call may have grown the memory.
    const wire = this.#wireView();
    const result = wire[L.result];
    const terms = wire[L.terms];
    const f32 = this.heap.f32;
    const copyOut = (at, len) => f32.slice(at >> 2, (at >> 2) + len);
    const value = call.reduction === 2 ? copyOut(valuesAt, terms) : result;
    let grad = null;
    if (call.gradInto) grad = call.gradInto;
    else if (wantGrad) grad = copyOut(gradAt, n);
    if (tripletGrads) {
      grad = { anchor: grad, positive: copyOut(gradPosAt, n), negative: copyOut(gradNegAt, n) };
    }
    // Pairs: x1's gradient (in gradInto when given) and x2's (in gradInto.other when given,
    // else a new array).
    if (call.grad && spec.layout === 'pair') grad = { input: grad, other: call.gradOtherInto ?? copyOut(gradOtherAt, n) };
    return { value, grad };
  }

  /** A pair loss's target { other, label }, each flattened like the input (arrays, rows,
   *  typed arrays, LabBuffers); errors name target.other / target.label. */
  #pairTarget(id, target) {
    if (target === null || typeof target !== 'object' || ArrayBuffer.isView(target) || Array.isArray(target) ||
        target instanceof LabBuffer || !('other' in target) || !('label' in target)) {
      fail('SHAPE_MISMATCH', `${id}: target must be { other, label } (x2 shaped like the input, one -1 or +1 per pair); got ${show(target)}`);
    }
    const other = flatten(target.other, 'target.other', id, this.heap);
    const label = flatten(target.label, 'target.label', id, this.heap);
    if (label.cols > 1) {
      fail('SHAPE_MISMATCH', `${id}: target.label must be one -1 or +1 per pair (a flat list); got rows of ${label.cols}`);
    }
    return { other, label };
  }

  #callOptions(spec, options) {
    const id = spec.id;
    const known = spec.known;
    let lossOptions = 0; // keys beside the call options: none means every catalogue default
    for (const key of Object.keys(options)) {
      if (!known.has(key)) {
        fail('BAD_OPTION', `${id}: unknown option '${key}'; ${id} takes ${[...known].join(', ')}`);
      }
      if (!CALL_OPTIONS.has(key)) lossOptions++;
    }
    const reductionName = options.reduction ?? 'mean';
    // Only strings are looked up: an object key would be converted (and a null-prototype
    // object cannot be, which threw a TypeError).
    const reduction = typeof reductionName === 'string' && Object.hasOwn(REDUCTIONS, reductionName) ? REDUCTIONS[reductionName] : undefined;
    if (reduction === undefined) {
      fail('BAD_OPTION', `${id}: option 'reduction' = ${show(reductionName)} must be 'mean', 'sum' or 'none'`);
    }
    const grad = options.grad ?? true;
    if (typeof grad !== 'boolean') fail('BAD_OPTION', `${id}: option 'grad' = ${show(grad)} must be true or false`);
    let gradInto = options.gradInto ?? null;
    let gradOtherInto = null;
    // Pairs also take { input, other }: both gradients in place (x1's alone: a LabBuffer).
    const pairBuffers = spec.layout === 'pair' && gradInto !== null && typeof gradInto === 'object' &&
      !(gradInto instanceof LabBuffer) && !ArrayBuffer.isView(gradInto) && !Array.isArray(gradInto);
    if (pairBuffers) {
      gradOtherInto = this.#gradBuffer(id, 'gradInto.other', gradInto.other);
      gradInto = this.#gradBuffer(id, 'gradInto.input', gradInto.input);
    } else if (gradInto !== null) {
      gradInto = this.#gradBuffer(id, 'gradInto', gradInto);
    }
    if (gradInto && spec.layout === 'triplet') {
      fail('BAD_OPTION', `${id}: option 'gradInto' is not supported for triplets (three gradients)`);
    }
    let cols = 0;
    let time = 0;
    if (options.time !== undefined) {
      const v = options.time;
      if (!Number.isInteger(v) || v < 1 || v > 2 ** 24) {
        fail('BAD_OPTION', `${id}: option 'time' = ${show(v)} must be a whole number ≥ 1 (the time steps T of input [T, N, C])`);
      }
      time = v;
    }
    if (options.classes !== undefined) cols = wholeCount(id, 'classes', options.classes);
    if (options.dim !== undefined) cols = wholeCount(id, 'dim', options.dim);
    const expr = spec.family === 'custom' ? this.#expression(id, options.expr) : 0;
    return { reduction, grad: gradInto !== null || grad, gradInto, gradOtherInto, cols, time, expr, lossOptions };
  }

  /** `b` as a gradient buffer (option `what`): a live LabBuffer of this lab. */
  #gradBuffer(id, what, b) {
    const pair = what === 'gradInto' ? '' : ' (a pair loss takes a LabBuffer, or { input, other } of LabBuffers)';
    if (!(b instanceof LabBuffer)) {
      fail('BAD_OPTION', `${id}: option '${what}' must be a LabBuffer from lab.buffer()${pair}; got ${show(b)}`);
    }
    if (b.freed) fail('BAD_OPTION', `${id}: option '${what}' is a LabBuffer that has been freed`);
    if (!b.belongsTo(this.heap)) {
      // Its address is in another module's memory: writing there would corrupt this one.
      fail('BAD_OPTION', `${id}: option '${what}' is a LabBuffer of another LossLab instance; make it with this lab's buffer()`);
    }
    return b;
  }

  /** Each catalogue option as {value} (numbers, flags) or a Flat {data, length} (vectors), null if absent. */
  #optionValues(spec, options) {
    return spec.options.map((o, k) => {
      const v = options[o.name];
      if (v === undefined || v === null) return spec.defaults[k];
      const bad = (what) => fail('BAD_OPTION', `${spec.id}: option '${o.name}' = ${show(v)} must be ${what}`);
      switch (o.kind) {
        case 'boolean':
          if (typeof v !== 'boolean') bad('true or false');
          return { value: Number(v) };
        case 'number':
        case 'integer':
          if (typeof v !== 'number') bad(o.kind === 'integer' ? 'a whole number' : 'a number');
          return { value: v };
        case 'vector': {
          // A vector option is a Flat like the input (data + length), placed by the same code.
          if (typeof v === 'number') return { data: [v], length: 1 };
          if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
            bad('a number or an array of numbers');
          }
          for (let i = 0; i < v.length; i++) {
            if (typeof v[i] !== 'number') {
              fail('BAD_OPTION', `${spec.id}: option '${o.name}'[${i}] = ${show(v[i])} is not a number`);
            }
          }
          if (v.length === 0) bad('non-empty');
          return { data: v, length: v.length };
        }
        default:
          return null;
      }
    });
  }

  #expression(id, text) {
    if (typeof text !== 'string' || text.trim() === '') {
      fail('BAD_OPTION', `${id}: option 'expr' is required, e.g. abs(x - y)^1.5; got ${show(text)}`);
    }
    const cached = this.expressions.get(text);
    if (cached) {
      this.expressions.delete(text);
      this.expressions.set(text, cached); // most recently used last
      return cached;
    }
    const handle = this.module.expressionCompile(text);
    if (!handle) this.raise();
    this.expressions.set(text, handle);
    if (this.expressions.size > EXPRESSION_CACHE) {
      const [oldest, old] = this.expressions.entries().next().value;
      this.expressions.delete(oldest);
      this.module.expressionRelease(old);
    }
    return handle;
  }
}
