#!/usr/bin/python3
"""Golden values for every LossLab loss, computed by PyTorch 1.13 (+ torchvision 0.14).

Rerun (from the repository root; needs Debian's python3-torch and python3-torchvision,
a one-off generator dependency that no test ever imports):

    /usr/bin/python3 scripts/golden/generate.py            # writes tests/golden/losses.json

The output is deterministic (seeded); rerunning on the same torch gives the same file.
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
             triplet_margin, "positive" and "negative" (flat, like input)
  options    {name: number | bool | list}; names are the catalogue's option names
  reduction  'mean' | 'sum' | 'none'
  value      the reduced value ('none': the sum of the terms)
  values     'none' only: the terms (per element, or per row for multi-class/triplet)
  scale      the magnitude of the summands (reduction applied to |terms|): the absolute
             tolerance floor of `value` is proportional to it (cancellation in mbe & co.)
  grad       d value / d input ('none': of the sum of the terms)
  grad_positive, grad_negative   triplet_margin only
Inputs are written in the shortest form that reads back (double, then float) as the same
float32; references with 10 significant digits.
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20240613)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "golden", "losses.json"))

REDUCTIONS = ("mean", "sum", "none")
KERAS_EPS = 1e-7  # Keras backend epsilon (clip bounds of CCE and KLDivergence)


# ---------------------------------------------------------------- float32 helpers


def f32(a):
    """float32-rounded copy as a float64 numpy array (the exact values LossLab gets)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def tensor(a, grad=False):
    return torch.tensor(f32(a), dtype=torch.float64, requires_grad=grad)


def reduce(terms, reduction):
    if reduction == "mean":
        return terms.mean()
    if reduction == "sum":
        return terms.sum()
    return terms


# ---------------------------------------------------------------- references
# Each takes (x, t, o, reduction) with x the float64 input (rows shaped [N, C] for the
# multi-class losses), t the target tensor and o the options dict, and returns the
# reduced value ('none': the per-term tensor).


def vec(o, name, like=None):
    """Vector option `name` as a tensor; per-element ones take the input's shape."""
    if name not in o:
        return None
    v = tensor(o[name])
    return v.view(like.shape) if like is not None and v.numel() == like.numel() else v


def ref_mse(x, t, o, r):
    return F.mse_loss(x, t, reduction=r)


def ref_mae(x, t, o, r):
    return F.l1_loss(x, t, reduction=r)


def ref_rmse(x, t, o, r):
    assert r == "mean"
    return torch.sqrt(F.mse_loss(x, t))


def ref_mbe(x, t, o, r):
    return reduce(t - x, r)


def ref_msle(x, t, o, r):
    return reduce((torch.log1p(x) - torch.log1p(t)) ** 2, r)


def ref_huber(x, t, o, r):
    return F.huber_loss(x, t, reduction=r, delta=o.get("delta", 1.0))


def ref_smooth_l1(x, t, o, r):
    beta = o.get("beta", 1.0)
    if beta == 0:  # PyTorch ≥ 2.1 dispatches here too; 1.13's backward is wrong at d = 0
        return F.l1_loss(x, t, reduction=r)
    return F.smooth_l1_loss(x, t, reduction=r, beta=beta)


def ref_pseudo_huber(x, t, o, r):
    d = o.get("delta", 1.0)
    return reduce(d * d * (torch.sqrt(1 + ((x - t) / d) ** 2) - 1), r)


def ref_log_cosh(x, t, o, r):
    d = x - t
    return reduce(d + torch.logaddexp(torch.zeros_like(d), -2 * d) - math.log(2.0), r)


def smooth_binary(t, o):
    """Keras's binary label smoothing, y(1 - e) + e/2 (keras/src/losses/losses.py,
    binary_crossentropy and binary_focal_crossentropy: `y_true * (1.0 - label_smoothing)
    + 0.5 * label_smoothing`)."""
    e = o.get("label_smoothing", 0.0)
    return t * (1 - e) + 0.5 * e if e else t


def smooth_rows(t, o):
    """Keras's categorical label smoothing over C classes, y(1 - e) + e/C (keras/src/losses/
    losses.py, categorical_crossentropy: `y_true * (1.0 - label_smoothing) +
    (label_smoothing / num_classes)`)."""
    e = o.get("label_smoothing", 0.0)
    return t * (1 - e) + e / t.shape[1] if e else t


def ref_bce(x, t, o, r):
    return F.binary_cross_entropy(x, smooth_binary(t, o), weight=vec(o, "weight", x), reduction=r)


def ref_bce_with_logits(x, t, o, r):
    return F.binary_cross_entropy_with_logits(
        x, smooth_binary(t, o), weight=vec(o, "weight", x), pos_weight=vec(o, "pos_weight"),
        reduction=r)


def signs(t):
    return torch.where(t == 0, -torch.ones_like(t), t)


def ref_hinge(x, t, o, r):
    return reduce(torch.clamp(1 - signs(t) * x, min=0), r)


def ref_squared_hinge(x, t, o, r):
    return reduce(torch.clamp(1 - signs(t) * x, min=0) ** 2, r)


def ref_binary_focal(x, t, o, r):
    # Label smoothing first, then torchvision's formula on the soft target — what Keras's
    # binary_focal_crossentropy does (its class-balancing weight also sees the smoothed y).
    alpha, gamma = o.get("alpha", 0.25), o.get("gamma", 2.0)
    t = smooth_binary(t, o)
    if o.get("from_logits", True):
        return torchvision.ops.sigmoid_focal_loss(x, t, alpha=alpha, gamma=gamma, reduction=r)
    # torchvision's formula with p given: ce is the BCE of the probabilities.
    p = x
    ce = F.binary_cross_entropy(p, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
    return reduce(loss, r)


def ref_cross_entropy(x, t, o, r):
    target = t if t.dim() == 2 else t.long()
    return F.cross_entropy(x, target, weight=vec(o, "weight"),
                           ignore_index=o.get("ignore_index", -100), reduction=r,
                           label_smoothing=o.get("label_smoothing", 0.0))


def keras_cce(x, t, r):
    p = x / x.sum(dim=1, keepdim=True)
    p = torch.clamp(p, KERAS_EPS, 1 - KERAS_EPS)
    return reduce(-(t * torch.log(p)).sum(dim=1), r)


def ref_categorical_cross_entropy(x, t, o, r):
    t = smooth_rows(t, o)
    if o.get("from_logits", False):  # Keras: tf.nn.softmax_cross_entropy_with_logits
        return F.cross_entropy(x, t, reduction=r)
    return keras_cce(x, t, r)


def ref_sparse_categorical_cross_entropy(x, t, o, r):
    if o.get("from_logits", False):  # Keras: tf.nn.sparse_softmax_cross_entropy_with_logits
        return F.cross_entropy(x, t.long(), reduction=r)
    return keras_cce(x, F.one_hot(t.long(), x.shape[1]).to(torch.float64), r)


def ref_nll(x, t, o, r):
    return F.nll_loss(x, t.long(), weight=vec(o, "weight"),
                      ignore_index=o.get("ignore_index", -100), reduction=r)


def ref_kl_div(x, t, o, r):
    t = torch.clamp(t, KERAS_EPS, 1)
    p = torch.clamp(x, KERAS_EPS, 1)
    return reduce((t * torch.log(t / p)).sum(dim=1), r)


def ref_multi_margin(x, t, o, r):
    return F.multi_margin_loss(x, t.long(), p=int(o.get("p", 1)), margin=o.get("margin", 1.0),
                               weight=vec(o, "weight"), reduction=r)


def ref_focal(x, t, o, r):
    gamma = o.get("gamma", 2.0)
    y = t.long().unsqueeze(1)
    if o.get("from_logits", True):
        logp = torch.log_softmax(x, dim=1).gather(1, y).squeeze(1)
        p = torch.exp(logp)
    else:
        p = x.gather(1, y).squeeze(1)
        logp = torch.log(p)
    alpha = vec(o, "alpha")
    if alpha is None:
        a = torch.ones_like(p)
    elif alpha.numel() == 1:  # one alpha for every class (Keras CategoricalFocalCrossentropy)
        a = alpha.expand_as(p)
    else:
        a = alpha[t.long()]
    return reduce(-a * (1 - p) ** gamma * logp, r)


def ref_triplet_margin(a, pos, neg, o, r):
    return F.triplet_margin_loss(a, pos, neg, margin=o.get("margin", 1.0), p=o.get("p", 2.0),
                                 eps=o.get("eps", 1e-6), swap=o.get("swap", False), reduction=r)


REF = {name[4:]: fn for name, fn in globals().items() if name.startswith("ref_")}

# ---------------------------------------------------------------- case assembly

cases = []
names = set()


def shape_tag(n, cols):
    return f"n{n}" if not cols else f"{n // cols}x{cols}"


def add(loss, variant, x, target, options=None, reductions=REDUCTIONS, cols=0):
    """Appends one case per reduction. For triplet_margin `target` is (positive, negative)."""
    options = dict(options or {})
    for key, v in options.items():  # vector options are float32 data too
        if isinstance(v, (list, tuple, np.ndarray)):
            options[key] = [float(w) for w in f32(v)]
    x = f32(np.ravel(x))
    for r in reductions:
        name = f"{loss}/{variant}/{r}/{shape_tag(len(x), cols)}"
        assert name not in names, name
        names.add(name)
        case = {"name": name, "id": loss, "input": x, "cols": cols}
        xt = tensor(x, grad=True)
        xs = xt.view(-1, cols) if cols else xt
        if loss == "triplet_margin":
            pos, neg = (f32(np.ravel(v)) for v in target)
            case["positive"], case["negative"] = pos, neg
            pt, nt = tensor(pos, grad=True), tensor(neg, grad=True)
            out = REF[loss](xs, pt.view(-1, cols), nt.view(-1, cols), options, r)
            grads = [xt, pt, nt]
            terms = REF[loss](xs.detach(), pt.detach().view(-1, cols), nt.detach().view(-1, cols),
                              options, "none")
        else:
            t = f32(np.ravel(target))
            case["target"] = t
            tt = tensor(t)
            if cols and len(t) == len(x):
                tt = tt.view(-1, cols)  # [N, C] targets (probabilities, or multi-label rows)
            out = REF[loss](xs, tt, options, r)
            grads = [xt]
            terms = None if loss == "rmse" else REF[loss](xs.detach(), tt, options, "none")
        case["options"] = options
        case["reduction"] = r
        total = out.sum() if r == "none" else out
        total.backward()
        case["value"] = total.item()
        if r == "none":
            case["values"] = out.detach().numpy().ravel()
        if terms is None:
            case["scale"] = abs(case["value"])
        else:
            absum = terms.abs().sum().item()
            if r == "mean":
                s = terms.sum().item()
                # weighted / ignore_index means divide by something else than the count
                factor = case["value"] / s if abs(s) > 1e-3 * absum else 1.0 / max(terms.numel(), 1)
                case["scale"] = abs(absum * factor)
            elif r == "sum":
                case["scale"] = absum
            else:
                case["scale"] = terms.abs().max().item()
        case["grad"] = grads[0].grad.numpy().copy()
        if loss == "triplet_margin":
            case["grad_positive"] = grads[1].grad.numpy().copy()
            case["grad_negative"] = grads[2].grad.numpy().copy()
        for key in ("value", "values", "grad", "grad_positive", "grad_negative"):
            if key in case:
                assert np.all(np.isfinite(case[key])), (name, key, case[key])
        cases.append(case)


# ---------------------------------------------------------------- data helpers

ELEMENT_SIZES = (1, 3, 7, 33)
ROW_SHAPES = ((1, 3), (3, 5), (7, 3), (33, 7))  # N·C never a multiple of 4


def uniform(lo, hi, n):
    return rng.uniform(lo, hi, n)


def normal(scale, n):
    return rng.normal(0.0, scale, n)


def labels(n, classes):
    return rng.integers(0, classes, n).astype(np.float64)


def softmax_rows(n_rows, classes, scale=1.5):
    z = rng.normal(0.0, scale, (n_rows, classes))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).ravel()


def regression_data(loss, n):
    if loss == "msle":
        return uniform(-0.9, 4.0, n), uniform(-0.9, 4.0, n)
    y = normal(2.0, n)
    return y + normal(1.5, n), y


def sizes_and_reductions():
    """Default-option sweep: every size × every reduction, plus n = 257 for 'mean'."""
    for n in ELEMENT_SIZES:
        for r in REDUCTIONS:
            yield n, (r,)
    yield 257, ("mean",)


# ---------------------------------------------------------------- regression

REGRESSION = ("mse", "mae", "rmse", "mbe", "msle", "huber", "smooth_l1", "pseudo_huber", "log_cosh")
for loss in REGRESSION:
    for n, rs in sizes_and_reductions():
        if loss == "rmse" and rs != ("mean",):
            continue
        x, y = regression_data(loss, n)
        add(loss, "default", x, y, reductions=rs)

for loss, option, values in (("huber", "delta", (0.5, 2.5)), ("smooth_l1", "beta", (0.0, 0.3)),
                             ("pseudo_huber", "delta", (0.5, 2.5))):
    for v in values:
        for n in (7, 33):
            x, y = regression_data(loss, n)
            add(loss, f"{option}={v}", x, y, {option: v})

# Kinks: d exactly 0, and |d| exactly δ (dyadic δ, so exact in float32).
KINK_Y = np.array([-1.5, 0.0, 2.0, 0.25, 3.0, -4.0, 1.0])
for loss, option, values in (("mae", None, (None,)), ("huber", "delta", (1.0, 0.5, 2.5)),
                             ("smooth_l1", "beta", (1.0, 0.0, 0.3)), ("pseudo_huber", "delta", (1.0,)),
                             ("log_cosh", None, (None,)), ("mse", None, (None,))):
    for v in values:
        k = 1.0 if v is None or v == 0.3 else v  # 0.3 is not a float32: only d = 0 there
        d = np.array([0.0, 0.0, k, -k, 0.0, 0.5 * k, -3.0 * k]) if v != 0.3 else \
            np.array([0.0, 0.0, 0.1, -0.7, 0.0, 0.0, 2.0])
        opts = {option: v} if option else {}
        label = "kink" if option is None else f"kink/{option}={v}"
        add(loss, label, KINK_Y + d, KINK_Y, opts)

# Extremes: errors of 1e4, and log_cosh at |d| = 300.
BIG_Y = np.array([0.0, 1.0, -2.0, 0.5, 3.0])
BIG_D = np.array([1e4, -1e4, 0.5, 1e4, -1.0])
for loss in ("mse", "huber", "pseudo_huber", "log_cosh"):
    add(loss, "error=1e4", BIG_Y + BIG_D, BIG_Y)
add("huber", "error=1e4/delta=2.5", BIG_Y + BIG_D, BIG_Y, {"delta": 2.5})
add("pseudo_huber", "error=1e4/delta=0.5", BIG_Y + BIG_D, BIG_Y, {"delta": 0.5})
add("log_cosh", "d=300", np.array([300.0, -300.0, 0.0, 20.0, -30.0]), np.zeros(5))
add("rmse", "error=1e4", BIG_Y + BIG_D, BIG_Y, reductions=("mean",))

# ---------------------------------------------------------------- binary


def soft_or_hard(n):
    """Probability targets: half hard labels, half in (0, 1)."""
    t = uniform(0.0, 1.0, n)
    hard = rng.random(n) < 0.5
    t[hard] = np.round(t[hard])
    return t


for n, rs in sizes_and_reductions():
    add("bce", "default", uniform(0.01, 0.99, n), soft_or_hard(n), reductions=rs)
    add("bce_with_logits", "default", normal(2.0, n), soft_or_hard(n), reductions=rs)
    add("hinge", "default", normal(1.5, n), rng.choice([-1.0, 1.0], n), reductions=rs)
    add("squared_hinge", "default", normal(1.5, n), rng.choice([-1.0, 1.0], n), reductions=rs)
    add("binary_focal", "default", normal(2.0, n), rng.choice([0.0, 1.0], n), reductions=rs)

for n in (7, 33):
    add("bce", "weight=per_element", uniform(0.01, 0.99, n), soft_or_hard(n),
        {"weight": uniform(0.0, 3.0, n)})
    add("bce_with_logits", "weight=per_element", normal(2.0, n), soft_or_hard(n),
        {"weight": uniform(0.0, 3.0, n)})
    add("bce_with_logits", "pos_weight=scalar", normal(2.0, n), soft_or_hard(n), {"pos_weight": 2.5})
    add("hinge", "labels01", normal(1.5, n), rng.choice([0.0, 1.0], n))
    add("squared_hinge", "labels01", normal(1.5, n), rng.choice([0.0, 1.0], n))
    for label, opts in (("alpha=-1", {"alpha": -1.0}), ("alpha=0.5", {"alpha": 0.5}),
                        ("gamma=0", {"gamma": 0.0}), ("gamma=3.5", {"gamma": 3.5}),
                        ("alpha=0.5/gamma=0", {"alpha": 0.5, "gamma": 0.0})):
        add("binary_focal", label, normal(2.0, n), rng.choice([0.0, 1.0], n), opts)
    for label, opts in (("from_logits=false", {"from_logits": False}),
                        ("from_logits=false/alpha=-1/gamma=3.5",
                         {"from_logits": False, "alpha": -1.0, "gamma": 3.5})):
        add("binary_focal", label, uniform(0.02, 0.98, n), rng.choice([0.0, 1.0], n), opts)

# [N, C] multi-label rows: per-class weights broadcast over rows.
for rows, c in ((5, 3), (3, 7)):
    m = rows * c
    add("bce", "rows", uniform(0.01, 0.99, m), soft_or_hard(m), cols=c)
    add("bce", "weight=per_class", uniform(0.01, 0.99, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
    add("bce", "weight=per_element_rows", uniform(0.01, 0.99, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, m)}, cols=c)
    add("bce_with_logits", "rows", normal(2.0, m), soft_or_hard(m), cols=c)
    add("bce_with_logits", "pos_weight=per_class", normal(2.0, m), soft_or_hard(m),
        {"pos_weight": uniform(0.2, 4.0, c)}, cols=c)
    add("bce_with_logits", "pos_weight=scalar_rows", normal(2.0, m), soft_or_hard(m),
        {"pos_weight": 0.5}, cols=c)
    add("bce_with_logits", "weight=per_class", normal(2.0, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c)}, cols=c)
    add("bce_with_logits", "weight+pos_weight", normal(2.0, m), soft_or_hard(m),
        {"weight": uniform(0.1, 3.0, c), "pos_weight": uniform(0.2, 4.0, c)}, cols=c)

# Extremes. bce: probabilities exactly 0 and 1 — agreeing with the target (value and
# gradient 0), and saturated against it (log clamped at −100; PyTorch's gradient is
# (x − y) / max(x(1 − x), 1e-12), i.e. ±1e12 per unit of disagreement).
add("bce", "extreme/exact", [0.0, 1.0, 0.0, 1.0, 0.5, 0.25, 0.999], [0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
add("bce", "extreme/saturated", [0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.3, 0.75, 0.5])
add("bce", "extreme/saturated/weight", [0.0, 1.0, 0.0, 0.5], [1.0, 0.0, 0.0, 1.0],
    {"weight": [0.5, 2.0, 1.0, 3.0]})
LOGITS_1E4 = [1e4, -1e4, 1e4, -1e4, 1e4, -1e4, 0.0]
TARGETS_1E4 = [1.0, 0.0, 0.0, 1.0, 0.5, 0.25, 1.0]
add("bce_with_logits", "logits=1e4", LOGITS_1E4, TARGETS_1E4)
add("bce_with_logits", "logits=1e4/pos_weight", LOGITS_1E4, TARGETS_1E4, {"pos_weight": 3.0})
add("binary_focal", "logits=1e4", LOGITS_1E4, [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])

# Hinge kink: y·x exactly 1 (torch's clamp passes the gradient there), and 0 → −1.
add("hinge", "kink", [1.0, -1.0, -1.0, 1.0, 0.5, 2.0, -1.0], [1.0, -1.0, 0.0, 1.0, 1.0, -1.0, 1.0])
add("squared_hinge", "kink", [1.0, -1.0, -1.0, 1.0, 0.5, 2.0, -1.0], [1.0, -1.0, 0.0, 1.0, 1.0, -1.0, 1.0])

# ---------------------------------------------------------------- multiclass


def logits(rows, c, scale=2.0):
    return normal(scale, rows * c)


for rows, c in ROW_SHAPES:
    m = rows * c
    add("cross_entropy", "default", logits(rows, c), labels(rows, c), cols=c)
    add("categorical_cross_entropy", "default", uniform(0.02, 1.0, m),
        np.eye(c)[labels(rows, c).astype(int)].ravel(), cols=c)
    add("sparse_categorical_cross_entropy", "default", uniform(0.02, 1.0, m), labels(rows, c), cols=c)
    add("nll", "default", np.log(softmax_rows(rows, c)), labels(rows, c), cols=c)
    add("kl_div", "default", softmax_rows(rows, c), softmax_rows(rows, c), cols=c)
    add("multi_margin", "default", logits(rows, c, 1.0), labels(rows, c), cols=c)
    add("focal", "default", logits(rows, c), labels(rows, c), cols=c)

for rows, c in ((7, 5), (5, 3)):
    w = uniform(0.2, 3.0, c)
    add("cross_entropy", "weight", logits(rows, c), labels(rows, c), {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[0, rows - 2]] = -100
    add("cross_entropy", "ignore_default", logits(rows, c), t, cols=c)
    add("cross_entropy", "ignore_default/weight", logits(rows, c), t, {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[1, rows - 1]] = 2
    add("cross_entropy", "ignore_index=2", logits(rows, c), t, {"ignore_index": 2}, cols=c)
    add("cross_entropy", "ignore_index=2/weight/label_smoothing=0.1", logits(rows, c), t,
        {"ignore_index": 2, "weight": w, "label_smoothing": 0.1}, cols=c)
    t = labels(rows, c)
    t[2] = -1
    add("cross_entropy", "ignore_index=-1", logits(rows, c), t, {"ignore_index": -1}, cols=c)
    add("cross_entropy", "label_smoothing=0.1", logits(rows, c), labels(rows, c),
        {"label_smoothing": 0.1}, cols=c)
    add("cross_entropy", "label_smoothing=0.1/weight", logits(rows, c), labels(rows, c),
        {"label_smoothing": 0.1, "weight": w}, cols=c)
    add("cross_entropy", "probabilities", logits(rows, c), softmax_rows(rows, c), cols=c)
    add("cross_entropy", "probabilities/weight", logits(rows, c), softmax_rows(rows, c),
        {"weight": w}, cols=c)
    add("cross_entropy", "probabilities/label_smoothing=0.1/weight", logits(rows, c),
        softmax_rows(rows, c), {"label_smoothing": 0.1, "weight": w}, cols=c)

    add("categorical_cross_entropy", "soft_targets", uniform(0.02, 1.0, rows * c),
        softmax_rows(rows, c), cols=c)
    add("nll", "weight", np.log(softmax_rows(rows, c)), labels(rows, c), {"weight": w}, cols=c)
    t = labels(rows, c)
    t[[0, rows - 1]] = -100
    add("nll", "ignore_default", np.log(softmax_rows(rows, c)), t, cols=c)
    t = labels(rows, c)
    t[[1, 2]] = 1
    add("nll", "ignore_index=1/weight", np.log(softmax_rows(rows, c)), t,
        {"ignore_index": 1, "weight": w}, cols=c)
    for label, opts in (("p=2", {"p": 2}), ("margin=0.5", {"margin": 0.5}), ("weight", {"weight": w}),
                        ("p=2/margin=0.5/weight", {"p": 2, "margin": 0.5, "weight": w})):
        add("multi_margin", label, logits(rows, c, 1.0), labels(rows, c), opts, cols=c)
    for label, opts in (("gamma=0", {"gamma": 0.0}), ("gamma=3.5", {"gamma": 3.5}),
                        ("alpha", {"alpha": uniform(0.1, 1.0, c)}),
                        ("alpha/gamma=0", {"alpha": uniform(0.1, 1.0, c), "gamma": 0.0})):
        add("focal", label, logits(rows, c), labels(rows, c), opts, cols=c)
    for label, opts in (("from_logits=false", {"from_logits": False}),
                        ("from_logits=false/gamma=3.5/alpha",
                         {"from_logits": False, "gamma": 3.5, "alpha": uniform(0.1, 1.0, c)})):
        add("focal", label, softmax_rows(rows, c, 1.0), labels(rows, c), opts, cols=c)

# Clipping at Keras's 1e-7: zero entries and rows that are exactly one-hot.
add("categorical_cross_entropy", "clip",
    [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0], cols=3)
add("sparse_categorical_cross_entropy", "clip", [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6],
    [0, 1, 1], cols=3)
add("kl_div", "clip", [1.0, 0.0, 0.0, 0.25, 0.25, 0.5, 0.0, 0.5, 0.5],
    [0.0, 1.0, 0.0, 0.0, 0.5, 0.5, 1.0, 0.0, 0.0], cols=3)

# Logits of ±1e4.
BIG_LOGITS = [1e4, -1e4, 0.0, -1e4, 1e4, 0.0, 1e4, 1e4, -1e4]
add("cross_entropy", "logits=1e4", BIG_LOGITS, [1, 1, 0], cols=3)
add("cross_entropy", "logits=1e4/label_smoothing=0.1/weight", BIG_LOGITS, [1, 1, 2],
    {"label_smoothing": 0.1, "weight": [0.5, 1.0, 2.0]}, cols=3)
add("cross_entropy", "logits=1e4/probabilities", BIG_LOGITS,
    [0.0, 1.0, 0.0, 0.25, 0.75, 0.0, 0.5, 0.5, 0.0], cols=3)

# Multi-margin kink: margin − x_y + x_i exactly 0 (PyTorch counts only z > 0).
add("multi_margin", "kink", [2.0, 1.0, 0.0, 0.0, 1.0, 1.5, 3.0, 2.5, 2.0], [0, 2, 0], cols=3)
add("multi_margin", "kink/p=2", [2.0, 1.0, 0.0, 0.0, 1.0, 1.5, 3.0, 2.5, 2.0], [0, 2, 0], {"p": 2}, cols=3)

# ---------------------------------------------------------------- triplet


def triplets(rows, d, neg_spread=1.0):
    a = normal(1.0, rows * d)
    return a, a + normal(0.6, rows * d), a + normal(neg_spread, rows * d)


for rows, d in ((1, 3), (3, 5), (7, 3), (33, 7)):
    a, p, n = triplets(rows, d)
    add("triplet_margin", "default", a, (p, n), cols=d)
for label, opts in (("margin=0.5", {"margin": 0.5}), ("margin=2", {"margin": 2.0}), ("p=1", {"p": 1.0}),
                    ("p=3", {"p": 3.0}), ("eps=0.01", {"eps": 0.01}), ("swap", {"swap": True}),
                    ("p=1/swap/margin=2", {"p": 1.0, "swap": True, "margin": 2.0})):
    for rows, d in ((7, 3), (5, 5)):
        a, p, n = triplets(rows, d)
        if "swap" in opts:  # negatives nearer the positive than the anchor in some rows
            n = p + normal(0.7, rows * d)
        add("triplet_margin", label, a, (p, n), opts, cols=d)
# Exactly at the margin: with eps = 2^-10 every distance is exact in float32 and float64.
# Row 0: a − p + eps = (3, 4), a − n + eps = (6, 8): 5 − 10 + 5 = 0. Row 1 is off the kink.
E = 2.0 ** -10
KA = [3 - E, 4 - E, 1.0, 2.0]
KP = [0.0, 0.0, 1.0, 1.0]
KN = [-3.0, -4.0, -1.0, 0.0]
add("triplet_margin", "kink", KA, (KP, KN), {"margin": 5.0, "eps": E}, cols=2)

# ---------------------------------------------------------------- Keras options
# (appended last, so that every case above keeps its random draws)
for n in (1, 7, 33):
    for e in (0.1, 0.35):
        add("bce", f"label_smoothing={e}", uniform(0.01, 0.99, n), soft_or_hard(n), {"label_smoothing": e})
        add("bce_with_logits", f"label_smoothing={e}", normal(2.0, n), soft_or_hard(n),
            {"label_smoothing": e})
        add("binary_focal", f"label_smoothing={e}", normal(2.0, n), rng.choice([0.0, 1.0], n),
            {"label_smoothing": e})
        add("binary_focal", f"label_smoothing={e}/from_logits=false", uniform(0.02, 0.98, n),
            rng.choice([0.0, 1.0], n), {"label_smoothing": e, "from_logits": False})
add("bce_with_logits", "label_smoothing=0.2/weight+pos_weight", normal(2.0, 21), soft_or_hard(21),
    {"label_smoothing": 0.2, "weight": uniform(0.1, 3.0, 7), "pos_weight": uniform(0.2, 4.0, 7)}, cols=7)
add("bce", "label_smoothing=0.2/weight", uniform(0.01, 0.99, 7), soft_or_hard(7),
    {"label_smoothing": 0.2, "weight": uniform(0.0, 3.0, 7)})
add("binary_focal", "label_smoothing=0.2/alpha=-1/gamma=3.5", normal(2.0, 7), rng.choice([0.0, 1.0], 7),
    {"label_smoothing": 0.2, "alpha": -1.0, "gamma": 3.5})
add("binary_focal", "label_smoothing=0.1/logits=1e4", LOGITS_1E4, [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0],
    {"label_smoothing": 0.1})
for rows, c in ((1, 3), (7, 5), (33, 7)):
    m = rows * c
    onehot = np.eye(c)[labels(rows, c).astype(int)].ravel()
    add("categorical_cross_entropy", "label_smoothing=0.1", uniform(0.02, 1.0, m), onehot,
        {"label_smoothing": 0.1}, cols=c)
    add("categorical_cross_entropy", "from_logits", logits(rows, c), onehot, {"from_logits": True}, cols=c)
    add("categorical_cross_entropy", "from_logits/label_smoothing=0.2", logits(rows, c),
        softmax_rows(rows, c), {"from_logits": True, "label_smoothing": 0.2}, cols=c)
    add("sparse_categorical_cross_entropy", "from_logits", logits(rows, c), labels(rows, c),
        {"from_logits": True}, cols=c)
    add("focal", "alpha=scalar", logits(rows, c), labels(rows, c), {"alpha": 0.25}, cols=c)
    add("focal", "alpha=scalar/from_logits=false", softmax_rows(rows, c, 1.0), labels(rows, c),
        {"alpha": 0.25, "from_logits": False}, cols=c)
add("categorical_cross_entropy", "label_smoothing=0.3/clip",
    [1.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.2, 0.0, 0.6], [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
    {"label_smoothing": 0.3}, cols=3)
add("categorical_cross_entropy", "from_logits/logits=1e4", BIG_LOGITS,
    [0.0, 1.0, 0.0, 0.25, 0.75, 0.0, 0.5, 0.5, 0.0], {"from_logits": True}, cols=3)

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
    assert math.isfinite(v)
    return "%.10g" % v


def value_json(key, v):
    if isinstance(v, np.ndarray):
        fmt = num_in if key in ("input", "target", "positive", "negative") else num_out
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
