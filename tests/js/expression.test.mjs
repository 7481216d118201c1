// lab.expression(): custom-loss expressions checked and typeset as LaTeX through the packed
// package, errors as LossLabError BAD_OPTION with the parser's column, and the custom loss
// agreeing with the built-ins it spells out (value and gradient) on random data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createLossLab, { LossLabError } from 'losslab';

const builds = [true, false];
const labs = new Map();
for (const simd of builds) labs.set(simd, await createLossLab({ simd }));

/** Deterministic uniform floats in [lo, hi). */
function random(seed, n, lo, hi) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

function close(a, b, rel, abs, what) {
  assert.ok(Math.abs(a - b) <= abs + rel * Math.abs(b), `${what}: ${a} vs ${b}`);
}

for (const simd of builds) {
  const lab = labs.get(simd);
  const tag = simd ? 'simd' : 'baseline';

  test(`${tag}: lab.expression typesets expressions`, () => {
    const table = [
      ['(x - y)^2', '\\ell(x, y) = (x - y)^{2}'],
      ['abs(x - y)^1.5', '\\ell(x, y) = \\lvert x - y\\rvert^{1.5}'],
      ['(x - y) / 2', '\\ell(x, y) = \\frac{x - y}{2}'],
      ['sigmoid(x) * softplus(y)', '\\ell(x, y) = \\sigma(x) \\cdot \\operatorname{softplus}(y)'],
      ['max(0, 1 - x*y)', '\\ell(x, y) = \\max(0, 1 - x \\cdot y)'],
      ['pow(x, 3)', '\\ell(x, y) = x^{3}'],
      ['log1p(exp(-x))', '\\ell(x, y) = \\operatorname{log1p}(\\exp(-x))'],
    ];
    for (const [text, latex] of table) {
      const info = lab.expression(text);
      assert.deepEqual({ ...info }, { text, latex });
      assert.ok(Object.isFrozen(info));
    }
  });

  test(`${tag}: malformed expressions throw BAD_OPTION with the column`, () => {
    const cases = [
      ['abs(x - ', /at column 9$/],
      ['x +* y', /at column 4/],
      ['foo(x)', /unknown function 'foo' at column 1/],
      ['x ** 2', /use \^ for powers/],
      ['', /option 'expr' is required/],
      ['(x - y', /expected '\)' at column 7/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => lab.expression(text), (e) => {
        assert.ok(e instanceof LossLabError, `${text}: ${e}`);
        assert.equal(e.code, 'BAD_OPTION');
        assert.match(e.message, message);
        return true;
      });
      // ...the same message the loss itself gives.
      let fromLoss;
      try {
        lab.loss('custom', [1], [2], { expr: text });
      } catch (e) {
        fromLoss = e;
      }
      assert.equal(fromLoss?.code, 'BAD_OPTION');
      if (text !== '') assert.equal(fromLoss.message, errorOf(() => lab.expression(text)).message);
    }
    for (const bad of [undefined, null, 42, {}, ['x']]) {
      assert.throws(() => lab.expression(bad), (e) => e instanceof LossLabError && e.code === 'BAD_OPTION');
    }
  });

  test(`${tag}: (x - y)^2 is mse and abs(x - y) is mae, value and gradient`, () => {
    const x = random(1, 1000, -3, 3);
    const y = random(2, 1000, -3, 3);
    for (const [expr, builtin] of [['(x - y)^2', 'mse'], ['abs(x - y)', 'mae']]) {
      for (const reduction of ['mean', 'sum']) {
        const custom = lab.loss('custom', x, y, { expr, reduction });
        const ref = lab.loss(builtin, x, y, { reduction });
        close(custom.value, ref.value, 1e-5, 1e-7, `${expr} ${reduction} value`);
        assert.equal(custom.grad.length, ref.grad.length);
        for (let i = 0; i < x.length; i++) {
          close(custom.grad[i], ref.grad[i], 1e-5, 1e-9, `${expr} ${reduction} grad[${i}]`);
        }
      }
    }
  });

  test(`${tag}: the article example through a typeset custom loss`, () => {
    const expr = 'abs(x - y)^1.5';
    assert.equal(lab.expression(expr).latex, '\\ell(x, y) = \\lvert x - y\\rvert^{1.5}');
    const p = [2.5, 5.5, 1.8, 6.5];
    const t = [3, 5, 2, 7];
    const expected = p.reduce((s, v, i) => s + Math.abs(v - t[i]) ** 1.5, 0) / p.length;
    close(lab.loss('custom', p, t, { expr }).value, expected, 1e-6, 0, 'value');
  });

  test(`${tag}: lab.expression does not leak`, () => {
    lab.expression('abs(x - y)^1.5');
    const before = lab.memory().inUseBytes;
    for (let i = 0; i < 2000; i++) {
      lab.expression(`abs(x - y)^${i % 7} + ${i}`);
      try {
        lab.expression('abs(x - ');
      } catch {
        // expected
      }
    }
    assert.ok(lab.memory().inUseBytes <= before + 4096, `${before} → ${lab.memory().inUseBytes}`);
  });
}

function errorOf(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}
