// Compare: two networks from the same seed on the same data, each trained with its own loss,
// side by side. A switch, the two losses, and the two presets (MSE vs Huber on outliers;
// cross-entropy vs focal on imbalanced data).
import { h, replace } from '../dom.js';
import { COMPARE_PRESETS } from './settings.js';
import { RUN_COLOURS } from './colours.js';

/**
 * @param {{ catalogue: readonly object[], onToggle: (on: boolean) => void,
 *           onPreset: (preset: object) => void, onLosses: (ids: string[]) => void }} deps
 */
export function createCompare({ catalogue, onToggle, onPreset, onLosses }) {
  const toggle = h('input', { type: 'checkbox', id: 'trainer-compare', 'data-testid': 'compare-toggle', onchange: () => onToggle(toggle.checked) });
  const selects = [0, 1].map((k) => {
    const id = `trainer-compare-${k ? 'b' : 'a'}`;
    const select = h('select', { id, 'data-testid': `compare-loss-${k ? 'b' : 'a'}`, onchange: () => {
      const ids = selects.map((s) => s.select.value);
      if (ids[0] !== ids[1]) onLosses(ids);
      else onLosses(k === 0 ? [ids[0], view.ids[0]] : [view.ids[1], ids[1]]);
    } });
    const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = RUN_COLOURS[k];
    return { select, element: h('div', { className: 'field' }, h('label', { for: id }, swatch, ` Loss ${k ? 'B' : 'A'}`), select) };
  });
  const about = h('p', { className: 'hint', 'data-testid': 'compare-about' });
  const presets = h('ul', { className: 'presets' }, COMPARE_PRESETS.map((p) => {
    const missing = p.losses.filter((id) => !catalogue.some((l) => l.id === id));
    return h('li', {}, h('button', {
      type: 'button', className: 'chip', 'data-testid': `compare-preset-${p.key}`, disabled: missing.length > 0,
      title: missing.length ? `needs ${missing.join(', ')}` : p.about, onclick: () => onPreset(p),
    }, p.label), missing.length ? h('span', { className: 'note' }, ` (needs ${missing.join(', ')}, not in this build)`) : null);
  }));
  const losses = h('div', { className: 'options-grid' }, selects.map((s) => s.element));
  const element = h('section', { className: 'card trainer-card compare', 'aria-labelledby': 'trainer-compare-title' },
    h('h3', { id: 'trainer-compare-title' }, 'Compare two losses'),
    h('p', { className: 'field check' }, toggle, h('label', { for: 'trainer-compare' }, 'Train two networks side by side (same seed, same data)')),
    h('div', { className: 'presets-strip' }, h('span', { className: 'hint' }, 'Presets:'), presets),
    losses, about);
  const view = { ids: [] };

  return {
    element,
    /** ids: the two losses (null when off); offered: the losses that fit the data. */
    render(ids, offered, presetKey) {
      toggle.checked = Boolean(ids);
      losses.hidden = !ids;
      view.ids = ids ?? [];
      if (ids) {
        for (const [k, s] of selects.entries()) {
          const list = offered.some((l) => l.id === ids[k]) ? offered : [...offered, { id: ids[k] }];
          const key = list.map((l) => l.id).join(',');
          if (s.select.dataset.key !== key) {
            s.select.dataset.key = key;
            replace(s.select, list.map((l) => h('option', { value: l.id }, l.id)));
          }
          s.select.value = ids[k];
        }
      }
      about.textContent = COMPARE_PRESETS.find((p) => p.key === presetKey)?.about ?? '';
    },
  };
}
