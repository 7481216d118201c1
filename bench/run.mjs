// `npm run bench` → scripts/bench.sh → this. Loss tables per family, the issue's targets, the
// network bench, the loss landscape and influence (bench/why.mjs), per-call overhead, an
// accuracy check and a summary line; results also go to build/bench/results.json and
// build/bench/summary.md.
//
//   node bench/run.mjs [--families=regression,binary,...] [--losses=dice,tversky,...] [--no-native]
//                      [--no-tfjs] [--no-network] [--no-page]
//   BENCH_SCALE=0.3 node bench/run.mjs      quicker, noisier (timing budgets × 0.3)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { measure, settle, fmtMs, fmtRatio, table, mdTable, DEFAULTS } from './timing.mjs';
import { LOSSES, FAMILIES, SIZES, IMPLS } from './losses.mjs';
import { makeData } from './loss-data.mjs';
import { writeNativeJobs, loadLimitWasm } from './loss-impls.mjs';
import { runLossBench, printLossTables, ratio, prewarm } from './loss-bench.mjs';
import { runNetworkBench } from './network.mjs';
import { overheadCases, overheadOf, OVERHEAD_CASES } from './overhead.mjs';
import { runWhyBench, WHY_SETUP, LANDSCAPE_TARGET_MS } from './why.mjs';
import { runPageBench, PAGE_CASES } from './page.mjs';
import { loadTf, useBackend } from './tfjs.mjs';
import { mse as jsMse } from './reference/plain-js.mjs';

// How much of the machine other processes took while the bench ran (a busy machine inflates
// every figure): /proc/stat's busy jiffies minus this process's own (and its waited-for
// children's, i.e. the native bench).
function cpuSnapshot() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
    const self = readFileSync('/proc/self/stat', 'utf8');
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number); // fields from #3 on
    const ours = f[11] + f[12] + f[13] + f[14]; // utime stime cutime cstime (#14–#17)
    return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, ours };
  } catch {
    return null;
  }
}
const cpuAtStart = cpuSnapshot();
const t0 = performance.now();
const loadAtStart = os.loadavg()[0];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'build', 'bench');
const NATIVE_BIN = path.join(ROOT, 'build', 'native', 'bench', 'native', 'losslab_bench');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const familiesArg = args.find((a) => a.startsWith('--families='));
const families = familiesArg ? familiesArg.split('=')[1].split(',') : FAMILIES;
const lossesArg = args.find((a) => a.startsWith('--losses='));
const onlyIds = lossesArg ? new Set(lossesArg.split('=')[1].split(',')) : null;

const lines = [];
const print = (s = '') => {
  console.log(s);
  lines.push(s);
};
const log = (s) => process.stderr.write(`\x1b[2m${s}\x1b[0m\n`);
const notes = [];
const elapsed = () => ((performance.now() - t0) / 1000).toFixed(1);

// ---- load everything ------------------------------------------------------------------------

log('bench: loading LossLab (SIMD and baseline builds)');
const labs = {};
let createLossLab;
try {
  ({ createLossLab } = await import(path.join(ROOT, 'dist', 'node.js')));
} catch (e) {
  notes.push(`LossLab package not loadable (${e.message}); run scripts/build.sh package`);
}
for (const [key, simd] of [['simd', true], ['base', false]]) {
  if (!createLossLab) break;
  try {
    labs[key] = await createLossLab({ simd });
    if (labs[key].simd !== simd) notes.push(`createLossLab({ simd: ${simd} }) reports lab.simd = ${labs[key].simd}`);
  } catch (e) {
    notes.push(`createLossLab({ simd: ${simd} }) failed: ${e.message}`);
  }
}
if (process.env.BENCH_STALE?.trim()) {
  notes.push(`build failed for: ${process.env.BENCH_STALE.trim()} — those columns come from an older build`);
}
const lab = labs.simd ?? labs.base;
const catalogue = lab ? lab.losses.map((l) => l.id) : [];

let tfx = null;
if (!flag('no-tfjs')) {
  log('bench: loading TensorFlow.js (wasm, cpu, layers)');
  tfx = await loadTf();
  if (tfx.error) {
    notes.push(tfx.error);
    tfx = null;
  } else {
    notes.push(...tfx.notes);
  }
}

// The plain C limit compiled to wasm SIMD (bench/limit-wasm/build.sh, run by scripts/bench.sh).
log('bench: loading the C limit compiled to wasm');
let limitWasm = null;
{
  const r = await loadLimitWasm(OUT);
  if (r.module) limitWasm = r.module;
  else notes.push(`C→wasm: ${r.error.replaceAll(`${ROOT}/`, '')}; the C→wasm column is empty`);
}

// ---- data (shared by every implementation) ------------------------------------------------

log('bench: generating data');
const datasets = new Map();
for (const kind of new Set(LOSSES.map((l) => l.kind))) {
  for (const n of SIZES) datasets.set(`${kind}-${n}`, makeData(kind, n));
}

// ---- native, in its own process, before anything else runs ----------------------------------

const native = new Map();
let nativeInfo = null;
if (flag('no-native')) {
  notes.push('native: skipped (--no-native)');
} else if (!existsSync(NATIVE_BIN)) {
  notes.push(`native: ${path.relative(ROOT, NATIVE_BIN)} not built (bash scripts/build.sh native)`);
} else {
  const ids = new Set(LOSSES.filter((l) => families.includes(l.family) && (!onlyIds || onlyIds.has(l.id))).map((l) => l.id));
  const jobs = writeNativeJobs(path.join(OUT, 'data'), datasets, ids);
  log(`bench: native (${path.relative(ROOT, NATIVE_BIN)})`);
  const r = spawnSync(
    NATIVE_BIN,
    ['--jobs', jobs, '--budget-ms', String(DEFAULTS.budgetMs), '--warmup-ms', String(DEFAULTS.warmupMs), '--sample-ms', String(DEFAULTS.sampleMs)],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) notes.push(`native: exit ${r.status}${r.error ? ` (${r.error.message})` : ''}: ${(r.stderr || '').trim().slice(0, 300)}`);
  for (const line of (r.stdout || '').split('\n')) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line);
      if (j.native) nativeInfo = j.native;
      else if (j.key) native.set(j.key, j);
    } catch {
      notes.push(`native: unparsable line ${line.slice(0, 120)}`);
    }
  }
  const missing = [...native.values()].filter((j) => j.error === 'not in catalogue').map((j) => j.id);
  if (missing.length) notes.push(`native: not in the native catalogue: ${[...new Set(missing)].join(', ')}`);
}

// ---- loss tables ------------------------------------------------------------------------------

log('bench: warming up (wasm tier-up)');
await prewarm({ labs, limitWasm, tfx, datasets, ids: onlyIds });
log(`bench: loss tables (${families.join(', ')})`);
const { rows, checks, spent } = await runLossBench({ labs, limitWasm, tfx, native, datasets, log, families, ids: onlyIds });

// ---- per-call overhead (4 elements) and the copy path at 1M ---------------------------------

log('bench: per-call overhead');
const overhead = [];
{
  // Each case in three Node processes of its own (bench/overhead.mjs says why: the speed of
  // the same call differed up to 2x from process to process on this VM), the best kept and the
  // range shown; then in this process, after the loss tables' garbage is collected.
  const fresh = [];
  for (let k = 0; k < 2 * OVERHEAD_CASES; k++) {
    const runs = [];
    for (let r = 0; r < 3; r++) {
      const p = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'overhead.mjs'), String(k)], { encoding: 'utf8' });
      try {
        runs.push(JSON.parse(p.stdout));
      } catch {
        notes.push(`per-call overhead case ${k}: its process failed (${(p.stderr || '').trim().split('\n').pop()})`);
        break;
      }
    }
    if (runs.length) fresh.push({ what: runs[0].what, runs: runs.map((r) => r.us) });
  }
  await settle(200);
  for (const key of ['simd', 'base']) {
    const L = labs[key];
    if (!L || !L.losses.some((l) => l.id === 'mse')) continue;
    const { cases, free } = overheadCases(L, key);
    for (const [what, fn] of cases) {
      const own = fresh.find((f) => f.what === what);
      overhead.push({ what, us: own ? Math.min(...own.runs) : null, runs: own?.runs ?? [], inBench: overheadOf(fn) });
    }
    free();
  }
  const x4 = Float32Array.of(0.5, -1, 2, 0.25);
  const y4 = Float32Array.of(0, -1.5, 1, 1);
  overhead.push({ what: 'plain JS mse over 4 floats (a function call)', us: measure(() => jsMse(x4, y4)).ms * 1000 });
  if (tfx?.backends.includes('wasm')) {
    const tf = tfx.tf;
    await useBackend(tf, 'wasm');
    const a = tf.tensor1d(x4);
    const b = tf.tensor1d(y4);
    overhead.push({
      what: 'tfjs-wasm: tf.losses.meanSquaredError on 4-element tensors + dataSync',
      us:
        measure(() => {
          const v = tf.losses.meanSquaredError(b, a);
          const r = v.dataSync()[0];
          v.dispose();
          return r;
        }).ms * 1000,
    });
    tf.dispose([a, b]);
  }
}
const copyPath = [];
{
  const d = datasets.get(`reg-${SIZES[2]}`);
  for (const key of ['simd', 'base']) {
    const L = labs[key];
    if (!L || !L.losses.some((l) => l.id === 'mse')) continue;
    copyPath.push({
      what: `${key === 'simd' ? 'SIMD' : 'baseline'}: lab.loss('mse', Float32Array(1M), Float32Array(1M)) → { value, grad } (copies in and out)`,
      ms: measure(() => L.loss('mse', d.x, d.y).value).ms,
    });
    copyPath.push({
      what: `${key === 'simd' ? 'SIMD' : 'baseline'}: same with { grad: false } (copies in)`,
      ms: measure(() => L.loss('mse', d.x, d.y, { grad: false }).value).ms,
    });
  }
}

// ---- accuracy: 1M-element MSE vs an exact reference -----------------------------------------

const accuracy = [];
{
  const d = datasets.get(`reg-${SIZES[2]}`);
  // Neumaier-compensated f64 sum of exact f64 squares of f32 differences.
  let s = 0;
  let c = 0;
  for (let i = 0; i < d.n; i++) {
    const diff = d.x[i] - d.y[i];
    const v = diff * diff;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  const exact = (s + c) / d.n;
  const row = rows.find((r) => r.id === 'mse' && r.mode === 'value' && r.n === SIZES[2]);
  for (const impl of IMPLS) {
    const v = row?.values?.[impl.key];
    accuracy.push({ impl: impl.title, value: typeof v === 'number' ? v : null, rel: typeof v === 'number' ? Math.abs(v - exact) / exact : null });
  }
  accuracy.exact = exact;
}

// ---- network ----------------------------------------------------------------------------------

let network = null;
if (!flag('no-network')) {
  log('bench: network (epoch, heatmap, recall)');
  network = await runNetworkBench({ lab: labs.simd ?? labs.base, tfx, log });
  notes.push(...network.notes);
}

let why = null;
if (!flag('no-network')) {
  log('bench: loss landscape and influence (41×41, 200 points)');
  why = runWhyBench({ labs, nativeBin: flag('no-native') ? null : NATIVE_BIN, log });
  notes.push(...why.notes);
}

// The trainer in a browser: main-thread frame rate and epochs per frame while training.
let pageBench = null;
if (!flag('no-page')) {
  await settle();
  pageBench = await runPageBench({ log });
  notes.push(...pageBench.notes);
}

// ---- targets ----------------------------------------------------------------------------------

const find = (id, mode, n) => rows.find((r) => r.id === id && r.mode === mode && r.n === n && !r.missing);
const M = SIZES[2];
const netRow = (prefix) => network?.rows.find((r) => r.impl.startsWith(prefix) && !r.missing);
const speedup = (fast, slow) => (fast && slow ? slow / fast : null);
const targets = [
  { what: 'mse value, 1M: SIMD vs TF.js wasm', get: () => ratio(find('mse', 'value', M) ?? { times: {} }, 'tfwasm'), min: 8 },
  { what: 'mse value, 1M: SIMD vs plain JS', get: () => ratio(find('mse', 'value', M) ?? { times: {} }, 'js'), min: 8 },
  { what: 'mse value+grad, 1M: SIMD vs TF.js wasm tf.valueAndGrad', get: () => ratio(find('mse', 'grad', M) ?? { times: {} }, 'tfwasm'), min: 20 },
  { what: 'bce_with_logits value, 1M: SIMD vs TF.js wasm sigmoidCrossEntropy', get: () => ratio(find('bce_with_logits', 'value', M) ?? { times: {} }, 'tfwasm'), min: 3 },
  { what: 'bce_with_logits value, 1M: SIMD vs plain JS', get: () => ratio(find('bce_with_logits', 'value', M) ?? { times: {} }, 'js'), min: 4 },
  { what: 'cross_entropy value, 65536×16: SIMD vs TF.js wasm softmaxCrossEntropy', get: () => ratio(find('cross_entropy', 'value', M) ?? { times: {} }, 'tfwasm'), min: 3 },
  {
    what: 'cosine_similarity value, 65536×16: SIMD vs TF.js wasm cosineDistance (unit rows)',
    get: () => ratio(find('cosine_similarity', 'value', M) ?? { times: {} }, 'tfwasm'),
    min: 3,
  },
  // issue 13: each new row loss within 1.5x of the native build's time
  ...['dice', 'tversky', 'cosine_similarity'].flatMap((id) => ['value', 'grad'].map((mode) => ({
    what: `${id} ${mode === 'grad' ? 'value+grad' : 'value'}, 65536×16: wasm SIMD time / native LossLab time`,
    get: () => {
      const r = find(id, mode, M);
      const s = r?.times.simd?.ms;
      const n = r?.times.native?.ms;
      return s && n ? s / n : null;
    },
    max: 1.5,
  }))),
  { what: 'mse value, 1M: SIMD build vs baseline build', get: () => ratio(find('mse', 'value', M) ?? { times: {} }, 'base'), min: 3 },
  {
    what: 'mse value, 1M: wasm SIMD time / native LossLab time',
    get: () => {
      const r = find('mse', 'value', M);
      const s = r?.times.simd?.ms;
      const n = r?.times.native?.ms;
      return s && n ? s / n : null;
    },
    max: 1.5,
  },
  // The machine's limit (issue 15): LossLab SIMD's share of the plain C loop's speed.
  ...['mse', 'mae', 'huber', 'bce_with_logits'].flatMap((id) => [
    { what: `${id} value, 1M: SIMD as a fraction of the C limit`, get: () => ratio(find(id, 'value', M) ?? { times: {} }, 'limit'), min: 0.9 },
    { what: `${id} value+grad, 1M: SIMD as a fraction of the C limit`, get: () => ratio(find(id, 'grad', M) ?? { times: {} }, 'limit'), min: 0.8 },
  ]),
  // What WebAssembly itself allows: the same loops compiled to wasm SIMD by clang, in this
  // process. Informational (no threshold): the C limit above is the yardstick.
  ...['mse', 'mae', 'huber', 'bce_with_logits'].flatMap((id) => ['value', 'grad'].map((mode) => ({
    what: `${id} ${mode === 'grad' ? 'value+grad' : 'value'}, 1M: SIMD vs the same C loop compiled to wasm SIMD`,
    get: () => ratio(find(id, mode, M) ?? { times: {} }, 'wasmc'),
    info: true,
  }))),
  { what: 'mse value, 64k: SIMD as a fraction of the C limit', get: () => ratio(find('mse', 'value', SIZES[1]) ?? { times: {} }, 'limit'), min: 0.4 },
  { what: 'mse value, 64k: SIMD vs TF.js wasm', get: () => ratio(find('mse', 'value', SIZES[1]) ?? { times: {} }, 'tfwasm'), min: 8 },
  {
    what: "per-call overhead, 4 elements: LossLab SIMD lab.loss('mse', Float32Array, Float32Array) (µs, own process)",
    get: () => overhead.find((o) => o.what.startsWith("LossLab SIMD: lab.loss('mse', Float32Array"))?.us ?? null,
    max: 1,
    unit: 'µs',
  },
  { what: 'network epoch (250 circle points): LossLab vs Playground-style JS', get: () => speedup(netRow('LossLab')?.epoch?.ms, netRow('Playground')?.epoch?.ms), min: 5 },
  { what: 'heatmap 100×100: LossLab vs Playground-style JS', get: () => speedup(netRow('LossLab')?.heatmap?.ms, netRow('Playground')?.heatmap?.ms), min: 10 },
  {
    what: `loss landscape 41×41, 200 points, wasm SIMD: ms (issue 20: < ${LANDSCAPE_TARGET_MS} ms in Node 20)`,
    get: () => why?.rows.find((r) => r.impl.includes('SIMD') && !r.missing)?.landscape.ms ?? null,
    max: LANDSCAPE_TARGET_MS,
    unit: 'ms',
  },
  // The worker keeps the main thread free: the page draws at the display's rate while training.
  ...PAGE_CASES.map(([name]) => ({
    what: `trainer, ${name} network training: main-thread frame rate in headless Chromium`,
    get: () => pageBench?.rows.find((r) => r.name === name && !r.error)?.fps ?? null,
    min: 30,
    unit: 'fps',
  })),
  {
    what: `trainer, ${PAGE_CASES[0][0]} network training: epochs the worker fits into each frame`,
    get: () => pageBench?.rows.find((r) => r.name === PAGE_CASES[0][0] && !r.error)?.workerEpochsPerFrame ?? null,
    min: 10,
    unit: 'epochs',
  },
];
// An `info` row has no threshold: it is printed (wanted "—", met blank) and not counted.
for (const t of targets) {
  t.value = t.get();
  t.met = t.info || t.value == null ? null : t.min != null ? t.value >= t.min : t.value <= t.max;
  t.target = t.info ? '—' : t.unit === 'ms' ? `< ${t.max} ms` : t.min != null ? (t.unit ? `≥ ${t.min} ${t.unit}` : t.min < 1 ? `≥ ${t.min}` : `≥ ${t.min}x`) : t.unit ? `≤ ${t.max} ${t.unit}` : `≤ ${t.max}x`;
}
const counted = targets.filter((t) => !t.info);

// ---- print ------------------------------------------------------------------------------------

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
const envLine =
  `node ${process.version}, ${cpu}, ${os.cpus().length} cores, load average ${loadAtStart.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}; ` +
  `LossLab ${labs.simd ? 'SIMD' : '—'} + ${labs.base ? 'baseline' : '—'} (dist/); ` +
  `native ${nativeInfo ? `${nativeInfo.compiler} [${nativeInfo.arch}]` : 'n/a'}; ` +
  `TF.js ${tfx?.version ?? 'n/a'} wasm variant: ${tfx?.wasmVariant ?? 'n/a'}; BENCH_SCALE ${process.env.BENCH_SCALE ?? 1}`;
print('');
print('LossLab benchmark');
print(envLine);
print(`catalogue (${catalogue.length}): ${catalogue.join(', ') || '—'}`);
const cpuAtEnd = cpuSnapshot();
const othersShare =
  cpuAtStart && cpuAtEnd
    ? Math.max(0, cpuAtEnd.busy - cpuAtStart.busy - (cpuAtEnd.ours - cpuAtStart.ours)) / Math.max(1, cpuAtEnd.total - cpuAtStart.total)
    : null;
const busy = othersShare != null ? othersShare > 0.2 : Math.max(loadAtStart, os.loadavg()[0]) > 0.75 * os.cpus().length;
print(`other processes used ${othersShare == null ? '?' : `${(100 * othersShare).toFixed(0)}%`} of the machine's CPU while the bench ran`);
if (busy) {
  const w = `WARNING: the machine was busy (other processes took ${othersShare == null ? '?' : `${(100 * othersShare).toFixed(0)}%`} of its CPU; load average ${loadAtStart.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): timings are inflated and noisy; re-run on an idle machine for figures to quote.`;
  print(w);
  notes.push(w);
}
print('LossLab runs data-resident: inputs in LabBuffers, value with { grad: false }, value+grad with { gradInto } (triplets: all three gradients copied out).');
print('TF.js: tensors created outside the timed loop, value read with dataSync, value+grad = tf.valueAndGrad(s); native: losslab::compute on the same floats.');

printLossTables(rows, print);

print('\nTargets (issues 4 and 5)');
const targetCols = [
  { title: 'target', align: 'l' },
  { title: 'measured', align: 'r' },
  { title: 'wanted', align: 'r' },
  { title: '', align: 'l' },
];
const targetRows = targets.map((t) => [
  t.what,
  t.value == null ? 'n/a' : t.unit === 'ms' ? fmtMs(t.value) : t.unit || (t.min != null && t.min < 1) ? t.value.toFixed(2) : fmtRatio(t.value),
  t.target,
  t.info ? '' : t.met == null ? 'n/a' : t.met ? '✓' : '✗',
]);
print(table(targetCols, targetRows));

const netCols = [
  { title: 'network', align: 'l' },
  { title: 'epoch ms', align: 'r' },
  { title: 'heatmap ms', align: 'r' },
  { title: 'epoch ÷LossLab', align: 'r' },
  { title: 'heatmap ÷LossLab', align: 'r' },
  { title: 'loss after bench', align: 'r' },
];
let netRows = [];
if (network) {
  const ll = netRow('LossLab');
  netRows = network.rows.map((r) =>
    r.missing
      ? [r.impl, 'n/a', 'n/a', '—', '—', '—']
      : [
          r.impl,
          fmtMs(r.epoch.ms),
          fmtMs(r.heatmap.ms),
          fmtRatio(speedup(ll?.epoch?.ms, r.epoch.ms)),
          fmtRatio(speedup(ll?.heatmap?.ms, r.heatmap.ms)),
          r.loss == null ? '—' : Number(r.loss).toFixed(4),
        ],
  );
  print(`\nNetwork: [2, 4, 2, 1] tanh, SGD 0.03, batch 10, squared error; one epoch of 250 circle points; 100×100 heatmap`);
  print(`  data: ${network.source}; ÷LossLab = that implementation's time / LossLab's (anchors: TF.js layers 21 ms epoch, 32 ms heatmap)`);
  print(table(netCols, netRows));
  for (const r of network.rows.filter((x) => x.missing)) print(`  ${r.impl}: ${r.missing}`);
}

if (pageBench?.rows.length) {
  print(`\nTrainer in a browser: headless Chromium ${pageBench.chromium ?? ''}, build/site, bce_with_logits on circle, 3 s of training counted with requestAnimationFrame`);
  print(table(
    [
      { title: 'network', align: 'l' },
      { title: 'main thread fps', align: 'r' },
      { title: 'longest frame ms', align: 'r' },
      { title: 'epochs per frame', align: 'r' },
      { title: 'worker epochs per frame', align: 'r' },
      { title: 'heatmap', align: 'r' },
    ],
    pageBench.rows.map((r) => (r.error
      ? [r.name, 'n/a', 'n/a', 'n/a', 'n/a', r.error]
      : [r.name, r.fps.toFixed(1), r.longestFrameMs.toFixed(0), r.epochsPerFrame.toFixed(1), String(r.workerEpochsPerFrame), `${r.grid}×${r.grid}`])),
  ));
}

const whyCols = [
  { title: 'implementation', align: 'l' },
  { title: 'landscape 41×41 ms', align: 'r' },
  { title: 'influence ms', align: 'r' },
  { title: 'centre − evaluate', align: 'r' },
];
let whyRows = [];
if (why) {
  whyRows = why.rows.map((r) =>
    r.missing
      ? [r.impl, 'n/a', 'n/a', '—']
      : [r.impl, fmtMs(r.landscape.ms), fmtMs(r.influence.ms), (r.centre - r.evaluate).toExponential(1)],
  );
  print(`\nWhy a loss behaves so: net.landscape and net.influence (${WHY_SETUP})`);
  print(table(whyCols, whyRows));
  for (const r of why.rows.filter((x) => x.missing)) print(`  ${r.impl}: ${r.missing}`);
}

print('\nPer-call overhead: mse on 4 elements (µs per call, the better median of two rounds; "own process": the best of three fresh Node processes, and their range; "bench process": here, after the loss tables)');
const ovCols = [
  { title: 'call', align: 'l' },
  { title: 'own process', align: 'r' },
  { title: 'range', align: 'r' },
  { title: 'bench process', align: 'r' },
];
const usText = (v) => (v == null ? '—' : v.toFixed(2));
const ovRows = overhead.map((o) => [
  o.what,
  usText(o.us),
  o.runs?.length ? `${usText(Math.min(...o.runs))}–${usText(Math.max(...o.runs))}` : '',
  o.inBench == null ? '' : usText(o.inBench),
]);
print(table(ovCols, ovRows));
if (copyPath.length) {
  print('\nConvenience path, 1M floats (Float32Array in, results copied out), ms per call');
  print(table([{ title: 'call', align: 'l' }, { title: 'ms', align: 'r' }], copyPath.map((c) => [c.what, fmtMs(c.ms)])));
}

print(`\nAccuracy: 1M-element MSE vs exact (compensated f64) ${accuracy.exact?.toPrecision(12)}`);
print(
  table(
    [
      { title: 'implementation', align: 'l' },
      { title: 'value', align: 'r' },
      { title: 'relative error', align: 'r' },
    ],
    accuracy.map((a) => [a.impl, a.value == null ? '—' : a.value.toPrecision(10), a.rel == null ? '—' : a.rel.toExponential(2)]),
  ),
);

let recallRows = [];
if (network) {
  print('\nMinority-class recall on imbalanced (1 : 20), [2, 8, 8, 1] tanh, Adam 0.01, 40 epochs of 1000 points; test 4000 points');
  recallRows = network.recall.map((r) =>
    r.missing
      ? [r.label, 'n/a', '—']
      : [r.label, `${(100 * r.recall).toFixed(1)}% (${Math.round(r.recall * r.positives)}/${r.positives})`, `${(100 * r.accuracy).toFixed(1)}%`],
  );
  print(table([{ title: 'loss', align: 'l' }, { title: 'minority recall', align: 'r' }, { title: 'accuracy', align: 'r' }], recallRows));
  for (const m of new Set(network.recall.filter((x) => x.missing).map((x) => `${x.loss}: ${x.missing}`))) print(`  ${m}`);
}

print('\nChecks (values vs plain JS at the smallest size, gradients, tensor leaks):');
print(checks.length ? checks.map((c) => `  ${c}`).join('\n') : '  all implementations agree with the plain-JS reference within tolerance');
{
  // Cells whose samples disagree most (bimodal or disturbed): a hint of how far to trust them.
  const spread = [];
  for (const r of rows) {
    for (const [k, t] of Object.entries(r.times ?? {})) {
      if (t?.samples >= 5 && t.ms > 0.05) spread.push({ what: `${r.id} ${r.mode === 'grad' ? 'value+grad' : 'value'} ${r.size} ${k}`, q: t.max / t.min, t });
    }
  }
  spread.sort((a, b) => b.q - a.q);
  const worst = spread.filter((x) => x.q > 2).slice(0, 6);
  if (worst.length) {
    notes.push(`widest sample spread (max/min within one cell): ${worst.map((x) => `${x.what} ${fmtMs(x.t.min)}–${fmtMs(x.t.max)} ms`).join('; ')}`);
  }
}
notes.push(`time spent measuring, per implementation (s): ${Object.entries(spent).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
if (notes.length) {
  print('\nNotes:');
  for (const n of notes) print(`  - ${n}`);
}

const met = counted.filter((t) => t.met === true).length;
const unmet = counted.filter((t) => t.met === false).length;
const na = counted.filter((t) => t.met == null).length;
const m1 = find('mse', 'value', M);
const headline = m1
  ? `mse 1M value: SIMD ${fmtMs(m1.times.simd?.ms)} ms = ${fmtRatio(ratio(m1, 'tfwasm'))} TF.js-wasm, ${fmtRatio(ratio(m1, 'js'))} plain JS, ${fmtRatio(ratio(m1, 'base'))} baseline; native ${fmtMs(m1.times.native?.ms)} ms`
  : 'mse not measured';
const total = elapsed();
const summary = `SUMMARY: ${met}/${counted.length} targets met (${unmet} missed, ${na} n/a) · ${headline} · bench ${total} s${busy ? ' · MACHINE BUSY: figures unreliable' : ''}`;
print('');
print(summary);

// ---- files ------------------------------------------------------------------------------------

mkdirSync(OUT, { recursive: true });
const strip = (t) => (t ? { ms: t.ms, min: t.min, max: t.max, samples: t.samples, inner: t.inner } : null);
const results = {
  date: new Date().toISOString(),
  environment: {
    node: process.version,
    cpu,
    cores: os.cpus().length,
    loadavg: os.loadavg(),
    otherProcessesCpuShare: othersShare,
    losslab: { simd: !!labs.simd, baseline: !!labs.base, catalogue },
    native: nativeInfo,
    tfjs: tfx ? { version: tfx.version, backends: tfx.backends, wasmVariant: tfx.wasmVariant, wasmFlags: tfx.wasmFlags } : null,
    benchScale: Number(process.env.BENCH_SCALE ?? 1),
    timing: DEFAULTS,
  },
  losses: rows.map((r) => ({
    family: r.family,
    id: r.id,
    mode: r.mode,
    n: r.n,
    size: r.size,
    missing: !!r.missing,
    ms: Object.fromEntries(IMPLS.map((i) => [i.key, r.times?.[i.key]?.ms ?? null])),
    timing: Object.fromEntries(IMPLS.map((i) => [i.key, strip(r.times?.[i.key])])),
    value: r.values ?? {},
    errors: r.errors ?? {},
  })),
  targets: targets.map(({ what, value, target, met: ok, info }) => ({ what, value, target, met: ok, info: !!info })),
  network: network
    ? {
        source: network.source,
        rows: network.rows.map((r) => ({ impl: r.impl, missing: r.missing ?? null, epochMs: r.epoch?.ms ?? null, heatmapMs: r.heatmap?.ms ?? null, loss: r.loss ?? null })),
        recall: network.recall,
      }
    : null,
  why: why
    ? why.rows.map((r) => ({ impl: r.impl, missing: r.missing ?? null, landscapeMs: r.landscape?.ms ?? null, influenceMs: r.influence?.ms ?? null, centre: r.centre ?? null, evaluate: r.evaluate ?? null }))
    : null,
  page: pageBench ? { chromium: pageBench.chromium ?? null, rows: pageBench.rows } : null,
  overheadUs: overhead,
  copyPathMs: copyPath,
  accuracy: { exact: accuracy.exact, rows: [...accuracy] },
  checks,
  notes,
  secondsPerImplementation: spent,
  summary,
  totalSeconds: Number(total),
};
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');

// Markdown for the README: targets, the 1M rows of every table, network, overhead, recall.
const md = [];
md.push('## Benchmarks');
md.push('');
md.push(`\`npm run bench\` on ${cpu} (${os.cpus().length} cores), node ${process.version}; TF.js ${tfx?.version ?? 'n/a'} (wasm: ${tfx?.wasmVariant ?? 'n/a'}); native ${nativeInfo ? `${nativeInfo.compiler}, ${nativeInfo.arch}` : 'n/a'}. Medians of repeated runs; data already in memory (LabBuffers for LossLab, tensors for TF.js).`);
md.push('');
md.push('### Targets');
md.push('');
md.push(mdTable(targetCols.slice(0, 3).concat([{ title: 'met', align: 'l' }]), targetRows));
md.push('');
md.push('### Losses at 1M elements (ms per call; multi-class 65536×16, triplets 32768×32)');
md.push('');
const mdCols = [{ title: 'loss', align: 'l' }, { title: 'mode', align: 'l' }, ...IMPLS.map((i) => ({ title: i.title, align: 'r' })), { title: 'SIMD vs tfjs-wasm', align: 'r' }, { title: 'SIMD vs JS', align: 'r' }];
md.push(
  mdTable(
    mdCols,
    rows
      .filter((r) => r.n === M)
      .map((r) =>
        r.missing
          ? [r.id, r.mode === 'grad' ? 'value+grad' : 'value', ...IMPLS.map(() => 'n/a'), '', '']
          : [
              r.id,
              r.mode === 'grad' ? 'value+grad' : 'value',
              ...IMPLS.map((i) => (r.times[i.key] ? fmtMs(r.times[i.key].ms) : '—')),
              fmtRatio(ratio(r, 'tfwasm')),
              fmtRatio(ratio(r, 'js')),
            ],
      ),
  ),
);
if (network) {
  md.push('');
  md.push('### Network (TensorFlow Playground default: [2, 4, 2, 1] tanh, 250 circle points, batch 10, SGD)');
  md.push('');
  md.push(mdTable(netCols, netRows));
  md.push('');
  md.push('### Minority-class recall on `imbalanced` (1 : 20)');
  md.push('');
  md.push(mdTable([{ title: 'loss', align: 'l' }, { title: 'minority recall', align: 'r' }, { title: 'accuracy', align: 'r' }], recallRows));
}
if (why) {
  md.push('');
  md.push(`### Loss landscape and influence (${WHY_SETUP})`);
  md.push('');
  md.push(mdTable(whyCols, whyRows));
}
md.push('');
md.push('### Per-call overhead (mse, 4 elements)');
md.push('');
md.push(mdTable(ovCols, ovRows));
md.push('');
md.push(`Accuracy (1M-element MSE, relative error vs exact): ${accuracy.filter((a) => a.rel != null).map((a) => `${a.impl} ${a.rel.toExponential(1)}`).join(', ')}.`);
md.push('');
md.push(summary.replace(/^SUMMARY: /, '**Summary:** '));
md.push('');
writeFileSync(path.join(OUT, 'summary.md'), md.join('\n'));
writeFileSync(path.join(OUT, 'output.txt'), lines.join('\n') + '\n');
log(`bench: wrote ${path.relative(ROOT, path.join(OUT, 'results.json'))}, summary.md, output.txt`);

// Free LossLab and tfjs state before exiting (and exit explicitly: tfjs keeps timers alive).
process.exit(0);
