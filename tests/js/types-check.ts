// Compiled with `tsc --strict` against the packed package's index.d.ts (scripts/test.sh).
import createLossLab, { LossLabError, type LossLab, type LossResult, type LabBuffer, type ExpressionInfo } from 'losslab';

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
  const columns: number = lab.losses[0].columns;
  const length: string = lab.losses[0].optionSpecs[0]?.length ?? '';
  const data = lab.dataset('circle', { n: 100, noise: 0.1, seed: 1 });
  const net = lab.network({ layers: [2, 4, 1], loss: 'bce_with_logits', learningRate: 0.03 });
  const trained: number = net.fit(data.x, data.y, { epochs: 2 });
  const probs: Float32Array = net.predict(data.x);
  const grid: Float32Array = net.predictGrid({ width: 10, height: 10 });
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
  return trained + probs.length + grid.length + v + view.length + inUseBytes + lab.losses[0].id.length +
    (gradMeanVariance?.length ?? 0) + columns + length.length;
}
void main;
