// uPlot (and its CSS), imported once for the whole page. main.js makes the one loader and hands
// it to every chart (the explorer's curve, the trainer's loss chart); no other module imports
// 'uplot' (tests/web/chart.test.mjs checks that, and the e2e suite that the built page holds a
// single import() of the uPlot chunk). Every chart awaits the same promise, so a chunk that
// fails to load or evaluate reaches each of them as a rejection.
//
// Why one import() and not one per chart: WebKit (WebKitGTK 2.50, Safari's JavaScriptCore before
// its module-loader rewrite) settles a later import() of a module whose evaluation threw with
// the module's namespace instead of the evaluation error. A second chart importing uPlot itself
// then got a namespace whose hoisted functions run over variables that were never initialised
// ("bt is not a function"), thrown inside the trainer's set-up (issue 19).

/** Returns `load()`: a promise of the uPlot constructor, started on the first call. */
export function createChartLoader() {
  let loading = null;
  return function load() {
    loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
    return loading;
  };
}
