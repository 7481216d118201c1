// Type definitions for losslab (hand-written; checked with `tsc --strict` by the tests).
// The unions marked `@catalogue` are written from the core's catalogues when the package is
// built (scripts/types.mjs), so the ids are never typed twice; here they read as `string`.
// The DOM's types: the custom elements (`losslab/elements`) and WebAssembly.Module.
/// <reference lib="dom" />

export type ErrorCode =
  | 'UNKNOWN_LOSS'
  | 'SHAPE_MISMATCH'
  | 'EMPTY_INPUT'
  | 'NOT_FINITE'
  | 'OUT_OF_DOMAIN'
  | 'BAD_LABEL'
  | 'BAD_OPTION'
  | 'INTERNAL';

export declare class LossLabError extends Error {
  readonly name: 'LossLabError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string);
}

export type LossId = /* @catalogue loss ids */ string;

export type Family = 'regression' | 'binary' | 'multiclass' | 'multilabel' | 'embedding' | 'ranking' | 'custom'
  | 'sequence';
export type Reduction = 'mean' | 'sum' | 'none';

/** Floats in wasm memory, accepted wherever LossLab takes an array (zero copy). */
export interface LabBuffer {
  readonly length: number;
  readonly freed: boolean;
  /** A Float32Array over the buffer; call again after memory grows. */
  view(): Float32Array;
  set(data: ArrayLike<number>, offset?: number): this;
  free(): void;
}

export type Values = readonly number[] | Float32Array | Float64Array | LabBuffer;
export type Rows = ReadonlyArray<readonly number[] | Float32Array | Float64Array>;
export type Input = Values | Rows;
export type ClassIndices = readonly number[] | Int32Array | Float32Array | Float64Array | LabBuffer;
/** `multilabel_margin`: [N, C] rows of class indices, each list ended by −1 (e.g. [[3, 0, -1, -1]]). */
export type LabelLists = ReadonlyArray<readonly number[] | Int32Array | Float32Array> | ClassIndices;
export interface TripletTarget {
  positive: Input;
  negative: Input;
}
/**
 * `cosine_embedding` (x1 rows [N, D]) and `margin_ranking` (x1 [N]): x2 of x1's shape and one
 * label per pair, exactly −1 or +1 (+1: similar / x1 should rank higher).
 */
export interface PairTarget {
  other: Input;
  label: readonly number[] | Int32Array | Float32Array | Float64Array | LabBuffer;
}
/** Whole numbers: an array or an Int32Array (other typed arrays are checked to hold integers). */
export type Integers = readonly number[] | Int32Array | Float32Array | Float64Array;
/**
 * `ctc`: the target label sequences, as PyTorch's CTCLoss takes them. `labels` are classes in
 * [0, C) other than `blank`, concatenated (length Σ targetLengths) or padded [N, S] (rows, or
 * flat N·S values; each row's first targetLengths[b] labels count, the rest is ignored).
 * `inputLengths[b]` ≤ T time steps of sample b count; `targetLengths[b]` ≥ 0.
 */
export interface SequenceTarget {
  labels: Integers | ReadonlyArray<readonly number[] | Int32Array>;
  inputLengths: Integers;
  targetLengths: Integers;
}
export type Target = Input | ClassIndices | LabelLists | TripletTarget | PairTarget | SequenceTarget;

export interface LossOptions {
  reduction?: Reduction;
  /** false: value only (`grad` is then null). Default true. */
  grad?: boolean;
  /**
   * Write the gradient into this buffer instead of a new Float32Array. The pair losses take
   * x1's gradient there (x2's then comes back as a new array), or `{ input, other }` for both.
   */
  gradInto?: LabBuffer | { input: LabBuffer; other: LabBuffer };
  /**
   * C, for a flat [N, C] input (D for `dice`, `tversky` and `cosine_similarity` rows; without it
   * a flat `dice`/`tversky` input is one mask).
   */
  classes?: number;
  /** D, for flat triplet and cosine_embedding inputs. */
  dim?: number;
  /** `ctc`: T, the time steps of a flat [T, N, C] input (with `classes` C). */
  time?: number;
  /** `ctc`: the blank class, in [0, C) (default 0). */
  blank?: number;
  /** `ctc`: count an impossible alignment (+Infinity) as 0, with zero gradient (default false). */
  zero_infinity?: boolean;
  delta?: number;
  /** smooth_l1's β; tversky's weight of the false negatives. */
  beta?: number;
  /** binary_focal's α (focal: one per class); tversky's weight of the false positives. */
  alpha?: number | readonly number[] | Float32Array;
  gamma?: number;
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
  label_smoothing?: number;
  ignore_index?: number;
  from_logits?: boolean;
  weight?: readonly number[] | Float32Array | Float64Array;
  pos_weight?: number | readonly number[] | Float32Array | Float64Array;
  /** `quantile`: the quantile level, in (0, 1) (default 0.5). */
  q?: number;
  /** `poisson_nll`: the input is log-rates (default true) or rates ≥ 0. */
  log_input?: boolean;
  /** `poisson_nll`, `gaussian_nll`: add the constant terms of the full negative log-likelihood. */
  full?: boolean;
  /**
   * Every loss: one weight ≥ 0 per sample (per element for element-wise losses, per row for
   * row losses, per pair for the pair losses), or one number for all. 'none' returns w·l,
   * 'sum' Σ w·l, 'mean' Σ w·l / N (Keras's sample_weight); the gradient is w·∂l (for pairs
   * both gradients).
   */
  sample_weight?: number | readonly number[] | Float32Array | Float64Array;
  /** `custom`: an expression in x and y, e.g. "abs(x - y)^1.5". */
  expr?: string;
}

export interface TripletGrad {
  anchor: Float32Array;
  positive: Float32Array;
  negative: Float32Array;
}

/** The pair losses' gradients: d(value)/d(x1) (`input`, shaped like the flat x1; the
 *  `gradInto` buffer when one was given) and d(value)/d(x2) (`other`, the same shape; the
 *  `gradInto.other` buffer when given). */
export interface PairGrad {
  input: Float32Array | LabBuffer;
  other: Float32Array | LabBuffer;
}

export interface LossResult {
  /** The reduced value, or one term per element / row for reduction 'none'. */
  value: number | Float32Array;
  /**
   * d(value)/d(input), shaped like the flat input — for `gaussian_nll` rows of
   * (∂/∂mean, ∂/∂variance); for `triplet_margin` one array per input; for `cosine_embedding`
   * and `margin_ranking` `{ input, other }`.
   * For `ctc` [T, N, C]: the true derivative with respect to the log-probabilities (0 for an
   * impossible sample and beyond each inputLengths[b]). PyTorch's ctc_loss backward returns
   * another quantity (pytorch#52241), the gradient with respect to logits under log_softmax:
   * grad + s_b·exp(input) on sample b's first inputLengths[b] steps, s_b = 1 for 'sum' and
   * 'none', 1 / (N·max(targetLengths[b], 1)) for 'mean'.
   */
  grad: Float32Array | LabBuffer | TripletGrad | PairGrad | null;
}

export interface OptionSpec {
  name: string;
  kind: 'number' | 'integer' | 'boolean' | 'vector';
  default: number | boolean | null;
  min: number | null;
  max: number | null;
  minOpen: boolean;
  maxOpen: boolean;
  choices: number[];
  /** Vectors: how long they must be ('terms': one per element or row, or 1); '' otherwise. */
  length: '' | 'classes' | 'elements-or-classes' | 'one-or-classes' | 'terms';
  range: string;
  doc: string;
}

export type InputKind =
  | 'values' | 'probabilities' | 'logits' | 'log-probabilities' | 'scores' | 'embeddings'
  | 'rates' | 'log-rates' | 'mean-variance' | 'distances';
export type OutputHead = 'linear' | 'above-minus-one' | 'sigmoid' | 'softmax' | 'log-softmax' | 'exp' | 'mean-variance';

export interface LossInfo {
  id: LossId;
  /** For people: "Mean squared error (MSE, L2)". */
  name: string;
  family: Family;
  options: Readonly<Record<string, number | boolean | string | null>>;
  /** LaTeX. */
  formula: string;
  summary: string;
  useCase: string;
  input: string;
  target: string;
  targetKind: string;
  /** What the input holds without `from_logits` (probabilities for the focal losses). */
  inputKind: InputKind;
  /** What it holds with the default options. */
  defaultInputKind: InputKind;
  /** The output head lab.network puts before this loss (default options). */
  head: OutputHead;
  /** Whether lab.network trains with it; `notTrainable` says why not ("" when it does). */
  trains: boolean;
  notTrainable: string;
  /** Why the page's 2-D trainer does not offer it ("" when it does): `ctc` needs sequences. */
  trainerNote: string;
  layout: 'elementwise' | 'rows' | 'triplet' | 'pair' | 'sequence';
  /** The width input rows must have (`gaussian_nll`: 2, mean and variance), or 0 for any. */
  columns: number;
  /**
   * True when a flat input (no `classes`/`dim`, not nested) is one row of all its values:
   * `dice` and `tversky` then compute one loss for the whole array (batch-level Dice).
   */
  flatIsOneRow: boolean;
  reductions: Reduction[];
  optionSpecs: readonly OptionSpec[];
}

export interface MemoryInfo {
  wasmBytes: number;
  inUseBytes: number;
}

export type DatasetId = /* @catalogue dataset ids */ string;

export interface DatasetOptions {
  /** Points, 1 … 100000 (default 500). */
  n?: number;
  /** 0 … 1, a fraction as TensorFlow Playground's 0–50% (default 0). */
  noise?: number;
  seed?: number;
  /** `blobs`: how many classes. */
  classes?: number;
}

export interface Dataset {
  /** n · dims floats, row-major. */
  x: Float32Array;
  /** Class labels (classification) or values (regression). */
  y: Int32Array | Float32Array;
  /** Regression sets only: the noise-free value at each point (the function the data is drawn
   *  from, before noise and outliers), to measure a fit against the truth. */
  clean?: Float32Array;
  dims: number;
  task: 'classification' | 'regression';
  classes: number;
}

export interface DatasetInfo {
  id: DatasetId;
  task: 'classification' | 'regression';
  dims: number;
  classes: number;
  /** The `classes` option's range (equal for a fixed count; 0 for regression). */
  minClasses: number;
  maxClasses: number;
  summary: string;
}

export interface Range {
  min: number;
  max: number;
}

/** The core's network catalogue: what lab.network and lab.dataset accept. */
export interface NetworkCatalogue {
  activations: readonly Activation[];
  optimizers: readonly OptimizerName[];
  limits: {
    hiddenLayers: Range;
    units: Range;
    batchSize: Range;
    epochsPerFit: Range;
    gridSide: Range;
    embeddingClasses: Range;
    landscapeSide: Range;
    seed: Range;
  };
  /** net.landscape()'s defaults. */
  landscape: { size: number; span: number; seed: number };
  defaults: Required<Omit<NetworkSettings, 'lossOptions'>>;
  datasets: readonly DatasetInfo[];
  datasetOptions: { n: Range & { default: number }; noise: Range & { default: number }; seed: Range & { default: number } };
}

export type Activation = /* @catalogue activations */ string;
export type OptimizerName = /* @catalogue optimizers */ string;

export interface NetworkSettings {
  /** Sizes from input to output, e.g. [2, 8, 8, 1]: 1–6 hidden layers of 1–16 neurons. */
  layers?: number[];
  activation?: Activation;
  loss?: LossId | string;
  lossOptions?: Omit<LossOptions, 'reduction' | 'grad' | 'gradInto' | 'classes' | 'dim' | 'time'>;
  optimizer?: OptimizerName;
  learningRate?: number;
  batchSize?: number;
  l1?: number;
  l2?: number;
  seed?: number;
}

/** What net.toJSON() returns: the settings plus weights. */
export interface SavedNetwork extends NetworkSettings {
  format: 'losslab.network';
  version: number;
  weights?: number[][];
  [key: string]: unknown;
}

export interface NetworkInfo {
  inputSize: number;
  outputSize: number;
  predictionSize: number;
  classes: number;
  epochs: number;
  parameters: number;
  task: 'classification' | 'regression' | 'embedding';
}

export interface GridSpec {
  x0?: number;
  x1?: number;
  y0?: number;
  y1?: number;
  width?: number;
  height?: number;
}

/** What net.influence() measures under (default: the network's own loss and options). */
export interface InfluenceOptions {
  /** Another loss of the same head (e.g. 'focal' on a cross_entropy network); others are a BAD_OPTION. */
  loss?: LossId | string;
  /** Its options; left out: the network's own for its own loss, the catalogue defaults for another. */
  lossOptions?: NetworkSettings['lossOptions'];
}

export interface LandscapeOptions {
  /** Cells per side (catalogue: limits.landscapeSide; default landscape.size). Odd sizes have a centre cell. */
  size?: number;
  /** a and b run over [−span, span] (default landscape.span); finite, > 0. */
  span?: number;
  /** Seed of the two random directions (default landscape.seed). */
  seed?: number;
  /** The data to measure the loss on (both or neither); default: the data of the last fit. */
  x?: Input;
  y?: ClassIndices | Values;
}

export interface Network {
  readonly info: NetworkInfo;
  readonly disposed: boolean;
  /** Trains; returns the mean training loss of the last epoch. */
  fit(x: Input, y: ClassIndices | Values, options?: { epochs?: number }): number;
  /** Probabilities (classification), values (regression) or embeddings (triplet). */
  predict(x: Input): Float32Array;
  evaluate(x: Input, y: ClassIndices | Values): { loss: number; accuracy?: number; r2?: number };
  predictGrid(grid?: GridSpec): Float32Array;
  predictGrid(grid: GridSpec, into: LabBuffer): LabBuffer;
  /**
   * One share per sample of the gradient of the loss with respect to the network's output
   * (‖∂ℓᵢ/∂z‖₂ / Σⱼ‖∂ℓⱼ/∂z‖₂, z the last layer's outputs; for triplet_margin the norm runs over
   * the anchor's triplet). The shares sum to 1, or are all 0 when the loss pulls nowhere.
   */
  influence(x: Input, y: ClassIndices | Values, options?: InfluenceOptions): Float32Array;
  /**
   * size × size training losses at θ + a·d₁ + b·d₂ (row-major, row 0 at b = −span), d₁, d₂
   * filter-normalised random directions (Li et al. 2018); the centre of an odd size is
   * evaluate()'s loss (an even size has no centre cell: its four middle cells straddle θ at
   * ±span/(size − 1)); NaN where the loss is not finite. Measured on { x, y }, by default on a
   * copy of the last fit's data. The weights are restored exactly.
   */
  landscape(options?: LandscapeOptions): Float32Array;
  reset(): this;
  toJSON(): SavedNetwork;
  dispose(): void;
}

/** What lab.expression() returns: the text as given and its formula as LaTeX. */
export interface ExpressionInfo {
  readonly text: string;
  /** e.g. "\\ell(x, y) = \\lvert x - y\\rvert^{1.5}" for "abs(x - y)^1.5". */
  readonly latex: string;
}

export interface LossLab {
  readonly simd: boolean;
  readonly losses: readonly LossInfo[];
  readonly LossLabError: typeof LossLabError;
  loss(id: LossId | string, input: Input, target: Target, options?: LossOptions): LossResult;
  /** Checks a `custom` expression and typesets it; throws LossLabError BAD_OPTION (with the column) if malformed. */
  expression(text: string): ExpressionInfo;
  buffer(lengthOrData: number | ArrayLike<number>): LabBuffer;
  memory(): MemoryInfo;
  readonly datasets: readonly DatasetInfo[];
  readonly networkCatalogue: NetworkCatalogue;
  dataset(id: DatasetId | string, options?: DatasetOptions): Dataset;
  network(settings: NetworkSettings | SavedNetwork | string): Network;
}

export interface CreateOptions {
  /** 'auto' (default) picks the SIMD build when the engine supports it. */
  simd?: 'auto' | boolean;
  /** Browsers: where to find a file (e.g. 'losslab-simd.wasm') when self-hosting. */
  locateFile?: (file: string) => string;
  /** Node: the .wasm bytes, if you load them yourself. */
  wasmBinary?: Uint8Array;
  /** A module compileLossLab() compiled (here, or in the thread that posted it): instantiated
   *  without another download or compile; `simd` and the file options are then not used. */
  compiled?: CompiledLossLab;
}

/** What compileLossLab() resolves to: the chosen flavour, compiled. Can be posted to workers. */
export interface CompiledLossLab {
  readonly simd: boolean;
  readonly module: WebAssembly.Module;
}

export declare function createLossLab(options?: CreateOptions): Promise<LossLab>;
/** Downloads (browsers) or reads (Node) and compiles the chosen flavour once. */
export declare function compileLossLab(options?: Pick<CreateOptions, 'simd' | 'locateFile' | 'wasmBinary'>): Promise<CompiledLossLab>;
export default createLossLab;

// ---- Custom elements: `import 'losslab/elements'` registers these two tags. ----
// Attributes are the playground's URL keys (loss, each option by name, pred, target, dataset,
// layers, activation, lr, seed, …), observed; plus `compact`, `controls="none"` and, for the
// trainer, `autoplay`. Open shadow roots carry the page's data-testid hooks.

/** `change` on <losslab-explorer>, after each result (the first one too). */
export interface ExplorerChangeDetail {
  readonly loss: LossId | string;
  /** null when the data or options are refused (then `error` says why). */
  readonly value: number | Float32Array | null;
  readonly grad: Float32Array | TripletGrad | PairGrad | null;
  /** '' when all is well. */
  readonly error: string;
}

/** `epoch` on <losslab-trainer>, for each frame drawn (several epochs may lie between two). */
export interface TrainerEpochDetail {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** One entry per network (two in Compare mode, `compare="mse,huber"`). */
  readonly runs: ReadonlyArray<{ readonly loss: string; readonly trainLoss: number; readonly testLoss: number }>;
}

interface LossLabElement extends HTMLElement {
  /** Resolves once the element shows its first result; rejects when LossLab cannot start. */
  readonly ready: Promise<this>;
  /** The `loss` attribute. */
  loss: string | null;
  /** The `compact` attribute: only the essentials. */
  compact: boolean;
  /** The `controls` attribute: 'none' for a fixed figure, else 'all'. */
  controls: 'all' | 'none' | (string & {});
}

export interface LossLabExplorerElementEventMap extends HTMLElementEventMap {
  change: CustomEvent<ExplorerChangeDetail>;
}

/** <losslab-explorer>: one loss, its value, gradient and curve. */
export interface LossLabExplorerElement extends LossLabElement {
  /** The `pred` and `target` attributes: numbers separated by commas or spaces, rows by ';' or new lines. */
  pred: string | null;
  target: string | null;
  readonly value: number | Float32Array | null;
  readonly grad: Float32Array | TripletGrad | PairGrad | null;
  /** The last `change` event's detail (null before the first result). */
  readonly result: ExplorerChangeDetail | null;
  addEventListener<K extends keyof LossLabExplorerElementEventMap>(type: K, listener: (this: LossLabExplorerElement, ev: LossLabExplorerElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LossLabExplorerElementEventMap>(type: K, listener: (this: LossLabExplorerElement, ev: LossLabExplorerElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export interface LossLabTrainerElementEventMap extends HTMLElementEventMap {
  epoch: CustomEvent<TrainerEpochDetail>;
}

/** <losslab-trainer>: a tiny network training on a dataset with the chosen loss. */
export interface LossLabTrainerElement extends LossLabElement {
  /** The `autoplay` attribute (implied by controls="none"): plays whenever it is in view. */
  autoplay: boolean;
  readonly running: boolean;
  readonly epoch: number;
  readonly trainLoss: number | null;
  readonly testLoss: number | null;
  /** Plays once LossLab and the worker are ready; training still pauses out of view. */
  play(): void;
  pause(): void;
  addEventListener<K extends keyof LossLabTrainerElementEventMap>(type: K, listener: (this: LossLabTrainerElement, ev: LossLabTrainerElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LossLabTrainerElementEventMap>(type: K, listener: (this: LossLabTrainerElement, ev: LossLabTrainerElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'losslab-explorer': LossLabExplorerElement;
    'losslab-trainer': LossLabTrainerElement;
  }
}
