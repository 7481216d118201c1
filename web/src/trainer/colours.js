// Colours of the trainer's plots (pure; unit-tested, including under simulated colour-vision
// deficiencies: tests/web/trainer.test.mjs). Two palettes designed for colour-blind viewers:
//   two classes, and the sign of a regression value: ColorBrewer's PuOr (orange–white–purple,
//     marked colour-blind safe by ColorBrewer), its 4-class ends #e66101 and #5e3c99 — orange
//     for class 0 / below zero, as in TensorFlow Playground, purple for class 1 / above zero;
//   three to eight classes: Paul Tol's "muted" qualitative scheme, ordered so that the first k
//     stay furthest apart (ColorBrewer has no qualitative scheme safe beyond 3–4 classes, and
//     viridis/cividis tell classes apart by lightness, which the background already uses for
//     how sure the network is).
// Under simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009) any two colours
// of a palette stay at least ΔE2000 11 apart (the two PuOr ends: 38). The background is a light
// tint of them (paler where the network is unsure); points are drawn in the full colours with a
// dark outline, so they stand out on any tint. Figures stay on white paper in dark mode too.

/** Two classes, and the two signs of a regression value (ColorBrewer PuOr). */
export const BINARY_COLOURS = Object.freeze(['#e66101', '#5e3c99']);
/** Three to eight classes (Paul Tol's muted scheme). */
export const MULTI_COLOURS = Object.freeze(['#332288', '#ddcc77', '#88ccee', '#117733', '#cc6677', '#999933', '#44aa99', '#882255']);
/** The two runs of Compare (lines and swatches on light paper). */
export const RUN_COLOURS = ['#1d4ed8', '#c2410c'];
/** Outlines and text drawn over the plots. */
export const INK = '#1f2937';

/** '#1d4ed8' → [29, 78, 216]. */
export function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const BINARY_RGB = BINARY_COLOURS.map(rgb);
const MULTI_RGB = MULTI_COLOURS.map(rgb);
const GREY = [156, 163, 175];

/** The palette for data with `classes` classes. */
export function classColours(classes = 2) {
  return classes > 2 ? MULTI_COLOURS : BINARY_COLOURS;
}
const wrap = (k, n) => ((k % n) + n) % n;
/** Class k's colour when the data has `classes` classes. */
export function classColour(k, classes = 2) {
  const list = classColours(classes);
  return list[wrap(k, list.length)];
}
const classRgb = (k, classes) => (classes > 2 ? MULTI_RGB[wrap(k, MULTI_RGB.length)] : BINARY_RGB[wrap(k, 2)]);

/** How strong the background tint gets (0 white … 1 the full colour): points stay readable. */
const MAX_TINT = 0.42;

function tint(out, o, colour, t) {
  out[o] = 255 + (colour[0] - 255) * t;
  out[o + 1] = 255 + (colour[1] - 255) * t;
  out[o + 2] = 255 + (colour[2] - 255) * t;
  out[o + 3] = 255;
}

/**
 * One network output → a background colour, written into `out` (RGBA) at `o`.
 *   binary: P(class 1) — orange below ½, purple above, white at ½
 *   multiclass (and triplet's nearest centroid): k + 0.999·p — class k's colour, stronger as p grows
 *   regression: the value against `scale` — orange negative, purple positive
 */
export function paintCell(out, o, v, kind, classes, scale) {
  if (!Number.isFinite(v)) {
    tint(out, o, GREY, 0.5);
    return;
  }
  if (kind === 'binary') {
    const d = Math.min(1, Math.max(0, v)) * 2 - 1;
    tint(out, o, BINARY_RGB[d < 0 ? 0 : 1], Math.abs(d) * MAX_TINT);
  } else if (kind === 'multiclass') {
    const k = Math.floor(v);
    const p = Math.min(1, (v - k) / 0.999);
    const chance = 1 / Math.max(2, classes);
    const t = 0.12 + (MAX_TINT - 0.12) * Math.max(0, (p - chance) / (1 - chance));
    tint(out, o, classRgb(k, classes), t);
  } else {
    const d = Math.max(-1, Math.min(1, v / (scale || 1)));
    tint(out, o, BINARY_RGB[d < 0 ? 0 : 1], Math.abs(d) * MAX_TINT);
  }
}

/** A whole grid → RGBA pixels (`out` has 4 bytes per cell). */
export function paintGrid(grid, out, kind, classes, scale) {
  for (let i = 0; i < grid.length; i++) paintCell(out, i * 4, grid[i], kind, classes, scale);
  return out;
}

/** A point's fill for regression data: the same scale, stronger. */
export function valueColour(v, scale) {
  const d = Math.max(-1, Math.min(1, v / (scale || 1)));
  const c = BINARY_RGB[d < 0 ? 0 : 1];
  const t = 0.25 + 0.75 * Math.abs(d);
  return `rgb(${Math.round(255 + (c[0] - 255) * t)}, ${Math.round(255 + (c[1] - 255) * t)}, ${Math.round(255 + (c[2] - 255) * t)})`;
}
