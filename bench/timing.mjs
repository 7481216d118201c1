// Timing: median of repeated samples after a warm-up, with an adaptive repeat count so each
// measurement costs about `budgetMs` whatever the speed of the thing measured.
//
//   warm-up      run until `warmupMs` have passed and 3 calls (JIT, caches, pages); a call
//                that itself takes ≥ `warmupMs` is warm-up enough on its own
//   calibrate    calls of ≥ 2 ms: the faster of the fastest warm-up call and one more call;
//                else double a batch until it takes ≥ 2 ms → t, the time of one call
//   sample       `inner` calls per sample so one sample takes ≈ `sampleMs` (timer noise ≪ 1%)
//   repeat       `samples` = budget / sample time, clamped to [minSamples, maxSamples]; at
//                least 9 when a sample is a single call of ≥ 2 ms (allocating calls, such as
//                TF.js gradients, can be bimodal), 3 when a call takes ≥ 40 ms
//   report       median (and min) of the per-call times of the samples
//
// BENCH_SCALE (env, default 1) scales every budget: 0.3 for a quick look, 3 for a careful run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, then a pause for V8's background threads: garbage an earlier
 * measurement left (TF.js's tensors, hundreds of MB) is otherwise collected during the next
 * one, concurrently, on the same two cores (the first per-call case after the TF.js tables
 * measured twice its later cost).
 */
export async function settle(ms = 50) {
  setFlagsFromString('--expose-gc');
  runInNewContext('gc')();
  await new Promise((resolve) => setTimeout(resolve, ms));
}

const SCALE = Number(process.env.BENCH_SCALE ?? 1) > 0 ? Number(process.env.BENCH_SCALE ?? 1) : 1;

export const DEFAULTS = Object.freeze({
  budgetMs: 110 * SCALE,
  warmupMs: 25 * SCALE,
  sampleMs: 4,
  minSamples: 5,
  maxSamples: 41,
});

const now = () => performance.now();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function plan(perCall, o) {
  const inner = Math.max(1, Math.round(o.sampleMs / Math.max(perCall, 1e-6)));
  const sampleTime = inner * perCall;
  // Slow things (≥ 40 ms a call): 3 samples; one call per sample (≥ 2 ms): at least 9, as
  // such calls (allocating ones: TF.js gradients) can be bimodal. Always an odd count.
  const minSamples = perCall >= 40 ? 3 : perCall >= 2 ? Math.max(9, o.minSamples) : o.minSamples;
  let samples = Math.floor(o.budgetMs / Math.max(sampleTime, 1e-6));
  samples = Math.min(o.maxSamples, Math.max(minSamples, samples));
  if (samples % 2 === 0) samples += 1;
  return { inner, samples };
}

function summarise(times, inner, calls) {
  return {
    ms: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    samples: times.length,
    inner,
    calls,
  };
}

/**
 * The protocol above, written once for `measure` and `measureAsync`: it yields how many calls
 * to make in a row and is sent back the milliseconds they took; it returns the summary.
 */
function* protocol(o) {
  // Warm-up: ≥ 3 calls and `warmupMs` — or fewer calls when every call took ≥ warmupMs.
  // The fastest warm-up call (not the last: a busy machine preempts) estimates a call.
  let calls = 0;
  let minCall = Infinity;
  const w0 = now();
  while (calls === 0 || ((calls < 3 || now() - w0 < o.warmupMs) && minCall < o.warmupMs)) {
    minCall = Math.min(minCall, yield 1);
    calls++;
  }
  // Calibrate: a call of ≥ 2 ms is its own calibration (one more call, in case the warm-up
  // held only a slow first one); faster ones double a batch until it takes ≥ 2 ms.
  let batch = 1;
  let perCall = 0;
  if (minCall >= 2) {
    perCall = Math.min(minCall, yield 1);
    calls++;
  }
  while (!perCall) {
    const dt = yield batch;
    calls += batch;
    if (dt >= 2 || batch >= o.maxBatch) {
      perCall = dt / batch;
      break;
    }
    batch *= 2;
  }
  const { inner, samples } = plan(perCall, o);
  const times = [];
  for (let s = 0; s < samples; s++) times.push((yield inner) / inner);
  calls += inner * samples;
  return summarise(times, inner, calls);
}

/**
 * Times a synchronous `fn`. `fn` should return something derived from its result (it is
 * consumed, so the work cannot be optimised away).
 * @returns {{ ms: number, min: number, max: number, samples: number, inner: number, calls: number, last: any }}
 */
export function measure(fn, options = {}) {
  const steps = protocol({ ...DEFAULTS, maxBatch: 1 << 20, ...options });
  let sink = 0;
  let last;
  let step = steps.next();
  while (!step.done) {
    const count = step.value;
    const t0 = now();
    for (let i = 0; i < count; i++) {
      last = fn();
      if (typeof last === 'number') sink += last;
    }
    step = steps.next(now() - t0);
  }
  if (sink === 0.123456789) console.log(''); // keeps `sink` alive
  return { ...step.value, last };
}

/** `measure` for an async `fn` (awaited once per call). */
export async function measureAsync(fn, options = {}) {
  const steps = protocol({ ...DEFAULTS, maxBatch: 1 << 16, ...options });
  let last;
  let step = steps.next();
  while (!step.done) {
    const count = step.value;
    const t0 = now();
    for (let i = 0; i < count; i++) last = await fn();
    step = steps.next(now() - t0);
  }
  return { ...step.value, last };
}

// ---- formatting -------------------------------------------------------------------------

/** Milliseconds with about three significant digits. */
export function fmtMs(v) {
  if (v == null || !Number.isFinite(v)) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  if (v >= 0.1) return v.toFixed(3);
  if (v >= 0.01) return v.toFixed(4);
  return v.toFixed(5);
}

/** A speed ratio: `12.3x`, `0.71x`. */
export function fmtRatio(r) {
  if (r == null || !Number.isFinite(r)) return '—';
  if (r >= 100) return `${r.toFixed(0)}x`;
  if (r >= 10) return `${r.toFixed(1)}x`;
  return `${r.toFixed(2)}x`;
}

/**
 * An aligned text table. `columns`: [{ title, align: 'l' | 'r' }]; rows: arrays of strings,
 * or a string (a full-width line, e.g. "n/a (not in catalogue)" after the first cells).
 */
export function table(columns, rows, { sep = '  ' } = {}) {
  const cells = rows.filter((r) => Array.isArray(r));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    columns
      .map((c, i) => {
        const s = String(r[i] ?? '');
        return c.align === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
      })
      .join(sep)
      .trimEnd();
  const out = [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join(sep)];
  for (const r of rows) out.push(Array.isArray(r) ? line(r) : r);
  return out.join('\n');
}

/** A GitHub-flavoured markdown table. */
export function mdTable(columns, rows) {
  const head = `| ${columns.map((c) => c.title).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'l' ? ':---' : '---:')).join('|')}|`;
  const body = rows.map((r) => `| ${r.map((c) => String(c ?? '').replace(/\|/g, '\\|')).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
