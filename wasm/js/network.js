// lab.network() and lab.dataset(): a thin layer over the core's MLP and dataset generators.
// Networks live in wasm memory behind a handle: dispose() frees one, and a forgotten
// network is freed by a FinalizationRegistry.
import { fail, show } from './errors.js';
import { flatten } from './arrays.js';
import { LabBuffer } from './memory.js';

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ module, handle }) => module.networkDispose(handle))
    : null;

/** A parsed JSON value frozen all the way down. */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export class NetworkRunner {
  /** @param {import('./loss.js').LossRunner} losses  for its error reporting and wire layout */
  constructor(module, heap, scratch, losses) {
    this.module = module;
    this.heap = heap;
    this.scratch = scratch;
    this.check = (code) => losses.check(code);
    this.raise = () => losses.raise();
    this.layout = losses.layout;
    this.wireAddress = module.wireAddress();
    /** The core's network catalogue: every limit here is read from it, none restated. */
    this.catalogue = deepFreeze(JSON.parse(module.networkCatalogueJson()));
  }

  wire(slot) {
    return this.heap.f64[(this.wireAddress >> 3) + slot];
  }

  /** Copies arrays in (unless they are LabBuffers) and returns their addresses. */
  place(parts) {
    this.scratch.reserve(parts.reduce((s, p) => s + (p && !p.buffer ? p.length : 0), 0));
    return parts.map((p) => {
      if (!p) return 0;
      if (p.buffer) return p.buffer.pointer;
      const at = this.scratch.take(p.length);
      this.heap.f32.set(p.data, at >> 2);
      return at;
    });
  }

  create(settings) {
    let json;
    if (typeof settings === 'string') json = settings;
    else if (settings !== null && typeof settings === 'object' && !Array.isArray(settings)) {
      try {
        json = JSON.stringify(settings);
      } catch (e) {
        fail('BAD_OPTION', `network: settings cannot be serialised: ${e.message}`);
      }
    } else {
      fail('BAD_OPTION', `network: expected a settings object or saved JSON; got ${show(settings)}`);
    }
    if (typeof json !== 'string') {
      fail('BAD_OPTION', `network: settings serialise to ${show(json)}, not to JSON text`);
    }
    const handle = this.module.networkCreate(json);
    if (!handle) this.raise();
    return new Network(this, handle);
  }

  dataset(id, options) {
    const { datasets, datasetOptions: limits } = this.catalogue;
    const entry = typeof id === 'string' ? datasets.find((d) => d.id === id) : undefined;
    if (!entry) {
      fail('BAD_OPTION', `dataset: unknown dataset ${show(id)}; known: ${datasets.map((d) => d.id).join(', ')}`);
    }
    const known = ['n', 'noise', 'seed', 'classes'];
    const given = optionsObject(options, 'dataset', known);
    const { n = limits.n.default, noise = limits.noise.default, seed = limits.seed.default, classes = 0 } = given;
    // n and seed by the catalogue's limits; whether `classes` fits this dataset, the core says.
    const whole = (v, name, lo, hi) => {
      if (!Number.isInteger(v) || v < lo || v > hi) {
        fail('BAD_OPTION', `dataset: option '${name}' = ${show(v)} must be a whole number from ${lo} to ${hi}`);
      }
    };
    whole(n, 'n', limits.n.min, limits.n.max);
    whole(seed, 'seed', limits.seed.min, limits.seed.max);
    whole(classes, 'classes', 0, 2 ** 31 - 1);
    if (typeof noise !== 'number' || !Number.isFinite(noise)) {
      fail('BAD_OPTION', `dataset: option 'noise' = ${show(noise)} must be a number from ${limits.noise.min} to ${limits.noise.max}`);
    }
    this.check(this.module.datasetMake(id, n, noise, seed, classes));
    try {
      const info = JSON.parse(this.module.datasetInfoJson());
      const f32 = this.heap.f32;
      const x = f32.slice(this.module.datasetX() >> 2, (this.module.datasetX() >> 2) + info.xLength);
      const yRaw = f32.subarray(this.module.datasetY() >> 2, (this.module.datasetY() >> 2) + info.yLength);
      const y = info.task === 'classification' ? Int32Array.from(yRaw) : Float32Array.from(yRaw);
      const out = { x, y, dims: info.dims, task: info.task, classes: info.classes };
      // Regression sets: the noise-free value at each point (the function before noise and outliers).
      if (info.cleanLength) out.clean = f32.slice(this.module.datasetClean() >> 2, (this.module.datasetClean() >> 2) + info.cleanLength);
      return out;
    } finally {
      this.module.datasetRelease();
    }
  }
}

/** `options` as a plain object with only `known` keys (undefined: {}), or a BAD_OPTION error. */
function optionsObject(options, where, known) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('BAD_OPTION', `${where}: options must be an object; got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail('BAD_OPTION', `${where}: unknown option '${key}'; options are ${known.join(', ')}`);
  }
  return options;
}

/**
 * A Float32Array copy of flattened data (from an array, typed array or LabBuffer), written
 * into `reuse` when it has the right length: fit runs once per epoch in a training loop, and
 * a new copy each time would cost more than a small network's epoch.
 */
function copyOf(flat, reuse) {
  const source = flat.buffer ? flat.buffer.view() : flat.data;
  const out = reuse?.length === flat.length ? reuse : new Float32Array(flat.length);
  out.set(source);
  return out;
}

/** A small MLP trained with any catalogue loss. */
export class Network {
  #runner;
  #handle;
  /** A copy of the data of the last successful fit: what landscape() measures by default. */
  #fitData = null;
  constructor(runner, handle) {
    this.#runner = runner;
    this.#handle = handle;
    registry?.register(this, { module: runner.module, handle }, this);
  }

  get #live() {
    if (!this.#handle) fail('BAD_OPTION', 'network: this network has been disposed');
    return this.#handle;
  }

  /** { inputSize, outputSize, predictionSize, classes, epochs, parameters, task }. */
  get info() {
    const json = this.#runner.module.networkInfoJson(this.#live);
    if (!json) this.#runner.raise();
    return JSON.parse(json);
  }

  get disposed() {
    return this.#handle === 0;
  }

  /** Trains `epochs` epochs (default 1); returns the mean training loss of the last one. */
  fit(x, y, options = {}) {
    const handle = this.#live;
    const { epochs = 1 } = optionsObject(options, 'network.fit', ['epochs']);
    const r = this.#runner;
    const { min, max } = r.catalogue.limits.epochsPerFit;
    if (!Number.isInteger(epochs) || epochs < min || epochs > max) {
      fail('BAD_OPTION', `network.fit: option 'epochs' = ${show(epochs)} must be a whole number from ${min} to ${max}`);
    }
    const xs = flatten(x, 'x', 'network.fit', r.heap);
    const ys = flatten(y, 'y', 'network.fit', r.heap);
    const [xp, yp] = r.place([xs, ys]);
    r.check(r.module.networkFit(handle, xp, xs.length, yp, ys.length, epochs));
    const loss = r.wire(r.layout.result);
    this.#fitData = { x: copyOf(xs, this.#fitData?.x), y: copyOf(ys, this.#fitData?.y) };
    return loss;
  }

  /** Predictions, `info.predictionSize` floats per sample (see the README). */
  predict(x) {
    const handle = this.#live;
    const r = this.#runner;
    const xs = flatten(x, 'x', 'network.predict', r.heap);
    const { inputSize, predictionSize } = this.info;
    const rows = Math.floor(xs.length / inputSize);
    const outLength = rows * predictionSize;
    const [xp] = r.place([xs]);
    const out = r.heap.malloc(Math.max(outLength, 1) * 4);
    try {
      r.check(r.module.networkPredict(handle, xp, xs.length, out, outLength));
      return r.heap.f32.slice(out >> 2, (out >> 2) + outLength);
    } finally {
      r.heap.free(out);
    }
  }

  /** { loss, accuracy } for classification, { loss, r2 } for regression. */
  evaluate(x, y) {
    const handle = this.#live;
    const r = this.#runner;
    const xs = flatten(x, 'x', 'network.evaluate', r.heap);
    const ys = flatten(y, 'y', 'network.evaluate', r.heap);
    const [xp, yp] = r.place([xs, ys]);
    r.check(r.module.networkEvaluate(handle, xp, xs.length, yp, ys.length));
    const loss = r.wire(r.layout.result);
    const accuracy = r.wire(r.layout.aux1);
    const r2 = r.wire(r.layout.aux2);
    return Number.isNaN(accuracy) ? { loss, r2 } : { loss, accuracy };
  }

  /**
   * One float per cell of a width × height grid over [x0, x1] × [y0, y1] (row 0 at y0), for
   * heatmaps: P(class 1), class + 0.999·p for multi-class, or the value. Pass a LabBuffer
   * as `into` to paint every frame without allocating.
   */
  predictGrid(grid = {}, into = null) {
    const handle = this.#live;
    const r = this.#runner;
    const { x0 = -6, x1 = 6, y0 = 6, y1 = -6, width = 100, height = 100 } =
      optionsObject(grid, 'network.predictGrid', ['x0', 'x1', 'y0', 'y1', 'width', 'height']);
    const side = r.catalogue.limits.gridSide;
    for (const [name, v] of Object.entries({ width, height })) {
      if (!Number.isInteger(v) || v < side.min || v > side.max) {
        fail('BAD_OPTION', `network.predictGrid: '${name}' = ${show(v)} must be a whole number from ${side.min} to ${side.max}`);
      }
    }
    for (const [name, v] of Object.entries({ x0, x1, y0, y1 })) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail('BAD_OPTION', `network.predictGrid: '${name}' = ${show(v)} must be a finite number`);
      }
    }
    const cells = width * height;
    if (into !== null && into !== undefined) {
      if (!(into instanceof LabBuffer) || into.freed || !into.belongsTo(r.heap) || into.length !== cells) {
        fail('BAD_OPTION', `network.predictGrid: 'into' must be a live LabBuffer of ${cells} floats made by this lab; got ${show(into)}`);
      }
      r.check(r.module.networkPredictGrid(handle, x0, x1, y0, y1, width, height, into.pointer));
      return into;
    }
    r.scratch.reserve(cells);
    const out = r.scratch.take(cells);
    r.check(r.module.networkPredictGrid(handle, x0, x1, y0, y1, width, height, out));
    return r.heap.f32.slice(out >> 2, (out >> 2) + cells);
  }

  /**
   * Each sample's share of the gradient of the loss with respect to the network's output
   * (‖∂ℓᵢ/∂z‖ / Σⱼ‖∂ℓⱼ/∂z‖; the shares sum to 1, or are all 0 when the loss pulls nowhere),
   * under the network's loss or `{ loss, lossOptions }`: another loss of the same head at the
   * current weights. One float per sample.
   */
  influence(x, y, options = {}) {
    const handle = this.#live;
    const r = this.#runner;
    const where = 'network.influence';
    const { loss, lossOptions } = optionsObject(options, where, ['loss', 'lossOptions']);
    if (loss !== undefined && (typeof loss !== 'string' || loss === '')) {
      fail('BAD_OPTION', `${where}: option 'loss' = ${show(loss)} must be a loss id such as 'huber'`);
    }
    if (lossOptions !== undefined && (lossOptions === null || typeof lossOptions !== 'object' || Array.isArray(lossOptions))) {
      fail('BAD_OPTION', `${where}: option 'lossOptions' must be an object such as { gamma: 2 }; got ${show(lossOptions)}`);
    }
    const optionsJson = lossOptions === undefined ? '' : JSON.stringify(lossOptions, (key, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
    const xs = flatten(x, 'x', where, r.heap);
    const ys = flatten(y, 'y', where, r.heap);
    const rows = Math.floor(xs.length / this.info.inputSize);
    const [xp, yp] = r.place([xs, ys]);
    const out = r.heap.malloc(Math.max(rows, 1) * 4);
    try {
      r.check(r.module.networkInfluence(handle, xp, xs.length, yp, ys.length, loss ?? '', optionsJson, out, rows));
      return r.heap.f32.slice(out >> 2, (out >> 2) + rows);
    } finally {
      r.heap.free(out);
    }
  }

  /**
   * The loss landscape around the current weights: size × size training losses (row-major,
   * row 0 at b = −span) at θ + a·d₁ + b·d₂, a and b in [−span, span], d₁ and d₂ random
   * directions from `seed`, normalised filter-wise (Li et al. 2018). Measured on `{ x, y }`,
   * by default the data of the last fit. The weights are restored exactly.
   */
  landscape(options = {}) {
    const handle = this.#live;
    const r = this.#runner;
    const where = 'network.landscape';
    const { landscape: defaults, limits } = r.catalogue;
    const given = optionsObject(options, where, ['size', 'span', 'seed', 'x', 'y']);
    const { size = defaults.size, span = defaults.span, seed = defaults.seed } = given;
    const side = limits.landscapeSide;
    if (!Number.isInteger(size) || size < side.min || size > side.max) {
      fail('BAD_OPTION', `${where}: option 'size' = ${show(size)} must be a whole number from ${side.min} to ${side.max}`);
    }
    if (typeof span !== 'number' || !Number.isFinite(span) || !(span > 0)) {
      fail('BAD_OPTION', `${where}: option 'span' = ${show(span)} must be a finite number > 0`);
    }
    if (!Number.isInteger(seed) || seed < limits.seed.min || seed > limits.seed.max) {
      fail('BAD_OPTION', `${where}: option 'seed' = ${show(seed)} must be a whole number from ${limits.seed.min} to ${limits.seed.max}`);
    }
    if ((given.x === undefined) !== (given.y === undefined)) {
      fail('BAD_OPTION', `${where}: pass both 'x' and 'y', or neither (the data of the last fit)`);
    }
    let xs;
    let ys;
    if (given.x !== undefined) {
      xs = flatten(given.x, 'x', where, r.heap);
      ys = flatten(given.y, 'y', where, r.heap);
    } else if (this.#fitData) {
      xs = { data: this.#fitData.x, length: this.#fitData.x.length };
      ys = { data: this.#fitData.y, length: this.#fitData.y.length };
    } else {
      fail('BAD_OPTION', `${where}: no training data yet; call fit(x, y) first, or pass { x, y }`);
    }
    const cells = size * size;
    const [xp, yp] = r.place([xs, ys]);
    const out = r.heap.malloc(cells * 4);
    try {
      r.check(r.module.networkLandscape(handle, xp, xs.length, yp, ys.length, size, span, seed, out, cells));
      return r.heap.f32.slice(out >> 2, (out >> 2) + cells);
    } finally {
      r.heap.free(out);
    }
  }

  /** Back to the initial weights for the seed. */
  reset() {
    this.#runner.check(this.#runner.module.networkReset(this.#live));
    return this;
  }

  /** Settings and weights, for lab.network(json). */
  toJSON() {
    const json = this.#runner.module.networkToJson(this.#live);
    if (!json) this.#runner.raise();
    return JSON.parse(json);
  }

  /** Frees the network's memory; using it afterwards is a BAD_OPTION error. */
  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#runner.module.networkDispose(this.#handle);
    this.#handle = 0;
  }
}
