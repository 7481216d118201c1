// The trainer's code, loaded by the first <losslab-trainer> (a chunk of its own): the page's
// panel, its style sheet as text, and how the elements start the training worker.
import { createTrainer } from '../trainer/panel.js';
import trainerCss from '../trainer/trainer.css?inline';

export { createTrainer, trainerCss };

// dist/trainer-worker.js: the page's worker.js bundled with the wasm glue into one file that
// imports nothing, so any bundler can copy it as a plain asset (Vite and webpack do so for
// new URL(…, import.meta.url)) and a CDN serves it as is. It gets the compiled module from
// this page (compileLossLab) instead of downloading the .wasm again.
const WORKER = new URL(/* @vite-ignore */ './trainer-worker.js', import.meta.url);

/** A module worker for dist/trainer-worker.js. Browsers refuse a worker script from another
 *  origin (a CDN), so then the worker is a blob: module that imports it (the page's CSP must
 *  allow worker-src blob: for that; when it does not, the trainer says it could not start). */
export function spawnWorker() {
  const options = { type: 'module', name: 'losslab-trainer' };
  if (WORKER.origin === location.origin) return new Worker(WORKER, options);
  const source = new Blob([`import ${JSON.stringify(WORKER.href)};\n`], { type: 'text/javascript' });
  const url = URL.createObjectURL(source);
  const worker = new Worker(url, options);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return worker;
}
