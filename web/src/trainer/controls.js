// Play / pause, step, reset, the epoch counter and the speed; below them the message line
// (divergence and errors, in words, with a one-click fix where there is one).
import { h, replace } from '../dom.js';
import { selectField } from './fields.js';

const SPEEDS = [['auto', 'auto'], ['1', '1'], ['2', '2'], ['5', '5'], ['10', '10'], ['20', '20'], ['50', '50'], ['100', '100']];

/**
 * @param {{ onToggle: () => void, onStep: () => void, onReset: () => void,
 *           onSpeed: (speed: string) => void }} deps
 */
export function createControls({ onToggle, onStep, onReset, onSpeed }) {
  const toggle = h('button', { type: 'button', className: 'primary', 'data-testid': 'train-toggle', 'aria-pressed': 'false', onclick: () => onToggle() }, 'Play');
  const step = h('button', { type: 'button', 'data-testid': 'train-step', onclick: () => onStep() }, 'Step');
  const reset = h('button', { type: 'button', 'data-testid': 'train-reset', onclick: () => onReset() }, 'Reset');
  const epoch = h('output', { className: 'epoch-value', 'data-testid': 'epoch', 'aria-live': 'off' }, '0');
  const speed = selectField({ id: 'trainer-speed', label: 'Epochs per frame', testid: 'speed-select', onChange: (v) => onSpeed(v) });
  const message = h('div', { className: 'train-message', 'data-testid': 'train-message', role: 'status' });
  const element = h('div', { className: 'run' },
    h('div', { className: 'run-bar' },
      h('div', { className: 'run-buttons' }, toggle, step, reset),
      h('p', { className: 'epoch' }, h('span', { className: 'epoch-label' }, 'Epoch'), epoch),
      speed.element),
    message);

  return {
    element,
    render({ running, ready, failed, epochs, speedValue }) {
      toggle.textContent = running ? 'Pause' : 'Play';
      toggle.setAttribute('aria-pressed', String(running));
      toggle.disabled = !ready || (failed && !running);
      step.disabled = !ready || failed;
      reset.disabled = !ready;
      epoch.textContent = String(epochs);
      speed.render(SPEEDS, speedValue);
    },
    /** text: what happened; fix: { label, apply } for a button that changes the setting. */
    say(text, fix = null, kind = 'error') {
      message.className = `train-message ${text ? kind : ''}`;
      replace(message, text ? h('p', {}, text) : null,
        fix ? h('button', { type: 'button', 'data-testid': 'train-fix', onclick: fix.apply }, fix.label) : null);
    },
  };
}
