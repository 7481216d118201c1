"""References of every loss: PyTorch 1.13's functions, or Keras's and scikit-learn's formulas
written in torch (see generate.py's docstring for each one's source)."""

import math

import torch
import torch.nn.functional as F
import torchvision

from common import KERAS_EPS, reduce, reference, vec

@reference
def ref_mse(x, t, o, r):
    return F.mse_loss(x, t, reduction=r)


@reference
def ref_mae(x, t, o, r):
    return F.l1_loss(x, t, reduction=r)


@reference
def ref_rmse(x, t, o, r):
    assert r == "mean"
    w = vec(o, "sample_weight")
    if w is not None:  # the root of the weighted mean, sqrt(Σ w d² / n) (common.SELF_WEIGHTED)
        return torch.sqrt((w.expand_as(x) * (x - t) ** 2).mean())
    return torch.sqrt(F.mse_loss(x, t))


@reference
def ref_mbe(x, t, o, r):
    return reduce(t - x, r)


@reference
def ref_msle(x, t, o, r):
    return reduce((torch.log1p(x) - torch.log1p(t)) ** 2, r)


@reference
def ref_huber(x, t, o, r):
    return F.huber_loss(x, t, reduction=r, delta=o.get("delta", 1.0))


@reference
def ref_smooth_l1(x, t, o, r):
    beta = o.get("beta", 1.0)
    if beta == 0:  # PyTorch ≥ 2.1 dispatches here too; 1.13's backward is wrong at d = 0
        return F.l1_loss(x, t, reduction=r)
    return F.smooth_l1_loss(x, t, reduction=r, beta=beta)


@reference
def ref_pseudo_huber(x, t, o, r):
    d = o.get("delta", 1.0)
    return reduce(d * d * (torch.sqrt(1 + ((x - t) / d) ** 2) - 1), r)


@reference
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


@reference
def ref_bce(x, t, o, r):
    return F.binary_cross_entropy(x, smooth_binary(t, o), weight=vec(o, "weight", x), reduction=r)


@reference
def ref_bce_with_logits(x, t, o, r):
    return F.binary_cross_entropy_with_logits(
        x, smooth_binary(t, o), weight=vec(o, "weight", x), pos_weight=vec(o, "pos_weight"),
        reduction=r)


def signs(t):
    return torch.where(t == 0, -torch.ones_like(t), t)


@reference
def ref_hinge(x, t, o, r):
    return reduce(torch.clamp(1 - signs(t) * x, min=0), r)


@reference
def ref_squared_hinge(x, t, o, r):
    return reduce(torch.clamp(1 - signs(t) * x, min=0) ** 2, r)


@reference
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


@reference
def ref_cross_entropy(x, t, o, r):
    target = t if t.dim() == 2 else t.long()
    return F.cross_entropy(x, target, weight=vec(o, "weight"),
                           ignore_index=o.get("ignore_index", -100), reduction=r,
                           label_smoothing=o.get("label_smoothing", 0.0))


def keras_cce(x, t, r):
    p = x / x.sum(dim=1, keepdim=True)
    p = torch.clamp(p, KERAS_EPS, 1 - KERAS_EPS)
    return reduce(-(t * torch.log(p)).sum(dim=1), r)


@reference
def ref_categorical_cross_entropy(x, t, o, r):
    t = smooth_rows(t, o)
    if o.get("from_logits", False):  # Keras: tf.nn.softmax_cross_entropy_with_logits
        return F.cross_entropy(x, t, reduction=r)
    return keras_cce(x, t, r)


@reference
def ref_sparse_categorical_cross_entropy(x, t, o, r):
    if o.get("from_logits", False):  # Keras: tf.nn.sparse_softmax_cross_entropy_with_logits
        return F.cross_entropy(x, t.long(), reduction=r)
    return keras_cce(x, F.one_hot(t.long(), x.shape[1]).to(torch.float64), r)


@reference
def ref_nll(x, t, o, r):
    return F.nll_loss(x, t.long(), weight=vec(o, "weight"),
                      ignore_index=o.get("ignore_index", -100), reduction=r)


@reference
def ref_kl_div(x, t, o, r):
    t = torch.clamp(t, KERAS_EPS, 1)
    p = torch.clamp(x, KERAS_EPS, 1)
    return reduce((t * torch.log(t / p)).sum(dim=1), r)


@reference
def ref_multi_margin(x, t, o, r):
    return F.multi_margin_loss(x, t.long(), p=int(o.get("p", 1)), margin=o.get("margin", 1.0),
                               weight=vec(o, "weight"), reduction=r)


@reference
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


@reference
def ref_triplet_margin(a, pos, neg, o, r):
    return F.triplet_margin_loss(a, pos, neg, margin=o.get("margin", 1.0), p=o.get("p", 2.0),
                                 eps=o.get("eps", 1e-6), swap=o.get("swap", False), reduction=r)


# ---------------------------------------------------------------- the second half (issue 13)


@reference
def ref_poisson_nll(x, t, o, r):
    return F.poisson_nll_loss(x, t, log_input=o.get("log_input", True), full=o.get("full", False),
                              eps=o.get("eps", 1e-8), reduction=r)


@reference
def ref_gaussian_nll(x, t, o, r):
    # rows (mean, variance): PyTorch's input and var; var is clamped at eps in place under
    # no_grad, so its gradient is the formula's at the clamped value
    return F.gaussian_nll_loss(x[:, 0], t, x[:, 1], full=o.get("full", False),
                               eps=o.get("eps", 1e-6), reduction=r)


@reference
def ref_quantile(x, t, o, r):
    # scikit-learn sklearn/metrics/_regression.py, mean_pinball_loss:
    #   diff = y_true - y_pred; sign = (diff >= 0); loss = alpha*sign*diff - (1-alpha)*(1-sign)*diff
    q = o.get("q", 0.5)
    diff = t - x
    sign = (diff >= 0).to(diff.dtype)
    return reduce(q * sign * diff - (1 - q) * (1 - sign) * diff, r)


@reference
def ref_mape(x, t, o, r):
    # keras/src/losses/losses.py L1836 mean_absolute_percentage_error:
    #   100 * abs((y_true - y_pred) / maximum(abs(y_true), epsilon))
    return reduce(100.0 * torch.abs((t - x) / torch.clamp(torch.abs(t), min=KERAS_EPS)), r)


@reference
def ref_soft_margin(x, t, o, r):
    # F.soft_margin_loss's log(1 + exp(-y x)), as logaddexp(0, -y x): the same number, and
    # finite where PyTorch's kernel overflows (-y x > 709 gives inf there)
    z = -signs(t) * x
    terms = torch.logaddexp(torch.zeros_like(z), z)
    if z.abs().max() < 700:
        assert torch.allclose(terms, F.soft_margin_loss(x, signs(t), reduction="none"), rtol=1e-12)
    return reduce(terms, r)


@reference
def ref_hinge_embedding(x, t, o, r):
    return F.hinge_embedding_loss(x, t, margin=o.get("margin", 1.0), reduction=r)


@reference
def ref_multilabel_soft_margin(x, t, o, r):
    return F.multilabel_soft_margin_loss(x, t, weight=vec(o, "weight"), reduction=r)


@reference
def ref_multilabel_margin(x, t, o, r):
    return F.multilabel_margin_loss(x, t.long(), reduction=r)


@reference
def ref_categorical_hinge(x, t, o, r):
    # keras/src/losses/losses.py L1714 categorical_hinge: pos = sum(y_true * y_pred),
    # neg = max((1 - y_true) * y_pred), maximum(neg - pos + 1, 0) — with torch.amax (Keras's
    # torch backend: ties share the gradient) and clamp(min=0) (the gradient passes at 0, as
    # for hinge)
    if t.dim() == 1:
        t = F.one_hot(t.long(), x.shape[1]).to(x.dtype)
    pos = (t * x).sum(dim=1)
    neg = ((1 - t) * x).amax(dim=1)
    return reduce(torch.clamp(neg - pos + 1, min=0), r)


# ---------------------------------------------------------------- pairs (issue 13)
# Both take (x1, x2, label, o, r): x2 shaped like x1, one ±1 label per pair.


@reference
def ref_margin_ranking(x1, x2, y, o, r):
    # (−y·(x1 − x2) + margin).clamp_min(0): the gradient passes at 0 (ties at margin 0)
    return F.margin_ranking_loss(x1, x2, y, margin=o.get("margin", 0.0), reduction=r)


@reference
def ref_cosine_embedding(x1, x2, y, o, r):
    # aten/src/ATen/native/Loss.cpp:171-183: Σx1x2 / sqrt((Σx1² + ε)(Σx2² + ε)), ε = 1e-12
    # (a float constant, Loss.cpp:13); 1 − cos for +1, clamp_min(cos − margin, 0) for −1
    return F.cosine_embedding_loss(x1, x2, y, margin=o.get("margin", 0.0), reduction=r)


# ---------------------------------------------------------------- the second half, part c
# (keras-team/keras 3422977a, keras/src/losses/losses.py). A flat input (cols = 0) is one row:
# batch-level Dice.


def _rows(x, t):
    if x.dim() == 1:
        return x.view(1, -1), t.view(1, -1)
    return x, t.view(x.shape)


@reference
def ref_dice(x, t, o, r):
    # losses.py L2607-2616 dice: 1 - 2·sum(y·x) / (sum(y) + sum(x) + epsilon), here per row
    # (Keras's axis=None sums over the whole batch: LossLab's flat input)
    x, t = _rows(x, t)
    eps = o.get("eps", 1e-7)
    inter = (x * t).sum(dim=1)
    return reduce(1 - 2 * inter / (t.sum(dim=1) + x.sum(dim=1) + eps), r)


@reference
def ref_tversky(x, t, o, r):
    # losses.py L2648-2657 tversky: fp = sum((1 - y)·x), fn = sum(y·(1 - x)),
    # 1 - I / (I + alpha·fp + beta·fn + epsilon), here per row
    x, t = _rows(x, t)
    a, b, eps = o.get("alpha", 0.5), o.get("beta", 0.5), o.get("eps", 1e-7)
    inter = (x * t).sum(dim=1)
    fp = ((1 - t) * x).sum(dim=1)
    fn = (t * (1 - x)).sum(dim=1)
    return reduce(1 - inter / (inter + a * fp + b * fn + eps), r)


def _l2_normalize(v):
    # tf.math.l2_normalize (epsilon 1e-12 on the squared sum), as Keras 2's cosine_similarity;
    # Keras 3 (keras/src/ops/nn.py L2738-2744) floors the squared sum at epsilon² = 1e-14
    # instead. clamp passes the gradient where the squared sum is >= the floor.
    return v / torch.sqrt(torch.clamp((v * v).sum(dim=1, keepdim=True), min=1e-12))


@reference
def ref_cosine_similarity(x, t, o, r):
    # losses.py L1950-1955 cosine_similarity: -sum(l2_normalize(y) · l2_normalize(x), axis=-1)
    x, t = _rows(x, t)
    return reduce(-(_l2_normalize(t) * _l2_normalize(x)).sum(dim=1), r)


# ---------------------------------------------------------------- sequences (issue 13: ctc)
# ref_ctc's x is the [T, N, C] input and t a dict: "labels" (concatenated 1-D or padded [N, S]),
# "input_lengths", "target_lengths" (lists of ints).

CTC_UNREACHABLE = -1e30  # stands for log 0 inside the recursion: exp of it is 0, and autograd
# through logsumexp of such entries gives 0 where log 0 = −inf would give NaN


def ctc_sequences(t):
    """Each sample's label list, from concatenated or padded labels."""
    labels, lengths = t["labels"], t["target_lengths"]
    if labels and isinstance(labels[0], list):  # padded [N, S]
        return [row[:n] for row, n in zip(labels, lengths)]
    out, at = [], 0
    for n in lengths:
        out.append(labels[at:at + n])
        at += n
    return out


def ctc_possible(y, steps):
    """Whether an alignment exists: the labels plus a blank between each repeated pair fit."""
    repeats = sum(1 for a, b in zip(y, y[1:]) if a == b)
    return steps >= len(y) + repeats


def ctc_nll(lp, y, steps, blank):
    """−log p(y | x) for one sample (lp: [T, C]) by the forward recursion in log space
    (Graves et al. 2006, eq. 6–8), logsumexp over the predecessors of each extended-label
    state; autograd of it is the true derivative with respect to the log-probabilities."""
    ext = [blank]
    for k in y:
        ext += [k, blank]
    S = len(ext)
    if steps == 0:
        return lp.new_zeros(())
    none = lp.new_tensor(CTC_UNREACHABLE)
    alpha = [lp[0, ext[0]]] + ([lp[0, ext[1]]] if S > 1 else []) + [none] * max(S - 2, 0)
    for step in range(1, steps):
        new = []
        for s in range(S):
            prev = [alpha[s]] + ([alpha[s - 1]] if s >= 1 else [])
            if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                prev.append(alpha[s - 2])
            new.append(torch.logsumexp(torch.stack(prev), 0) + lp[step, ext[s]])
        alpha = new
    return -torch.logsumexp(torch.stack(alpha[-2:] if S > 1 else alpha), 0)


def ctc_terms(x, t, o):
    """Per-sample losses ([N]): −log p, +inf for an impossible alignment (0 with zero_infinity).
    An impossible sample's term is a constant (no gradient): its +inf does not depend on x."""
    blank = o.get("blank", 0)
    terms = []
    for b, (y, steps) in enumerate(zip(ctc_sequences(t), t["input_lengths"])):
        if ctc_possible(y, steps):
            terms.append(ctc_nll(x[:, b, :], y, steps, blank))
        else:
            terms.append(x.new_tensor(0.0 if o.get("zero_infinity", False) else math.inf))
    return torch.stack(terms)


def ctc_torch(x, t, o, r):
    """F.ctc_loss on the same call (PyTorch's value; its backward is not the true gradient)."""
    labels = torch.tensor(t["labels"], dtype=torch.long)
    return F.ctc_loss(x, labels, torch.tensor(t["input_lengths"], dtype=torch.long),
                      torch.tensor(t["target_lengths"], dtype=torch.long), blank=o.get("blank", 0),
                      reduction=r, zero_infinity=o.get("zero_infinity", False))


@reference
def ref_ctc(x, t, o, r):
    # nn.CTCLoss's reductions: 'mean' divides each sample by its target length clamped to ≥ 1,
    # then averages over the batch (torch/nn/functional.py ctc_loss; LossCTC.cpp)
    terms = ctc_terms(x, t, o)
    if r == "mean":
        lengths = torch.tensor(t["target_lengths"], dtype=x.dtype).clamp(min=1)
        value = (terms / lengths).mean()
    else:
        value = reduce(terms, r)
    want = ctc_torch(x.detach(), t, o, r)
    assert torch.allclose(value.detach(), want, rtol=1e-9, atol=1e-12, equal_nan=False) or (
        torch.equal(torch.isinf(value.detach()), torch.isinf(want))
        and torch.allclose(value.detach()[~torch.isinf(want)], want[~torch.isinf(want)], rtol=1e-9)), (value, want)
    return value
