// `import 'losslab/elements'` where there is no DOM, as when an MDX or Next.js page is rendered
// on the server: the module loads (its classes are there), registers nothing and touches no
// browser API. The elements themselves are tested in Chromium (tests/e2e/elements.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('losslab/elements loads in Node without a DOM', async () => {
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  const elements = await import('losslab/elements');
  assert.equal(typeof elements.LossLabExplorerElement, 'function');
  assert.equal(typeof elements.LossLabTrainerElement, 'function');
  assert.equal(typeof globalThis.customElements, 'undefined');
});
