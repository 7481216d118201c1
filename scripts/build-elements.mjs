// The custom elements in dist/ (`import 'losslab/elements'`), built with Vite from the page's
// own modules (web/src/elements/ mounts web/src/explorer and web/src/trainer into shadow roots).
// Run by scripts/build.sh after dist/ holds the wrapper and the wasm glue. Two outputs:
//   dist/elements.js (+ dist/elements-*.js chunks: the trainer, uPlot, KaTeX), which import the
//     package's ./browser.js (kept external: one LossLab for `losslab` and `losslab/elements`).
//   dist/trainer-worker.js: web/src/trainer/worker.js with the wasm wrapper and glue in one
//     classic script that imports nothing and refers to no other file (so bundlers can copy it
//     as an asset and a CDN can serve it); it instantiates the module the page compiled and posts.
import { build } from 'vite';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prerenderedFormulas, uplotDefaultLocale } from '../vite.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;
const src = `${root}web/src/elements/`;
if (!existsSync(`${dist}browser.js`)) throw new Error('build-elements: dist/browser.js is missing (scripts/build.sh assembles dist/ first)');
for (const f of readdirSync(dist)) if (/^(elements|trainer-worker)[.-].*js$/.test(f) || f === 'elements.js') rmSync(`${dist}${f}`);

/** Plain `import './x.css'` (the page's way: Vite adds it to the document) has no place in a
 *  shadow root: the elements adopt the same files' text (`?inline`) instead. */
const noDocumentCss = {
  name: 'losslab-no-document-css',
  enforce: 'pre',
  resolveId(id) {
    return /\.css$/.test(id) ? '\0document-css' : null;
  },
  load(id) {
    return id === '\0document-css' ? 'export default "";' : null;
  },
};

/** The worker's URL is written `new URL(/* @vite-ignore *\/ './trainer-worker.js', import.meta.url)`
 *  so that this build leaves it alone (the file is built next, beside the output). The comment
 *  goes from the output: a consumer's bundler must see the plain pattern and copy the file. */
const dropViteIgnore = {
  name: 'losslab-drop-vite-ignore',
  renderChunk(code) {
    return code.includes('@vite-ignore') ? { code: code.replace(/\/\*\s*@vite-ignore\s*\*\/\s*/g, ''), map: null } : null;
  },
};

/** `virtual:losslab-chart-css`: uPlot's style sheet as text, adopted by the shadow roots. */
const chartCss = {
  name: 'losslab-chart-css',
  resolveId: (id) => (id === 'virtual:losslab-chart-css' ? '\0losslab-chart-css' : null),
  load(id) {
    if (id !== '\0losslab-chart-css') return null;
    const file = fileURLToPath(import.meta.resolve('uplot/dist/uPlot.min.css'));
    return `export default ${JSON.stringify(readFileSync(file, 'utf8'))};`;
  },
};

const common = {
  configFile: false,
  root,
  publicDir: false,
  logLevel: process.env.CI ? 'warn' : 'info',
  plugins: [noDocumentCss, chartCss, dropViteIgnore, prerenderedFormulas(), uplotDefaultLocale()],
  optimizeDeps: { noDiscovery: true },
};

/** Both builds write minified ES2022 into dist/ beside the package (and keep what is there). */
const output = { outDir: dist, emptyOutDir: false, target: 'es2022', minify: true, assetsInlineLimit: 0 };

// 1. The elements. `losslab` is the package's own browser entry, next to the output.
await build({
  ...common,
  resolve: { alias: [{ find: /^losslab$/, replacement: `${dist}browser.js` }] },
  build: {
    ...output,
    lib: { entry: `${src}index.js`, formats: ['es'], fileName: () => 'elements.js' },
    rolldownOptions: {
      external: (id) => id === `${dist}browser.js`,
      // Every chunk sits in dist/, beside browser.js.
      output: { chunkFileNames: 'elements-[name]-[hash].js', minify: true, paths: { [`${dist}browser.js`]: './browser.js' } },
    },
  },
});

// 2. The worker: one file, the glue included, no URL to the .wasm left in it.
const glue = `${dist}losslab-base.mjs`;
await build({
  ...common,
  plugins: [...common.plugins, {
    name: 'losslab-glue-without-wasm-url',
    enforce: 'pre',
    transform(code, id) {
      if (id !== glue) return null;
      // The glue's default location of its .wasm and its own URL: instantiateWasm and
      // locateFile are always given, so neither is used, and bundlers must not copy (or inline)
      // the .wasm for them.
      const wasm = /new URL\("losslab-base\.wasm",\s*import\.meta\.url\)\.toString\(\)/;
      const self = /var _scriptDir = import\.meta\.url;/;
      if (!wasm.test(code) || !self.test(code)) this.error('the glue no longer locates its .wasm as expected; update build-elements.mjs');
      return { code: code.replace(wasm, '"losslab-base.wasm"').replace(self, 'var _scriptDir = "";'), map: null };
    },
  }],
  resolve: {
    alias: [
      { find: /^losslab$/, replacement: `${src}worker-lab.js` },
      { find: /^losslab-glue$/, replacement: glue },
    ],
  },
  build: {
    ...output,
    // A classic script (an IIFE): started as a classic worker, or loaded with importScripts()
    // by a blob: worker when served from another origin (trainer-mount.js).
    lib: { entry: `${root}web/src/trainer/worker.js`, formats: ['iife'], name: 'LossLabTrainerWorker', fileName: () => 'trainer-worker.js' },
    rolldownOptions: { output: { codeSplitting: false, minify: true } },
  },
});

const worker = readFileSync(`${dist}trainer-worker.js`, 'utf8');
if (/\bimport\s*[\s{*("'`]|import\.meta|new URL\(/.test(worker.replace(/"[^"]*"/g, '""'))) {
  throw new Error('build-elements: dist/trainer-worker.js must import nothing and locate no file');
}
console.log(`build-elements: ${readdirSync(dist).filter((f) => /^(elements|trainer-worker)/.test(f)).join(', ')}`);
