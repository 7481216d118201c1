// The trainer's smoothness in a browser: the main thread's frame rate while a network trains
// (the training runs in a Web Worker, so the page should keep drawing at the display's rate)
// and how many epochs the worker fits into each frame. Headless Chromium (Debian's, driven by
// playwright-core) on the built site (build/site, from `scripts/build.sh package`), served by
// Vite's preview server. These are measurements, so they live here and not in the e2e suite,
// which checks that both networks train and show their stats.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { trainerReady } from '../tests/e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The two networks measured: the page's default and the largest the trainer allows (the e2e
 * suite trains the same two). */
export const PAGE_CASES = [
  ['default 2-8-8-1', '#loss=bce_with_logits'],
  ['largest 6×16', '#loss=bce_with_logits&layers=2,16,16,16,16,16,16,1'],
];

/** Frames and epochs over `ms` of training, counted in the page (requestAnimationFrame). */
function measureInPage(ms) {
  return new Promise((resolve) => {
    const epochOf = () => Number(document.querySelector('[data-testid="epoch"]').textContent);
    const e0 = epochOf();
    let frames = 0;
    let longest = 0;
    let last = performance.now();
    const t0 = last;
    const tick = (now) => {
      frames++;
      longest = Math.max(longest, now - last);
      last = now;
      if (now - t0 < ms) requestAnimationFrame(tick);
      else {
        const stats = document.querySelector('[data-testid="train-stats"]');
        resolve({
          fps: (frames * 1000) / (now - t0),
          longestFrameMs: longest,
          epochsPerFrame: (epochOf() - e0) / frames,
          workerEpochsPerFrame: Number(stats.dataset.epochsPerFrame),
          grid: Number(stats.dataset.grid),
        });
      }
    };
    requestAnimationFrame(tick);
  });
}

/**
 * Each case: open the page, start training, let 30 epochs pass and half a second settle, then
 * count frames for `ms`. Returns { rows: [{ name, fps, longestFrameMs, epochsPerFrame,
 * workerEpochsPerFrame, grid } | { name, error }], notes }.
 */
export async function runPageBench({ log = () => {}, ms = 3000 } = {}) {
  const site = path.join(ROOT, 'build', 'site', 'index.html');
  if (!existsSync(CHROMIUM)) return { rows: [], notes: [`page: no Chromium at ${CHROMIUM} (scripts/setup.sh installs it): frame rates not measured`] };
  if (!existsSync(site)) return { rows: [], notes: ['page: no build/site (scripts/build.sh package builds it): frame rates not measured'] };
  const { preview } = await import('vite');
  const { chromium } = await import('playwright-core');
  const server = await preview({ root: ROOT, preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = `http://127.0.0.1:${server.httpServer.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const rows = [];
  try {
    for (const [name, hash] of PAGE_CASES) {
      log(`bench: trainer frame rate, ${name} (headless Chromium, ${ms / 1000} s)`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(new URL(hash, url).href);
        await page.locator('#trainer').scrollIntoViewIfNeeded();
        await trainerReady(page, 60_000);
        await page.getByTestId('train-toggle').click();
        await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]').textContent) >= 30, undefined, { timeout: 60_000 });
        await page.waitForTimeout(500);
        rows.push({ name, ...(await page.evaluate(measureInPage, ms)) });
        await page.getByTestId('train-toggle').click();
      } catch (err) {
        rows.push({ name, error: err.message.split('\n')[0] });
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
  const notes = rows.filter((r) => r.error).map((r) => `page: ${r.name}: ${r.error}`);
  return { rows, notes, chromium: browser.version() };
}
