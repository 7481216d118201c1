// The trainer's code, loaded by the first <losslab-trainer> (a chunk of its own): the page's
// panel, its style sheet as text, and how the elements start the training worker.
import { createTrainer } from '../trainer/panel.js';
import trainerCss from '../trainer/trainer.css?inline';

export { createTrainer, trainerCss };

// dist/trainer-worker.js: the page's worker.js bundled with the wasm glue into one classic
// script that imports nothing, so any bundler can copy it as a plain asset (Vite and webpack do
// so for new URL(…, import.meta.url)) and a CDN serves it as is. It gets the compiled module
// from this page (compileLossLab) instead of downloading the .wasm again.
const WORKER = new URL(/* @vite-ignore */ './trainer-worker.js', import.meta.url);

/** A worker running dist/trainer-worker.js. Browsers refuse a worker script from another
 *  origin (a CDN): then the worker is a blob: script that loads it with importScripts(), which
 *  the page's CSP checks against script-src (so worker-src needs only blob:). When the CSP
 *  refuses blob: workers, the trainer says it could not start. */
export function spawnWorker() {
  const options = { name: 'losslab-trainer' };
  if (WORKER.origin === location.origin) return new Worker(WORKER, options);
  const source = new Blob([`importScripts(${JSON.stringify(WORKER.href)});\n`], { type: 'text/javascript' });
  const url = URL.createObjectURL(source);
  const worker = new Worker(url, options);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return worker;
}
