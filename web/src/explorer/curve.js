// The loss against the prediction for one element's target (the articles' L1-versus-L2 figure),
// drawn with uPlot: the chosen loss, optional overlays of other losses of the same family, and the
// user's points. Each curve is one lab.loss call on a Float32Array sweep with reduction 'none'.
// uPlot loads after the first result is on screen; the chart fills in when it arrives.
// Text alternative: the chart's label lists the user's points, its caption says what the marks
// are and that the per-element table above holds the numbers; with no pointer over the chart
// the legend shows each curve at the selected element's prediction (uPlot's shows '—').
import { h, replace, download } from '../dom.js';
import { formatNumber } from '../format.js';
import { hasCurve, overlayCandidates } from '../catalogue.js';
import { sweep, sweepOptions, mainCurve, yRange } from './sweep.js';

const ACCENT = '#1d4ed8';
const PALETTE = ['#c2410c', '#15803d', '#7e22ce', '#a16207', '#0e7490', '#be185d', '#4d7c0f', '#9f1239', '#5b21b6', '#92400e', '#155e75', '#3f3f46', '#b91c1c'];

/**
 * @param {{ lab: object, catalogue: readonly object[], loadChart: () => Promise<Function>,
 *           onOverlays: (keys: string[]) => void, onPoint: (k: number) => void }} deps
 *   loadChart: the page's one uPlot loader (chart.js)
 */
export function createCurve({ lab, catalogue, loadChart, onOverlays, onPoint }) {
  const chart = h('div', { className: 'chart', role: 'img', 'data-testid': 'curve', 'aria-describedby': 'curve-caption' });
  const note = h('p', { className: 'hint', 'data-testid': 'curve-note' });
  const caption = h('p', { className: 'hint curve-caption', id: 'curve-caption', 'data-testid': 'curve-caption' });
  const pointSelect = h('select', { id: 'curve-point', 'data-testid': 'curve-point', onchange: () => onPoint(Number(pointSelect.value)) });
  const overlayList = h('div', { className: 'overlays', 'data-testid': 'overlays' });
  const png = h('button', { type: 'button', 'data-testid': 'export-png', onclick: () => exportPng() }, 'Save PNG');
  const controls = h('div', { className: 'curve-controls' },
    h('p', { className: 'field inline' }, h('label', { for: 'curve-point' }, 'Curve for the target of '), pointSelect),
    h('fieldset', {}, h('legend', {}, 'Compare with'), overlayList),
    h('p', { className: 'actions' }, png));
  const body = h('div', {}, chart, caption, controls);
  const element = h('section', { className: 'card curve', 'aria-labelledby': 'curve-title' },
    h('h2', { id: 'curve-title' }, 'Loss against the prediction'), note, body);

  // Closure state of this view: the uPlot instance and what it was built for.
  const view = {
    uPlot: null, plot: null, seriesKey: '', range: [0, 1], points: [], target: 0, overlayKey: '', pointKey: '',
    info: null, labels: [], last: null, idle: null,
  };
  /** A legend value: the hovered one, or with no pointer the curve at the selected element. */
  const legendValue = (u, v, sidx, idx) => {
    const x = idx === null || idx === undefined ? (view.idle === null ? null : u.data[sidx][view.idle]) : v;
    return x === null || x === undefined ? '—' : formatNumber(x);
  };
  loadChart().then((uPlot) => {
    view.uPlot = uPlot;
    if (view.last) render(...view.last);
  }, () => {
    chart.replaceChildren(h('p', { className: 'hint' }, 'The chart could not be loaded; the numbers above are complete.'));
  });

  new ResizeObserver(() => requestAnimationFrame(() => {
    const width = chart.clientWidth;
    if (view.plot && width && width !== view.plot.width) view.plot.setSize(size(width));
  })).observe(chart);

  function size(width) {
    return { width, height: Math.round(Math.min(300, Math.max(200, width * 0.55))) };
  }

  function drawMarks(u) {
    const { ctx } = u;
    const r = 4.5 * view.uPlot.pxRatio;
    ctx.save();
    const tx = u.valToPos(view.target, 'x', true);
    ctx.strokeStyle = '#6b7280';
    ctx.setLineDash([4 * view.uPlot.pxRatio, 4 * view.uPlot.pxRatio]);
    ctx.lineWidth = view.uPlot.pxRatio;
    ctx.beginPath();
    ctx.moveTo(tx, u.bbox.top);
    ctx.lineTo(tx, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const p of view.points) {
      const cx = u.valToPos(p.x, 'x', true);
      const cy = u.valToPos(Math.min(p.y, view.range[1]), 'y', true);
      ctx.beginPath();
      ctx.arc(cx, cy, p.selected ? r * 1.3 : r, 0, 2 * Math.PI);
      ctx.fillStyle = p.selected ? ACCENT : '#ffffff';
      ctx.strokeStyle = p.selected ? '#ffffff' : ACCENT;
      ctx.lineWidth = 2 * view.uPlot.pxRatio;
      ctx.fill();
      ctx.stroke();
      if (p.selected) {
        ctx.strokeStyle = ACCENT;
        ctx.lineWidth = view.uPlot.pxRatio;
        ctx.beginPath();
        ctx.arc(cx, cy, r * 1.3 + 2 * view.uPlot.pxRatio, 0, 2 * Math.PI);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  function build(series, data) {
    view.plot?.destroy();
    const width = chart.clientWidth || 600;
    view.plot = new view.uPlot({
      ...size(width),
      scales: { x: { time: false }, y: { range: () => view.range } },
      axes: [
        { label: 'prediction x', stroke: '#374151', grid: { stroke: '#e5e7eb' } },
        { label: 'loss of the element', stroke: '#374151', grid: { stroke: '#e5e7eb' }, size: 56 },
      ],
      series: [{ label: 'x', value: legendValue }, ...series],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [drawMarks] },
    }, data, chart);
  }

  function renderOverlays(candidates, chosen) {
    const key = candidates.map((c) => c.key).join('|');
    if (view.overlayKey !== key) {
      view.overlayKey = key;
      replace(overlayList, candidates.map((c, i) => {
        const id = `overlay-${c.key}`;
        const box = h('input', {
          type: 'checkbox', id, 'data-testid': id, value: c.key,
          onchange: () => onOverlays([...overlayList.querySelectorAll('input:checked')].map((b) => b.value)),
        });
        const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = PALETTE[i % PALETTE.length];
        return h('span', { className: 'overlay' }, box, h('label', { for: id }, swatch, c.label));
      }));
    }
    for (const box of overlayList.querySelectorAll('input')) box.checked = chosen.includes(box.value);
  }

  function renderPoints(result, k) {
    const key = `${result.t.join(',')}|${k}`;
    if (view.pointKey === key) return;
    view.pointKey = key;
    replace(pointSelect, result.t.slice(0, 200).map((y, i) => h('option', { value: String(i) }, `element ${i + 1} (target ${formatNumber(y)})`)));
    pointSelect.value = String(k);
  }

  function exportPng() {
    if (!view.plot) return;
    const source = view.plot.ctx.canvas;
    const ratio = view.uPlot.pxRatio;
    const line = 18 * ratio;
    const canvas = h('canvas', { width: source.width, height: source.height + line * (view.labels.length + 1) });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    ctx.font = `${13 * ratio}px system-ui, sans-serif`;
    view.labels.forEach(([label, colour], i) => {
      ctx.fillStyle = colour;
      ctx.fillText(label, 12 * ratio, source.height + line * (i + 1));
    });
    canvas.toBlob((blob) => blob && download(blob, `losslab-${view.info.id}-curve.png`), 'image/png');
  }

  function render(state, info, result) {
    view.last = [state, info, result];
    view.info = info;
    const drawable = hasCurve(info) && info.reductions.includes('none');
    if (!drawable || !result.ok || !result.terms) {
      body.hidden = true;
      note.hidden = false;
      note.textContent = !drawable
        ? `The curve is drawn for element-wise regression and binary losses; ${info.id} works on ${{ elementwise: 'whole vectors', sequence: 'whole sequences' }[info.layout] ?? 'rows'}.`
        : 'Fix the data above to see the curve.';
      return;
    }
    const n = result.x.length;
    const k = Math.min(state.point, n - 1);
    const y = result.t[k];
    const points = [];
    for (let i = 0; i < n; i++) {
      if (result.t[i] === y) points.push({ x: result.x[i], y: result.terms[i], selected: i === k });
    }
    const optionsFor = (length) => sweepOptions(result.options, n, k, length);
    const main = mainCurve(lab, info, optionsFor, points, y);
    if (!main) {
      body.hidden = true;
      note.hidden = false;
      note.textContent = `${info.id} cannot be drawn for target ${formatNumber(y)}.`;
      return;
    }
    body.hidden = false;
    note.hidden = true;
    const candidates = overlayCandidates(catalogue, info);
    renderOverlays(candidates, state.overlays);
    renderPoints(result, k);
    const chosen = candidates.map((c, i) => ({ ...c, colour: PALETTE[i % PALETTE.length] }))
      .filter((c) => state.overlays.includes(c.key));
    const swept = chosen.map((c) => ({ c, ys: sweep(lab, c.id, () => ({ ...c.options, reduction: 'none', grad: false }), main.xs, y) }));
    const overlays = swept.filter((o) => o.ys);
    const undefinedHere = swept.filter((o) => !o.ys).map((o) => o.c.label);
    view.points = points;
    view.target = y;
    view.range = yRange(main.ys, points);
    view.labels = [[`${info.id} (target ${formatNumber(y)})`, ACCENT], ...overlays.map((o) => [o.c.label, o.c.colour])];
    const series = [
      { label: info.id, stroke: ACCENT, width: 2.5, value: legendValue },
      ...overlays.map((o) => ({ label: o.c.label, stroke: o.c.colour, width: 1.5, dash: [6, 3], value: legendValue })),
    ];
    const data = [Array.from(main.xs), main.ys, ...overlays.map((o) => o.ys)];
    chart.setAttribute('aria-label', `Loss of ${info.id} against the prediction, for target ${formatNumber(y)}; `
      + `your ${points.length === 1 ? 'point' : 'points'}: ${points.map((p) => `x ${formatNumber(p.x)}, loss ${formatNumber(p.y)}`).join('; ')}.`);
    const sel = points.find((p) => p.selected);
    caption.textContent = `Dashed line: the target ${formatNumber(y)}. Filled dot: element ${k + 1} (x = ${formatNumber(sel.x)}, loss ${formatNumber(sel.y)})`
      + (points.length > 1 ? `; hollow dots: the other elements with this target.` : '.')
      + (undefinedHere.length ? ` Not defined for this target: ${undefinedHere.join(', ')}.` : '')
      + ' Each element\'s numbers are in the table above.';
    view.idle = nearest(main.xs, sel.x);
    if (!view.uPlot) return; // drawn when uPlot arrives
    const seriesKey = series.map((s) => s.label).join('|');
    if (!view.plot || view.seriesKey !== seriesKey) {
      view.seriesKey = seriesKey;
      build(series, data);
    } else {
      view.plot.setData(data);
    }
    if (view.plot.legend.idx === null || view.plot.legend.idx === undefined) view.plot.setLegend({ idx: null });
  }

  return { element, render };
}

/** The index of the value in `xs` nearest to x. */
function nearest(xs, x) {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}
