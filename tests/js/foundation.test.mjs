// The foundation through the packed package: both builds, the article example, errors as
// LossLabError, and a module that stays usable (and does not leak) after many failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab, { createLossLab as named, LossLabError } from 'losslab';

const builds = [true, false];
const labs = new Map();
for (const simd of builds) labs.set(simd, await createLossLab({ simd }));

test('default export and named export are the same function', () => {
  assert.equal(createLossLab, named);
});

test('auto picks the SIMD build on Node 20', async () => {
  const lab = await createLossLab();
  assert.equal(lab.simd, true);
  assert.equal((await createLossLab({ simd: false })).simd, false);
});

for (const simd of builds) {
  const lab = labs.get(simd);
  const tag = simd ? 'simd' : 'baseline';

  test(`${tag}: mse of the article example is 0.1975 with its gradient`, () => {
    const { value, grad } = lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]);
    assert.ok(Math.abs(value - 0.1975) < 1e-6, `value ${value}`);
    assert.ok(grad instanceof Float32Array);
    const expected = [-0.25, 0.25, -0.1, -0.25];
    grad.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-6, `grad[${i}] = ${g}`));
  });

  test(`${tag}: reductions sum and none`, () => {
    assert.ok(Math.abs(lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7], { reduction: 'sum' }).value - 0.79) < 1e-6);
    const none = lab.loss('mse', [1, 2], [1, 4], { reduction: 'none' });
    assert.deepEqual([...none.value], [0, 4]);
    assert.deepEqual([...none.grad], [0, -4]);
  });

  test(`${tag}: cross_entropy with rows, flat + classes, Int32Array labels`, () => {
    const rows = [[Math.log(0.2), Math.log(0.7), Math.log(0.1)]];
    const a = lab.loss('cross_entropy', rows, [1]);
    assert.ok(Math.abs(a.value - 0.356675) < 1e-5, `value ${a.value}`);
    const b = lab.loss('cross_entropy', Float32Array.from(rows[0]), Int32Array.of(1), { classes: 3 });
    assert.ok(Math.abs(b.value - a.value) < 1e-7);
    assert.ok(Math.abs(b.grad[1] + 0.3) < 1e-5);
  });

  test(`${tag}: grad: false skips the gradient`, () => {
    assert.equal(lab.loss('mse', [1, 2], [1, 3], { grad: false }).grad, null);
  });

  test(`${tag}: errors are LossLabError with contract codes and named arguments`, () => {
    const cases = [
      [() => lab.loss('nope', [1], [1]), 'UNKNOWN_LOSS', /nope/],
      [() => lab.loss('mse', [1, 2, 3], [1, 2]), 'SHAPE_MISMATCH', /target has 2 values but input has 3/],
      [() => lab.loss('mse', [], []), 'EMPTY_INPUT', /input is empty/],
      [() => lab.loss('mse', [1, NaN], [1, 2]), 'NOT_FINITE', /input\[1\]/],
      [() => lab.loss('mse', [1, 'a'], [1, 2]), 'NOT_FINITE', /input\[1\] = "a"/],
      [() => lab.loss('cross_entropy', [[1, 2], [3, 4]], [0, 2]), 'BAD_LABEL', /target\[1\] = 2/],
      [() => lab.loss('cross_entropy', [[1, 2], [3]], [0, 1]), 'SHAPE_MISMATCH', /input\[1\] has 1 values/],
      [() => lab.loss('mse', [1], [1], { reduction: 'avg' }), 'BAD_OPTION', /reduction/],
      [() => lab.loss('mse', [1], [1], { delt: 1 }), 'BAD_OPTION', /unknown option 'delt'/],
      [() => lab.loss('cross_entropy', [[1, 2]], [0], { label_smoothing: 2 }), 'BAD_OPTION', /label_smoothing/],
    ];
    for (const [call, code, pattern] of cases) {
      assert.throws(call, (e) => {
        assert.ok(e instanceof LossLabError, `${e}`);
        assert.ok(e instanceof Error);
        assert.equal(e.code, code, e.message);
        assert.match(e.message, pattern);
        return true;
      });
    }
  });

  test(`${tag}: 100,000 failing calls in a row leak nothing and the module stays usable`, () => {
    const warm = () => {
      try {
        lab.loss('mse', [1, NaN], [1, 2]);
      } catch {}
    };
    warm();
    const before = lab.memory().inUseBytes;
    let thrown = 0;
    for (let i = 0; i < 100_000; i++) {
      try {
        lab.loss('mse', [1, NaN], [1, 2]);
      } catch (e) {
        if (e instanceof LossLabError && e.code === 'NOT_FINITE') thrown++;
      }
    }
    assert.equal(thrown, 100_000);
    assert.equal(lab.memory().inUseBytes, before);
    assert.ok(Math.abs(lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]).value - 0.1975) < 1e-6);
  });

  test(`${tag}: lab.losses lists the catalogue with option defaults`, () => {
    const ids = lab.losses.map((l) => l.id);
    assert.ok(ids.includes('mse') && ids.includes('cross_entropy'));
    const ce = lab.losses.find((l) => l.id === 'cross_entropy');
    assert.equal(ce.family, 'multiclass');
    assert.equal(ce.options.ignore_index, -100);
    assert.equal(ce.options.label_smoothing, 0);
    assert.equal(ce.options.reduction, 'mean');
    assert.match(ce.formula, /log/);
  });
}
