// `import 'losslab/elements'`: registers <losslab-explorer> and <losslab-trainer> (once, even if
// two copies of the package are loaded). Built by scripts/build-elements.mjs into dist/elements.js.
import { LossLabExplorerElement } from './explorer-element.js';
import { LossLabTrainerElement } from './trainer-element.js';

export { LossLabExplorerElement, LossLabTrainerElement };

for (const [name, element] of [['losslab-explorer', LossLabExplorerElement], ['losslab-trainer', LossLabTrainerElement]]) {
  if (!customElements.get(name)) customElements.define(name, element);
}
