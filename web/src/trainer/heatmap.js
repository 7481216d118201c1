// The decision-boundary plot: a canvas showing the network's output over the input plane (the
// worker's grid, painted once per new grid into a small canvas and scaled up with smoothing),
// the training points (filled) and test points (hollow), the user's own points (squares).
// For one-input data (sine_outliers) it plots the data and each network's fitted curve instead.
// Clicking (or tapping) reports the data coordinates (for adding points); so does the keyboard:
// the plot is focusable, the arrow keys move a cross-hair (Shift: finer steps) and Enter or Space
// adds a point there, each move said by a polite live region. The plot's text alternative is its
// title, what the marks mean (the panel's legend, `describedBy`), the counts of points, and where
// the numbers are (the table below it, the CSV export). With the influence view on, each
// training point's size is its pull (its share of the gradient, on one scale for every panel)
// and a ring in the pull colour marks the points that pull hardest.
import { h, fitCanvas } from '../dom.js';
import { paintGrid, classColour, valueColour, RUN_COLOURS, INK } from './colours.js';
import { pullRadius, pullStrength } from '../influence.js';
import { fillBand } from './band.js';

const AXIS = '#9ca3af';
const TEXT = '#374151';
const POINT_1D = '#374151';
const KEY_STEPS = 24; // arrow-key steps across the plot (Shift: 5 times finer)

/**
 * @param {{ testid: string, title: string, onClick?: (a: number, b: number) => void,
 *           describedBy?: string }} deps  describedBy: the id of the legend that says what the
 *   marks and colours mean
 */
export function createPlot({ testid, title, onClick, describedBy = '' }) {
  const about = h('p', { className: 'visually-hidden', id: `${testid}-about`, 'data-testid': `${testid}-about` });
  const said = h('p', { className: 'visually-hidden', role: 'status', 'data-testid': `${testid}-cursor` });
  const canvas = h('canvas', {
    className: 'plot-canvas', 'data-testid': testid, role: onClick ? 'application' : 'img', 'aria-label': label(title),
    'aria-describedby': `${testid}-about ${describedBy}`.trim(), width: 300, height: 300,
  });
  const heading = h('figcaption', { className: 'plot-title' }, title);
  const element = h('figure', { className: 'plot' }, heading, canvas, about, said);
  const ctx = canvas.getContext('2d');
  const gridCanvas = h('canvas', { width: 1, height: 1 });
  const gridCtx = gridCanvas.getContext('2d');
  const pointsCanvas = h('canvas', { width: 1, height: 1 });
  // Closure state: what is drawn and the cached layers.
  const view = {
    data: null, kind: 'binary', scale: 1, hasGrid: false, image: null, curves: [], bands: [], pointsKey: '', width: 0, height: 0,
    influence: null, influenceVersion: 0,
    cursor: null, focused: false,
  };

  function label(text) {
    return onClick ? `${text}. Arrow keys move a cross-hair; Enter adds a point there.` : text;
  }

  new ResizeObserver(() => resize()).observe(canvas);
  if (onClick) {
    canvas.classList.add('clickable');
    canvas.addEventListener('click', (event) => {
      if (!view.data) return;
      const box = canvas.getBoundingClientRect();
      const fx = (event.clientX - box.left) / box.width;
      const fy = (event.clientY - box.top) / box.height;
      const [a, b] = fromUnit(fx, fy);
      onClick(a, b);
    });
    canvas.tabIndex = 0;
    canvas.addEventListener('focus', () => {
      view.focused = true;
      if (!view.cursor) view.cursor = [0.5, 0.5];
      draw();
      sayCursor();
    });
    canvas.addEventListener('blur', () => {
      view.focused = false;
      draw();
    });
    canvas.addEventListener('keydown', onKey);
  }

  /** Arrow keys move the cross-hair (in fractions of the plot), Enter or Space adds a point. */
  function onKey(event) {
    if (!view.data || event.altKey || event.ctrlKey || event.metaKey) return;
    const step = (event.shiftKey ? 0.2 : 1) / KEY_STEPS;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const cursor = view.cursor ?? [0.5, 0.5];
    if (moves[event.key]) {
      const [dx, dy] = moves[event.key];
      view.cursor = [clamp01(cursor[0] + dx), clamp01(cursor[1] + dy)];
      sayCursor();
      draw();
    } else if (event.key === 'Enter' || event.key === ' ') {
      const [a, b] = fromUnit(...cursor);
      onClick(a, b);
      said.textContent = `Point added at ${coords(a, b)}.`;
    } else if (event.key === 'Home') {
      view.cursor = [0.5, 0.5];
      sayCursor();
      draw();
    } else {
      return;
    }
    event.preventDefault();
  }

  function coords(a, b) {
    return view.data.dims === 1 ? `x ${fmt(a)}, y ${fmt(b)}` : `x1 ${fmt(a)}, x2 ${fmt(b)}`;
  }

  function sayCursor() {
    if (!view.data) return;
    said.textContent = `Cross-hair at ${coords(...fromUnit(...view.cursor))}.`;
  }

  /** The counts behind the picture, and where its numbers are. */
  function describe() {
    const { data } = view;
    const own = data.train.own ?? 0;
    about.textContent = `${data.train.y.length - own} training points (filled), ${data.test.y.length} test points (rings)`
      + `${own ? `, ${own} of yours (squares)` : ''}. The numbers are in the table below; Save offers the loss record (CSV) and the plot (PNG).`;
  }

  function resize() {
    if (!fitCanvas(canvas, view)) return;
    view.pointsKey = '';
    draw();
  }

  /** Data bounds: [x0, x1, yTop, yBottom]. */
  function bounds() {
    const { data } = view;
    const e = data.extent;
    return data.dims === 1 ? [-e, e, data.yRange[1], data.yRange[0]] : [-e, e, e, -e];
  }
  function toPixel(a, b) {
    const [x0, x1, y0, y1] = bounds();
    return [((a - x0) / (x1 - x0)) * view.width, ((b - y0) / (y1 - y0)) * view.height];
  }
  function fromUnit(fx, fy) {
    const [x0, x1, y0, y1] = bounds();
    return [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
  }

  function drawPoints(target) {
    const c = target.getContext('2d');
    c.clearRect(0, 0, target.width, target.height);
    const { data } = view;
    const ratio = window.devicePixelRatio || 1;
    const r = Math.min(5 * ratio, Math.max(2.5 * ratio, view.width / 130));
    const parts = [[data.test, false], [data.train, true]];
    const pull = view.influence && view.influence.length === data.train.y.length ? view.influence : null;
    const ring = 'rgba(219, 39, 119, ';
    for (const [part, filled] of parts) {
      const n = part.y.length;
      const ownFrom = filled ? n - (part.own ?? 0) : n;
      // With influence on, the test points fade back: the view is about what training listens to.
      if (pull) c.globalAlpha = filled ? 1 : 0.35;
      // Small pulls first, so the big points are drawn on top.
      const order = filled && pull ? [...pull.keys()].sort((a, b) => pull[a] - pull[b]) : null;
      for (let q = 0; q < n; q++) {
        const i = order ? order[q] : q;
        const a = part.x[i * data.dims];
        const b = data.dims === 1 ? part.y[i] : part.x[i * data.dims + 1];
        const [px, py] = toPixel(a, b);
        let colour;
        if (data.dims === 1) colour = POINT_1D;
        else if (data.task === 'regression') colour = valueColour(part.y[i], view.scale);
        else colour = classColour(part.y[i], data.classes);
        const size = filled && pull ? r * pullRadius(pull[i], n) : r;
        if (filled && pull && pullStrength(pull[i], n) > 0) {
          c.beginPath();
          c.arc(px, py, size + 2.5 * ratio, 0, 2 * Math.PI);
          c.fillStyle = `${ring}${0.15 + 0.6 * pullStrength(pull[i], n)})`;
          c.fill();
        }
        c.beginPath();
        if (i >= ownFrom) c.rect(px - size * 1.1, py - size * 1.1, size * 2.2, size * 2.2);
        else c.arc(px, py, size, 0, 2 * Math.PI);
        // A dark outline keeps every colour visible on any background tint (light ones too).
        if (filled) {
          c.fillStyle = colour;
          c.fill();
          c.lineWidth = ratio;
          c.strokeStyle = INK;
          c.stroke();
        } else {
          c.fillStyle = 'rgba(255, 255, 255, 0.85)';
          c.fill();
          c.lineWidth = 3 * ratio;
          c.strokeStyle = INK;
          c.stroke();
          c.lineWidth = 1.75 * ratio;
          c.strokeStyle = colour;
          c.stroke();
        }
      }
    }
    c.globalAlpha = 1;
  }

  function drawAxes() {
    const ratio = window.devicePixelRatio || 1;
    const [x0, x1, y0, y1] = bounds();
    ctx.strokeStyle = AXIS;
    ctx.lineWidth = ratio;
    ctx.beginPath();
    if (x0 < 0 && x1 > 0) {
      const [px] = toPixel(0, 0);
      ctx.moveTo(px, 0);
      ctx.lineTo(px, view.height);
    }
    if (Math.min(y0, y1) < 0 && Math.max(y0, y1) > 0) {
      const [, py] = toPixel(0, 0);
      ctx.moveTo(0, py);
      ctx.lineTo(view.width, py);
    }
    ctx.stroke();
  }

  function drawLabel() {
    const ratio = window.devicePixelRatio || 1;
    const [x0, x1] = bounds();
    const label = view.data.dims === 1 ? `x: ${fmt(x0)} … ${fmt(x1)}` : `x1, x2: ${fmt(x0)} … ${fmt(x1)}`;
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    const w = ctx.measureText(label).width;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
    ctx.fillRect(0, view.height - 17 * ratio, w + 8 * ratio, 17 * ratio);
    ctx.fillStyle = TEXT;
    ctx.fillText(label, 4 * ratio, view.height - 3 * ratio);
  }

  function draw() {
    if (!view.data || !view.width) return;
    ctx.clearRect(0, 0, view.width, view.height);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, view.width, view.height);
    if (view.hasGrid && view.data.dims === 2) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(gridCanvas, 0, 0, view.width, view.height);
    }
    drawAxes();
    const key = `${view.width}x${view.height}|${view.influenceVersion}`;
    if (view.pointsKey !== key) {
      pointsCanvas.width = view.width;
      pointsCanvas.height = view.height;
      drawPoints(pointsCanvas);
      view.pointsKey = key;
    }
    ctx.drawImage(pointsCanvas, 0, 0);
    if (view.data.dims === 1) drawCurves();
    drawLabel();
    if (view.focused && view.cursor) drawCursor();
  }

  /** The keyboard's cross-hair: dark lines with a white halo, and a ring where a point would go. */
  function drawCursor() {
    const ratio = window.devicePixelRatio || 1;
    const x = view.cursor[0] * view.width;
    const y = view.cursor[1] * view.height;
    const r = 7 * ratio;
    ctx.save();
    for (const [colour, width] of [['rgba(255, 255, 255, 0.9)', 4 * ratio], [INK, 1.5 * ratio]]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(x - 3 * r, y);
      ctx.lineTo(x - r, y);
      ctx.moveTo(x + r, y);
      ctx.lineTo(x + 3 * r, y);
      ctx.moveTo(x, y - 3 * r);
      ctx.lineTo(x, y - r);
      ctx.moveTo(x, y + r);
      ctx.lineTo(x, y + 3 * r);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }

  function drawCurves() {
    const ratio = window.devicePixelRatio || 1;
    const e = view.data.extent;
    ctx.lineJoin = 'round';
    const xAt = (i, n) => -e + (2 * e * i) / (n - 1);
    view.curves.forEach((ys, run) => {
      if (ys && view.bands[run]) {
        fillBand(ctx, ys, view.bands[run], (i) => xAt(i, ys.length), toPixel, RUN_COLOURS[run % RUN_COLOURS.length]);
      }
    });
    view.curves.forEach((ys, run) => {
      if (!ys) return;
      ctx.beginPath();
      for (let i = 0; i < ys.length; i++) {
        const [px, py] = toPixel(-e + (2 * e * i) / (ys.length - 1), ys[i]);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      // A white halo keeps the line readable over the points.
      ctx.setLineDash([]);
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.lineWidth = 5 * ratio;
      ctx.stroke();
      ctx.strokeStyle = RUN_COLOURS[run % RUN_COLOURS.length];
      ctx.lineWidth = 2.5 * ratio;
      ctx.setLineDash(run === 1 ? [7 * ratio, 4 * ratio] : []);
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  return {
    element,
    canvas,
    /** New data (points, extent, task); `scale` for regression colours. */
    setData(data, { kind, scale }) {
      view.data = data;
      view.kind = kind;
      view.scale = scale;
      view.hasGrid = false;
      view.curves = [];
      view.bands = [];
      view.pointsKey = '';
      describe();
      resize();
      draw();
    },
    /** A new grid from the worker (size × size, row 0 at the top). */
    setGrid(grid, size, classes) {
      if (gridCanvas.width !== size) {
        gridCanvas.width = size;
        gridCanvas.height = size;
        view.image = gridCtx.createImageData(size, size);
      }
      paintGrid(grid, view.image.data, view.kind, classes, view.scale);
      gridCtx.putImageData(view.image, 0, 0);
      view.hasGrid = true;
    },
    /** Each training point's share of the gradient (net.influence), or null: plain points. */
    setInfluence(shares) {
      if (shares === view.influence) return;
      view.influence = shares;
      view.influenceVersion++;
      if (!shares) draw(); // new shares come with a frame, which draws
    },
    /** Fitted curves of one-input networks (one per run; null to leave one out), and the
     *  ±σ bands of those that predict a variance (gaussian_nll; null for the others). */
    setCurves(curves, bands = []) {
      view.curves = curves;
      view.bands = bands;
    },
    setTitle(text) {
      heading.textContent = text;
      canvas.setAttribute('aria-label', label(text));
    },
    draw,
  };
}

function clamp01(v) {
  return Math.min(1, Math.max(0, v));
}

function fmt(v) {
  return String(Math.round(v * 100) / 100).replace('-', '−');
}
