// The numbers behind the curve: the loss of one element swept over a range of predictions, as one
// lab.loss call on a Float32Array with reduction 'none'. Pure apart from calling LossLab.

const SAMPLES = 401;

/** Options for a sweep of `length` points: per-element vectors take element `k`'s value. */
export function sweepOptions(options, n, k, length) {
  const out = { ...options, reduction: 'none', grad: false };
  for (const [name, v] of Object.entries(options)) {
    if (!Array.isArray(v)) continue;
    if (v.length === n) out[name] = new Float32Array(length).fill(v[k]);
    else if (v.length !== 1) delete out[name];
  }
  return out;
}

/**
 * The loss of each sweep point for target y; null where the loss is undefined (outside its
 * domain). Returns null when nothing can be drawn (e.g. a target the loss does not accept).
 */
export function sweep(lab, id, optionsFor, xs, y) {
  try {
    return finite(lab.loss(id, xs, new Float32Array(xs.length).fill(y), optionsFor(xs.length)).value);
  } catch (e) {
    if (!(e instanceof lab.LossLabError)) throw e;
    if (!['OUT_OF_DOMAIN', 'NOT_FINITE'].includes(e.code)) return null;
  }
  // Some points are outside the loss's domain: evaluate one at a time and leave gaps.
  const one = new Float32Array(1);
  const target = new Float32Array([y]);
  const options = optionsFor(1);
  const out = Array.from(xs, (x) => {
    one[0] = x;
    try {
      return lab.loss(id, one, target, options).value[0];
    } catch {
      return null;
    }
  });
  return out.some((v) => v !== null) ? finite(out) : null;
}

const finite = (values) => Array.from(values, (v) => (v !== null && Number.isFinite(v) ? v : null));

export function linspace(lo, hi, n) {
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
  return xs;
}

/** The main curve and its sweep, narrowed to the loss's domain when the first try had gaps. */
export function mainCurve(lab, info, optionsFor, points, y) {
  let span = 3;
  for (const p of points) span = Math.max(span, Math.abs(p.x - y) * 1.3);
  let xs = linspace(y - span, y + span, SAMPLES);
  let ys = sweep(lab, info.id, optionsFor, xs, y);
  if (!ys) return null;
  const first = ys.findIndex((v) => v !== null);
  const last = ys.length - 1 - [...ys].reverse().findIndex((v) => v !== null);
  if (first > 0 || last < ys.length - 1) {
    xs = linspace(xs[first], xs[last], SAMPLES);
    ys = sweep(lab, info.id, optionsFor, xs, y) ?? ys;
  }
  return { xs, ys };
}

/** A y-range that shows the interesting part: steep walls (log losses) are cut at the 95th percentile. */
export function yRange(ys, points) {
  const values = ys.filter((v) => v !== null).sort((a, b) => a - b);
  if (!values.length) return [0, 1];
  const q = values[Math.floor(0.95 * (values.length - 1))];
  const top = Math.max(q, ...points.map((p) => p.y * 1.2), 1e-6);
  const bottom = Math.min(0, values[0]);
  return [bottom, top + (top - bottom) * 0.05];
}
