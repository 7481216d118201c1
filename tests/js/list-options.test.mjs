// Options that take a list (or one number standing for a list) through the packed package,
// both builds: per-class and per-element weights, focal's alpha, pos_weight. They once came
// back as zero 'none' terms and zero gradients through lab.loss (the C++ suites passed), so
// each is checked here at the layer people call, and again inside a training network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab from 'losslab';

const near = (got, want, tol = 1e-6) =>
  got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= tol * Math.max(1, Math.abs(want[i])));

/** Every list option: loss, its option, a call, and the value that multiplies each term. */
const LIST_OPTIONS = [
  { id: 'bce', option: 'weight', input: [0.2, 0.7, 0.9, 0.4], target: [0, 1, 1, 0], list: (k) => [k, k, k, k] },
  { id: 'bce_with_logits', option: 'weight', input: [-1, 0.5, 2, -0.3], target: [0, 1, 1, 0], list: (k) => [k, k, k, k] },
  { id: 'cross_entropy', option: 'weight', input: [[1, 2, 3], [0.5, -1, 2]], target: [0, 2], list: (k) => [k, k, k] },
  { id: 'nll', option: 'weight', input: [[-0.4, -1.6, -2.1], [-1.2, -0.7, -1.5]], target: [1, 0], list: (k) => [k, k, k] },
  { id: 'multi_margin', option: 'weight', input: [[0.1, 0.8, 0.3], [0.5, 0.2, 0.9]], target: [0, 2], list: (k) => [k, k, k] },
  { id: 'focal', option: 'alpha', input: [[1, 2, 3], [0.5, -1, 2]], target: [0, 2], list: (k) => [k, k, k] },
];

for (const simd of [true, false]) {
  const lab = await createLossLab({ simd });
  const tag = simd ? 'SIMD' : 'baseline';

  test(`${tag}: the reported cases give PyTorch's numbers`, () => {
    // F.binary_cross_entropy_with_logits(zeros(3), ones(3), pos_weight=tensor(1.), reduction='sum')
    // backward: pos_weight·(σ(x) − 1) = −0.5 each.
    const bce = lab.loss('bce_with_logits', [0, 0, 0], [1, 1, 1], { pos_weight: 1, reduction: 'sum' });
    assert.ok(Math.abs(bce.value - 3 * Math.LN2) < 1e-6, `value ${bce.value}`);
    assert.ok(near(bce.grad, [-0.5, -0.5, -0.5]), `grad ${bce.grad}`);
    // F.cross_entropy(x, [0, 2], weight=[1, 2, 3]) with both rows [1, 2, 3]: mean over the
    // summed weights 1 + 3; d/dx = w_y (softmax − onehot) / Σw.
    const { value, grad } = lab.loss('cross_entropy', [[1, 2, 3], [1, 2, 3]], [0, 2], { weight: [1, 2, 3] });
    const e = [1, 2, 3].map(Math.exp);
    const p = e.map((v) => v / (e[0] + e[1] + e[2]));
    const want = [...p.map((v, j) => (1 * (v - (j === 0))) / 4), ...p.map((v, j) => (3 * (v - (j === 2))) / 4)];
    assert.ok(near(grad, want), `grad ${grad} want ${want}`);
    assert.ok(Math.abs(value - (-Math.log(p[0]) * 1 - Math.log(p[2]) * 3) / 4) < 1e-6, `value ${value}`);
  });

  for (const { id, option, input, target, list } of LIST_OPTIONS) {
    test(`${tag}: ${id} ${option} as a list reaches the terms and the gradient`, () => {
      const plain = lab.loss(id, input, target, { reduction: 'none' });
      const plainSum = lab.loss(id, input, target, { reduction: 'sum' });
      for (const k of [1, 2.5]) {
        const none = lab.loss(id, input, target, { reduction: 'none', [option]: list(k) });
        const sum = lab.loss(id, input, target, { reduction: 'sum', [option]: list(k) });
        const scaled = (a) => Array.from(a, (v) => k * v);
        assert.ok(near(none.value, scaled(plain.value), 1e-5), `${option} ×${k}: terms ${none.value} vs ${plain.value}`);
        assert.ok(near(sum.grad, scaled(plainSum.grad), 1e-5), `${option} ×${k}: grad ${sum.grad} vs ${plainSum.grad}`);
        assert.ok(sum.grad.some((g) => g !== 0), 'a gradient that is not all zeros');
      }
      // A typed array says the same as a plain list.
      const typed = lab.loss(id, input, target, { reduction: 'sum', [option]: Float32Array.from(list(2.5)) });
      assert.deepEqual(typed.grad, lab.loss(id, input, target, { reduction: 'sum', [option]: list(2.5) }).grad);
    });
  }

  test(`${tag}: pos_weight as one number equals the same number as a one-element list`, () => {
    const x = [-1, 0.5, 2, -0.3], y = [0, 1, 1, 0];
    const one = lab.loss('bce_with_logits', x, y, { pos_weight: 3, reduction: 'none' });
    const list = lab.loss('bce_with_logits', x, y, { pos_weight: [3], reduction: 'none' });
    assert.deepEqual(one, list);
    // pos_weight scales the y = 1 terms only: y·log σ(x) weighted by 3.
    const plain = lab.loss('bce_with_logits', x, y, { reduction: 'none' });
    assert.ok(near([one.value[1], one.value[2]], [3 * plain.value[1], 3 * plain.value[2]], 1e-5));
    assert.ok(near([one.value[0], one.value[3]], [plain.value[0], plain.value[3]], 1e-6));
  });

  // Networks trained with list options: the weights move, and the up-weighted class gains.
  const train = lab.dataset('imbalanced', { n: 600, noise: 0.1, seed: 1 });
  const held = lab.dataset('imbalanced', { n: 2000, noise: 0.1, seed: 2 });

  /** Over the class-1 points of `d`: the mean predicted probability of class 1, and its recall. */
  function classOne(net, d) {
    const p = net.predict(d.x);
    const k = p.length / d.y.length;
    let sum = 0, hits = 0, positives = 0;
    for (let i = 0; i < d.y.length; i++) {
      if (d.y[i] !== 1) continue;
      const p1 = k === 1 ? p[i] : p[i * k + 1];
      positives++;
      sum += p1;
      if (p1 > 0.5) hits++;
    }
    return { mean: sum / positives, recall: hits / positives };
  }

  for (const [loss, outputs, lossOptions] of [
    ['cross_entropy', 2, { weight: [1, 10] }],
    ['focal', 2, { alpha: [0.1, 0.9] }],
    ['bce_with_logits', 1, { pos_weight: 3 }],
  ]) {
    test(`${tag}: a ${loss} network trained with ${JSON.stringify(lossOptions)} favours class 1`, () => {
      for (const seed of [1, 2, 3]) {
        const settings = { layers: [2, 8, 8, outputs], activation: 'tanh', loss, optimizer: 'adam', learningRate: 0.03, batchSize: 10, seed };
        const plain = lab.network(settings);
        const weighted = lab.network({ ...settings, lossOptions });
        const start = weighted.predict(held.x);
        plain.fit(train.x, train.y, { epochs: 30 });
        weighted.fit(train.x, train.y, { epochs: 30 });
        assert.notDeepEqual(weighted.predict(held.x), start, 'training moved the weights');
        const a = classOne(plain, held), b = classOne(weighted, held);
        assert.ok(b.mean > a.mean, `seed ${seed}: mean p(class 1) on class-1 points ${b.mean} weighted vs ${a.mean}`);
        assert.ok(b.recall >= a.recall, `seed ${seed}: class-1 recall ${b.recall} weighted vs ${a.recall}`);
        plain.dispose();
        weighted.dispose();
      }
    });
  }
}
