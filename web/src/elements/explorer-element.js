// <losslab-explorer>: the page's explorer (web/src/explorer/explorer.js) in an open shadow root.
// Attributes are the page's URL keys (loss, each option by name, pred, target, …), read when
// the element starts and observed afterwards; `compact` and `controls="none"` are styling
// (elements.css). A `change` event carries { loss, value, grad, error } after each render.
import { createExplorer } from '../explorer/explorer.js';
import { h } from '../dom.js';
import { sharedLab, loadChart, adopt } from './shared.js';
import { StateElement } from './state-element.js';

export class LossLabExplorerElement extends StateElement {
  /** { loss, value, grad, error } of the last render (null before the first). */
  #result = null;

  get pred() {
    return this.getAttribute('pred');
  }

  set pred(text) {
    this.setAttribute('pred', String(text));
  }

  get target() {
    return this.getAttribute('target');
  }

  set target(text) {
    this.setAttribute('target', String(text));
  }

  get value() {
    return this.#result?.value ?? null;
  }

  get grad() {
    return this.#result?.grad ?? null;
  }

  /** The last render's { loss, value, grad, error }. */
  get result() {
    return this.#result;
  }

  async setUp() {
    const { lab } = await sharedLab();
    const { store, wiring } = this.attributeStore(lab);
    const explorer = createExplorer({ lab, store, loadChart, presets: false });
    const { picker, options, inputs, results, curve } = explorer.parts;
    this.mount(h('div', { className: 'explorer columns' },
      h('div', { className: 'column setup' },
        h('div', { className: 'part-picker' }, picker.element),
        h('div', { className: 'part-options' }, options.element),
        h('div', { className: 'part-inputs' }, inputs.element)),
      h('div', { className: 'column outcome' }, results.element, curve.element)));

    const render = (state) => {
      const { info, result } = explorer.render(state);
      this.#result = Object.freeze({
        loss: info.id,
        value: result.ok ? result.value : null,
        grad: result.ok ? result.grad : null,
        error: result.ok ? '' : [...new Set(Object.values(result.errors))].join('\n'),
      });
      this.dispatchEvent(new CustomEvent('change', { detail: this.#result }));
    };
    store.subscribe(render);
    render(store.get());
    return wiring;
  }
}
