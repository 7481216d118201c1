// The loss-landscape plot: the worker's size × size grid of training losses around the current
// weights (net.landscape: θ + a·d₁ + b·d₂, a, b in [−span, span], two filter-normalised random
// directions, Li et al. 2018), painted as a heatmap on a log scale with contour lines, and the
// current weights marked at the centre. Each panel spans its own loss's range (two losses'
// values are not on one scale); the colours and the ten contour levels mean the same in both.
import { h, fitCanvas } from '../dom.js';
import { landscapeRange, landscapePosition, landscapeColour, contourSegments } from './landscape-scale.js';

const LEVELS = Array.from({ length: 9 }, (_, k) => (k + 1) / 10);
const TEXT = '#111827';

/** @param {{ testid: string, title: string }} deps */
export function createLandscapePlot({ testid, title }) {
  const canvas = h('canvas', { className: 'plot-canvas landscape-canvas', 'data-testid': testid, role: 'img', 'aria-label': title, width: 300, height: 300 });
  const heading = h('figcaption', { className: 'plot-title' }, title);
  const note = h('p', { className: 'hint landscape-note', 'data-testid': `${testid}-note` });
  const element = h('figure', { className: 'plot landscape' }, heading, canvas, note);
  const ctx = canvas.getContext('2d');
  const cells = h('canvas', { width: 1, height: 1 });
  const cellsCtx = cells.getContext('2d');
  // Closure state: the last grid and the canvas size.
  const view = { grid: null, size: 0, span: 1, range: null, width: 0, height: 0, field: null };

  new ResizeObserver(() => resize()).observe(canvas);

  function resize() {
    if (fitCanvas(canvas, view)) draw();
  }

  function paint() {
    const { grid, size, range } = view;
    if (cells.width !== size) {
      cells.width = size;
      cells.height = size;
    }
    const image = cellsCtx.createImageData(size, size);
    view.field = new Float32Array(grid.length);
    // grid row 0 is b = −span: drawn at the bottom, so d₂ points up
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const t = landscapePosition(grid[i * size + j], range);
        view.field[(size - 1 - i) * size + j] = t;
        const [r, g, b] = landscapeColour(t);
        const o = ((size - 1 - i) * size + j) * 4;
        image.data[o] = r;
        image.data[o + 1] = g;
        image.data[o + 2] = b;
        image.data[o + 3] = 255;
      }
    }
    cellsCtx.putImageData(image, 0, 0);
  }

  function draw() {
    if (!view.width) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, view.width, view.height);
    if (!view.grid) return;
    const { size } = view;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(cells, 0, 0, view.width, view.height);
    // contours: cell centres sit at (j + ½)/size of the canvas
    const sx = view.width / size;
    const sy = view.height / size;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.lineWidth = ratio;
    ctx.beginPath();
    for (const [x0, y0, x1, y1] of contourSegments(view.field, size, LEVELS)) {
      ctx.moveTo((x0 + 0.5) * sx, (y0 + 0.5) * sy);
      ctx.lineTo((x1 + 0.5) * sx, (y1 + 0.5) * sy);
    }
    ctx.stroke();
    // the current weights: a cross at the centre
    const cx = view.width / 2;
    const cy = view.height / 2;
    const arm = 7 * ratio;
    ctx.lineWidth = 2.5 * ratio;
    for (const [colour, width] of [['#ffffff', 4.5 * ratio], [TEXT, 2 * ratio]]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(cx - arm, cy);
      ctx.lineTo(cx + arm, cy);
      ctx.moveTo(cx, cy - arm);
      ctx.lineTo(cx, cy + arm);
      ctx.stroke();
    }
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    const label = `a, b: −${fmt(view.span)} … ${fmt(view.span)}`;
    const w = ctx.measureText(label).width;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
    ctx.fillRect(0, view.height - 17 * ratio, w + 8 * ratio, 17 * ratio);
    ctx.fillStyle = TEXT;
    ctx.fillText(label, 4 * ratio, view.height - 3 * ratio);
  }

  return {
    element,
    canvas,
    /** A new grid (size × size, row 0 at b = −span) measured at `epoch`. */
    setGrid(grid, size, span, epoch) {
      view.grid = grid;
      view.size = size;
      view.span = span;
      view.range = landscapeRange(grid);
      paint();
      resize();
      draw();
      const centre = size % 2 ? grid[((size - 1) / 2) * size + (size - 1) / 2] : NaN;
      const { min, max, empty } = view.range;
      note.textContent = empty
        ? 'The loss is not finite anywhere in this window.'
        : `Epoch ${epoch}: loss ${fmtLoss(centre)} here (+), ${fmtLoss(min)} … ${fmtLoss(max)} around${view.range.log ? ' (log colour scale)' : ''}.`;
      element.dataset.epoch = String(epoch);
    },
    clear() {
      view.grid = null;
      note.textContent = '';
      delete element.dataset.epoch;
      draw();
    },
    setTitle(text) {
      heading.textContent = text;
      canvas.setAttribute('aria-label', text);
    },
  };
}

function fmt(v) {
  return String(Math.round(v * 100) / 100);
}

function fmtLoss(v) {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2);
}
