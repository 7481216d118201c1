// The loss tables' data: one deterministic data set per kind (reg | bin | counts | gauss |
// rows | trip | overlap | rank | cos) and size, shared by every implementation.
import { seededRandom } from './reference/playground-nn.mjs';
import { CLASSES, DIM, PAIR_DIM } from './losses.mjs';

function normals(random, n, scale = 1, shift = 0) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = shift + scale * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = shift + scale * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** The data of one kind at one size (element count n), deterministic. */
export function makeData(kind, n, seed = 7) {
  const random = seededRandom(seed * 1000003 + n);
  switch (kind) {
    case 'reg': {
      const x = normals(random, n);
      const y = normals(random, n);
      return { kind, n, shape: [n], x, y };
    }
    case 'bin': {
      const logits = normals(random, n, 2);
      const labels = new Float32Array(n);
      const probs = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = random() < 0.5 ? 0 : 1;
        probs[i] = Math.min(1 - 1e-6, Math.max(1e-6, 1 / (1 + Math.exp(-logits[i]))));
      }
      // derived, no further draws: ±1 labels, and distances |logit| (hinge_embedding)
      const signs = labels.map((l) => 2 * l - 1);
      const dist = logits.map(Math.abs);
      return { kind, n, shape: [n], logits, labels, probs, signs, dist };
    }
    case 'counts': {  // log-rates and Poisson counts drawn at rate e^{x + noise}
      const logRates = normals(random, n, 0.5, 1);
      const counts = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const limit = Math.exp(-Math.exp(logRates[i] + 0.3 * (random() - 0.5)));
        let k = 0;
        for (let p = random(); p > limit; p *= random()) k++;
        counts[i] = k;
      }
      return { kind, n, shape: [n], logRates, counts };
    }
    case 'gauss': {  // rows (mean, variance) and one value per row
      const rows = n / 2;
      const meanVar = new Float32Array(n);
      const means = normals(random, rows);
      const y = normals(random, rows);
      for (let r = 0; r < rows; r++) {
        meanVar[2 * r] = means[r];
        meanVar[2 * r + 1] = 0.05 + 2 * random();
      }
      return { kind, n, rows, cols: 2, shape: [rows, 2], meanVar, y };
    }
    case 'rows': {
      const C = CLASSES;
      const rows = n / C;
      const logits = normals(random, n, 2);
      const labelsF = new Float32Array(rows);
      const labelsI = new Int32Array(rows);
      const onehot = new Float32Array(n);
      const logp = new Float32Array(n);
      for (let r = 0; r < rows; r++) {
        const y = Math.min(C - 1, Math.floor(random() * C));
        labelsF[r] = y;
        labelsI[r] = y;
        onehot[r * C + y] = 1;
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, logits[r * C + c]);
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(logits[r * C + c] - m);
        const lse = m + Math.log(s);
        for (let c = 0; c < C; c++) logp[r * C + c] = Math.min(0, logits[r * C + c] - lse);
      }
      // label lists of one label each (multilabel_margin): y, then −1s
      const lists = new Float32Array(n).fill(-1);
      for (let r = 0; r < rows; r++) lists[r * C] = labelsF[r];
      return { kind, n, rows, cols: C, shape: [rows, C], logits, labelsF, labelsI, onehot, logp, lists };
    }
    case 'trip': {
      const D = DIM;
      const rows = n / D;
      const a = normals(random, n);
      const noise = normals(random, n, 0.5);
      const p = new Float32Array(n);
      for (let i = 0; i < n; i++) p[i] = a[i] + noise[i];
      const neg = normals(random, n);
      return { kind, n, rows, cols: D, shape: [rows, D], a, p, negative: neg };
    }
    case 'overlap': {  // [N, 16]: probabilities against 0/1 masks; unit rows against unit rows
      const C = CLASSES;
      const rows = n / C;
      const probs = new Float32Array(n);
      const masks = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        masks[i] = random() < 0.4 ? 1 : 0;
        probs[i] = Math.min(1, Math.abs(masks[i] - 0.7 * random()));
      }
      const u = normals(random, n);
      const v = normals(random, n, 0.5);
      for (let r = 0; r < rows; r++) {
        let su = 0, sv = 0;
        for (let c = 0; c < C; c++) {
          v[r * C + c] += u[r * C + c];
          su += u[r * C + c] ** 2;
          sv += v[r * C + c] ** 2;
        }
        for (let c = 0; c < C; c++) {
          u[r * C + c] /= Math.sqrt(su);
          v[r * C + c] /= Math.sqrt(sv);
        }
      }
      return { kind, n, rows, cols: C, shape: [rows, C], probs, masks, u, v };
    }
    case 'rank':
    case 'cos': {  // pairs: x1, x2 near it, one ±1 per pair (an element, or a row of 16)
      const D = kind === 'cos' ? PAIR_DIM : 1;
      const rows = n / D;
      const x1 = normals(random, n);
      const noise = normals(random, n);
      const other = new Float32Array(n);
      for (let i = 0; i < n; i++) other[i] = x1[i] + noise[i];
      const signs = new Float32Array(rows);
      for (let r = 0; r < rows; r++) signs[r] = random() < 0.5 ? -1 : 1;
      return kind === 'cos'
        ? { kind, n, rows, cols: D, shape: [rows, D], x1, other, signs }
        : { kind, n, shape: [n], x1, other, signs };
    }
    default:
      throw new Error(`unknown data kind ${kind}`);
  }
}

/** The size column of a table row: n, or rows × columns. */
export function sizeLabel(loss, n) {
  const short = n >= 1048576 ? `${n / 1048576}M` : n >= 1024 ? `${n / 1024}k` : String(n);
  if (loss.kind === 'rows' || loss.kind === 'overlap') return `${n / CLASSES}×${CLASSES}`;
  if (loss.kind === 'gauss') return `${n / 2}×2`;
  if (loss.kind === 'trip') return `${n / DIM}×${DIM}`;
  if (loss.kind === 'cos') return `${n / PAIR_DIM}×${PAIR_DIM}`;
  return short;
}
