// Colours of the trainer's plots (pure; unit-tested): one colour per class (orange and blue for
// two classes, as TensorFlow Playground), light tints of them for the background, and a
// diverging orange–white–blue scale for regression values.

/** Class colours, distinguishable and dark enough for white outlines (WCAG 3:1 on white). */
export const CLASS_COLOURS = ['#c2410c', '#1d4ed8', '#15803d', '#7e22ce', '#a16207', '#0e7490', '#be185d', '#3f3f46'];
/** The two runs of Compare. */
export const RUN_COLOURS = ['#1d4ed8', '#c2410c'];

/** '#1d4ed8' → [29, 78, 216]. */
export function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const CLASS_RGB = CLASS_COLOURS.map(rgb);
const GREY = [156, 163, 175];

const wrap = (k) => ((k % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length;
export function classColour(k) {
  return CLASS_COLOURS[wrap(k)];
}

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
 *   binary: P(class 1) — orange below ½, blue above, white at ½
 *   multiclass (and triplet's nearest centroid): k + 0.999·p — class k's colour, stronger as p grows
 *   regression: the value against `scale` — orange negative, blue positive
 */
export function paintCell(out, o, v, kind, classes, scale) {
  if (!Number.isFinite(v)) {
    tint(out, o, GREY, 0.5);
    return;
  }
  if (kind === 'binary') {
    const d = Math.min(1, Math.max(0, v)) * 2 - 1;
    tint(out, o, CLASS_RGB[d < 0 ? 0 : 1], Math.abs(d) * MAX_TINT);
  } else if (kind === 'multiclass') {
    const k = Math.floor(v);
    const p = Math.min(1, (v - k) / 0.999);
    const chance = 1 / Math.max(2, classes);
    const t = 0.12 + (MAX_TINT - 0.12) * Math.max(0, (p - chance) / (1 - chance));
    tint(out, o, CLASS_RGB[wrap(k)], t);
  } else {
    const d = Math.max(-1, Math.min(1, v / (scale || 1)));
    tint(out, o, CLASS_RGB[d < 0 ? 0 : 1], Math.abs(d) * MAX_TINT);
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
  const c = CLASS_RGB[d < 0 ? 0 : 1];
  const t = 0.25 + 0.75 * Math.abs(d);
  return `rgb(${Math.round(255 + (c[0] - 255) * t)}, ${Math.round(255 + (c[1] - 255) * t)}, ${Math.round(255 + (c[2] - 255) * t)})`;
}
