// The page's side of the training worker: starts it, sends it commands, hands each frame to
// `onFrame` once per animation frame (only the newest one is drawn; every frame received is
// credited back so the worker stays at most two frames ahead of the screen).
/**
 * @param {{ onFrame: (frame: object) => void, onReady: (info: {simd: boolean}) => void,
 *           onFatal: (message: string) => void, spawn: () => Worker, simd?: 'auto' | boolean,
 *           compiled?: { simd: boolean, module: WebAssembly.Module } }} deps
 *   spawn: starts the worker (worker.js, however the caller's build serves it: the page's Vite
 *   chunk, or the elements' trainer-worker.js); simd: the build the worker loads (createLossLab's
 *   option; the page's ?simd=); compiled: a module compiled already (compileLossLab), which the
 *   worker instantiates instead of downloading its own
 */
export function createSession({ onFrame, onReady, onFatal, spawn, simd = 'auto', compiled }) {
  let worker;
  try {
    worker = spawn();
  } catch (e) {
    worker = refused(e); // reported like a worker that fails to start
  }
  worker.postMessage(compiled ? { type: 'init', simd, compiled } : { type: 'init', simd });
  const state = { id: 0, latest: null, received: 0, raf: 0, exports: new Map(), frames: 0, drawn: 0 };

  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === 'ready') onReady(msg);
    else if (msg.type === 'fatal') onFatal(msg.message);
    else if (msg.type === 'problem') console.error(`LossLab trainer worker: ${msg.message}`);
    else if (msg.type === 'json') {
      state.exports.get(msg.run)?.(msg.json);
      state.exports.delete(msg.run);
    } else if (msg.type === 'frame') {
      state.received++;
      if (msg.id !== state.id) return; // from settings that have since changed
      state.latest = msg;
      state.raf ||= requestAnimationFrame(draw);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    onFatal(event.message || 'the training worker failed to start');
  };

  function draw() {
    state.raf = 0;
    const frame = state.latest;
    state.latest = null;
    if (state.received) worker.postMessage({ type: 'credit', count: state.received });
    state.received = 0;
    if (frame) {
      state.drawn++;
      onFrame(frame);
    }
  }

  const send = (type, extra = {}) => worker.postMessage({ type, ...extra });
  return {
    /** New networks on new data; frames of older set-ups are dropped from now on. */
    setup(message) {
      state.id++;
      state.latest = null;
      worker.postMessage({ type: 'setup', id: state.id, ...message });
    },
    /** New points for the same networks (their weights are kept). */
    data: (message) => send('data', message),
    play: () => send('play'),
    pause: () => send('pause'),
    step: () => send('step'),
    /** Back to the initial weights; frames still on their way from before are dropped. */
    reset() {
      state.id++;
      state.latest = null;
      send('reset', { id: state.id });
    },
    speed: (speed) => send('speed', { speed }),
    /** What else the worker measures: { influence, landscape } (booleans). */
    views: (views) => send('views', { views }),
    /** The saved network (net.toJSON()) of run `run`. */
    exportJson(run) {
      return new Promise((resolve) => {
        state.exports.set(run, resolve);
        send('export', { run });
      });
    },
    /** How many frames were drawn (for the page's own frame counter). */
    get drawn() {
      return state.drawn;
    },
    dispose() {
      cancelAnimationFrame(state.raf);
      worker.terminate();
    },
  };
}

/** Stands in for a worker the browser refused at once (e.g. a script from another origin): its
 *  error handler runs, as a worker's would when its script fails to load. */
function refused(error) {
  const message = String(error?.message ?? error);
  return {
    onmessage: null,
    postMessage() {},
    terminate() {},
    set onerror(handler) {
      queueMicrotask(() => handler({ message, preventDefault() {} }));
    },
  };
}
