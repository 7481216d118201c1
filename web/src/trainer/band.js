// A one-input network's prediction as a curve, and for a (mean, variance) head (gaussian_nll)
// also its ±σ band. Pure; used by the worker (to split predict's rows) and the plot (to draw).

/**
 * predict's floats for the curve's x points: one per point, or `width` = 2 (mean, variance)
 * per point for a regression head of two outputs.
 * @returns {{ curve: Float32Array, band: Float32Array|null }}  band: σ = √variance per point
 */
export function splitPrediction(pred, width) {
  if (width !== 2) return { curve: pred, band: null };
  const n = pred.length / 2;
  const curve = new Float32Array(n);
  const band = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    curve[i] = pred[2 * i];
    band[i] = Math.sqrt(Math.max(0, pred[2 * i + 1]));
  }
  return { curve, band };
}

/** Hex colour → rgba() with `alpha`. */
function translucent(hex, alpha) {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

/**
 * Fills mean ± σ between the curve's points on `ctx` (x at `xAt(i)`, data → pixels by `toPixel`).
 */
export function fillBand(ctx, ys, sigma, xAt, toPixel, colour) {
  ctx.beginPath();
  for (let i = 0; i < ys.length; i++) {
    const [px, py] = toPixel(xAt(i), ys[i] + sigma[i]);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  for (let i = ys.length - 1; i >= 0; i--) {
    const [px, py] = toPixel(xAt(i), ys[i] - sigma[i]);
    ctx.lineTo(px, py);
  }
  ctx.closePath();
  ctx.fillStyle = translucent(colour, 0.16);
  ctx.fill();
}
