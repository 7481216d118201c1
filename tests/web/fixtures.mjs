// A small catalogue shaped like lab.losses, so the state tests do not depend on which losses
// the current build has.
const spec = (name, kind, def, extra = {}) => ({
  name, kind, default: def, min: null, max: null, minOpen: false, maxOpen: false, choices: [], range: '', doc: `${name} doc`, ...extra,
});

const loss = (id, family, layout, optionSpecs = [], extra = {}) => ({
  id, family, layout, optionSpecs, reductions: ['mean', 'sum', 'none'], targetKind: 'values',
  formula: 'x', summary: `${id}: a loss.`, useCase: 'tests', input: 'predictions', target: 'values',
  options: { reduction: 'mean', ...Object.fromEntries(optionSpecs.map((s) => [s.name, s.default])) }, ...extra,
});

export const CATALOGUE = [
  loss('mse', 'regression', 'elementwise'),
  loss('mae', 'regression', 'elementwise'),
  loss('rmse', 'regression', 'elementwise', [], { reductions: ['mean'] }),
  loss('huber', 'regression', 'elementwise', [spec('delta', 'number', 1, { min: 0, minOpen: true, range: '> 0' })]),
  loss('bce', 'binary', 'elementwise', [spec('weight', 'vector', null, { min: 0, range: '>= 0' })]),
  loss('multi_margin', 'multiclass', 'rows', [
    spec('p', 'number', 1, { choices: [1, 2] }),
    spec('margin', 'number', 1, { min: 0, range: '>= 0' }),
  ]),
  loss('cross_entropy', 'multiclass', 'rows', [
    spec('ignore_index', 'integer', -100),
    spec('label_smoothing', 'number', 0, { min: 0, max: 1, range: 'in [0, 1]' }),
  ]),
  loss('binary_focal', 'binary', 'elementwise', [spec('from_logits', 'boolean', true), spec('gamma', 'number', 2, { min: 0, range: '>= 0' })]),
  loss('triplet_margin', 'embedding', 'triplet', [spec('margin', 'number', 1, { min: 0, range: '>= 0' })], { targetKind: 'triplet' }),
  loss('margin_ranking', 'ranking', 'pair', [spec('margin', 'number', 0)], { targetKind: 'signs-strict', columns: 1 }),
  { ...loss('custom', 'custom', 'elementwise'), options: { reduction: 'mean', expr: '(x - y)^2' } },
];

// The network catalogue is the build's own (its limits are what the page must follow).
import createLossLab from '../../dist/node.js';
export const NETWORK = (await createLossLab({ simd: false })).networkCatalogue;
