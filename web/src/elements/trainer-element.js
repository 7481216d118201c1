// <losslab-trainer>: the page's Trainer (web/src/trainer/panel.js) in an open shadow root. Its
// code loads when the first trainer connects (a page of explorers never downloads it). The loss
// is the `loss` attribute (with its options); the data and network are the trainer's URL keys.
// The training worker starts when the element first comes into view; playing training pauses
// when it scrolls out and resumes when it comes back. `autoplay` (implied by controls="none")
// plays whenever it is in view. An `epoch` event carries { epoch, trainLoss, testLoss, runs }
// for each frame drawn.
import { switchLoss } from '../explorer/samples.js';
import { h } from '../dom.js';
import { sharedLab, loadChart, adopt } from './shared.js';
import { StateElement } from './state-element.js';

export class LossLabTrainerElement extends StateElement {
  #trainer = null;
  #last = null;

  /** The epoch of the last frame drawn (0 before training). */
  get epoch() {
    return this.#last?.epoch ?? 0;
  }

  get trainLoss() {
    return this.#last?.trainLoss ?? null;
  }

  get testLoss() {
    return this.#last?.testLoss ?? null;
  }

  get running() {
    return this.#trainer?.running ?? false;
  }

  get autoplay() {
    return this.hasAttribute('autoplay') || this.getAttribute('controls') === 'none';
  }

  set autoplay(on) {
    this.toggleAttribute('autoplay', Boolean(on));
  }

  /** Starts training (once LossLab and the worker are ready). */
  play() {
    this.ready.then(() => this.#trainer?.play(), () => {});
  }

  pause() {
    this.#trainer?.pause();
  }

  async setUp() {
    const [{ lab, compiled }, { createTrainer, trainerCss, spawnWorker }] = await Promise.all([sharedLab(), import('./trainer-mount.js')]);
    adopt(this.shadowRoot, trainerCss);
    const { store, wiring } = this.attributeStore(lab);
    const infoOf = (id) => lab.losses.find((l) => l.id === id);
    const root = h('div', { className: 'trainer-slot' });
    this.mount(root);
    this.#last = null;
    this.#trainer = createTrainer({
      lab, store, root, loadChart, compiled, spawnWorker,
      selectLoss: (id) => store.update((s) => switchLoss(lab, s, infoOf(id))),
      onEpoch: (info) => {
        this.#last = Object.freeze(info);
        this.dispatchEvent(new CustomEvent('epoch', { detail: this.#last }));
      },
    });
    const trainer = this.#trainer;
    // Training plays only while the element is on screen.
    let resume = false;
    let seen = false;
    const watch = new IntersectionObserver((entries) => {
      if (entries[entries.length - 1].isIntersecting) {
        if (resume || (this.autoplay && !seen)) trainer.play();
        resume = false;
        seen = true;
      } else if (trainer.running) {
        resume = true;
        trainer.pause();
      }
    });
    watch.observe(this);
    return {
      ...wiring,
      tearDown: () => {
        watch.disconnect();
        trainer.dispose();
        if (this.#trainer === trainer) this.#trainer = null;
      },
    };
  }
}
