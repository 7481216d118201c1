// The Trainer panel: wiring only. It reads the page's state (state.loss, state.options and
// state.trainer), builds the views, keeps the worker's set-up in step with the state, and draws
// each frame the worker sends. Settings change through store.update(); the hash follows.
// The worker starts when the panel first comes into view (or on first use), so a visit that
// never scrolls to it pays nothing.
import './trainer.css';
import { h } from '../dom.js';
import { OWN, LIMITS, networkLimits, divergenceAdvice, pointsToText, COMPARE_PRESETS, applyComparePreset } from './settings.js';
import { datasetChoices } from './data.js';
import { derive } from './derive.js';
import { createSession } from './session.js';
import { createHistory } from './history.js';
import { createPlot } from './heatmap.js';
import { createEmbeddingPlot } from './embedding.js';
import { createCurves } from './curves.js';
import { createMetrics } from './metrics.js';
import { createControls } from './controls.js';
import { createDataEditor } from './data-editor.js';
import { createNetworkEditor } from './network-editor.js';
import { createCompare } from './compare.js';
import { createExport } from './export.js';
import { createInfluenceViews } from './views.js';
import { createLandscapePlot } from './landscape.js';

const STARTING = 'Starting the training worker…';

/**
 * @param {{ lab: object, store: object, root: HTMLElement, selectLoss: (id: string, page?: object) => void,
 *           loadChart: () => Promise<Function>, spawnWorker: () => Worker, simd?: 'auto' | boolean,
 *           compiled?: object, onEpoch?: (info: object) => void }} deps
 *   root: where the panel goes (the page's section, or an element's shadow root's container);
 *   selectLoss: make `id` the page's loss (the explorer follows), with a Compare preset's `page`
 *   options and example when given; loadChart: the page's one
 *   uPlot loader (chart.js); spawnWorker: starts worker.js (see session.js); simd: the build the
 *   worker loads (the page's ?simd=); compiled: a module the worker instantiates instead
 *   (compileLossLab); onEpoch: told { epoch, trainLoss, testLoss, runs } for each frame drawn
 */
export function createTrainer({ lab, store, root, selectLoss, loadChart, spawnWorker, simd = 'auto', compiled, onEpoch }) {
  const catalogue = lab.losses;
  const choices = datasetChoices(lab);
  // Closure state of the panel (one per page).
  const run = {
    session: null, ready: false, running: false, failed: false, blocked: false, epoch: 0,
    derived: null, setupKey: '', speed: null, history: null, embRun: -1, viewsKey: '',
    rate: { epoch: 0, time: 0, value: 0 }, message: '', build: '', wantPlay: false,
  };

  const edit = (change) => {
    start();
    store.update((s) => {
      change(s.trainer, s);
    });
  };

  const controls = createControls({
    onToggle: () => {
      start();
      if (!run.ready) return;
      if (run.running) run.session.pause();
      else {
        rateReset();
        run.session.play();
      }
      run.running = !run.running;
      renderControls();
    },
    onStep: () => {
      if (!run.ready) return;
      run.running = false;
      run.session.step();
      renderControls();
    },
    onReset: () => {
      if (!run.ready) return;
      run.running = false;
      run.failed = false;
      newHistory();
      run.session.reset();
      say(run.derived.notes.join(' '), null, 'info');
      renderControls();
    },
    onSpeed: (v) => edit((t) => {
      if (v === 'auto') delete t.speed;
      else t.speed = v;
    }),
    describe: () => metrics.summary(),
  });
  const plots = [
    createPlot({ testid: 'boundary', title: 'Decision boundary', onClick: (a, b) => addPoints([[a, b]], true), describedBy: 'trainer-plot-legend' }),
    createPlot({ testid: 'boundary-b', title: 'Decision boundary B', onClick: (a, b) => addPoints([[a, b]], true), describedBy: 'trainer-plot-legend' }),
  ];
  const embedding = createEmbeddingPlot();
  const landscapes = [
    createLandscapePlot({ testid: 'landscape', title: 'Loss landscape' }),
    createLandscapePlot({ testid: 'landscape-b', title: 'Loss landscape B' }),
  ];
  const views = createInfluenceViews({
    onInfluence: (on) => edit((t) => {
      if (on) t.influence = '1';
      else delete t.influence;
    }),
    onLandscape: (on) => edit((t) => {
      if (on) t.landscape = '1';
      else delete t.landscape;
    }),
    landscapes: landscapes.map((l) => l.element),
  });
  const legend = h('p', { className: 'hint plot-legend', id: 'trainer-plot-legend', 'data-testid': 'plot-legend' });
  const metrics = createMetrics();
  const curves = createCurves({ loadChart });
  const stats = h('p', { className: 'note', 'data-testid': 'train-stats' });
  const exporter = createExport({
    weights: (k) => (run.ready && !run.blocked ? run.session.exportJson(k) : Promise.resolve(null)),
    csv: () => run.history?.csv() ?? 'epoch\n',
    canvases: () => [...plots, embedding].filter((p) => !p.element.hidden)
      .map((p) => ({ canvas: p.element.querySelector('canvas'), title: p.element.querySelector('figcaption').textContent })),
    name: () => `losslab-${run.derived.data.id}`,
  });
  const compare = createCompare({
    catalogue,
    onToggle: (on) => edit((t) => {
      if (!on) {
        delete t.compare;
        return;
      }
      const { ids, offered } = run.derived;
      const first = ids[0];
      const family = catalogue.find((l) => l.id === first)?.family;
      const other = offered.find((l) => l.id !== first && l.family === family) ?? offered.find((l) => l.id !== first);
      if (other) t.compare = `${first},${other.id}`;
    }),
    onPreset: (preset) => {
      if (preset.page) selectLoss(preset.page.loss, preset.page);
      edit((t) => applyComparePreset(t, preset));
    },
    onLosses: (ids) => edit((t) => {
      t.compare = ids.join(',');
    }),
  });
  const dataEditor = createDataEditor({
    choices,
    onChange: (patch) => edit((t) => {
      if (patch.dataset && patch.dataset !== run.derived.data.id) {
        const next = choices.find((c) => c.id === patch.dataset);
        const now = run.derived.data;
        // Own points stay when they still fit (same inputs and task); otherwise they go.
        if (!next || next.dims !== now.dims || next.task !== now.task) delete t.points;
        if (t.layers && next) t.layers = [next.dims, ...run.derived.cfg.hidden, run.derived.cfg.embedding].join(',');
      }
      Object.assign(t, patch);
    }),
    onAddPoints: (points) => addPoints(points, false),
    onClearPoints: () => edit((t) => {
      delete t.points;
    }),
  });
  const networkEditor = createNetworkEditor({
    limits: networkLimits(lab.networkCatalogue),
    onChange: (patch) => edit((t) => {
      const { cfg, data, runs } = run.derived;
      const { hidden = cfg.hidden, embedding: size, ...rest } = patch;
      if (patch.hidden || size) {
        const out = size ?? (runs[0].head.kind === 'embedding' ? cfg.embedding : runs[0].head.units);
        t.layers = [data.dims, ...hidden, out].join(',');
      }
      Object.assign(t, rest);
    }),
    onLoss: (id) => {
      start();
      selectLoss(id);
    },
  });

  const plotRow = h('div', { className: 'plots' }, plots[0].element, plots[1].element, embedding.element);
  const main = h('div', { className: 'trainer-main' },
    controls.element,
    h('div', { className: 'card trainer-output' }, plotRow, legend, views.element, metrics.element, curves.element, exporter.element, stats));
  const side = h('div', { className: 'trainer-side' }, compare.element, dataEditor.element, networkEditor.element);
  const lede = h('p', { className: 'lede chrome' }, 'Pick data and a network, then press Play. The network trains in a background thread with the loss you chose above; the plot shows what it predicts everywhere.');
  root.querySelector('.hint')?.remove();
  root.classList.add('trainer');
  root.append(lede, h('div', { className: 'trainer-grid' }, main, side));

  function say(text, fix = null, kind = 'error') {
    run.message = text;
    controls.say(text, fix, kind);
  }

  function renderControls() {
    controls.render({
      running: run.running, ready: run.ready && !run.blocked, failed: run.failed, epochs: run.epoch,
      speedValue: String(run.derived?.cfg.speed ?? 'auto'),
      waiting: !run.ready ? 'starting' : run.blocked ? 'points' : '',
    });
  }

  function addPoints(points, fromClick) {
    const { cfg, data } = run.derived;
    const label = dataEditor.clickLabel();
    const rows = fromClick ? points.map(([a, b]) => (data.dims === 1 ? [a, b] : [a, b, label])) : points;
    const all = [...cfg.points, ...rows];
    if (all.length > LIMITS.points) {
      dataEditor.showPointProblems([`at most ${LIMITS.points} of your own points; remove some first`]);
      return;
    }
    edit((t) => {
      t.points = pointsToText(all);
    });
  }

  function newHistory() {
    const d = run.derived;
    run.history = createHistory(d.compare ? d.ids : [''], d.metric, d.withRecall);
    curves.show(run.history);
    metrics.setup(d.compare ? d.ids : [d.ids[0]], d.metric, d.withRecall, d.yardstick);
    metrics.clear();
    run.epoch = 0;
    rateReset();
    stats.textContent = '';
  }

  function rateReset() {
    run.rate = { epoch: run.epoch, time: performance.now(), value: 0 };
  }

  function view(data) {
    const e = data.extent;
    return { x0: -e, x1: e, y0: e, y1: -e };
  }

  function workerData(d) {
    const { data } = d;
    return {
      data: { train: { x: data.train.x, y: data.train.y }, test: { x: data.test.x, y: data.test.y }, dims: data.dims, task: data.task },
      view: view(data),
      minority: d.withRecall ? data.minority : -1,
      yardstick: d.yardstick,
    };
  }

  /** Keeps the views and the worker in step with the state. */
  function sync(state) {
    const d = derive(lab, state, run.derived);
    const dataChanged = d.dataKey !== run.derived?.dataKey;
    run.derived = d;
    const { data, cfg } = d;
    const kindOf = (r) => (r.head.kind === 'embedding' ? 'multiclass' : r.head.kind);
    const scale = data.task === 'regression' ? Math.max(1e-6, data.yAbs) : 1;

    dataEditor.render(cfg, data);
    if (dataChanged && data.dropped.length) dataEditor.showPointProblems(data.dropped);
    networkEditor.render(cfg, { offered: d.offered, excluded: d.excluded, lossId: d.ids[0], note: d.lossNote, head: d.runs[0].head, dims: data.dims, compare: d.compare });
    compare.render(d.compare ? d.ids : null, d.offered, d.presetKey);
    exporter.render(d.ids);

    const shown = { influence: state.trainer.influence === '1', landscape: state.trainer.landscape === '1' };
    // In Compare each network gets its own panel; one-input data shares one plot unless each
    // run's influence needs its own points.
    const two = d.compare && (data.dims === 2 || shown.influence);
    plots[1].element.hidden = !two;
    run.embRun = d.runs.findIndex((r) => r.head.kind === 'embedding');
    embedding.element.hidden = run.embRun < 0 || data.dims !== 2;
    plotRow.classList.toggle('two', two || !embedding.element.hidden);
    plots.forEach((p, k) => {
      const r = d.runs[k] ?? d.runs[0];
      if (data.dims === 1 && two) p.setTitle(`${k ? 'B' : 'A'} · fitted curve · ${r.id}`);
      else if (data.dims === 1) p.setTitle(d.compare ? `Fitted curves: ${d.ids[0]} (solid), ${d.ids[1]} (dashed)` : `Fitted curve · ${r.id}`);
      else if (d.compare) p.setTitle(`${k ? 'B' : 'A'} · ${r.id}`);
      else p.setTitle(`${r.head.kind === 'regression' ? 'Prediction' : 'Decision boundary'} · ${r.id}`);
    });
    legend.textContent = legendText(d);
    views.render(shown, d);
    landscapes.forEach((l, k) => l.setTitle(d.compare ? `${k ? 'B' : 'A'} · loss landscape · ${d.ids[k]}` : `Loss landscape · ${d.ids[0]}`));
    if (!shown.influence) plots.forEach((p) => p.setInfluence(null));

    const setupChanged = d.setupKey !== run.setupKey;
    if (setupChanged || dataChanged) {
      plots.forEach((p, k) => p.setData(data, { kind: kindOf(d.runs[k] ?? d.runs[0]), scale }));
      embedding.reset();
      landscapes.forEach((l) => l.clear());
    }
    const viewsKey = JSON.stringify(shown);
    if (cfg.speed !== run.speed && run.session) {
      run.speed = cfg.speed;
      run.session.speed(cfg.speed);
    }
    if (!run.session) {
      if (setupChanged) newHistory();
      run.setupKey = d.setupKey;
      renderControls();
      return;
    }
    const empty = data.train.y.length === 0;
    if (empty) {
      run.blocked = true;
      run.running = false;
      run.session.pause();
      say(data.id === OWN ? 'Add points to train on: click on the plot, or paste them under “Your own points”.' : 'There are no training points.', null, 'info');
    } else if (setupChanged || run.blocked) {
      run.blocked = false;
      run.running = false;
      run.failed = false;
      run.setupKey = d.setupKey;
      newHistory();
      say(d.notes.join(' '), null, 'info');
      run.viewsKey = viewsKey;
      run.session.setup({ runs: d.runs.map((r) => r.settings), speed: cfg.speed, views: shown, ...workerData(d) });
    } else if (dataChanged) {
      run.session.data(workerData(d));
    }
    if (viewsKey !== run.viewsKey && !empty) {
      run.viewsKey = viewsKey;
      run.session.views(shown);
    }
    renderControls();
  }

  function legendText(d) {
    const { data } = d;
    const marks = data.dims === 1 ? 'Dots: training points; rings: test points; squares: yours.' : 'Filled dots: training points; rings: test points; squares: yours.';
    if (data.dims === 1) {
      const band = d.runs.some((r) => r.head.units === 2) ? ' Shaded: ± one predicted standard deviation (√variance).' : '';
      return `${marks} Lines: what each network predicts for every x.${band}`;
    }
    const kind = d.runs[0].head.kind;
    if (kind === 'regression') return `${marks} Background: the predicted value (orange below 0, purple above, white near 0).`;
    if (kind === 'binary') return `${marks} Background: the predicted probability of class 1 (orange: class 0, purple: class 1, white: 50/50).`;
    if (kind === 'embedding') return `${marks} Background: the class of the nearest class centre in the embedding; right: where each point lands in the embedding plane.`;
    return `${marks} Background: the most likely class, paler where the network is unsure.`;
  }

  function onFrame(frame) {
    const d = run.derived;
    if (frame.error) {
      run.failed = true;
      run.running = false;
      const built = frame.runs.length === 0 && frame.epoch === 0;
      say(`${built ? 'The network could not be built' : 'Training stopped'}: ${frame.error}`);
    } else if (frame.diverged) {
      run.failed = true;
      run.running = false;
      const advice = divergenceAdvice(d.cfg, frame.epoch);
      say(advice.text, { label: `Use learning rate ${advice.lower} and start again`, apply: () => edit((t) => { t.lr = String(advice.lower); }) });
    }
    run.epoch = frame.epoch;
    if (frame.runs.length) {
      onEpoch?.({
        epoch: frame.epoch, trainLoss: frame.runs[0].trainLoss, testLoss: frame.runs[0].testLoss,
        runs: frame.runs.map((r, k) => ({ loss: d.ids[k], trainLoss: r.trainLoss, testLoss: r.testLoss })),
      });
      run.history.add(frame.epoch, frame.runs);
      metrics.render(frame.runs, d.metric);
      curves.update(!run.running);
      drawFrame(frame, d);
    }
    measureRate(frame);
    renderControls();
  }

  function drawFrame(frame, d) {
    const { data } = d;
    views.setShares(frame.runs.map((r) => r.influence ?? null));
    frame.runs.forEach((r, k) => {
      if (r.influence) plots[k].setInfluence(r.influence);
      if (r.landscape) landscapes[k].setGrid(r.landscape.grid, r.landscape.size, r.landscape.span, frame.epoch);
    });
    if (data.dims === 1 && !plots[1].element.hidden) {
      // one panel per run, each with its own curve (in its run's colour and dash)
      plots.forEach((p, k) => {
        p.setCurves(frame.runs.map((r, j) => (j === k ? r.curve ?? null : null)), frame.runs.map((r, j) => (j === k ? r.band ?? null : null)));
        p.draw();
      });
    } else if (data.dims === 1) {
      plots[0].setCurves(frame.runs.map((r) => r.curve ?? null), frame.runs.map((r) => r.band ?? null));
      plots[0].draw();
    } else {
      frame.runs.forEach((r, k) => {
        if (!r.grid || plots[k].element.hidden) return;
        plots[k].setGrid(r.grid, r.gridSize, data.classes);
        plots[k].draw();
      });
    }
    const emb = frame.runs[run.embRun]?.embedding;
    if (emb && !embedding.element.hidden) embedding.draw(emb, d.runs[run.embRun].head.units, data);
  }

  function measureRate(frame) {
    const now = performance.now();
    const { rate } = run;
    // Epochs per second over windows of about a second (the first estimate after 250 ms).
    if (now - rate.time >= 1000 || (rate.value === 0 && now - rate.time >= 250)) {
      rate.value = ((frame.epoch - rate.epoch) * 1000) / (now - rate.time);
      rate.epoch = frame.epoch;
      rate.time = now;
    }
    const s = frame.stats ?? {};
    if (!run.running || !s.epochs || rate.value === 0) return; // the last training figures stay
    const grid = run.derived.data.dims === 2 ? ` · heatmap ${s.gridSize}×${s.gridSize}` : '';
    stats.textContent = `${Math.round(rate.value)} epochs/s · ${s.epochs} epochs per frame${grid} · ${s.msPerEpoch.toFixed(2)} ms per epoch · ${run.build}`;
    stats.dataset.epochsPerFrame = String(s.epochs);
    stats.dataset.grid = String(s.gridSize);
  }

  /** Starts the worker (once). */
  function start() {
    if (run.session) return;
    run.session = createSession({
      simd,
      compiled,
      spawn: spawnWorker,
      onReady: (info) => {
        run.ready = true;
        run.build = info.simd ? 'wasm SIMD' : 'wasm baseline';
        root.dataset.wasm = info.simd ? 'simd' : 'baseline';
        if (stats.textContent === STARTING) stats.textContent = '';
        renderControls();
        if (run.wantPlay) play();
      },
      onFatal: (message) => {
        run.ready = false;
        say(`The trainer could not start: ${message}`);
        renderControls();
      },
      onFrame,
    });
    run.setupKey = '';
    run.speed = null;
    sync(store.get());
    stats.textContent = STARTING;
  }

  /** Plays, as the Play button does (once the worker is ready, when it is still starting). */
  function play() {
    start();
    run.wantPlay = !run.ready;
    if (!run.ready || run.running || run.blocked || run.failed) return;
    rateReset();
    run.session.play();
    run.running = true;
    renderControls();
  }

  /** Pauses, as the Pause button does. */
  function pause() {
    run.wantPlay = false;
    if (!run.running) return;
    run.session.pause();
    run.running = false;
    renderControls();
  }

  sync(store.get());
  const unsubscribe = store.subscribe((state) => sync(state));
  const near = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      near.disconnect();
      start();
    }
  }, { rootMargin: '0px' });
  near.observe(root);

  return {
    start,
    play,
    pause,
    /** True while training plays. */
    get running() {
      return run.running;
    },
    /** Stops the worker and the panel's observers (an element removed from its page). */
    dispose() {
      near.disconnect();
      unsubscribe();
      run.session?.dispose();
    },
    presets: COMPARE_PRESETS,
  };
}
