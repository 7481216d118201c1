// Wiring only: load LossLab, read the state from the URL, build the views, and on every change
// recompute, re-render and (debounced) write the state back to the URL.
import './styles.css';
import createLossLab from 'losslab';
import { toHash, createStore } from './state.js';
import { h } from './dom.js';
import { createShare } from './share.js';
import { createNotice } from './notice.js';
import { createExplorer } from './explorer/explorer.js';
import { switchLoss, readState } from './explorer/samples.js';
import { createThemeToggle } from './theme.js';
import { createTrainer } from './trainer/panel.js';
import { createChartLoader } from './chart.js';
import { simdOption } from './build-choice.js';

const HASH_DELAY_MS = 250;
const $ = (id) => document.getElementById(id);
/** The page's training worker: a module worker Vite bundles next to the page's chunks. */
const spawnWorker = () => new Worker(new URL('./trainer/worker.js', import.meta.url), { type: 'module', name: 'losslab-trainer' });

/** A Compare preset's page part (web/src/trainer/settings.js): its loss options and explorer
 *  example over `state` (none: `state` as it is). */
function withExample(state, page) {
  if (!page) return state;
  Object.assign(state.options, page.options ?? {});
  if (page.pred !== undefined) Object.assign(state, { pred: page.pred, target: page.target, negative: '', point: 0 });
  return state;
}

/** A hash's state, with example data for whatever the link did not give. */
const readLocation = (lab) => readState(lab, location.hash);

async function start() {
  const simd = simdOption(location.search);
  const lab = await createLossLab({ simd });
  performance.mark('losslab-loaded');
  document.body.dataset.wasm = lab.simd ? 'simd' : 'baseline'; // which build runs (for tests and devtools)
  const catalogue = lab.losses;
  const infoOf = (id) => catalogue.find((l) => l.id === id);
  const first = readLocation(lab);
  const store = createStore(first.state);
  const set = (change) => store.update(change);

  const notice = createNotice();
  const theme = createThemeToggle({ onChoose: (t) => set((s) => { s.theme = t; }) });
  const share = createShare({ link: () => `${location.href.split('#')[0]}${toHash(store.get(), infoOf(store.get().loss))}` });
  const loadChart = createChartLoader(); // the page's one uPlot import, shared by every chart
  const explorer = createExplorer({
    lab,
    store,
    loadChart,
    onShowInfluence: () => {
      set((s) => { s.trainer.influence = '1'; });
      $('trainer').scrollIntoView({ block: 'start' });
    },
  });
  const { picker, options, inputs, presets, results, curve } = explorer.parts;

  $('share-slot').append(share.element);
  $('theme-slot').append(theme.element);
  $('notice-slot').append(notice.element);
  $('presets-slot').append(presets.element);
  $('explorer-setup').append(picker.element, options.element, inputs.element);
  $('explorer-results').append(results.element, curve.element);
  $('loading').remove();
  notice.show(first.notices);
  // The Trainer panel (web/src/trainer/) mounts into <section id="trainer"> once the first
  // result is on screen (it sits below the explorer, and building it costs ~150 ms). It reads
  // state.loss and state.options for the loss, keeps its URL keys in state.trainer, and changes
  // them with store.update(); the hash follows automatically. Its loss picker changes the page's
  // loss the way the explorer's picker does.
  const mountTrainer = () => {
    try {
      createTrainer({
        lab, store, root: $('trainer'), loadChart, simd, spawnWorker,
        selectLoss: (id, page) => set((s) => withExample(switchLoss(lab, s, infoOf(id)), page)),
      });
    } catch (e) {
      console.error(e); // the explorer works without the trainer
    }
  };

  let timer = 0; // the pending URL write (local to this call of start, not module state)
  function render(state, why) {
    document.documentElement.classList.toggle('embed', state.embed);
    theme.render(state.theme);
    explorer.render(state);
    if (why === 'hash' || why === 'load') return;
    clearTimeout(timer);
    timer = setTimeout(() => history.replaceState(null, '', toHash(store.get(), infoOf(store.get().loss))), HASH_DELAY_MS);
  }
  store.subscribe(render);
  render(store.get(), 'load');
  performance.mark('losslab-interactive');
  if (typeof requestIdleCallback === 'function') requestIdleCallback(mountTrainer, { timeout: 300 });
  else setTimeout(mountTrainer, 0);

  // In-page links scroll without replacing the state in the hash.
  for (const a of document.querySelectorAll('a[href^="#"]:not([href*="="])')) {
    a.addEventListener('click', (e) => {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      if (!target) return;
      e.preventDefault();
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ behavior: still ? 'auto' : 'smooth', block: 'start' });
      target.focus({ preventScroll: true });
    });
  }

  window.addEventListener('hashchange', () => {
    if (location.hash && !location.hash.includes('=')) return; // an in-page anchor
    const next = readLocation(lab);
    notice.show(next.notices);
    store.update(() => next.state, 'hash');
  });
}

start().catch((error) => {
  console.error(error);
  const loading = $('loading');
  loading?.replaceChildren(h('strong', {}, 'LossLab could not start: '),
    h('span', { 'data-testid': 'loss-error' }, String(error?.message ?? error)));
});
