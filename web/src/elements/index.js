// `import 'losslab/elements'`: registers <losslab-explorer> and <losslab-trainer> (once, even if
// two copies of the package are loaded). Built by scripts/build-elements.mjs into dist/elements.js.
import { LossLabExplorerElement } from './explorer-element.js';
import { LossLabTrainerElement } from './trainer-element.js';

export { LossLabExplorerElement, LossLabTrainerElement };

// Without a DOM (server-side rendering) there is nothing to register; the browser does it.
const registry = globalThis.customElements;
for (const [name, element] of [['losslab-explorer', LossLabExplorerElement], ['losslab-trainer', LossLabTrainerElement]]) {
  if (registry && !registry.get(name)) registry.define(name, element);
}
