// CommonJS entry: `const { createLossLab } = require('losslab')`. The library is ESM; loading
// is asynchronous anyway, so this defers to it with a dynamic import.
'use strict';

function createLossLab(options) {
  return import('./node.js').then((m) => m.createLossLab(options));
}

function compileLossLab(options) {
  return import('./node.js').then((m) => m.compileLossLab(options));
}

module.exports = createLossLab;
module.exports.createLossLab = createLossLab;
module.exports.compileLossLab = compileLossLab;
module.exports.default = createLossLab;
