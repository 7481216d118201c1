// The built page's module graph (build/site, made by scripts/e2e.mjs before the suites run):
// what issue 19 was about, checked on the files browsers get, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SITE = fileURLToPath(new URL('../../build/site/', import.meta.url));
const assets = readdirSync(`${SITE}assets`);
const read = (name) => readFileSync(`${SITE}assets/${name}`, 'utf8');
const chunks = assets.filter((f) => f.endsWith('.js'));

test('the uPlot chunk is imported exactly once, by the page\'s one chart loader', () => {
  const uplot = chunks.filter((f) => /^uPlot/.test(f));
  assert.equal(uplot.length, 1, uplot.join());
  const importers = chunks.flatMap((f) => [...read(f).matchAll(new RegExp(`import\\(\\s*[\`'"]\\./${uplot[0].replace('.', '\\.')}`, 'g'))].map(() => f));
  assert.equal(importers.length, 1, `import() sites of ${uplot[0]}: ${importers.join(', ')}`);
  // uPlot imports nothing itself (no cycle back into the page's chunks).
  assert.doesNotMatch(read(uplot[0]), /\bimport\s*[{*`'"(]|\bimport\s+[\w$]+\s*from\b/);
});

test('uPlot builds its number formatter without navigator.language (it may not be a BCP 47 tag)', () => {
  const code = read(chunks.find((f) => /^uPlot/.test(f)));
  assert.doesNotMatch(code, /Intl\.NumberFormat\([^)]*language/);
  assert.match(code, /new Intl\.NumberFormat[,;)]|new Intl\.NumberFormat\(\)/);
});

test('the e2e probe is served only to ?e2e=1 pages, never built into the page', () => {
  const html = readFileSync(`${SITE}index.html`, 'utf8');
  assert.doesNotMatch(html, /e2e-probe/);
});
