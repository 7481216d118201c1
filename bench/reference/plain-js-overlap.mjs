// Plain-JS references of the row-pair losses (dice, tversky, cosine_similarity), in the
// shape of plain-js.mjs's: f(x, y, C) → mean loss over the rows, f.grad(x, y, C, g) → the same,
// writing ∂/∂x into g. Kept apart so that plain-js.mjs stays under 600 lines.

function def(value, grad) {
  value.grad = grad;
  return value;
}

// Row pairs [N, C] (dice, tversky, cosine_similarity): `row` returns row r's loss and, with
// g, writes k·∂l/∂x into it.
function pairwise(row) {
  return def(
    (x, y, C) => {
      const N = x.length / C;
      let s = 0;
      for (let r = 0; r < N; r++) s += row(x, y, r * C, C, null, 0);
      return s / N;
    },
    (x, y, C, g) => {
      const N = x.length / C;
      let s = 0;
      for (let r = 0; r < N; r++) s += row(x, y, r * C, C, g, 1 / N);
      return s / N;
    },
  );
}

// Keras 3 dice per row: 1 − 2Σxy / (Σx + Σy + ε); ∂/∂x = −2y/S + 2I/S²
const dice = pairwise((x, y, o, C, g, k) => {
  let sx = 0, sy = 0, sxy = 0;
  for (let c = 0; c < C; c++) {
    sx += x[o + c];
    sy += y[o + c];
    sxy += x[o + c] * y[o + c];
  }
  const S = sx + sy + 1e-7;
  if (g) for (let c = 0; c < C; c++) g[o + c] = k * (-2 * y[o + c] / S + (2 * sxy) / (S * S));
  return 1 - (2 * sxy) / S;
});

// Keras 3 tversky per row, α = β = ½: 1 − I / (I + α(Σx − I) + β(Σy − I) + ε)
const TA = 0.5, TB = 0.5;
const tversky = pairwise((x, y, o, C, g, k) => {
  let sx = 0, sy = 0, sxy = 0;
  for (let c = 0; c < C; c++) {
    sx += x[o + c];
    sy += y[o + c];
    sxy += x[o + c] * y[o + c];
  }
  const T = sxy + TA * (sx - sxy) + TB * (sy - sxy) + 1e-7;
  if (g) {
    const q = sxy / (T * T);
    for (let c = 0; c < C; c++) g[o + c] = k * (y[o + c] * (q * (1 - TA - TB) - 1 / T) + TA * q);
  }
  return 1 - sxy / T;
});

// Keras CosineSimilarity per row: −Σxy·r_x·r_y, r = 1/√max(Σv², 1e-12)
const cosine_similarity = pairwise((x, y, o, C, g, k) => {
  let sx = 0, sy = 0, sxy = 0;
  for (let c = 0; c < C; c++) {
    sx += x[o + c] * x[o + c];
    sy += y[o + c] * y[o + c];
    sxy += x[o + c] * y[o + c];
  }
  const rx = 1 / Math.sqrt(Math.max(sx, 1e-12)), ry = 1 / Math.sqrt(Math.max(sy, 1e-12));
  if (g) {
    const b = sx >= 1e-12 ? sxy * rx * rx * rx * ry : 0;
    for (let c = 0; c < C; c++) g[o + c] = k * (-rx * ry * y[o + c] + b * x[o + c]);
  }
  return -sxy * rx * ry;
});

export const OVERLAP = { dice, tversky, cosine_similarity };
