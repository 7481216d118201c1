// The embedding plane of a triplet_margin network: each point drawn where the network maps it
// (its first two outputs), coloured by class; training points filled, test points hollow. The
// axes follow the points, eased so the picture does not jump between frames.
import { h, fitCanvas } from '../dom.js';
import { classColour, INK } from './colours.js';

export function createEmbeddingPlot() {
  const canvas = h('canvas', { className: 'plot-canvas', 'data-testid': 'embedding', role: 'img', width: 300, height: 300,
    'aria-label': 'Embedding plane: where the network maps each point', 'aria-describedby': 'trainer-plot-legend' });
  const element = h('figure', { className: 'plot' }, h('figcaption', { className: 'plot-title' }, 'Embedding plane (outputs 1 and 2)'), canvas);
  const ctx = canvas.getContext('2d');
  const view = { box: null, last: null, width: 0, height: 0 };

  new ResizeObserver(() => {
    if (fitCanvas(canvas, view) && view.last) draw(...view.last);
  }).observe(canvas);

  function target(emb, d, n) {
    let lo = [Infinity, Infinity];
    let hi = [-Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 2; k++) {
        const v = k < d ? emb[i * d + k] : 0;
        if (!Number.isFinite(v)) continue;
        lo[k] = Math.min(lo[k], v);
        hi[k] = Math.max(hi[k], v);
      }
    }
    if (!Number.isFinite(lo[0])) return [-1, 1, -1, 1];
    const half = Math.max(1e-3, (hi[0] - lo[0]) / 2, (hi[1] - lo[1]) / 2) * 1.12;
    const cx = (hi[0] + lo[0]) / 2;
    const cy = (hi[1] + lo[1]) / 2;
    return [cx - half, cx + half, cy - half, cy + half];
  }

  /** emb: n × d floats for the training points then the test points. */
  function draw(emb, d, data) {
    view.last = [emb, d, data];
    const n = data.train.y.length + data.test.y.length;
    const goal = target(emb, d, n);
    // Grow at once (no point leaves the plane), shrink gently (no jumps between frames).
    const outward = (v, g, i) => (i % 2 === 0 ? g < v : g > v);
    view.box = view.box ? view.box.map((v, i) => (outward(v, goal[i], i) ? goal[i] : v + (goal[i] - v) * 0.25)) : goal;
    const [x0, x1, y0, y1] = view.box;
    const W = canvas.width;
    const H = canvas.height;
    const ratio = window.devicePixelRatio || 1;
    const r = Math.min(5 * ratio, Math.max(2.5 * ratio, W / 130));
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = '#e5e7eb';
    ctx.strokeRect(0.5, 0.5, W - 1, H - 1);
    const trainN = data.train.y.length;
    for (let i = n - 1; i >= 0; i--) {
      const filled = i < trainN;
      const label = filled ? data.train.y[i] : data.test.y[i - trainN];
      const a = emb[i * d];
      const b = d > 1 ? emb[i * d + 1] : 0;
      const px = ((a - x0) / (x1 - x0)) * W;
      const py = (1 - (b - y0) / (y1 - y0)) * H;
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      if (filled) {
        ctx.fillStyle = classColour(label, data.classes);
        ctx.fill();
        ctx.strokeStyle = INK;
        ctx.lineWidth = ratio;
      } else {
        ctx.fillStyle = '#ffffff';
        ctx.fill();
        ctx.strokeStyle = classColour(label, data.classes);
        ctx.lineWidth = 1.75 * ratio;
      }
      ctx.stroke();
    }
  }

  return {
    element,
    draw,
    reset() {
      view.box = null;
      view.last = null;
    },
  };
}
