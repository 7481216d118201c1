// The loss picker: a <select> grouped by family (from lab.losses), the formula (typeset with
// KaTeX as MathML at build time: see vite.config.js; the custom loss's is the user's expression, typeset
// live by custom-formula.js), the summary and the "when to use it" line.
import formulas from 'virtual:formulas';
import { h, replace } from '../dom.js';
import { shortName } from '../catalogue.js';
import { createCustomFormula } from './custom-formula.js';
import { keyboardScrollable } from '../scroll-box.js';

const FAMILY_NAMES = {
  regression: 'Regression',
  binary: 'Binary classification',
  multiclass: 'Multi-class classification',
  multilabel: 'Multi-label classification',
  embedding: 'Embeddings',
  ranking: 'Ranking',
  sequence: 'Sequences',
  custom: 'Your own',
};

const familyName = (f) => FAMILY_NAMES[f] ?? f.charAt(0).toUpperCase() + f.slice(1);

/** True for a loss whose formula is the user's expression (the `expr` option). */
const isExpression = (info) => info.family === 'custom' && typeof info.options.expr === 'string';

/**
 * @param {{ lab?: object, catalogue: readonly object[], onSelect: (id: string) => void }} deps
 *   `lab` (for lab.expression) typesets the custom loss's expression; without it the generic
 *   formula is shown.
 */
export function createPicker({ lab, catalogue, onSelect }) {
  const select = h('select', { id: 'loss-select', 'data-testid': 'loss-select', onchange: () => onSelect(select.value) });
  const groups = new Map();
  for (const info of catalogue) {
    if (!groups.has(info.family)) {
      groups.set(info.family, h('optgroup', { label: familyName(info.family) }));
      select.append(groups.get(info.family));
    }
    groups.get(info.family).append(h('option', { value: info.id }, `${shortName(info)} — ${info.id}`));
  }
  const formula = h('div', { className: 'formula', 'data-testid': 'formula' });
  keyboardScrollable(formula, 'Formula');
  const summary = h('p', { className: 'summary', 'data-testid': 'summary' });
  const useCase = h('p', { className: 'use-case', 'data-testid': 'use-case' });
  const idTag = h('code', { className: 'loss-id', 'data-testid': 'loss-id', title: 'the id to pass to lab.loss()' });
  const element = h('section', { className: 'card picker', 'aria-labelledby': 'picker-title' },
    h('h2', { id: 'picker-title' }, 'Loss ', idTag),
    h('label', { for: 'loss-select', className: 'visually-hidden' }, 'Loss function'),
    select, formula, summary, useCase);

  // The build typeset every catalogue formula; the markup is our own, never user or URL data.
  const template = document.createElement('template');
  function typeset(info) {
    const html = formulas[info.id];
    if (html === undefined) {
      formula.classList.add('mono');
      formula.textContent = info.formula;
      return;
    }
    formula.classList.remove('mono');
    template.innerHTML = html;
    const fragment = template.content.cloneNode(true);
    for (const el of fragment.querySelectorAll('[data-style]')) {
      el.style.cssText = el.dataset.style;
      delete el.dataset.style;
    }
    formula.replaceChildren(fragment);
  }

  const custom = lab?.expression ? createCustomFormula({ lab, element: formula }) : null;

  let shown = null;
  return {
    element,
    render(state, info) {
      if (select.value !== info.id) select.value = info.id;
      const expression = custom !== null && isExpression(info);
      if (shown !== info) {
        shown = info;
        idTag.textContent = info.id;
        custom?.stop();
        if (!expression) typeset(info);
        replace(summary, info.summary);
        replace(useCase, h('strong', {}, 'When to use it: '), info.useCase);
      }
      if (expression) custom.update(state.options.expr ?? info.options.expr);
    },
  };
}
