// `losslab` inside dist/trainer-worker.js: createLossLab({ compiled }) over the wasm glue bundled
// into the worker. The elements always post the module they compiled (shared.js), so the worker
// neither downloads nor compiles the .wasm, and needs no URL for it. Both flavours' glue is the
// same code but for the .wasm's name, which is never used here (instantiateWasm is given).
import factory from 'losslab-glue';
import { createLab } from '../../../wasm/js/lab.js';

export default async function createLossLab({ compiled } = {}) {
  if (!compiled?.module) throw new Error('losslab: the elements\' trainer worker needs the module compiled by the page');
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = await Promise.race([
    factory({
      locateFile: (name) => name,
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(compiled.module, imports).then((instance) => receive(instance), failed);
        return {};
      },
    }),
    failure,
  ]);
  return createLab(module, { simd: compiled.simd });
}
