// The loss tables: every loss × size × (value, value+gradient) × implementation, on the same
// data (losses.mjs says what is compared); the agreement of each with plain JS, and the
// tables printed per family.
import { PLAIN_JS } from './reference/plain-js.mjs';
import { measure, settle, fmtMs, fmtRatio, table } from './timing.mjs';
import { useBackend } from './tfjs.mjs';
import { LOSSES, FAMILIES, SIZES, IMPLS } from './losses.mjs';
import { sizeLabel } from './loss-data.mjs';
import { jsArgs, jsGradArgs, labCase, wasmLimitCase, tfTensors, tfCase } from './loss-impls.mjs';

// ---- the run ------------------------------------------------------------------------------

/**
 * Runs every loss a little in each LossLab build, the C→wasm limit and tfjs-wasm before
 * anything is timed: V8 compiles wasm with Liftoff first and tiers hot functions up to
 * TurboFan in the background, so the first cells of a table would otherwise catch
 * baseline-tier code.
 */
export async function prewarm({ labs, limitWasm = null, tfx, datasets, ids = null, ms = 12 }) {
  const spin = (fn) => {
    const t0 = performance.now();
    do fn();
    while (performance.now() - t0 < ms);
  };
  for (const loss of LOSSES) {
    if (ids && !ids.has(loss.id)) continue;
    const d = datasets.get(`${loss.kind}-${SIZES[1]}`);
    for (const lab of [labs.simd, labs.base]) {
      if (!catalogueHas(lab, loss.id)) continue;
      let c;
      try {
        c = labCase(lab, loss, d);
        spin(c.value);
        spin(c.grad);
      } catch {
        /* reported when measured */
      } finally {
        c?.free();
      }
    }
    if (limitWasm && loss.limit) {
      let c;
      try {
        c = wasmLimitCase(limitWasm, loss, d);
        if (c) {
          spin(c.value);
          spin(c.grad);
        }
      } catch {
        /* reported when measured */
      } finally {
        c?.free();
      }
    }
    if (tfx?.backends.includes('wasm')) {
      const tf = tfx.tf;
      await useBackend(tf, 'wasm');
      const T = tfTensors(tf, d);
      try {
        const c = tfCase(tf, loss, T);
        spin(c.value);
        spin(c.grad);
      } catch {
        /* reported when measured */
      } finally {
        tf.dispose(Object.values(T));
      }
    }
  }
}

const catalogueHas = (lab, id) => !!lab && lab.losses.some((l) => l.id === id);

/**
 * @param {{ labs: { simd?: any, base?: any }, limitWasm?: any, tfx: any, native: Map<string, any>,
 *   datasets: Map<string, any>, log: (s: string) => void, families?: string[],
 *   ids?: Set<string> | null }} ctx  (limitWasm: the C limit's wasm module, or null;
 *   ids: only these losses, from --losses=)
 * @returns {Promise<{ rows: any[], checks: string[], spent: Record<string, number> }>}
 */
export async function runLossBench(ctx) {
  const { labs, limitWasm, tfx, native, datasets, log } = ctx;
  const families = ctx.families ?? FAMILIES;
  const rows = [];
  const checks = [];
  const spent = {}; // seconds of measuring per implementation
  const anyLab = labs.simd ?? labs.base;

  for (const family of families) {
    const losses = LOSSES.filter((l) => l.family === family && (!ctx.ids || ctx.ids.has(l.id)));
    if (!losses.length) continue;
    log(`  ${family}: ${losses.map((l) => l.id).join(', ')}`);
    for (const loss of losses) {
      if (!catalogueHas(anyLab, loss.id)) {
        for (const n of SIZES) {
          for (const mode of ['value', 'grad']) {
            rows.push({ family, id: loss.id, mode, n, size: sizeLabel(loss, n), missing: true, times: {}, values: {} });
          }
        }
        continue;
      }
      for (const n of SIZES) {
        const d = datasets.get(`${loss.kind}-${n}`);
        const row = {
          value: { family, id: loss.id, mode: 'value', n, size: sizeLabel(loss, n), times: {}, values: {}, errors: {} },
          grad: { family, id: loss.id, mode: 'grad', n, size: sizeLabel(loss, n), times: {}, values: {}, errors: {} },
        };
        const grads = {};
        const record = (impl, mode, fn) => {
          const t0 = performance.now();
          try {
            const m = measure(fn);
            row[mode].times[impl] = m;
            row[mode].values[impl] = m.last;
          } catch (e) {
            row[mode].errors[impl] = String(e?.message ?? e).slice(0, 160);
          }
          spent[impl] = (spent[impl] ?? 0) + (performance.now() - t0) / 1000;
        };
        // LossLab, both builds, after the previous row's garbage is collected.
        await settle();
        for (const impl of ['simd', 'base']) {
          const lab = labs[impl];
          if (!lab || !catalogueHas(lab, loss.id)) continue;
          let c;
          try {
            c = labCase(lab, loss, d);
          } catch (e) {
            row.value.errors[impl] = row.grad.errors[impl] = String(e?.message ?? e).slice(0, 160);
            continue;
          }
          try {
            record(impl, 'value', c.value);
            record(impl, 'grad', c.grad);
            if (n === SIZES[0] && !row.grad.errors[impl]) grads[impl] = c.lastGrad();
          } finally {
            c.free();
          }
        }
        // The plain C limit compiled to wasm SIMD: the same loop, in this process, timed as
        // LossLab is (its data copied into its memory first, as LossLab's LabBuffers hold it).
        if (limitWasm && loss.limit) {
          let c;
          try {
            c = wasmLimitCase(limitWasm, loss, d);
          } catch (e) {
            row.value.errors.wasmc = row.grad.errors.wasmc = String(e?.message ?? e).slice(0, 160);
          }
          if (c) {
            try {
              record('wasmc', 'value', c.value);
              record('wasmc', 'grad', c.grad);
              if (n === SIZES[0] && !row.grad.errors.wasmc) grads.wasmc = c.lastGrad();
            } finally {
              c.free();
            }
          } else if (c === null) {
            row.value.errors.wasmc = row.grad.errors.wasmc = `no limit kernel for ${loss.id} in the wasm module`;
          }
        }
        // Native and its plain C limit (measured earlier, in their own process).
        for (const mode of ['value', 'grad']) {
          for (const [impl, key] of [['native', mode], ['limit', `limit-${mode}`]]) {
            const r = native.get(`${loss.id}|${key}|${n}`);
            if (r?.ms != null) {
              row[mode].times[impl] = { ms: r.ms, min: r.min, max: r.max, samples: r.samples, inner: r.inner };
              row[mode].values[impl] = r.value;
            } else if (r?.error) {
              row[mode].errors[impl] = r.error;
            }
          }
        }
        // Plain JS.
        const f = PLAIN_JS[loss.id];
        if (f) {
          const a = jsArgs(loss, d);
          const ga = jsGradArgs(loss, d);
          record('js', 'value', () => f(...a));
          record('js', 'grad', () => f.grad(...ga));
          if (n === SIZES[0]) grads.js = ga[a.length];
        }
        // TensorFlow.js, each backend with its own tensors.
        if (tfx?.tf) {
          const tf = tfx.tf;
          for (const [impl, backend] of [['tfwasm', 'wasm'], ['tfcpu', 'cpu']]) {
            if (!tfx.backends.includes(backend)) continue;
            await useBackend(tf, backend);
            const before = tf.memory().numTensors;
            const T = tfTensors(tf, d);
            try {
              const c = tfCase(tf, loss, T);
              record(impl, 'value', c.value);
              record(impl, 'grad', c.grad);
              if (n === SIZES[0] && !row.grad.errors[impl]) grads[impl] = c.lastGrad();
            } catch (e) {
              row.value.errors[impl] = row.grad.errors[impl] = String(e?.message ?? e).slice(0, 160);
            } finally {
              tf.dispose(Object.values(T));
            }
            const leaked = tf.memory().numTensors - before;
            if (leaked !== 0) checks.push(`${impl} ${loss.id} ${row.value.size}: ${leaked} tensors leaked`);
          }
        }
        rows.push(row.value, row.grad);
        if (n === SIZES[0]) agreement(loss, row, grads, checks);
      }
      const done = rows.filter((r) => r.id === loss.id);
      log(`    ${loss.id}: ${done.length} rows`);
    }
  }
  return { rows, checks, spent };
}

/** Values and gradients agree with the plain-JS reference (at the smallest size)? */
function agreement(loss, row, grads, checks) {
  const ref = row.value.values.js;
  if (ref == null) return;
  // The C limits sum in float (1k terms: ~1e-7 off); an implementation without a tolerance
  // would always be reported.
  const tol = { simd: 2e-5, base: 2e-5, limit: 2e-5, wasmc: 2e-5, native: 2e-5, tfwasm: 1e-3, tfcpu: 1e-3 };
  for (const mode of ['value', 'grad']) {
    for (const [impl, v] of Object.entries(row[mode].values)) {
      if (impl === 'js' || typeof v !== 'number') continue;
      const rel = Math.abs(v - ref) / Math.max(Math.abs(ref), 1e-12);
      if (!(rel <= tol[impl])) {
        checks.push(`${loss.id} ${row.value.size} ${mode}: ${impl} value ${v} vs plain JS ${ref} (rel ${rel.toExponential(1)})`);
      }
    }
  }
  const gref = grads.js;
  if (!gref) return;
  let scale = 0;
  for (let i = 0; i < gref.length; i++) scale = Math.max(scale, Math.abs(gref[i]));
  for (const [impl, g] of Object.entries(grads)) {
    if (impl === 'js' || !g || (loss.tfGradDiffers && impl.startsWith('tf'))) continue;
    let worst = 0;
    for (let i = 0; i < gref.length; i++) worst = Math.max(worst, Math.abs(g[i] - gref[i]));
    const rel = worst / Math.max(scale, 1e-30);
    if (!(rel <= (impl.startsWith('tf') ? 1e-3 : 1e-4))) {
      checks.push(`${loss.id} ${row.value.size} gradient: ${impl} max |Δ| ${worst.toExponential(2)} (${rel.toExponential(1)} of max |g|) vs plain JS`);
    }
  }
}

// ---- printing -----------------------------------------------------------------------------

export const LOSS_COLUMNS = [
  { title: 'loss', align: 'l' },
  { title: 'mode', align: 'l' },
  { title: 'size', align: 'r' },
  ...IMPLS.map((i) => ({ title: i.title, align: 'r' })),
  { title: '│', align: 'l' },
  ...IMPLS.slice(1).map((i) => ({ title: i.ratioTitle ?? `÷${i.short}`, align: 'r' })),
];

function cell(row, key) {
  const t = row.times[key];
  if (t) return fmtMs(t.ms);
  if (row.errors?.[key]) return 'err';
  return '—';
}

export function ratio(row, key) {
  const s = row.times.simd?.ms;
  const o = row.times[key]?.ms;
  return s && o ? o / s : null;
}

export function lossTableRows(rows, family) {
  const out = [];
  let lastId = null;
  const fr = rows.filter((x) => x.family === family);
  const width = Math.max(4, ...fr.filter((x) => !x.missing).map((x) => x.id.length), ...fr.map((x) => x.id.length));
  for (const r of fr) {
    const name = r.id === lastId ? '' : r.id;
    if (r.missing) {
      if (r.id !== lastId) out.push(`${r.id.padEnd(width)}  n/a (not in catalogue)`);
      lastId = r.id;
      continue;
    }
    lastId = r.id;
    out.push([
      name,
      r.mode === 'grad' ? 'value+grad' : 'value',
      r.size,
      ...IMPLS.map((i) => cell(r, i.key)),
      '│',
      ...IMPLS.slice(1).map((i) => fmtRatio(ratio(r, i.key))),
    ]);
  }
  return out;
}

export function printLossTables(rows, print) {
  for (const family of FAMILIES) {
    const fr = rows.filter((r) => r.family === family);
    if (!fr.length) continue;
    print(
      `\n${family} — ms per call (median); ÷X = X's time / LossLab SIMD's (> 1: SIMD faster); "of limit" = the plain C loop's time / SIMD's (1: at the machine's limit); ` +
        `"of wasm C" = the same loop compiled to wasm SIMD by clang (C→wasm, this process) / SIMD's (≥ 1: SIMD at least as fast; a loop that calls exp or log stays scalar there: libc has no vector exp/log)`,
    );
    print(table(LOSS_COLUMNS, lossTableRows(rows, family)));
    const names = LOSSES.filter((l) => l.family === family).map((l) => `${l.id}: ${l.tfName}`);
    print(`  tfjs: ${names.join('; ')}`);
    const errs = [];
    for (const r of fr) {
      for (const [k, v] of Object.entries(r.errors ?? {})) errs.push(`${r.id} ${r.mode} ${r.size} ${k}: ${v}`);
    }
    if (errs.length) print(`  errors: ${[...new Set(errs)].slice(0, 8).join(' | ')}`);
  }
}
