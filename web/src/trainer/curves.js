// Train and test loss against the epoch (uPlot, from the page's one loader, chart.js):
// one solid (train) and one dashed (test) line per network; in Compare both networks share the
// chart. Redrawn at most ~8 times a second while training. Its text alternative: a caption
// (what the lines are, where the numbers are: the table above, the CSV export); the legend shows
// the latest values when the pointer is not over the chart (uPlot's shows '—' then).
import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import { RUN_COLOURS } from './colours.js';

const REDRAW_MS = 120;
const SINGLE = ['#1d4ed8', '#c2410c'];

/** @param {{ loadChart: () => Promise<Function> }} deps  loadChart: the page's one uPlot loader */
export function createCurves({ loadChart }) {
  const chart = h('div', {
    className: 'chart trainer-chart', 'data-testid': 'loss-curves', role: 'img', 'aria-label': 'Training and test loss against the epoch',
    'aria-describedby': 'trainer-curves-caption',
  });
  const caption = h('p', { className: 'hint curve-caption', id: 'trainer-curves-caption', 'data-testid': 'loss-curves-caption' },
    'Solid lines: loss on the training points; dashed: on the test points. The latest numbers are in the table above; every epoch\'s are in the loss record (Save: Loss curves, CSV).');
  const logBox = h('input', { type: 'checkbox', id: 'trainer-log', 'data-testid': 'trainer-log', onchange: () => rebuild() });
  const element = h('div', { className: 'curves' }, chart, caption,
    h('p', { className: 'field check' }, logBox, h('label', { for: 'trainer-log' }, 'Log scale')));
  // Closure state: the uPlot module and chart, the history drawn, when it was last drawn.
  const view = { uPlot: null, plot: null, history: null, labels: [], last: 0, dirty: false, failed: false };

  loadChart().then((uPlot) => {
    view.uPlot = uPlot;
    rebuild();
  }, () => {
    view.failed = true;
    chart.replaceChildren(h('p', { className: 'hint' }, 'The chart could not be loaded; the losses are shown above.'));
  });

  new ResizeObserver(() => requestAnimationFrame(() => {
    const width = chart.clientWidth;
    if (view.plot && width && width !== view.plot.width) view.plot.setSize(size(width));
  })).observe(chart);

  function size(width) {
    return { width, height: Math.round(Math.min(260, Math.max(180, width * 0.45))) };
  }

  function rebuild() {
    if (!view.uPlot || !view.history) return;
    view.plot?.destroy();
    const log = logBox.checked;
    const colours = view.history.names.length > 1 ? RUN_COLOURS : SINGLE;
    // With no pointer over the chart (idx null) the legend shows the latest values.
    const shown = (u, v, sidx, idx) => (idx === null || idx === undefined ? latest(u.data[sidx]) : v);
    const number = (u, v, sidx, idx) => {
      const x = shown(u, v, sidx, idx);
      return x === null || x === undefined ? '—' : formatNumber(x);
    };
    const series = [{ label: 'epoch', value: (u, v, sidx, idx) => String(shown(u, v, sidx, idx) ?? '—') }];
    view.history.names.forEach((name, k) => {
      const c = view.history.names.length > 1 ? colours[k] : null;
      series.push(
        { label: `${name ? `${name} ` : ''}train`, stroke: c ?? colours[0], width: 2, points: { show: false }, value: number },
        { label: `${name ? `${name} ` : ''}test`, stroke: c ?? colours[1], width: 2, dash: [6, 4], points: { show: false }, value: number },
      );
    });
    view.plot = new view.uPlot({
      ...size(chart.clientWidth || 500),
      scales: { x: { time: false }, y: log ? { distr: 3 } : { range: (u, lo, hi) => [Math.min(0, lo), hi > lo ? hi * 1.05 : lo + 1] } },
      axes: [
        { label: 'epoch', stroke: '#374151', grid: { stroke: '#e5e7eb' } },
        { label: 'loss', stroke: '#374151', grid: { stroke: '#e5e7eb' }, size: 60, values: (u, ticks) => ticks.map((t) => formatNumber(t, 3)) },
      ],
      series,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data(), chart);
    view.last = performance.now();
    view.dirty = false;
  }

  function data() {
    const d = view.history.series();
    if (!logBox.checked) return d;
    // A log axis cannot show 0 (a triplet loss often reaches it) or negative values.
    return d.map((s, i) => (i === 0 ? s : s.map((v) => (v !== null && v > 0 ? v : null))));
  }

  return {
    element,
    /** A new record to draw (a new set-up). */
    show(history) {
      view.history = history;
      rebuild();
    },
    /** The record grew; redraws when enough time has passed (`force`: now). */
    update(force = false) {
      view.dirty = true;
      if (!view.plot) return;
      const now = performance.now();
      if (!force && now - view.last < REDRAW_MS) return;
      view.plot.setData(data());
      if (view.plot.legend.idx === null || view.plot.legend.idx === undefined) view.plot.setLegend({ idx: null });
      view.last = now;
      view.dirty = false;
    },
    /** Legend labels, for tests and the PNG. */
    labels() {
      return view.plot ? view.plot.series.slice(1).map((s) => s.label) : [];
    },
  };
}

/** The last finite value of a series (null when there is none). */
function latest(values) {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return null;
}
