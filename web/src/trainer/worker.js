// The training loop, off the main thread. It loads its own LossLab, holds one network (two in
// Compare), trains a few epochs per frame and sends what the page draws: losses, accuracy or R²,
// minority-class recall, and the decision-boundary grid (predictGrid into a LabBuffer, copied
// into a Float32Array whose buffer is transferred). The page only draws.
//
// Messages in (from session.js):
//   { type: 'init', simd, compiled? }                  first: which build to load ('auto' | false
//                                                       | true: the page's ?simd=), or the module
//                                                       compileLossLab() made; answers ready
//   { type: 'setup', id, runs: [settings…], data: { train: {x, y}, test: {x, y}, dims, task },
//     view: { x0, x1, y0, y1 }, speed, minority, yardstick }  new networks; answers with an
//                                                       epoch-0 frame (yardstick: Compare's
//                                                       held-out points, yardstick.js, or null)
//   { type: 'data', data, view, minority, yardstick }  new points for the same networks (kept
//                                                       weights: the user added points)
//   { type: 'play' } | { type: 'pause' } | { type: 'step' } | { type: 'reset', id }
//   { type: 'speed', speed }                           'auto' or epochs per frame
//   { type: 'credit', count }                          the page drew: `count` more frames may come
//   { type: 'export', run }                            → { type: 'json', run, json }
//   { type: 'views', views: { influence, landscape } }  what else to measure; answers with a
//                                                       frame when paused
// Messages out:
//   { type: 'ready', simd } | { type: 'fatal', message }
//   { type: 'problem', message }                       an unhandled rejection in here (a bug), for
//                                                       the page's console
//   { type: 'frame', id, epoch, running, stats, runs: [{ trainLoss, testLoss, train, test,
//     recall, yardstick, grid, gridSize, curve, band (±σ: gaussian_nll), embedding, influence?, landscape?: { grid, size, span } }],
//     diverged?: { run, message }, error?: string }
//   influence: each training point's share of the gradient (net.influence), every frame while
//   the view is on; landscape: net.landscape on the training data, when paused and about once
//   a second while training (frames in between leave it out: the page keeps the last one).
import createLossLab from 'losslab';
import { epochsPerFrame } from './settings.js';
import { measureYardstick } from './yardstick.js';
import { splitPrediction } from './band.js';

const FULL_GRID = 100;   // cells per side when paused or stepping
const MIN_GRID = 24;     // the coarsest grid while training a large network
const GRID_BUDGET_MS = 9; // what the grids of one frame may cost while training
const FIT_BUDGET_MS = 14; // 'auto' speed: epochs per frame within this
const CURVE_POINTS = 200; // samples of a one-input network's curve
const LANDSCAPE = { size: 41, span: 1, seed: 1 }; // the same directions' seed every time
const LANDSCAPE_RUNNING_SIZE = 25; // while training, when the full size costs too much
const LANDSCAPE_BUDGET_MS = 40;    // what one landscape may cost while training
const LANDSCAPE_EVERY_MS = 1000;   // while training, a new landscape about once a second
// Frames on their way to the page before it has drawn one. One more is computed meanwhile and
// waits (`pending`): the worker never idles while the page draws, and no frame goes unseen.
const MAX_CREDITS = 1;

// The LossLab this worker uses, loaded once 'init' has said which build (session.ready): resolves
// to null (after a 'fatal' message) when it cannot load, so no command waits on a rejection.
function load({ simd, compiled }) {
  return createLossLab(compiled ? { compiled } : { simd }).then(
    (lab) => {
      self.postMessage({ type: 'ready', simd: lab.simd });
      return lab;
    },
    (error) => {
      self.postMessage({ type: 'fatal', message: String(error?.message ?? error) });
      return null;
    },
  );
}

// A worker's unhandled rejections reach no page handler: say them where the page logs.
self.addEventListener('unhandledrejection', (event) => {
  self.postMessage({ type: 'problem', message: describe(event.reason) });
});

/** All the loop's state lives in this one object (a worker has one session at a time). */
const session = {
  ready: null, lab: null, id: 0, runs: [], data: null, view: null, epoch: 0, running: false, speed: 'auto',
  credits: MAX_CREDITS, pending: null, msPerEpoch: 0, msPerCell: 0, scheduled: false, minority: -1, failed: false,
  views: { influence: false, landscape: false }, landscapeAt: 0, landscapeMs: 0,
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
  const msg = event.data;
  if (msg.type === 'init') {
    session.ready = load(msg);
    return;
  }
  const lab = await session.ready;
  if (!lab) return;
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
    case 'views':
      session.views = { ...session.views, ...msg.views };
      session.landscapeAt = 0;
      if (!session.running && !session.failed && session.runs.length) post(frame(0, FULL_GRID));
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
    landscapeAt: 0, landscapeMs: 0,
  });
  if (msg.views) session.views = { ...session.views, ...msg.views };
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
function setData({ data, view, minority, yardstick = null }) {
  Object.assign(session, { data, view, minority, yardstick });
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
    for (const key of ['grid', 'curve', 'band', 'embedding', 'influence']) if (run[key]) transfer.push(run[key].buffer);
    if (run.landscape) transfer.push(run.landscape.grid.buffer);
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
  const landscape = landscapeNow(t1);
  try {
    out.runs = session.runs.map((run) => measure(run, epochs > 0, gridSize, landscape));
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

/** The landscape to measure in this frame ({ size, span, seed }), or null: when paused, or once a second. */
function landscapeNow(now) {
  if (!session.views.landscape || !session.data.train.y.length) return null;
  if (session.running && now - session.landscapeAt < LANDSCAPE_EVERY_MS) return null;
  session.landscapeAt = now;
  const slow = session.running && session.landscapeMs * session.runs.length > LANDSCAPE_BUDGET_MS;
  return { ...LANDSCAPE, size: slow ? LANDSCAPE_RUNNING_SIZE : LANDSCAPE.size };
}

function measure(run, trained, gridSize, landscape) {
  const { data, view } = session;
  const net = run.net;
  const result = { trainLoss: trained ? run.trainLoss : null, testLoss: null, train: null, test: null, recall: null };
  if (session.views.influence && data.train.y.length) result.influence = net.influence(data.train.x, data.train.y);
  if (landscape) {
    const t = performance.now();
    const grid = net.landscape({ ...landscape, x: data.train.x, y: data.train.y });
    // the cost of a full-size landscape, for choosing the size while training
    const ms = ((performance.now() - t) * LANDSCAPE.size ** 2) / landscape.size ** 2;
    session.landscapeMs = session.landscapeMs ? 0.7 * session.landscapeMs + 0.3 * ms : ms;
    result.landscape = { grid, size: landscape.size, span: landscape.span };
  }
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
  if (session.yardstick && run.info.task === session.yardstick.task) {
    result.yardstick = measureYardstick(net.predict(session.yardstick.x), session.yardstick, run.info.predictionSize);
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
