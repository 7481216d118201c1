// The notice shown when a link held values that were ignored (bad, out of range, unknown).
import { h, replace } from './dom.js';

export function createNotice() {
  const list = h('ul', {});
  const close = h('button', { type: 'button', className: 'link', onclick: () => { element.hidden = true; } }, 'Dismiss');
  const element = h('div', { className: 'notice', role: 'status', 'data-testid': 'url-notice', hidden: true },
    h('p', {}, h('strong', {}, 'Some settings in the link were ignored. '), close), list);
  return {
    element,
    show(messages) {
      element.hidden = messages.length === 0;
      replace(list, messages.map((m) => h('li', {}, m)));
    },
  };
}
