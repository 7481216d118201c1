// The data: which dataset, its noise, size, train/test split and classes (blobs), a button for
// new random points, and the user's own points — pasted as CSV or added by clicking on the plot
// (with the class, or the value, chosen here).
import { h, setValue } from '../dom.js';
import { formatNumber } from '../format.js';
import { OWN } from './settings.js';
import { selectField } from './fields.js';
import { parseCsv, pointProblem } from './data.js';
import { classColour } from './colours.js';

const SIZES = [100, 200, 400, 800, 1000, 2000];

/**
 * @param {{ choices: {id, summary}[], onChange: (patch: object) => void,
 *           onAddPoints: (points: number[][]) => void, onClearPoints: () => void }} deps
 */
export function createDataEditor({ choices, onChange, onAddPoints, onClearPoints }) {
  const dataset = selectField({ id: 'trainer-dataset', label: 'Dataset', testid: 'dataset-select', onChange: (v) => onChange({ dataset: v }) });
  const summary = h('p', { className: 'hint', id: 'trainer-dataset-summary', 'data-testid': 'dataset-summary' });
  const noiseOut = h('output', { for: 'trainer-noise', className: 'mono' });
  const noise = h('input', { type: 'range', id: 'trainer-noise', 'data-testid': 'noise-input', min: '0', max: '1', step: '0.05',
    oninput: () => { noiseOut.textContent = `${Math.round(noise.value * 100)}%`; },
    onchange: () => onChange({ noise: String(Number(noise.value)) }) });
  const splitOut = h('output', { for: 'trainer-split', className: 'mono' });
  const split = h('input', { type: 'range', id: 'trainer-split', 'data-testid': 'split-input', min: '0.1', max: '0.9', step: '0.05',
    oninput: () => { splitOut.textContent = splitWords(Number(split.value)); },
    onchange: () => onChange({ split: String(Number(split.value)) }) });
  const size = selectField({ id: 'trainer-n', label: 'Points', testid: 'n-select', onChange: (v) => onChange({ n: v }) });
  const classes = selectField({ id: 'trainer-classes', label: 'Classes', testid: 'classes-select', onChange: (v) => onChange({ classes: v }) });
  const regenerate = h('button', { type: 'button', 'data-testid': 'regenerate',
    onclick: () => onChange({ dseed: String(Math.floor(Math.random() * 1e9)) }) }, 'New points');
  const count = h('p', { className: 'point-count', 'data-testid': 'point-count', 'aria-live': 'polite' });

  const clickClass = selectField({ id: 'trainer-click-class', label: 'Clicking on the plot adds a point of class', testid: 'click-class', onChange: (v) => paintClass(v) });
  const clickValue = h('input', { type: 'number', id: 'trainer-click-value', 'data-testid': 'click-value', step: 'any', value: '1' });
  const clickValueField = h('div', { className: 'field' }, h('label', { for: 'trainer-click-value' }, 'Clicking on the plot adds a point with the value'), clickValue);
  const clickHint = h('p', { className: 'hint', 'data-testid': 'click-hint' });
  const csv = h('textarea', { id: 'trainer-csv', 'data-testid': 'points-csv', rows: 3, spellcheck: false, placeholder: '1.5, -2, 1\n-3, 0.5, 0' });
  const csvLabel = h('label', { for: 'trainer-csv' });
  const csvError = h('p', { className: 'field-error', 'data-testid': 'points-error', 'aria-live': 'polite' });
  const add = h('button', { type: 'button', 'data-testid': 'points-add', onclick: () => addCsv() }, 'Add points');
  const clear = h('button', { type: 'button', 'data-testid': 'points-clear', 'aria-describedby': 'trainer-clear-why', onclick: () => onClearPoints() }, 'Remove my points');
  const clearWhy = h('span', { className: 'hint', id: 'trainer-clear-why', 'data-testid': 'points-clear-why' });
  const own = h('fieldset', { className: 'own-points wide' }, h('legend', {}, 'Your own points'),
    clickClass.element, clickValueField, clickHint,
    h('div', { className: 'field' }, csvLabel, csv, csvError),
    h('p', { className: 'actions' }, add, clear, clearWhy));

  const element = h('section', { className: 'card trainer-card', 'aria-labelledby': 'trainer-data-title' },
    h('h3', { id: 'trainer-data-title' }, 'Training data'),
    h('div', { className: 'options-grid' },
      h('div', { className: 'field wide' }, dataset.element, summary),
      h('div', { className: 'field' }, h('label', { for: 'trainer-noise' }, 'Noise ', noiseOut), noise),
      h('div', { className: 'field' }, h('label', { for: 'trainer-split' }, 'Training share ', splitOut), split),
      size.element, classes.element,
      h('div', { className: 'field wide' }, h('p', { className: 'actions' }, regenerate), count),
      own));

  const view = { data: null };

  function addCsv() {
    const { dims, task, id } = view.data;
    const parsed = parseCsv(csv.value, dims);
    const errors = [...parsed.errors];
    const classes = id === OWN ? 8 : view.data.classes;
    const points = parsed.points.filter((p, i) => {
      const problem = pointProblem(p, dims, task, classes);
      if (problem) errors.push(`point ${i + 1} (${p.join(', ')}): ${problem}`);
      return !problem;
    });
    csvError.textContent = errors.slice(0, 5).join('\n');
    if (points.length) onAddPoints(points);
    if (points.length && !errors.length) csv.value = '';
  }

  /** The class select wears the class's colour, as the points on the plot do. */
  function paintClass(v) {
    const classes = view.data ? (view.data.id === OWN ? Math.min(8, view.data.classes + 1) : view.data.classes) : 2;
    clickClass.select.style.borderLeft = `6px solid ${classColour(Number(v), classes)}`;
  }

  function splitWords(v) {
    return `${Math.round(v * 100)}%`;
  }

  return {
    element,
    /** The click's label: a class, or a value for 2-D regression (1-D data takes the y clicked). */
    clickLabel() {
      if (clickValueField.hidden) return Number(clickClass.select.value);
      const v = Number(clickValue.value);
      return Number.isFinite(v) ? v : 0;
    },
    /** Shows a problem with the user's points (from the link, or a click). */
    showPointProblems(problems) {
      csvError.textContent = problems.slice(0, 5).join('\n');
    },
    render(cfg, data) {
      view.data = data;
      dataset.render(choices.map((c) => [c.id, c.id === OWN ? 'your own points' : c.id]), data.id);
      summary.textContent = choices.find((c) => c.id === data.id)?.summary ?? '';
      const generated = data.id !== OWN;
      setValue(noise, String(cfg.noise));
      noiseOut.textContent = `${Math.round(cfg.noise * 100)}%`;
      setValue(split, String(cfg.split));
      splitOut.textContent = splitWords(cfg.split);
      size.render(SIZES.map((v) => [String(v), String(v)]), String(cfg.n));
      const choice = choices.find((c) => c.id === data.id);
      const counts = choice ? Array.from({ length: choice.maxClasses - choice.minClasses + 1 }, (_, i) => choice.minClasses + i) : [];
      classes.render(counts.map((v) => [String(v), String(v)]), String(cfg.classes));
      for (const el of [noise, split, size.select, regenerate]) {
        el.disabled = !generated;
        // Disabled for your own points: the summary above says they are only yours.
        if (generated) el.removeAttribute('aria-describedby');
        else el.setAttribute('aria-describedby', 'trainer-dataset-summary');
      }
      classes.element.hidden = !(generated && counts.length > 1);

      const regression = data.task === 'regression';
      clickClass.element.hidden = regression;
      clickValueField.hidden = !(regression && data.dims === 2);
      if (!regression) {
        const available = data.id === OWN ? Math.min(8, data.classes + 1) : data.classes;
        const keep = clickClass.select.value;
        clickClass.render(Array.from({ length: available }, (_, k) => [String(k), `class ${k}`]), keep && Number(keep) < available ? keep : '1');
        paintClass(clickClass.select.value);
      }
      clickHint.textContent = data.dims === 1
        ? 'Click on the plot to add a point (x, y) where you click.'
        : regression ? 'Click on the plot to add a point with this value.' : 'Click on the plot to add a point of this class.';
      csvLabel.textContent = data.dims === 1 ? 'Or paste points, one per line: x, y' : `Or paste points, one per line: x1, x2, ${regression ? 'value' : 'label'}`;
      const trainN = data.train.y.length;
      const ownN = data.train.own;
      count.textContent = `${trainN + data.test.y.length} points: ${trainN} for training${ownN ? ` (${ownN} yours)` : ''}, ${data.test.y.length} for testing`
        + (data.counts && data.counts.length === 2 ? ` · class 1 is ${formatNumber((100 * data.counts[1]) / Math.max(1, data.counts[0] + data.counts[1]), 2)}%` : '');
      count.dataset.total = String(trainN + data.test.y.length);
      clear.disabled = cfg.points.length === 0;
      clearWhy.textContent = clear.disabled ? 'You have added none.' : '';
    },
  };
}
