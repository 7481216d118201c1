// Small labelled controls shared by the trainer's editors: a select whose options are values
// (the current value is added when it is not one of them, e.g. lr=0.07 from a link), and a
// whole-number field that reports only committed, bounded values.
import { h, replace, setValue, focused } from '../dom.js';

/**
 * @param {{ id: string, label: string, testid: string, onChange: (value: string) => void,
 *           hint?: string }} props
 */
export function selectField({ id, label, testid, onChange, hint }) {
  const select = h('select', { id, 'data-testid': testid, onchange: () => onChange(select.value) });
  const element = h('div', { className: 'field' }, h('label', { for: id }, label), select,
    hint ? h('p', { className: 'hint' }, hint) : null);
  let key = '';
  return {
    element,
    select,
    /** choices: [value, text][]; the current value is selected (and added when missing). */
    render(choices, value) {
      const list = choices.some(([v]) => v === value) ? choices : [...choices, [value, value]];
      const next = list.map(([v, t]) => `${v}=${t}`).join('|');
      if (next !== key) {
        key = next;
        replace(select, list.map(([v, t]) => h('option', { value: v }, t)));
      }
      setValue(select, value);
    },
  };
}

/** A whole number in [min, max]; out-of-range entries are clamped when committed. */
export function wholeField({ id, label, testid, min, max, onChange, hint }) {
  const input = h('input', {
    type: 'number', id, 'data-testid': testid, min: String(min), max: String(max), step: '1', inputMode: 'numeric',
    onchange: () => {
      const v = Math.round(Number(input.value));
      if (!Number.isFinite(v) || input.value.trim() === '') return;
      const bounded = Math.min(max, Math.max(min, v));
      input.value = String(bounded);
      onChange(String(bounded));
    },
  });
  const element = h('div', { className: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { className: 'hint' }, hint) : null);
  return {
    element,
    input,
    render(value) {
      if (!focused(input)) setValue(input, String(value));
    },
  };
}

/** Numbers as option text: 0.0001 rather than 1e-4. */
export function plain(v) {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toFixed(Math.ceil(-Math.log10(Math.abs(v)))) : String(v);
}
