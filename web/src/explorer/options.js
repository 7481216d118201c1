// Controls for the chosen loss's options, generated from its optionSpecs: number inputs (min, max,
// step from the spec), selects for reduction and for choice options, checkboxes for flags, text
// boxes for vectors ("1, 2, 0.5") and for expressions (with the error column marked).
import { h, replace, setValue } from '../dom.js';
import { fieldsOf, symbol } from '../catalogue.js';

function step(field) {
  if (field.kind === 'integer') return '1';
  const { min, max } = field.spec;
  return min !== null && max !== null && max - min <= 1 ? '0.01' : '0.1';
}

function hintText(field, info) {
  if (field.kind === 'reduction') {
    return field.choices.length === 1
      ? `${info.id} takes '${field.choices[0]}' only`
      : "'mean' averages the terms, 'sum' adds them, 'none' lists them";
  }
  if (field.kind === 'text') return 'in x (prediction) and y (target): + - * / ^ ( ), abs sqrt exp log log1p sin cos sinh cosh tanh sigmoid softplus max min pow';
  const range = field.spec?.range ? ` (${field.spec.range})` : '';
  const optional = field.kind === 'vector' && field.default === null ? '; leave empty for none' : '';
  return `${field.doc}${range}${optional}`;
}

function control(field, id, onChange) {
  const common = { id, 'data-testid': id, 'aria-describedby': `${id}-hint ${id}-error` };
  switch (field.kind) {
    case 'reduction':
    case 'choice':
      return h('select', { ...common, disabled: field.choices.length < 2, onchange: (e) => onChange(field.name, e.target.value) },
        field.choices.map((c) => h('option', { value: String(c) }, String(c))));
    case 'boolean':
      return h('input', { ...common, type: 'checkbox', onchange: (e) => onChange(field.name, e.target.checked) });
    case 'number':
    case 'integer': {
      const { min, max } = field.spec;
      return h('input', {
        ...common, type: 'number', step: step(field), min: min ?? undefined, max: max ?? undefined,
        oninput: (e) => onChange(field.name, e.target.validity.badInput ? 'NaN' : e.target.value),
      });
    }
    default:
      return h('input', {
        ...common, type: 'text', autocomplete: 'off', spellcheck: false,
        className: field.kind === 'text' ? 'mono' : '',
        placeholder: field.kind === 'vector' ? 'e.g. 1, 2, 0.5' : '',
        oninput: (e) => onChange(field.name, e.target.value),
      });
  }
}

/** The expression with the character at `column` (1-based) marked, as DOM nodes. */
function markColumn(text, column) {
  const at = Math.min(Math.max(column - 1, 0), text.length);
  const char = text.slice(at, at + 1) || ' ';
  return [text.slice(0, at), h('mark', { 'aria-label': `column ${column}` }, char), text.slice(at + 1)];
}

/**
 * @param {{ onChange: (name: string, value: string|boolean) => void }} deps
 */
export function createOptionsForm({ onChange }) {
  const body = h('div', { className: 'options-grid' });
  const element = h('section', { className: 'card', 'aria-labelledby': 'options-title' },
    h('h2', { id: 'options-title' }, 'Options'), body);
  let built = null; // { id, rows: Map(name → { field, input, error, marker }) }

  function build(info) {
    const rows = new Map();
    const nodes = fieldsOf(info).map((field) => {
      const id = `param-${field.name}`;
      const input = control(field, id, onChange);
      const error = h('p', { className: 'field-error', id: `${id}-error`, 'data-testid': `${id}-error` });
      const marker = field.kind === 'text' ? h('p', { className: 'expr-marker mono', hidden: true, 'aria-hidden': 'true' }) : null;
      const label = h('label', { for: id }, field.name === 'reduction' ? 'reduction' : `${field.name}${symbol(field.name) !== field.name ? ` (${symbol(field.name)})` : ''}`);
      const hint = h('p', { className: 'hint', id: `${id}-hint` }, hintText(field, info));
      rows.set(field.name, { field, input, error, marker });
      const wide = field.kind === 'text' || field.kind === 'vector';
      return field.kind === 'boolean'
        ? h('div', { className: 'field check' }, input, label, hint, error)
        : h('div', { className: `field${wide ? ' wide' : ''}` }, label, input, marker, hint, error);
    });
    replace(body, nodes);
    built = { id: info.id, rows };
  }

  return {
    element,
    render(state, info, result) {
      if (built?.id !== info.id) build(info);
      for (const [name, { field, input, error, marker }] of built.rows) {
        const value = state.options[name];
        if (field.kind === 'boolean') input.checked = Boolean(value);
        else if (!(field.kind === 'number' && input.validity.badInput)) setValue(input, String(value ?? ''));
        const message = result.errors[`param-${name}`] ?? '';
        if (error.textContent !== message) error.textContent = message;
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        if (marker) {
          const column = /column (\d+)/.exec(message);
          marker.hidden = !column;
          if (column) replace(marker, markColumn(String(value), Number(column[1])));
        }
      }
    },
  };
}
