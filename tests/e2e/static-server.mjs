// A plain static file server for the browser tests: what any static host or CDN does, and no
// more (no SPA fallback, no rewriting; a folder without its final '/' is redirected to it). Serves `root` under `prefix` (e.g. '/some/path/'),
// optionally with CORS (`Access-Control-Allow-Origin: *`, as a CDN sends) and extra headers
// (a Content-Security-Policy for the HTML pages). Used by the elements, tutorial, static-site
// and bundler tests.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @param {{ root: string, prefix?: string, cors?: boolean, headers?: (path: string) => object }} options
 * @returns {Promise<{ origin: string, url: string, requests: string[], close: () => Promise<void> }>}
 *   url: origin + prefix; requests: every path asked for, in order
 */
export async function serveStatic({ root, prefix = '/', cors = false, headers = () => ({}) }) {
  const requests = [];
  const base = resolve(root); // no trailing separator
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...(cors ? { 'access-control-allow-origin': '*' } : {}) });
      res.end(text);
    };
    if (`${path}/` === prefix) { // the sub-path itself, without its final '/'
      res.writeHead(301, { location: `${prefix}${new URL(req.url, 'http://x').search}` });
      return res.end();
    }
    if (!path.startsWith(prefix)) return send(404, 'not under the prefix');
    let file = normalize(join(base, path.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) return send(403, 'outside the root');
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        if (!path.endsWith('/')) { // as static hosts do: a folder's address ends with '/'
          res.writeHead(301, { location: `${path}/${new URL(req.url, 'http://x').search}` });
          return res.end();
        }
        file = join(file, 'index.html');
        stat = statSync(file);
      }
    } catch {
      return send(404, 'not found');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-cache',
      ...(cors ? { 'access-control-allow-origin': '*' } : {}),
      ...headers(path),
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
