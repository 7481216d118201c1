"""Shared by the golden generator's parts: float32 helpers, the reference registry, case
assembly (`add`) and the seeded data helpers. One random stream (`rng`) serves every case
module in the order generate.py imports them, so appending a module never changes the cases
before it."""

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20240613)

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



# ---------------------------------------------------------------- the reference registry
# Each reference takes (x, t, o, reduction) with x the float64 input (rows shaped [N, C] for
# the multi-class losses), t the target tensor and o the options dict, and returns the
# reduced value ('none': the per-term tensor). `@reference` registers ref_<id> as <id>'s.

REF = {}


def reference(fn):
    assert fn.__name__.startswith("ref_"), fn.__name__
    REF[fn.__name__[4:]] = fn
    return fn


# References that apply `sample_weight` themselves (rmse: the root of the weighted mean has no
# per-term form); every other loss's is applied by `weighted` below, as LossLab's compute does.
SELF_WEIGHTED = {"rmse"}


def weighted(loss, args, o, r):
    """REF[loss](*args, o, r) with o's sample_weight w applied as Keras does (loss.py
    reduce_weighted_values, sum_over_batch_size): the unweighted 'none' terms l_i times w_i
    (one weight per term, or one for all); 'sum' adds them, 'mean' divides that by the number
    of terms (not by Σw)."""
    if "sample_weight" not in o or loss in SELF_WEIGHTED:
        return REF[loss](*args, o, r)
    rest = {k: v for k, v in o.items() if k != "sample_weight"}
    terms = REF[loss](*args, rest, "none")
    w = tensor(o["sample_weight"])
    if w.numel() == 1:
        w = w.expand(terms.shape)
    out = terms * w.view(terms.shape)
    if r == "none":
        return out
    return out.sum() if r == "sum" else out.sum() / terms.numel()


def vec(o, name, like=None):
    """Vector option `name` as a tensor; per-element ones take the input's shape."""
    if name not in o:
        return None
    v = tensor(o[name])
    return v.view(like.shape) if like is not None and v.numel() == like.numel() else v


# ---------------------------------------------------------------- case assembly

cases = []
names = set()


def shape_tag(n, cols):
    return f"n{n}" if not cols else f"{n // cols}x{cols}"


# Losses of a pair (Layout::Pair): the target is (other, label) — x2 shaped like x1 and one ±1
# per pair — and the reference takes (x1, x2, label, o, r); the case carries "other", "label"
# and "grad_other" (d value / d x2).
PAIR_LOSSES = {"cosine_embedding", "margin_ranking"}


def add(loss, variant, x, target, options=None, reductions=REDUCTIONS, cols=0):
    """Appends one case per reduction. For triplet_margin `target` is (positive, negative);
    for the pair losses (PAIR_LOSSES) (other, label)."""
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
            out = weighted(loss, (xs, pt.view(-1, cols), nt.view(-1, cols)), options, r)
            grads = [xt, pt, nt]
            terms = weighted(loss, (xs.detach(), pt.detach().view(-1, cols), nt.detach().view(-1, cols)),
                             options, "none")
        elif loss in PAIR_LOSSES:
            other, label = f32(np.ravel(target[0])), f32(np.ravel(target[1]))
            case["other"], case["label"] = other, label
            ot, lt = tensor(other, grad=True), tensor(label)
            os_ = ot.view(-1, cols) if cols else ot
            out = weighted(loss, (xs, os_, lt), options, r)
            grads = [xt, ot]
            terms = weighted(loss, (xs.detach(), os_.detach(), lt), options, "none")
        else:
            t = f32(np.ravel(target))
            case["target"] = t
            tt = tensor(t)
            if cols and len(t) == len(x):
                tt = tt.view(-1, cols)  # [N, C] targets (probabilities, or multi-label rows)
            out = weighted(loss, (xs, tt), options, r)
            grads = [xt]
            terms = None if loss == "rmse" else weighted(loss, (xs.detach(), tt), options, "none")
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
        if loss in PAIR_LOSSES:
            case["grad_other"] = grads[1].grad.numpy().copy()
        for key in ("value", "values", "grad", "grad_positive", "grad_negative", "grad_other"):
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



def soft_or_hard(n):
    """Probability targets: half hard labels, half in (0, 1)."""
    t = uniform(0.0, 1.0, n)
    hard = rng.random(n) < 0.5
    t[hard] = np.round(t[hard])
    return t


def logits(rows, c, scale=2.0):
    return normal(scale, rows * c)


def triplets(rows, d, neg_spread=1.0):
    a = normal(1.0, rows * d)
    return a, a + normal(0.6, rows * d), a + normal(neg_spread, rows * d)
