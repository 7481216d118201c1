// The lab: what createLossLab() resolves to, built over a loaded Emscripten module.
import { LossLabError, fail, show } from './errors.js';
import { Heap, LabBuffer, Scratch, checkLength } from './memory.js';
import { LossRunner } from './loss.js';
import { NetworkRunner } from './network.js';

/** Public view of a catalogue entry: { id, family, options: {name: default}, formula, … }. */
function describe(spec) {
  const options = { reduction: 'mean' };
  for (const o of spec.options) options[o.name] = o.default;
  if (spec.defaultExpr !== undefined) options.expr = spec.defaultExpr;
  return Object.freeze({
    id: spec.id,
    name: spec.name,
    family: spec.family,
    options: Object.freeze(options),
    formula: spec.formula,
    summary: spec.summary,
    useCase: spec.useCase,
    input: spec.inputDoc,
    target: spec.targetDoc,
    targetKind: spec.target,
    inputKind: spec.inputKind,
    /** The input kind with the default options (from_logits applied). */
    defaultInputKind: spec.defaultInputKind,
    /** The output head a network puts before this loss (with the default options). */
    head: spec.head,
    /** Whether lab.network trains with it; `notTrainable` says why not. */
    trains: spec.trains,
    notTrainable: spec.notTrainable,
    /** Why the page's 2-D trainer does not offer it ("" when it does): ctc needs sequences. */
    trainerNote: spec.trainerNote,
    layout: spec.layout,
    /** The width input rows must have (gaussian_nll: 2), 0 for any; a flat input is read so. */
    columns: spec.columns,
    /** True when a flat input is one row of all its values (dice, tversky: one mask). */
    flatIsOneRow: spec.flatIsOneRow,
    reductions: spec.meanOnly ? ['mean'] : ['mean', 'sum', 'none'],
    optionSpecs: Object.freeze(spec.options.map((o) => Object.freeze({ ...o }))),
  });
}

/**
 * @param {object} module  a loaded Emscripten module (either flavour)
 * @param {{ simd: boolean }} info
 */
export function createLab(module, { simd }) {
  const heap = new Heap(module);
  const scratch = new Scratch(heap);
  const catalogue = JSON.parse(module.catalogueJson());
  const runner = new LossRunner(module, heap, scratch, catalogue);
  const losses = Object.freeze(catalogue.map(describe));
  const networks = new NetworkRunner(module, heap, scratch, runner);

  const lab = {
    simd,
    losses,
    LossLabError,
    /** Value and gradient of loss `id`; see the README for shapes and options. */
    loss(id, input, target, options) {
      return runner.run(id, input, target, options);
    },
    /** A `custom` expression checked and typeset: { text, latex }; throws BAD_OPTION if malformed. */
    expression(text) {
      if (typeof text !== 'string') fail('BAD_OPTION', `expression: expected a string such as "abs(x - y)^1.5"; got ${show(text)}`);
      const latex = module.expressionLatex(text);
      if (!latex) runner.raise();
      return Object.freeze({ text, latex });
    },
    /** Floats in wasm memory: `lab.buffer(1024)` or `lab.buffer(float32Data)`. */
    buffer(lengthOrData) {
      if (typeof lengthOrData === 'number') {
        checkLength(lengthOrData, 'buffer: length');
        return new LabBuffer(heap, lengthOrData);
      }
      const isArrayLike = Array.isArray(lengthOrData) || (ArrayBuffer.isView(lengthOrData) && !(lengthOrData instanceof DataView));
      if (!isArrayLike) fail('BAD_OPTION', `buffer: expected a length or an array of numbers; got ${show(lengthOrData)}`);
      checkLength(lengthOrData.length, 'buffer: data length');
      if (Array.isArray(lengthOrData)) {
        const i = lengthOrData.findIndex((v) => typeof v !== 'number');
        if (i >= 0) fail('NOT_FINITE', `buffer: data[${i}] = ${show(lengthOrData[i])} is not a number`);
      }
      const b = new LabBuffer(heap, lengthOrData.length);
      try {
        return b.set(lengthOrData);
      } catch (e) {
        b.free(); // refused data (BigInt, …): do not keep the block until GC
        throw e;
      }
    },
    /** The datasets lab.dataset() makes: [{ id, task, dims, classes, minClasses, maxClasses, summary }]. */
    datasets: networks.catalogue.datasets,
    /** The network catalogue: { activations, optimizers, limits, defaults, datasets, datasetOptions }. */
    networkCatalogue: networks.catalogue,
    /** A seeded dataset: { x, y, dims, task, classes } (and, for regression, clean: the noise-free values). */
    dataset(id, options) {
      return networks.dataset(id, options);
    },
    /** A small MLP from settings, or from what net.toJSON() saved. */
    network(settingsOrJson) {
      return networks.create(settingsOrJson);
    },
    /** { wasmBytes, inUseBytes }, like tf.memory(). */
    memory() {
      return { wasmBytes: heap.bytes, inUseBytes: module.heapInUse() };
    },
  };
  return lab;
}
