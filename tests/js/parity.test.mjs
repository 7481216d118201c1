// Correct at the layer people call. Two checks on the packed package, both builds:
//  1. every PyTorch golden case of tests/golden/losses.json (value, 'none' terms, every
//     gradient) through lab.loss, by plain arrays and by LabBuffers with gradInto, with the
//     C++ golden suite's tolerances (tests/native/test_golden.cpp);
//  2. random calls (fast-check) give what the C++ core gives for the same call: the native
//     tool build/native/tests/native/losslab_reference answers the same calls, so any slip
//     in marshalling (an option lost, an offset off, a result read from the wrong place)
//     fails here at once — the bug where list options came back as zero gradients would have.
// The tests run from build/consumer/test/ (scripts/consumer.sh), three levels below the repo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import createLossLab from 'losslab';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// ctc's impossible alignments are written "Infinity" (JSON has none).
const GOLDEN = JSON.parse(readFileSync(`${ROOT}tests/golden/losses.json`, 'utf8'), (k, v) => (v === 'Infinity' ? Infinity : v)).cases;
const REFERENCE = `${ROOT}build/native/tests/native/losslab_reference`;

const REL = 3e-5; // float32 kernels against the float64 reference (as test_golden.cpp)
const ABS_FLOOR = 1e-6; // × max(1, scale)

const close = (got, want, floor, rel = REL) =>
  got === want || Math.abs(got - want) <= floor || Math.abs(got - want) <= rel * Math.abs(want);

/** First mismatch of `got` against `want` as text, or null. */
function mismatch(what, got, want, rel = REL) {
  if (!got || got.length !== want.length) return `${what}: length ${got?.length} ≠ ${want.length}`;
  const floor = ABS_FLOOR * Math.max(1, ...want.filter(Number.isFinite).map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i], want[i], floor, rel)) return `${what}[${i}] = ${got[i]}, want ${want[i]}`;
  }
  return null;
}

/** lab.loss's options for a case: its own options, the reduction and the row width (and
 *  ctc's time steps). */
function callOptions(c) {
  const options = { ...c.options, reduction: c.reduction };
  if (c.cols > 0) options[c.positive || c.other ? 'dim' : 'classes'] = c.cols;
  if (c.time) options.time = c.time;
  return options;
}

/** ctc's target from a case or call ({ labels, input_lengths, target_lengths }): Int32Arrays
 *  one time, plain arrays the other, so both forms are exercised. */
function sequenceTarget(c, typed) {
  const as = (v) => (typed ? Int32Array.from(v) : [...v]);
  return { labels: as(c.labels), inputLengths: as(c.input_lengths), targetLengths: as(c.target_lengths) };
}

/** A case's (or call's) target as lab.loss takes it: ctc's sequences (typed arrays when
 *  `typed`), { positive, negative } for triplets, { other, label } for pairs, else the target
 *  itself; `give` places each float array. */
function targetOf(c, give = (data) => data, typed = false) {
  if (c.labels) return sequenceTarget(c, typed);
  if (c.positive) return { positive: give(c.positive), negative: give(c.negative) };
  if (c.other) return { other: give(c.other), label: give(c.label) };
  return give(c.target);
}

/** Runs golden case `c` by `path` ('arrays' or 'buffers'); returns what differs, or []. */
function runCase(lab, c, path) {
  const problems = [];
  const owned = [];
  const give = (data) => {
    if (path === 'arrays') return data;
    const b = lab.buffer(Float32Array.from(data));
    owned.push(b);
    return b;
  };
  try {
    const input = give(c.input);
    const target = targetOf(c, give, path === 'buffers');
    const options = callOptions(c);
    let gradBuffer = null;
    if (path === 'buffers' && !c.positive) {
      gradBuffer = lab.buffer(c.input.length);
      owned.push(gradBuffer);
      options.gradInto = gradBuffer;
    }
    const { value, grad } = lab.loss(c.id, input, target, options);
    if (c.reduction === 'none') {
      const sum = value.reduce((s, v) => s + v, 0);
      const scale = ABS_FLOOR * Math.max(1, c.scale ?? Math.abs(c.value));
      if (!close(sum, c.value, scale, 1e-4)) problems.push(`sum of 'none' terms ${sum}, want ${c.value}`);
      problems.push(mismatch('values', value, c.values));
    } else if (!close(value, c.value, ABS_FLOOR * Math.max(1, c.scale ?? Math.abs(c.value)))) {
      problems.push(`value ${value}, want ${c.value}`);
    }
    if (c.positive) {
      problems.push(mismatch('grad.anchor', grad.anchor, c.grad));
      problems.push(mismatch('grad.positive', grad.positive, c.grad_positive));
      problems.push(mismatch('grad.negative', grad.negative, c.grad_negative));
    } else if (c.other) {
      // Pairs: grad.input is x1's (the gradInto buffer when given), grad.other x2's.
      if (gradBuffer && grad.input !== gradBuffer) problems.push('grad.input is not the gradInto buffer');
      problems.push(mismatch('grad.input', gradBuffer ? gradBuffer.view() : grad.input, c.grad));
      problems.push(mismatch('grad.other', grad.other, c.grad_other));
    } else {
      if (gradBuffer && grad !== gradBuffer) problems.push('grad is not the gradInto buffer');
      problems.push(mismatch('grad', gradBuffer ? gradBuffer.view() : grad, c.grad));
    }
  } catch (e) {
    problems.push(`threw ${e.code ?? ''} ${e.message}`);
  } finally {
    for (const b of owned) b.free();
  }
  return problems.filter(Boolean);
}

const ids = [...new Set(GOLDEN.map((c) => c.id))];

for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const tag = simd ? 'SIMD' : 'baseline';

  test(`${tag}: the golden file covers every catalogue loss but custom`, () => {
    const missing = lab.losses.filter((l) => l.family !== 'custom' && !ids.includes(l.id)).map((l) => l.id);
    assert.deepEqual(missing, []);
  });

  for (const path of ['arrays', 'buffers']) {
    for (const id of ids) {
      const cases = GOLDEN.filter((c) => c.id === id);
      test(`${tag}, ${path}: ${cases.length} PyTorch golden cases of ${id} through lab.loss`, () => {
        const failures = [];
        for (const c of cases) {
          const problems = runCase(lab, c, path);
          if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
        }
        assert.deepEqual(failures.slice(0, 8), [], `${failures.length} of ${cases.length} cases differ`);
      });
    }
  }
}

// ---- 2. The wrapper against the core, on random calls -------------------------------------

const EXPRESSIONS = ['abs(x - y)^1.5', 'log(cosh(x - y))', 'softplus(x) - x * y', 'max(0, 1 - x * y)^2'];

/** A random call for `spec`: shapes, targets by the target kind, options in their ranges. */
function callArbitrary(spec) {
  const rowsLayout = spec.layout !== 'elementwise';
  return fc
    .record({
      rows: fc.integer({ min: 1, max: 9 }),
      cols: fc.integer({ min: rowsLayout ? 2 : 1, max: rowsLayout ? 6 : 1 }),
      elements: fc.integer({ min: 1, max: 37 }),
      probabilities: fc.boolean(),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      reduction: fc.constantFrom(...spec.reductions),
      chosen: fc.array(fc.boolean(), { minLength: spec.optionSpecs.length, maxLength: spec.optionSpecs.length }),
      expr: fc.constantFrom(...EXPRESSIONS),
    })
    .map((r) => makeCall(spec, r));
}

function makeCall(spec, r) {
  let s = r.seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const f = (lo, hi) => Math.fround(lo + (hi - lo) * rand());
  const elementwise = spec.layout === 'elementwise';
  // dice and tversky take a flat array as one row: every other call of theirs is flat
  const cols = elementwise || (spec.flatIsOneRow && r.seed % 2) ? 0 : spec.columns || r.cols;
  const rows = elementwise ? r.elements : r.rows;
  const n = elementwise ? rows : rows * (cols || r.cols);
  // Half the calls draw inputs in (0, 1) so the probability losses mostly compute; the
  // others draw scores, which those losses refuse — then both sides must refuse alike.
  const input = Array.from({ length: n }, () => (r.probabilities ? f(0.02, 0.98) : f(-3, 3)));
  const call = { id: spec.id, input, cols, options: {}, reduction: r.reduction };
  const klass = () => Math.floor(rand() * cols);
  if (spec.layout === 'sequence') return sequenceCall(spec, r, call, rand, f);
  if (spec.layout === 'pair') {
    // x2 shaped like x1, one ±1 per pair (a row of [N, D], or an element of margin_ranking's [N])
    call.other = input.map(() => f(-3, 3));
    call.label = Array.from({ length: rows }, () => (rand() < 0.5 ? -1 : 1));
  } else switch (spec.targetKind) {
    case 'triplet':
      call.positive = input.map(() => f(-2, 2));
      call.negative = input.map(() => f(-2, 2));
      break;
    case 'values > -1': call.target = input.map(() => f(-0.9, 3)); break;
    case 'probabilities': call.target = input.map(() => f(0, 1)); break;
    case 'labels01': call.target = input.map(() => (rand() < 0.5 ? 0 : 1)); break;
    case 'signs':
    case 'signs-strict': call.target = input.map(() => (rand() < 0.5 ? -1 : 1)); break;
    case 'counts': call.target = input.map(() => Math.floor(f(0, 6))); break;
    case 'row-values': call.target = Array.from({ length: rows }, () => f(-3, 3)); break;
    case 'value-rows': call.target = input.map(() => (rand() < 0.15 ? 0 : f(-3, 3))); break;  // some zeros
    case 'label-lists':
      call.target = Array.from({ length: rows }, () => {
        const k = Math.floor(rand() * (cols + 1));
        const order = Array.from({ length: cols }, (_, c) => c).sort(() => rand() - 0.5);
        return order.map((c, j) => (j < k ? c : -1));
      }).flat();
      break;
    case 'indices':
    case 'indices-or-probabilities': call.target = Array.from({ length: rows }, klass); break;
    case 'probability-rows': {
      const t = input.map(() => f(0.01, 1));
      for (let i = 0; i < rows; i++) {
        const row = t.slice(i * cols, (i + 1) * cols);
        const sum = row.reduce((a, b) => a + b, 0);
        row.forEach((v, j) => (t[i * cols + j] = Math.fround(v / sum)));
      }
      call.target = t;
      break;
    }
    default: call.target = input.map(() => f(-3, 3));
  }
  spec.optionSpecs.forEach((o, k) => {
    if (!r.chosen[k]) return;
    call.options[o.name] = optionValue(o, { n, rows, cols, elementwise, f, rand });
  });
  if (spec.family === 'custom') call.options.expr = r.expr;
  return call;
}

/** ctc: [T, N, C] log_softmax rows, N = r.rows samples of T = 1..6 steps, labels of 0..4
 *  classes (some impossible, some equal to the blank when it is an option), concatenated or
 *  padded, input lengths up to T, and the options drawn as for any loss (blank within C). */
function sequenceCall(spec, r, call, rand, f) {
  const C = r.cols;
  const N = r.rows;
  const T = 1 + Math.floor(rand() * 6);
  const input = [];
  for (let k = 0; k < T * N; k++) {
    const z = Array.from({ length: C }, () => f(-3, 3));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    input.push(...z.map((v) => Math.fround(v - lse)));
  }
  call.input = input;
  call.time = T;
  spec.optionSpecs.forEach((o, k) => {
    if (!r.chosen[k]) return;
    if (o.name === 'blank') call.options.blank = Math.floor(rand() * C);
    else call.options[o.name] = optionValue(o, { n: input.length, rows: N, cols: C, elementwise: false, f, rand });
  });
  const blank = call.options.blank ?? 0;
  const seqs = Array.from({ length: N }, () => Array.from({ length: Math.floor(rand() * 5) }, () => {
    const k = Math.floor(rand() * (C - 1));
    return rand() < 0.03 ? blank : k >= blank ? k + 1 : k; // now and then the blank: refused alike
  }));
  call.target_lengths = seqs.map((y) => y.length);
  call.input_lengths = seqs.map(() => Math.floor(rand() * (T + 1)));
  if (r.probabilities) {
    call.labels = seqs.flat();
  } else {
    const S = Math.max(0, ...call.target_lengths) + Math.floor(rand() * 2);
    call.labels = seqs.flatMap((y) => [...y, ...Array(S - y.length).fill(0)]);
  }
  return call;
}

function optionValue(o, { n, rows, cols, elementwise, f, rand }) {
  const lo = o.min ?? -5;
  const hi = o.max ?? 5;
  switch (o.kind) {
    case 'boolean': return rand() < 0.5;
    case 'integer':
      if (o.choices.length) return o.choices[Math.floor(rand() * o.choices.length)];
      return Math.round(Math.max(lo, -3) + (Math.min(hi, 3) - Math.max(lo, -3)) * rand());
    case 'vector': {
      // One per class for rows, one per element otherwise (per term: one per row or element);
      // sometimes one value (broadcast).
      const perTerm = elementwise ? n : cols ? rows : 1;  // a flat dice call is one row
      const length = rand() < 0.2 ? 1 : o.length === 'terms' ? perTerm : elementwise ? n : cols;
      return Array.from({ length }, () => f(0, 3));
    }
    default: {
      if (o.choices.length) return o.choices[Math.floor(rand() * o.choices.length)];
      const a = Math.max(lo, -5) + (o.minOpen ? 1e-3 : 0);
      const b = Math.min(hi, 5) - (o.maxOpen ? 1e-3 : 0);
      return Math.fround(a + (b - a) * rand());
    }
  }
}

/** The core's answers to `calls`, from the native reference tool in one batch. */
function reference(calls) {
  const run = spawnSync(REFERENCE, [], { input: calls.map((c) => JSON.stringify(c)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, `${REFERENCE} failed (npm test builds it): ${run.error?.message ?? run.stderr}`);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line, (k, v) => (v === 'Infinity' ? Infinity : v)));
}

/** lab.loss's answer to `call`, in the reference tool's shape. */
function viaLab(lab, call) {
  const options = { ...call.options, reduction: call.reduction };
  if (call.cols > 0) options[call.positive || call.other ? 'dim' : 'classes'] = call.cols;
  if (call.time) options.time = call.time;
  const target = targetOf(call, undefined, call.input.length % 2 === 0);
  try {
    const { value, grad } = lab.loss(call.id, call.input, target, options);
    const out = { code: 'OK' };
    if (call.reduction === 'none') {
      out.values = Array.from(value);
      out.value = out.values.reduce((a, b) => a + b, 0);
    } else out.value = value;
    if (call.positive) {
      out.grad = Array.from(grad.anchor);
      out.grad_positive = Array.from(grad.positive);
      out.grad_negative = Array.from(grad.negative);
    } else if (call.other) {
      out.grad = Array.from(grad.input);
      out.grad_other = Array.from(grad.other);
    } else out.grad = Array.from(grad);
    return out;
  } catch (e) {
    return { code: e.code ?? `threw ${e.name}`, message: e.message };
  }
}

const NATIVE_REL = 1e-5; // wasm against native: the same kernels, other vector widths

test('the native reference tool answers', () => {
  const [answer] = reference([{ id: 'mse', input: [2.5, 5.5, 1.8, 6.5], cols: 0, target: [3, 5, 2, 7], options: {}, reduction: 'mean' }]);
  assert.equal(answer.code, 'OK');
  assert.ok(Math.abs(answer.value - 0.1975) < 1e-6);
});

for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const tag = simd ? 'SIMD' : 'baseline';
  test(`${tag}: random calls of every loss give what the C++ core gives`, () => {
    const calls = lab.losses.flatMap((spec) => fc.sample(callArbitrary(spec), { numRuns: 60, seed: 20261202 }));
    const want = reference(calls);
    const failures = [];
    let computed = 0;
    calls.forEach((call, i) => {
      const got = viaLab(lab, call);
      const w = want[i];
      const problems = [];
      if (got.code !== w.code) problems.push(`code ${got.code} (${got.message}), core ${w.code} (${w.message})`);
      else if (w.code === 'OK') {
        computed++;
        const floor = 1e-6 * (Number.isFinite(w.value) ? Math.max(1, Math.abs(w.value)) : 1);
        if (!close(got.value, w.value, floor, NATIVE_REL)) problems.push(`value ${got.value}, core ${w.value}`);
        for (const key of ['values', 'grad', 'grad_positive', 'grad_negative', 'grad_other']) {
          if (w[key]) problems.push(mismatch(key, got[key], w[key], NATIVE_REL));
        }
      }
      const found = problems.filter(Boolean);
      if (found.length) failures.push(`${JSON.stringify(call).slice(0, 300)} → ${found.join('; ')}`);
    });
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${calls.length} calls differ`);
    // The check means something only if most calls compute rather than fail alike.
    assert.ok(computed > calls.length / 2, `only ${computed} of ${calls.length} calls computed`);
  });
}
