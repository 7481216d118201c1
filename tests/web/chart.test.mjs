// The page's module graph around uPlot (web/src/chart.js) and the build switch
// (web/src/build-choice.js). Run: node --test tests/web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChartLoader } from '../../web/src/chart.js';
import { simdOption } from '../../web/src/build-choice.js';

const SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));
const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);

test('only chart.js imports uplot: every chart shares the page\'s one loader', () => {
  const importers = sources(SRC).filter((file) => /\bimport\s*\(\s*['"`]uplot|\bfrom\s+['"`]uplot|^\s*import\s+['"`]uplot/m.test(readFileSync(file, 'utf8')));
  assert.deepEqual(importers.map((f) => f.slice(SRC.length)), ['chart.js']);
});

test('the loader imports once and hands every caller the same promise, failures included', async () => {
  const load = createChartLoader();
  const first = load();
  assert.equal(load(), first);
  // Under node the CSS import cannot load: both callers see that one rejection.
  await assert.rejects(first);
  await assert.rejects(load());
  const other = createChartLoader()();
  assert.notEqual(other, first, 'a new page (loader) starts afresh');
  await assert.rejects(other);
});

test('?simd= picks the build: 0 baseline, 1 SIMD, anything else feature detection', () => {
  assert.equal(simdOption('?simd=0'), false);
  assert.equal(simdOption('?e2e=1&simd=0'), false);
  assert.equal(simdOption('?simd=1'), true);
  for (const search of ['', '?', '?simd=', '?simd=auto', '?simd=yes', '?SIMD=0']) assert.equal(simdOption(search), 'auto', search);
});
