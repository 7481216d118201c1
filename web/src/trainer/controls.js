// Play / pause, step, reset, the epoch counter and the speed; below them the message line
// (divergence and errors, in words, with a one-click fix where there is one).
// For keyboard and screen-reader users: while the run buttons are disabled a line beside them
// says why (and the buttons point to it with aria-describedby); a polite live region says what
// the training did — started, paused at epoch N (with the latest numbers), stepped, reset, the
// trainer ready — once per change, never once per frame.
import { h, replace } from '../dom.js';
import { selectField } from './fields.js';

const PAUSE_SETTLE_MS = 400;
const SPEEDS = [['auto', 'auto'], ['1', '1'], ['2', '2'], ['5', '5'], ['10', '10'], ['20', '20'], ['50', '50'], ['100', '100']];

/** Why the run buttons are disabled, in words ('' when they are not). */
export function disabledReason({ ready, failed, waiting }) {
  if (waiting === 'starting') return 'Starting the trainer…';
  if (waiting === 'points') return 'Add points to train on first (see the message below).';
  if (!ready) return 'The trainer is not ready.';
  if (failed) return 'Training stopped: see the message below, then Reset or change a setting.';
  return '';
}

/** What the live region says after a change of the run's state (null: nothing to say). */
export function statusChange(before, now, describe = () => '') {
  const said = (text) => {
    const more = describe();
    return more ? `${text} ${more}` : text;
  };
  if (!before) return null;
  if (!before.ready && now.ready) return 'Trainer ready: press Play to train.';
  if (now.epochs === 0 && before.epochs !== 0) return 'Back to epoch 0: the network starts again.';
  if (!before.running && now.running) return `Training from epoch ${now.epochs.toLocaleString('en')}.`;
  if (before.running && !now.running) return now.failed ? null : said(`Paused at epoch ${now.epochs.toLocaleString('en')}.`);
  if (!now.running && now.epochs === before.epochs + 1) return said(`Epoch ${now.epochs.toLocaleString('en')}.`);
  return null;
}

/**
 * @param {{ onToggle: () => void, onStep: () => void, onReset: () => void,
 *           onSpeed: (speed: string) => void, describe?: () => string }} deps
 *   describe: the latest numbers in words, said when training pauses or steps
 */
export function createControls({ onToggle, onStep, onReset, onSpeed, describe = () => '' }) {
  const toggle = h('button', { type: 'button', className: 'primary', 'data-testid': 'train-toggle', 'aria-pressed': 'false', 'aria-describedby': 'trainer-why', onclick: () => onToggle() }, 'Play');
  const step = h('button', { type: 'button', 'data-testid': 'train-step', 'aria-describedby': 'trainer-why', onclick: () => onStep() }, 'Step');
  const reset = h('button', { type: 'button', 'data-testid': 'train-reset', 'aria-describedby': 'trainer-why', onclick: () => onReset() }, 'Reset');
  const epoch = h('output', { className: 'epoch-value', 'data-testid': 'epoch', 'aria-live': 'off' }, '0');
  const speed = selectField({ id: 'trainer-speed', label: 'Epochs per frame', testid: 'speed-select', onChange: (v) => onSpeed(v) });
  const why = h('p', { className: 'run-why', id: 'trainer-why', 'data-testid': 'train-why' });
  const status = h('p', { className: 'visually-hidden', role: 'status', 'data-testid': 'train-status' });
  const message = h('div', { className: 'train-message', 'data-testid': 'train-message', role: 'status' });
  const element = h('div', { className: 'run' },
    h('div', { className: 'run-bar' },
      h('div', { className: 'run-buttons' }, toggle, step, reset),
      h('p', { className: 'epoch' }, h('span', { className: 'epoch-label' }, 'Epoch'), epoch),
      speed.element,
      why),
    status,
    message);
  const view = { last: null, pending: 0 };

  return {
    element,
    /** waiting: 'starting' (the worker is loading), 'points' (no points to train on) or ''. */
    render({ running, ready, failed, epochs, speedValue, waiting = '' }) {
      toggle.textContent = running ? 'Pause' : 'Play';
      toggle.setAttribute('aria-pressed', String(running));
      toggle.disabled = !ready || (failed && !running);
      step.disabled = !ready || failed;
      reset.disabled = !ready;
      epoch.textContent = String(epochs);
      speed.render(SPEEDS, speedValue);
      const reason = toggle.disabled || step.disabled ? disabledReason({ ready, failed, waiting }) : '';
      if (why.textContent !== reason) why.textContent = reason;
      const now = { running, ready, failed, epochs };
      const text = statusChange(view.last, now, describe);
      view.last = now;
      if (!text) return;
      clearTimeout(view.pending);
      // A pause is said once the frames already on their way have landed (the final epoch).
      if (text.startsWith('Paused')) {
        view.pending = setTimeout(() => {
          status.textContent = statusChange({ ...view.last, running: true }, view.last, describe) ?? text;
        }, PAUSE_SETTLE_MS);
      } else {
        status.textContent = text;
      }
    },
    /** text: what happened; fix: { label, apply } for a button that changes the setting. */
    say(text, fix = null, kind = 'error') {
      message.className = `train-message ${text ? kind : ''}`;
      replace(message, text ? h('p', {}, text) : null,
        fix ? h('button', { type: 'button', 'data-testid': 'train-fix', onclick: fix.apply }, fix.label) : null);
    },
  };
}
