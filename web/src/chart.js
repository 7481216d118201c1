// uPlot (and its CSS), imported once for the whole page. main.js makes the one loader and hands
// it to every chart (the explorer's curve, the trainer's loss chart); no other module imports
// 'uplot' (tests/web/chart.test.mjs), and the built page holds one import() of the uPlot chunk
// (tests/e2e/build.test.mjs). Every chart awaits the same promise, so a chunk that fails to load
// or to evaluate reaches each of them as the same rejection, and each shows its fallback.
//
// Why one import() and not one per chart (issue 19): WebKit (seen in WebKitGTK 2.50) settles a
// later import() of a module whose evaluation threw with that module's namespace instead of the
// evaluation's error. When uPlot's evaluation threw (see uplotDefaultLocale in vite.config.js),
// the trainer's own import() got a namespace whose hoisted uPlot function ran over module
// variables never initialised ("bt is not a function"), inside the trainer's set-up.

/** Returns `load()`: a promise of the uPlot constructor, started on the first call. */
export function createChartLoader() {
  let loading = null;
  return function load() {
    loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
    return loading;
  };
}
