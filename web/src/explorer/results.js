// The result: the loss value (formatted for people), the expected number of a worked example,
// the error line, the gradient as text, and the per-element table with share, gradient and pull
// bars (pull: the share of the gradient, in the word and colour of the trainer's influence view),
// exportable as CSV.
import { h, replace, download } from '../dom.js';
import { formatNumber, formatList, formatPercent } from '../format.js';
import { tableRows } from './compute.js';
import { agrees } from './presets.js';
import { PULL_COLOUR, PULL_MEANING, PULL_WORD } from '../influence.js';
import { keyboardScrollable } from '../scroll-box.js';

const MAX_TABLE_ROWS = 200;
const MAX_TEXT_VALUES = 1000;

function listText(values) {
  const head = values.length > MAX_TEXT_VALUES ? values.slice(0, MAX_TEXT_VALUES) : values;
  return formatList(head) + (values.length > MAX_TEXT_VALUES ? `, … (${values.length} values)` : '');
}

/** A centred bar per gradient component: blue to the right when positive, orange to the left when negative. */
function gradBars(values, scale) {
  return h('span', { className: 'grad-cell' }, values.map((g) => {
    const bar = h('span', { className: `bar ${g < 0 ? 'neg' : 'pos'}` });
    bar.style.width = `${scale > 0 ? Math.min(50, (Math.abs(g) / scale) * 50) : 0}%`;
    return h('span', { className: 'grad-item' }, h('span', { className: 'track', 'aria-hidden': 'true' }, bar), h('span', { className: 'num' }, formatNumber(g)));
  }));
}

function shareBar(share) {
  const bar = h('span', { className: `bar ${share < 0 ? 'neg' : 'pos'}` });
  bar.style.width = `${Math.min(100, Math.abs(share) * 100)}%`;
  return h('span', { className: 'share-cell' }, h('span', { className: 'track', 'aria-hidden': 'true' }, bar), h('span', { className: 'num' }, formatPercent(share)));
}

/** The pull bar: the trainer's influence colour. */
function pullBar(pull) {
  const bar = h('span', { className: 'bar pull' });
  bar.style.width = `${Math.min(100, pull * 100)}%`;
  bar.style.background = PULL_COLOUR;
  return h('span', { className: 'share-cell' }, h('span', { className: 'track', 'aria-hidden': 'true' }, bar), h('span', { className: 'num' }, formatPercent(pull)));
}

/** Column headings: [full, short] (the short form shows on phones; readers get the full one). */
function headings(info) {
  const triplet = info.layout === 'triplet';
  const pair = info.layout === 'pair';
  return [
    ['#', '#'],
    triplet ? ['anchor', 'anchor'] : pair ? ['x1', 'x1'] : ['prediction', 'pred.'],
    triplet ? ['positive / negative', '+ / −'] : pair ? ['x2 / label', 'x2 / y'] : ['target', 'target'],
    ['term', 'term'],
    ['share', 'share'],
    triplet ? ['∂ℓ/∂anchor', '∂ℓ/∂a'] : pair ? ['∂ℓ/∂x1', '∂ℓ/∂x1'] : ['∂ℓ/∂x', '∂ℓ/∂x'],
    [PULL_WORD, PULL_WORD],
  ];
}

function heading([full, short]) {
  if (full === PULL_WORD) return h('th', { scope: 'col', title: PULL_MEANING }, full);
  if (full === short) return h('th', { scope: 'col' }, full);
  return h('th', { scope: 'col' }, h('span', { className: 'th-full' }, full), h('span', { className: 'th-short', 'aria-hidden': 'true' }, short));
}

/** The table as CSV, every column expanded (input_1 … input_C) and numbers to float32 precision. */
export function tableCsv(rows, info) {
  if (!rows.length) return '';
  const num = (v) => (v === null ? '' : String(Number(v.toPrecision(7))));
  const cols = (name, n) => Array.from({ length: n }, (_, i) => (n === 1 ? name : `${name}_${i + 1}`));
  const first = rows[0];
  const triplet = info.layout === 'triplet';
  const pair = info.layout === 'pair';
  const header = [
    'index',
    ...cols(triplet ? 'anchor' : pair ? 'x1' : 'input', first.input.length),
    ...cols(triplet ? 'positive' : pair ? 'x2' : 'target', first.target.length),
    ...(triplet ? cols('negative', first.negative.length) : []),
    ...(pair ? ['label'] : []),
    'term', 'share', ...cols(triplet ? 'grad_anchor' : pair ? 'grad_x1' : 'grad', first.grad.length),
    ...(pair ? cols('grad_x2', first.gradOther.length) : []),
    PULL_WORD,
  ];
  const lines = rows.map((r) => [
    r.index, ...r.input.map(num), ...r.target.map(num), ...(triplet ? r.negative.map(num) : []),
    ...(pair ? [r.label] : []),
    num(r.term), num(r.share), ...r.grad.map(num), ...(pair ? r.gradOther.map(num) : []), num(r.pull),
  ].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

/**
 * @param {{ onShowInfluence?: () => void }} [deps]  onShowInfluence: open the trainer's influence
 *   view (the same pull, for every training point)
 */
export function createResults({ onShowInfluence } = {}) {
  const value = h('output', { className: 'loss-value', 'data-testid': 'loss-value', 'aria-live': 'polite' });
  const expected = h('span', { className: 'expected', 'data-testid': 'expected' });
  const error = h('p', { className: 'loss-error', id: 'results-error', 'data-testid': 'loss-error', 'aria-live': 'polite' });
  const grad = h('output', { className: 'grad-values mono', 'data-testid': 'grad-values' });
  const gradLabel = h('span', { className: 'value-label' });
  const caption = h('caption', { className: 'visually-hidden' }, 'Per-element terms, shares and gradients');
  const aboutText = h('span');
  const toTrainer = onShowInfluence
    ? h('button', { type: 'button', className: 'link-button', 'data-testid': 'show-influence', onclick: () => onShowInfluence() }, 'See each training point’s pull in the trainer')
    : null;
  const about = h('p', { className: 'hint table-about' }, aboutText, toTrainer ? ' ' : null, toTrainer);
  const thead = h('thead');
  const tbody = h('tbody');
  const more = h('p', { className: 'hint', hidden: true });
  // Disabled while the data has an error: the error (above it) says why.
  const csv = h('button', { type: 'button', 'data-testid': 'export-csv', 'aria-describedby': 'results-error', onclick: () => exportCsv() }, 'Download CSV');
  const tableWrap = h('div', { className: 'table-wrap' }, h('table', { className: 'terms', 'data-testid': 'terms-table' }, caption, thead, tbody));
  keyboardScrollable(tableWrap, 'Per-element table');
  const element = h('section', { className: 'card results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title' }, 'Result'),
    h('p', { className: 'value-line' }, h('span', { className: 'value-label' }, 'Loss '), value, ' ', expected),
    error,
    h('p', { className: 'grad-line' }, gradLabel, grad),
    about,
    tableWrap,
    more,
    h('p', { className: 'actions' }, csv));

  let current = { rows: [], info: null }; // what the CSV button exports

  function exportCsv() {
    if (!current.rows.length) return;
    download(new Blob([tableCsv(current.rows, current.info)], { type: 'text/csv' }), `losslab-${current.info.id}.csv`);
  }

  function renderTable(rows, info) {
    replace(thead, h('tr', {}, headings(info).map(heading)));
    const scale = rows.reduce((m, r) => Math.max(m, ...r.grad.map(Math.abs)), 0);
    const shown = rows.slice(0, MAX_TABLE_ROWS);
    replace(tbody, shown.map((r) => h('tr', {},
      h('th', { scope: 'row' }, String(r.index + 1)),
      h('td', { className: 'num' }, formatList(r.input)),
      h('td', { className: 'num' }, r.negative
        ? [h('span', { className: 'pair' }, h('abbr', { title: 'positive' }, '+ '), formatList(r.target)),
          h('span', { className: 'pair' }, h('abbr', { title: 'negative' }, '− '), formatList(r.negative))]
        : r.label !== null && r.label !== undefined
          ? [h('span', { className: 'pair' }, formatList(r.target)),
            h('span', { className: 'pair' }, h('abbr', { title: 'label' }, 'y '), r.label > 0 ? '+1' : '−1')]
          : formatList(r.target)),
      h('td', { className: 'num' }, r.term === null ? '—' : formatNumber(r.term)),
      h('td', {}, r.share === null ? '—' : shareBar(r.share)),
      h('td', {}, gradBars(r.grad, scale)),
      h('td', {}, pullBar(r.pull)))));
    more.hidden = rows.length <= MAX_TABLE_ROWS;
    more.textContent = `Showing the first ${MAX_TABLE_ROWS} of ${rows.length} rows; the CSV has them all.`;
    const unit = { elementwise: 'element', triplet: 'triplet', pair: 'pair', sequence: 'sequence' }[info.layout] ?? 'row';
    aboutText.textContent = `Each ${unit}'s term, its share of the summed terms, the gradient of the loss with respect to it, and its ${PULL_WORD}: its share of the gradient — how hard the loss pulls on it.`;
  }

  return {
    element,
    render(state, info, result, preset) {
      const messages = [...new Set(Object.values(result.errors))];
      error.textContent = messages.join('\n');
      csv.disabled = !result.ok;
      element.classList.toggle('failed', !result.ok);
      if (!result.ok) {
        value.textContent = '';
        expected.textContent = '';
        grad.textContent = '';
        replace(tbody);
        current = { rows: [], info };
        return;
      }
      value.textContent = typeof result.value === 'number' ? formatNumber(result.value) : listText(result.value);
      const ok = preset && typeof result.value === 'number' && agrees(result.value, preset.expected);
      expected.textContent = preset ? `expected ${preset.expected} ${ok ? '✓' : '✗'}` : '';
      expected.className = `expected ${ok ? 'good' : 'bad'}`;
      gradLabel.textContent = { triplet: 'Gradient ∂ℓ/∂anchor: ', pair: 'Gradient ∂ℓ/∂x1: ' }[info.layout] ?? 'Gradient ∂ℓ/∂x: ';
      grad.textContent = listText(result.grad);
      const rows = tableRows(result, info);
      current = { rows, info };
      renderTable(rows, info);
    },
  };
}
