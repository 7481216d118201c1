// The README's screenshots of the trainer's "why" views, taken from the built page in Debian's
// chromium (playwright-core, as the e2e suite drives it): MSE vs Huber on sine_outliers with
// each point's influence, and their loss landscapes side by side. Writes docs/images/*.png.
//   node scripts/screenshots.mjs        (needs dist/: bash scripts/build.sh package)
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const OUT = `${root}docs/images/`;
const EPOCHS = 300;
const PRESET = '#loss=mse&compare=mse,huber&dataset=sine_outliers&noise=0.1&n=400&layers=1,8,8,1&speed=5';

await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
const url = `http://127.0.0.1:${server.httpServer.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync(OUT, { recursive: true });

/** The union of the elements' boxes, padded: one picture of several parts of the page. */
async function clipOf(page, selectors) {
  const boxes = [];
  for (const s of selectors) boxes.push(await page.locator(s).boundingBox());
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  const x = Math.min(...boxes.map((b) => b.x)) - 8 + scroll.x;
  const y = Math.min(...boxes.map((b) => b.y)) - 8 + scroll.y;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + 8 + scroll.x;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 8 + scroll.y;
  return { x, y, width: right - x, height: bottom - y }; // page coordinates, for fullPage shots
}

try {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 })).newPage();
  await page.goto(`${url}${PRESET}&influence=1&landscape=1`);
  await page.locator('#trainer').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-testid="train-toggle"]')?.disabled, null, { timeout: 30_000 });
  await page.getByTestId('train-toggle').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="epoch"]').textContent) >= n, EPOCHS, { timeout: 120_000 });
  await page.getByTestId('train-toggle').click();
  await page.waitForFunction(() => {
    const epoch = document.querySelector('[data-testid="epoch"]').textContent;
    return document.querySelector('[data-testid="landscape"]').closest('figure').dataset.epoch === epoch;
  });
  await page.waitForTimeout(500);
  await page.locator('.trainer .plots').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}influence-mse-vs-huber.png`, fullPage: true, clip: await clipOf(page, ['.trainer .plots >> nth=0', '[data-testid="influence-legend"]']) });
  await page.locator('[data-testid="landscape-panel"]').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="landscape-panel"]').screenshot({ path: `${OUT}landscape-mse-vs-huber.png` });
  console.log(`screenshots at epoch ${await page.getByTestId('epoch').textContent()}: ${OUT}influence-mse-vs-huber.png, landscape-mse-vs-huber.png`);
  console.log(await page.getByTestId('influence-summary').textContent());
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
