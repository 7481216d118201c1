// Plain JavaScript loops over Float32Array: what someone writes by hand without a library.
// One function per loss and mode, the catalogue's default options, 'mean' reduction, the
// same semantics as LossLab (CONTRACT.md): value-only `f(...)` returns the loss; `f.grad`
// also writes d(loss)/d(input) into `g` (preallocated, like LossLab's gradInto) and returns
// the loss. Accumulators are JS numbers (f64), as a hand-written loop naturally has.
//
// Element-wise: f(x, y)            f.grad(x, y, g)
// Rows [N, C]:  f(z, labels, C)    f.grad(z, labels, C, g)     labels: Int32Array
// Triplet:      f(a, p, n, D)      f.grad(a, p, n, D, ga, gp, gn)
//
// The loops repeat one another on purpose: each is the standalone loop a user would write for
// that one loss, so the bench times that, not a shared helper called per element (`duplicates`
// lists them; folding them together would change what is measured).
//
// Pairs:        f(x1, x2, y, D)    f.grad(x1, x2, y, D, g1, g2)  (plain-js-pairs.mjs)
// Row pairs:    f(x, y, C)         f.grad(x, y, C, g)          (plain-js-overlap.mjs)

import { margin_ranking, cosine_embedding } from './plain-js-pairs.mjs';
import { OVERLAP } from './plain-js-overlap.mjs';

const LN2 = Math.LN2;

function def(value, grad) {
  value.grad = grad;
  return value;
}

// ---- regression -------------------------------------------------------------------------

export const mse = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      s += d * d;
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 2 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - y[i];
      s += d * d;
      g[i] = k * d;
    }
    return s / n;
  },
);

export const mae = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - y[i];
      s += Math.abs(d);
      g[i] = d > 0 ? k : d < 0 ? -k : 0;
    }
    return s / n;
  },
);

const DELTA = 1;
export const huber = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      const a = Math.abs(d);
      s += a < DELTA ? 0.5 * d * d : DELTA * (a - 0.5 * DELTA);
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - y[i];
      const a = Math.abs(d);
      s += a < DELTA ? 0.5 * d * d : DELTA * (a - 0.5 * DELTA);
      g[i] = k * (d > DELTA ? DELTA : d < -DELTA ? -DELTA : d);
    }
    return s / n;
  },
);

export const log_cosh = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i] - y[i]);
      s += a + Math.log1p(Math.exp(-2 * a)) - LN2;
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - y[i];
      const a = Math.abs(d);
      s += a + Math.log1p(Math.exp(-2 * a)) - LN2;
      g[i] = k * Math.tanh(d);
    }
    return s / n;
  },
);

// ---- binary -----------------------------------------------------------------------------

/** log(1 + e^{−|x|}) + max(x, 0) − x·y: BCE on a logit without overflow. */
export const bce_with_logits = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      s += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const e = Math.exp(-Math.abs(v));
      s += Math.max(v, 0) - v * y[i] + Math.log1p(e);
      const p = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      g[i] = k * (p - y[i]);
    }
    return s / n;
  },
);

/** F.binary_cross_entropy: logs clamped at −100; gradient (p − y) / max(p(1 − p), 1e-12). */
export const bce = def(
  (p, y) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const q = p[i];
      const t = y[i];
      s -= t * Math.max(Math.log(q), -100) + (1 - t) * Math.max(Math.log(1 - q), -100);
    }
    return s / p.length;
  },
  (p, y, g) => {
    const n = p.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const q = p[i];
      const t = y[i];
      s -= t * Math.max(Math.log(q), -100) + (1 - t) * Math.max(Math.log(1 - q), -100);
      g[i] = (k * (q - t)) / Math.max(q * (1 - q), 1e-12);
    }
    return s / n;
  },
);

/** mean(max(0, 1 − y·x)), labels 0/1 mapped to −1/+1. */
export const hinge = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const t = y[i] === 0 ? -1 : y[i];
      const m = 1 - t * x[i];
      if (m > 0) s += m;
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = y[i] === 0 ? -1 : y[i];
      const m = 1 - t * x[i];
      if (m > 0) {
        s += m;
        g[i] = -k * t;
      } else {
        g[i] = 0;
      }
    }
    return s / n;
  },
);

/** torchvision sigmoid_focal_loss, α = 0.25, γ = 2, labels 0/1. */
const F_ALPHA = 0.25;
export const binary_focal = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const t = y[i];
      const e = Math.exp(-Math.abs(v));
      const ce = Math.max(v, 0) - v * t + Math.log1p(e);
      const p = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      const pt = p * t + (1 - p) * (1 - t);
      const m = 1 - pt;
      s += (F_ALPHA * t + (1 - F_ALPHA) * (1 - t)) * ce * m * m;
    }
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = y[i];
      const e = Math.exp(-Math.abs(v));
      const ce = Math.max(v, 0) - v * t + Math.log1p(e);
      const p = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      const q = p * t + (1 - p) * (1 - t); // p_t
      const m = 1 - q;
      const at = F_ALPHA * t + (1 - F_ALPHA) * (1 - t);
      s += at * ce * m * m;
      // d/dx of α_t (1 − q)^2 (−log q), dq/dx = ±q(1 − q), log q = −ce
      const sign = t > 0.5 ? 1 : -1;
      g[i] = k * at * sign * (-2 * q * m * m * ce - m * m * m);
    }
    return s / n;
  },
);

// ---- multiclass (rows [N, C], class indices) --------------------------------------------

/** F.cross_entropy: logsumexp(z) − z_y per row; gradient softmax − onehot. */
export const cross_entropy = def(
  (z, labels, C) => {
    const N = labels.length;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(z[o + c] - m);
      s += m + Math.log(sum) - z[o + labels[r]];
    }
    return s / N;
  },
  (z, labels, C, g) => {
    const N = labels.length;
    const k = 1 / N;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(z[o + c] - m);
        g[o + c] = e;
        sum += e;
      }
      const y = labels[r];
      s += m + Math.log(sum) - z[o + y];
      const inv = k / sum;
      for (let c = 0; c < C; c++) g[o + c] *= inv;
      g[o + y] -= k;
    }
    return s / N;
  },
);

/** Multi-class focal from logits, γ = 2, no α: −(1 − p_y)^2 log p_y. */
export const focal = def(
  (z, labels, C) => {
    const N = labels.length;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(z[o + c] - m);
      const lp = z[o + labels[r]] - m - Math.log(sum);
      const q = 1 - Math.exp(lp);
      s -= q * q * lp;
    }
    return s / N;
  },
  (z, labels, C, g) => {
    const N = labels.length;
    const k = 1 / N;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += C) {
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(z[o + c] - m);
        g[o + c] = e;
        sum += e;
      }
      const y = labels[r];
      const lse = m + Math.log(sum);
      const lp = z[o + y] - lse;
      const py = Math.exp(lp);
      const q = 1 - py;
      s -= q * q * lp;
      // dl/dlp = 2(1 − p_y) p_y lp − (1 − p_y)^2;  dlp/dz_c = [c = y] − p_c
      const dl = k * (2 * q * py * lp - q * q);
      const inv = 1 / sum;
      for (let c = 0; c < C; c++) g[o + c] = -dl * g[o + c] * inv;
      g[o + y] += dl;
    }
    return s / N;
  },
);

/** F.nll_loss on log-probabilities: −mean(z[i, y_i]). */
export const nll = def(
  (z, labels, C) => {
    const N = labels.length;
    let s = 0;
    for (let r = 0; r < N; r++) s -= z[r * C + labels[r]];
    return s / N;
  },
  (z, labels, C, g) => {
    const N = labels.length;
    let s = 0;
    g.fill(0);
    for (let r = 0; r < N; r++) {
      s -= z[r * C + labels[r]];
      g[r * C + labels[r]] = -1 / N;
    }
    return s / N;
  },
);

// ---- embedding --------------------------------------------------------------------------

const T_MARGIN = 1;
const T_EPS = 1e-6;
/** nn.TripletMarginLoss(margin 1, p 2, eps 1e-6): ‖a − p + eps‖ − ‖a − n + eps‖ + 1, ≥ 0. */
export const triplet_margin = def(
  (a, p, n, D) => {
    const N = a.length / D;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += D) {
      let dp = 0;
      let dn = 0;
      for (let j = 0; j < D; j++) {
        const u = a[o + j] - p[o + j] + T_EPS;
        const v = a[o + j] - n[o + j] + T_EPS;
        dp += u * u;
        dn += v * v;
      }
      const l = Math.sqrt(dp) - Math.sqrt(dn) + T_MARGIN;
      if (l > 0) s += l;
    }
    return s / N;
  },
  (a, p, n, D, ga, gp, gn) => {
    const N = a.length / D;
    const k = 1 / N;
    let s = 0;
    for (let r = 0, o = 0; r < N; r++, o += D) {
      let dp = 0;
      let dn = 0;
      for (let j = 0; j < D; j++) {
        const u = a[o + j] - p[o + j] + T_EPS;
        const v = a[o + j] - n[o + j] + T_EPS;
        dp += u * u;
        dn += v * v;
      }
      dp = Math.sqrt(dp);
      dn = Math.sqrt(dn);
      const l = dp - dn + T_MARGIN;
      if (l > 0) {
        s += l;
        const kp = k / dp;
        const kn = k / dn;
        for (let j = 0; j < D; j++) {
          const u = (a[o + j] - p[o + j] + T_EPS) * kp;
          const v = (a[o + j] - n[o + j] + T_EPS) * kn;
          ga[o + j] = u - v;
          gp[o + j] = -u;
          gn[o + j] = v;
        }
      } else {
        for (let j = 0; j < D; j++) ga[o + j] = gp[o + j] = gn[o + j] = 0;
      }
    }
    return s / N;
  },
);

// ---- custom: the expression the bench uses, hand-written ----------------------------------

export const CUSTOM_EXPR = 'abs(x - y)^1.5';
export const custom = def(
  (x, y) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.pow(Math.abs(x[i] - y[i]), 1.5);
    return s / x.length;
  },
  (x, y, g) => {
    const n = x.length;
    const k = 1.5 / n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x[i] - y[i];
      const a = Math.abs(d);
      const r = Math.sqrt(a);
      s += a * r;
      g[i] = d > 0 ? k * r : d < 0 ? -k * r : 0;
    }
    return s / n;
  },
);

// ---- the second half (issue 13), part a ------------------------------------------------

/** An element-wise loss from its term: term(x, y) → [l, ∂l/∂x]; 'mean' reduction. */
function elementwise(term) {
  return def(
    (x, y) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += term(x[i], y[i])[0];
      return s / x.length;
    },
    (x, y, g) => {
      const n = x.length;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const [l, d] = term(x[i], y[i]);
        s += l;
        g[i] = d / n;
      }
      return s / n;
    },
  );
}

const Q = 0.5;
export const quantile = elementwise((x, y) => {
  const d = y - x;
  return d >= 0 ? [Q * d, -Q] : [(Q - 1) * d, 1 - Q];
});

export const mape = elementwise((x, y) => {
  const k = 100 / Math.max(Math.abs(y), 1e-7);
  const d = x - y;
  return [Math.abs(d) * k, d > 0 ? k : d < 0 ? -k : 0];
});

export const poisson_nll = elementwise((x, y) => {
  const e = Math.exp(x);
  return [e - y * x, e - y];
});

export const soft_margin = elementwise((x, y) => {
  const s = y > 0 ? 1 : -1;
  const z = -s * x; // softplus(z), its derivative σ(z)
  const sp = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  return [sp, -s / (1 + Math.exp(-z))];
});

export const hinge_embedding = elementwise((x, y) => (y > 0 ? [x, 1] : 1 - x >= 0 ? [1 - x, -1] : [0, 0]));

/** Rows (μ, v) against one value each. */
export const gaussian_nll = def(
  (x, y) => {
    let s = 0;
    for (let r = 0; r < y.length; r++) {
      const v = Math.max(x[2 * r + 1], 1e-6);
      const d = x[2 * r] - y[r];
      s += 0.5 * (Math.log(v) + (d * d) / v);
    }
    return s / y.length;
  },
  (x, y, g) => {
    const N = y.length;
    let s = 0;
    for (let r = 0; r < N; r++) {
      const v = Math.max(x[2 * r + 1], 1e-6);
      const d = x[2 * r] - y[r];
      s += 0.5 * (Math.log(v) + (d * d) / v);
      g[2 * r] = d / v / N;
      g[2 * r + 1] = (0.5 * (1 - (d * d) / v)) / v / N;
    }
    return s / N;
  },
);

/** A rows loss from its row: row(z, offset, C, y, g | null, scale) → l. */
function rowwise(row) {
  return def(
    (z, labels, C) => {
      let s = 0;
      for (let r = 0; r < labels.length; r++) s += row(z, r * C, C, labels[r], null, 0);
      return s / labels.length;
    },
    (z, labels, C, g) => {
      let s = 0;
      for (let r = 0; r < labels.length; r++) s += row(z, r * C, C, labels[r], g, 1 / labels.length);
      return s / labels.length;
    },
  );
}

// Keras: neg = max_c (1 − t_c)·z_c (the true class's entry 0), l = max(0, 1 + neg − z_y)
export const categorical_hinge = rowwise((z, o, C, y, g, k) => {
  let neg = -Infinity;
  for (let c = 0; c < C; c++) neg = Math.max(neg, c === y ? 0 : z[o + c]);
  const h = 1 + neg - z[o + y];
  if (g) {
    let ties = 0;
    for (let c = 0; c < C; c++) ties += (c === y ? 0 : z[o + c]) === neg ? 1 : 0;
    for (let c = 0; c < C; c++) {
      const top = c !== y && z[o + c] === neg ? 1 / ties : 0;
      g[o + c] = h >= 0 ? k * (top - (c === y ? 1 : 0)) : 0;
    }
  }
  return Math.max(h, 0);
});

// one-hot targets from the labels: (1/C)·Σ_c softplus(z_c) − y_c·z_c
export const multilabel_soft_margin = rowwise((z, o, C, y, g, k) => {
  let s = 0;
  for (let c = 0; c < C; c++) {
    const x = z[o + c];
    const t = c === y ? 1 : 0;
    s += Math.max(x, 0) - t * x + Math.log1p(Math.exp(-Math.abs(x)));
    if (g) g[o + c] = (k * (1 / (1 + Math.exp(-x)) - t)) / C;
  }
  return s / C;
});

// one label per row: (1/C)·Σ_{c≠y} max(0, 1 − z_y + z_c)
export const multilabel_margin = rowwise((z, o, C, y, g, k) => {
  let s = 0;
  if (g) for (let c = 0; c < C; c++) g[o + c] = 0;
  for (let c = 0; c < C; c++) {
    if (c === y) continue;
    const m = 1 - z[o + y] + z[o + c];
    if (m > 0) {
      s += m;
      if (g) {
        g[o + c] += k / C;
        g[o + y] -= k / C;
      }
    }
  }
  return s / C;
});

export const PLAIN_JS = {
  margin_ranking,
  cosine_embedding,
  ...OVERLAP,
  quantile,
  mape,
  poisson_nll,
  gaussian_nll,
  soft_margin,
  hinge_embedding,
  categorical_hinge,
  multilabel_soft_margin,
  multilabel_margin,
  mse,
  mae,
  huber,
  log_cosh,
  bce_with_logits,
  bce,
  hinge,
  binary_focal,
  cross_entropy,
  focal,
  nll,
  triplet_margin,
  custom,
};
