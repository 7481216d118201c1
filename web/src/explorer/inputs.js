// The data fields: predictions and targets as text, plus negatives for triplet losses (whose
// predictions are the anchors and targets the positives: three boxes, one row per line) and
// labels for pair losses (whose predictions are x1 and targets x2: the target { other, label }).
// Each field explains what the chosen loss expects and shows its own error beneath it.
import { h, setValue } from '../dom.js';
import { targetHelp } from '../catalogue.js';

const SEPARATORS = 'Separate numbers with commas, spaces, tabs or new lines.';
const ROWS = 'One row per line (paste a block from a spreadsheet); numbers in a row separated by commas, spaces or tabs.';
const STEPS = 'One sequence: a row per time step (T rows of C log-probabilities; class 0 is the blank unless the blank option says otherwise).';

function texts(info) {
  if (info.layout === 'triplet') {
    return {
      pred: ['Anchors', `${capital(info.input)}. ${ROWS}`],
      target: ['Positives', `Same shape as the anchors. ${targetHelp(info)}`],
      negative: ['Negatives', 'Same shape as the anchors: embeddings that should be far from them.'],
      label: ['Labels', ''],
    };
  }
  if (info.layout === 'pair') {
    const shape = info.columns === 1 ? SEPARATORS : ROWS;
    return {
      pred: ['x1', `${capital(info.input)}. ${shape}`],
      target: ['x2', `Same shape as x1: the other side of each pair (${info.target}).`],
      negative: ['Negatives', ''],
      label: ['Labels', `One label per pair: ${info.family === 'ranking' ? '+1 when x1 should rank higher, -1 when x2 should' : '+1 for a similar pair, -1 for a dissimilar one'}. ${SEPARATORS}`],
    };
  }
  if (info.layout === 'sequence') {
    return {
      pred: ['Predictions', `${capital(info.input)}. ${STEPS}`],
      target: ['Targets', 'The label sequence: class indices other than the blank, in order (e.g. 1, 2, 2). ' + SEPARATORS],
      negative: ['Negatives', ''],
      label: ['Labels', ''],
    };
  }
  const layout = info.layout === 'rows' ? ROWS : SEPARATORS;
  return {
    // The input text is worth showing when it says more than the label does.
    pred: ['Predictions', info.input.toLowerCase() === 'predictions' ? layout : `${capital(info.input)}. ${layout}`],
    target: ['Targets', targetHelp(info)],
    negative: ['Negatives', ''],
    label: ['Labels', ''],
  };
}

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

const FIELDS = [
  { key: 'pred', testid: 'predictions' },
  { key: 'target', testid: 'targets' },
  { key: 'negative', testid: 'negatives' },
  { key: 'label', testid: 'labels' },
];

/** The fields only some layouts show. */
const ONLY = { negative: 'triplet', label: 'pair' };

/**
 * @param {{ onChange: (key: 'pred'|'target'|'negative'|'label', text: string) => void }} deps
 */
export function createInputs({ onChange }) {
  const parts = FIELDS.map(({ key, testid }) => {
    const input = h('textarea', {
      id: testid, 'data-testid': testid, rows: 3, spellcheck: false, autocomplete: 'off',
      'aria-describedby': `${testid}-hint ${testid}-error`,
      oninput: () => onChange(key, input.value),
    });
    const label = h('label', { for: testid });
    const hint = h('p', { className: 'hint', id: `${testid}-hint` });
    const error = h('p', { className: 'field-error', id: `${testid}-error`, 'data-testid': `${testid}-error` });
    const wrap = h('div', { className: 'field wide' }, label, input, hint, error);
    return { key, input, label, hint, error, wrap };
  });
  const element = h('section', { className: 'card', 'aria-labelledby': 'data-title' },
    h('h2', { id: 'data-title' }, 'Data'), parts.map((p) => p.wrap));

  return {
    element,
    render(state, info, result) {
      const words = texts(info);
      for (const p of parts) {
        const [label, hint] = words[p.key];
        p.wrap.hidden = p.key in ONLY && info.layout !== ONLY[p.key];
        if (p.label.textContent !== label) p.label.textContent = label;
        if (p.hint.textContent !== hint) p.hint.textContent = hint;
        setValue(p.input, state[p.key] ?? '');
        p.input.rows = Math.min(8, Math.max(2, (state[p.key] ?? '').split('\n').length + 1));
        const message = result.errors[p.key] ?? '';
        if (p.error.textContent !== message) p.error.textContent = message;
        if (message) p.input.setAttribute('aria-invalid', 'true');
        else p.input.removeAttribute('aria-invalid');
      }
    },
  };
}
