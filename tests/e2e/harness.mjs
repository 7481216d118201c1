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
 * A fresh page at `hash` (e.g. '#loss=huber'), with console errors and warnings collected in
 * `page.problems` so tests can assert the page stays clean.
 */
export async function openPage(hash = '', { width = 1280, height = 900 } = {}) {
  const context = await (await browser()).newContext({ viewport: { width, height } });
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
