// require('losslab') works from CommonJS.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const createLossLab = require('losslab');

test('require() gives a working createLossLab', async () => {
  assert.equal(typeof createLossLab, 'function');
  assert.equal(createLossLab.createLossLab, createLossLab);
  const lab = await createLossLab({ simd: false });
  assert.ok(Math.abs(lab.loss('mse', [2.5, 5.5, 1.8, 6.5], [3, 5, 2, 7]).value - 0.1975) < 1e-6);
});
