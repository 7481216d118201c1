// The playground is served and built by Vite from web/; it uses the package's dist/ build.
// The two plugins are also used by scripts/build-elements.mjs (the custom elements in dist/).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT) || 8080;
const FORMULAS = 'virtual:formulas';

/**
 * `import formulas from 'virtual:formulas'`: every catalogue formula typeset with KaTeX at
 * build time ({ id: markup }), read from the built package's own catalogue, as MathML, which
 * the browser lays out itself: the page needs neither KaTeX's 260 KB script nor its CSS and
 * ~50 KB of fonts (page weight).
 */
export function prerenderedFormulas() {
  return {
    name: 'losslab-formulas',
    resolveId: (id) => (id === FORMULAS ? `\0${FORMULAS}` : null),
    async load(id) {
      if (id !== `\0${FORMULAS}`) return null;
      const { default: createLossLab } = await import('./dist/node.js');
      const { default: katex } = await import('katex');
      const lab = await createLossLab({ simd: false });
      const html = Object.fromEntries(
        lab.losses.map((l) => [
          l.id,
          // (style="…" would become data-style: the page's CSP refuses style attributes in
          // markup, so the picker applies them through CSSOM. MathML output has none today.)
          katex
            .renderToString(l.formula, { displayMode: true, throwOnError: false, strict: 'ignore', output: 'mathml' })
            .replaceAll(' style="', ' data-style="'),
        ]),
      );
      return `export default ${JSON.stringify(html)};`;
    },
  };
}

/**
 * uPlot 1.6.32 (the newest release) builds its number formatter while its module evaluates:
 * `new Intl.NumberFormat(domEnv ? nav.language : 'en-US')`. navigator.language is not always a
 * BCP 47 tag: WebKitGTK reports the POSIX locale ("C" under LANG=C.UTF-8, Debian's default),
 * some Linux set-ups "en-US@posix" (uPlot issue 1053). Intl then throws a RangeError, the whole
 * uPlot module fails to evaluate, and the page has no charts. Upstream's fix (uPlot PR 1054,
 * merged, not yet released) uses the implicit default locale; this applies the same change to
 * the file Vite bundles. The build fails if the line changes, so an uPlot upgrade is looked at.
 */
export function uplotDefaultLocale() {
  const file = /[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/;
  const from = "new Intl.NumberFormat(domEnv ? nav.language : 'en-US')";
  return {
    name: 'losslab-uplot-default-locale',
    transform(code, id) {
      if (!file.test(id)) return null;
      if (!code.includes(from)) {
        if (/Intl\.NumberFormat\([^)]*nav\.language/.test(code)) this.error(`uPlot's locale line changed; update uplotDefaultLocale in vite.config.js`);
        return null; // a release with the upstream fix
      }
      return { code: code.replace(from, 'new Intl.NumberFormat()'), map: null };
    },
  };
}

export default defineConfig({
  plugins: [prerenderedFormulas(), uplotDefaultLocale()],
  // uPlot must go through the plugin above in `vite` dev mode too (pre-bundled deps skip it).
  optimizeDeps: { exclude: ['uplot'] },
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  resolve: {
    alias: { losslab: fileURLToPath(new URL('./dist/browser.js', import.meta.url)) },
  },
  server: { port, strictPort: true, host: '127.0.0.1' },
  preview: { port, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: fileURLToPath(new URL('./build/site', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  worker: { format: 'es' },
  logLevel: process.env.CI ? 'warn' : 'info',
});
