// What every LossLab element on a page shares: one compiled wasm module and one LossLab over it
// (a trainer's worker instantiates the same module, posted to it: no second download or
// compile), one uPlot loader, and the style sheets adopted by each shadow root.
import { compileLossLab, createLossLab } from 'losslab';
import { createChartLoader } from '../chart.js';
import { hostCss } from './host-css.js';
import pageCss from '../styles.css?inline';
import elementsCss from './elements.css?inline';
// uPlot's style sheet as text (scripts/build-elements.mjs provides it; chart.js stays the one
// importer of uPlot, whose own style sheet import is left out of the elements' build).
import chartCss from 'virtual:losslab-chart-css';

let shared = null;
/** { compiled, lab }: loaded on the first call, by the first element that connects. */
export function sharedLab() {
  shared ??= compileLossLab().then(async (compiled) => ({ compiled, lab: await createLossLab({ compiled }) }));
  return shared;
}

/** The elements' one uPlot import (chart.js), shared by every chart of every element. */
export const loadChart = createChartLoader();

const sheets = new Map();
/** A constructable style sheet, made once per text and adopted by every shadow root that needs
 *  it: no <style> elements and no style attributes, so a strict CSP (style-src 'self') allows it. */
function sheetOf(text) {
  let sheet = sheets.get(text);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    sheets.set(text, sheet);
  }
  return sheet;
}

// The page's style sheet on the host, uPlot's, then the elements' own rules (host, layout by
// the element's width, compact, controls="none").
const BASE = [hostCss(pageCss), chartCss, elementsCss];

/** Adopts the base style sheets and `extra` (texts) into `root`, after any it has. */
export function adopt(root, ...extra) {
  const wanted = [...BASE, ...extra].map(sheetOf);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => !wanted.includes(s)), ...wanted];
}
