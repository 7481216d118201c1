// Type definitions for losslab (hand-written; checked with `tsc --strict` by the tests).
// The unions marked `@catalogue` are written from the core's catalogues when the package is
// built (scripts/types.mjs), so the ids are never typed twice; here they read as `string`.

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

export type Family = 'regression' | 'binary' | 'multiclass' | 'multilabel' | 'embedding' | 'custom';
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
export type Target = Input | ClassIndices | LabelLists | TripletTarget;

export interface LossOptions {
  reduction?: Reduction;
  /** false: value only (`grad` is then null). Default true. */
  grad?: boolean;
  /** Write the gradient into this buffer instead of a new Float32Array. */
  gradInto?: LabBuffer;
  /** C, for a flat [N, C] input. */
  classes?: number;
  /** D, for flat triplet inputs. */
  dim?: number;
  delta?: number;
  beta?: number;
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
   * row losses), or one number for all. 'none' returns w·l, 'sum' Σ w·l, 'mean' Σ w·l / N
   * (Keras's sample_weight); the gradient is w·∂l.
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

export interface LossResult {
  /** The reduced value, or one term per element / row for reduction 'none'. */
  value: number | Float32Array;
  /**
   * d(value)/d(input), shaped like the flat input — for `gaussian_nll` rows of
   * (∂/∂mean, ∂/∂variance); for `triplet_margin` one array per input.
   */
  grad: Float32Array | LabBuffer | TripletGrad | null;
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
  layout: 'elementwise' | 'rows' | 'triplet';
  /** The width input rows must have (`gaussian_nll`: 2, mean and variance), or 0 for any. */
  columns: number;
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
    seed: Range;
  };
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
  lossOptions?: Omit<LossOptions, 'reduction' | 'grad' | 'gradInto' | 'classes' | 'dim'>;
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
}

export declare function createLossLab(options?: CreateOptions): Promise<LossLab>;
export default createLossLab;
