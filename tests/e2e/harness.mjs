// Shared set-up for the browser tests: Debian's chromium driven by playwright-core.
// The page is served by scripts/e2e.mjs, which passes its address in LOSSLAB_URL.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.LOSSLAB_URL ?? 'http://127.0.0.1:8080/';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browserPromise = null;

/** One browser per test file, closed by `closeBrowser` in an `after` hook. */
export function browser() {
  browserPromise ??= chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  return browserPromise;
}

export async function closeBrowser() {
  if (browserPromise) await (await browserPromise).close();
  browserPromise = null;
}

/**
 * A fresh page at `hash` (e.g. '#loss=huber'), in a browser context with these options beside
 * the viewport (colorScheme, hasTouch, …), with console errors and warnings collected in
 * `page.problems` so tests can assert the page stays clean.
 */
export async function openPage(hash = '', { width = 1280, height = 900, ...contextOptions } = {}) {
  const context = await (await browser()).newContext({ viewport: { width, height }, ...contextOptions });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') page.problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(new URL(hash, BASE_URL).href);
  await page.waitForSelector('[data-testid="loss-value"]:not(:empty), [data-testid="loss-error"]:not(:empty)');
  return page;
}

/** `page.waitForFunction(fn, arg)` with a timeout that allows for a busy machine. */
export const waitFor = (page, fn, arg, timeout = 20_000) => page.waitForFunction(fn, arg, { timeout });

/** Resolves once the trainer can train: its toggle enabled and epoch 0's loss shown. */
export const trainerReady = (page, timeout) => waitFor(page, () => {
  const toggle = document.querySelector('[data-testid="train-toggle"]');
  const loss = document.querySelector('[data-testid="train-loss"]');
  return toggle && !toggle.disabled && loss && loss.textContent !== '—';
}, undefined, timeout);

/** The page at `hash`, scrolled to the trainer, once the worker has drawn epoch 0. */
export async function openTrainer(hash = '', options) {
  const page = await openPage(hash, options);
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await trainerReady(page);
  return page;
}

/**
 * A canvas's pixels, every `stride`-th read from a copy (reading the page's own canvas back
 * would make Chromium warn): distinct colours, a checksum, how many are the pull colour's pink
 * (#db2777 over white or grey: red high, green low, blue mid), its size and whether it shows.
 */
export const canvasPixels = (page, id, stride) => page.evaluate(([id, stride]) => {
  const c = document.querySelector(`[data-testid="${id}"]`);
  const copy = document.createElement('canvas');
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  let sum = 0;
  let pink = 0;
  for (let i = 0; i < d.length; i += 4 * stride) {
    seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    sum = (sum * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) % 1e9;
    if (d[i] > 200 && d[i + 1] < 150 && d[i + 2] > 110 && d[i + 2] < 200) pink++;
  }
  return { colours: seen.size, sum, pink, width: c.width, height: c.height, visible: c.offsetParent !== null };
}, [id, stride]);
