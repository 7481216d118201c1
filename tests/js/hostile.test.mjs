// The JS boundary under hostile input (fast-check property tests, through the packed package):
// whatever lab.loss, lab.buffer, lab.network (and a network's methods) and lab.dataset are
// given, they either work or throw a LossLabError with a contract code and a message that names
// the argument — never a TypeError, RangeError, RuntimeError, Aborted(), a thrown number or a
// hang — and the module computes exactly as before afterwards.
//
// Fixed seeds (FC_SEED overrides) keep failures reproducible; FC_RUNS scales the run count.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import createLossLab, { LossLabError } from 'losslab';

const CODES = ['UNKNOWN_LOSS', 'SHAPE_MISMATCH', 'EMPTY_INPUT', 'NOT_FINITE', 'OUT_OF_DOMAIN', 'BAD_LABEL', 'BAD_OPTION'];
const SEED = Number(process.env.FC_SEED ?? 20240611);
const RUNS = Number(process.env.FC_RUNS ?? 1);
const runs = (n) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * RUNS)), endOnFailure: true });

const lab = await createLossLab();
const other = await createLossLab({ simd: false }); // a second module: its buffers are not ours
const ids = lab.losses.map((l) => l.id);
const optionNames = [...new Set(lab.losses.flatMap((l) => l.optionSpecs.map((o) => o.name)))];

// ---------------------------------------------------------------------------- checking

/**
 * Runs `fn`; a throw must be a LossLabError with a contract code whose message matches
 * `names` (the argument it is about). Returns { value } or { error }.
 */
function attempt(fn, names) {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof LossLabError)) {
      const kind = e === null || typeof e !== 'object' ? `a thrown ${typeof e} (${String(e)})` : `${e.constructor?.name}: ${e.message}`;
      throw new Error(`not a LossLabError: ${kind}`);
    }
    assert.equal(e.name, 'LossLabError');
    assert.ok(CODES.includes(e.code), `code ${e.code} is not a contract code (${e.message})`);
    assert.equal(typeof e.message, 'string');
    assert.match(e.message, names, `message does not name the argument: ${e.message}`);
    return { error: e };
  }
}

// What every message about lab.loss names: the loss or id, and the argument or option.
const LOSS_NAMES = /unknown loss|input|target|option|options|gradInto|classes|dim|expr|buffer/;

/** A few exact calls; their results must not change however badly the module was treated. */
function reference() {
  const out = [];
  out.push(lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]));
  out.push(lab.loss('cross_entropy', [[0.1, 2, -1], [3, 0.5, 0]], [1, 0], { reduction: 'none' }));
  out.push(lab.loss('huber', Float32Array.of(0, 3, -2), [1, 1, 1], { delta: 0.5 }));
  out.push(lab.loss('custom', [1, 2, 3], [0, 0, 5], { expr: 'abs(x - y)^1.5' }));
  out.push(lab.loss('triplet_margin', [[0, 1], [1, 0]], { positive: [[0, 0.9], [1, 0.1]], negative: [[1, 1], [0, 0]] }));
  return JSON.stringify(out, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
}
const REFERENCE = reference();
const baseline = lab.memory().inUseBytes;
after(() => {
  // Still correct, and nothing the properties left behind is still allocated.
  assert.equal(reference(), REFERENCE);
});

// ---------------------------------------------------------------------------- values

const hostile = fc.anything({
  withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true,
  withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withDate: true,
  maxDepth: 2, maxKeys: 4,
});
const number = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2, 3, -100, 5e-324, 1.4e-45, 3.4e38, -1e39, 1e300, 2 ** 31, 2 ** 53 + 2),
  fc.integer({ min: -3, max: 10 }),
);
const flat = fc.array(number, { maxLength: 24 });
const rows = fc.array(fc.array(number, { maxLength: 5 }), { maxLength: 6 });
const typed = fc.oneof(
  flat.map((a) => Float32Array.from(a)),
  flat.map((a) => Float64Array.from(a)),
  fc.int32Array({ maxLength: 12 }),
  fc.uint8Array({ maxLength: 12 }),
  fc.constantFrom(new BigInt64Array(3), new BigInt64Array(0), new BigUint64Array(2), new DataView(new ArrayBuffer(8)), new ArrayBuffer(8)),
);
// LabBuffers are made inside each run (and freed after): tokens stand for them here.
const bufferToken = fc.record({
  buffer: fc.constantFrom('live', 'freed', 'other-module'),
  length: fc.integer({ min: 1, max: 24 }),
});
const data = fc.oneof(flat, rows, typed, bufferToken, hostile, fc.string({ maxLength: 8 }));

/** Replaces buffer tokens (anywhere one level down) with real LabBuffers; returns a cleanup. */
function materialise(value, made) {
  const make = (t) => {
    const owner = t.buffer === 'other-module' ? other : lab;
    const b = owner.buffer(Float32Array.from({ length: t.length }, (_, i) => (i % 5) * 0.25));
    made.push(b);
    if (t.buffer === 'freed') b.free();
    return b;
  };
  const isToken = (v) => v !== null && typeof v === 'object' && typeof v.buffer === 'string' && typeof v.length === 'number' && Object.keys(v).length === 2;
  if (isToken(value)) return make(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) && Object.getPrototypeOf(value) === Object.prototype) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = isToken(v) ? make(v) : v;
    return out;
  }
  return value;
}

const optionValue = fc.oneof(
  number, flat, typed, bufferToken, hostile, fc.boolean(),
  fc.constantFrom('mean', 'sum', 'none', 'x', '(x - y)^2', 'abs(x - y)^1.5', 'sqrt(x) + log(y)', '', '((((', ')', 'eval("1")', 'x'.repeat(1200), '\u{1F600}', '\uD800'),
);
const optionKey = fc.constantFrom(...optionNames, 'reduction', 'grad', 'gradInto', 'classes', 'dim', 'expr', 'bogus', '__proto__', 'constructor', 'toString', 'valueOf');
const options = fc.oneof(fc.dictionary(optionKey, optionValue, { maxKeys: 4 }), hostile, fc.constant(undefined));
const lossId = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids), hostile, fc.string({ maxLength: 12 }));
// Triplet targets: { positive, negative } of any data.
const target = fc.oneof(data, fc.record({ positive: data, negative: data }, { requiredKeys: [] }));

// ---------------------------------------------------------------------------- lab.loss

test('lab.loss: any id, input, target and options work or throw a named LossLabError', () => {
  fc.assert(
    fc.property(lossId, data, target, options, (id, input, tgt, opts) => {
      const made = [];
      try {
        const r = attempt(() => lab.loss(id, materialise(input, made), materialise(tgt, made), materialise(opts, made)), LOSS_NAMES);
        if (r.value) {
          const { value, grad } = r.value;
          assert.ok(typeof value === 'number' || value instanceof Float32Array);
          assert.ok(grad === null || grad instanceof Float32Array || typeof grad === 'object');
        }
      } finally {
        for (const b of made) b.free();
      }
    }),
    runs(4000),
  );
  assert.equal(reference(), REFERENCE);
});

test('lab.loss: well-shaped calls with hostile numbers and options', () => {
  // Shapes right, so the values and options reach the core's checks and kernels.
  const arb = fc.record({
    id: fc.constantFrom(...ids),
    rows: fc.integer({ min: 1, max: 5 }),
    cols: fc.integer({ min: 1, max: 4 }),
    values: fc.array(number, { minLength: 60, maxLength: 60 }),
    labels: fc.array(fc.integer({ min: -2, max: 5 }), { minLength: 20, maxLength: 20 }),
    opts: fc.dictionary(fc.constantFrom(...optionNames, 'reduction'), fc.oneof(number, fc.boolean(), fc.constantFrom('mean', 'sum', 'none'), flat), { maxKeys: 3 }),
  });
  fc.assert(
    fc.property(arb, ({ id, rows: n, cols, values, labels, opts }) => {
      const info = lab.losses.find((l) => l.id === id);
      const x = Array.from({ length: n }, (_, r) => values.slice(r * cols, r * cols + cols));
      // ctc: the rows are one sequence of n steps; lengths and labels from the hostile labels
      const t = info.layout === 'triplet'
        ? { positive: x.map((r) => r.map((v) => v / 2)), negative: x.map((r) => r.map((v) => -v)) }
        : info.layout === 'sequence' ? { labels: labels.slice(2, 2 + Math.max(0, labels[1])), inputLengths: [labels[0]], targetLengths: [labels[1]] }
          : info.layout === 'rows' ? labels.slice(0, n) : x.flat().map((v, i) => labels[i % labels.length]);
      const extra = info.family === 'custom' ? { expr: 'abs(x - y)^1.5' } : info.layout === 'sequence' ? { time: n } : {};
      const input = info.layout === 'elementwise' ? x.flat() : x;
      const r = attempt(() => lab.loss(id, input, t, { ...opts, ...extra }), LOSS_NAMES);
      if (r.value && typeof r.value.value === 'number' && !Number.isNaN(r.value.value)) {
        assert.ok(r.value.grad === null || typeof r.value.grad === 'object');
      }
    }),
    runs(3000),
  );
  assert.equal(reference(), REFERENCE);
});

test('lab.loss: a LabBuffer of another LossLab instance is refused, never read or written', () => {
  const mine = lab.buffer([1, 2, 3]);
  const theirs = other.buffer([1, 2, 3]);
  try {
    for (const call of [
      () => lab.loss('mse', theirs, mine),
      () => lab.loss('mse', mine, theirs),
      () => lab.loss('mse', mine, [1, 2, 3], { gradInto: theirs }),
    ]) {
      const { error } = attempt(call, /another LossLab|input|target|gradInto/);
      assert.ok(error, 'a foreign buffer was accepted');
      assert.equal(error.code, 'BAD_OPTION');
    }
  } finally {
    mine.free();
    theirs.free();
  }
});

test('lab.loss: BigInt typed arrays and freed buffers name the argument', () => {
  for (const input of [new BigInt64Array(0), new BigInt64Array(2), new BigUint64Array(1)]) {
    const { error } = attempt(() => lab.loss('mse', input, [1, 2]), /input/);
    assert.ok(error);
  }
  const b = lab.buffer(2);
  b.free();
  const { error } = attempt(() => lab.loss('mse', b, [1, 2]), /input/);
  assert.ok(error);
  assert.equal(reference(), REFERENCE);
});

// ---------------------------------------------------------------------------- lab.buffer

test('lab.buffer: any length or data works or throws a named LossLabError', () => {
  const arg = fc.oneof(number, flat, typed, hostile, fc.array(fc.oneof(number, hostile), { maxLength: 6 }), fc.constantFrom(2 ** 40, 2 ** 28 + 1, -1, 1.5, 0));
  const made = [];
  fc.assert(
    fc.property(arg, fc.oneof(flat, typed, hostile), fc.oneof(fc.integer({ min: -2, max: 30 }), hostile), (a, setData, offset) => {
      const r = attempt(() => lab.buffer(a), /buffer/);
      if (!r.value) return;
      const b = r.value;
      made.push(b);
      assert.ok(b.length >= 1);
      assert.equal(b.view().length, b.length);
      attempt(() => b.set(setData, offset), /buffer\.set/);
      b.free();
      b.free(); // twice is fine
      attempt(() => b.view(), /freed/);
    }),
    runs(2000),
  );
  for (const b of made) b.free();
  assert.equal(reference(), REFERENCE);
});

// ---------------------------------------------------------------------------- networks

const NETWORK_NAMES = /network|layers|activation|loss|lossOptions|optimizer|learningRate|batchSize|l1|l2|seed|epochs|weights|centroids|format|version|JSON|settings|x\b|x\[|y\b|y\[|predictGrid|into|width|height|x0|x1|y0|y1|dataset|option/;
const settingValue = fc.oneof(
  number, hostile, fc.boolean(), fc.string({ maxLength: 10 }),
  fc.constantFrom('tanh', 'relu', 'sigmoid', 'linear', 'sgd', 'momentum', 'adam', 'mse', 'bce_with_logits', 'cross_entropy', 'triplet_margin', 'custom', 'mbe', 'losslab.network'),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 20 }), number), { maxLength: 9 }),
  fc.dictionary(fc.constantFrom(...optionNames, 'expr', 'reduction', 'bogus'), fc.oneof(number, flat, fc.boolean(), fc.constantFrom('(x - y)^2', 'mean', 'x^')), { maxKeys: 3 }),
);
const settingKey = fc.constantFrom('layers', 'activation', 'loss', 'lossOptions', 'optimizer', 'learningRate', 'batchSize', 'l1', 'l2', 'seed', 'epochs', 'weights', 'centroids', 'format', 'version', 'bogus');
const settings = fc.oneof(
  fc.dictionary(settingKey, settingValue, { maxKeys: 6 }),
  fc.record({ layers: fc.constantFrom([2, 4, 1], [2, 3, 3], [1, 2, 2], [2, 8, 8, 1]), loss: fc.constantFrom(...ids), learningRate: fc.oneof(number, fc.constant(0.05)), batchSize: fc.oneof(fc.integer({ min: -1, max: 12 }), number) }, { requiredKeys: ['layers', 'loss'] }),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  hostile,
);

/** fit, predict, evaluate and predictGrid with these arguments (buffers made go to `made`). */
function everyMethod(net, x, y, fitOpts, grid, into, made) {
  const xs = materialise(x, made);
  const ys = materialise(y, made);
  attempt(() => net.fit(xs, ys, fitOpts), NETWORK_NAMES);
  attempt(() => net.predict(xs), NETWORK_NAMES);
  attempt(() => net.evaluate(xs, ys), NETWORK_NAMES);
  attempt(() => net.predictGrid(grid, materialise(into, made)), NETWORK_NAMES);
}

test('lab.network and its methods: any settings and data work or throw a named LossLabError', () => {
  const gridOptions = fc.oneof(
    fc.record({ width: fc.oneof(fc.integer({ min: -1, max: 6 }), number, hostile), height: fc.oneof(fc.integer({ min: 1, max: 6 }), hostile), x0: fc.oneof(number, hostile), x1: number, y0: number, y1: number }, { requiredKeys: [] }),
    hostile, fc.constant(undefined),
  );
  const fitOptions = fc.oneof(fc.record({ epochs: fc.oneof(fc.integer({ min: -1, max: 3 }), hostile, number.filter((v) => !(v > 3))) }, { requiredKeys: [] }), hostile, fc.constant(undefined));
  fc.assert(
    fc.property(settings, data, data, fitOptions, gridOptions, fc.oneof(bufferToken, hostile, fc.constant(null)), (s, x, y, fitOpts, grid, into) => {
      const made = [];
      const r = attempt(() => lab.network(s), NETWORK_NAMES);
      if (!r.value) return;
      const net = r.value;
      try {
        everyMethod(net, x, y, fitOpts, grid, into, made);
        const saved = attempt(() => net.toJSON(), NETWORK_NAMES);
        if (saved.value) {
          const again = attempt(() => lab.network(saved.value), NETWORK_NAMES);
          assert.ok(again.value, 'a saved network does not load');
          again.value.dispose();
        }
        attempt(() => net.reset(), NETWORK_NAMES);
      } finally {
        net.dispose();
        for (const b of made) b.free();
      }
      attempt(() => net.predict([1, 2]), /disposed/);
    }),
    runs(1500),
  );
  assert.equal(reference(), REFERENCE);
});

test('a working network: hostile arguments to every method work or throw a named LossLabError', () => {
  // Networks that exist (settings valid), so every method is reached with hostile arguments.
  const OUT = { mse: 2, huber: 1, bce_with_logits: 1, hinge: 1, cross_entropy: 3, nll: 3, triplet_margin: 2 };
  const valid = fc.record({
    inputs: fc.integer({ min: 1, max: 3 }),
    hidden: fc.integer({ min: 1, max: 6 }),
    loss: fc.constantFrom(...Object.keys(OUT)),
    seed: fc.integer({ min: 0, max: 9 }),
  }).map(({ inputs, hidden, loss, seed }) => ({ layers: [inputs, hidden, OUT[loss]], loss, seed }));
  const small = fc.oneof(flat, rows, typed, bufferToken, fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 12 }));
  const methodArgs = fc.oneof(hostile, fc.constant(null), fc.constant(undefined), fc.record({ epochs: fc.oneof(fc.integer({ min: -1, max: 3 }), hostile) }, { requiredKeys: [] }));
  const grid = fc.oneof(hostile, fc.constant(null), fc.record({ width: fc.oneof(fc.integer({ min: 0, max: 5 }), hostile), height: fc.integer({ min: 1, max: 5 }), x0: number, y1: number }, { requiredKeys: [] }));
  fc.assert(
    fc.property(valid, small, small, methodArgs, grid, fc.oneof(bufferToken, hostile, fc.constant(null)), (s, x, y, fitOpts, g, into) => {
      const made = [];
      const net = lab.network(s);
      try {
        everyMethod(net, x, y, fitOpts, g, into, made);
        // Unless training diverged (NOT_FINITE until reset), the network still predicts like
        // one made from its saved JSON.
        const probe = [0.5, -0.5, 1, 2, -3, 0.25].slice(0, 2 * net.info.inputSize);
        const mine = attempt(() => net.predict(probe), NETWORK_NAMES);
        if (mine.error) assert.equal(mine.error.code, 'NOT_FINITE');
        else {
          const copy = lab.network(net.toJSON());
          assert.deepEqual([...copy.predict(probe)], [...mine.value]);
          copy.dispose();
        }
      } finally {
        net.dispose();
        for (const b of made) b.free();
      }
    }),
    runs(1500),
  );
  // Settings that serialise to nothing (a toJSON returning undefined) are settings errors too.
  attempt(() => lab.network({ toJSON: () => undefined }), NETWORK_NAMES);
  assert.equal(reference(), REFERENCE);
});

test('a network never reads or writes a LabBuffer of another LossLab instance', () => {
  const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits' });
  const before = JSON.stringify(net.toJSON());
  const theirs = other.buffer(Float32Array.of(1, 2, 3, 4));
  const grid = other.buffer(100 * 100);
  try {
    for (const call of [() => net.predict(theirs), () => net.fit(theirs, [1, 0]), () => net.evaluate([1, 2], theirs), () => net.predictGrid({}, grid)]) {
      const { error } = attempt(call, NETWORK_NAMES);
      assert.ok(error, 'a foreign buffer was accepted');
    }
    assert.equal(JSON.stringify(net.toJSON()), before, 'the network changed');
    assert.equal(net.predict([0.5, 0.5]).length, 1);
  } finally {
    theirs.free();
    grid.free();
    net.dispose();
  }
  assert.equal(reference(), REFERENCE);
});

test('lab.dataset: any name and options work or throw a named LossLabError', () => {
  const names = lab.datasets?.map((d) => d.id) ?? ['circle'];
  const opts = fc.oneof(
    fc.dictionary(fc.constantFrom('n', 'noise', 'seed', 'classes', 'bogus', '__proto__'), fc.oneof(number, hostile, fc.integer({ min: -1, max: 300 })), { maxKeys: 4 }),
    hostile, fc.constant(undefined),
  );
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...names), hostile, fc.string({ maxLength: 10 })), opts, (id, o) => {
      const r = attempt(() => lab.dataset(id, o), /dataset/);
      if (!r.value) return;
      const d = r.value;
      assert.equal(d.x.length, (d.y.length) * d.dims);
      assert.ok(d.x.every(Number.isFinite) && Array.from(d.y).every(Number.isFinite));
    }),
    runs(1500),
  );
  assert.equal(reference(), REFERENCE);
});

test('after every property: memory is back where it started', () => {
  // Scratch space and the expression cache are sized by the largest call so far, so they can
  // only have grown; everything each call allocated for itself has been freed.
  assert.equal(reference(), REFERENCE);
  const now = lab.memory().inUseBytes;
  assert.ok(now - baseline < 4 << 20, `in use grew by ${now - baseline} bytes`);
});
