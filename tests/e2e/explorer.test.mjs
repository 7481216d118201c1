import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, closeBrowser } from './harness.mjs';

after(closeBrowser);

test('the article example shows MSE 0.1975', async () => {
  const page = await openPage();
  await page.getByTestId('loss-select').selectOption('mse');
  await page.getByTestId('predictions').fill('2.5, 5.5, 1.8, 6.5');
  await page.getByTestId('targets').fill('3, 5, 2, 7');
  await assert.doesNotReject(page.waitForFunction(
    () => document.querySelector('[data-testid="loss-value"]').textContent.includes('0.1975')));
  assert.equal(await page.getByTestId('loss-error').textContent(), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a malformed number shows an error beside the field', async () => {
  const page = await openPage();
  await page.getByTestId('loss-select').selectOption('mse');
  await page.getByTestId('predictions').fill('2.5, 5.5x, 1.8, 6.5');
  await page.waitForFunction(() => document.querySelector('[data-testid="loss-error"]').textContent !== '');
  const message = await page.getByTestId('loss-error').textContent();
  assert.match(message, /5\.5x/);
  await page.getByTestId('predictions').fill('2.5, 5.5, 1.8, 6.5');
  await page.waitForFunction(() => document.querySelector('[data-testid="loss-error"]').textContent === '');
  await page.context().close();
});
