// The explorer's wiring, shared by the page (main.js mounts it into the page's slots) and by
// <losslab-explorer> (web/src/elements/, which mounts it into a shadow root): the views, their
// order, and one render per state change. Where they are mounted, the page chrome (share,
// notices, the URL) and what follows a render are the caller's. (The state transitions both
// use, switchLoss and readState, are in samples.js.)
import { evaluate } from './compute.js';
import { switchLoss } from './samples.js';
import { createPicker } from './picker.js';
import { createOptionsForm } from './options.js';
import { createInputs } from './inputs.js';
import { createPresets, presetState, matchPreset } from './presets.js';
import { createResults } from './results.js';
import { createCurve } from './curve.js';

/**
 * The explorer's views over `store`.
 * @param {{ lab: object, store: object, loadChart: () => Promise<Function>, presets?: boolean }} deps
 *   loadChart: the one uPlot loader (chart.js); presets: build the worked-examples strip
 * @returns {{ parts: object, render: (state: object) => { info: object, result: object } }}
 *   parts: { picker, options, inputs, presets, results, curve }, each with its `element`
 */
export function createExplorer({ lab, store, loadChart, presets: withPresets = true, onShowInfluence }) {
  const catalogue = lab.losses;
  const infoOf = (id) => catalogue.find((l) => l.id === id);
  const set = (change) => store.update(change);

  const picker = createPicker({ lab, catalogue, onSelect: (id) => set((s) => switchLoss(lab, s, infoOf(id))) });
  const options = createOptionsForm({ onChange: (name, value) => set((s) => { s.options[name] = value; }) });
  const inputs = createInputs({ onChange: (key, text) => set((s) => { s[key] = text; }) });
  const presets = withPresets ? createPresets({ catalogue, onApply: (p) => set((s) => presetState(p, infoOf(p.loss), s)) }) : null;
  const results = createResults({ onShowInfluence });
  const curve = createCurve({
    lab,
    catalogue,
    loadChart,
    onOverlays: (keys) => set((s) => { s.overlays = keys; }),
    onPoint: (k) => set((s) => { s.point = k; }),
  });

  const views = [
    (state, info) => picker.render(state, info),
    (state, info, result) => options.render(state, info, result),
    (state, info, result) => inputs.render(state, info, result),
    (state, info, result) => results.render(state, info, result, presets ? matchPreset(state, info) : null),
    (state, info, result) => curve.render(state, info, result),
  ];

  return {
    parts: { picker, options, inputs, presets, results, curve },
    render(state) {
      const info = infoOf(state.loss);
      const result = evaluate(lab, info, state);
      for (const view of views) {
        try {
          view(state, info, result);
        } catch (e) {
          console.error(e); // one broken view must not take the others down
        }
      }
      return { info, result };
    },
  };
}
