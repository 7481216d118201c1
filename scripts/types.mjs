// Writes dist/index.d.ts and dist/index.d.cts from wasm/types/index.d.ts, replacing each
// `/* @catalogue … */ string` with the union of the ids the built module's catalogues list,
// so loss, dataset, activation and optimizer names are typed from the one registry.
// Run by scripts/build.sh after dist/ holds the module.
import { readFileSync, writeFileSync } from 'node:fs';
import createLossLab from '../dist/node.js';

const lab = await createLossLab({ simd: false });
const net = lab.networkCatalogue;
const unions = {
  'loss ids': lab.losses.map((l) => l.id),
  'dataset ids': net.datasets.map((d) => d.id),
  activations: net.activations,
  optimizers: net.optimizers,
};
let text = readFileSync(new URL('../wasm/types/index.d.ts', import.meta.url), 'utf8');
for (const [name, ids] of Object.entries(unions)) {
  const marker = `/* @catalogue ${name} */ string`;
  if (!text.includes(marker)) throw new Error(`scripts/types.mjs: marker '${marker}' not found in wasm/types/index.d.ts`);
  text = text.replace(marker, ids.map((id) => `'${id}'`).join(' | '));
}
if (/\/\* @catalogue [^*]*\*\//.test(text)) throw new Error('scripts/types.mjs: an @catalogue marker has no catalogue');
for (const file of ['index.d.ts', 'index.d.cts']) writeFileSync(new URL(`../dist/${file}`, import.meta.url), text);
console.log(`dist/index.d.ts: ${Object.entries(unions).map(([k, v]) => `${v.length} ${k}`).join(', ')}`);
