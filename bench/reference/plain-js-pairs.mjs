// Plain JavaScript loops for the pair losses (x1 against x2 with a ±1 label per pair), as
// plain-js.mjs's: the catalogue's default options, 'mean' reduction, f64 accumulators.
//   f(x1, x2, y, D)    f.grad(x1, x2, y, D, g1, g2)    (D = 1: margin_ranking's scores)

function def(value, grad) {
  value.grad = grad;
  return value;
}

/** nn.MarginRankingLoss(margin 0): max(0, −y·(x1 − x2)); ∂/∂x1 = −y where that is ≥ 0. */
export const margin_ranking = def(
  (x1, x2, y) => {
    let s = 0;
    for (let i = 0; i < x1.length; i++) {
      const z = -y[i] * (x1[i] - x2[i]);
      if (z > 0) s += z;
    }
    return s / x1.length;
  },
  (x1, x2, y, D, g1, g2) => {
    const n = x1.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = -y[i] * (x1[i] - x2[i]);
      const f = z >= 0 ? -y[i] * k : 0;
      if (z > 0) s += z;
      g1[i] = f;
      g2[i] = -f;
    }
    return s / n;
  },
);

/** nn.CosineEmbeddingLoss(margin 0) on rows of D: 1 − cos for +1, max(0, cos) for −1. */
const COS_EPS = Math.fround(1e-12);
export const cosine_embedding = def(
  (x1, x2, y, D) => {
    const N = x1.length / D;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += D) {
      let p = 0;
      let s1 = COS_EPS;
      let s2 = COS_EPS;
      for (let j = 0; j < D; j++) {
        p += x1[o + j] * x2[o + j];
        s1 += x1[o + j] * x1[o + j];
        s2 += x2[o + j] * x2[o + j];
      }
      const cos = p / Math.sqrt(s1 * s2);
      s += y[r] > 0 ? 1 - cos : Math.max(cos, 0);
    }
    return s / N;
  },
  (x1, x2, y, D, g1, g2) => {
    const N = x1.length / D;
    const k = 1 / N;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += D) {
      let p = 0;
      let s1 = COS_EPS;
      let s2 = COS_EPS;
      for (let j = 0; j < D; j++) {
        p += x1[o + j] * x2[o + j];
        s1 += x1[o + j] * x1[o + j];
        s2 += x2[o + j] * x2[o + j];
      }
      const root = Math.sqrt(s1 * s2);
      const cos = p / root;
      const sign = y[r] > 0 ? -1 : cos >= 0 ? 1 : 0;
      s += y[r] > 0 ? 1 - cos : Math.max(cos, 0);
      const a = (sign * k) / root;
      const b1 = (-sign * k * cos) / s1;
      const b2 = (-sign * k * cos) / s2;
      for (let j = 0; j < D; j++) {
        g1[o + j] = a * x2[o + j] + b1 * x1[o + j];
        g2[o + j] = a * x1[o + j] + b2 * x2[o + j];
      }
    }
    return s / N;
  },
);
