// The playground is served and built by Vite from web/; it uses the package's dist/ build.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT) || 8080;

export default defineConfig({
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
