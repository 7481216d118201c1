// Runs the browser suite: builds the page with Vite, serves it on a free local port, then
// runs tests/e2e/*.test.mjs under `node --test` with LOSSLAB_URL pointing at it. Chromium
// (playwright-core) runs every file; firefox.test.mjs and webkit.test.mjs run the cross-engine
// subset (tests/e2e/cross-engine.mjs) in Firefox ESR and WebKitGTK (and chromium.test.mjs in
// Chromium). `node scripts/e2e.mjs FILE…` (or E2E_ONLY=FILE) runs only those files.
//
// The pages that subset opens carry `?e2e=1`: for those (only) the server puts
// tests/e2e/probe.js first in <head>, which records errors, rejections and downloads the same
// way in every engine. /e2e-axe.js is axe-core from node_modules (same-origin, so the page's CSP
// lets the accessibility tests load it). Every other request gets the built files untouched.
//
// The server also serves the repository's dist/ and examples/ as they are (under /dist/ and
// /examples/), so examples/tutorial.html runs as an author's page does, with no build step: it
// imports ../dist/elements.js.
import { build, preview } from 'vite';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

const PROBE = '/e2e-probe.js';
const PLAIN = ['/dist/', '/examples/'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };
/** The probe first in <head> (an absolute src: pages under /examples/ too). */
const withProbe = (html) => html.replace('<head>', `<head>\n    <script src="${PROBE}"></script>`);
const AXE = '/e2e-axe.js';
const axeFile = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Vite preview middleware: the probe, and index.html with the probe for `?e2e=1` pages. */
const probe = {
  name: 'losslab-e2e-probe',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === AXE) {
        res.setHeader('content-type', 'text/javascript');
        res.end(readFileSync(axeFile));
      } else if (url.pathname === PROBE) {
        res.setHeader('content-type', 'text/javascript');
        res.end(readFileSync('tests/e2e/probe.js'));
      } else if ((url.pathname === '/' || url.pathname === '/index.html') && url.searchParams.get('e2e') === '1') {
        const html = readFileSync('build/site/index.html', 'utf8');
        if (!html.includes('<head>')) return next(new Error('e2e: build/site/index.html has no <head>'));
        res.setHeader('content-type', 'text/html');
        res.setHeader('cache-control', 'no-store');
        res.end(withProbe(html));
      } else if (PLAIN.some((p) => url.pathname.startsWith(p))) {
        const file = normalize(join(root, decodeURIComponent(url.pathname)));
        if (!PLAIN.some((p) => file.startsWith(join(root, p)))) return next();
        let body;
        try {
          if (!statSync(file).isFile()) return next();
          body = readFileSync(file);
        } catch {
          return next();
        }
        res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('cache-control', 'no-cache');
        res.end(extname(file) === '.html' && url.searchParams.get('e2e') === '1' ? withProbe(body.toString('utf8')) : body);
      } else {
        next();
      }
    });
  },
};

// scripts/test.sh has just built the site (scripts/build.sh): LOSSLAB_SITE_BUILT=1 skips the rebuild.
if (process.env.LOSSLAB_SITE_BUILT !== '1') await build({ logLevel: 'warn' });
const server = await preview({ plugins: [probe], preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
const address = server.httpServer.address();
const url = `http://127.0.0.1:${address.port}/`;
const all = readdirSync('tests/e2e').filter((f) => f.endsWith('.test.mjs')).map((f) => `tests/e2e/${f}`);
const files = process.argv.length > 2 ? process.argv.slice(2) : process.env.E2E_ONLY ? [process.env.E2E_ONLY] : all;
const args = ['--test', '--test-concurrency=1', ...files];
const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, LOSSLAB_URL: url } });
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await new Promise((resolve) => server.httpServer.close(resolve));
process.exit(code);
