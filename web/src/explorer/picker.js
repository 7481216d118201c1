// The loss picker: a <select> grouped by family (from lab.losses), the formula typeset with
// KaTeX, the summary and the "when to use it" line. KaTeX loads after the first result is on
// screen (it is most of the page's script), so the formula fills in a moment later.
import { h, replace } from '../dom.js';
import { shortName } from '../catalogue.js';

const FAMILY_NAMES = {
  regression: 'Regression',
  binary: 'Binary classification',
  multiclass: 'Multi-class classification',
  embedding: 'Embeddings',
  custom: 'Your own',
};

const familyName = (f) => FAMILY_NAMES[f] ?? f.charAt(0).toUpperCase() + f.slice(1);

/**
 * @param {{ catalogue: readonly object[], onSelect: (id: string) => void }} deps
 */
export function createPicker({ catalogue, onSelect }) {
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
  const summary = h('p', { className: 'summary', 'data-testid': 'summary' });
  const useCase = h('p', { className: 'use-case', 'data-testid': 'use-case' });
  const idTag = h('code', { className: 'loss-id', 'data-testid': 'loss-id', title: 'the id to pass to lab.loss()' });
  const element = h('section', { className: 'card picker', 'aria-labelledby': 'picker-title' },
    h('h2', { id: 'picker-title' }, 'Loss ', idTag),
    h('label', { for: 'loss-select', className: 'visually-hidden' }, 'Loss function'),
    select, formula, summary, useCase);

  // Closure state of this view: KaTeX once loaded, the loss on screen, the formula typeset.
  const view = { katex: null, shown: null, typeset: null };
  function typeset() {
    if (!view.katex || view.typeset === view.shown?.id) return;
    view.typeset = view.shown.id;
    view.katex.render(view.shown.formula, formula, { displayMode: true, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' });
  }
  Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([{ default: katex }]) => {
    view.katex = katex;
    typeset();
  }, () => {
    // Offline or blocked: show the TeX source rather than nothing.
    formula.classList.add('mono');
    if (view.shown) formula.textContent = view.shown.formula;
  });

  return {
    element,
    render(state, info) {
      if (select.value !== info.id) select.value = info.id;
      if (view.shown === info) return;
      view.shown = info;
      idTag.textContent = info.id;
      typeset();
      replace(summary, info.summary);
      replace(useCase, h('strong', {}, 'When to use it: '), info.useCase);
    },
  };
}
