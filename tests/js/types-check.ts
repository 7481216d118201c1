// Compiled with `tsc --strict` against the packed package's index.d.ts (scripts/test.sh).
import createLossLab, { LossLabError, compileLossLab, type LossLab, type LossResult, type LabBuffer, type ExpressionInfo, type CompiledLossLab, type PairGrad, type PairTarget } from 'losslab';
import 'losslab/elements';
import { LossLabExplorerElement, type TrainerEpochDetail } from 'losslab/elements';

async function main(): Promise<number> {
  const lab: LossLab = await createLossLab({ simd: 'auto' });
  const r: LossResult = lab.loss('huber', [1, 2], [1, 3], { delta: 1, reduction: 'mean' });
  const v: number = typeof r.value === 'number' ? r.value : r.value[0];
  const buf: LabBuffer = lab.buffer(4);
  buf.set([1, 2, 3, 4]);
  const view: Float32Array = buf.view();
  lab.loss('mse', buf, [1, 2, 3, 4], { gradInto: lab.buffer(4) });
  lab.loss('cross_entropy', [[0.1, 0.9]], Int32Array.of(1), { label_smoothing: 0.1 });
  const typeset: ExpressionInfo = lab.expression('abs(x - y)^1.5');
  const latex: string = typeset.latex;
  lab.loss('triplet_margin', [[1, 2]], { positive: [[1, 2]], negative: [[3, 4]] }, { margin: 0.2 });
  // The second half: rows of (mean, variance), label lists, counts, per-sample weights.
  const g = lab.loss('gaussian_nll', [[0.5, 1.2], [2, 0.3]], [0.4, 2.5], { full: true, eps: 1e-6 });
  const gradMeanVariance: Float32Array | null = g.grad instanceof Float32Array ? g.grad : null;
  lab.loss('multilabel_margin', [[0.1, 0.9, 0.4]], [[1, 2, -1]]);
  lab.loss('multilabel_soft_margin', [[0.1, -0.9]], [[1, 0]], { weight: [1, 2] });
  lab.loss('poisson_nll', [0.5, 1.2], Float32Array.of(1, 3), { log_input: true, full: false });
  lab.loss('quantile', [1, 2], [1.5, 1], { q: 0.9, sample_weight: [1, 0.5], reduction: 'sum' });
  lab.loss('categorical_hinge', [[1, 2, 0]], Int32Array.of(1), { sample_weight: 2 });
  // Pairs: x1 with the target { other, label }; grad is { input, other }.
  const pairTarget: PairTarget = { other: [[0.5, 1], [1, 0]], label: Int32Array.of(1, -1) };
  const ce = lab.loss('cosine_embedding', [[1, 2], [3, 4]], pairTarget, { margin: 0.2, sample_weight: [1, 2] });
  const pairGrad = ce.grad as PairGrad;
  const gradX2: Float32Array | LabBuffer = pairGrad.other;
  const gradX1: Float32Array | LabBuffer = pairGrad.input;
  lab.loss('margin_ranking', Float32Array.of(1, 2), { other: [2, 1], label: [1, -1] }, { margin: 0.1, gradInto: lab.buffer(2) });
  lab.loss('margin_ranking', [1, 2], { other: [2, 1], label: [1, -1] }, { gradInto: { input: lab.buffer(2), other: lab.buffer(2) } });
  // @ts-expect-error: a pair's target needs its labels
  lab.loss('margin_ranking', [1, 2], { other: [2, 1] });
  // Masks (a flat array is one mask) and target directions.
  lab.loss('dice', Float32Array.of(0.9, 0.1, 0.8), [1, 0, 1], { eps: 1e-7 });
  lab.loss('tversky', [[0.9, 0.1], [0.2, 0.7]], [[1, 0], [0, 1]], { alpha: 0.3, beta: 0.7, reduction: 'none' });
  lab.loss('cosine_similarity', [0.6, 0.8, 1, 0], [0.8, 0.6, 0, 1], { classes: 2, sample_weight: [1, 2] });
  const oneRow: boolean = lab.losses[0].flatIsOneRow;
  // ctc: flat [T, N, C] log-probabilities with time and classes; concatenated or padded labels
  const ctc = lab.loss('ctc', new Float32Array(2 * 1 * 3), { labels: Int32Array.of(1), inputLengths: [2], targetLengths: [1] },
    { time: 2, classes: 3, blank: 0, zero_infinity: true, reduction: 'none' });
  const ctcNote: string = lab.losses.find((l) => l.id === 'ctc')?.trainerNote ?? '';
  lab.loss('ctc', [[-1, -1, -1], [-1, -1, -1]], { labels: [[1, 2]], inputLengths: Int32Array.of(2), targetLengths: [1] }, { time: 2 });
  void ctc;
  void ctcNote;
  const columns: number = lab.losses[0].columns + (oneRow ? 1 : 0) + gradX2.length + gradX1.length;
  const length: string = lab.losses[0].optionSpecs[0]?.length ?? '';
  const data = lab.dataset('circle', { n: 100, noise: 0.1, seed: 1 });
  const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits', learningRate: 0.03 });
  const trained: number = net.fit(data.x, data.y, { epochs: 2 });
  const probs: Float32Array = net.predict(data.x);
  const grid: Float32Array = net.predictGrid({ width: 10, height: 10 });
  const shares: Float32Array = net.influence(data.x, data.y, { loss: 'hinge', lossOptions: {} });
  const surface: Float32Array = net.landscape({ size: 5, span: 0.5, seed: 2 });
  const side: number = lab.networkCatalogue.limits.landscapeSide.max + lab.networkCatalogue.landscape.size;
  // @ts-expect-error: landscape takes an options object, not data arguments
  net.landscape(data.x, data.y);
  const copy = lab.network(net.toJSON());
  copy.dispose();
  net.dispose();
  const { inUseBytes }: { inUseBytes: number } = lab.memory();
  buf.free();
  try {
    lab.loss('nope', [1], [1]);
  } catch (e) {
    if (e instanceof LossLabError) return e.code.length;
  }
  // @ts-expect-error: reduction must be 'mean' | 'sum' | 'none'
  lab.loss('mse', [1], [1], { reduction: 'avg' });
  const compiled: CompiledLossLab = await compileLossLab({ simd: 'auto' });
  const shared: LossLab = await createLossLab({ compiled });
  return trained + probs.length + grid.length + shares.length + surface.length + side + v + view.length + inUseBytes + lab.losses[0].id.length + shared.losses.length +
    (gradMeanVariance?.length ?? 0) + columns + length.length;
}

/** The custom elements, typed through HTMLElementTagNameMap. */
async function elements(): Promise<number> {
  const explorer = document.createElement('losslab-explorer');
  const same: LossLabExplorerElement = explorer;
  explorer.loss = 'huber';
  explorer.pred = '2.5, 5.5, 1.8, 10';
  explorer.compact = true;
  explorer.controls = 'none';
  explorer.addEventListener('change', (event) => {
    const value: number | Float32Array | null = event.detail.value;
    const error: string = event.detail.error;
    void value;
    void error;
  });
  await explorer.ready;
  const trainer = document.querySelector('losslab-trainer');
  let epochs = 0;
  trainer?.addEventListener('epoch', (event) => {
    const detail: TrainerEpochDetail = event.detail;
    epochs = detail.epoch + detail.trainLoss + detail.testLoss + detail.runs.length;
  });
  trainer?.play();
  trainer?.pause();
  const running: boolean = trainer?.running ?? false;
  // @ts-expect-error: an element's value is read-only
  explorer.value = 1;
  return epochs + Number(running) + (same.value === null ? 0 : 1) + (trainer?.epoch ?? 0);
}
void main;
void elements;
