// The loss landscape's scale (pure; unit-tested): a grid of losses → positions in [0, 1] on a
// log scale, a sequential colour map, and contour lines by marching squares.

/** Colour stops (viridis, reversed: low loss is the bright valley floor, high loss is dark). */
const STOPS = [
  [253, 231, 37], [122, 209, 81], [34, 168, 132], [42, 120, 142], [65, 68, 135], [68, 1, 84],
];

/**
 * The range the colours span: the finite losses' minimum and maximum, and whether a log scale
 * is used (when every loss is > 0 and they span more than a factor of 3).
 * @param {Float32Array|number[]} grid
 */
export function landscapeRange(grid) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of grid) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 1, log: false, empty: true };
  return { min, max, log: min > 0 && max / min > 3, empty: false };
}

/** A loss → its place in the range, 0 (lowest) … 1 (highest); NaN stays NaN. */
export function landscapePosition(v, range) {
  if (!Number.isFinite(v)) return NaN;
  const { min, max, log } = range;
  if (max === min) return 0;
  const t = log ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min);
  return Math.min(1, Math.max(0, t));
}

/** A place in [0, 1] → [r, g, b]; NaN → a neutral grey. */
export function landscapeColour(t) {
  if (!Number.isFinite(t)) return [200, 200, 200];
  const x = t * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - k;
  return STOPS[k].map((c, i) => Math.round(c + (STOPS[k + 1][i] - c) * f));
}

/**
 * Contour segments of a size × size field of positions (row-major, row 0 first) at each level:
 * [[x0, y0, x1, y1], …] in cell-centre coordinates (0 … size − 1). Marching squares; a cell
 * with a NaN corner is skipped; saddles are split by the cell's mean.
 */
export function contourSegments(field, size, levels) {
  const out = [];
  const at = (i, j) => field[i * size + j];
  for (const level of levels) {
    for (let i = 0; i + 1 < size; i++) {
      for (let j = 0; j + 1 < size; j++) {
        const a = at(i, j); // top left
        const b = at(i, j + 1); // top right
        const c = at(i + 1, j + 1); // bottom right
        const d = at(i + 1, j); // bottom left
        if (![a, b, c, d].every(Number.isFinite)) continue;
        const code = (a > level ? 8 : 0) | (b > level ? 4 : 0) | (c > level ? 2 : 0) | (d > level ? 1 : 0);
        if (code === 0 || code === 15) continue;
        const lerp = (p, q) => (p === q ? 0.5 : (level - p) / (q - p));
        const top = [j + lerp(a, b), i];
        const right = [j + 1, i + lerp(b, c)];
        const bottom = [j + lerp(d, c), i + 1];
        const left = [j, i + lerp(a, d)];
        const push = (p, q) => out.push([p[0], p[1], q[0], q[1]]);
        switch (code) {
          case 1: case 14: push(left, bottom); break;
          case 2: case 13: push(bottom, right); break;
          case 3: case 12: push(left, right); break;
          case 4: case 11: push(top, right); break;
          case 6: case 9: push(top, bottom); break;
          case 7: case 8: push(left, top); break;
          case 5: case 10: {
            const high = (a + b + c + d) / 4 > level;
            if ((code === 5) === high) { push(left, top); push(bottom, right); } else { push(left, bottom); push(top, right); }
            break;
          }
          default: break;
        }
      }
    }
  }
  return out;
}
