#!/usr/bin/python3
"""Golden values for every LossLab loss, computed by PyTorch 1.13 (+ torchvision 0.14).

Rerun (from the repository root; needs Debian's python3-torch and python3-torchvision,
a one-off generator dependency that no test ever imports):

    /usr/bin/python3 scripts/golden/generate.py            # writes tests/golden/losses.json

The output is deterministic (seeded); rerunning on the same torch gives the same file.

Files: common.py (float32 helpers, `add`, data helpers, the `@reference` registry and the one
random stream), references.py (each loss's reference), cases_*.py (the cases, one module per
topic; generate.py imports them in order, so a new module goes last and leaves every earlier
case as it was), this file (the order and the output).
tests/native/test_golden.cpp checks the core against it, and test_gradcheck.cpp reads
the option variants from it.

How the reference is computed
-----------------------------
Every number LossLab receives is a float32, so the inputs, targets and vector options
(weights) are rounded to float32 first and then evaluated by torch in float64: the
reference is the exact value for the float32 data, not a float32 computation.
Gradients come from torch.autograd in float64 (PyTorch's own conventions at kinks:
the reference expression's autograd).

  regression   mse F.mse_loss · mae F.l1_loss · rmse sqrt(F.mse_loss) ('mean' only)
               mbe mean(target − input) · msle mean((log1p(x) − log1p(y))²)
               huber F.huber_loss(delta) · smooth_l1 F.smooth_l1_loss(beta), and for
               beta = 0 F.l1_loss (what PyTorch ≥ 2.1 does, pytorch#96813: 1.13's kernel
               gives the gradient −1 at d = 0 when beta = 0, which is a bug)
               pseudo_huber δ²(√(1 + (d/δ)²) − 1) · log_cosh d + log(1 + e^{−2d}) − log 2
               (logaddexp, so |d| = 300 is exact)
  binary       bce F.binary_cross_entropy (per-class weight [C] broadcast over [N, C];
               note its gradient (x − y)/max(x(1 − x), 1e-12) at saturated probabilities)
               bce_with_logits F.binary_cross_entropy_with_logits(weight, pos_weight)
               hinge mean(clamp(1 − y·x, min=0)), 0 targets mapped to −1 (clamp passes
               the gradient at y·x = 1 exactly) · squared_hinge its square
               binary_focal torchvision.ops.sigmoid_focal_loss; with from_logits false the
               same formula with p = input and ce = F.binary_cross_entropy(p, y)
               label_smoothing (bce, bce_with_logits, binary_focal): Keras's y(1 − ε) + ε/2
               applied to the target first (keras/src/losses/losses.py L2414, L2503), then
               the PyTorch/torchvision expression on the soft target
  multiclass   cross_entropy F.cross_entropy(weight, ignore_index, label_smoothing;
               index or probability targets)
               categorical_cross_entropy Keras CategoricalCrossentropy written in torch:
               p = x / Σ_c x, clamp(p, 1e-7, 1 − 1e-7), −Σ t log p per sample
               label_smoothing y(1 − ε) + ε/C (losses.py L2200); from_logits: F.cross_entropy
               with the probability rows (Keras's softmax_cross_entropy_with_logits)
               sparse_categorical_cross_entropy the same with one-hot targets; from_logits:
               F.cross_entropy with class indices
               nll F.nll_loss(weight, ignore_index)
               kl_div Keras KLDivergence: t, p clamped to [1e-7, 1], Σ t log(t/p) per sample
               multi_margin F.multi_margin_loss(p, margin, weight)
               focal −α_y (1 − p_y)^γ log p_y, p = softmax(x) (log_softmax) or p = x with
               from_logits false; α_y = 1 without `alpha`, one α for all when it has one
               value (Keras CategoricalFocalCrossentropy's scalar alpha)
  embedding    triplet_margin F.triplet_margin_loss(margin, p, eps, swap)
  sequence     ctc: the value of F.ctc_loss(blank, zero_infinity; concatenated or padded
               labels), the gradient by autograd through a log-space forward recursion
               (references.ctc_nll, checked equal to F.ctc_loss): the true derivative with
               respect to the log-probabilities, where PyTorch's backward adds exp(x)
               (pytorch#52241; cases_ctc checks that relation); an impossible sample's
               gradient is 0
  second half  poisson_nll F.poisson_nll_loss(log_input, full, eps) · gaussian_nll
  (part a)     F.gaussian_nll_loss(input[:, 0], target, input[:, 1], full, eps) on [N, 2] rows
               (the variance clamped at eps in place under no_grad: its gradient is the formula's
               at the clamped value) · quantile scikit-learn's mean_pinball_loss written in torch
               (sign = diff >= 0: gradient −q at d = 0) · mape Keras's 100·|y − x| / max(|y|, 1e-7)
               (losses.py L1836) · soft_margin F.soft_margin_loss's log(1 + e^{−yx}) as logaddexp
               (finite where PyTorch's kernel overflows; checked equal to it elsewhere) ·
               hinge_embedding F.hinge_embedding_loss(margin) · multilabel_soft_margin
               F.multilabel_soft_margin_loss(weight) · multilabel_margin F.multilabel_margin_loss ·
               categorical_hinge Keras's categorical_hinge (losses.py L1714) with torch.amax (ties
               share the gradient) and clamp(min=0) (the gradient passes at 0)
  pairs        margin_ranking F.margin_ranking_loss(margin) · cosine_embedding
  (issue 13)   F.cosine_embedding_loss(margin) (ε = 1e-12 on each squared norm, Loss.cpp:13);
               both gradients (x1 and x2) by autograd: clamp_min passes the gradient at 0
  second half  dice Keras 3's dice, tversky Keras 3's tversky (losses.py L2607, L2648), per row
  (part c)     of [N, D] (a flat input is one row: batch-level) · cosine_similarity Keras's
               -sum(l2_normalize(y)·l2_normalize(x)) per row (losses.py L1955), l2_normalize
               with tf's floor 1e-12 on the squared sum (clamp: the gradient passes at the floor)
  sample_weight  every loss: the unweighted 'none' terms times w, summed ('sum') or summed and
               divided by the number of terms ('mean'), as Keras (common.weighted); rmse
               sqrt(mean(w·d²)) itself
  Multi-class 'mean' is over samples (weighted cross_entropy / nll: over Σ w_y of the
  non-ignored targets, as PyTorch); 'none' gives one term per sample.

JSON layout (tests/golden/losses.json)
--------------------------------------
{"generator", "torch", "cases": [case, ...]}; each case:
  name       unique: id/variant/reduction/shape
  id         catalogue id
  input      flat list (row-major [N, C] or [N, D])
  cols       0 for 1-D, else C (classes) or D (embedding dimension)
  target     flat list (class indices as numbers; -100 etc. for ignored rows) — or, for
             triplet_margin, "positive" and "negative" (flat, like input); for the pair
             losses "other" and "label" instead
  options    {name: number | bool | list}; names are the catalogue's option names
  reduction  'mean' | 'sum' | 'none'
  value      the reduced value ('none': the sum of the terms)
  values     'none' only: the terms (per element, or per row for multi-class/triplet)
  scale      the magnitude of the summands (reduction applied to |terms|): the absolute
             tolerance floor of `value` is proportional to it (cancellation in mbe & co.)
  grad       d value / d input ('none': of the sum of the terms)
  grad_positive, grad_negative   triplet_margin only
  other, label, grad_other       the pair losses (margin_ranking, cosine_embedding): x2 (shaped
             like input), one ±1 per pair, and d value / d x2
  time, labels, input_lengths, target_lengths   ctc only (cases_ctc.py); its "value" and
             "values" may be "Infinity"
Inputs are written in the shortest form that reads back (double, then float) as the same
float32; references with 10 significant digits.
"""


import json
import math
import os
import sys

import numpy as np
import torch
import torchvision

from common import cases

import references  # noqa: F401  (registers the references)
import cases_catalogue  # noqa: F401  (each case module appends to `cases`, in this order)
import cases_keras_options  # noqa: F401
import cases_second_half_a  # noqa: F401  (its own random stream)
import cases_pairs  # noqa: F401  (its own random stream: keep it last)
import cases_overlap_cosine  # noqa: F401  (its own random stream: keep it last)
import cases_ctc  # noqa: F401  (its own random stream: keep it last)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "golden", "losses.json"))

# ---------------------------------------------------------------- output


def num_in(v):
    """Shortest text that reads back, through double then float, as the same float32."""
    v32 = np.float32(v)
    s = str(v32)
    assert math.isfinite(float(v32))
    if float(np.float32(float(s))) != float(v32):
        s = repr(float(v32))
    return s


def num_out(v):
    v = float(v)
    if v == math.inf:  # ctc: an impossible alignment (JSON has no infinity; readers map it)
        return '"Infinity"'
    assert math.isfinite(v)
    return "%.10g" % v


def value_json(key, v):
    if isinstance(v, np.ndarray):
        fmt = num_in if key in ("input", "target", "positive", "negative", "other", "label") else num_out
        return "[" + ",".join(fmt(e) for e in v) + "]"
    if key == "options":
        parts = []
        for k, o in v.items():
            if isinstance(o, bool):
                parts.append(f"{json.dumps(k)}:{'true' if o else 'false'}")
            elif isinstance(o, list):
                parts.append(f"{json.dumps(k)}:[" + ",".join(num_in(e) for e in o) + "]")
            elif isinstance(o, int):
                parts.append(f"{json.dumps(k)}:{o}")
            else:
                parts.append(f"{json.dumps(k)}:{repr(float(o))}")
        return "{" + ",".join(parts) + "}"
    if isinstance(v, float):
        return num_out(v)
    return json.dumps(v)


def case_json(case):
    return "{" + ",".join(f"{json.dumps(k)}:{value_json(k, v)}" for k, v in case.items()) + "}"


def main():
    header = {"generator": "scripts/golden/generate.py", "torch": torch.__version__,
              "torchvision": torchvision.__version__}
    text = "{" + ",".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in header.items())
    text += ',"cases":[\n' + ",\n".join(case_json(c) for c in cases) + "\n]}\n"
    json.loads(text)  # strict round trip
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    counts = {}
    for c in cases:
        counts[c["id"]] = counts.get(c["id"], 0) + 1
    print(f"{OUT}: {len(cases)} cases, {len(text) / 1e6:.2f} MB", file=sys.stderr)
    for k, v in counts.items():
        print(f"  {k:34s} {v}", file=sys.stderr)


if __name__ == "__main__":
    main()
