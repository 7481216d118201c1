"""Golden cases of ctc (issue 13): nn.CTCLoss's value (F.ctc_loss) and the true gradient with
respect to the log-probabilities (autograd through references.ctc_nll, a log-space forward
recursion checked equal to F.ctc_loss's value) — blank ≠ 0, repeated labels, empty targets,
impossible alignments with and without zero_infinity, padded and concatenated labels, unequal
input lengths, every reduction and sample_weight.

PyTorch's own CTC backward returns another quantity (pytorch#52241): the gradient with respect
to logits under log_softmax, exp(x) more than the true one on each sample's first
input_lengths[b] steps (times the sample's reduction factor). `add_ctc` checks that relation on
every case, so the documentation's conversion is tested too.

Draws come from this module's own generator, so these cases do not depend on the modules before
it. JSON fields beyond the common ones: "time" (T), "labels" (flat ints: concatenated, or the
[N, S] padded rows row-major), "input_lengths", "target_lengths"; "value" and "values" may be
"Infinity" (an impossible alignment without zero_infinity)."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from common import REDUCTIONS, cases, f32, names, tensor
from references import ctc_possible, ctc_sequences, ctc_torch, ref_ctc

rng = np.random.default_rng(20261213)


def log_softmax(T, N, C, scale=1.5):
    z = rng.normal(0.0, scale, (T, N, C))
    z = z - z.max(axis=2, keepdims=True)
    return (z - np.log(np.exp(z).sum(axis=2, keepdims=True))).ravel()


def draw_labels(n, C, blank):
    classes = [k for k in range(C) if k != blank]
    return [int(v) for v in rng.choice(classes, n)]


def add_ctc(variant, T, C, seqs, input_lengths, options=None, reductions=REDUCTIONS, padded=None,
            x=None):
    """One case per reduction. `seqs`: each sample's labels; `padded`: S to pass them as padded
    [N, S] rows (filled with −1 beyond each length, which PyTorch ignores), else concatenated."""
    options = dict(options or {})
    N = len(seqs)
    x = f32(log_softmax(T, N, C) if x is None else np.ravel(x))
    lengths = [len(y) for y in seqs]
    if padded is not None:
        rows = [list(y) + [0] * (padded - len(y)) for y in seqs]  # 0 padding (ignored), as PyTorch
        t = {"labels": rows, "input_lengths": list(input_lengths), "target_lengths": lengths}
        flat = [v for row in rows for v in row]
    else:
        flat = [v for y in seqs for v in y]
        t = {"labels": flat, "input_lengths": list(input_lengths), "target_lengths": lengths}
    assert ctc_sequences(t) == [list(y) for y in seqs]
    if "sample_weight" in options:
        options["sample_weight"] = [float(w) for w in f32(options["sample_weight"])]
    for r in reductions:
        name = f"ctc/{variant}/{r}/{T}x{N}x{C}"
        assert name not in names, name
        names.add(name)
        xt = tensor(x, grad=True)
        x3 = xt.view(T, N, C)
        rest = {k: v for k, v in options.items() if k != "sample_weight"}
        terms = ref_ctc(x3, t, rest, "none")
        if "sample_weight" in options:
            w = tensor(options["sample_weight"]).expand(N)
            weighted = torch.where(w == 0, torch.zeros_like(terms), w * terms)
            out = weighted if r == "none" else weighted.sum() if r == "sum" else weighted.sum() / N
            each = weighted.detach()
        else:
            out = ref_ctc(x3, t, rest, r)
            each = terms.detach()
        total = out.sum() if r == "none" else out
        total.backward()
        grad = xt.grad.numpy().copy()
        assert np.all(np.isfinite(grad)), name
        finite = each[torch.isfinite(each)].abs()
        if r == "mean" and "sample_weight" not in options:
            share = torch.tensor([1.0 / (N * max(n, 1)) for n in lengths])
            scale = (finite * share[torch.isfinite(each)]).sum().item()
        elif r == "mean":
            scale = finite.sum().item() / N
        elif r == "sum":
            scale = finite.sum().item()
        else:
            scale = finite.max().item() if finite.numel() else 0.0
        if "sample_weight" not in options:
            check_pytorch_gradient(x, T, N, C, t, rest, r, lengths, grad)
        case = {"name": name, "id": "ctc", "input": x, "cols": C, "time": T, "labels": flat,
                "input_lengths": list(input_lengths), "target_lengths": lengths,
                "options": options, "reduction": r, "value": total.item()}
        if r == "none":
            case["values"] = out.detach().numpy().ravel()
        case["scale"] = scale
        case["grad"] = grad
        cases.append(case)


def check_pytorch_gradient(x, T, N, C, t, o, r, lengths, grad):
    """PyTorch's CTC backward = the true gradient + share_b·exp(x) on each possible sample's
    first input_lengths[b] steps (the relation the docs give; pytorch#52241)."""
    xt = tensor(x, grad=True)
    value = ctc_torch(xt.view(T, N, C), t, o, r)
    (value.sum() if r == "none" else value).backward()
    torch_grad = xt.grad.view(T, N, C).numpy()
    mine = grad.reshape(T, N, C)
    e = np.exp(x.reshape(T, N, C))
    for b, (y, steps) in enumerate(zip(ctc_sequences(t), t["input_lengths"])):
        if not ctc_possible(y, steps):
            continue
        share = 1.0 / (N * max(lengths[b], 1)) if r == "mean" else 1.0
        want = mine[:steps, b] + share * e[:steps, b]
        assert np.allclose(torch_grad[:steps, b], want, rtol=1e-7, atol=1e-10), (b, torch_grad[:steps, b], want)
        assert np.allclose(torch_grad[steps:, b], 0.0)


def random_batch(T, N, C, blank=0, max_len=None, full=True):
    max_len = max_len if max_len is not None else max(1, T // 3)
    seqs = [draw_labels(int(rng.integers(1, max_len + 1)), C, blank) for _ in range(N)]
    steps = [T] * N if full else [int(rng.integers(max(1, 2 * len(y) + 1), T + 1)) for y in seqs]
    return seqs, [min(s, T) for s in steps]


# ---- the sweep: shapes × reductions, default options
for T, N, C in ((1, 1, 2), (4, 2, 3), (6, 3, 5), (12, 4, 7), (20, 2, 9)):
    seqs, steps = random_batch(T, N, C, max_len=max(1, T // 3))
    add_ctc("default", T, C, seqs, steps)

# ---- T = 1 by hand: one label, one step: loss = −x[0, 0, y]
add_ctc("one_step", 1, 3, [[2]], [1])

# ---- blank ≠ 0 (in the middle and last)
for blank in (2, 4):
    seqs, steps = random_batch(8, 3, 5, blank=blank, max_len=3)
    add_ctc(f"blank{blank}", 8, 5, seqs, steps, {"blank": blank})

# ---- repeated labels (a blank must separate them) and all-repeats
add_ctc("repeats", 9, 4, [[1, 1, 2], [3, 3, 3], [2, 1, 1]], [9, 7, 5])

# ---- empty targets (the path of blanks only; 'mean' divides by max(0, 1) = 1)
add_ctc("empty_targets", 5, 4, [[], [1, 2], []], [5, 3, 0])

# ---- impossible alignments: too short for the labels, and for labels plus repeats
impossible = ([[1, 2, 3], [2, 2], [1]], [2, 3, 4])  # needs 3 > 2; 2 + 1 repeat = 3 ≤ 3 fits; fits
impossible2 = ([[1, 2, 3], [2, 2], [1]], [2, 2, 4])  # sample 1 needs 3 > 2
add_ctc("impossible", 4, 4, *impossible2)
add_ctc("impossible_zero_infinity", 4, 4, *impossible2, {"zero_infinity": True})
add_ctc("possible_zero_infinity", 4, 4, *impossible, {"zero_infinity": True})

# ---- padded [N, S] against concatenated labels: the same data both ways
seqs, steps = random_batch(10, 4, 6, max_len=4, full=False)
x_pad = log_softmax(10, 4, 6)
add_ctc("concatenated", 10, 6, seqs, steps, x=x_pad)
add_ctc("padded", 10, 6, seqs, steps, padded=max(len(y) for y in seqs) + 1, x=x_pad)
add_ctc("padded_exact", 10, 6, seqs, steps, padded=max(len(y) for y in seqs), x=x_pad)

# ---- unequal input lengths, with blank ≠ 0 and zero_infinity on a batch that is possible
seqs, steps = random_batch(15, 5, 6, blank=3, max_len=4, full=False)
add_ctc("unequal_lengths", 15, 6, seqs, steps, {"blank": 3})
add_ctc("unequal_lengths_zi", 15, 6, seqs, steps, {"blank": 3, "zero_infinity": True})

# ---- sample_weight: one per sample, one for all, zeros (one on an impossible sample)
seqs, steps = random_batch(8, 4, 5, max_len=3, full=False)
add_ctc("sample_weight", 8, 5, seqs, steps, {"sample_weight": rng.uniform(0.0, 2.0, 4)})
add_ctc("sample_weight_one", 8, 5, seqs, steps, {"sample_weight": [0.5]})
add_ctc("sample_weight_zero_impossible", 4, 4, *impossible2, {"sample_weight": [1.5, 0.0, 2.0]})
add_ctc("sample_weight_padded", 8, 5, seqs, steps, {"sample_weight": [1.0, 0.0, 3.0, 0.25]},
        padded=4)
