// The training loop, off the main thread. It loads its own LossLab, holds one network (two in
// Compare), trains a few epochs per frame and sends what the page draws: losses, accuracy or R²,
// minority-class recall, and the decision-boundary grid (predictGrid into a LabBuffer, copied
// into a Float32Array whose buffer is transferred). The page only draws.
//
// Messages in (from session.js):
//   { type: 'setup', id, runs: [settings…], data: { train: {x, y}, test: {x, y}, dims, task },
//     view: { x0, x1, y0, y1 }, speed, minority }      new networks; answers with an epoch-0 frame
//   { type: 'data', data, view, minority }             new points for the same networks (kept
//                                                       weights: the user added points)
//   { type: 'play' } | { type: 'pause' } | { type: 'step' } | { type: 'reset', id }
//   { type: 'speed', speed }                           'auto' or epochs per frame
//   { type: 'credit', count }                          the page drew: `count` more frames may come
//   { type: 'export', run }                            → { type: 'json', run, json }
// Messages out:
//   { type: 'ready', simd } | { type: 'fatal', message }
//   { type: 'frame', id, epoch, running, stats, runs: [{ trainLoss, testLoss, train, test,
//     recall, grid, gridSize, curve, band (±σ: gaussian_nll), embedding }], diverged?: { run, message }, error?: string }
import createLossLab from 'losslab';
import { epochsPerFrame } from './settings.js';
import { splitPrediction } from './band.js';

const FULL_GRID = 100;   // cells per side when paused or stepping
const MIN_GRID = 24;     // the coarsest grid while training a large network
const GRID_BUDGET_MS = 9; // what the grids of one frame may cost while training
const FIT_BUDGET_MS = 14; // 'auto' speed: epochs per frame within this
const CURVE_POINTS = 200; // samples of a one-input network's curve
// Frames on their way to the page before it has drawn one. One more is computed meanwhile and
// waits (`pending`): the worker never idles while the page draws, and no frame goes unseen.
const MAX_CREDITS = 1;

const ready = createLossLab().then(
  (lab) => {
    self.postMessage({ type: 'ready', simd: lab.simd });
    return lab;
  },
  (error) => {
    self.postMessage({ type: 'fatal', message: String(error?.message ?? error) });
    throw error;
  },
);

/** All the loop's state lives in this one object (a worker has one session at a time). */
const session = {
  lab: null, id: 0, runs: [], data: null, view: null, epoch: 0, running: false, speed: 'auto',
  credits: MAX_CREDITS, pending: null, msPerEpoch: 0, msPerCell: 0, scheduled: false, minority: -1, failed: false,
};

// A zero-delay yield between frames (setTimeout would be clamped to 4 ms), so messages such as
// 'pause' are handled between any two frames.
const tickChannel = new MessageChannel();
tickChannel.port1.onmessage = () => {
  session.scheduled = false;
  tick();
};
function schedule() {
  if (session.scheduled || !session.running || session.pending) return;
  session.scheduled = true;
  tickChannel.port2.postMessage(null);
}

self.onmessage = async (event) => {
  const lab = await ready;
  const msg = event.data;
  switch (msg.type) {
    case 'setup':
      setup(lab, msg);
      break;
    case 'data':
      setData(msg);
      if (!session.running) post(frame(0, FULL_GRID));
      break;
    case 'play':
      if (session.failed || !session.runs.length) break;
      session.running = true;
      schedule();
      break;
    case 'pause':
      if (session.running) {
        session.running = false;
        flush(true);
        post(frame(0, FULL_GRID)); // a sharp grid for the paused view
      }
      break;
    case 'step':
      if (session.failed || !session.runs.length) break;
      session.running = false;
      flush(true);
      post(frame(1, FULL_GRID));
      break;
    case 'reset':
      session.id = msg.id;
      session.pending = null;
      session.running = false;
      session.failed = false;
      session.epoch = 0;
      for (const run of session.runs) run.net.reset();
      post(frame(0, FULL_GRID));
      break;
    case 'speed':
      session.speed = msg.speed;
      break;
    case 'credit':
      session.credits = Math.min(MAX_CREDITS, session.credits + (msg.count ?? 1));
      flush(false);
      break;
    case 'export': {
      const run = session.runs[msg.run];
      self.postMessage({ type: 'json', run: msg.run, json: run ? run.net.toJSON() : null });
      break;
    }
    default:
      break;
  }
};

function dispose() {
  for (const run of session.runs) {
    run.net.dispose();
    run.buffer?.free();
  }
  session.runs = [];
}

function setup(lab, msg) {
  dispose();
  Object.assign(session, {
    lab, id: msg.id, epoch: 0, running: false, speed: msg.speed, credits: MAX_CREDITS, pending: null, msPerEpoch: 0, msPerCell: 0, failed: false,
  });
  try {
    session.runs = msg.runs.map((settings) => {
      const net = lab.network(settings);
      return { net, info: net.info, buffer: null, size: 0 };
    });
    setData(msg);
    post(frame(0, FULL_GRID));
  } catch (error) {
    dispose();
    session.failed = true;
    self.postMessage({ type: 'frame', id: session.id, epoch: 0, running: false, runs: [], error: describe(error), stats: {} });
  }
}

/** The data (and view) the networks train on and are drawn over. */
function setData({ data, view, minority }) {
  Object.assign(session, { data, view, minority });
  if (data.dims === 1) {
    const xs = new Float32Array(CURVE_POINTS);
    for (let i = 0; i < CURVE_POINTS; i++) xs[i] = view.x0 + ((view.x1 - view.x0) * i) / (CURVE_POINTS - 1);
    session.curveX = xs;
  }
  session.allX = concat(data.train.x, data.test.x);
}

function concat(a, b) {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function describe(error) {
  return error?.code ? `${error.code}: ${error.message}` : String(error?.message ?? error);
}

function tick() {
  if (!session.running || session.pending) return;
  const epochs = epochsPerFrame(session.speed, session.msPerEpoch, FIT_BUDGET_MS);
  const cells = session.msPerCell > 0 ? GRID_BUDGET_MS / (session.msPerCell * session.runs.length) : FULL_GRID ** 2;
  const size = Math.max(MIN_GRID, Math.min(FULL_GRID, Math.floor(Math.sqrt(cells))));
  session.pending = frame(epochs, size);
  flush(false);
}

/** Sends the waiting frame when the page has room for it (or now, when `force`d). */
function flush(force) {
  if (!session.pending || (!force && session.credits <= 0)) return;
  session.credits = Math.max(0, session.credits - 1);
  const message = session.pending;
  session.pending = null;
  post(message);
  schedule();
}

function post(message) {
  const transfer = [];
  for (const run of message.runs) {
    for (const key of ['grid', 'curve', 'band', 'embedding']) if (run[key]) transfer.push(run[key].buffer);
  }
  self.postMessage(message, transfer);
}

/** Trains `epochs` epochs (0: none) and measures everything the page shows. */
function frame(epochs, gridSize) {
  const { data } = session;
  const out = { type: 'frame', id: session.id, epoch: session.epoch, running: session.running, runs: [], stats: {} };
  if (epochs > 0) {
    const t0 = performance.now();
    for (const [i, run] of session.runs.entries()) {
      try {
        run.trainLoss = run.net.fit(data.train.x, data.train.y, { epochs });
      } catch (error) {
        session.running = false;
        session.failed = true;
        out.running = false;
        if (error?.code === 'NOT_FINITE') out.diverged = { run: i, message: error.message };
        else out.error = describe(error);
        return out;
      }
    }
    const ms = (performance.now() - t0) / epochs / session.runs.length;
    session.msPerEpoch = session.msPerEpoch ? 0.8 * session.msPerEpoch + 0.2 * ms : ms;
    session.epoch += epochs;
    out.epoch = session.epoch;
  }
  const t1 = performance.now();
  try {
    out.runs = session.runs.map((run) => measure(run, epochs > 0, gridSize));
  } catch (error) {
    session.running = false;
    session.failed = true;
    out.running = false;
    if (error?.code === 'NOT_FINITE') out.diverged = { run: 0, message: error.message };
    else out.error = describe(error);
    out.runs = [];
    return out;
  }
  out.stats = { epochs, gridSize, msPerEpoch: session.msPerEpoch, frameMs: performance.now() - t1 };
  return out;
}

function measure(run, trained, gridSize) {
  const { data, view } = session;
  const net = run.net;
  const result = { trainLoss: trained ? run.trainLoss : null, testLoss: null, train: null, test: null, recall: null };
  if (data.train.y.length) {
    result.train = net.evaluate(data.train.x, data.train.y);
    if (!trained) result.trainLoss = result.train.loss;
  }
  if (data.test.y.length) {
    result.test = net.evaluate(data.test.x, data.test.y);
    result.testLoss = result.test.loss;
  }
  if (data.task === 'classification' && session.minority >= 0 && run.info.task === 'classification') {
    const part = data.test.y.length ? data.test : data.train;
    result.recall = recall(net.predict(part.x), part.y, session.minority, run.info.predictionSize);
  }
  if (data.dims === 1) {
    // gaussian_nll's two outputs (mean, variance): the mean curve and its ±σ band
    const width = run.info.task === 'regression' ? run.info.predictionSize : 1;
    Object.assign(result, splitPrediction(net.predict(session.curveX), width));
    return result;
  }
  const cells = gridSize * gridSize;
  if (run.size !== gridSize) {
    run.buffer?.free();
    run.buffer = session.lab.buffer(cells);
    run.size = gridSize;
  }
  const t = performance.now();
  net.predictGrid({ x0: view.x0, x1: view.x1, y0: view.y0, y1: view.y1, width: gridSize, height: gridSize }, run.buffer);
  const msPerCell = (performance.now() - t) / cells;
  session.msPerCell = session.msPerCell ? 0.7 * session.msPerCell + 0.3 * msPerCell : msPerCell;
  result.grid = run.buffer.view().slice();
  result.gridSize = gridSize;
  if (run.info.task === 'embedding') result.embedding = net.predict(session.allX);
  return result;
}

/** Recall of class `k`: the share of its points the network puts in class k. */
function recall(pred, y, k, width) {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== k) continue;
    total++;
    let cls;
    if (width === 1) cls = pred[i] > 0.5 ? 1 : 0;
    else {
      cls = 0;
      for (let c = 1; c < width; c++) if (pred[i * width + c] > pred[i * width + cls]) cls = c;
    }
    if (cls === k) hit++;
  }
  return total ? hit / total : null;
}
