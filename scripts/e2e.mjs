// Runs the browser suite: builds the page with Vite, serves it on a free local port, then
// runs tests/e2e/*.test.mjs under `node --test` with LOSSLAB_URL pointing at it.
import { build, preview } from 'vite';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
const address = server.httpServer.address();
const url = `http://127.0.0.1:${address.port}/`;
const files = readdirSync('tests/e2e').filter((f) => f.endsWith('.test.mjs')).map((f) => `tests/e2e/${f}`);
const args = ['--test', '--test-concurrency=1', ...(process.env.E2E_ONLY ? [process.env.E2E_ONLY] : files)];
const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, LOSSLAB_URL: url } });
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await new Promise((resolve) => server.httpServer.close(resolve));
process.exit(code);
