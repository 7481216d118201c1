// What <losslab-explorer> and <losslab-trainer> share: an open shadow root with the style
// sheets, a loading line, the start when first connected, attributes observed (all of them:
// the option names come from the catalogue, so no static list could hold them), reflected
// properties, and `ready`.
import { h } from '../dom.js';
import { adopt } from './shared.js';
import { createStore } from '../state.js';
import { urlKeys, attributePairs, stateFromAttributes, stateAfterChange } from './attributes.js';

// Importing the module where there is no DOM (server-side rendering of an MDX or Next.js page)
// must not throw: the classes are then defined over a stand-in and nothing is registered.
const Base = globalThis.HTMLElement ?? class {};

export class StateElement extends Base {
  #ready = null;
  #settle = null;
  #started = false;
  #wiring = null;
  #pending = new Set();

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adopt(root);
    root.append(h('p', { className: 'loading', role: 'status' }, 'Loading LossLab…'));
    this.#ready = new Promise((resolve, reject) => { this.#settle = { resolve, reject }; });
    this.#ready.catch(() => {}); // reported on the element; callers who await it see it too
    new MutationObserver((records) => {
      for (const r of records) this.#pending.add(r.attributeName);
      if (this.#wiring) this.#flush();
    }).observe(this, { attributes: true });
  }

  /** Resolves once the element shows its first result (rejects if LossLab cannot start). */
  get ready() {
    return this.#ready;
  }

  get loss() {
    return this.getAttribute('loss');
  }

  set loss(id) {
    this.setAttribute('loss', String(id));
  }

  get compact() {
    return this.hasAttribute('compact');
  }

  set compact(on) {
    this.toggleAttribute('compact', Boolean(on));
  }

  get controls() {
    return this.getAttribute('controls') ?? 'all';
  }

  set controls(value) {
    if (value === null || value === 'all') this.removeAttribute('controls');
    else this.setAttribute('controls', String(value));
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.setUp().then((wiring) => {
      this.#wiring = wiring;
      this.#pending.clear(); // read by setUp already
      this.#settle.resolve(this);
      if (!this.isConnected) this.disconnectedCallback(); // removed while it was starting
    }, (error) => {
      console.error(error);
      this.shadowRoot.querySelector('.loading')?.replaceChildren(h('strong', {}, 'LossLab could not start: '),
        h('span', { 'data-testid': 'loss-error' }, String(error?.message ?? error)));
      this.#settle.reject(error);
    });
  }

  /** Removed from the page (not just moved: a move reconnects at once): a subclass with a
   *  `tearDown()` (the trainer: its worker) lets go, and starts afresh if connected again. */
  disconnectedCallback() {
    if (!this.#wiring?.tearDown) return;
    queueMicrotask(() => {
      if (this.isConnected || !this.#wiring) return;
      this.#wiring.tearDown();
      this.#wiring = null;
      this.#started = false;
      this.shadowRoot.replaceChildren(h('p', { className: 'loading', role: 'status' }, 'Loading LossLab…'));
    });
  }

  /** Replaces the loading line with the element's content. */
  mount(node) {
    this.shadowRoot.querySelector('.loading')?.remove();
    this.shadowRoot.append(node);
  }

  /** The element's state read from its attributes (those ignored said with `warn`), in a store;
   *  and `wiring` for setUp to return: the attribute names observed, and `changed`, which reads
   *  the changed ones into the store. */
  attributeStore(lab) {
    const keys = urlKeys(lab.losses);
    const first = stateFromAttributes(lab, attributePairs(this, keys));
    this.warn(first.notices);
    const store = createStore(first.state);
    const changed = (names) => {
      const next = stateAfterChange(lab, store.get(), attributePairs(this, keys), names);
      this.warn(next.notices);
      store.update(() => next.state, 'attributes');
    };
    return { store, wiring: { keys, changed } };
  }

  /** Attributes that were ignored, said where authors look. */
  warn(notices) {
    if (notices.length) console.warn(`<${this.localName}>: ${notices.join('; ')}`);
  }

  #flush() {
    const names = new Set([...this.#pending].filter((n) => this.#wiring.keys.has(n)));
    this.#pending.clear();
    if (names.size) this.#wiring.changed(names);
  }
}
