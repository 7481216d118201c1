// The network's shape and training settings: hidden layers and their neurons (within the core's
// limits, lab.networkCatalogue), activation,
// optimizer, learning rate, batch size, L1/L2, seed, and the loss — only the losses that fit the
// data are offered, with a note saying why the others are not.
import { h, replace, focused } from '../dom.js';
import { selectField, wholeField, plain } from './fields.js';

/** Display names of the catalogue's optimizers (an unknown one shows its id). */
const OPTIMIZER_NAMES = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' };
const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const PENALTIES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const FAMILY_NAMES = { regression: 'Regression', binary: 'Binary', multiclass: 'Multi-class', multilabel: 'Multi-label', embedding: 'Embedding', ranking: 'Ranking', custom: 'Custom (element-wise, as regression)' };

/**
 * @param {{ onChange: (patch: object) => void, onLoss: (id: string) => void, limits: object }} deps
 *   patch: { hidden?: number[], embedding?: number, <trainer key>?: string };
 *   limits: networkLimits(lab.networkCatalogue) (web/src/trainer/settings.js)
 */
export function createNetworkEditor({ onChange, onLoss, limits }) {
  const optimizers = limits.optimizers.map((o) => [o, OPTIMIZER_NAMES[o] ?? o]);
  const lossSelect = h('select', { id: 'trainer-loss', 'data-testid': 'trainer-loss', onchange: () => onLoss(lossSelect.value) });
  const fallback = h('p', { className: 'note loss-fallback', 'data-testid': 'trainer-loss-fallback' });
  const whyNot = h('summary', {});
  const lossNote = h('div', { className: 'note', 'data-testid': 'trainer-loss-note' });
  const lossField = h('div', { className: 'field wide' }, h('label', { for: 'trainer-loss' }, 'Loss'), lossSelect, fallback,
    h('details', { className: 'why-not' }, whyNot, lossNote));

  const layerList = h('ol', { className: 'layers', 'data-testid': 'hidden-layers' });
  const addLayer = h('button', { type: 'button', 'data-testid': 'add-layer', 'aria-describedby': 'trainer-layers-rule', onclick: () => change((hid) => [...hid, hid[hid.length - 1] ?? 4]) }, '+ Add layer');
  const removeLayer = h('button', { type: 'button', 'data-testid': 'remove-layer', 'aria-describedby': 'trainer-layers-rule', onclick: () => change((hid) => hid.slice(0, -1)) }, '− Remove layer');
  // Says why a button is disabled (at the fewest or most layers).
  const layersRule = h('p', { className: 'hint', id: 'trainer-layers-rule', 'data-testid': 'layers-rule' },
    `${limits.hiddenLayers[0]} to ${limits.hiddenLayers[1]} hidden layers of ${limits.neurons[0]} to ${limits.neurons[1]} neurons.`);
  const layerCount = h('span', { className: 'hint', 'data-testid': 'layer-count', 'aria-live': 'polite' });
  const layersBox = h('fieldset', { className: 'layers-box wide' },
    h('legend', {}, 'Hidden layers'),
    layerList,
    h('p', { className: 'actions' }, addLayer, removeLayer, layerCount), layersRule);

  const embedding = selectField({ id: 'trainer-embedding', label: 'Embedding size (outputs)', testid: 'embedding-size',
    onChange: (v) => onChange({ embedding: Number(v) }) });
  const activation = selectField({ id: 'trainer-activation', label: 'Activation', testid: 'activation-select', onChange: (v) => onChange({ activation: v }) });
  const optimizer = selectField({ id: 'trainer-optimizer', label: 'Optimizer', testid: 'optimizer-select', onChange: (v) => onChange({ optimizer: v }) });
  const lr = selectField({ id: 'trainer-lr', label: 'Learning rate', testid: 'lr-select', onChange: (v) => onChange({ lr: v }) });
  const batch = wholeField({ id: 'trainer-batch', label: 'Batch size', testid: 'batch-input', min: 1, max: 1000, onChange: (v) => onChange({ batch: v }) });
  const l1 = selectField({ id: 'trainer-l1', label: 'L1 penalty', testid: 'l1-select', onChange: (v) => onChange({ l1: v }) });
  const l2 = selectField({ id: 'trainer-l2', label: 'L2 penalty', testid: 'l2-select', onChange: (v) => onChange({ l2: v }) });
  const seed = wholeField({ id: 'trainer-seed', label: 'Seed (initial weights)', testid: 'seed-input', min: 0, max: 0xffffffff, onChange: (v) => onChange({ seed: v }) });

  const element = h('section', { className: 'card trainer-card', 'aria-labelledby': 'trainer-network-title' },
    h('h3', { id: 'trainer-network-title' }, 'Network'),
    h('div', { className: 'options-grid' }, lossField, layersBox, embedding.element, activation.element, optimizer.element,
      lr.element, batch.element, l1.element, l2.element, seed.element));

  const view = { hidden: [], layersKey: '' };

  function change(edit) {
    const next = edit([...view.hidden]);
    if (next.length < limits.hiddenLayers[0] || next.length > limits.hiddenLayers[1]) return;
    onChange({ hidden: next });
  }

  function renderLayers(cfg, inputs, outputs) {
    view.hidden = cfg.hidden;
    const key = `${cfg.hidden.length}`;
    if (view.layersKey !== key) {
      view.layersKey = key;
      replace(layerList, cfg.hidden.map((_, i) => {
        const id = `trainer-neurons-${i + 1}`;
        const input = h('input', {
          type: 'number', id, 'data-testid': `neurons-${i + 1}`, min: String(limits.neurons[0]), max: String(limits.neurons[1]), step: '1',
          onchange: () => {
            const v = Math.round(Number(input.value));
            if (!Number.isFinite(v) || input.value.trim() === '') return;
            const bounded = Math.min(limits.neurons[1], Math.max(limits.neurons[0], v));
            input.value = String(bounded);
            change((hid) => hid.map((n, k) => (k === i ? bounded : n)));
          },
        });
        return h('li', { className: 'layer' }, h('label', { for: id }, `Layer ${i + 1}`), input, h('span', { className: 'hint' }, 'neurons'));
      }));
    }
    cfg.hidden.forEach((n, i) => {
      const input = layerList.querySelector(`#trainer-neurons-${i + 1}`);
      if (!focused(input)) input.value = String(n);
    });
    addLayer.disabled = cfg.hidden.length >= limits.hiddenLayers[1];
    removeLayer.disabled = cfg.hidden.length <= limits.hiddenLayers[0];
    layerCount.textContent = `${inputs} → ${cfg.hidden.join(' → ')} → ${outputs}`;
  }

  function renderLoss(offered, excluded, lossId, note, compare) {
    lossField.hidden = compare;
    const groups = new Map();
    for (const info of offered) groups.set(info.family, [...(groups.get(info.family) ?? []), info]);
    const key = offered.map((l) => l.id).join(',');
    if (lossSelect.dataset.key !== key) {
      lossSelect.dataset.key = key;
      replace(lossSelect, [...groups].map(([family, list]) => h('optgroup', { label: FAMILY_NAMES[family] ?? family },
        list.map((l) => h('option', { value: l.id }, l.id)))));
    }
    lossSelect.value = lossId;
    fallback.textContent = note;
    fallback.hidden = !note;
    const count = excluded.reduce((s, e) => s + e.ids.length, 0);
    whyNot.textContent = count ? `Why ${count} other loss${count === 1 ? ' is' : 'es are'} not offered` : 'Every loss fits this data';
    replace(lossNote, excluded.map((e) => h('p', {}, h('span', { className: 'mono' }, e.ids.join(', ')), `: ${e.reason}.`)));
  }

  return {
    element,
    /**
     * @param {object} cfg  readTrainer() settings
     * @param {{ offered, excluded, lossId, note, head, dims, compare }} ctx
     */
    render(cfg, ctx) {
      renderLoss(ctx.offered, ctx.excluded, ctx.lossId, ctx.note, ctx.compare);
      renderLayers(cfg, ctx.dims, ctx.head.units);
      embedding.element.hidden = ctx.head.kind !== 'embedding';
      embedding.render(Array.from({ length: limits.embedding[1] - limits.embedding[0] + 1 }, (_, i) => {
        const v = String(i + limits.embedding[0]);
        return [v, v];
      }), String(cfg.embedding));
      activation.render(limits.activations.map((a) => [a, a]), cfg.activation);
      optimizer.render(optimizers, cfg.optimizer);
      lr.render(RATES.map((v) => [String(v), plain(v)]), String(cfg.lr));
      batch.render(cfg.batch);
      l1.render(PENALTIES.map((v) => [String(v), plain(v)]), String(cfg.l1));
      l2.render(PENALTIES.map((v) => [String(v), plain(v)]), String(cfg.l2));
      seed.render(cfg.seed);
    },
  };
}
